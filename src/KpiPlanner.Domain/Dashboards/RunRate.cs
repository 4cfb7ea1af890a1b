using KpiPlanner.Domain.Goals;
using KpiPlanner.Domain.Kpis;

namespace KpiPlanner.Domain.Dashboards;

/// <summary>A run-rate forecast of a period still in progress.</summary>
/// <param name="SoFar">The fact so far (rolled up by the KPI's rule).</param>
/// <param name="Forecast">Where the period ends at the current pace.</param>
/// <param name="WorkingDaysElapsed">Working days of the period up to and including today.</param>
/// <param name="WorkingDays">Working days of the whole period.</param>
public sealed record RunRateForecast(decimal SoFar, decimal Forecast, int WorkingDaysElapsed, int WorkingDays)
{
    /// <summary>The highest forecast believed (<see cref="RunRate.CeilingOf"/>); null when there is nothing to judge by.</summary>
    public decimal? Ceiling { get; init; }

    /// <summary>
    /// True when the forecast is not to be believed as it stands — above its ceiling, or with neither a plan nor a
    /// history to judge it by: the page says «мало данных / проверьте факты» instead of a completion and a band.
    /// </summary>
    public bool NeedsChecking { get; init; }
}

/// <summary>
/// One month of the quarter other than the current one, for <see cref="RunRate.Outlook"/>: a month already over
/// (its fact and plan of the people who reported, like for like) or one not yet begun (its plan only).
/// </summary>
/// <param name="Month">The month's first day.</param>
/// <param name="Fact">Its fact (a month over), or null (not begun, or nobody reported).</param>
/// <param name="Plan">Its plan: for a month over, the plans of the people who reported; for a month ahead, the whole plan.</param>
/// <param name="WorkingDays">Its working days by the company's calendar.</param>
public sealed record OutlookMonth(DateOnly Month, decimal? Fact, decimal? Plan, int WorkingDays);

/// <summary>What <see cref="RunRate.Outlook"/> needs of one KPI.</summary>
/// <param name="Rule">How the KPI's months make a quarter.</param>
/// <param name="Unit">Its unit (counts are forecast in whole units).</param>
/// <param name="Today">Today.</param>
/// <param name="SoFar">This month's facts so far of the people who have both a plan and a fact; null when none.</param>
/// <param name="PlanOfReporting">This month's plans of those same people (like for like).</param>
/// <param name="WorkingDaysElapsed">This month's working days up to and including today.</param>
/// <param name="WorkingDays">This month's working days.</param>
/// <param name="HistoryMax">The KPI's highest monthly fact over the last 12 months (the same group), or null.</param>
/// <param name="OtherMonths">The quarter's other months.</param>
public sealed record OutlookInput(
    AggregationRule Rule,
    KpiUnit? Unit,
    DateOnly Today,
    decimal? SoFar,
    decimal? PlanOfReporting,
    int WorkingDaysElapsed,
    int WorkingDays,
    decimal? HistoryMax,
    IReadOnlyList<OutlookMonth> OtherMonths);

/// <summary>The month's and the quarter's forecast of one KPI, each with the plan it is read against.</summary>
public sealed record RunRateOutlook(RunRateForecast? Month, decimal? MonthPlan, RunRateForecast? Quarter, decimal? QuarterPlan);

/// <summary>
/// The run-rate forecast: at the pace of the working days so far, where does the month (or quarter) end? For a
/// summed KPI (revenue, contracts) the fact so far is scaled by working days: <c>fact × days in period / days
/// elapsed</c>. An average KPI (conversion, average check) or a last-month KPI (receivables) is a level, not a pace:
/// its forecast is the value so far. Working days are those of the company's calendar (production calendar and HR's
/// own days). No forecast before the first working day has passed.
/// <para><b>Forecasts that can be believed</b> (issue 16, item 5), <see cref="Outlook"/>:</para>
/// <list type="bullet">
/// <item>only from measured facts, like for like: the people who reported, against their own plans — never the
/// facts of some against the plans of all;</item>
/// <item>a count (<see cref="KpiUnit.Count"/>) is forecast in whole units (1 655,5 leads is not a forecast), except
/// an average across people, which is a mean;</item>
/// <item>a forecast above its ceiling — <see cref="CeilingMultiple"/> × plan or the KPI's highest month of the last
/// 12, whichever is higher — or with neither to judge it by is flagged (<see cref="RunRateForecast.NeedsChecking"/>)
/// and shown without a band or coefficient;</item>
/// <item>the quarter is built from its months — the facts of the months over, this month's forecast, and the months
/// ahead at the quarter-to-date pace — so a summed month's forecast never exceeds its quarter's;</item>
/// <item>only a period in progress has a forecast (<see cref="Applies"/>).</item>
/// </list>
/// </summary>
public static class RunRate
{
    /// <summary>A forecast above this many times its plan is not believed without a look at the facts.</summary>
    public const decimal CeilingMultiple = 3m;

    public static RunRateForecast? Forecast(AggregationRule rule, decimal? soFar, int workingDaysElapsed, int workingDays)
    {
        if (soFar is not { } fact || workingDaysElapsed <= 0 || workingDays <= 0)
        {
            return null;
        }

        var elapsed = Math.Min(workingDaysElapsed, workingDays);
        var forecast = rule == AggregationRule.Sum ? fact * workingDays / elapsed : fact;
        return new RunRateForecast(fact, forecast, elapsed, workingDays);
    }

    /// <summary>True when a page showing <paramref name="period"/> shows forecasts: the period is in progress today.</summary>
    public static bool Applies(PeriodRange period, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(period);
        return period.Contains(today);
    }

