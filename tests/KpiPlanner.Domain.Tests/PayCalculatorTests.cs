using KpiPlanner.Domain.Kpis;
using KpiPlanner.Domain.Pay;
using KpiPlanner.Domain.Scales;
using KpiPlanner.Domain.Schemes;
using KpiPlanner.Domain.Validation;

namespace KpiPlanner.Domain.Tests;

public class PayCalculatorTests
{
    // Completions that land in each band of the table-6 scale: 51–89 %, 90–100 %, > 100 %.
    private static readonly decimal[] Table6Completions = [70m, 95m, 110m];

    [Theory]
    [InlineData(0, 0, 22_500)]
    [InlineData(0, 1, 26_250)]
    [InlineData(0, 2, 30_000)]
    [InlineData(1, 0, 26_250)]
    [InlineData(1, 1, 30_000)]
    [InlineData(1, 2, 33_750)]
    [InlineData(2, 0, 30_000)]
    [InlineData(2, 1, 33_750)]
    [InlineData(2, 2, 37_500)]
    public void Table_6_pay_for_two_kpis_at_50_percent_with_15000_plus_15000(int kpi1Band, int kpi2Band, int expected)
    {
        var pay = Build.PayAt(Build.Scheme(Build.ArticleSpec()), Table6Completions[kpi1Band], Table6Completions[kpi2Band]);
        Assert.Equal(expected, pay.Total);
        Assert.Equal(15_000m, pay.Fixed);
        Assert.Equal(expected - 15_000m, pay.Variable);
    }

    [Fact]
    public void Article_sales_330000_of_350000_pays_the_target_coefficient()
    {
        var scheme = Build.Scheme(new SchemeSpec(15_000m, 15_000m, [new SchemeKpiSpec("Sales plan", 100m, Build.Table3Spec)]));
        var pay = Build.Pay(scheme, KpiResultInput.PlanFact(350_000m, 330_000m));

        var line = Assert.Single(pay.Kpis);
        Assert.Equal(330_000m * 100m / 350_000m, line.Completion.Value);
        Assert.Equal(1m, line.Coefficient);
        Assert.Equal(2, line.BandIndex);
        Assert.Equal("Target reached", line.BandLabel);
        Assert.Equal(30_000m, pay.Total);
    }

    [Fact]
    public void The_pay_explains_every_kpi()
    {
        var pay = Build.Pay(Build.Scheme(Build.ArticleSpec(Build.Table3Spec)),
            KpiResultInput.PlanFact(350_000m, 330_000m),   // 94.29 % → 1
            KpiResultInput.PlanFact(40m, 48m));            // 120 % → 1.2

        Assert.Equal(["Sales plan", "Work plan"], pay.Kpis.Select(k => k.Name));
        Assert.Equal([1m, 1.2m], pay.Kpis.Select(k => k.Coefficient));
        Assert.Equal([0.5m, 0.6m], pay.Kpis.Select(k => k.WeightedCoefficient));
        Assert.Equal([7_500m, 9_000m], pay.Kpis.Select(k => k.Contribution));
        Assert.Equal(["Target reached", "Leadership"], pay.Kpis.Select(k => k.BandLabel));
        Assert.Equal(1.1m, pay.WeightedSum);
        Assert.Equal(16_500m, pay.Variable);
        Assert.Equal(31_500m, pay.Total);
        Assert.False(pay.Gated);
    }

    [Fact]
    public void Lower_is_better_receivables_of_zero_pay_the_top_coefficient()
    {
        var scheme = Build.OneKpi(Build.Table3Spec, direction: Direction.LowerIsBetter);
        var pay = Build.Pay(scheme, KpiResultInput.PlanFact(500_000m, 0m));
        Assert.True(pay.Kpis[0].Completion.IsPositiveInfinity);
        Assert.Equal(15_000m, pay.Variable);
    }

    [Fact]
    public void Lower_is_better_receivables_above_plan_pay_less()
    {
        var scheme = Build.OneKpi(Build.Table3Spec, direction: Direction.LowerIsBetter);
        var pay = Build.Pay(scheme, KpiResultInput.PlanFact(500_000m, 625_000m)); // 80 %
        Assert.Equal(0.5m, pay.Kpis[0].Coefficient);
        Assert.Equal(5_000m, pay.Variable);
    }

    [Fact]
    public void Plan_zero_for_a_ratio_kpi_is_an_error_at_its_path_not_a_division()
    {
        var result = PayCalculator.Calculate(Build.Scheme(Build.ArticleSpec()),
            [KpiResultInput.PlanFact(100m, 100m), KpiResultInput.PlanFact(0m, 100m)]);
        var error = Assert.Single(result.Errors);
        Assert.Equal((DomainErrors.CompletionPlanNotPositive, "kpis[1].plan"), (error.Code, error.Path));
    }

