using KpiPlanner.Domain.Kpis;
using KpiPlanner.Domain.Payroll;
using KpiPlanner.Domain.Scales;
using KpiPlanner.Domain.Schemes;

namespace KpiPlanner.Domain.Tests.Payroll;

/// <summary>
/// The employee's next-band hint («310 500 ₽ (+500 ₽) → коэффициент 1»): the fact, on the unit's step, that first puts
/// a KPI in the next band paying more — for every kind of KPI and every kind of band boundary.
/// Table 3: [0, 50) → 0; [50, 90) → 0.5; [90, 100] → 1; (100, 120] → 1.2; (120, +∞) → 1.5.
/// </summary>
public class NextBandTests
{
    private static readonly ScaleSpec Table3 = Build.Table3Spec;

    /// <summary>Days late: [0, 1] → 1.2; (1, 3) → 1; [3, 5] → 0.5; (5, +∞) → 0 — fewer days, better band.</summary>
    private static readonly ScaleSpec DaysLate = new(
        [
            new Band(0m, 1m, 1.2m, ToInclusive: true),
            new Band(1m, 3m, 1m),
            new Band(3m, 5m, 0.5m, ToInclusive: true),
            new Band(5m, null, 0m),
        ], Kind: ScaleKind.RawValue, PlanValue: 1m);

    /// <summary>Calls made: [0, 10) → 0; [10, +∞) → 1.</summary>
    private static readonly ScaleSpec Calls = new([new Band(0m, 10m, 0m), new Band(10m, null, 1m)], Kind: ScaleKind.RawValue, PlanValue: 10m);

    /// <summary>Two bands paying the same 0.5 in a row: the next band paying more is the third.</summary>
    private static readonly ScaleSpec Plateau = new([new Band(0m, 50m, 0.5m), new Band(50m, 90m, 0.5m), new Band(90m, null, 1m)]);

