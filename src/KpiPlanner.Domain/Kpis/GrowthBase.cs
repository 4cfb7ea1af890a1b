namespace KpiPlanner.Domain.Kpis;

/// <summary>Which value a growth KPI grows from (the article's table 2, row 1.2: «прирост 20 %»).</summary>
public enum GrowthBaseKind
{
    /// <summary>The person's fact of the same month a year before (the default: it ignores the season).</summary>
    SameMonthLastYear,

    /// <summary>The person's fact of the month before.</summary>
    PreviousMonth,

    /// <summary>A base value typed into the scheme (e.g. the level agreed when the scheme was set).</summary>
    Fixed,
}

/// <summary>
/// A growth KPI's base: where its value comes from. The stored bases (<see cref="GrowthBaseKind.SameMonthLastYear"/>,
/// <see cref="GrowthBaseKind.PreviousMonth"/>) are the person's own fact of that month; a
/// <see cref="GrowthBaseKind.Fixed"/> base carries its <see cref="Value"/>.
/// </summary>
public sealed record GrowthBase(GrowthBaseKind Kind, decimal? Value = null)
{
    /// <summary>The base a growth KPI has when none was chosen: the same month last year.</summary>
    public static GrowthBase Default { get; } = new(GrowthBaseKind.SameMonthLastYear);

    /// <summary>How many months before a month its base month is (12 or 1); null for a fixed base.</summary>
    public int? MonthsBack => Kind switch
    {
        GrowthBaseKind.SameMonthLastYear => 12,
        GrowthBaseKind.PreviousMonth => 1,
        _ => null,
    };

    /// <summary>The month whose fact is the base of <paramref name="month"/>'s growth; null for a fixed base.</summary>
    public DateOnly? MonthOf(DateOnly month)
    {
        var first = new DateOnly(month.Year, month.Month, 1);
        return Kind switch
        {
            GrowthBaseKind.SameMonthLastYear => first.AddYears(-1),
            GrowthBaseKind.PreviousMonth => first.AddMonths(-1),
            _ => null,
        };
    }
}
