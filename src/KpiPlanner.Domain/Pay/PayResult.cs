using KpiPlanner.Domain.Kpis;

namespace KpiPlanner.Domain.Pay;

/// <summary>
/// A calculated pay with its whole explanation, so a person can follow every rouble:
/// <c>Total = Fixed + Variable + Bonus</c>; <c>Variable = round(PlannedVariable × WeightedSum)</c>, or 0 when a gate
/// failed. In a month where a one-off KPI is not due, <c>WeightedSum</c> is the due KPIs' sum over their weights
/// (<see cref="DueWeight"/>), so the same formula holds.
/// </summary>
public sealed class PayResult
{
    internal PayResult(IReadOnlyList<KpiPayLine> kpis, decimal dueWeightedSum, decimal dueFraction, decimal fixedPart,
        decimal plannedVariable, decimal variable, decimal bonus, bool thresholdBonusPaid, IReadOnlyList<string> gatedBy)
    {
        Kpis = kpis;
        DueWeightedSum = dueWeightedSum;
        DueFraction = dueFraction;
        WeightedSum = dueFraction == 1m ? dueWeightedSum : dueWeightedSum / dueFraction;
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

    /// <summary>
    /// Σ(weight/100 × coefficient), exact (not rounded); in a month where a one-off KPI is not due, the due KPIs' sum
    /// divided by their weights' share (<see cref="DueWeight"/> / 100), to 28 significant digits.
    /// </summary>
    public decimal WeightedSum { get; }

    /// <summary>The weights of the KPIs due this month, percent: 100, unless a one-off KPI is not due.</summary>
    public decimal DueWeight => DueFraction * 100m;

    /// <summary>Σ(weight/100 × coefficient) over the KPIs due, before the division by their weights' share.</summary>
    internal decimal DueWeightedSum { get; }

    /// <summary>The due KPIs' weights as a fraction (1 when every KPI is due).</summary>
    internal decimal DueFraction { get; }

    /// <summary>
    /// The variable part of an amount (the planned variable, prorated or not), rounded once: the division by the due
    /// weights' share comes last, so a result that ends in exact kopecks or half-kopecks is rounded exactly.
    /// </summary>
    internal decimal VariableOf(decimal amount) =>
        Money.Round(DueFraction == 1m ? amount * DueWeightedSum : amount * DueWeightedSum / DueFraction);

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
    bool GateFailed)
{
    /// <summary>
    /// True for a one-off KPI in a month other than the one its period ends in: not measured, no coefficient, nothing
    /// contributed; the due KPIs' weights count in proportion.
    /// </summary>
    public bool NotDue { get; init; }
}
