using System.Text.Json;
using static KpiPlanner.IntegrationTests.PayBodies;

namespace KpiPlanner.IntegrationTests;

/// <summary>
/// Growth KPIs in <c>POST /api/pay/preview</c> (issue 19): <c>"measure": "growth"</c> with <c>base</c> beside plan and
/// fact; completion = (fact − base) / (plan − base), the article's table 2, row 1.2. Scale: table 3
/// ([0, 50) → 0; [50, 90) → 0.5; [90, 100] → 1; (100, 120] → 1.2; above → 1.5); fixed 15 000, planned variable 15 000.
/// </summary>
public sealed partial class PayApiTests
{
    [Fact]
    public async Task The_articles_growth_example_completes_75_percent()
    {
        // Base 1 000 000, plan growth 20 % = a plan of 1 200 000; a fact of 1 150 000 grew 15 %: 15 / 20 = 75 %.
        var body = Scheme(GrowthKpi("Прирост выручки", 100m, 1_000_000m, 1_200_000m, 1_150_000m, Table3Bands()));

        using var json = await OkAsync(Preview, body);

        var kpi = json.RootElement.GetProperty("kpis")[0];
        Assert.Equal(75m, kpi.GetProperty("completion").GetDecimal());
        Assert.Equal("growth", kpi.GetProperty("measure").GetString());
        Assert.Equal(1, kpi.GetProperty("bandIndex").GetInt32());
        Assert.Equal(0.5m, kpi.GetProperty("coefficient").GetDecimal());
        Assert.Equal(15_000m + 7_500m, json.RootElement.GetProperty("total").GetDecimal()); // 15 000 × 0.5
    }

    [Fact]
    public async Task A_ratio_kpi_answers_measure_ratio()
    {
        using var json = await OkAsync(Preview, Table6Scheme());

        Assert.All(json.RootElement.GetProperty("kpis").EnumerateArray(),
            k => Assert.Equal("ratio", k.GetProperty("measure").GetString()));
    }

    [Theory]
    // A loss of 100 000 planned to become a profit of 50 000; a fact of 0 made 100 000 of the 150 000 planned: 66.67 %.
    [InlineData(-100_000, 50_000, 0, null, "66.666666666666666666666666667", 0.5)]
    // From a base of 0: the planned change is the plan itself; 90 of 120 = 75 %.
    [InlineData(0, 120, 90, null, "75", 0.5)]
    // Lower is better (costs): from 100 planned down to 80, a fact of 90 made half the planned fall.
    [InlineData(100, 80, 90, "lowerIsBetter", "50", 0.5)]
    // A fact below the base is a negative growth: the lowest band, never a silent 0 % or an error.
    [InlineData(1_000, 1_200, 950, null, "-25", 0)]
    // Doing better than planned: grew 300 where 200 was planned.
    [InlineData(1_000, 1_200, 1_300, null, "150", 1.5)]
    public async Task Growth_from_any_base_is_the_change_made_over_the_change_planned(
        decimal @base, decimal plan, decimal fact, string? direction, string completion, decimal coefficient)
    {
        var body = Scheme(GrowthKpi("Прирост", 100m, @base, plan, fact, Table3Bands(), direction));

        using var json = await OkAsync(Preview, body);

        var kpi = json.RootElement.GetProperty("kpis")[0];
        Assert.Equal(decimal.Parse(completion, System.Globalization.CultureInfo.InvariantCulture), kpi.GetProperty("completion").GetDecimal());
        Assert.Equal("growth", kpi.GetProperty("measure").GetString());
        Assert.Equal(coefficient, kpi.GetProperty("coefficient").GetDecimal());
    }

    [Theory]
    // No growth planned (plan = base): plan against fact, 110 / 100.
    [InlineData(100, 100, 110, null, 110)]
    // A planned fall of a higher-is-better KPI has no growth to complete: plan against fact, 990 / 900 = 110 %.
    [InlineData(1_000, 900, 990, null, 110)]
    // A planned rise of costs (lower is better): plan / fact = 120 / 100.
    [InlineData(100, 120, 100, "lowerIsBetter", 120)]
    public async Task A_plan_that_does_not_grow_the_good_way_is_measured_plan_against_fact_and_says_so(
        decimal @base, decimal plan, decimal fact, string? direction, decimal completion)
    {
        var body = Scheme(GrowthKpi("Прирост", 100m, @base, plan, fact, Table3Bands(), direction));

        using var json = await OkAsync(Preview, body);

        var kpi = json.RootElement.GetProperty("kpis")[0];
        Assert.Equal(completion, kpi.GetProperty("completion").GetDecimal());
        Assert.Equal("ratio", kpi.GetProperty("measure").GetString());
    }

    [Fact]
    public async Task A_growth_kpi_without_a_base_is_a_400_at_its_base()
    {
        var body = Scheme(GrowthKpi("Прирост", 100m, null, 1_200m, 1_100m));

        using var problem = await ProblemAsync(Preview, body.ToJsonString());

        AssertError(problem, "kpis[0].base", "request.required");
        Assert.Single(Errors(problem));
    }

    [Fact]
    public async Task A_base_on_a_ratio_kpi_is_refused_not_ignored()
    {
        var kpi = Kpi("Продажи", 100m, 100m, 90m);
        kpi["base"] = 80m;

        using var problem = await ProblemAsync(Preview, Scheme(kpi).ToJsonString(), "en-US");

        AssertError(problem, "kpis[0].base", "request.base_without_growth");
        Assert.Contains("\"measure\": \"growth\"", Message(problem, "kpis[0].base"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_measure_is_named_in_the_request_language()
    {
        var kpi = Kpi("Продажи", 100m, 100m, 90m);
        kpi["measure"] = "average";

        var body = Scheme(kpi).ToJsonString();
        using var russian = await ProblemAsync(Preview, body);
        using var english = await ProblemAsync(Preview, body, "en-US");

        AssertError(russian, "kpis[0].measure", "request.unknown_measure");
        Assert.Contains("прирост", Message(russian, "kpis[0].measure"), StringComparison.Ordinal);
        Assert.Contains("growth from a base", Message(english, "kpis[0].measure"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_way_growth_plan_of_0_is_refused_as_plan_against_fact_refuses_it()
    {
        var body = Scheme(GrowthKpi("Прирост", 100m, 100m, 0m, 50m));

        using var problem = await ProblemAsync(Preview, body.ToJsonString());

        AssertError(problem, "kpis[0].plan", "completion.plan_not_positive");
    }

    [Fact]
    public async Task The_check_takes_growth_kpis_like_any_other()
    {
        var body = Scheme(GrowthKpi("Прирост", 50m, 1_000m, 1_200m, 1_100m), Kpi("Продажи", 50m));

        using var json = await OkAsync(Check, body);

        Assert.Equal(9, json.RootElement.GetProperty("count").GetInt32());
        Assert.Equal(JsonValueKind.Number, json.RootElement.GetProperty("plan").ValueKind);
    }
}
