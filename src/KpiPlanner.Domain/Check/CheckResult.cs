namespace KpiPlanner.Domain.Check;

/// <summary>The result of <see cref="SchemeCheck.Run"/>: every outcome, and the min, plan and max pay.</summary>
public sealed class CheckResult
{
    private readonly CheckOutcome[] _outcomes;
    private readonly int[] _bandCounts;

    internal CheckResult(CheckOutcome[] outcomes, int[] bandCounts, int[] planBands)
    {
        _outcomes = outcomes;
        _bandCounts = bandCounts;
        var min = outcomes[0];
        var max = outcomes[0];
        foreach (var outcome in outcomes)
        {
            if (outcome.Total < min.Total)
            {
                min = outcome;
            }

            if (outcome.Total > max.Total)
            {
                max = outcome;
            }
        }

        MinOutcome = min;
        MaxOutcome = max;
        PlanOutcome = Outcome(planBands);
    }

    /// <summary>
    /// Every combination of band outcomes, the last KPI's band turning fastest (for 2 KPIs: row by row, as table 6).
    /// Size: the product of the KPIs' band counts.
    /// </summary>
    public IReadOnlyList<CheckOutcome> Outcomes => _outcomes;

    /// <summary>The number of bands of each KPI, in the scheme's order.</summary>
    public IReadOnlyList<int> BandCounts => _bandCounts;

    /// <summary>The outcome with the smallest total (the first, if several).</summary>
    public CheckOutcome MinOutcome { get; }

    /// <summary>The outcome with every KPI in the band holding its plan (100 %).</summary>
    public CheckOutcome PlanOutcome { get; }

    /// <summary>The outcome with the largest total (the first, if several).</summary>
    public CheckOutcome MaxOutcome { get; }

    /// <summary>The smallest pay, ₽.</summary>
    public decimal Min => MinOutcome.Total;

    /// <summary>The pay when every KPI is at its plan band, ₽.</summary>
    public decimal Plan => PlanOutcome.Total;

    /// <summary>The largest pay, ₽.</summary>
    public decimal Max => MaxOutcome.Total;

    /// <summary>The outcome for the given band of each KPI (0-based, in the scheme's order).</summary>
    public CheckOutcome Outcome(params int[] bandIndexes)
    {
        ArgumentNullException.ThrowIfNull(bandIndexes);
        if (bandIndexes.Length != _bandCounts.Length)
        {
            throw new ArgumentException("One band index per KPI is needed.", nameof(bandIndexes));
        }

        var position = 0;
        for (var k = 0; k < bandIndexes.Length; k++)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(bandIndexes[k]);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(bandIndexes[k], _bandCounts[k]);
            position = (position * _bandCounts[k]) + bandIndexes[k];
        }

        return _outcomes[position];
    }

    /// <summary>The payroll fund range of a position: min, plan and max times its headcount.</summary>
    public PayFundRange FundFor(int headcount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(headcount);
        return new PayFundRange(headcount, Min * headcount, Plan * headcount, Max * headcount);
    }
}

/// <summary>One combination of band outcomes and what it pays.</summary>
/// <param name="BandIndexes">The band of each KPI (0-based).</param>
/// <param name="Coefficients">The coefficient of each KPI in that band (a linear band's end value, capped).</param>
/// <param name="WeightedSum">Σ(weight/100 × coefficient).</param>
/// <param name="Variable">The variable part, ₽ (0 when gated).</param>
/// <param name="Bonus">A threshold bonus reached in this outcome, ₽.</param>
/// <param name="Total">Fixed + variable + bonus, ₽.</param>
/// <param name="Gated">True when a gate KPI is below its threshold in this outcome.</param>
public sealed record CheckOutcome(
    IReadOnlyList<int> BandIndexes,
    IReadOnlyList<decimal> Coefficients,
    decimal WeightedSum,
    decimal Variable,
    decimal Bonus,
    decimal Total,
    bool Gated);

/// <summary>The payroll fund range of a position: the check's min, plan and max pay times its headcount.</summary>
public readonly record struct PayFundRange(int Headcount, decimal Min, decimal Plan, decimal Max);
