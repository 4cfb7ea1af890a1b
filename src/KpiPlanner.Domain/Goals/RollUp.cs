using KpiPlanner.Domain.Kpis;
using KpiPlanner.Domain.Validation;

namespace KpiPlanner.Domain.Goals;

/// <summary>How a KPI's months make a quarter, half-year or year (issue 4, "Periods").</summary>
public enum AggregationRule
{
    /// <summary>Add the months: revenue, visitors, contracts.</summary>
    Sum,
    /// <summary>The mean of the months: conversion %, answer time, average check.</summary>
    Average,
    /// <summary>The last month's value: receivables, headcount at the period's end.</summary>
    Last,
}

/// <summary>A month's value.</summary>
/// <param name="Month">A month (<see cref="PeriodKind.Month"/>).</param>
/// <param name="Value">Its value.</param>
public sealed record MonthValue(PeriodRange Month, decimal Value);

/// <summary>A month's plan and fact, either possibly missing.</summary>
/// <param name="Month">A month (<see cref="PeriodKind.Month"/>).</param>
/// <param name="Plan">The plan, or null.</param>
/// <param name="Fact">The fact, or null (not in yet).</param>
public sealed record MonthPlanFact(PeriodRange Month, decimal? Plan, decimal? Fact);

/// <summary>A rolled-up plan and fact for a quarter, half-year or year (or a single month).</summary>
/// <param name="Period">The period.</param>
/// <param name="Plan">The roll-up of every month with a plan; null when none has.</param>
/// <param name="Fact">The roll-up of every month with a fact; null when none has.</param>
/// <param name="PlanToDate">The roll-up of the plans of the months that have a fact — what the fact is measured against.</param>
/// <param name="Completion">Fact vs <paramref name="PlanToDate"/> (percent); null without facts or when the plan ≤ 0.</param>
/// <param name="CompletionError">Why there is no completion although there are facts (plan ≤ 0).</param>
/// <param name="MonthsWithPlan">Months of the period that have a plan.</param>
/// <param name="MonthsWithFact">Months that have both a plan and a fact.</param>
/// <param name="MonthCount">Months in the period.</param>
public sealed record RolledUp(
    PeriodRange Period,
    decimal? Plan,
    decimal? Fact,
    decimal? PlanToDate,
    Completion? Completion,
    DomainError? CompletionError,
    int MonthsWithPlan,
    int MonthsWithFact,
    int MonthCount)
{
    /// <summary>True when every month of the period has a plan and a fact.</summary>
    public bool IsComplete => MonthsWithFact == MonthCount;

    /// <summary>
    /// True when the period holds today's month: <see cref="PlanToDate"/> is the plan due by today and the completion
    /// is a completion to date — no band or coefficient of a final result belongs to it.
    /// </summary>
    public bool InProgress { get; init; }
}

/// <summary>
/// Months rolled up into quarters, half-years and years by a KPI's <see cref="AggregationRule"/>.
/// <para>Only the months inside the period that have a value count: a quarter with April and May entered sums (or
/// averages) those two, and <c>Last</c> is the latest month with a value. Averages are not rounded.</para>
/// <para><b>Completion of a roll-up</b> compares like with like: the fact roll-up against the roll-up of the plans of
/// the <i>same months</i> (those with both a plan and a fact) — "plan to date". So Q2 read at the end of May is
/// measured against April + May's plans, not the whole quarter's. <c>Sum</c>: Σ fact / Σ plan; <c>Average</c>:
/// mean fact / mean plan; <c>Last</c>: the last such month's fact / plan. Via <see cref="Completion.OfRatio"/>.</para>
/// <para>Input months must be months (a quarter in the input is a programming error and throws), each at most once.</para>
/// </summary>
public static class RollUp
{
    /// <summary>The roll-up of the months of <paramref name="period"/> that have a value; null when none has.</summary>
    public static decimal? Aggregate(AggregationRule rule, IEnumerable<MonthValue> months, PeriodRange period)
    {
        ArgumentNullException.ThrowIfNull(months);
        ArgumentNullException.ThrowIfNull(period);
        var inside = Inside(months.Select(m => (m.Month, m)), period).Select(m => m.Value).ToArray();
        return Combine(rule, inside);
    }

