using KpiPlanner.Domain.Kpis;

namespace KpiPlanner.Domain.Pay;

/// <summary>
/// A calculated pay with its whole explanation, so a person can follow every rouble:
/// <c>Total = Fixed + Variable + Bonus</c>; <c>Variable = round(PlannedVariable × WeightedSum)</c>, or 0 when a gate
/// failed.
/// </summary>
public sealed class PayResult
{
    internal PayResult(IReadOnlyList<KpiPayLine> kpis, decimal weightedSum, decimal fixedPart, decimal plannedVariable,
        decimal variable, decimal bonus, bool thresholdBonusPaid, IReadOnlyList<string> gatedBy)
    {
        Kpis = kpis;
        WeightedSum = weightedSum;
        Fixed = fixedPart;
        PlannedVariable = plannedVariable;
        Variable = variable;
        Bonus = bonus;
        ThresholdBonusPaid = thresholdBonusPaid;
        GatedBy = gatedBy;
        Total = fixedPart + variable + bonus;
    }

    /// <summary>One line per KPI, in the scheme's order.</summary>
    public IReadOnlyList<KpiPayLine> Kpis { get; }

    /// <summary>Σ(weight/100 × coefficient), exact (not rounded).</summary>
    public decimal WeightedSum { get; }

    /// <summary>The fixed part, ₽.</summary>
    public decimal Fixed { get; }

    /// <summary>The planned variable amount, ₽.</summary>
    public decimal PlannedVariable { get; }

    /// <summary>The variable part, ₽, rounded to kopecks half away from zero (0 when gated).</summary>
    public decimal Variable { get; }

    /// <summary>The bonus, ₽ (a reached threshold bonus plus any amount entered for the period).</summary>
    public decimal Bonus { get; }

    /// <summary>True when the scheme's threshold bonus was earned.</summary>
    public bool ThresholdBonusPaid { get; }

    /// <summary>The pay: fixed + variable + bonus, ₽.</summary>
    public decimal Total { get; }

    /// <summary>True when a gate KPI missed its threshold, zeroing the variable part.</summary>
    public bool Gated => GatedBy.Count > 0;

    /// <summary>The names of the gate KPIs that failed.</summary>
    public IReadOnlyList<string> GatedBy { get; }
}

/// <summary>How one KPI contributed to the pay.</summary>
/// <param name="Name">The KPI's name.</param>
/// <param name="Weight">Its weight, percent.</param>
/// <param name="Completion">The exact completion (percent, or a raw value), never rounded.</param>
/// <param name="BandIndex">The band it fell in (0-based).</param>
/// <param name="BandLabel">The band's meaning.</param>
/// <param name="Coefficient">The coefficient (interpolated for a linear band, capped).</param>
/// <param name="Capped">True when the scale's cap lowered the coefficient.</param>
/// <param name="WeightedCoefficient">weight/100 × coefficient.</param>
/// <param name="Contribution">
/// Planned variable × weighted coefficient, ₽, exact (the variable part is their sum, rounded once); 0 when gated.
/// </param>
/// <param name="GateFailed">True when this KPI is a gate and missed its threshold.</param>
public sealed record KpiPayLine(
    string Name,
    decimal Weight,
    Completion Completion,
    int BandIndex,
    string? BandLabel,
    decimal Coefficient,
    bool Capped,
    decimal WeightedCoefficient,
    decimal Contribution,
    bool GateFailed);