    public static IEnumerable<object?[]> Cases =>
    [
        // name, scale, direction, measurement, plan, fact, base, decimals → fact, change, coefficient
        [ "the issue's example: 310 000 of 345 000 is 89.9 %; 90 % is 310 500", Table3, Direction.HigherIsBetter, Measurement.Ratio, "345000", "310000", null, 2, "310500", "500", "1" ],
        [ "90 % starts the band: 90 000 of 100 000 is enough", Table3, Direction.HigherIsBetter, Measurement.Ratio, "100000", "89000", null, 2, "90000", "1000", "1" ],
        [ "the band owns 100 %: only more than the plan reaches 1.2, a kopeck more", Table3, Direction.HigherIsBetter, Measurement.Ratio, "300000", "300000", null, 2, "300000.01", "0.01", "1.2" ],
        [ "counts step by whole pieces", Table3, Direction.HigherIsBetter, Measurement.Ratio, "30", "30", null, 0, "31", "1", "1.2" ],
        [ "a fact between kopecks moves to the next kopeck", Table3, Direction.HigherIsBetter, Measurement.Ratio, "100", "89.995", null, 2, "90", "0.005", "1" ],
        [ "below 50 %: the next band is 0.5 at 50 %", Table3, Direction.HigherIsBetter, Measurement.Ratio, "1000", "10", null, 0, "500", "490", "0.5" ],
        [ "a loss against a profit plan (negative completion) still has a way up", Table3, Direction.HigherIsBetter, Measurement.Ratio, "1000", "-200", null, 0, "500", "700", "0.5" ],
        [ "the top band has no next band", Table3, Direction.HigherIsBetter, Measurement.Ratio, "300000", "400000", null, 2, null, null, null ],
        [ "lower is better: 125 of a plan of 100 is 80 %; 90 % needs at most 111.11", Table3, Direction.LowerIsBetter, Measurement.Ratio, "100", "125", null, 2, "111.11", "-13.89", "1" ],
        [ "lower is better in whole units: 111", Table3, Direction.LowerIsBetter, Measurement.Ratio, "100", "125", null, 0, "111", "-14", "1" ],
        [ "lower is better, the plan met: below the plan is more than 100 %", Table3, Direction.LowerIsBetter, Measurement.Ratio, "100", "100", null, 2, "99.99", "-0.01", "1.2" ],
        [ "lower is better, 120 % owned by its band: more than 120 % needs less than 83.33…", Table3, Direction.LowerIsBetter, Measurement.Ratio, "100", "90", null, 2, "83.33", "-6.67", "1.5" ],
        [ "growth: base 1 000 000, plan 1 200 000, fact 1 150 000 is 75 %; 90 % is 1 180 000", Table3, Direction.HigherIsBetter, Measurement.Growth, "1200000", "1150000", "1000000", 2, "1180000", "30000", "1" ],
        [ "growth below the base (negative completion)", Table3, Direction.HigherIsBetter, Measurement.Growth, "1200000", "900000", "1000000", 2, "1100000", "200000", "0.5" ],
        [ "growth, lower is better: costs 500 000 → plan 450 000, fact 470 000 is 60 %; 90 % is 455 000", Table3, Direction.LowerIsBetter, Measurement.Growth, "450000", "470000", "500000", 2, "455000", "-15000", "1" ],
        [ "growth planned the wrong way is plan vs fact: 850 000 of 900 000 is 94.4 %; above 100 % needs 900 000.01", Table3, Direction.HigherIsBetter, Measurement.Growth, "900000", "850000", "1000000", 2, "900000.01", "50000.01", "1.2" ],
        [ "raw value, less is better: 4 days is 0.5; 3 belongs to [3, 5], so under 3", DaysLate, Direction.LowerIsBetter, Measurement.RawValue, null, "4", null, 2, "2.99", "-1.01", "1" ],
        [ "raw value, less is better, whole days", DaysLate, Direction.LowerIsBetter, Measurement.RawValue, null, "4", null, 0, "2", "-2", "1" ],
        [ "raw value, less is better: 1 day is owned by the best band", DaysLate, Direction.LowerIsBetter, Measurement.RawValue, null, "2.5", null, 2, "1", "-1.5", "1.2" ],
        [ "raw value, less is better, the best band has no next band", DaysLate, Direction.LowerIsBetter, Measurement.RawValue, null, "0.5", null, 2, null, null, null ],
        [ "raw value, more is better", Calls, Direction.HigherIsBetter, Measurement.RawValue, null, "7", null, 0, "10", "3", "1" ],
        [ "a band paying no more is passed over", Plateau, Direction.HigherIsBetter, Measurement.Ratio, "100", "40", null, 2, "90", "50", "1" ],
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_hint_is_the_first_fact_on_the_units_step_that_reaches_a_band_paying_more(
        string because, ScaleSpec scale, Direction direction, Measurement measurement, string? plan, string fact, string? @base, int decimals,
        string? expectedFact, string? expectedChange, string? expectedCoefficient)
    {
        var kpi = Kpi(scale, direction, measurement, @base is null ? null : new GrowthBase(GrowthBaseKind.Fixed, Build.D(@base)));
        var figures = new KpiFigures(plan is null ? null : Build.D(plan), Build.D(fact)) { Base = @base is null ? null : Build.D(@base) };

        var next = NextBand.Of(kpi, figures, decimals);

        if (expectedFact is null)
        {
            Assert.True(next is null, because);
            return;
        }

        Assert.True(next is not null, because);
        Assert.Equal(Build.D(expectedFact), next.Fact);
        Assert.Equal(Build.D(expectedChange!), next.Change);
        Assert.Equal(Build.D(expectedCoefficient!), next.Coefficient);
        // One step less is not enough: the hint is the first such fact, and the pay engine agrees with it.
        var oneStepShort = next.Fact - (Math.Sign(next.Change) * NextBand.Step(decimals));
        var (shortCompletion, _) = KpiMeasure.Of(kpi, figures with { Fact = oneStepShort });
        Assert.True(kpi.Scale.Lookup(shortCompletion).Coefficient < next.Coefficient, because);
    }

    [Theory]
    [InlineData(null, "100")]
    [InlineData("100", null)]
    public void A_KPI_without_its_plan_or_fact_has_no_hint(string? plan, string? fact)
    {
        var kpi = Kpi(Table3, Direction.HigherIsBetter, Measurement.Ratio, null);
        Assert.Null(NextBand.Of(kpi, new KpiFigures(plan is null ? null : Build.D(plan), fact is null ? null : Build.D(fact)), 2));
    }

    [Fact]
    public void A_growth_KPI_without_its_base_has_no_hint()
    {
        var kpi = Kpi(Table3, Direction.HigherIsBetter, Measurement.Growth, GrowthBase.Default);
        Assert.Null(NextBand.Of(kpi, new KpiFigures(1_200m, 1_100m), 2));
    }

    [Fact]
    public void Above_a_cap_no_band_pays_more()
    {
        var capped = Table3 with { Cap = 1m };
        var kpi = Kpi(capped, Direction.HigherIsBetter, Measurement.Ratio, null);
        Assert.Null(NextBand.Of(kpi, new KpiFigures(100m, 100m), 2));
        Assert.Equal(90m, NextBand.Of(kpi, new KpiFigures(100m, 60m), 2)!.Fact);
    }

    [Fact]
    public void Lower_is_better_reaches_the_top_band_at_a_fact_of_zero()
    {
        // Above 120 % of a plan of 1 with whole units: only a fact of 0 (+∞ %) is better than 1 / 1.2.
        var kpi = Kpi(Table3, Direction.LowerIsBetter, Measurement.Ratio, null);
        var next = NextBand.Of(kpi, new KpiFigures(1m, 1m), 0)!;
        Assert.Equal(0m, next.Fact);
        Assert.Equal(1.5m, next.Coefficient);
    }

    private static SchemeKpi Kpi(ScaleSpec scale, Direction direction, Measurement measurement, GrowthBase? @base) =>
        Build.Scheme(new SchemeSpec(0m, 10_000m, [new SchemeKpiSpec("KPI", 100m, scale, direction, measurement) { Base = @base }])).Kpis[0];
}
