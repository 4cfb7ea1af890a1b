using KpiPlanner.Domain.Scales;
using KpiPlanner.Domain.Validation;

namespace KpiPlanner.Domain.Tests;

public class ScaleValidationTests
{
    private static DomainError SingleError(params Band[] bands) => SingleError(new ScaleSpec(bands));

    private static DomainError SingleError(ScaleSpec spec)
    {
        var errors = spec.Validate();
        Assert.True(errors.Count == 1, Build.Describe(errors));
        return errors[0];
    }

    [Fact]
    public void Presets_are_valid() => Assert.Empty(Build.Table3Spec.Validate());

    [Fact]
    public void A_gap_between_bands_is_refused()
    {
        var error = SingleError(new Band(0m, 50m, 0m), new Band(51m, null, 1m));
        Assert.Equal((DomainErrors.ScaleGap, "bands[1].from"), (error.Code, error.Path));
        Assert.Equal(50m, error.Args["previousTo"]);
        Assert.Equal(51m, error.Args["from"]);
    }

    [Fact]
    public void An_overlap_between_bands_is_refused()
    {
        var error = SingleError(new Band(0m, 50m, 0m), new Band(49m, null, 1m));
        Assert.Equal((DomainErrors.ScaleOverlap, "bands[1].from"), (error.Code, error.Path));
    }

    [Fact]
    public void A_boundary_owned_by_both_bands_is_refused()
    {
        var error = SingleError(new Band(0m, 50m, 0m, ToInclusive: true), new Band(50m, null, 1m, FromInclusive: true));
        Assert.Equal((DomainErrors.ScaleBoundaryOwnedByBoth, "bands[0].toInclusive"), (error.Code, error.Path));
    }

    [Fact]
    public void A_boundary_owned_by_neither_band_is_refused()
    {
        var error = SingleError(new Band(0m, 50m, 0m, ToInclusive: false), new Band(50m, null, 1m, FromInclusive: false));
        Assert.Equal((DomainErrors.ScaleBoundaryOwnedByNeither, "bands[0].toInclusive"), (error.Code, error.Path));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_boundary_stated_consistently_on_both_sides_is_accepted(bool toInclusive) =>
        Assert.Empty(new ScaleSpec(
        [
            new Band(0m, 50m, 0m, ToInclusive: toInclusive),
            new Band(50m, null, 1m, FromInclusive: !toInclusive),
        ]).Validate());

    [Fact]
    public void A_negative_coefficient_is_refused()
    {
        var error = SingleError(new Band(0m, 50m, -0.5m), new Band(50m, null, 1m));
        Assert.Equal((DomainErrors.ScaleNegativeCoefficient, "bands[0].coefficient"), (error.Code, error.Path));
    }

    [Fact]
    public void A_negative_linear_end_coefficient_is_refused()
    {
        var error = SingleError(new Band(0m, 50m, 0m, CoefficientTo: -1m), new Band(50m, null, 1m));
        Assert.Equal((DomainErrors.ScaleNegativeCoefficient, "bands[0].coefficientTo"), (error.Code, error.Path));
    }

    [Fact]
    public void A_linear_band_without_an_end_is_refused()
    {
        var error = SingleError(new Band(0m, 100m, 0m), new Band(100m, null, 1m, CoefficientTo: 2m));
        Assert.Equal((DomainErrors.ScaleLinearBandWithoutEnd, "bands[1].to"), (error.Code, error.Path));
    }

    [Fact]
    public void The_first_band_must_start_at_zero()
    {
        var error = SingleError(new Band(10m, 50m, 0m), new Band(50m, null, 1m));
        Assert.Equal((DomainErrors.ScaleFirstBandNotAtZero, "bands[0].from"), (error.Code, error.Path));
    }

    [Fact]
    public void A_raw_value_scale_starts_at_its_own_minimum_and_needs_a_plan_value()
    {
        var bands = new[] { new Band(-5m, 0m, 1m), new Band(0m, null, 0m) };
        Assert.Empty(new ScaleSpec(bands, Kind: ScaleKind.RawValue, PlanValue: 0m).Validate());
        var error = SingleError(new ScaleSpec(bands, Kind: ScaleKind.RawValue));
        Assert.Equal((DomainErrors.ScalePlanValueRequired, "planValue"), (error.Code, error.Path));
    }

    [Fact]
    public void The_last_band_must_be_open_to_infinity()
    {
        var error = SingleError(new Band(0m, 50m, 0m), new Band(50m, 200m, 1m));
        Assert.Equal((DomainErrors.ScaleLastBandNotOpen, "bands[1].to"), (error.Code, error.Path));
    }

    [Fact]
    public void Only_the_last_band_may_be_open()
    {
        var errors = new ScaleSpec([new Band(0m, null, 0m), new Band(50m, null, 1m)]).Validate();
        Assert.Contains(errors, e => e is { Code: DomainErrors.ScaleOpenBandNotLast, Path: "bands[0].to" });
    }

    [Fact]
    public void A_band_must_end_after_it_starts()
    {
        var errors = new ScaleSpec([new Band(0m, 50m, 0m), new Band(50m, 40m, 0.5m), new Band(40m, null, 1m)]).Validate();
        Assert.Contains(errors, e => e is { Code: DomainErrors.ScaleBandReversed, Path: "bands[1].to" });
    }

    [Fact]
    public void A_scale_without_bands_is_refused()
    {
        var error = SingleError(new ScaleSpec([]));
        Assert.Equal((DomainErrors.ScaleNoBands, "bands"), (error.Code, error.Path));
    }

    [Fact]
    public void A_negative_cap_is_refused()
    {
        var error = SingleError(Build.Table3Spec with { Cap = -1m });
        Assert.Equal((DomainErrors.ScaleNegativeCap, "cap"), (error.Code, error.Path));
    }

    [Fact]
    public void An_absurdly_large_boundary_is_refused()
    {
        var errors = new ScaleSpec([new Band(0m, 99_999_999_999_999_999m, 0m), new Band(99_999_999_999_999_999m, null, 1m)]).Validate();
        Assert.Equal(["bands[0].to", "bands[1].from"], errors.Select(e => e.Path));
        Assert.All(errors, e => Assert.Equal(DomainErrors.NumberOutOfRange, e.Code));
    }

    [Fact]
    public void Every_error_of_a_scale_is_listed_at_once()
    {
        var errors = new ScaleSpec(
        [
            new Band(5m, 50m, -1m),
            new Band(60m, 40m, 0.5m),
            new Band(90m, 100m, 1m),
        ]).Validate();

        Assert.Equal(
            [
                "bands[0].coefficient:scale.negative_coefficient",
                "bands[0].from:scale.first_band_not_at_zero",
                "bands[1].from:scale.gap",
                "bands[1].to:scale.band_reversed",
                "bands[2].from:scale.gap",
                "bands[2].to:scale.last_band_not_open",
            ],
            errors.Select(e => e.Path + ":" + e.Code).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Create_never_throws_for_bad_input_it_returns_the_errors()
    {
        var result = CoefficientScale.Create(new ScaleSpec([new Band(0m, 10m, 0m)]));
        Assert.False(result.IsValid);
        Assert.Null(result.Value);
        Assert.Throws<InvalidOperationException>(result.GetValueOrThrow);
    }
}
