using KpiPlanner.Domain.Check;
using KpiPlanner.Domain.Scales;
using KpiPlanner.Domain.Schemes;
using KpiPlanner.Domain.Validation;

namespace KpiPlanner.Domain.Tests;

public class SchemeCheckTests
{
    private static CheckResult Check(SchemeSpec spec) => SchemeCheck.Run(Build.Scheme(spec)).GetValueOrThrow();

    [Fact]
    public void Table_6_matrix_is_reproduced_by_the_check()
    {
        var check = Check(Build.ArticleSpec());

        decimal[,] table6 =
        {
            { 22_500m, 26_250m, 30_000m },
            { 26_250m, 30_000m, 33_750m },
            { 30_000m, 33_750m, 37_500m },
        };
        Assert.Equal(9, check.Outcomes.Count);
        for (var row = 0; row < 3; row++)
        {
            for (var column = 0; column < 3; column++)
            {
                Assert.Equal(table6[row, column], check.Outcome(row, column).Total);
                Assert.Equal(table6[row, column], check.Outcomes[(row * 3) + column].Total);
            }
        }

        Assert.Equal([1.5m, 0.5m], check.Outcome(2, 0).Coefficients);
        Assert.Equal((22_500m, 30_000m, 37_500m), (check.Min, check.Plan, check.Max));
    }

    [Fact]
    public void Check_of_5_kpis_with_5_bands_lists_3125_outcomes()
    {
        var kpis = Enumerable.Range(1, 5).Select(i => new SchemeKpiSpec("KPI " + i, 20m, Build.Table3Spec)).ToArray();
        var check = Check(new SchemeSpec(15_000m, 15_000m, kpis));

        Assert.Equal(3_125, check.Outcomes.Count);
        Assert.Equal(3_125, check.Outcomes.Select(o => string.Join(",", o.BandIndexes)).Distinct().Count());
        Assert.Equal(15_000m, check.Min);           // every KPI unacceptable
        Assert.Equal(30_000m, check.Plan);          // every KPI in "target reached"
        Assert.Equal(37_500m, check.Max);           // every KPI at 1.5
        Assert.Equal([2, 2, 2, 2, 2], check.PlanOutcome.BandIndexes);
    }

    [Fact]
    public void The_check_gives_the_fund_range_of_a_position()
    {
        var fund = Check(Build.ArticleSpec()).FundFor(4);
        Assert.Equal(new PayFundRange(4, 90_000m, 120_000m, 150_000m), fund);
    }

    [Fact]
    public void A_linear_band_enters_the_check_at_its_end_coefficient()
    {
        var scale = new ScaleSpec([new Band(0m, 80m, 0m), new Band(80m, 120m, 0.5m, ToInclusive: true, CoefficientTo: 1.5m), new Band(120m, null, 2m)]);
        var check = Check(new SchemeSpec(0m, 10_000m, [new SchemeKpiSpec("KPI", 100m, scale)]));

        Assert.Equal([0m, 1.5m, 2m], check.Outcomes.Select(o => o.Coefficients[0]));
        Assert.Equal(15_000m, check.Plan);       // 100 % is inside the linear band; the check shows its end
    }

    [Fact]
    public void A_capped_scale_is_capped_in_the_check_too()
    {
        var check = Check(new SchemeSpec(15_000m, 15_000m,
            [new SchemeKpiSpec("KPI", 100m, ScalePresets.ArticleTable3CappedAtOne(Build.En).ToSpec())]));
        Assert.Equal([0m, 0.5m, 1m, 1m, 1m], check.Outcomes.Select(o => o.Coefficients[0]));
        Assert.Equal(30_000m, check.Max);
    }

    [Fact]
    public void A_gate_zeroes_the_variable_part_of_outcomes_wholly_below_it()
    {
        var spec = Build.ArticleSpec(Build.Table3Spec);
        spec = spec with { Kpis = [spec.Kpis[0] with { Gate = 50m }, spec.Kpis[1]] };
        var check = Check(spec);

        Assert.All(check.Outcomes.Where(o => o.BandIndexes[0] == 0), o => Assert.Equal((true, 15_000m), (o.Gated, o.Total)));
        Assert.All(check.Outcomes.Where(o => o.BandIndexes[0] > 0), o => Assert.False(o.Gated));
        Assert.Equal(15_000m, check.Min);
        Assert.Equal(22_500m, check.Outcome(1, 1).Total);
    }

    [Fact]
    public void A_gate_inside_a_band_does_not_gate_that_band_in_the_check()
    {
        var spec = Build.ArticleSpec(Build.Table3Spec);
        spec = spec with { Kpis = [spec.Kpis[0] with { Gate = 70m }, spec.Kpis[1]] };
        var check = Check(spec);
        Assert.True(check.Outcome(0, 4).Gated);
        Assert.False(check.Outcome(1, 4).Gated); // 50–90 % holds completions that reach 70 %
    }

    [Fact]
    public void A_threshold_bonus_appears_in_outcomes_that_reach_it()
    {
        var spec = Build.ArticleSpec() with { Bonus = BonusRule.WhenKpiReaches("Sales plan", 100.01m, 5_000m) };
        var check = Check(spec);
        Assert.Equal(0m, check.Outcome(1, 1).Bonus);
        Assert.Equal(5_000m, check.Outcome(2, 1).Bonus);
        Assert.Equal(42_500m, check.Max);
    }

    [Fact]
    public void A_check_that_would_be_too_large_is_refused_not_attempted()
    {
        var bands = Enumerable.Range(0, 6).Select(i => new Band(i * 10m, i == 5 ? null : (i + 1) * 10m, i)).ToArray();
        var kpis = Enumerable.Range(1, 7).Select(i => new SchemeKpiSpec("KPI " + i, i == 7 ? 10m : 15m, new ScaleSpec(bands))).ToArray();

        var result = SchemeCheck.Run(Build.Scheme(new SchemeSpec(0m, 1_000m, kpis)));
        var error = Assert.Single(result.Errors);
        Assert.Equal(DomainErrors.CheckTooManyOutcomes, error.Code);
        Assert.Equal("279936", Convert.ToString(error.Args["count"], Build.En));
        Assert.Contains("279936 outcomes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_check_whose_pay_would_not_fit_numeric_18_2_is_refused_like_the_pay_itself()
    {
        var spec = Build.ArticleSpec(Build.Table6Spec) with { Fixed = Money.MaxAmount, PlannedVariable = Money.MaxAmount };

        var result = SchemeCheck.Run(Build.Scheme(spec));

        Assert.Equal(DomainErrors.PayOutOfRange, Assert.Single(result.Errors).Code);
    }
}
