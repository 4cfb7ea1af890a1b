using KpiPlanner.Domain.Kpis;
using KpiPlanner.Domain.Scales;
using KpiPlanner.Domain.Schemes;
using KpiPlanner.Domain.Validation;

namespace KpiPlanner.Domain.Tests;

public class SchemeValidationTests
{
    private static SchemeKpiSpec Kpi(string name, decimal weight, ScaleSpec? scale = null) =>
        new(name, weight, scale ?? Build.Table3Spec);

    private static SchemeSpec WithWeights(params decimal[] weights) =>
        new(15_000m, 15_000m, weights.Select((w, i) => Kpi("KPI " + (i + 1), w)).ToArray());

    private static DomainError SingleError(SchemeSpec spec)
    {
        var errors = spec.Validate();
        Assert.True(errors.Count == 1, Build.Describe(errors));
        return errors[0];
    }

    [Fact]
    public void The_article_scheme_is_valid() => Assert.True(MotivationScheme.Create(Build.ArticleSpec()).IsValid);

    [Theory]
    [InlineData("99.99")]
    [InlineData("100.01")]
    [InlineData("90")]
    [InlineData("150")]
    public void Weights_not_summing_to_exactly_100_are_refused(string secondWeight)
    {
        var error = SingleError(WithWeights(50m, Build.D(secondWeight) - 50m));
        Assert.Equal((DomainErrors.SchemeWeightsSum, "kpis"), (error.Code, error.Path));
        Assert.Equal(Build.D(secondWeight), error.Args["sum"]);
        Assert.Contains(secondWeight, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Weights_summing_to_100_in_fractions_are_accepted() =>
        Assert.Empty(WithWeights(33.33m, 33.33m, 33.34m).Validate());

    [Theory]
    [InlineData("0")]
    [InlineData("-10")]
    public void A_weight_of_zero_or_less_is_refused(string weight)
    {
        var errors = WithWeights(100m, Build.D(weight)).Validate();
        Assert.Contains(errors, e => e is { Code: DomainErrors.KpiWeightNotPositive, Path: "kpis[1].weight" });
    }

    [Fact]
    public void A_scheme_without_kpis_is_refused()
    {
        var error = SingleError(new SchemeSpec(15_000m, 15_000m, []));
        Assert.Equal((DomainErrors.SchemeNoKpis, "kpis"), (error.Code, error.Path));
    }

    [Fact]
    public void A_scheme_with_more_than_7_kpis_is_refused()
    {
        var error = SingleError(WithWeights(20m, 20m, 20m, 10m, 10m, 10m, 5m, 5m));
        Assert.Equal((DomainErrors.SchemeTooManyKpis, "kpis"), (error.Code, error.Path));
        Assert.Equal(8, error.Args["count"]);
    }

    [Fact]
    public void Seven_kpis_are_accepted() => Assert.Empty(WithWeights(20m, 20m, 20m, 10m, 10m, 10m, 10m).Validate());

    [Theory]
    [InlineData("fixed")]
    [InlineData("plannedVariable")]
    public void A_negative_fixed_or_planned_variable_is_refused(string field)
    {
        var spec = field == "fixed" ? Build.ArticleSpec() with { Fixed = -1m } : Build.ArticleSpec() with { PlannedVariable = -1m };
        var error = SingleError(spec);
        Assert.Equal((DomainErrors.MoneyNegative, field), (error.Code, error.Path));
    }

    [Fact]
    public void Money_beyond_numeric_18_2_is_refused()
    {
        var error = SingleError(Build.ArticleSpec() with { Fixed = 10_000_000_000_000_000m });
        Assert.Equal((DomainErrors.NumberOutOfRange, "fixed"), (error.Code, error.Path));
    }

    [Fact]
    public void A_fraction_of_a_kopeck_is_refused()
    {
        var error = SingleError(Build.ArticleSpec() with { PlannedVariable = 15_000.001m });
        Assert.Equal((DomainErrors.MoneyTooManyDecimals, "plannedVariable"), (error.Code, error.Path));
    }

    [Fact]
    public void An_absurd_weight_is_refused_as_out_of_range_not_as_a_sum()
    {
        var error = SingleError(WithWeights(100m, 100_000_000_000_000_000m));
        Assert.Equal((DomainErrors.NumberOutOfRange, "kpis[1].weight"), (error.Code, error.Path));
    }

    [Fact]
    public void Scale_errors_carry_the_full_path_of_the_field()
    {
        var badScale = new ScaleSpec([new Band(0m, 50m, 0m), new Band(50m, 90m, 0.5m), new Band(95m, null, 1m)]);
        var spec = new SchemeSpec(15_000m, 15_000m, [Kpi("Sales", 50m), Kpi("Work", 50m, badScale)]);

        var error = SingleError(spec);
        Assert.Equal((DomainErrors.ScaleGap, "kpis[1].scale.bands[2].from"), (error.Code, error.Path));
    }

    [Fact]
    public void A_kpi_needs_a_name_unique_in_its_scheme()
    {
        var errors = new SchemeSpec(0m, 1_000m, [Kpi(" ", 40m), Kpi("Sales", 30m), Kpi("sales", 30m)]).Validate();
        Assert.Contains(errors, e => e is { Code: DomainErrors.KpiNameRequired, Path: "kpis[0].name" });
        Assert.Contains(errors, e => e is { Code: DomainErrors.SchemeDuplicateKpiName, Path: "kpis[2].name" });
    }

    [Fact]
    public void A_raw_value_kpi_needs_a_raw_value_scale()
    {
        var spec = new SchemeSpec(0m, 1_000m, [new SchemeKpiSpec("Answer time", 100m, Build.Table3Spec, Direction.LowerIsBetter, Measurement.RawValue)]);
        var error = SingleError(spec);
        Assert.Equal((DomainErrors.KpiScaleKindMismatch, "kpis[0].scale.kind"), (error.Code, error.Path));
    }

    [Fact]
    public void A_bonus_must_name_a_kpi_of_the_scheme()
    {
        var error = SingleError(Build.ArticleSpec() with { Bonus = BonusRule.WhenKpiReaches("Profit", 100m, 5_000m) });
        Assert.Equal((DomainErrors.BonusUnknownKpi, "bonus.kpiName"), (error.Code, error.Path));
    }

    [Fact]
    public void A_negative_bonus_amount_is_refused()
    {
        var error = SingleError(Build.ArticleSpec() with { Bonus = BonusRule.WhenKpiReaches("Sales plan", 100m, -1m) });
        Assert.Equal((DomainErrors.MoneyNegative, "bonus.amount"), (error.Code, error.Path));
    }

    [Fact]
    public void Every_error_of_a_scheme_is_listed_at_once()
    {
        var badScale = new ScaleSpec([new Band(0m, 50m, -1m), new Band(50m, 60m, 1m, CoefficientTo: 2m)]);
        var spec = new SchemeSpec(-5m, -5m, [Kpi("A", 60m), Kpi("B", 0m, badScale)]);

        Assert.Equal(
            [
                "fixed:money.negative",
                "kpis:scheme.weights_sum",
                "kpis[1].scale.bands[0].coefficient:scale.negative_coefficient",
                "kpis[1].scale.bands[1].to:scale.last_band_not_open",
                "kpis[1].weight:kpi.weight_not_positive",
                "plannedVariable:money.negative",
            ],
            spec.Validate().Select(e => e.Path + ":" + e.Code).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(2, true)]
    [InlineData(3, false)]
    [InlineData(5, false)]
    [InlineData(6, true)]
    [InlineData(7, true)]
    public void Outside_3_to_5_kpis_is_a_warning_not_an_error(int count, bool warned)
    {
        var weights = Enumerable.Repeat(Math.Round(100m / count, 2), count).ToArray();
        weights[0] += 100m - weights.Sum();
        var result = MotivationScheme.Create(WithWeights(weights));

        Assert.True(result.IsValid, Build.Describe(result.Errors));
        Assert.Equal(warned, result.Warnings.Any(w => w.Code == DomainErrors.WarningKpiCountNotRecommended));
    }

    [Fact]
    public void More_than_3_main_kpis_is_a_warning()
    {
        var result = MotivationScheme.Create(WithWeights(25m, 25m, 25m, 25m));
        Assert.True(result.IsValid);
        Assert.Contains(result.Warnings, w => w.Code == DomainErrors.WarningTooManyMainKpis);
        Assert.DoesNotContain(MotivationScheme.Create(WithWeights(40m, 30m, 10m, 10m, 10m)).Warnings,
            w => w.Code == DomainErrors.WarningTooManyMainKpis);
    }

    [Fact]
    public void Every_code_has_an_english_message_and_codes_are_unique()
    {
        var constants = typeof(DomainErrors).GetFields()
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToList();

        Assert.Equal(constants.Count, constants.Distinct().Count());
        Assert.Equal(constants.Order(StringComparer.Ordinal), DomainErrors.All.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_scheme_round_trips_through_its_spec()
    {
        var scheme = Build.Scheme(Build.ArticleSpec());
        var again = Build.Scheme(scheme.ToSpec());
        Assert.Equal(scheme.Kpis.Select(k => (k.Name, k.Weight)), again.Kpis.Select(k => (k.Name, k.Weight)));
        Assert.Equal(scheme.Kpis[0].Scale.Bands, again.Kpis[0].Scale.Bands);
    }
}

public class PaySplitTests
{
    [Theory]
    [InlineData("30/70", 9_000, 21_000)]
    [InlineData("50/50", 15_000, 15_000)]
    [InlineData("70/30", 21_000, 9_000)]
    public void Split_presets_divide_the_article_market_pay_of_30000(string code, int fixedPart, int variable)
    {
        var split = PaySplit.All.Single(s => s.Code == code).Apply(30_000m);
        Assert.Equal(new SplitAmounts(fixedPart, variable), split);
    }

    [Fact]
    public void A_split_always_adds_up_to_the_market_pay()
    {
        var split = PaySplit.Aggressive.Apply(33_333.33m);
        Assert.Equal(10_000m, split.Fixed);          // 9 999.999 rounded
        Assert.Equal(33_333.33m, split.Fixed + split.PlannedVariable);
    }
}
