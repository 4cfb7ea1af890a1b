namespace KpiPlanner.Domain.Planning;

/// <summary>A month as a message argument: "October 2026", «Октябрь 2026» — formatted by the reader's culture.</summary>
public readonly record struct Month(DateOnly FirstDay) : IFormattable
{
    public string ToString(string? format, IFormatProvider? formatProvider) =>
        FirstDay.ToString(format ?? "MMMM yyyy", formatProvider);

    public override string ToString() => Period.Key(FirstDay);
}
