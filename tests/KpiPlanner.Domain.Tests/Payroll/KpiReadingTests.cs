using KpiPlanner.Domain.Goals;
using KpiPlanner.Domain.Kpis;
using KpiPlanner.Domain.Payroll;
using KpiPlanner.Domain.Schemes;

namespace KpiPlanner.Domain.Tests.Payroll;

/// <summary>
/// <see cref="KpiMeasure.Read"/>: a KPI-month as the plan grid, its team totals and "my results" show it — the pay run's
/// own measurement (<see cref="KpiMeasure.Of"/>), with no made-up 0 % where a figure is missing, and today's month
/// against what is due by today.
/// </summary>
public sealed class KpiReadingTests
{
    private static readonly PeriodRange December = PeriodRange.OfMonth(new DateOnly(2026, 12, 1));

    /// <summary>10 of 20 working days gone.</summary>
    private static readonly MonthInProgress Halfway = MonthInProgress.Of(December, 10, 20);

    [Theory]
    // plan, fact, direction, expected completion (null = none shown)
    [InlineData(350_000, 330_000, Direction.HigherIsBetter, "94.285714285714285714285714286")]
    [InlineData(10, 8, Direction.LowerIsBetter, "125")]
    [InlineData(100, 0, Direction.HigherIsBetter, "0")]
    public void A_finished_month_reads_as_the_pay_run_measures_it(decimal plan, decimal fact, Direction direction, string expected)
    {
        var kpi = Kpi(direction: direction);
        var figures = new KpiFigures(plan, fact);

        var reading = KpiMeasure.Read(kpi, figures);

        Assert.Equal(KpiMeasure.Of(kpi, figures).Completion, reading.Completion);
        Assert.Equal(Build.D(expected), reading.Completion!.Value.Value);
        Assert.Equal(MissingFigure.None, reading.Missing);
        Assert.Equal(plan, reading.PlanToDate);
    }

    [Fact]
    public void Lower_is_better_with_fact_0_reads_unbounded_the_top_band_not_0_percent()
    {
        var reading = KpiMeasure.Read(Kpi(direction: Direction.LowerIsBetter), new KpiFigures(100_000m, 0m));

        Assert.True(reading.Completion!.Value.IsPositiveInfinity);
        Assert.Equal(MissingFigure.None, reading.Missing);
    }

    [Theory]
    [InlineData(null, 50, MissingFigure.Plan)]
    [InlineData(100, null, MissingFigure.Fact)]
    [InlineData(null, null, MissingFigure.PlanAndFact)]
    [InlineData(0, 50, MissingFigure.Plan)] // a plan of 0 cannot be divided by: unusable, said as the plan
    public void A_missing_figure_shows_no_completion_and_says_which(int? plan, int? fact, MissingFigure missing)
    {
        var reading = KpiMeasure.Read(Kpi(), new KpiFigures(plan, fact));

        Assert.Null(reading.Completion);
        Assert.Equal(missing, reading.Missing);
        Assert.Equal(missing, KpiMeasure.Of(Kpi(), new KpiFigures(plan, fact)).Missing); // the pay line flags the same
    }

    [Theory]
    // The article's example: base 1 000 000, plan 1 200 000, fact 1 150 000 → 75 %.
    [InlineData(1_000_000, 1_200_000, 1_150_000, "75")]
    [InlineData(-100_000, 50_000, 20_000, "80")]
    [InlineData(1_000, 1_000, 1_100, "110")] // no growth planned: plan against fact
    public void A_growth_kpi_reads_from_its_base(decimal @base, decimal plan, decimal fact, string expected)
    {
        var reading = KpiMeasure.Read(GrowthKpi(), new KpiFigures(plan, fact) { Base = @base });

        Assert.Equal(Build.D(expected), reading.Completion!.Value.Value);
    }

    [Fact]
    public void A_growth_kpi_without_a_base_shows_none_and_says_the_base_is_missing()
    {
        var reading = KpiMeasure.Read(GrowthKpi(), new KpiFigures(1_200m, 1_100m));

        Assert.Null(reading.Completion);
        Assert.Equal(MissingFigure.Base, reading.Missing);
    }

    [Fact]
    public void Today_s_month_reads_against_the_plan_due_by_today()
    {
        // Half the working days gone: 50 000 of a 100 000 summed plan is due; a fact of 50 000 is exactly on pace.
        var reading = KpiMeasure.Read(Kpi(), new KpiFigures(100_000m, 50_000m), Halfway);

        Assert.Equal(50_000m, reading.PlanToDate);
        Assert.Equal(100m, reading.Completion!.Value.Value);
    }

    [Fact]
    public void Today_s_month_of_a_growth_kpi_takes_the_base_as_due_by_today_too()
    {
        // Base 1 000 000, plan 1 200 000 for the month; halfway: base 500 000, plan 600 000 due; 575 000 made 75 %.
        var reading = KpiMeasure.Read(GrowthKpi(), new KpiFigures(1_200_000m, 575_000m) { Base = 1_000_000m }, Halfway);

        Assert.Equal(600_000m, reading.PlanToDate);
        Assert.Equal(75m, reading.Completion!.Value.Value);
    }

    [Fact]
    public void A_level_kpi_is_due_in_full_on_any_day()
    {
        var reading = KpiMeasure.Read(Kpi(AggregationRule.Average), new KpiFigures(20m, 18m), Halfway);

        Assert.Equal(20m, reading.PlanToDate);
        Assert.Equal(90m, reading.Completion!.Value.Value);
    }

    [Fact]
    public void Before_the_first_working_day_has_passed_nothing_is_due_and_nothing_is_measured()
    {
        var reading = KpiMeasure.Read(Kpi(), new KpiFigures(100_000m, 3_000m), MonthInProgress.Of(December, 0, 20));

        Assert.True(reading.NothingDue);
        Assert.Null(reading.Completion);
        Assert.Null(reading.PlanToDate);
    }

    private static SchemeKpi Kpi(AggregationRule rule = AggregationRule.Sum, Direction direction = Direction.HigherIsBetter) =>
        Scheme(new SchemeKpiSpec("Sales plan", 50m, Build.Table6Spec, direction, Aggregation: rule));

    private static SchemeKpi GrowthKpi() =>
        Scheme(new SchemeKpiSpec("Revenue growth", 50m, Build.Table6Spec, Measurement: Measurement.Growth,
            Base: new GrowthBase(GrowthBaseKind.PreviousMonth)));

    private static SchemeKpi Scheme(SchemeKpiSpec kpi) =>
        Build.Scheme(new SchemeSpec(15_000m, 15_000m, [kpi, new SchemeKpiSpec("Work plan", 50m, Build.Table6Spec)])).Kpis[0];
}
