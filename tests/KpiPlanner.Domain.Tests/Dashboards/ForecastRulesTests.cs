using KpiPlanner.Domain.Dashboards;
using KpiPlanner.Domain.Goals;
using KpiPlanner.Domain.Kpis;

namespace KpiPlanner.Domain.Tests.Dashboards;

/// <summary>
/// "Forecasts that can be believed" (issue 16, item 5): the run-rate's rules, every expected number worked out by hand.
/// The examples' quarter is Q4 2026 with October 22, November 20 and December 22 working days (given, as the service
/// passes them from the company's calendar); today is 7 December, 5 working days of December elapsed.
/// </summary>
public sealed class ForecastRulesTests
{
    private static readonly DateOnly Oct = new(2026, 10, 1), Nov = new(2026, 11, 1), Dec = new(2026, 12, 1);
    private static readonly DateOnly Today = new(2026, 12, 7);

    private static OutlookInput Input(AggregationRule rule, KpiUnit? unit, decimal? soFar, decimal? plan, decimal? historyMax = null,
        int elapsed = 5, int days = 22, params OutlookMonth[] others) =>
        new(rule, unit, Today, soFar, plan, elapsed, days, historyMax, others);

    private static readonly OutlookMonth[] OctNov = [new(Oct, 330m, 300m, 22), new(Nov, 290m, 300m, 20)];

    [Theory]
    // unit, rule, so far, elapsed, days, expected month forecast
    [InlineData(KpiUnit.Count, AggregationRule.Sum, 76, 5, 22, 334)]     // 76 × 22 / 5 = 334.4 → 334 leads, never 334,4
    [InlineData(KpiUnit.Count, AggregationRule.Sum, 15, 2, 21, 158)]     // 157.5 → 158 (half away from zero)
    [InlineData(KpiUnit.Count, AggregationRule.Last, 301, 5, 22, 301)]
    [InlineData(KpiUnit.Count, AggregationRule.Average, 36.5, 5, 22, 36.5)] // a mean of counts across people stays a mean
    [InlineData(KpiUnit.Money, AggregationRule.Sum, 76, 5, 22, 334.4)]   // money keeps its kopecks
    [InlineData(null, AggregationRule.Sum, 76, 5, 22, 334.4)]
    public void Counts_are_forecast_as_whole_counts(KpiUnit? unit, AggregationRule rule, double soFar, int elapsed, int days, double expected)
    {
        var outlook = RunRate.Outlook(Input(rule, unit, (decimal)soFar, 300m, elapsed: elapsed, days: days));

        Assert.Equal((decimal)expected, outlook.Month!.Forecast);
    }

    [Theory]
    // plan, history max, expected ceiling
    [InlineData(100, null, 300)]
    [InlineData(100, 250, 300)]    // 3 × plan is higher
    [InlineData(100, 420, 420)]    // a record month seen in the last 12 is believable again
    [InlineData(null, 420, 420)]
    [InlineData(0, 420, 420)]      // a plan of 0 judges nothing
    [InlineData(null, null, null)]
    public void The_ceiling_is_three_times_the_plan_or_the_last_twelve_months_maximum_whichever_is_higher(int? plan, int? historyMax, int? expected) =>
        Assert.Equal((decimal?)expected, RunRate.CeilingOf(plan, historyMax));

    [Theory]
    // so far, plan, history max, needs checking
    [InlineData(68, 100, null, false)]   // 68 × 22 / 5 = 299.2 ≤ 300
    [InlineData(69, 100, null, true)]    // 303.6 > 300: the issue's «553 %» kind
    [InlineData(69, 100, 400, false)]    // under the 12-month record of 400
    [InlineData(10, null, null, true)]   // no plan, no history: nothing to judge it by — «мало данных»
    [InlineData(10, null, 50, false)]
    public void A_forecast_above_its_ceiling_or_with_nothing_to_judge_it_by_needs_checking(int soFar, int? plan, int? historyMax, bool needsChecking)
    {
        var month = RunRate.Outlook(Input(AggregationRule.Sum, KpiUnit.Money, soFar, plan, historyMax)).Month!;

        Assert.Equal(needsChecking, month.NeedsChecking);
    }

