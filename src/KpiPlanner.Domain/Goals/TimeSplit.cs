using System.Globalization;
using KpiPlanner.Domain.Validation;

namespace KpiPlanner.Domain.Goals;

/// <summary>How a plan is shared between periods at each level of a time split.</summary>
public sealed class TimeSplit
{
    private readonly Func<PeriodRange, decimal> weight;

    private TimeSplit(string name, Func<PeriodRange, decimal> weight, SeasonalProfile? profile = null)
    {
        Name = name;
        this.weight = weight;
        Profile = profile;
    }

    /// <summary>Evenly by equal parts: each half-year, quarter or month of its parent gets the same part (year / 12 a month).</summary>
    public static TimeSplit EqualParts { get; } = new("equal", _ => 1m);

    /// <summary>Evenly by calendar days: June gets 30/365 of a year.</summary>
    public static TimeSplit ByDays { get; } = new("days", p => p.Days);

    /// <summary>By a seasonal profile: a period weighs the sum of its months' weights.</summary>
    public static TimeSplit Seasonal(SeasonalProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return new TimeSplit("seasonal", profile.WeightOf, profile);
    }

    /// <summary><c>equal</c>, <c>days</c> or <c>seasonal</c>.</summary>
    public string Name { get; }

    /// <summary>The profile of a seasonal split.</summary>
    public SeasonalProfile? Profile { get; }

    internal decimal Weight(PeriodRange period) => weight(period);
}

/// <summary>
/// Twelve monthly weights (January first) for a seasonal split, e.g. last year's monthly facts: each ≥ 0, not all 0.
/// Only the proportions matter; <see cref="SharesPercent"/> shows them normalised.
/// </summary>
public sealed class SeasonalProfile
{
    private SeasonalProfile(IReadOnlyList<decimal> weights) => Weights = weights;

    /// <summary>The twelve weights as given, January first.</summary>
    public IReadOnlyList<decimal> Weights { get; }

    /// <summary>Each month's share in percent (sums to 100 up to the last digit; for display — splits use the exact weights).</summary>
    public IReadOnlyList<decimal> SharesPercent
    {
        get
        {
            var total = Weights.Sum();
            return Weights.Select(w => w * 100m / total).ToArray();
        }
    }

    /// <summary>Validates 12 weights (errors at <c>months</c>, <c>months[i]</c>).</summary>
    public static Result<SeasonalProfile> Create(IReadOnlyList<decimal> monthlyWeights)
    {
        ArgumentNullException.ThrowIfNull(monthlyWeights);
        var errors = new List<DomainError>();
        if (monthlyWeights.Count != 12)
        {
            errors.Add(GoalErrors.Create(GoalErrors.SeasonMonthCount, "months", ("count", monthlyWeights.Count)));
        }

        for (var i = 0; i < monthlyWeights.Count; i++)
        {
            if (monthlyWeights[i] < 0)
            {
                errors.Add(GoalErrors.Create(GoalErrors.SeasonNegative, Paths.Index("months", i), ("value", monthlyWeights[i])));
            }
        }

        if (errors.Count == 0 && monthlyWeights.All(w => w == 0))
        {
            errors.Add(GoalErrors.Create(GoalErrors.SeasonAllZero, "months"));
        }

        return errors.Count > 0
            ? Result<SeasonalProfile>.Failure(errors)
            : Result<SeasonalProfile>.Success(new SeasonalProfile(monthlyWeights.ToArray()));
    }

    /// <summary>
    /// Shares typed by a person for the months of <paramref name="period"/>, in percent: one per month, each ≥ 0, summing
    /// to exactly 100 (a year: twelve, a quarter: three). Errors: <c>shares</c> (wrong count, or the sum, with
    /// <c>{sum}</c>), <c>shares[i]</c> (a negative share, with <c>{value}</c> and the month as <c>{month}</c>,
    /// <c>2026-03</c>). Months outside the period weigh 0.
    /// </summary>
    public static Result<SeasonalProfile> FromShares(PeriodRange period, IReadOnlyList<decimal> sharesPercent)
    {
        ArgumentNullException.ThrowIfNull(period);
        ArgumentNullException.ThrowIfNull(sharesPercent);
        var months = period.Months;
        var errors = new List<DomainError>();
        if (sharesPercent.Count != months.Count)
        {
            errors.Add(GoalErrors.Create(GoalErrors.SeasonMonthCount, "shares", ("count", sharesPercent.Count)));
            return Result<SeasonalProfile>.Failure(errors);
        }

        for (var i = 0; i < months.Count; i++)
        {
            if (sharesPercent[i] < 0)
            {
                errors.Add(GoalErrors.Create(GoalErrors.SplitNegativeWeight, Paths.Index("shares", i),
                    ("value", sharesPercent[i]), ("month", months[i].ToString())));
            }
        }

        if (errors.Count == 0 && sharesPercent.Sum() != 100m)
        {
            errors.Add(GoalErrors.Create(GoalErrors.SplitSharesSum, "shares", ("sum", sharesPercent.Sum())));
        }

        if (errors.Count > 0)
        {
            return Result<SeasonalProfile>.Failure(errors);
        }

        var weights = new decimal[12];
        for (var i = 0; i < months.Count; i++)
        {
            weights[months[i].Number - 1] = sharesPercent[i];
        }

        return Create(weights);
    }

    /// <summary>The profile of a year's monthly facts (e.g. last year's); a month without a fact weighs 0.</summary>
    public static Result<SeasonalProfile> FromYear(int year, IEnumerable<MonthValue> monthlyFacts)
    {
        ArgumentNullException.ThrowIfNull(monthlyFacts);
        var weights = new decimal[12];
        foreach (var fact in monthlyFacts.Where(f => f.Month.Year == year))
        {
            weights[fact.Month.Number - 1] = fact.Value;
        }

        return Create(weights);
    }

    /// <summary>The weight of a period: the sum of its months' weights.</summary>
    public decimal WeightOf(PeriodRange period)
    {
        ArgumentNullException.ThrowIfNull(period);
        return period.Months.Sum(m => Weights[m.Number - 1]);
    }

    /// <inheritdoc/>
    public override string ToString() =>
        string.Join("; ", Weights.Select(w => w.ToString(CultureInfo.InvariantCulture)));
}

/// <summary>A period's part of a split plan.</summary>
/// <param name="Period">The period.</param>
/// <param name="Amount">Its part.</param>
public sealed record PeriodAmount(PeriodRange Period, decimal Amount);

/// <summary>A day's part of a split plan.</summary>
/// <param name="Day">The day.</param>
/// <param name="Amount">Its part.</param>
public sealed record DayAmount(DateOnly Day, decimal Amount);
