using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using KpiPlanner.Domain.Goals;
using KpiPlanner.Domain.Kpis;

namespace KpiPlanner.Domain.Tests.Goals;

/// <summary>Properties of splits. Every decimal comes from ints scaled by powers of ten, never a double.</summary>
public class GoalProperties
{
    /// <summary>An amount in kopecks up to 10^12 ₽ (sometimes negative, sometimes tiny).</summary>
    private static Gen<decimal> Kopecks =>
        from rubles in Gen.Choose(-1_000_000, 1_000_000_000)
        from millions in Gen.Choose(0, 1_000_000)
        from kopecks in Gen.Choose(0, 99)
        from big in Gen.Elements(false, true)
        select (big ? millions * 1_000_000m : 0m) + rubles + (kopecks / 100m);

    private static Gen<decimal> Weight =>
        from whole in Gen.Choose(0, 1_000_000)
        from places in Gen.Choose(0, 6)
        select whole / Pow10(places);

    private static decimal Pow10(int n) => Enumerable.Repeat(10m, n).Aggregate(1m, (a, b) => a * b);

    [Property(MaxTest = 500)]
    public Property An_even_split_among_children_always_sums_exactly_to_the_whole() =>
        Prop.ForAll(
            (from whole in Kopecks from parts in Gen.Choose(1, 40) select (whole, parts)).ToArbitrary(),
            c =>
            {
                var split = Decomposition.Equally(c.whole, c.parts, KpiUnit.Money).GetValueOrThrow();
                var max = split.Max();
                var min = split.Min();
                return split.Sum() == c.whole && split.Count == c.parts && max - min <= 0.01m
                       && split.All(p => Math.Round(p, 2) == p);
            });

    [Property(MaxTest = 500)]
    public Property A_weighted_split_always_sums_exactly_and_each_part_is_within_one_step_of_its_exact_share() =>
        Prop.ForAll(
            (from whole in Gen.Choose(0, 1_000_000)
             from weights in Gen.ArrayOf(Weight, 1 + (whole % 12))
             select (whole: (decimal)whole, weights)).ToArbitrary(),
            c =>
            {
                var weights = c.weights.Sum() == 0 ? c.weights.Select(_ => 1m).ToArray() : c.weights;
                var split = Decomposition.ByWeights(c.whole, weights, 0).GetValueOrThrow();
                var total = weights.Sum();
                return split.Sum() == c.whole
                       && split.Select((p, i) => Math.Abs(p - (c.whole * weights[i] / total))).All(d => d < 1.0000001m);
            });

    [Property(MaxTest = 300)]
    public Property An_even_or_seasonal_split_in_time_always_sums_exactly_to_the_whole_at_every_level() =>
        Prop.ForAll(
            (from whole in Kopecks
             from months in Gen.ArrayOf(Gen.Choose(0, 500_000), 12)
             from mode in Gen.Choose(0, 2)
             from kind in Gen.Elements(PeriodKind.HalfYear, PeriodKind.Quarter, PeriodKind.Month)
             from year in Gen.Choose(2020, 2030)
             select (whole, months, mode, kind, year)).ToArbitrary(),
            c =>
            {
                var weights = c.months.Select(m => m / 100m).ToArray();
                if (weights.All(w => w == 0))
                {
                    weights[0] = 1m;
                }

                var split = c.mode switch
                {
                    0 => TimeSplit.EqualParts,
                    1 => TimeSplit.ByDays,
                    _ => TimeSplit.Seasonal(SeasonalProfile.Create(weights).GetValueOrThrow()),
                };
                var year = PeriodRange.CalendarYear(c.year);
                var parts = Decomposition.InTime(c.whole, year, c.kind, KpiUnit.Money, split).GetValueOrThrow();
                var months = Decomposition.InTime(c.whole, year, PeriodKind.Month, KpiUnit.Money, split).GetValueOrThrow();
                var days = Decomposition.IntoDays(c.whole, year, KpiUnit.Money, split).GetValueOrThrow();

                // Top-down: the direct split into c.kind equals the roll-up of the split into months.
                var consistent = parts.All(p =>
                    months.Where(m => p.Period.Contains(m.Period)).Sum(m => m.Amount) == p.Amount);
                return parts.Sum(p => p.Amount) == c.whole
                       && months.Sum(m => m.Amount) == c.whole
                       && days.Sum(d => d.Amount) == c.whole
                       && days.Count == year.Days
                       && consistent;
            });

    [Property(MaxTest = 200)]
    public Property Splitting_a_count_by_shares_gives_whole_units_summing_to_the_whole() =>
        Prop.ForAll(
            (from count in Gen.Choose(1, 7)
             from piles in Gen.Piles(count, 100 - count)
             from whole in Gen.Choose(0, 100_000)
             select (shares: piles.Select(p => (decimal)(p + 1)).ToArray(), whole: (decimal)whole)).ToArbitrary(),
            c =>
            {
                var split = Decomposition.ByShares(c.whole, c.shares, KpiUnit.Count).GetValueOrThrow();
                return split.Sum() == c.whole && split.All(p => p == decimal.Truncate(p) && p >= 0);
            });
}