    [Fact]
    public void Missing_figures_and_a_wrong_count_are_errors()
    {
        var scheme = Build.Scheme(Build.ArticleSpec());
        Assert.Equal(DomainErrors.PayResultsCount,
            Assert.Single(PayCalculator.Calculate(scheme, [KpiResultInput.PlanFact(1m, 1m)]).Errors).Code);

        var errors = PayCalculator.Calculate(scheme, [new KpiResultInput(null, 5m), new KpiResultInput(5m, null)]).Errors;
        Assert.Equal(["kpis[0].plan", "kpis[1].fact"], errors.Select(e => e.Path));
        Assert.All(errors, e => Assert.Equal(DomainErrors.CompletionValueRequired, e.Code));
    }

    [Fact]
    public void Growth_kpi_is_measured_against_its_base_and_refuses_a_zero_base()
    {
        var scheme = Build.OneKpi(Build.Table3Spec, measurement: Measurement.Growth);
        var pay = Build.Pay(scheme, KpiResultInput.Growth(1_000_000m, 20m, 1_180_000m)); // grew 18 % of 20 % → 90 %
        Assert.Equal(90m, pay.Kpis[0].Completion.Value);
        Assert.Equal(1m, pay.Kpis[0].Coefficient);

        var error = Assert.Single(PayCalculator.Calculate(scheme, [KpiResultInput.Growth(0m, 20m, 5m)]).Errors);
        Assert.Equal((DomainErrors.CompletionGrowthBaseZero, "kpis[0].base"), (error.Code, error.Path));
    }

    [Fact]
    public void Aggregate_kpi_takes_its_completion_as_measured()
    {
        var scheme = Build.Scheme(new SchemeSpec(0m, 10_000m,
        [
            new SchemeKpiSpec("Index", 100m, Build.Table3Spec, Measurement: Measurement.Aggregate, Parts: [new("A", 50m), new("B", 50m)]),
            new SchemeKpiSpec("A", 0m, Build.Table3Spec),
            new SchemeKpiSpec("B", 0m, Build.Table3Spec),
        ]));
        var parts = new[] { KpiResultInput.PlanFact(1m, 1m), KpiResultInput.PlanFact(1m, 1m) };
        Assert.Equal(1.2m, Build.Pay(scheme, [KpiResultInput.Completed(105m), .. parts]).Kpis[0].Coefficient);
        Assert.Equal("kpis[1].plan",
            Assert.Single(PayCalculator.Calculate(scheme, [KpiResultInput.Completed(105m), new KpiResultInput(null, 1m), parts[1]]).Errors).Path);
    }

    [Theory]
    [InlineData("0.5", 0)]      // on time
    [InlineData("2", 1)]
    [InlineData("4", 2)]
    public void Raw_value_kpi_looks_up_the_value_on_its_own_scale(string daysLate, int band)
    {
        var scale = new ScaleSpec(
            [new Band(0m, 1m, 1m), new Band(1m, 3m, 0.5m, ToInclusive: true), new Band(3m, null, 0m)],
            Kind: ScaleKind.RawValue, PlanValue: 0m);
        var scheme = Build.OneKpi(scale, direction: Direction.LowerIsBetter, measurement: Measurement.RawValue);
        Assert.Equal(band, Build.Pay(scheme, KpiResultInput.RawValue(Build.D(daysLate))).Kpis[0].BandIndex);
    }

    [Theory]
    [InlineData("49.99", true, 15_000)]
    [InlineData("50", false, 30_000)]
    [InlineData("150", false, 37_500)]
    public void A_failed_gate_zeroes_the_whole_variable_part(string salesCompletion, bool gated, int total)
    {
        var spec = Build.ArticleSpec(Build.Table3Spec);
        spec = spec with { Kpis = [spec.Kpis[0] with { Gate = 50m }, spec.Kpis[1]] };
        var pay = Build.PayAt(Build.Scheme(spec), Build.D(salesCompletion), 150m);

        Assert.Equal(gated, pay.Gated);
        Assert.Equal(gated ? ["Sales plan"] : [], pay.GatedBy);
        Assert.Equal(total, pay.Total);
        if (gated)
        {
            Assert.Equal(0m, pay.Variable);
            Assert.All(pay.Kpis, k => Assert.Equal(0m, k.Contribution));
            Assert.True(pay.Kpis[0].GateFailed);
            Assert.Equal(1.5m, pay.Kpis[1].Coefficient); // the explanation still shows what each KPI reached
        }
    }

    [Fact]
    public void A_lower_is_better_raw_value_gate_fails_above_its_threshold()
    {
        var scale = new ScaleSpec([new Band(0m, 10m, 1m), new Band(10m, null, 0.5m)], Kind: ScaleKind.RawValue, PlanValue: 5m);
        var scheme = Build.OneKpi(scale, gate: 15m, direction: Direction.LowerIsBetter, measurement: Measurement.RawValue);
        Assert.False(Build.Pay(scheme, KpiResultInput.RawValue(15m)).Gated);
        Assert.True(Build.Pay(scheme, KpiResultInput.RawValue(15.5m)).Gated);
    }

    [Fact]
    public void An_infinite_completion_passes_a_gate()
    {
        var scheme = Build.OneKpi(Build.Table3Spec, gate: 90m, direction: Direction.LowerIsBetter);
        Assert.False(Build.Pay(scheme, KpiResultInput.PlanFact(10m, 0m)).Gated);
    }

