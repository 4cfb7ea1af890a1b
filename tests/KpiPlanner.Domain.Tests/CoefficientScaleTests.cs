using KpiPlanner.Domain.Kpis;
using KpiPlanner.Domain.Scales;

namespace KpiPlanner.Domain.Tests;

public class CoefficientScaleTests
{
    [Theory]
    [InlineData("0", 0, "0")]
    [InlineData("49.99", 0, "0")]
    [InlineData("50", 1, "0.5")]        // "50 % up to 90 %": 50 belongs to the low-level band
    [InlineData("89.99", 1, "0.5")]
    [InlineData("90", 2, "1")]          // "90 % to 100 % inclusive"
    [InlineData("100", 2, "1")]         // the target band owns 100 %
    [InlineData("100.01", 3, "1.2")]    // "above 100 %"
    [InlineData("120", 3, "1.2")]       // "to 120 % inclusive"
    [InlineData("120.01", 4, "1.5")]    // "above 120 %"
    [InlineData("1000000", 4, "1.5")]
    public void Table_3_boundaries_fall_in_the_band_that_owns_them(string completion, int band, string coefficient)
    {
        var lookup = Build.Table3.Lookup(Completion.FromPercent(Build.D(completion)));
        Assert.Equal(band, lookup.BandIndex);
        Assert.Equal(Build.D(coefficient), lookup.Coefficient);
        Assert.Equal(ScalePresets.Table3Labels[band].En, lookup.Label);
    }

    [Fact]
    public void Completion_exactly_100_percent_falls_in_the_target_band() =>
        Assert.Equal("Target reached", Build.Table3.Lookup(100m).Label);

    [Fact]
    public void Article_94_3_percent_gets_coefficient_1_from_the_exact_completion()
    {
        var completion = Completion.OfRatio(Direction.HigherIsBetter, 350_000m, 330_000m).GetValueOrThrow();
        var lookup = Build.Table3.Lookup(completion);
        Assert.Equal(1m, lookup.Coefficient);
        Assert.Equal(2, lookup.BandIndex);
    }

    [Fact]
    public void Look_up_uses_the_exact_completion_never_a_rounded_one()
    {
        // 89.996 % is shown as 90.0 %, but it is still below 90: the low-level band.
        var completion = Completion.OfRatio(Direction.HigherIsBetter, 100_000m, 89_996m).GetValueOrThrow();
        Assert.Equal(90.0m, Math.Round(completion.Value, 1));
        Assert.Equal(0.5m, Build.Table3.Lookup(completion).Coefficient);
    }

    [Theory]
    [InlineData("-25")]
    [InlineData("-1000000")]
    public void The_lowest_band_also_takes_anything_below_its_start(string completion) =>
        Assert.Equal(0, Build.Table3.Lookup(Build.D(completion)).BandIndex);

    [Fact]
    public void Infinite_completion_lands_in_the_top_band()
    {
        var lookup = Build.Table3.Lookup(Completion.PositiveInfinity);
        Assert.Equal(4, lookup.BandIndex);
        Assert.Equal(1.5m, lookup.Coefficient);
    }

    [Fact]
    public void Lower_is_better_fact_zero_gets_the_top_band_coefficient()
    {
        var completion = Completion.OfRatio(Direction.LowerIsBetter, 500_000m, 0m).GetValueOrThrow();
        Assert.Equal(1.5m, Build.Table3.Lookup(completion).Coefficient);
    }

    [Theory]
    [InlineData("49.99", "0")]
    [InlineData("95", "1")]
    [InlineData("110", "1")]    // 1.2 capped at 1
    [InlineData("150", "1")]    // 1.5 capped at 1
    public void Capped_table_3_never_pays_more_than_the_plan_coefficient(string completion, string coefficient)
    {
        var scale = ScalePresets.ArticleTable3CappedAtOne(Build.En);
        Assert.Equal(Build.D(coefficient), scale.Lookup(Build.D(completion)).Coefficient);
    }

    [Fact]
    public void A_capped_look_up_says_it_was_capped_and_keeps_the_band()
    {
        var lookup = ScalePresets.ArticleTable3CappedAtOne(Build.En).Lookup(130m);
        Assert.True(lookup.Capped);
        Assert.Equal(4, lookup.BandIndex);
        Assert.Equal("Aggressive leadership", lookup.Label);
    }