    [Fact]
    public void The_employees_494_percent_from_half_a_result_is_flagged_and_so_is_its_quarter()
    {
        // An employee's own page: 0.5 so far on day 1 of 21 working days against a plan of 2.125 → 10.5 → 494 %.
        var outlook = RunRate.Outlook(new OutlookInput(AggregationRule.Sum, KpiUnit.Money, new DateOnly(2026, 12, 1), 0.5m, 2.125m, 1, 21, null,
            [new(Oct, 2m, 2m, 22), new(Nov, 2m, 2m, 20)]));

        Assert.Equal(10.5m, outlook.Month!.Forecast);
        Assert.True(outlook.Month.NeedsChecking);
        Assert.True(outlook.Quarter!.NeedsChecking); // the quarter holds the month's forecast
    }

    [Fact]
    public void Like_for_like_the_plan_is_the_plan_of_the_people_who_reported()
    {
        // The service passes the reporting people's facts and plans (GroupMonth.MeasuredFact / MeasuredPlan); the
        // outlook reads the month against exactly that plan, never the plan of all against the facts of some.
        var month = new GroupMonth(Dec, PlanSum: 1_000m, PlanCount: 4, FactSum: 130m, FactCount: 3, MeasuredPlanSum: 500m, MeasuredFactSum: 110m, MeasuredCount: 2);
        var outlook = RunRate.Outlook(Input(AggregationRule.Sum, KpiUnit.Money, month.MeasuredFact(AggregationRule.Sum), month.MeasuredPlan(AggregationRule.Sum)));

        Assert.Equal(110m, outlook.Month!.SoFar);
        Assert.Equal(110m * 22m / 5m, outlook.Month.Forecast); // 484 against their 500
        Assert.Equal(500m, outlook.MonthPlan);
    }

    [Fact]
    public void The_quarter_is_built_from_its_months_so_the_month_never_exceeds_it()
    {
        // October 330 and November 290 are in; December 70 so far in 5 of 22 days → 308. Quarter: 330 + 290 + 308 = 928
        // (the old run-rate scaled the quarter's 690 by 64 / 47 days instead, and a month's could beat it).
        var outlook = RunRate.Outlook(Input(AggregationRule.Sum, KpiUnit.Money, 70m, 300m, others: OctNov));

        Assert.Equal(308m, outlook.Month!.Forecast);
        Assert.Equal(928m, outlook.Quarter!.Forecast);
        Assert.Equal(690m, outlook.Quarter.SoFar);
        Assert.Equal(47, outlook.Quarter.WorkingDaysElapsed);
        Assert.Equal(64, outlook.Quarter.WorkingDays);
        Assert.Equal(900m, outlook.QuarterPlan);
    }

    [Fact]
    public void Months_ahead_of_the_quarter_run_at_the_quarter_to_date_pace_and_need_a_plan_for_a_quarter_plan()
    {
        // Today 7 October: 5 of 22 days, 50 so far → October 220; November (20 days) and December (22) at 50 / 5 = 10 a day.
        var october = new OutlookInput(AggregationRule.Sum, KpiUnit.Count, new DateOnly(2026, 10, 7), 50m, 200m, 5, 22, null,
            [new(Nov, null, 200m, 20), new(Dec, null, null, 22)]);
        var outlook = RunRate.Outlook(october);

        Assert.Equal(220m, outlook.Month!.Forecast);
        Assert.Equal(220m + 200m + 220m, outlook.Quarter!.Forecast);
        Assert.Null(outlook.QuarterPlan); // December has no plan yet: no quarter plan to read it against
        Assert.Equal(600m, RunRate.Outlook(october with { OtherMonths = [new(Nov, null, 200m, 20), new(Dec, null, 200m, 22)] }).QuarterPlan);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(13, 70000)]
    [InlineData(22, 5)]
    public void For_summed_non_negative_facts_the_months_forecast_never_exceeds_the_quarters(int elapsed, int soFar)
    {
        foreach (var others in new[] { OctNov, [], [new OutlookMonth(Oct, 0m, 300m, 22), new OutlookMonth(Nov, null, 300m, 20)] })
        {
            var outlook = RunRate.Outlook(Input(AggregationRule.Sum, KpiUnit.Count, soFar, 300m, elapsed: elapsed, others: others));
            if (outlook.Month is { } month)
            {
                Assert.True(month.Forecast <= outlook.Quarter!.Forecast, $"month {month.Forecast} > quarter {outlook.Quarter.Forecast}");
            }
        }
    }

    [Fact]
    public void An_average_kpis_quarter_carries_this_months_level_over_the_months_left()
    {
        // October 20 %, November 24 %, December so far 30 % → quarter (20 + 24 + 30) / 3.
        var outlook = RunRate.Outlook(Input(AggregationRule.Average, KpiUnit.Percent, 30m, 25m,
            others: [new(Oct, 20m, 25m, 22), new(Nov, 24m, 25m, 20)]));

        Assert.Equal(30m, outlook.Month!.Forecast);
        Assert.Equal(74m / 3m, outlook.Quarter!.Forecast);
        Assert.Equal(25m, outlook.QuarterPlan);
    }

