using KpiPlanner.Domain.Kpis;
using KpiPlanner.Domain.Payroll;
using KpiPlanner.Domain.Schemes;
using KpiPlanner.Domain.Validation;

namespace KpiPlanner.Domain.Tests;

/// <summary>
/// A growth KPI (the article's table 2, row 1.2: «прирост 20 %; (фактический прирост) / (плановый прирост)») measured
/// against the month's plan: completion = (fact − base) / (plan − base), and what happens at every edge.
/// </summary>
public class GrowthMeasurementTests
{
    private static readonly WorkedTime FullMonth = new(21, 21, ProrationBasis.WorkingDays);

    [Theory]
    // The worked example: base 1 000 000, plan growth 20 % → plan 1 200 000; fact 1 150 000 = growth 15 % → 75 %.
    [InlineData("1000000", "1200000", "1150000", "75")]
    [InlineData("1000000", "1200000", "1200000", "100")]   // the planned growth exactly
    [InlineData("1000000", "1200000", "1300000", "150")]   // growth 30 % of 20 % planned
    [InlineData("1000000", "1200000", "1000000", "0")]     // no growth at all
    [InlineData("1000000", "1200000", "900000", "-50")]    // a fall of 10 %: below every band's start
    [InlineData("0", "50000", "40000", "80")]              // a base of 0 (a new product): fact / plan, no division by 0
    [InlineData("-100000", "50000", "20000", "80")]        // from a loss of 100 000 to a planned profit of 50 000: 120 000 of 150 000 made up
    [InlineData("-100000", "-40000", "-70000", "50")]      // a smaller loss planned: 30 000 of 60 000 made up
    public void Higher_is_better_completes_the_growth_made_over_the_growth_planned(string @base, string plan, string fact, string expected)
    {
        var completion = Completion.OfGrowthAgainstPlan(Direction.HigherIsBetter, Build.D(@base), Build.D(plan), Build.D(fact)).GetValueOrThrow();
        Assert.Equal(Build.D(expected), completion.Value);
    }

    [Theory]
    // Costs down 10 %: base 500 000, plan 450 000; a fact of 470 000 made 30 000 of the 50 000 planned → 60 %.
    [InlineData("500000", "450000", "470000", "60")]
    [InlineData("500000", "450000", "450000", "100")]
    [InlineData("500000", "450000", "400000", "200")]
    [InlineData("500000", "450000", "520000", "-40")]
    public void Lower_is_better_completes_the_reduction_made_over_the_reduction_planned(string @base, string plan, string fact, string expected)
    {
        var completion = Completion.OfGrowthAgainstPlan(Direction.LowerIsBetter, Build.D(@base), Build.D(plan), Build.D(fact)).GetValueOrThrow();
        Assert.Equal(Build.D(expected), completion.Value);
    }

    [Theory]
    // A planned fall of revenue (a bad season: 1 000 000 → 900 000). As growth, falling less (950 000) would "complete"
    // only 50 % and falling more 150 %: upside down. Measured as plan vs fact instead: 950 000 of 900 000 = 105.6 %.
    [InlineData(Direction.HigherIsBetter, "1000000", "900000", "950000")]
    [InlineData(Direction.HigherIsBetter, "1000000", "900000", "850000")]
    // A plan equal to the base (hold the level): no growth to divide by; fact / plan.
    [InlineData(Direction.HigherIsBetter, "1000000", "1000000", "1100000")]
    // A planned rise of costs for a lower-is-better KPI: plan / fact.
    [InlineData(Direction.LowerIsBetter, "500000", "550000", "500000")]
    [InlineData(Direction.LowerIsBetter, "500000", "500000", "400000")]
    public void A_plan_that_does_not_grow_the_good_way_is_measured_as_plan_against_fact(Direction direction, string @base, string plan, string fact)
    {
        var growth = Completion.OfGrowthAgainstPlan(direction, Build.D(@base), Build.D(plan), Build.D(fact)).GetValueOrThrow();
        var ratio = Completion.OfRatio(direction, Build.D(plan), Build.D(fact)).GetValueOrThrow();
        Assert.Equal(ratio, growth);
        Assert.True(growth.Value > 0m);
    }

    [Fact]
    public void A_planned_fall_met_exactly_is_100_percent_and_falling_less_is_more()
    {
        var met = Completion.OfGrowthAgainstPlan(Direction.HigherIsBetter, 1_000_000m, 900_000m, 900_000m).GetValueOrThrow();
        var better = Completion.OfGrowthAgainstPlan(Direction.HigherIsBetter, 1_000_000m, 900_000m, 950_000m).GetValueOrThrow();
        Assert.Equal(100m, met.Value);
        Assert.True(better.Value > met.Value);
    }

    [Theory]
    [InlineData("0", "0")]          // base 0, plan 0: nothing planned and nothing to grow from
    [InlineData("100000", "-5000")] // a planned loss on a falling profit: no plan to divide by
    public void A_plan_of_0_or_less_that_does_not_grow_is_refused_never_divided_by(string @base, string plan)
    {
        var result = Completion.OfGrowthAgainstPlan(Direction.HigherIsBetter, Build.D(@base), Build.D(plan), 10m);
        Assert.Equal(DomainErrors.CompletionPlanNotPositive, Assert.Single(result.Errors).Code);
    }

