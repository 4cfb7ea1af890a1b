using KpiPlanner.Domain.Goals;
using KpiPlanner.Domain.Kpis;

namespace KpiPlanner.Domain.Tests.Goals;

public class RollUpTests
{
    private static PeriodRange M(int month, int year = 2026) => PeriodRange.Month(year, month);

    /// <summary>Twelve months of 2026: month m has value m × 10.</summary>
    private static MonthValue[] Year2026 => Enumerable.Range(1, 12).Select(m => new MonthValue(M(m), m * 10m)).ToArray();

    [Theory]
    [InlineData(AggregationRule.Sum, "2026-Q2", "150")]        // 40 + 50 + 60
    [InlineData(AggregationRule.Average, "2026-Q2", "50")]
    [InlineData(AggregationRule.Last, "2026-Q2", "60")]
    [InlineData(AggregationRule.Sum, "2026-H2", "570")]        // 70 + … + 120
    [InlineData(AggregationRule.Sum, "2026", "780")]
    [InlineData(AggregationRule.Average, "2026", "65")]
    [InlineData(AggregationRule.Last, "2026", "120")]
    [InlineData(AggregationRule.Sum, "2026-06", "60")]
    public void Months_roll_up_by_the_kpis_rule(AggregationRule rule, string period, string expected) =>
        Assert.Equal(Build.D(expected),
            RollUp.Aggregate(rule, Year2026, PeriodRange.TryParse(period).GetValueOrThrow()));

    [Fact]
    public void Only_months_with_a_value_count_and_last_is_the_latest_of_them()
    {
        MonthValue[] months = [new(M(5), 20m), new(M(4), 10m)]; // unordered, June missing
        var q2 = PeriodRange.Quarter(2026, 2);

        Assert.Equal(30m, RollUp.Aggregate(AggregationRule.Sum, months, q2));
        Assert.Equal(15m, RollUp.Aggregate(AggregationRule.Average, months, q2));
        Assert.Equal(20m, RollUp.Aggregate(AggregationRule.Last, months, q2));
        Assert.Null(RollUp.Aggregate(AggregationRule.Sum, months, PeriodRange.Quarter(2026, 3)));
    }

    [Fact]
    public void An_average_is_not_rounded()
    {
        MonthValue[] months = [new(M(1), 1m), new(M(2), 1m), new(M(3), 2m)];
        Assert.Equal(4m / 3m, RollUp.Aggregate(AggregationRule.Average, months, PeriodRange.Quarter(2026, 1)));
    }

    [Fact]
    public void A_quarters_plan_and_fact_roll_up_and_complete_on_the_rolled_up_values()
    {
        MonthPlanFact[] months =
        [
            new(M(4), 600m, 500m),
            new(M(5), 600m, 650m),
            new(M(6), 600m, 550m),
        ];

        var q2 = RollUp.PlanFact(AggregationRule.Sum, Direction.HigherIsBetter, months, PeriodRange.Quarter(2026, 2));

        Assert.Equal(1800m, q2.Plan);
        Assert.Equal(1700m, q2.Fact);
        Assert.Equal(1700m * 100m / 1800m, q2.Completion!.Value.Value);
        Assert.True(q2.IsComplete);
    }

    [Fact]
    public void A_partly_reported_quarter_is_measured_against_the_plan_to_date()
    {
        MonthPlanFact[] months = [new(M(4), 600m, 600m), new(M(5), 600m, 540m), new(M(6), 600m, null)];

        var q2 = RollUp.PlanFact(AggregationRule.Sum, Direction.HigherIsBetter, months, PeriodRange.Quarter(2026, 2));

        Assert.Equal(1800m, q2.Plan);
        Assert.Equal(1200m, q2.PlanToDate);
        Assert.Equal(1140m, q2.Fact);
        Assert.Equal(95m, q2.Completion!.Value.Value);
        Assert.Equal((3, 2, 3), (q2.MonthsWithPlan, q2.MonthsWithFact, q2.MonthCount));
        Assert.False(q2.IsComplete);
    }

