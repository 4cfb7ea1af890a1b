using KpiPlanner.Domain.Goals;
using KpiPlanner.Domain.Kpis;

namespace KpiPlanner.Domain.Dashboards;

/// <summary>
/// One KPI of a group of people (a department, the company, or one person) in one month: the sums and counts a
/// roll-up needs, as the database's <c>kpi_month_summary</c> keeps them.
/// </summary>
/// <param name="Month">The month's first day.</param>
/// <param name="PlanSum">Σ plans of the people with a plan.</param>
/// <param name="PlanCount">People with a plan.</param>
/// <param name="FactSum">Σ facts of the people with a fact.</param>
/// <param name="FactCount">People with a fact.</param>
/// <param name="MeasuredPlanSum">Σ plans of the people with both a plan and a fact.</param>
/// <param name="MeasuredFactSum">Σ facts of the people with both a plan and a fact.</param>
/// <param name="MeasuredCount">People with both.</param>
public sealed record GroupMonth(
    DateOnly Month,
    decimal PlanSum,
    int PlanCount,
    decimal FactSum,
    int FactCount,
    decimal MeasuredPlanSum,
    decimal MeasuredFactSum,
    int MeasuredCount)
{
    /// <summary>One person's month (counts 0 or 1).</summary>
    public static GroupMonth OfPerson(DateOnly month, decimal? plan, decimal? fact)
    {
        var measured = plan is not null && fact is not null;
        return new GroupMonth(month, plan ?? 0m, plan is null ? 0 : 1, fact ?? 0m, fact is null ? 0 : 1,
            measured ? plan!.Value : 0m, measured ? fact!.Value : 0m, measured ? 1 : 0);
    }

    /// <summary>The two groups together (departments into their parent, the company).</summary>
    public GroupMonth Plus(GroupMonth other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new GroupMonth(Month, PlanSum + other.PlanSum, PlanCount + other.PlanCount, FactSum + other.FactSum,
            FactCount + other.FactCount, MeasuredPlanSum + other.MeasuredPlanSum, MeasuredFactSum + other.MeasuredFactSum,
            MeasuredCount + other.MeasuredCount);
    }

    /// <summary>The group's plan for the month by the KPI's rule across people (sum, or the mean for an average KPI).</summary>
    public decimal? Plan(AggregationRule rule) => Across(rule, PlanSum, PlanCount);

    /// <summary>The group's fact for the month.</summary>
    public decimal? Fact(AggregationRule rule) => Across(rule, FactSum, FactCount);

    /// <summary>The plan of the people who have a fact — what the fact is measured against.</summary>
    public decimal? MeasuredPlan(AggregationRule rule) => Across(rule, MeasuredPlanSum, MeasuredCount);

    /// <summary>The facts of the people who have a plan.</summary>
    public decimal? MeasuredFact(AggregationRule rule) => Across(rule, MeasuredFactSum, MeasuredCount);

    /// <summary>
    /// Across people: a sum for sum and last-month KPIs (the department's revenue, its receivables at the month's end),
    /// the mean for an average KPI (conversion, answer time) — <see cref="RollUp.AcrossPeople"/>'s rule.
    /// </summary>
    private static decimal? Across(AggregationRule rule, decimal sum, int count) =>
        count <= 0 ? null : rule == AggregationRule.Average ? sum / count : sum;
}

/// <summary>A group's KPI rolled up over a period.</summary>
/// <param name="Plan">The period's plan: the months' plans by the KPI's rule; null when no month has one.</param>
/// <param name="Fact">The period's fact; null when no month has one.</param>
/// <param name="PlanToDate">The plans of the cells that have a fact (people and months), rolled up the same way.</param>
/// <param name="FactToDate">The facts of the cells that have a plan.</param>
/// <param name="Completion">Fact to date against plan to date (percent); null without measured cells or when that plan ≤ 0.</param>
/// <param name="MonthsWithFact">Months of the period with at least one measured cell.</param>
/// <param name="MonthsWithPlan">Months of the period with at least one plan.</param>
public sealed record GroupRolledUp(
    decimal? Plan,
    decimal? Fact,
    decimal? PlanToDate,
    decimal? FactToDate,
    Completion? Completion,
    int MonthsWithFact,
    int MonthsWithPlan = 0)
{
    /// <summary>
    /// True when the period holds today's month (<see cref="MonthInProgress"/>): <see cref="PlanToDate"/> is the plan
    /// due by today and <see cref="Completion"/> a completion to date — not a final result, so no band's coefficient.
    /// </summary>
    public bool InProgress { get; init; }

    /// <summary>
    /// For a growth KPI, what its completion was measured on: the plan, fact and base of the people (and months) with all
    /// three, in today's month as due by today — so a screen can say «база 519 400 ₽: прирост +2,4 % из +4,9 %». Null
    /// for any other KPI or without a completion.
    /// </summary>
    public KpiPlanner.Domain.Payroll.KpiFigures? Growth { get; init; }
}

