using KpiPlanner.Domain.Goals;
using KpiPlanner.Domain.Kpis;
using KpiPlanner.Domain.Payroll;
using KpiPlanner.Domain.Schemes;

namespace KpiPlanner.Domain.Dashboards;

/// <summary>
/// A group's growth KPI in one month (a department, the company): the sums over the people who have all three figures —
/// a plan, a fact and a base (their stored fact of the base month, or the scheme's fixed value) — like for like.
/// </summary>
/// <param name="Month">The month's first day.</param>
/// <param name="PlanSum">Σ plans of those people.</param>
/// <param name="FactSum">Σ facts.</param>
/// <param name="BaseSum">Σ bases.</param>
/// <param name="Count">How many people.</param>
public sealed record GrowthMonth(DateOnly Month, decimal PlanSum, decimal FactSum, decimal BaseSum, int Count)
{
    /// <summary>The two groups together (departments into their parent, the company).</summary>
    public GrowthMonth Plus(GrowthMonth other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new GrowthMonth(Month, PlanSum + other.PlanSum, FactSum + other.FactSum, BaseSum + other.BaseSum, Count + other.Count);
    }

    /// <summary>The group as one KPI-month: the sums, or the means for an average KPI (<see cref="GroupMonth"/>'s rule).</summary>
    public PersonMonth AsMonth(AggregationRule rule) => Count <= 0
        ? new PersonMonth(Month, null, null)
        : rule == AggregationRule.Average
            ? new PersonMonth(Month, PlanSum / Count, FactSum / Count, BaseSum / Count)
            : new PersonMonth(Month, PlanSum, FactSum, BaseSum);
}

/// <summary>
/// How the dashboards read a group's growth KPI and a group's index — the rule of the plan grid's team total
/// (<c>PlanGrid.TeamCompletion</c>), for a department, the company or a period of several months:
/// <list type="bullet">
/// <item><b>Growth</b>: the group's plans, facts and bases summed over the people with all three and measured as one
/// KPI-month, (Σ fact − Σ base) / (Σ plan − Σ base) — the growth the group made over the growth it planned, never the
/// group's plan against its fact; several months roll up as one person's do (<see cref="PersonRollUp"/>).</item>
/// <item><b>An index</b> (an aggregated KPI): the index over the group's completions of its parts
/// (<see cref="KpiMeasure.ReadIndex"/>: each part within 0–200 %, no completion while a part has none).</item>
/// </list>
/// </summary>
public static class GroupMeasure
{
    /// <summary>
    /// <paramref name="rolled"/> (the group's plan and fact by <see cref="GroupRollUp.Of"/>, which the page shows) with the
    /// completion of a growth KPI measured from the group's base.
    /// </summary>
    public static GroupRolledUp Growth(SchemeKpi kpi, GroupRolledUp rolled, IEnumerable<GrowthMonth> months, PeriodRange period,
        MonthInProgress? inProgress = null)
    {
        ArgumentNullException.ThrowIfNull(kpi);
        ArgumentNullException.ThrowIfNull(rolled);
        ArgumentNullException.ThrowIfNull(months);
        var merged = months.GroupBy(m => m.Month).Select(g => g.Aggregate((a, b) => a.Plus(b)).AsMonth(kpi.Aggregation)).ToList();
        var measured = PersonRollUp.Of(kpi, kpi.Aggregation, kpi.Direction, merged, period, inProgress);
        return merged.Count == 0 ? rolled with { Completion = null } : rolled with { Completion = measured.Completion, Growth = measured.Growth };
    }

    /// <summary>
    /// An index over a period: its parts' completions for the same period (<paramref name="part"/> by the scheme's index
    /// of the part; null when the group has no figures of that part). No plan or fact of its own.
    /// </summary>
    public static GroupRolledUp Index(SchemeKpi index, Func<int, GroupRolledUp?> part)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(part);
        var inProgress = false;
        var months = int.MaxValue;
        var reading = KpiMeasure.ReadIndex(index, i =>
        {
            var rolled = part(i);
            inProgress |= rolled?.InProgress == true;
            months = Math.Min(months, rolled?.MonthsWithFact ?? 0);
            return rolled?.Completion is { IsRawValue: false } completion
                ? new KpiReading(completion, MissingFigure.None, null)
                : new KpiReading(null, MissingFigure.Part, null);
        });
        return new GroupRolledUp(null, null, null, null, reading.Completion, months == int.MaxValue ? 0 : months) { InProgress = inProgress };
    }
}