    [Theory]
    [InlineData(AggregationRule.Average, "100", "90", "90")]   // mean fact 90 / mean plan 100
    [InlineData(AggregationRule.Last, "100", "120", "120")]    // June: 120 / 100
    public void Average_and_last_complete_on_their_own_roll_up(AggregationRule rule, string plan, string fact, string completion)
    {
        MonthPlanFact[] months = [new(M(4), 100m, 60m), new(M(5), 100m, 90m), new(M(6), 100m, 120m)];

        var q2 = RollUp.PlanFact(rule, Direction.HigherIsBetter, months, PeriodRange.Quarter(2026, 2));

        Assert.Equal(Build.D(plan), q2.Plan);
        Assert.Equal(Build.D(fact), q2.Fact);
        Assert.Equal(Build.D(completion), q2.Completion!.Value.Value);
    }

    [Fact]
    public void A_lower_is_better_roll_up_completes_plan_over_fact()
    {
        MonthPlanFact[] months = [new(M(12), 1000m, 800m)];
        var year = RollUp.PlanFact(AggregationRule.Last, Direction.LowerIsBetter, months, PeriodRange.CalendarYear(2026));
        Assert.Equal(125m, year.Completion!.Value.Value);
    }

    [Fact]
    public void A_zero_plan_roll_up_has_no_completion_but_says_why()
    {
        var q = RollUp.PlanFact(AggregationRule.Sum, Direction.HigherIsBetter, [new(M(1), 0m, 5m)], PeriodRange.Quarter(2026, 1));
        Assert.Null(q.Completion);
        Assert.NotNull(q.CompletionError);
    }

    [Fact]
    public void A_series_gives_every_quarter_of_the_year()
    {
        var months = Enumerable.Range(1, 12).Select(m => new MonthPlanFact(M(m), 100m, m <= 6 ? 100m : null));
        var quarters = RollUp.Series(AggregationRule.Sum, Direction.HigherIsBetter, months, 2026, PeriodKind.Quarter);

        Assert.Equal(["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"], quarters.Select(q => q.Period.ToString()));
        Assert.Equal([300m, 300m, 300m, 300m], quarters.Select(q => q.Plan!.Value));
        Assert.Equal([300m, 300m, null, null], quarters.Select(q => q.Fact));
    }

    [Fact]
    public void Roll_ups_refuse_non_monthly_or_repeated_input()
    {
        Assert.Throws<ArgumentException>(() =>
            RollUp.Aggregate(AggregationRule.Sum, [new(PeriodRange.Quarter(2026, 1), 1m)], PeriodRange.CalendarYear(2026)));
        Assert.Throws<ArgumentException>(() =>
            RollUp.Aggregate(AggregationRule.Sum, [new(M(1), 1m), new(M(1), 2m)], PeriodRange.CalendarYear(2026)));
    }

    [Fact]
    public void Year_over_year_compares_the_same_period_of_last_year()
    {
        var months = Enumerable.Range(1, 12).Select(m => new MonthValue(M(m, 2025), 100m))
            .Concat(Enumerable.Range(1, 6).Select(m => new MonthValue(M(m, 2026), 110m)));

        var q2 = YearOverYear.Compare(AggregationRule.Sum, months, PeriodRange.Quarter(2026, 2));

        Assert.Equal(PeriodRange.Quarter(2025, 2), q2.LastYearPeriod);
        Assert.Equal(330m, q2.Current);
        Assert.Equal(300m, q2.LastYear);
        Assert.Equal(30m, q2.Change);
        Assert.Equal(10m, q2.ChangePercent);
    }

    [Theory]
    [InlineData("120", "0", null)]
    [InlineData("50", "-100", "150")] // from a loss of 100 to a profit of 50: +150 % of |−100|
    public void Year_over_year_percent_is_against_the_absolute_base_and_absent_for_zero(
        string current, string lastYear, string? percent)
    {
        var result = YearOverYear.Of(PeriodRange.Month(2026, 6), Build.D(current), Build.D(lastYear));
        Assert.Equal(percent is null ? null : Build.D(percent), result.ChangePercent);
    }

    [Fact]
    public void Year_over_year_without_last_year_has_no_change()
    {
        var result = YearOverYear.Of(PeriodRange.Month(2026, 6), 10m, null);
        Assert.Null(result.Change);
        Assert.Null(result.ChangePercent);
    }
}
