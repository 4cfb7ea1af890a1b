namespace KpiPlanner.Domain.Planning;

/// <summary>Where a month is in the monthly cycle (domain.md §6).</summary>
public enum PeriodStatus
{
    Open,
    Calculated,
    Approved,
    Closed,
}

/// <summary>
/// A month of the monthly cycle. Plans and facts of a closed month never change: the database refuses it too.
/// </summary>
public sealed class Period
{
    private Period()
    {
    }

    public Period(DateOnly month)
    {
        Month = FirstDay(month);
        Status = PeriodStatus.Open;
    }

    public int Id { get; private set; }

    /// <summary>The first day of the month.</summary>
    public DateOnly Month { get; private set; }

    public PeriodStatus Status { get; private set; }

    public bool IsClosed => Status == PeriodStatus.Closed;

    public static DateOnly FirstDay(DateOnly day) => new(day.Year, day.Month, 1);

    /// <summary>"2026-06" → 1 June 2026; null for anything else.</summary>
    public static DateOnly? ParseMonth(string? text) =>
        text is { Length: 7 } && DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var month)
            ? month
            : null;

    public static string Key(DateOnly month) => month.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Closes the month for good (the pay review and close flow drives this in full).</summary>
    public void Close() => Status = PeriodStatus.Closed;
}
