using KpiPlanner.Domain.Dashboards;
using KpiPlanner.Domain.Goals;
using KpiPlanner.Domain.Kpis;
using KpiPlanner.Domain.Payroll;
using KpiPlanner.Domain.Scales;
using KpiPlanner.Domain.Schemes;

namespace KpiPlanner.Domain.Tests.Dashboards;

/// <summary>A person's KPI on the dashboards is measured as the pay run measures it (issue 14): <see cref="PersonRollUp"/>.</summary>
public sealed class PersonRollUpTests
{
    private static readonly DateOnly Apr = new(2025, 4, 1), May = new(2025, 5, 1), Jun = new(2025, 6, 1);

    private static SchemeKpi Kpi(Measurement measurement = Measurement.Ratio, Direction direction = Direction.HigherIsBetter, GrowthBase? growthBase = null)
    {
        var scale = ScalePresets.ArticleTable3(System.Globalization.CultureInfo.InvariantCulture).ToSpec();
        var spec = new SchemeSpec(10_000m, 10_000m, [new SchemeKpiSpec("K", 100m, scale, direction, measurement, Base: growthBase)]);
        return MotivationScheme.Create(spec).GetValueOrThrow().Kpis[0];
    }

    public static TheoryData<string, decimal?, decimal?, decimal?> Months => new()
    {
        { "ratio", 100m, 90m, null },
        { "ratio, fact missing", 100m, null, null },
        { "ratio, plan missing", null, 90m, null },
        { "lower is better, fact 0", 100m, 0m, null },
        { "growth", 120m, 115m, 100m },
        { "growth, base missing", 120m, 115m, null },
    };

    [Theory]
    [MemberData(nameof(Months))]
    public void A_finished_month_reads_as_every_screen_reads_the_pay_lines_measurement(string kind, decimal? plan, decimal? fact, decimal? @base)
    {
        var kpi = kind.StartsWith("growth", StringComparison.Ordinal) ? Kpi(Measurement.Growth, growthBase: new GrowthBase(GrowthBaseKind.PreviousMonth))
            : kind.StartsWith("lower", StringComparison.Ordinal) ? Kpi(direction: Direction.LowerIsBetter)
            : Kpi();
        var rolled = PersonRollUp.Of(kpi, kpi.Aggregation, kpi.Direction, [new PersonMonth(Jun, plan, fact, @base)], PeriodRange.OfMonth(Jun));

        var figures = new KpiFigures(plan, fact) { Base = @base };
        var (paid, missing) = KpiMeasure.Of(kpi, figures);
        Assert.Equal(KpiMeasure.Read(kpi, figures).Completion, rolled.Completion);
        Assert.Equal(missing == MissingFigure.None ? paid : null, rolled.Completion); // the pay line's, or none where it counts 0 %
    }

    [Fact]
    public void Growth_over_a_quarter_is_measured_once_on_its_months_plans_facts_and_bases()
    {
        // Bases 100 + 100 + 100, plans 120 + 120 + 120, facts 115 + 120 + 130 (June has no base: left out):
        // April and May → (235 − 200) / (240 − 200) = 87.5 %.
        var kpi = Kpi(Measurement.Growth, growthBase: new GrowthBase(GrowthBaseKind.PreviousMonth));
        PersonMonth[] months = [new(Apr, 120m, 115m, 100m), new(May, 120m, 120m, 100m), new(Jun, 120m, 130m, null)];

        var rolled = PersonRollUp.Of(kpi, AggregationRule.Sum, kpi.Direction, months, PeriodRange.Quarter(2025, 2));

        Assert.Equal(87.5m, rolled.Completion!.Value.Value);
        Assert.Equal(360m, rolled.Plan); // the plan and fact shown stay the group-of-one roll-up's
    }

    [Fact]
    public void Today_s_month_is_read_against_what_is_due_and_a_kpi_without_its_scheme_as_a_group_of_one()
    {
        // Half of June's working days gone: plan 100 due 50, fact 45 → 90 %, as KpiMeasure.Read reads it on every screen.
        PersonMonth[] months = [new(Jun, 100m, 45m)];
        var june = PeriodRange.OfMonth(Jun);
        var running = MonthInProgress.Of(june, 10, 20);

        var read = PersonRollUp.Of(Kpi(), AggregationRule.Sum, Direction.HigherIsBetter, months, june, running);
        Assert.True(read.InProgress);
        Assert.Equal(90m, read.Completion!.Value.Value);
        Assert.Equal(KpiMeasure.Read(Kpi(), new KpiFigures(100m, 45m), running).Completion, read.Completion);

        PersonMonth[] noFact = [new(Jun, 100m, null)];
        Assert.Null(PersonRollUp.Of(null, AggregationRule.Sum, Direction.HigherIsBetter, noFact, june).Completion);
        Assert.Null(PersonRollUp.Of(Kpi(), AggregationRule.Sum, Direction.HigherIsBetter, noFact, june).Completion);
        Assert.Equal(0m, KpiMeasure.Of(Kpi(), new KpiFigures(100m, null)).Completion.Value); // the pay line's 0 %, flagged
    }

    [Theory]
    [InlineData(GrowthBaseKind.PreviousMonth, 2025, 5, 50)]
    [InlineData(GrowthBaseKind.SameMonthLastYear, 2024, 6, 40)]
    public void A_growth_base_is_the_stored_fact_of_its_base_month(GrowthBaseKind kind, int year, int month, int expected)
    {
        var facts = new Dictionary<DateOnly, decimal> { [new DateOnly(2025, 5, 1)] = 50m, [new DateOnly(2024, 6, 1)] = 40m };
        var kpi = Kpi(Measurement.Growth, growthBase: new GrowthBase(kind));

        Assert.Equal(expected, PersonRollUp.BaseOf(kpi, Jun, m => facts.TryGetValue(m, out var f) ? f : null));
        Assert.Equal(new DateOnly(year, month, 1), kpi.Base!.MonthOf(Jun));
        Assert.Equal(7m, PersonRollUp.BaseOf(Kpi(Measurement.Growth, growthBase: new GrowthBase(GrowthBaseKind.Fixed, 7m)), Jun, _ => null));
        Assert.Null(PersonRollUp.BaseOf(Kpi(), Jun, _ => 1m));
    }
}
