namespace KpiPlanner.Domain.Schemes;

/// <summary>
/// The bonus part of pay (<c>pay = fixed + variable + bonus</c>). Either a fixed amount paid when a named KPI reaches
/// a threshold, or an amount HR enters each period. A bonus is not part of the variable part: a failed gate does not
/// cancel it.
/// </summary>
public abstract record BonusRule
{
    private protected BonusRule()
    {
    }

    /// <summary><paramref name="amount"/> is paid when the KPI called <paramref name="kpiName"/> reaches <paramref name="threshold"/>.</summary>
    public static ThresholdBonusRule WhenKpiReaches(string kpiName, decimal threshold, decimal amount) =>
        new(kpiName, threshold, amount);

    /// <summary>An amount entered per period (passed to the pay calculation).</summary>
    public static EnteredBonusRule EnteredPerPeriod() => new();
}

/// <summary>
/// A fixed <paramref name="Amount"/> paid when the KPI <paramref name="KpiName"/> reaches <paramref name="Threshold"/>:
/// completion ≥ threshold (percent), or for a lower-is-better raw-value KPI value ≤ threshold.
/// </summary>
public sealed record ThresholdBonusRule(string KpiName, decimal Threshold, decimal Amount) : BonusRule;

/// <summary>A bonus amount entered per period; the check counts it as 0 (it is not known in advance).</summary>
public sealed record EnteredBonusRule : BonusRule;
