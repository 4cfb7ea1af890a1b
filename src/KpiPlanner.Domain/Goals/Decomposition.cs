using System.Numerics;
using KpiPlanner.Domain.Kpis;
using KpiPlanner.Domain.Validation;

namespace KpiPlanner.Domain.Goals;

/// <summary>
/// Goal decomposition (domain.md §3): a plan split among children (equally or by shares) and in time
/// (year → 2 half-years → 4 quarters → 12 months → days).
/// <para><b>The remainder rule.</b> Parts are whole steps of the unit — kopecks (0.01) for money, whole units for
/// counts, 0.01 otherwise (<see cref="DecimalsOf"/>) — and always sum <b>exactly</b> to the whole. Each part first gets
/// its exact share rounded down to a step; the steps left over go one each to the parts with the largest cut-off
/// remainders, ties to the earlier part (largest-remainder method): 100 000.00 into 3 is 33 333.34 + 33 333.33 +
/// 33 333.33; 10 visitors into 3 is 4 + 3 + 3. The arithmetic is exact (integers of steps), whatever the weights.
/// A negative whole (a loss) splits like its absolute value, negated. A whole finer than the step is refused.</para>
/// <para><b>In time</b>, the split is top-down: a year into half-years, each half-year into its quarters, each quarter
/// into its months, each month into its days — so every level sums exactly to the level above, and a quarter's months
/// sum exactly to the quarter. At each level the children are weighted by the chosen <see cref="TimeSplit"/>:
/// <see cref="TimeSplit.EqualParts"/> (the default reading of "evenly": a year's quarters get a quarter each, a
/// quarter's months a third each), <see cref="TimeSplit.ByDays"/> (by calendar days) or a
/// <see cref="SeasonalProfile"/> (monthly weights, summed for longer periods). Days always share their month evenly.
/// Only a <see cref="AggregationRule.Sum"/> KPI is divided: an average or last-value KPI (answer time, receivables)
/// has the same target in every part, which is what its roll-up gives back.</para>
/// </summary>
public static class Decomposition
{
    /// <summary>Decimal places of a part: 2 for money (kopecks), 0 for counts, 2 for percent, days, hours, minutes.</summary>
    public static int DecimalsOf(KpiUnit unit) => unit switch
    {
        KpiUnit.Money => 2,
        KpiUnit.Count => 0,
        KpiUnit.Percent or KpiUnit.Days or KpiUnit.Hours or KpiUnit.Minutes => 2,
        _ => throw new ArgumentOutOfRangeException(nameof(unit)),
    };

    /// <summary>Splits <paramref name="whole"/> into <paramref name="parts"/> equal parts in the unit's steps.</summary>
    public static Result<IReadOnlyList<decimal>> Equally(decimal whole, int parts, KpiUnit unit) =>
        Equally(whole, parts, DecimalsOf(unit));

    /// <summary>Splits <paramref name="whole"/> into <paramref name="parts"/> equal parts of <paramref name="decimals"/> places.</summary>
    public static Result<IReadOnlyList<decimal>> Equally(decimal whole, int parts, int decimals)
    {
        if (parts < 1)
        {
            return Result<IReadOnlyList<decimal>>.Failure(GoalErrors.Create(GoalErrors.SplitNoParts, "parts"));
        }

        return ByWeights(whole, Enumerable.Repeat(1m, parts).ToArray(), decimals);
    }

    /// <summary>
    /// Each child's plan = its share × the whole; <paramref name="sharesPercent"/> are percents ≥ 0 that sum to exactly
    /// 100 (errors at <c>shares</c> and <c>shares[i]</c>).
    /// </summary>
    public static Result<IReadOnlyList<decimal>> ByShares(decimal whole, IReadOnlyList<decimal> sharesPercent, KpiUnit unit) =>
        ByShares(whole, sharesPercent, DecimalsOf(unit));

    /// <inheritdoc cref="ByShares(decimal, IReadOnlyList{decimal}, KpiUnit)"/>
    public static Result<IReadOnlyList<decimal>> ByShares(decimal whole, IReadOnlyList<decimal> sharesPercent, int decimals)
    {
        ArgumentNullException.ThrowIfNull(sharesPercent);
        var errors = CheckWeights(sharesPercent, "shares");
        if (errors.Count == 0 && sharesPercent.Count > 0 && sharesPercent.Sum() != 100m)
        {
            errors.Add(GoalErrors.Create(GoalErrors.SplitSharesSum, "shares", ("sum", sharesPercent.Sum())));
        }

        return errors.Count > 0
            ? Result<IReadOnlyList<decimal>>.Failure(errors)
            : ByWeights(whole, sharesPercent, decimals);
    }

