using KpiPlanner.Domain.Dashboards;
using KpiPlanner.Domain.Goals;
using KpiPlanner.Domain.Kpis;
using KpiPlanner.Domain.Scales;
using KpiPlanner.Domain.Schemes;

namespace KpiPlanner.Domain.Tests.Dashboards;

/// <summary>The dashboards' maths (issue 6), every expected number worked out by hand.</summary>
public sealed class DashboardMathsTests
{
    private static readonly DateOnly Apr = new(2025, 4, 1), May = new(2025, 5, 1), Jun = new(2025, 6, 1);

    [Fact]
    public void A_group_rolls_up_by_rule_and_measures_only_cells_with_both_plan_and_fact()
    {
        // Two people; the second has no June fact. Months: plan 150 / 150 / 150, facts 140 / 150 / 100 (June: one person).
        GroupMonth[] months =
        [
            new(Apr, 150m, 2, 140m, 2, 150m, 140m, 2),
            new(May, 150m, 2, 150m, 2, 150m, 150m, 2),
            new(Jun, 150m, 2, 100m, 1, 100m, 100m, 1),
        ];
        var q2 = PeriodRange.Quarter(2025, 2);

        var sum = GroupRollUp.Of(AggregationRule.Sum, Direction.HigherIsBetter, months, q2);
        Assert.Equal(450m, sum.Plan);
        Assert.Equal(390m, sum.Fact);
        Assert.Equal(400m, sum.PlanToDate); // 150 + 150 + 100
        Assert.Equal(97.5m, sum.Completion!.Value.Value); // 390 / 400
        Assert.Equal(3, sum.MonthsWithPlan);

        // Average: the mean across people, then of the months: plans 75, 75, 75; facts 70, 75, 100 → 245 / 3.
        var average = GroupRollUp.Of(AggregationRule.Average, Direction.HigherIsBetter, months, q2);
        Assert.Equal(75m, average.Plan);
        Assert.Equal(245m / 3m, average.Fact!.Value, 20);

        // Last: June — plans 150, facts 100, measured against the June plan of the person with a fact (100).
        var last = GroupRollUp.Of(AggregationRule.Last, Direction.HigherIsBetter, months, q2);
        Assert.Equal(150m, last.Plan);
        Assert.Equal(100m, last.Fact);
        Assert.Equal(100m, last.Completion!.Value.Value);

        // Lower is better: plan / fact.
        var lower = GroupRollUp.Of(AggregationRule.Sum, Direction.LowerIsBetter, months, q2);
        Assert.Equal(400m * 100m / 390m, lower.Completion!.Value.Value);
    }

    [Fact]
    public void Groups_merge_month_by_month()
    {
        var merged = GroupRollUp.Merge([GroupMonth.OfPerson(Apr, 10m, 8m), GroupMonth.OfPerson(Apr, 20m, null), GroupMonth.OfPerson(May, 5m, 5m)]);
        Assert.Equal(2, merged.Count);
        Assert.Equal(new GroupMonth(Apr, 30m, 2, 8m, 1, 10m, 8m, 1), merged[0]);
    }

    [Theory]
    [InlineData(AggregationRule.Sum, 70, 7, 23, 230)]
    [InlineData(AggregationRule.Average, 22, 7, 23, 22)]
    [InlineData(AggregationRule.Last, 500, 7, 23, 500)]
    [InlineData(AggregationRule.Sum, 100, 30, 23, 100)] // never more days elapsed than the period has
    public void The_run_rate_scales_a_sum_by_working_days_and_keeps_a_level(AggregationRule rule, int soFar, int elapsed, int days, int expected)
    {
        Assert.Equal(expected, RunRate.Forecast(rule, soFar, elapsed, days)!.Forecast);
    }

    [Fact]
    public void No_run_rate_before_the_first_working_day_or_without_a_fact()
    {
        Assert.Null(RunRate.Forecast(AggregationRule.Sum, 10m, 0, 20));
        Assert.Null(RunRate.Forecast(AggregationRule.Sum, null, 5, 20));
    }