    /// <summary>
    /// Rolls up plans and facts of <paramref name="period"/>, with the completion of the rolled-up values. When the
    /// period holds <paramref name="inProgress"/> (today's month), that month is measured against its plan due by today
    /// (<see cref="MonthInProgress.PlanDue"/>), never against its whole plan, and the result says so
    /// (<see cref="RolledUp.InProgress"/>): a completion to date, not a final one.
    /// </summary>
    public static RolledUp PlanFact(
        AggregationRule rule, Direction direction, IEnumerable<MonthPlanFact> months, PeriodRange period, MonthInProgress? inProgress = null)
    {
        ArgumentNullException.ThrowIfNull(months);
        ArgumentNullException.ThrowIfNull(period);
        var inside = Inside(months.Select(m => (m.Month, m)), period);
        var planned = inside.Where(m => m.Plan is not null).ToArray();
        var measured = planned.Where(m => m.Fact is not null).ToArray();
        var plan = Combine(rule, planned.Select(m => m.Plan!.Value).ToArray());
        var fact = Combine(rule, inside.Where(m => m.Fact is not null).Select(m => m.Fact!.Value).ToArray());
        var running = inProgress is { } r && period.Contains(r.Month) ? r : null;
        var toDate = measured
            .Select(m => (Plan: running is not null && m.Month == running.Month ? running.PlanDue(rule, m.Plan!.Value) : m.Plan, m.Fact))
            .Where(m => m.Plan is not null)
            .ToArray();
        var planToDate = Combine(rule, toDate.Select(m => m.Plan!.Value).ToArray());
        var factToDate = Combine(rule, toDate.Select(m => m.Fact!.Value).ToArray());

        Completion? completion = null;
        DomainError? error = null;
        if (planToDate is { } p && factToDate is { } f)
        {
            var result = Completion.OfRatio(direction, p, f);
            if (result.IsValid)
            {
                completion = result.Value;
            }
            else
            {
                error = result.Errors[0];
            }
        }

        return new RolledUp(period, plan, fact, planToDate, completion, error, planned.Length, measured.Length, period.MonthCount)
        {
            InProgress = running is not null,
        };
    }

    /// <summary>
    /// Every period of <paramref name="kind"/> in <paramref name="year"/> (12 months, 4 quarters, 2 half-years or the
    /// year), rolled up — the rows of a plan/fact report.
    /// </summary>
    public static IReadOnlyList<RolledUp> Series(
        AggregationRule rule, Direction direction, IEnumerable<MonthPlanFact> months, int year, PeriodKind kind)
    {
        var list = months.ToArray();
        return PeriodRange.CalendarYear(year).PartsOf(kind).Select(p => PlanFact(rule, direction, list, p)).ToArray();
    }

    /// <summary>
    /// A team's value of one month from its people's values: the sum — a team's revenue, visits, or clients in the
    /// database at the month's end — except for an <see cref="AggregationRule.Average"/> KPI (conversion, average
    /// check), where it is the people's mean. Null when nobody has a value.
    /// </summary>
    public static decimal? AcrossPeople(AggregationRule rule, IReadOnlyList<decimal> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return null;
        }

