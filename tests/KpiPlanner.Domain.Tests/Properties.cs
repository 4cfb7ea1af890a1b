using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using KpiPlanner.Domain.Check;
using KpiPlanner.Domain.Kpis;
using KpiPlanner.Domain.Pay;
using KpiPlanner.Domain.Scales;
using KpiPlanner.Domain.Schemes;
using KpiPlanner.Domain.Validation;

namespace KpiPlanner.Domain.Tests;

/// <summary>Generators built from ints only: every decimal is an int scaled by a power of ten, never a double.</summary>
internal static class Gens
{
    /// <summary>A percent with 2 decimals, −50.00 … 300.00.</summary>
    public static Gen<decimal> Percent => Gen.Choose(-5_000, 30_000).Select(i => i / 100m);

    /// <summary>
    /// A valid percent scale of 1–6 bands with integer boundaries; coefficients non-decreasing when
    /// <paramref name="nonDecreasing"/>; some bands linear, some boundaries owned by the lower band, an optional cap.
    /// </summary>
    public static Gen<ScaleSpec> Scale(bool nonDecreasing) =>
        from count in Gen.Choose(1, 6)
        from widths in Gen.ArrayOf(Gen.Choose(1, 60), count)
        from steps in Gen.ArrayOf(Gen.Choose(0, 80), count * 2)
        from inclusive in Gen.ArrayOf(Gen.Elements(true, false), count)
        from linear in Gen.ArrayOf(Gen.Elements(true, false), count)
        from cap in Gen.Choose(-1, 300)
        select MakeScale(count, widths, steps, inclusive, linear, cap, nonDecreasing);

    private static ScaleSpec MakeScale(int count, int[] widths, int[] steps, bool[] inclusive, bool[] linear, int cap, bool nonDecreasing)
    {
        var bands = new Band[count];
        var from = 0m;
        var level = 0m;
        for (var i = 0; i < count; i++)
        {
            var last = i == count - 1;
            decimal? to = last ? null : from + widths[i];
            var start = nonDecreasing ? level + (steps[2 * i] / 100m) : steps[2 * i] / 40m;
            var end = nonDecreasing ? start + (steps[(2 * i) + 1] / 100m) : steps[(2 * i) + 1] / 40m;
            var isLinear = linear[i] && !last;
            bands[i] = new Band(from, to, start, ToInclusive: inclusive[i] && !last, CoefficientTo: isLinear ? end : null);
            level = isLinear ? end : start;
            from = to ?? from;
        }

        return new ScaleSpec(bands, cap < 0 ? null : cap / 100m);
    }

    /// <summary>2–7 positive integer weights, summing to exactly 100.</summary>
    public static Gen<decimal[]> Weights =>
        from count in Gen.Choose(1, 7)
        from piles in Gen.Piles(count, 100 - count)
        select piles.Select(p => (decimal)(p + 1)).ToArray();
}

public class Properties
{
    private static MotivationScheme SchemeOf(decimal[] weights, ScaleSpec[] scales, decimal? gate = null) =>
        Build.Scheme(new SchemeSpec(10_000m, 15_000m,
            weights.Select((w, i) => new SchemeKpiSpec("KPI " + i, w, scales[i % scales.Length], Gate: i == 0 ? gate : null)).ToArray()));

    [Property(MaxTest = 300)]
    public Property A_higher_completion_never_lowers_pay_on_a_non_decreasing_scale() =>
        Prop.ForAll(
            (from weights in Gens.Weights
             from scales in Gen.ArrayOf(Gens.Scale(nonDecreasing: true), 3)
             from completions in Gen.ArrayOf(Gens.Percent, 7)
             from kpi in Gen.Choose(0, 6)
             from raise in Gen.Choose(0, 20_000)
             from gate in Gen.Choose(-1, 150)
             select (weights, scales, completions, kpi, raise, gate)).ToArbitrary(),
            c =>
            {
                var scheme = SchemeOf(c.weights, c.scales, c.gate < 0 ? null : c.gate);
                var lower = c.completions.Take(c.weights.Length).ToArray();
                var higher = (decimal[])lower.Clone();
                var k = c.kpi % lower.Length;
                higher[k] += c.raise / 100m;

                var payLower = Build.PayAt(scheme, lower).Total;
                var payHigher = Build.PayAt(scheme, higher).Total;
                return payLower <= payHigher;
            });

