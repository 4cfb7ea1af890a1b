using KpiPlanner.Domain.Dashboards;
using KpiPlanner.Domain.Goals;
using KpiPlanner.Domain.Kpis;
using KpiPlanner.Domain.Scales;
using KpiPlanner.Domain.Schemes;

namespace KpiPlanner.Domain.Tests.Dashboards;

/// <summary>
/// A department's or the company's growth KPI and index on the dashboards (issue 19): growth from the group's base, an
/// index from the group's parts — the plan grid's team-total rule — never the group's plan against its fact.
/// </summary>
public sealed class GroupMeasureTests
{
    private static readonly DateOnly Apr = new(2026, 4, 1), May = new(2026, 5, 1), Jun = new(2026, 6, 1);

    private static MotivationScheme Scheme(AggregationRule rule = AggregationRule.Sum, Direction direction = Direction.HigherIsBetter)
    {
        var scale = ScalePresets.ArticleTable3(System.Globalization.CultureInfo.InvariantCulture).ToSpec();
        var spec = new SchemeSpec(10_000m, 10_000m,
        [
            new SchemeKpiSpec("Выручка: прирост", 40m, scale, direction, Measurement.Growth, Base: new GrowthBase(GrowthBaseKind.PreviousMonth), Aggregation: rule),
            new SchemeKpiSpec("Звонки", 20m, scale),
            new SchemeKpiSpec("Встречи", 10m, scale),
            new SchemeKpiSpec("Интенсивность", 30m, scale, Measurement: Measurement.Aggregate,
                Parts: [new AggregatePartSpec("Звонки", 40m), new AggregatePartSpec("Встречи", 60m)]),
        ]);
        return MotivationScheme.Create(spec).GetValueOrThrow();
    }

    private static GroupRolledUp PlanVsFact(decimal plan, decimal fact, DateOnly month) =>
        GroupRollUp.Of(AggregationRule.Sum, Direction.HigherIsBetter, [new GroupMonth(month, plan, 2, fact, 2, plan, fact, 2)], PeriodRange.OfMonth(month));

    [Fact]
    public void A_departments_growth_is_the_growth_it_made_over_the_growth_it_planned()
    {
        // Ivanov: base 1 000 000, plan 1 200 000, fact 1 150 000 (the article's 75 %); Petrov: base 500 000, plan
        // 550 000, fact 520 000 (40 %). Together: (1 670 000 − 1 500 000) / (1 750 000 − 1 500 000) = 170 000 / 250 000
        // = 68 %. Plan against fact would say 95.43 % — the top of table 3 for a department that grew a third less than planned.
        var kpi = Scheme().Kpis[0];
        var rolled = PlanVsFact(1_750_000m, 1_670_000m, Jun);
        GrowthMonth[] months = [new(Jun, 1_200_000m, 1_150_000m, 1_000_000m, 1), new(Jun, 550_000m, 520_000m, 500_000m, 1)];

        var group = GroupMeasure.Growth(kpi, rolled, months, PeriodRange.OfMonth(Jun));

        Assert.Equal(68m, group.Completion!.Value.Value);
        Assert.Equal(1_750_000m, group.Plan); // the plan and fact shown stay the group's
        Assert.Equal(1_670_000m, group.Fact);
    }

    [Fact]
    public void An_average_growth_KPI_compares_the_groups_means()
    {
        // Average check: bases 400 and 500 (mean 450), plans 440 and 560 (500), facts 430 and 545 (487.5):
        // (487.5 − 450) / (500 − 450) = 75 %.
        var kpi = Scheme(AggregationRule.Average).Kpis[0];
        GrowthMonth[] months = [new(Jun, 1_000m, 975m, 900m, 2)];

        var group = GroupMeasure.Growth(kpi, PlanVsFact(1_000m, 975m, Jun), months, PeriodRange.OfMonth(Jun));

        Assert.Equal(75m, group.Completion!.Value.Value);
    }