        return rule switch
        {
            AggregationRule.Sum or AggregationRule.Last => values.Sum(),
            AggregationRule.Average => values.Sum() / values.Count,
            _ => throw new ArgumentOutOfRangeException(nameof(rule)),
        };
    }

    /// <summary>The months of <paramref name="period"/> that have a value (validated as <see cref="Aggregate"/> does).</summary>
    internal static Dictionary<PeriodRange, decimal> Months(IEnumerable<MonthValue> months, PeriodRange period) =>
        Inside(months.Select(m => (m.Month, m)), period).ToDictionary(m => m.Month, m => m.Value);

    /// <summary>Months' values by the rule: Σ, their mean, or the last one; null for none.</summary>
    internal static decimal? Combine(AggregationRule rule, IReadOnlyList<decimal> values)
    {
        if (values.Count == 0)
        {
            return null;
        }

        return rule switch
        {
            AggregationRule.Sum => values.Sum(),
            AggregationRule.Average => values.Sum() / values.Count,
            AggregationRule.Last => values[^1],
            _ => throw new ArgumentOutOfRangeException(nameof(rule)),
        };
    }

    private static T[] Inside<T>(IEnumerable<(PeriodRange Month, T Item)> months, PeriodRange period)
    {
        var seen = new HashSet<PeriodRange>();
        var result = new List<(PeriodRange Month, T Item)>();
        foreach (var (month, item) in months)
        {
            ArgumentNullException.ThrowIfNull(month);
            if (month.Kind != PeriodKind.Month)
            {
                throw new ArgumentException("Roll-ups take monthly values; got " + month + ".", nameof(months));
            }

            if (!seen.Add(month))
            {
                throw new ArgumentException("The month " + month + " appears twice.", nameof(months));
            }

            if (period.Contains(month))
            {
                result.Add((month, item));
            }
        }

        return result.OrderBy(m => m.Month).Select(m => m.Item).ToArray();
    }
}

/// <summary>A period against the same period of the previous year (seasonality).</summary>
/// <param name="Period">This period.</param>
/// <param name="LastYearPeriod">The same period a year earlier.</param>
/// <param name="Current">This period's value, or null.</param>
/// <param name="LastYear">Last year's value, or null.</param>
/// <param name="Change">Current − last year; null when either is missing.</param>
/// <param name="ChangePercent">Change / |last year| × 100; null when either is missing or last year is 0.</param>
public sealed record YearOverYearComparison(
    PeriodRange Period,
    PeriodRange LastYearPeriod,
    decimal? Current,
    decimal? LastYear,
    decimal? Change,
    decimal? ChangePercent)
{
    /// <summary>
    /// For a like-for-like comparison (<see cref="YearOverYear.CompareLikeForLike"/>): how many months both years have
    /// a value in — fewer than the period's months when this year is still running or a month is missing; null when
    /// the two values were given whole (<see cref="YearOverYear.Of"/>).
    /// </summary>
    public int? MonthsCompared { get; init; }

    /// <summary>True when the comparison covers only some months of the period.</summary>
    public bool IsPartial => MonthsCompared is { } n && n < Period.MonthCount;
}

/// <summary>A month still in progress and the share of its working days elapsed (0–1), for a to-date comparison.</summary>
/// <param name="Month">The month (<see cref="PeriodKind.Month"/>).</param>
/// <param name="ShareElapsed">Working days up to and including today over the month's working days.</param>
public sealed record MonthInProgress(PeriodRange Month, decimal ShareElapsed)
{
    /// <summary>
    /// THE PLAN TO DATE (issue 16: "every number shown is true"): what of a month's <paramref name="plan"/> is due by
    /// today. A summed KPI (revenue, contracts) accrues over the month: its plan × the share of working days elapsed. An
    /// average or last-month KPI (conversion, receivables) is a level, comparable on any day: its plan as it is. Null
    /// before the month's first working day has passed — nothing is due yet, so the month leaves a to-date completion.
    /// </summary>
    public decimal? PlanDue(AggregationRule rule, decimal plan) => rule switch
    {
        AggregationRule.Sum when ShareElapsed <= 0m => null,
        // plan × elapsed / days, multiplied first: a fact exactly on pace is exactly 100 %, not 99.999… % (a band's edge).
        AggregationRule.Sum when WorkingDays is { } days && WorkingDaysElapsed is { } elapsed && days > 0 => plan * Math.Min(elapsed, days) / days,
        AggregationRule.Sum => plan * Math.Min(ShareElapsed, 1m),
        _ => plan,
    };

    /// <summary>Working days of the month up to and including today, when known (<see cref="Of"/>).</summary>
    public int? WorkingDaysElapsed { get; init; }

    /// <summary>Working days of the whole month, when known (<see cref="Of"/>).</summary>
    public int? WorkingDays { get; init; }

