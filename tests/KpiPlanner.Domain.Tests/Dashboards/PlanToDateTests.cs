using KpiPlanner.Domain.Dashboards;
using KpiPlanner.Domain.Goals;
using KpiPlanner.Domain.Kpis;

namespace KpiPlanner.Domain.Tests.Dashboards;

/// <summary>
/// Issue 16, "every number shown is true" (decision 008): a period holding today's month measures that month's facts so
/// far against the plan due by today — a summed KPI's plan × the share of working days elapsed, a level KPI's plan as it
/// is — never against the whole month's plan; months that are over are measured as before.
/// </summary>
public sealed class PlanToDateTests
{
    private static readonly PeriodRange June = PeriodRange.Month(2025, 6), July = PeriodRange.Month(2025, 7);

    /// <summary>9 July 2025: 7 of July's 23 working days.</summary>
    private static readonly MonthInProgress NinthOfJuly = MonthInProgress.Of(July, 7, 23);

    [Theory]
    [InlineData(AggregationRule.Sum, 230, 70)]
    [InlineData(AggregationRule.Average, 20, 20)]
    [InlineData(AggregationRule.Last, 500, 500)]
    public void A_sum_is_due_by_working_days_a_level_is_due_whole(AggregationRule rule, int plan, int due)
    {
        Assert.Equal(due, NinthOfJuly.PlanDue(rule, plan));
    }

    [Fact]
    public void Nothing_is_due_before_the_first_working_day_and_the_whole_plan_on_the_last()
    {
        Assert.Null(MonthInProgress.Of(July, 0, 23).PlanDue(AggregationRule.Sum, 230m));
        Assert.Equal(20m, MonthInProgress.Of(July, 0, 23).PlanDue(AggregationRule.Average, 20m));
        Assert.Equal(230m, MonthInProgress.Of(July, 23, 23).PlanDue(AggregationRule.Sum, 230m));
        // Exactly on pace is exactly 100 % — not 99.999… %, a hair under a band's edge.
        var onPace = MonthInProgress.Of(July, 7, 23).PlanDue(AggregationRule.Sum, 230m)!.Value;
        Assert.Equal(100m, Completion.OfRatio(Direction.HigherIsBetter, onPace, 70m).Value.Value);
    }

    [Fact]
    public void Day_9_of_July_reads_63_of_230_as_90_percent_of_the_plan_to_date_not_27_percent_of_the_month()
    {
        GroupMonth[] months = [new(July.Start, 230m, 1, 63m, 1, 230m, 63m, 1)];

        var rolled = GroupRollUp.Of(AggregationRule.Sum, Direction.HigherIsBetter, months, July, NinthOfJuly);

        Assert.True(rolled.InProgress);
        Assert.Equal(230m, rolled.Plan); // the month's plan is still the month's plan
        Assert.Equal(70m, rolled.PlanToDate);
        Assert.Equal(90m, rolled.Completion!.Value.Value);
        Assert.Equal(90m, GroupRollUp.CompletionOf(AggregationRule.Sum, Direction.HigherIsBetter, months[0], NinthOfJuly)!.Value.Value);
        // Without the month in progress (a month that is over), the same figures are a final 27.4 %.
        Assert.False(GroupRollUp.Of(AggregationRule.Sum, Direction.HigherIsBetter, months, July).InProgress);
    }

    [Fact]
    public void A_lower_is_better_sum_spent_ahead_of_pace_is_below_plan_not_an_overachievement()
    {
        // Expenses: plan 230 000 for July, 77 000 spent by the 9th, 70 000 due → 70 000 / 77 000 = 90.9 % (behind).
        // Against the whole month it would read 298.7 % — "aggressive leadership" on day 7 of 23.
        GroupMonth[] months = [new(July.Start, 230_000m, 1, 77_000m, 1, 230_000m, 77_000m, 1)];

        var rolled = GroupRollUp.Of(AggregationRule.Sum, Direction.LowerIsBetter, months, July, NinthOfJuly);

        Assert.Equal(70_000m, rolled.PlanToDate);
        Assert.Equal(Math.Round(70_000m * 100m / 77_000m, 10), Math.Round(rolled.Completion!.Value.Value, 10));
    }

    [Fact]
    public void A_quarter_in_progress_adds_the_months_over_whole_and_this_month_to_date()
    {
        // Q2 2025 read half-way through June (share 0.5): April and May are over, June counts its plan due by today.
        var q2 = PeriodRange.Quarter(2025, 2);
        GroupMonth[] months =
        [
            new(new DateOnly(2025, 4, 1), 100m, 1, 90m, 1, 100m, 90m, 1),
            new(new DateOnly(2025, 5, 1), 100m, 1, 110m, 1, 100m, 110m, 1),
            new(June.Start, 100m, 1, 45m, 1, 100m, 45m, 1),
        ];

        var rolled = GroupRollUp.Of(AggregationRule.Sum, Direction.HigherIsBetter, months, q2, new MonthInProgress(June, 0.5m));

        Assert.Equal(300m, rolled.Plan);
        Assert.Equal(250m, rolled.PlanToDate); // 100 + 100 + 50
        Assert.Equal(98m, rolled.Completion!.Value.Value); // 245 / 250
        // A month in progress before its first working day leaves the to-date completion: April and May alone.
        var first = GroupRollUp.Of(AggregationRule.Sum, Direction.HigherIsBetter, months, q2, new MonthInProgress(June, 0m));
        Assert.Equal(200m, first.PlanToDate);
        Assert.Equal(100m, first.Completion!.Value.Value);
    }

    [Fact]
    public void A_goal_roll_up_in_progress_measures_against_the_plan_to_date_and_a_past_period_is_unchanged()
    {
        MonthPlanFact[] months = [new(June, 200m, 180m), new(July, 230m, 63m)];

        var july = RollUp.PlanFact(AggregationRule.Sum, Direction.HigherIsBetter, months, July, NinthOfJuly);
        Assert.True(july.InProgress);
        Assert.Equal(70m, july.PlanToDate);
        Assert.Equal(90m, july.Completion!.Value.Value);

        var june = RollUp.PlanFact(AggregationRule.Sum, Direction.HigherIsBetter, months, June, NinthOfJuly);
        Assert.False(june.InProgress);
        Assert.Equal(90m, june.Completion!.Value.Value); // 180 / 200, as always
    }
}