/// <summary>
/// Rolls a group's months up into a month, quarter, half-year or year by the KPI's own rule — the same rule as
/// <see cref="RollUp.PlanFact"/> for one person's months, applied to the group's month values (sum across people, or
/// the mean for an average KPI). Sum: Σ months; average: the mean of the months that have a value; last: the latest
/// month that has one. Completion compares like with like: only cells that have both a plan and a fact count, so a
/// quarter read in May is measured against April and May's plans of the people who reported.
/// </summary>
public static class GroupRollUp
{
    /// <summary>
    /// Rolls up the months of <paramref name="months"/> that fall in <paramref name="period"/>. When the period holds
    /// <paramref name="inProgress"/> (today's month), that month's measured plan is the plan due by today
    /// (<see cref="MonthInProgress.PlanDue"/>: pro-rated by working days for a summed KPI, the level itself otherwise;
    /// left out before its first working day), so the facts so far are never read against the whole month's plan.
    /// </summary>
    public static GroupRolledUp Of(AggregationRule rule, Direction direction, IEnumerable<GroupMonth> months, PeriodRange period,
        MonthInProgress? inProgress = null)
    {
        ArgumentNullException.ThrowIfNull(months);
        ArgumentNullException.ThrowIfNull(period);
        var inside = months.Where(m => period.Contains(m.Month)).OrderBy(m => m.Month).ToArray();
        var plan = Combine(rule, inside.Select(m => m.Plan(rule)));
        var fact = Combine(rule, inside.Select(m => m.Fact(rule)));
        var measured = inside.Where(m => m.MeasuredCount > 0).ToArray();
        var running = inProgress is { } r && period.Contains(r.Month) ? r : null;
        var toDate = measured
            .Select(m => (Plan: running is not null && m.Month == running.Month.Start && m.MeasuredPlan(rule) is { } p ? running.PlanDue(rule, p) : m.MeasuredPlan(rule),
                Fact: m.MeasuredFact(rule)))
            .Where(m => m.Plan is not null)
            .ToArray();
        var planToDate = Combine(rule, toDate.Select(m => m.Plan));
        var factToDate = Combine(rule, toDate.Select(m => m.Fact));
        Completion? completion = null;
        if (planToDate is > 0 && factToDate is { } f)
        {
            var ratio = Completion.OfRatio(direction, planToDate.Value, f);
            completion = ratio.IsValid ? ratio.Value : null;
        }

        return new GroupRolledUp(plan, fact, planToDate, factToDate, completion, measured.Length, inside.Count(m => m.PlanCount > 0))
        {
            InProgress = running is not null,
        };
    }

    /// <summary>
    /// The completion of one month of a group — what <see cref="Of"/> gives for that month alone, without the
    /// period machinery (the heat map asks for thousands of cells).
    /// </summary>
    public static Completion? CompletionOf(AggregationRule rule, Direction direction, GroupMonth? month, MonthInProgress? inProgress = null)
    {
        if (month is null || month.MeasuredCount <= 0 || month.MeasuredPlan(rule) is not > 0 || month.MeasuredFact(rule) is not { } fact)
        {
            return null;
        }

        var plan = month.MeasuredPlan(rule)!.Value;
        if (inProgress is not null && inProgress.Month.Start == month.Month)
        {
            if (inProgress.PlanDue(rule, plan) is not { } due)
            {
                return null;
            }

            plan = due;
        }

        var ratio = Completion.OfRatio(direction, plan, fact);
        return ratio.IsValid ? ratio.Value : null;
    }

    /// <summary>Each month's roll-up (the trend), in month order.</summary>
    public static IReadOnlyList<(DateOnly Month, GroupRolledUp Value)> ByMonth(
        AggregationRule rule, Direction direction, IEnumerable<GroupMonth> months)
    {
        ArgumentNullException.ThrowIfNull(months);
        return months.GroupBy(m => m.Month).OrderBy(g => g.Key)
            .Select(g => (g.Key, Of(rule, direction, [Sum(g)], PeriodRange.OfMonth(g.Key))))
            .ToArray();
    }

    /// <summary>Adds groups month by month (sub-departments into their parent).</summary>
    public static IReadOnlyList<GroupMonth> Merge(IEnumerable<GroupMonth> months)
    {
        ArgumentNullException.ThrowIfNull(months);
        return months.GroupBy(m => m.Month).OrderBy(g => g.Key).Select(Sum).ToArray();
    }

    private static GroupMonth Sum(IEnumerable<GroupMonth> months) => months.Aggregate((a, b) => a.Plus(b));

    private static decimal? Combine(AggregationRule rule, IEnumerable<decimal?> monthValues) =>
        RollUp.Combine(rule, monthValues.OfType<decimal>().ToArray());
}