    private static CoefficientScale Accelerator => CoefficientScale.Create(new ScaleSpec(
    [
        new Band(0m, 80m, 0m),
        new Band(80m, 120m, 0.5m, ToInclusive: true, CoefficientTo: 1.5m),  // linear: 0.5 at 80 % → 1.5 at 120 %
        new Band(120m, null, 1.5m),
    ])).GetValueOrThrow();

    [Theory]
    [InlineData("79.99", "0")]
    [InlineData("80", "0.5")]
    [InlineData("90", "0.75")]
    [InlineData("100", "1")]
    [InlineData("110", "1.25")]
    [InlineData("120", "1.5")]
    [InlineData("200", "1.5")]
    public void A_linear_band_interpolates_its_coefficient_across_the_band(string completion, string coefficient) =>
        Assert.Equal(Build.D(coefficient), Accelerator.Lookup(Build.D(completion)).Coefficient);

    [Fact]
    public void A_linear_band_interpolates_the_exact_completion()
    {
        // 94.2857…%: 0.5 + 1.0 × 14.2857… / 40
        var completion = Completion.OfRatio(Direction.HigherIsBetter, 350_000m, 330_000m).GetValueOrThrow();
        var expected = 0.5m + ((completion.Value - 80m) / 40m);
        Assert.Equal(Math.Round(expected, 20), Math.Round(Accelerator.Lookup(completion).Coefficient, 20));
    }

    [Fact]
    public void A_decelerator_band_lowers_the_coefficient_across_the_band()
    {
        var scale = CoefficientScale.Create(new ScaleSpec(
        [
            new Band(0m, 100m, 1m),
            new Band(100m, 200m, 1.5m, CoefficientTo: 1.1m),
            new Band(200m, null, 1.1m),
        ])).GetValueOrThrow();

        Assert.Equal(1.3m, scale.Lookup(150m).Coefficient);
        Assert.False(scale.IsNonDecreasing);
    }

    [Fact]
    public void A_cap_also_limits_a_linear_band() =>
        Assert.Equal(1.2m, CoefficientScale.Create(Accelerator.ToSpec() with { Cap = 1.2m }).GetValueOrThrow()
            .Lookup(115m).Coefficient);

    [Fact]
    public void Presets_are_non_decreasing_and_labelled_in_both_languages()
    {
        Assert.True(Build.Table3.IsNonDecreasing);
        Assert.True(Build.Table6.IsNonDecreasing);
        Assert.Equal(
            ["Недопустимо", "Низкий уровень", "Достижение целевого значения", "Лидерство", "Агрессивное лидерство"],
            ScalePresets.ArticleTable3(Build.Ru).Bands.Select(b => b.Label));
        Assert.Equal(
            ["Unacceptable", "Low level", "Target reached", "Leadership", "Aggressive leadership"],
            ScalePresets.ArticleTable3(Build.En).Bands.Select(b => b.Label));
    }

    [Fact]
    public void Table_6_scale_has_three_bands_half_one_and_one_and_a_half()
    {
        Assert.Equal([0.5m, 1m, 1.5m], Build.Table6.Bands.Select(b => b.Coefficient));
        Assert.Equal(0.5m, Build.Table6.Lookup(60m).Coefficient);
        Assert.Equal(1m, Build.Table6.Lookup(100m).Coefficient);
        Assert.Equal(1.5m, Build.Table6.Lookup(100.01m).Coefficient);
    }

    [Theory]
    [InlineData("0", 0, "1")]      // on time
    [InlineData("2", 1, "0.5")]    // 1–3 days late
    [InlineData("3", 1, "0.5")]
    [InlineData("3.5", 2, "0")]
    public void A_raw_value_scale_looks_up_the_value_itself(string daysLate, int band, string coefficient)
    {
        var scale = CoefficientScale.Create(new ScaleSpec(
        [
            new Band(0m, 1m, 1m),
            new Band(1m, 3m, 0.5m, ToInclusive: true),
            new Band(3m, null, 0m),
        ], Kind: ScaleKind.RawValue, PlanValue: 0m)).GetValueOrThrow();

        var lookup = scale.Lookup(Completion.OfRawValue(Build.D(daysLate)));
        Assert.Equal((band, Build.D(coefficient)), (lookup.BandIndex, lookup.Coefficient));
    }

    [Fact]
    public void A_single_open_band_pays_its_coefficient_everywhere()
    {
        var scale = CoefficientScale.Create(new ScaleSpec([new Band(0m, null, 1m)])).GetValueOrThrow();
        Assert.Equal(1m, scale.Lookup(-5m).Coefficient);
        Assert.Equal(1m, scale.Lookup(Completion.PositiveInfinity).Coefficient);
    }
}