    /// <summary>
    /// Splits <paramref name="whole"/> in proportion to <paramref name="weights"/> (any numbers ≥ 0, not all 0 unless
    /// the whole is 0), parts of <paramref name="decimals"/> places (0–10), summing exactly to the whole.
    /// Errors: <c>parts</c>, <c>weights[i]</c>, <c>weights</c>, <c>whole</c>.
    /// </summary>
    public static Result<IReadOnlyList<decimal>> ByWeights(decimal whole, IReadOnlyList<decimal> weights, int decimals)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentOutOfRangeException.ThrowIfNegative(decimals);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(decimals, 10);
        var errors = CheckWeights(weights, "weights");
        if (weights.Count == 0)
        {
            errors.Add(GoalErrors.Create(GoalErrors.SplitNoParts, "parts"));
        }

        if (Math.Round(whole, decimals) != whole)
        {
            errors.Add(GoalErrors.Create(GoalErrors.SplitWholePrecision, "whole", ("whole", whole), ("step", Step(decimals))));
        }

        if (errors.Count == 0 && whole != 0 && weights.All(w => w == 0))
        {
            errors.Add(GoalErrors.Create(GoalErrors.SplitAllZero, "weights"));
        }

        return errors.Count > 0
            ? Result<IReadOnlyList<decimal>>.Failure(errors)
            : Result<IReadOnlyList<decimal>>.Success(Apportion(whole, weights, decimals));
    }

    /// <summary>
    /// Splits a plan for <paramref name="period"/> into its periods of <paramref name="into"/> (a year into months,
    /// a quarter into months, a year into quarters…), top-down, summing exactly (see the class remarks).
    /// Errors: <c>into</c> when <paramref name="into"/> is longer than the period, <c>whole</c>, <c>profile</c>.
    /// </summary>
    public static Result<IReadOnlyList<PeriodAmount>> InTime(
        decimal whole, PeriodRange period, PeriodKind into, KpiUnit unit, TimeSplit split,
        AggregationRule rule = AggregationRule.Sum) =>
        InTime(whole, period, into, DecimalsOf(unit), split, rule);

    /// <inheritdoc cref="InTime(decimal, PeriodRange, PeriodKind, KpiUnit, TimeSplit, AggregationRule)"/>
    public static Result<IReadOnlyList<PeriodAmount>> InTime(
        decimal whole, PeriodRange period, PeriodKind into, int decimals, TimeSplit split,
        AggregationRule rule = AggregationRule.Sum)
    {
        ArgumentNullException.ThrowIfNull(period);
        ArgumentNullException.ThrowIfNull(split);
        if (into > period.Kind)
        {
            return Result<IReadOnlyList<PeriodAmount>>.Failure(GoalErrors.Create(GoalErrors.SplitLevel, "into",
                ("period", period.Kind), ("into", into)));
        }

        if (rule != AggregationRule.Sum)
        {
            return Result<IReadOnlyList<PeriodAmount>>.Success(
                period.PartsOf(into).Select(p => new PeriodAmount(p, whole)).ToArray());
        }

        var check = ByWeights(whole, [split.Weight(period)], decimals);
        if (!check.IsValid)
        {
            var errors = check.Errors
                .Select(e => e.Code == GoalErrors.SplitAllZero ? e with { Path = "profile" } : e)
                .ToArray();
            return Result<IReadOnlyList<PeriodAmount>>.Failure(errors);
        }

        var result = new List<PeriodAmount>();
        Descend(whole, period, into, decimals, split, result);
        return Result<IReadOnlyList<PeriodAmount>>.Success(result);
    }

    /// <summary>
    /// Splits a plan for <paramref name="period"/> into its days: top-down to months (as <see cref="InTime(decimal, PeriodRange, PeriodKind, KpiUnit, TimeSplit, AggregationRule)"/>),
    /// then each month evenly over its days. June's 600 visitors → 20 a day.
    /// </summary>
    public static Result<IReadOnlyList<DayAmount>> IntoDays(
        decimal whole, PeriodRange period, KpiUnit unit, TimeSplit split, AggregationRule rule = AggregationRule.Sum) =>
        IntoDays(whole, period, DecimalsOf(unit), split, rule);

    /// <inheritdoc cref="IntoDays(decimal, PeriodRange, KpiUnit, TimeSplit, AggregationRule)"/>
    public static Result<IReadOnlyList<DayAmount>> IntoDays(
        decimal whole, PeriodRange period, int decimals, TimeSplit split, AggregationRule rule = AggregationRule.Sum) =>
        IntoDays(whole, period, decimals, split, rule, null);

    /// <summary>
    /// As <see cref="IntoDays(decimal, PeriodRange, KpiUnit, TimeSplit, AggregationRule)"/>, but each month's part goes
    /// evenly to its <b>working</b> days only (<paramref name="isWorkingDay"/>: the production calendar), days off get
    /// 0; a month without a working day shares its part over all its days. Null: every calendar day.
    /// </summary>
    public static Result<IReadOnlyList<DayAmount>> IntoDays(
        decimal whole, PeriodRange period, int decimals, TimeSplit split, AggregationRule rule, Func<DateOnly, bool>? isWorkingDay)
    {
        var months = InTime(whole, period, PeriodKind.Month, decimals, split, rule);
        if (!months.IsValid)
        {
            return Result<IReadOnlyList<DayAmount>>.Failure(months.Errors);
        }

        var days = new List<DayAmount>();
        foreach (var month in months.Value)
        {
            var dates = month.Period.Dates;
            var weights = dates.Select(d => isWorkingDay is null || isWorkingDay(d) ? 1m : 0m).ToArray();
            if (weights.All(w => w == 0))
            {
                weights = Enumerable.Repeat(1m, dates.Count).ToArray();
            }

            var amounts = rule == AggregationRule.Sum
                ? Apportion(month.Amount, weights, decimals)
                : Enumerable.Repeat(month.Amount, dates.Count).ToArray();
            days.AddRange(dates.Select((d, i) => new DayAmount(d, amounts[i])));
        }

        return Result<IReadOnlyList<DayAmount>>.Success(days);
    }

    private static void Descend(
        decimal amount, PeriodRange period, PeriodKind into, int decimals, TimeSplit split, List<PeriodAmount> result)
    {
        if (period.Kind == into)
        {
            result.Add(new PeriodAmount(period, amount));
            return;
        }

        var children = period.Children;
        var parts = Apportion(amount, children.Select(split.Weight).ToArray(), decimals);
        for (var i = 0; i < children.Count; i++)
        {
            Descend(parts[i], children[i], into, decimals, split, result);
        }
    }

    private static List<DomainError> CheckWeights(IReadOnlyList<decimal> weights, string path)
    {
        var errors = new List<DomainError>();
        for (var i = 0; i < weights.Count; i++)
        {
            if (weights[i] < 0)
            {
                errors.Add(GoalErrors.Create(GoalErrors.SplitNegativeWeight, Paths.Index(path, i), ("value", weights[i])));
            }
        }

        return errors;
    }

    private static decimal Step(int decimals) => 1m / Pow10Decimal(decimals);

    private static decimal Pow10Decimal(int n)
    {
        var p = 1m;
        for (var i = 0; i < n; i++)
        {
            p *= 10m;
        }

        return p;
    }

    /// <summary>The largest-remainder split in exact integer arithmetic; inputs already validated.</summary>
    internal static decimal[] Apportion(decimal whole, IReadOnlyList<decimal> weights, int decimals)
    {
        var n = weights.Count;
        var result = new decimal[n];
        if (whole == 0 || weights.All(w => w == 0))
        {
            return result;
        }

        var sign = whole < 0 ? -1 : 1;
        var units = Scaled(Math.Abs(whole), decimals);
        var scale = weights.Max(w => w.Scale);
        var w = weights.Select(x => Scaled(x, scale)).ToArray();
        var total = w.Aggregate(BigInteger.Zero, (a, b) => a + b);

        var quotients = new BigInteger[n];
        var remainders = new BigInteger[n];
        var assigned = BigInteger.Zero;
        for (var i = 0; i < n; i++)
        {
            quotients[i] = BigInteger.DivRem(units * w[i], total, out remainders[i]);
            assigned += quotients[i];
        }

        var leftover = (int)(units - assigned); // 0 ≤ leftover < n
        foreach (var i in Enumerable.Range(0, n).OrderByDescending(i => remainders[i]).ThenBy(i => i).Take(leftover))
        {
            quotients[i] += 1;
        }

        var divisor = Pow10Decimal(decimals);
        for (var i = 0; i < n; i++)
        {
            result[i] = sign * ((decimal)quotients[i] / divisor);
        }

        return result;
    }

    /// <summary><paramref name="value"/> × 10^<paramref name="decimals"/> as an exact integer (the value has at most that many places).</summary>
    private static BigInteger Scaled(decimal value, int decimals)
    {
        var bits = decimal.GetBits(value);
        var mantissa = (new BigInteger((uint)bits[2]) << 64) | (new BigInteger((uint)bits[1]) << 32) | new BigInteger((uint)bits[0]);
        var scale = (bits[3] >> 16) & 0xFF;
        if (value < 0)
        {
            mantissa = -mantissa;
        }

        return scale <= decimals
            ? mantissa * BigInteger.Pow(10, decimals - scale)
            : mantissa / BigInteger.Pow(10, scale - decimals);
    }
}