    [Fact]
    public void The_funnel_orders_stages_and_converts_counts_to_percent_and_money_per_unit()
    {
        var funnel = Funnel.Of(
        [
            new("sales_volume", "Sales", KpiUnit.Money, 350_000m, 300_000m),
            new("leads", "Leads", KpiUnit.Count, 400m, 500m),
            new("contracts", "Contracts", KpiUnit.Count, 10m, 12m),
            new("clients_in_work", "In work", KpiUnit.Count, 100m, 80m),
            new("revenue", "Revenue", KpiUnit.Money, 1m, 1m), // not a funnel stage
        ]);

        Assert.Equal(["leads", "clients_in_work", "contracts", "sales_volume"], funnel.Select(f => f.Key));
        Assert.Null(funnel[0].FactConversion);
        Assert.Equal(16m, funnel[1].FactConversion); // 80 / 500
        Assert.Equal(25m, funnel[1].PlanConversion); // 100 / 400
        Assert.Equal(15m, funnel[2].FactConversion); // 12 / 80
        Assert.True(funnel[3].IsAmountPerUnit);
        Assert.Equal(25_000m, funnel[3].FactConversion); // 300 000 / 12
        Assert.Equal(35_000m, funnel[3].PlanConversion);
        Assert.Empty(Funnel.Of([new("leads", "Leads", KpiUnit.Count, 1m, 1m)]));
    }

    [Fact]
    public void Plan_accuracy_turns_the_bias_of_lower_is_better_kpis()
    {
        // Higher is better: ratios 1.2 and 0.9 → Σ = 2.1, Σ|r − 1| = 0.3, one beaten.
        // Lower is better: ratios 0.8 and 0.8 (facts below plan: beaten) → Σ = 1.6, Σ|r − 1| = 0.4, two beaten.
        var result = PlanAccuracy.Of(
        [
            new AccuracySums(Direction.HigherIsBetter, 2.1m, 0.3m, 2, 1, 1),
            new AccuracySums(Direction.LowerIsBetter, 1.6m, 0.4m, 2, 0, 2),
        ])!;

        Assert.Equal(4, result.Cells);
        Assert.Equal(17.5m, result.MeanAbsoluteDeviation); // 0.7 / 4
        Assert.Equal(12.5m, result.Bias); // (+0.1 + 0.4) / 4
        Assert.Equal(75m, result.BeatenShare); // 3 of 4
        Assert.True(result.LooksEasy);
        Assert.Null(PlanAccuracy.Of([]));
    }

    [Fact]
    public void The_pay_fund_forecast_replays_each_past_month_through_the_schemes()
    {
        // Scale: below 100 % → 0.5, from 100 % → 1; variable 10 000 ₽, one KPI.
        var scale = new ScaleSpec([new Band(0m, 100m, 0.5m), new Band(100m, null, 1m)]);
        var scheme = MotivationScheme.Create(new SchemeSpec(20_000m, 10_000m, [new SchemeKpiSpec("Sales", 100m, scale)])).GetValueOrThrow();
        Completion?[] Done(decimal percent) => [Completion.FromPercent(percent)];

        // Anna: April 90 % (5 000), May 110 % (10 000), June 120 % (10 000). Boris: April 100 % (10 000), May nothing (his
        // median — the lower middle of 100 and 80 — is 80 %: 5 000), June 80 % (5 000). Vera: no history → at plan (10 000).
        var people = new List<PersonHistory>
        {
            new(1, scheme, new Dictionary<DateOnly, Completion?[]> { [Apr] = Done(90m), [May] = Done(110m), [Jun] = Done(120m) }),
            new(2, scheme, new Dictionary<DateOnly, Completion?[]> { [Apr] = Done(100m), [Jun] = Done(80m) }),
            new(3, scheme, new Dictionary<DateOnly, Completion?[]>()),
        };

        var forecast = PayFundForecast.Of(people, [Apr, May, Jun]);

        // April 5 000 + 10 000 + 10 000 = 25 000; May 10 000 + 5 000 + 10 000 = 25 000; June 10 000 + 5 000 + 10 000 = 25 000.
        Assert.Equal([25_000m, 25_000m, 25_000m], forecast.Scenarios.Select(s => s.Fund));
        Assert.Equal(30_000m, forecast.Planned);
        Assert.Equal(1, forecast.PeopleWithoutHistory);

        // Two scenarios of 15 000 and 25 000: the median of an even count is their mean, 20 000.
        var two = PayFundForecast.Of([new(1, scheme, new Dictionary<DateOnly, Completion?[]> { [Apr] = Done(50m), [May] = Done(100m) })], [Apr, May]);
        Assert.Equal(5_000m, two.Low);
        Assert.Equal(7_500m, two.Likely);
        Assert.Equal(10_000m, two.High);
    }
}
