using KpiPlanner.Domain.Payroll;
using KpiPlanner.Domain.Schemes;

namespace KpiPlanner.Domain.Tests.Payroll;

public class PayLineCalculatorTests
{
    private static readonly WorkedTime FullMonth = new(21, 21, ProrationBasis.WorkingDays);

    [Fact]
    public void A_full_month_pays_what_the_pay_formula_pays_and_explains_every_kpi()
    {
        // Article: sales 330 000 of 350 000 (94.3 % → 1), work plan 110 % (→ 1.5): 15 000 + 15 000 × (0.5 + 0.75).
        var scheme = Build.Scheme(Build.ArticleSpec());
        var line = PayLineCalculator.Calculate(scheme, [new(350_000m, 330_000m), new(20m, 22m)], FullMonth);

        Assert.Equal(15_000m, line.Fixed);
        Assert.Equal(18_750m, line.Variable);
        Assert.Equal(33_750m, line.Total);
        Assert.False(line.HasMissingFigures);
        var sales = line.Kpis[0];
        Assert.Equal(350_000m, sales.Plan);
        Assert.Equal(330_000m, sales.Fact);
        Assert.Equal(330_000m * 100m / 350_000m, sales.CompletionPercent);
        Assert.Equal((1, 90m, (decimal?)100m, 1m), (sales.BandIndex, sales.BandFrom, sales.BandTo, sales.Coefficient));
        Assert.Equal(7_500m, sales.Contribution);
        Assert.Equal(11_250m, line.Kpis[1].Contribution);
        Assert.Equal(line.Variable, line.Kpis.Sum(k => k.Contribution));
    }

    [Fact]
    public void A_hire_within_the_month_gets_the_fixed_part_prorated_by_working_days_and_the_variable_part_whole()
    {
        // 10 of 15 working days (January 2026): 15 000 × 10/15 = 10 000.
        var scheme = Build.Scheme(Build.ArticleSpec());
        var line = PayLineCalculator.Calculate(scheme, [new(100m, 100m), new(100m, 100m)], new WorkedTime(10, 15, ProrationBasis.WorkingDays));
        Assert.Equal(10_000m, line.Fixed);
        Assert.Equal(15_000m, line.Variable);
        Assert.Equal(25_000m, line.Total);
    }

    [Fact]
    public void A_scheme_that_prorates_the_variable_part_rounds_once_half_away_from_zero()
    {
        // 7 of 22 days: fixed 15 000 × 7/22 = 4 772.7272… → 4 772.73; variable 15 000 × 7/22 × 1 → 4 772.73.
        var scheme = Build.Scheme(Build.ArticleSpec() with { ProrateVariable = true });
        var line = PayLineCalculator.Calculate(scheme, [new(100m, 100m), new(100m, 100m)], new WorkedTime(7, 22, ProrationBasis.WorkingDays));
        Assert.Equal(4_772.73m, line.Fixed);
        Assert.Equal(4_772.73m, line.Variable);
        Assert.Equal(9_545.46m, line.Total);
        Assert.Equal(15_000m * 7m / 22m, line.Kpis.Sum(k => k.Contribution), 20);
    }

    [Theory]
    [InlineData(null, 100, MissingFigure.Plan)]
    [InlineData(0, 100, MissingFigure.Plan)]
    [InlineData(100, null, MissingFigure.Fact)]
    [InlineData(null, null, MissingFigure.PlanAndFact)]
    public void A_kpi_without_its_plan_or_fact_counts_as_zero_percent_and_is_flagged(int? plan, int? fact, MissingFigure expected)
    {
        var scheme = Build.Scheme(Build.ArticleSpec());
        var line = PayLineCalculator.Calculate(scheme, [new(plan, fact), new(100m, 100m)], FullMonth);
        Assert.Equal(expected, line.Kpis[0].Missing);
        Assert.Equal(0m, line.Kpis[0].CompletionPercent);
        Assert.Equal(0.5m, line.Kpis[0].Coefficient);   // table 6's first band: 0–90 % → 0.5
        Assert.True(line.HasMissingFigures);
        Assert.Equal(15_000m + 15_000m * (0.25m + 0.5m), line.Total);
    }

    [Fact]
    public void A_failed_gate_zeroes_the_variable_part_but_keeps_the_fixed_part()
    {
        var spec = Build.ArticleSpec();
        spec = spec with { Kpis = [spec.Kpis[0] with { Gate = 80m }, spec.Kpis[1]] };
        var line = PayLineCalculator.Calculate(Build.Scheme(spec), [new(100m, 70m), new(100m, 120m)], FullMonth);
        Assert.True(line.Gated);
        Assert.Equal(0m, line.Variable);
        Assert.Equal(15_000m, line.Total);
        Assert.True(line.Kpis[0].GateFailed);
        Assert.All(line.Kpis, k => Assert.Equal(0m, k.Contribution));
    }

    [Fact]
    public void Lower_is_better_kpi_with_nothing_planned_and_nothing_done_is_explained_as_infinite()
    {
        var scheme = Build.Scheme(new SchemeSpec(0m, 10_000m,
            [new SchemeKpiSpec("Complaints", 100m, Build.Table3Spec, Kpis.Direction.LowerIsBetter)]));
        var line = PayLineCalculator.Calculate(scheme, [new(0m, 0m)], FullMonth);
        Assert.Equal(MissingFigure.Plan, line.Kpis[0].Missing);
    }
}
