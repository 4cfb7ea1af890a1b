using KpiPlanner.Domain.Kpis;
using KpiPlanner.Domain.Validation;

namespace KpiPlanner.Domain.Tests;

public class CompletionTests
{
    [Fact]
    public void Article_sales_350000_plan_330000_fact_completes_94_2857_percent_unrounded()
    {
        var completion = Completion.OfRatio(Direction.HigherIsBetter, 350_000m, 330_000m).GetValueOrThrow();

        Assert.Equal(330_000m * 100m / 350_000m, completion.Value);
        Assert.StartsWith("94.285714285714", completion.Value.ToString(Build.En), StringComparison.Ordinal);
        Assert.Equal(94.3m, Math.Round(completion.Value, 1));
    }

    [Theory]
    [InlineData(600, 500, "83.33")]          // coffee shop: visitors 500 of 600
    [InlineData(200_000, 150_000, "75")]     // coffee shop: profit 150 000 of 200 000
    [InlineData(200_000, 200_000, "100")]    // coffee shop: profit at a 600 ₽ check
    [InlineData(300_000, 250_000, "83.33")]  // coffee shop: revenue at a 500 ₽ check
    public void Coffee_shop_completions_are_fact_over_plan(int plan, int fact, string expectedRounded)
    {
        var completion = Completion.OfRatio(Direction.HigherIsBetter, plan, fact).GetValueOrThrow();
        Assert.Equal(Build.D(expectedRounded), Math.Round(completion.Value, 2));
    }

    [Fact]
    public void A_loss_against_a_profit_plan_is_a_negative_completion()
    {
        var completion = Completion.OfRatio(Direction.HigherIsBetter, 200_000m, -50_000m).GetValueOrThrow();
        Assert.Equal(-25m, completion.Value);
    }

    [Theory]
    [InlineData(100, 80, "125")]    // receivables 80 against a plan of 100: better than plan
    [InlineData(100, 125, "80")]
    [InlineData(5, 5, "100")]
    public void Lower_is_better_completion_is_plan_over_fact(int plan, int fact, string expected) =>
        Assert.Equal(Build.D(expected), Completion.OfRatio(Direction.LowerIsBetter, plan, fact).GetValueOrThrow().Value);

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void Lower_is_better_fact_zero_is_unlimited_over_achievement_without_division(int fact)
    {
        var completion = Completion.OfRatio(Direction.LowerIsBetter, 100m, fact).GetValueOrThrow();
        Assert.True(completion.IsPositiveInfinity);
        Assert.Null(completion.AsRatio);
    }

    [Theory]
    [InlineData(Direction.HigherIsBetter, 0)]
    [InlineData(Direction.HigherIsBetter, -1)]
    [InlineData(Direction.LowerIsBetter, 0)]
    public void Plan_zero_or_negative_is_refused_for_a_ratio_kpi(Direction direction, int plan)
    {
        var result = Completion.OfRatio(direction, plan, 10m);
        var error = Assert.Single(result.Errors);
        Assert.Equal(DomainErrors.CompletionPlanNotPositive, error.Code);
        Assert.Equal("plan", error.Path);
    }

    [Theory]
    [InlineData(100, 20, 120, "100")]    // grew 20 % as planned
    [InlineData(100, 20, 110, "50")]     // grew 10 % of a planned 20 %
    [InlineData(100, 20, 130, "150")]
    [InlineData(100, 20, 90, "-50")]     // shrank: below the lowest band's start
    [InlineData(100, -10, 85, "150")]    // a planned 10 % shrink, achieved 15 %
    [InlineData(-100, 50, -50, "100")]   // from a loss of 100 to a loss of 50: +50 % of |base|
    public void Growth_completion_is_actual_growth_over_planned_growth(int @base, int plannedGrowth, int fact, string expected) =>
        Assert.Equal(Build.D(expected), Completion.OfGrowth(@base, plannedGrowth, fact).GetValueOrThrow().Value);

    [Fact]
    public void Growth_against_a_base_of_zero_is_refused_not_divided()
    {
        var error = Assert.Single(Completion.OfGrowth(0m, 20m, 100m).Errors);
        Assert.Equal((DomainErrors.CompletionGrowthBaseZero, "base"), (error.Code, error.Path));
    }

    [Fact]
    public void Growth_against_a_planned_growth_of_zero_is_refused_not_divided()
    {
        var error = Assert.Single(Completion.OfGrowth(100m, 0m, 120m).Errors);
        Assert.Equal((DomainErrors.CompletionPlannedGrowthZero, "plannedGrowth"), (error.Code, error.Path));
    }

    [Fact]
    public void Growth_with_both_base_and_planned_growth_zero_reports_both()
    {
        Assert.Equal(2, Completion.OfGrowth(0m, 0m, 120m).Errors.Count);
    }

    [Fact]
    public void Aggregate_completion_is_the_weighted_mean()
    {
        var result = Completion.OfAggregate(
        [
            new AggregatePart(Completion.FromPercent(80m), 50m),
            new AggregatePart(Completion.FromPercent(120m), 30m),
            new AggregatePart(Completion.FromPercent(100m), 20m),
        ]).GetValueOrThrow();

        Assert.Equal(96m, result.Value); // (40 + 36 + 20)
    }

    [Fact]
    public void Aggregate_with_an_infinite_part_is_infinite() =>
        Assert.True(Completion.OfAggregate(
        [
            new AggregatePart(Completion.PositiveInfinity, 1m),
            new AggregatePart(Completion.FromPercent(50m), 1m),
        ]).GetValueOrThrow().IsPositiveInfinity);

    [Fact]
    public void Aggregate_of_nothing_or_with_a_zero_weight_is_refused()
    {
        Assert.Equal(DomainErrors.CompletionAggregateEmpty, Assert.Single(Completion.OfAggregate([]).Errors).Code);
        var error = Assert.Single(Completion.OfAggregate([new AggregatePart(Completion.FromPercent(50m), 0m)]).Errors);
        Assert.Equal((DomainErrors.CompletionAggregateWeightNotPositive, "parts[0].weight"), (error.Code, error.Path));
    }

    [Fact]
    public void Raw_value_is_the_value_itself()
    {
        var completion = Completion.OfRawValue(3m);
        Assert.True(completion.IsRawValue);
        Assert.Equal(3m, completion.Value);
    }

    [Fact]
    public void A_huge_lower_is_better_ratio_is_refused_not_thrown()
    {
        var result = Completion.OfRatio(Direction.LowerIsBetter, Money.MaxAmount, 0.0000000000000000000001m);
        var error = Assert.Single(result.Errors);
        Assert.Equal((DomainErrors.CompletionOutOfRange, "plan"), (error.Code, error.Path));
    }
}