    [Theory]
    [InlineData("99.99", 30_000)]
    [InlineData("100", 35_000)]
    public void A_threshold_bonus_is_paid_when_its_kpi_reaches_the_threshold(string completion, int total)
    {
        var spec = Build.ArticleSpec(Build.Table3Spec) with { Bonus = BonusRule.WhenKpiReaches("Sales plan", 100m, 5_000m) };
        var pay = Build.PayAt(Build.Scheme(spec), Build.D(completion), 100m);
        Assert.Equal(total, pay.Total);
        Assert.Equal(pay.Total - 30_000m, pay.Bonus);
    }

    [Fact]
    public void A_bonus_survives_a_failed_gate_and_adds_an_entered_amount()
    {
        var spec = Build.ArticleSpec(Build.Table3Spec) with { Bonus = BonusRule.WhenKpiReaches("Work plan", 100m, 5_000m) };
        spec = spec with { Kpis = [spec.Kpis[0] with { Gate = 50m }, spec.Kpis[1]] };
        var pay = PayCalculator.Calculate(Build.Scheme(spec),
            [Completion.FromPercent(10m), Completion.FromPercent(100m)], enteredBonus: 1_000.50m).GetValueOrThrow();

        Assert.True(pay.Gated);
        Assert.True(pay.ThresholdBonusPaid);
        Assert.Equal(6_000.50m, pay.Bonus);
        Assert.Equal(15_000m + 6_000.50m, pay.Total);
    }

    [Fact]
    public void An_entered_bonus_must_be_whole_non_negative_kopecks()
    {
        var scheme = Build.Scheme(Build.ArticleSpec());
        var error = Assert.Single(PayCalculator.Calculate(scheme, [Completion.FromPercent(1m), Completion.FromPercent(1m)], -1m).Errors);
        Assert.Equal((DomainErrors.MoneyNegative, "bonus"), (error.Code, error.Path));
    }

    [Theory]
    [InlineData("15000.05", "0.5", "7500.03")]     // 7 500.025: banker's rounding would give 7 500.02
    [InlineData("1000.01", "0.5", "500.01")]       // 500.005
    [InlineData("0.25", "0.5", "0.13")]            // 0.125
    [InlineData("5350", "0.5", "2675")]
    [InlineData("5.35", "0.5", "2.68")]            // 2.675: as a double it would round to 2.67
    [InlineData("2.01", "0.5", "1.01")]            // 1.005: as a double it would round to 1.00
    public void The_variable_part_is_rounded_to_kopecks_half_away_from_zero(string plannedVariable, string coefficient, string variable)
    {
        var scale = new ScaleSpec([new Band(0m, null, Build.D(coefficient))]);
        var scheme = Build.OneKpi(scale, plannedVariable: Build.D(plannedVariable));
        Assert.Equal(Build.D(variable), Build.PayAt(scheme, 100m).Variable);
    }

    [Fact]
    public void Rounding_happens_once_at_the_pay_line_not_per_kpi()
    {
        var scale = new ScaleSpec([new Band(0m, null, 1m)]);
        var scheme = Build.Scheme(new SchemeSpec(0m, 100.01m,
            [new SchemeKpiSpec("A", 50m, scale), new SchemeKpiSpec("B", 50m, scale)]));
        var pay = Build.PayAt(scheme, 100m, 100m);

        Assert.Equal([50.005m, 50.005m], pay.Kpis.Select(k => k.Contribution)); // per KPI rounding would pay 100.02
        Assert.Equal(100.01m, pay.Variable);
    }

    [Fact]
    public void A_pay_beyond_numeric_18_2_is_an_error_not_an_exception()
    {
        var scale = new ScaleSpec([new Band(0m, null, 1_000_000_000m)]);
        var scheme = Build.OneKpi(scale, plannedVariable: 9_000_000_000_000_000m);
        var error = Assert.Single(PayCalculator.Calculate(scheme, [Completion.FromPercent(1m)]).Errors);
        Assert.Equal(DomainErrors.PayOutOfRange, error.Code);
    }

    [Fact]
    public void A_linear_band_pays_the_interpolated_coefficient()
    {
        var scale = new ScaleSpec([new Band(0m, 80m, 0m), new Band(80m, 120m, 0.5m, CoefficientTo: 1.5m), new Band(120m, null, 1.5m)]);
        var pay = Build.PayAt(Build.OneKpi(scale, plannedVariable: 10_000m), 110m);
        Assert.Equal(1.25m, pay.Kpis[0].Coefficient);
        Assert.Equal(12_500m, pay.Variable);
    }

    [Fact]
    public void A_capped_scale_pays_no_more_than_plan()
    {
        var scheme = Build.OneKpi(ScalePresets.ArticleTable3CappedAtOne(Build.En).ToSpec(), fixedPart: 15_000m, plannedVariable: 15_000m);
        var pay = Build.PayAt(scheme, 130m);
        Assert.True(pay.Kpis[0].Capped);
        Assert.Equal(30_000m, pay.Total);
    }
}