    [Fact]
    public void A_quarters_growth_rolls_the_months_up_then_reads_once()
    {
        // April (120 − 100 of 140 − 100 planned) and May (150 − 100 of 140 − 100): (270 − 200) / (280 − 200) = 87.5 %.
        var kpi = Scheme().Kpis[0];
        GrowthMonth[] months = [new(Apr, 140m, 120m, 100m, 1), new(May, 140m, 150m, 100m, 1)];

        var group = GroupMeasure.Growth(kpi, PlanVsFact(280m, 270m, Apr), months, PeriodRange.Quarter(2026, 2));

        Assert.Equal(87.5m, group.Completion!.Value.Value);
    }

    [Fact]
    public void Today_s_month_reads_its_plan_and_base_as_due_by_today()
    {
        // Half the working days gone: base 1 000 000 → 500 000 due, plan 1 200 000 → 600 000 due, fact so far 575 000:
        // (575 000 − 500 000) / (600 000 − 500 000) = 75 %, the same growth as the whole month at this pace.
        var kpi = Scheme().Kpis[0];
        var running = MonthInProgress.Of(PeriodRange.OfMonth(Jun), 11, 22);
        GrowthMonth[] months = [new(Jun, 1_200_000m, 575_000m, 1_000_000m, 1)];
        var rolled = GroupRollUp.Of(AggregationRule.Sum, Direction.HigherIsBetter, [new GroupMonth(Jun, 1_200_000m, 1, 575_000m, 1, 1_200_000m, 575_000m, 1)],
            PeriodRange.OfMonth(Jun), running);

        var month = GroupMeasure.Growth(kpi, rolled, months, PeriodRange.OfMonth(Jun), running);
        var quarter = GroupMeasure.Growth(kpi, rolled, [new(Apr, 1_200_000m, 1_150_000m, 1_000_000m, 1), .. months], PeriodRange.Quarter(2026, 2), running);

        Assert.Equal(75m, month.Completion!.Value.Value);
        Assert.True(month.InProgress);
        // April whole and June to date: (1 725 000 − 1 500 000) / (1 800 000 − 1 500 000) = 75 %.
        Assert.Equal(75m, quarter.Completion!.Value.Value);
    }

    [Fact]
    public void Without_anybody_measured_there_is_no_completion_not_a_zero()
    {
        // Newcomers without a base month: the group has plans and facts but nobody with a base.
        var kpi = Scheme().Kpis[0];

        var group = GroupMeasure.Growth(kpi, PlanVsFact(1_000m, 900m, Jun), [], PeriodRange.OfMonth(Jun));

        Assert.Null(group.Completion);
    }

    [Fact]
    public void A_groups_index_is_the_index_of_its_parts_completions()
    {
        // Calls 110 %, meetings 90 % at 40/60: 44 + 54 = 98 %.
        var scheme = Scheme();
        var parts = new Dictionary<int, GroupRolledUp> { [1] = PlanVsFact(100m, 110m, Jun), [2] = PlanVsFact(100m, 90m, Jun) };

        var index = GroupMeasure.Index(scheme.Kpis[3], i => parts.GetValueOrDefault(i));

        Assert.Equal(98m, index.Completion!.Value.Value);
        Assert.Null(index.Plan);
        Assert.Equal(1, index.MonthsWithFact);
    }

    [Fact]
    public void An_index_counts_each_part_within_0_to_200_and_needs_every_part()
    {
        var scheme = Scheme();
        var outstanding = new Dictionary<int, GroupRolledUp> { [1] = PlanVsFact(100m, 400m, Jun), [2] = PlanVsFact(100m, 50m, Jun) };
        var missing = new Dictionary<int, GroupRolledUp> { [1] = PlanVsFact(100m, 110m, Jun) };

        // Calls 400 % count as 200 %: 80 + 30 = 110 %, not 190 %.
        Assert.Equal(110m, GroupMeasure.Index(scheme.Kpis[3], i => outstanding.GetValueOrDefault(i)).Completion!.Value.Value);
        Assert.Null(GroupMeasure.Index(scheme.Kpis[3], i => missing.GetValueOrDefault(i)).Completion);
    }
}