    [Fact]
    public void Before_the_first_working_day_there_is_no_month_forecast_but_the_quarter_runs_on_its_months()
    {
        var outlook = RunRate.Outlook(Input(AggregationRule.Sum, KpiUnit.Money, null, null, elapsed: 0, others: OctNov));

        Assert.Null(outlook.Month);
        // 620 in 42 days → December at that pace: 620 × 22 / 42.
        Assert.Equal(620m + 620m * 22m / 42m, outlook.Quarter!.Forecast);
    }

    [Fact]
    public void Nothing_measured_no_forecast()
    {
        var outlook = RunRate.Outlook(Input(AggregationRule.Sum, KpiUnit.Money, null, 100m, others: [new(Oct, null, 300m, 22), new(Nov, null, 300m, 20)]));

        Assert.Equal(new RunRateOutlook(null, null, null, null), outlook);
    }

    [Theory]
    [InlineData("2026-12", true)]
    [InlineData("2026-Q4", true)]
    [InlineData("2026-H2", true)]
    [InlineData("2026", true)]
    [InlineData("2026-11", false)]  // a month over
    [InlineData("2025-Q4", false)]  // the Q4 2025 page showed December 2026's forecast
    [InlineData("2027-01", false)]  // not begun
    public void Only_a_period_in_progress_has_a_forecast(string period, bool applies) =>
        Assert.Equal(applies, RunRate.Applies(PeriodRange.TryParse(period).GetValueOrThrow(), Today));
}

/// <summary>Year over year of a period in progress compares the same share of working days (issue 16, item 5).</summary>
public sealed class YearOverYearToDateTests
{
    private static readonly PeriodRange December = PeriodRange.Month(2026, 12);

    private static MonthValue V(int year, int month, decimal value) => new(PeriodRange.Month(year, month), value);

    [Theory]
    // rule, share elapsed, this December so far, last December whole, expected last year, expected change %
    [InlineData(AggregationRule.Sum, 0.25, 130, 500, 125, 4)]      // 500 × 5/20 = 125 → +4 %, not «−74 %»
    [InlineData(AggregationRule.Sum, 1, 520, 500, 500, 4)]         // the month's last day: the whole month
    [InlineData(AggregationRule.Sum, 0, 0, 500, null, null)]        // before its first working day: nothing to compare
    [InlineData(AggregationRule.Average, 0.25, 30, 25, null, null)] // a level from a part of a month: not shown
    [InlineData(AggregationRule.Last, 0.25, 300, 280, null, null)]
    public void A_month_in_progress_is_compared_with_the_same_share_of_last_years_month_or_not_at_all(
        AggregationRule rule, double share, int current, int lastYear, int? expectedLastYear, int? expectedChange)
    {
        var yoy = YearOverYear.CompareLikeForLike(rule, [V(2026, 12, current), V(2025, 12, lastYear)], December,
            new MonthInProgress(December, (decimal)share));

        Assert.Equal((decimal?)expectedLastYear, yoy.LastYear);
        Assert.Equal((decimal?)expectedChange, yoy.ChangePercent);
    }

    [Fact]
    public void A_quarter_in_progress_compares_the_months_over_whole_and_the_current_one_to_date()
    {
        // Q4: October 100 vs 100, November 100 vs 100, December 30 so far (share 0.25) vs 120 × 0.25 = 30 → 0 %.
        var yoy = YearOverYear.CompareLikeForLike(AggregationRule.Sum,
            [V(2026, 10, 100), V(2026, 11, 100), V(2026, 12, 30), V(2025, 10, 100), V(2025, 11, 100), V(2025, 12, 120)],
            PeriodRange.Quarter(2026, 4), new MonthInProgress(December, 0.25m));

        Assert.Equal(230m, yoy.LastYear);
        Assert.Equal(0m, yoy.ChangePercent);
    }

    [Fact]
    public void Without_a_month_in_progress_nothing_changes()
    {
        var yoy = YearOverYear.CompareLikeForLike(AggregationRule.Sum, [V(2026, 11, 110), V(2025, 11, 100)], PeriodRange.Month(2026, 11),
            new MonthInProgress(December, 0.25m));

        Assert.Equal(10m, yoy.ChangePercent);
    }
}