    /// <summary>Today's month with <paramref name="elapsed"/> of its <paramref name="days"/> working days gone (a month without any counts as gone).</summary>
    public static MonthInProgress Of(PeriodRange month, int elapsed, int days) =>
        new(month, days <= 0 ? 1m : (decimal)elapsed / days) { WorkingDaysElapsed = days <= 0 ? null : elapsed, WorkingDays = days <= 0 ? null : days };
}

/// <summary>
/// The same period last year: June 2026 against June 2025, Q2 against Q2. The change in percent is against
/// |last year| (as a growth KPI's base, decision 002 §3), so growth from a loss is positive; a last-year value of 0
/// gives no percent rather than a division by zero.
/// </summary>
public static class YearOverYear
{
    /// <summary>Compares two values of <paramref name="period"/> and the same period last year.</summary>
    public static YearOverYearComparison Of(PeriodRange period, decimal? current, decimal? lastYear)
    {
        ArgumentNullException.ThrowIfNull(period);
        decimal? change = current is { } c && lastYear is { } l ? c - l : null;
        decimal? percent = change is { } d && lastYear is { } b && b != 0 ? d * 100m / Math.Abs(b) : null;
        return new YearOverYearComparison(period, period.SameLastYear, current, lastYear, change, percent);
    }

    /// <summary>Rolls up <paramref name="months"/> (which span both years) for the period and the same period last year.</summary>
    public static YearOverYearComparison Compare(AggregationRule rule, IEnumerable<MonthValue> months, PeriodRange period)
    {
        ArgumentNullException.ThrowIfNull(months);
        ArgumentNullException.ThrowIfNull(period);
        var list = months.ToArray();
        return Of(period, RollUp.Aggregate(rule, list, period), RollUp.Aggregate(rule, list, period.SameLastYear));
    }

    /// <summary>
    /// Like for like: rolls up only the months of <paramref name="period"/> that have a value in <b>both</b> years
    /// (this year's and the same month last year), so a year read in November is compared with January–October of
    /// last year, not with last year's twelve months. No month in common → no last-year value and no change (never a
    /// fake 0); <see cref="YearOverYearComparison.Current"/> is then this year's roll-up of what it has.
    /// </summary>
    /// <para><b>A month in progress</b> (<paramref name="inProgress"/>, issue 16): never a part of a month against a
    /// whole one. For a summed KPI, last year's same month counts the same share of its working days (its fact × the
    /// share of this month's working days elapsed — the same days, as far as monthly facts tell); an average or a
    /// last-month KPI is a level that a part of a month does not give, so that month leaves the comparison on both
    /// sides (a month alone in progress is then not compared at all). Before its first working day it leaves too.</para>
    public static YearOverYearComparison CompareLikeForLike(AggregationRule rule, IEnumerable<MonthValue> months, PeriodRange period,
        MonthInProgress? inProgress = null)
    {
        ArgumentNullException.ThrowIfNull(months);
        ArgumentNullException.ThrowIfNull(period);
        var list = months.ToArray();
        if (inProgress is { } running && period.Contains(running.Month))
        {
            var lastYearMonth = running.Month.SameLastYear;
            var keep = rule == AggregationRule.Sum && running.ShareElapsed > 0m;
            list = list
                .Where(m => keep || (m.Month != running.Month && m.Month != lastYearMonth))
                .Select(m => m.Month == lastYearMonth ? m with { Value = m.Value * Math.Min(running.ShareElapsed, 1m) } : m)
                .ToArray();
        }

        var lastYear = period.SameLastYear;
        var thisYearMonths = RollUp.Months(list, period);
        var lastYearMonths = RollUp.Months(list, lastYear);
        var common = thisYearMonths.Keys.Where(m => lastYearMonths.ContainsKey(m.SameLastYear)).ToHashSet();
        if (common.Count == 0)
        {
            return Of(period, RollUp.Aggregate(rule, list, period), null) with { MonthsCompared = 0 };
        }

        var current = RollUp.Aggregate(rule, list.Where(m => common.Contains(m.Month)), period);
        var previous = RollUp.Aggregate(rule,
            list.Where(m => lastYear.Contains(m.Month) && common.Contains(PeriodRange.Month(period.Year, m.Month.Number))), lastYear);
        return Of(period, current, previous) with { MonthsCompared = common.Count };
    }
}
