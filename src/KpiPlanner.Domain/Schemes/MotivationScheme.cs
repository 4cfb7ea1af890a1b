using KpiPlanner.Domain.Scales;
using KpiPlanner.Domain.Validation;

namespace KpiPlanner.Domain.Schemes;

/// <summary>
/// An employee's motivation scheme (domain.md §5): <c>pay = fixed + variable + bonus</c>, with
/// <c>variable = planned variable × Σ(weight/100 × coefficient)</c> over 1–7 KPIs whose weights sum to exactly 100 %.
/// Only <see cref="Create"/> builds one, so every scheme the pay engine and the check see is valid.
/// Effective dating (versions from a date) belongs to persistence; a scheme here is one version.
/// </summary>
public sealed class MotivationScheme
{
    private MotivationScheme(SchemeSpec spec, SchemeKpi[] kpis, IReadOnlyList<DomainError> warnings)
    {
        Name = spec.Name;
        Fixed = spec.Fixed;
        PlannedVariable = spec.PlannedVariable;
        Kpis = kpis;
        Bonus = spec.Bonus;
        Proration = spec.Proration;
        ProrateVariable = spec.ProrateVariable;
        Warnings = warnings;
        if (spec.Bonus is ThresholdBonusRule rule)
        {
            BonusKpiIndex = Array.FindIndex(kpis, k => string.Equals(k.Name, rule.KpiName.Trim(), StringComparison.OrdinalIgnoreCase));
        }
    }

    /// <summary>Optional name.</summary>
    public string? Name { get; }

    /// <summary>The fixed part (salary), ₽.</summary>
    public decimal Fixed { get; }

    /// <summary>The planned variable amount, ₽ (the variable part at every coefficient = 1).</summary>
    public decimal PlannedVariable { get; }

    /// <summary>The KPIs, in order.</summary>
    public IReadOnlyList<SchemeKpi> Kpis { get; }

    /// <summary>The bonus rule, if any.</summary>
    public BonusRule? Bonus { get; }

    /// <summary>How a month is shared for hires and leavers within it.</summary>
    public Payroll.ProrationBasis Proration { get; }

    /// <summary>True when the variable part is prorated too (the fixed part always is).</summary>
    public bool ProrateVariable { get; }

    /// <summary>Advice found when the scheme was created (outside 3–5 KPIs, too many main KPIs).</summary>
    public IReadOnlyList<DomainError> Warnings { get; }

    /// <summary>Fixed + planned variable: what the scheme pays when every KPI is at coefficient 1.</summary>
    public decimal TargetPay => Fixed + PlannedVariable;

    /// <summary>The index of the KPI a threshold bonus depends on, or −1.</summary>
    internal int BonusKpiIndex { get; } = -1;

    /// <summary>Checks the spec and builds the scheme, or returns every error with its field path.</summary>
    public static Result<MotivationScheme> Create(SchemeSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var errors = spec.Validate();
        if (errors.Count > 0)
        {
            return Result<MotivationScheme>.Failure(errors);
        }

        var names = spec.Kpis.Select(k => k.Name.Trim()).ToList();
        var kpis = spec.Kpis
            .Select(k => new SchemeKpi(k, CoefficientScale.Create(k.Scale).GetValueOrThrow(), PartsOf(k, names)))
            .ToArray();
        var warnings = spec.Warnings();
        return Result<MotivationScheme>.Success(new MotivationScheme(spec, kpis, warnings), warnings);
    }

    /// <summary>An aggregated KPI's parts resolved to the indexes of their KPIs (the spec is valid: each names one).</summary>
    private static SchemeKpiPart[]? PartsOf(SchemeKpiSpec kpi, List<string> names) =>
        kpi.Measurement != KpiPlanner.Domain.Kpis.Measurement.Aggregate || kpi.Parts is null ? null
        : kpi.Parts
            .Select(p => names.FindIndex(n => string.Equals(n, p.Kpi.Trim(), StringComparison.OrdinalIgnoreCase)))
            .Zip(kpi.Parts, (index, p) => new SchemeKpiPart(index, names[index], p.Weight))
            .ToArray();

    /// <summary>The spec this scheme was built from (for editing or storing).</summary>
    public SchemeSpec ToSpec() =>
        new(Fixed, PlannedVariable, Kpis.Select(k => k.ToSpec()).ToArray(), Bonus, Name, Proration, ProrateVariable);
}