    [Property(MaxTest = 300)]
    public Property Generated_non_decreasing_scales_are_valid_and_non_decreasing() =>
        Prop.ForAll(Gens.Scale(nonDecreasing: true).ToArbitrary(), spec =>
        {
            var scale = CoefficientScale.Create(spec);
            return scale.IsValid && scale.Value.IsNonDecreasing;
        });

    [Property(MaxTest = 300)]
    public Property Weights_not_summing_to_100_are_always_refused() =>
        Prop.ForAll(
            (from weights in Gens.Weights
             from delta in Gen.Choose(-9_999, 9_999).Where(d => d != 0)
             select (weights, delta)).ToArbitrary(),
            c =>
            {
                var weights = (decimal[])c.weights.Clone();
                weights[^1] += c.delta / 100m;    // off by 0.01 … 99.99
                var spec = new SchemeSpec(0m, 1_000m,
                    weights.Select((w, i) => new SchemeKpiSpec("KPI " + i, w, Build.Table3Spec)).ToArray());
                var result = MotivationScheme.Create(spec);
                return !result.IsValid && spec.Validate().Any(e => e.Code == DomainErrors.SchemeWeightsSum);
            });

    [Property(MaxTest = 300)]
    public Property Weights_summing_to_exactly_100_are_accepted() =>
        Prop.ForAll(Gens.Weights.ToArbitrary(), weights =>
            MotivationScheme.Create(new SchemeSpec(0m, 1_000m,
                weights.Select((w, i) => new SchemeKpiSpec("KPI " + i, w, Build.Table3Spec)).ToArray())).IsValid);

    [Property(MaxTest = 200)]
    public Property The_check_is_ordered_min_plan_max_and_has_one_outcome_per_band_combination() =>
        Prop.ForAll(
            (from count in Gen.Choose(1, 4)
             from piles in Gen.Piles(count, 100 - count)
             from scales in Gen.ArrayOf(Gens.Scale(nonDecreasing: false), count)
             from gate in Gen.Choose(-1, 150)
             select (weights: piles.Select(p => (decimal)(p + 1)).ToArray(), scales, gate)).ToArbitrary(),
            c =>
            {
                var scheme = SchemeOf(c.weights, c.scales, c.gate < 0 ? null : c.gate);
                var check = SchemeCheck.Run(scheme).GetValueOrThrow();
                var size = scheme.Kpis.Aggregate(1, (p, k) => p * k.Scale.Bands.Count);
                return check.Min <= check.Plan
                    && check.Plan <= check.Max
                    && check.Outcomes.Count == size
                    && check.Outcomes.All(o => check.Min <= o.Total && o.Total <= check.Max);
            });

    [Property(MaxTest = 200)]
    public Property On_step_scales_the_check_holds_the_pay_of_any_completion() =>
        Prop.ForAll(
            (from scale in Gens.Scale(nonDecreasing: false)
             from completion in Gens.Percent
             select (scale: scale with { Bands = scale.Bands.Select(b => b with { CoefficientTo = null }).ToArray() }, completion)).ToArbitrary(),
            c =>
            {
                var scheme = SchemeOf([100m], [c.scale]);
                var pay = Build.PayAt(scheme, c.completion);
                var check = SchemeCheck.Run(scheme).GetValueOrThrow();
                return check.Outcome(pay.Kpis[0].BandIndex).Total == pay.Total;
            });

    [Property(MaxTest = 300)]
    public Property Money_rounding_is_half_away_from_zero_and_symmetric() =>
        Prop.ForAll(Gen.Choose(-1_000_000, 1_000_000).Select(i => i / 1000m).ToArbitrary(), x =>
        {
            var rounded = Money.Round(x);
            var distance = Math.Abs(rounded - x);
            return Money.Round(-x) == -rounded
                && distance <= 0.005m
                && (distance < 0.005m || Math.Abs(rounded) > Math.Abs(x));
        });
}