    /// <summary>A count is forecast in whole units (half away from zero); a mean of counts across people stays a mean.</summary>
    public static decimal Round(KpiUnit? unit, AggregationRule rule, decimal value) =>
        unit == KpiUnit.Count && rule != AggregationRule.Average ? Math.Round(value, 0, MidpointRounding.AwayFromZero) : value;

    /// <summary>
    /// The highest forecast believed: <see cref="CeilingMultiple"/> × plan, or the KPI's highest month of the last 12
    /// when that is higher (a record month seen before is believable again); null with neither.
    /// </summary>
    public static decimal? CeilingOf(decimal? plan, decimal? historyMax)
    {
        decimal? byPlan = plan is > 0 ? plan.Value * CeilingMultiple : null;
        decimal? byHistory = historyMax is > 0 ? historyMax : null;
        return (byPlan, byHistory) switch
        {
            ({ } p, { } h) => Math.Max(p, h),
            ({ } p, null) => p,
            (null, { } h) => h,
            _ => null,
        };
    }

    /// <summary>The forecast with its ceiling and whether it needs checking (above the ceiling, or no ceiling at all).</summary>
    public static RunRateForecast Judge(RunRateForecast forecast, decimal? ceiling)
    {
        ArgumentNullException.ThrowIfNull(forecast);
        return forecast with { Ceiling = ceiling, NeedsChecking = ceiling is not { } c || forecast.Forecast > c };
    }

    /// <summary>
    /// The month's and the quarter's forecast of one KPI by the rules above. The month: the reporting people's pace
    /// against their plans. The quarter (null when the quarter has no fact at all): sum — the months over + this
    /// month's forecast + the months ahead at the quarter-to-date pace per working day; average — the mean of the months
    /// over and of this month's level carried over the months left; last — this month's level. Its plan: the months
    /// over and this month like for like plus the plans of the months ahead, or null when a month ahead has none.
    /// </summary>
    public static RunRateOutlook Outlook(OutlookInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var rule = input.Rule;
        var month = Forecast(rule, input.SoFar, input.WorkingDaysElapsed, input.WorkingDays);
        var current = new DateOnly(input.Today.Year, input.Today.Month, 1);
        var before = input.OtherMonths.Where(m => m.Month < current).OrderBy(m => m.Month).ToList();
        var ahead = input.OtherMonths.Where(m => m.Month > current).OrderBy(m => m.Month).ToList();
        if (month is not null)
        {
            month = Judge(month with { Forecast = Round(input.Unit, rule, month.Forecast) }, CeilingOf(input.PlanOfReporting, input.HistoryMax));
        }

        var monthPlan = month is null ? null : input.PlanOfReporting;
        var reported = before.Where(m => m.Fact is not null).ToList();
        if (month is null && reported.Count == 0)
        {
            return new RunRateOutlook(null, null, null, null);
        }

        // Like for like: the months over that nobody reported count neither in the pace nor in the forecast.
        var elapsed = reported.Sum(m => m.WorkingDays) + (month?.WorkingDaysElapsed ?? 0);
        var days = reported.Sum(m => m.WorkingDays) + input.WorkingDays + ahead.Sum(m => m.WorkingDays);
        if (elapsed <= 0 || days <= 0)
        {
            return new RunRateOutlook(month, monthPlan, null, null);
        }

        var pastFacts = reported.Select(m => m.Fact!.Value).ToList();
        decimal soFar;
        decimal forecast;
        switch (rule)
        {
            case AggregationRule.Sum:
            {
                soFar = pastFacts.Sum() + (month?.SoFar ?? 0m);
                var pace = soFar / elapsed;
                var thisMonth = month?.Forecast ?? 0m;
                var rest = ahead.Sum(m => Round(input.Unit, rule, pace * m.WorkingDays));
                if (month is null)
                {
                    // Nobody has reported this month yet: it runs at the quarter's pace too.
                    thisMonth = Round(input.Unit, rule, pace * input.WorkingDays);
                }

                forecast = pastFacts.Sum() + thisMonth + rest;
                break;
            }

            case AggregationRule.Average:
            {
                var level = month?.Forecast ?? pastFacts.Average();
                var left = 1 + ahead.Count;
                soFar = month is null ? pastFacts.Average() : (pastFacts.Sum() + month.SoFar) / (pastFacts.Count + 1);
                forecast = (pastFacts.Sum() + level * left) / (pastFacts.Count + left);
                break;
            }

            default:
                soFar = month?.SoFar ?? pastFacts[^1];
                forecast = month?.Forecast ?? pastFacts[^1];
                break;
        }

        var planParts = before.Where(m => m.Fact is not null).Select(m => m.Plan).Append(monthPlan).ToList();
        decimal? quarterPlan = ahead.Any(m => m.Plan is null) || planParts.Any(p => p is null)
            ? null
            : RollUp.Combine(rule, planParts.Select(p => p!.Value).Concat(ahead.Select(m => m.Plan!.Value)).ToArray());
        var quarter = new RunRateForecast(soFar, forecast, elapsed, days);
        var quarterCeiling = CeilingOf(quarterPlan, null);
        quarter = quarter with
        {
            Ceiling = quarterCeiling,
            NeedsChecking = month is { NeedsChecking: true } || (quarterCeiling is { } qc && forecast > qc) || (quarterCeiling is null && month is null),
        };
        return new RunRateOutlook(month, monthPlan, quarter, quarterPlan);
    }
}