    [Fact]
    public void Extreme_numbers_are_refused_as_out_of_range_not_thrown()
    {
        var result = Completion.OfGrowthAgainstPlan(Direction.HigherIsBetter, 0m, 0.0000000000000000000000000001m, decimal.MaxValue);
        Assert.Equal(DomainErrors.NumberOutOfRange, Assert.Single(result.Errors).Code);
    }

    [Theory]
    [InlineData(GrowthBaseKind.SameMonthLastYear, "2026-03-15", "2025-03-01")]
    [InlineData(GrowthBaseKind.PreviousMonth, "2026-03-15", "2026-02-01")]
    [InlineData(GrowthBaseKind.PreviousMonth, "2026-01-01", "2025-12-01")]
    [InlineData(GrowthBaseKind.SameMonthLastYear, "2028-02-29", "2027-02-01")]
    public void The_base_month_is_the_same_month_last_year_or_the_month_before(GrowthBaseKind kind, string month, string expected) =>
        Assert.Equal(DateOnly.Parse(expected, Build.En), new GrowthBase(kind).MonthOf(DateOnly.Parse(month, Build.En)));

    [Fact]
    public void A_fixed_base_has_no_base_month() => Assert.Null(new GrowthBase(GrowthBaseKind.Fixed, 1_000_000m).MonthOf(new DateOnly(2026, 3, 1)));

    [Fact]
    public void A_growth_kpi_without_a_chosen_base_grows_from_the_same_month_last_year_and_others_have_none()
    {
        var scheme = Build.Scheme(GrowthSpec(null));
        Assert.Equal(GrowthBase.Default, scheme.Kpis[0].Base);
        Assert.Null(scheme.Kpis[1].Base);
    }

    [Fact]
    public void A_fixed_base_needs_its_value_and_the_error_names_the_field()
    {
        var errors = GrowthSpec(new GrowthBase(GrowthBaseKind.Fixed)).Validate();
        var error = Assert.Single(errors);
        Assert.Equal((DomainErrors.KpiGrowthBaseValueRequired, "kpis[0].base.value"), (error.Code, error.Path));
    }

    [Fact]
    public void The_base_survives_the_round_trip_through_the_spec()
    {
        var spec = GrowthSpec(new GrowthBase(GrowthBaseKind.Fixed, 1_000_000m));
        Assert.Equal(spec.Kpis[0].Base, Build.Scheme(spec).ToSpec().Kpis[0].Base);
    }

    [Fact]
    public void The_pay_line_measures_growth_against_the_base_and_explains_it()
    {
        // Growth 50 % weight on the table-6 scale: 75 % completion → band 0–90 (coefficient 0.5); sales 100 % → 1.
        // Variable 15 000 × (0.5 × 0.5 + 0.5 × 1) = 11 250.
        var scheme = Build.Scheme(GrowthSpec(new GrowthBase(GrowthBaseKind.PreviousMonth)));
        var line = PayLineCalculator.Calculate(scheme,
            [new KpiFigures(1_200_000m, 1_150_000m) { Base = 1_000_000m }, new KpiFigures(100m, 100m)], FullMonth);

        var growth = line.Kpis[0];
        Assert.Equal(MissingFigure.None, growth.Missing);
        Assert.Equal(75m, growth.CompletionPercent);
        Assert.Equal(0.5m, growth.Coefficient);
        Assert.Equal((1_000_000m, GrowthBaseKind.PreviousMonth), (growth.Base, growth.BaseKind));
        Assert.Equal(11_250m, line.Variable);
        Assert.Null(line.Kpis[1].Base);
    }

    [Fact]
    public void A_missing_base_counts_as_0_percent_and_is_flagged_as_such()
    {
        var scheme = Build.Scheme(GrowthSpec(null));
        var line = PayLineCalculator.Calculate(scheme, [new KpiFigures(1_200_000m, 1_150_000m), new KpiFigures(100m, 100m)], FullMonth);

        Assert.Equal(MissingFigure.Base, line.Kpis[0].Missing);
        Assert.Equal(0m, line.Kpis[0].CompletionPercent);
        Assert.True(line.HasMissingFigures);
    }

    [Theory]
    [InlineData(null, "1150000", MissingFigure.Plan)]
    [InlineData("1200000", null, MissingFigure.Fact)]
    [InlineData(null, null, MissingFigure.PlanAndFact)]
    public void A_missing_plan_or_fact_of_a_growth_kpi_is_flagged_like_any_other(string? plan, string? fact, MissingFigure expected)
    {
        var scheme = Build.Scheme(GrowthSpec(null));
        var figures = new KpiFigures(plan is null ? null : Build.D(plan), fact is null ? null : Build.D(fact)) { Base = 1_000_000m };
        var line = PayLineCalculator.Calculate(scheme, [figures, new KpiFigures(100m, 100m)], FullMonth);
        Assert.Equal(expected, line.Kpis[0].Missing);
    }

    private static SchemeSpec GrowthSpec(GrowthBase? @base) => new(
        15_000m,
        15_000m,
        [
            new SchemeKpiSpec("Revenue growth", 50m, Build.Table6Spec, Measurement: Measurement.Growth, Base: @base),
            new SchemeKpiSpec("Sales plan", 50m, Build.Table6Spec),
        ]);
}
