using KpiPlanner.Domain.Goals;
using KpiPlanner.Domain.Kpis;
using KpiPlanner.Domain.Scales;

namespace KpiPlanner.Domain.Schemes;

/// <summary>One KPI of a valid <see cref="MotivationScheme"/>: its weight, scale, measurement and optional gate.</summary>
public sealed class SchemeKpi
{
    internal SchemeKpi(SchemeKpiSpec spec, CoefficientScale scale, IReadOnlyList<SchemeKpiPart>? parts = null)
    {
        Parts = parts ?? [];
        Name = spec.Name.Trim();
        Weight = spec.Weight;
        WeightFraction = spec.Weight / 100m;
        Scale = scale;
        Direction = spec.Direction;
        Measurement = spec.Measurement;
        Gate = spec.Gate;
        KpiCode = spec.KpiCode;
        Aggregation = SchemeKpiSpec.AggregationOf(spec.Aggregation, spec.KpiCode);
        Base = SchemeKpiSpec.BaseOf(spec.Measurement, spec.Base);
        OneOff = spec.OneOff;
    }

    /// <summary>The KPI's name in the scheme.</summary>
    public string Name { get; }

    /// <summary>Weight in percent (the scheme's weights sum to 100).</summary>
    public decimal Weight { get; }

    /// <summary>The weight as a fraction (weight / 100), computed once.</summary>
    internal decimal WeightFraction { get; }

    /// <summary>Its coefficient scale.</summary>
    public CoefficientScale Scale { get; }

    /// <summary>Higher or lower is better.</summary>
    public Direction Direction { get; }

    /// <summary>How its completion is measured.</summary>
    public Measurement Measurement { get; }

    /// <summary>The gate threshold, if this KPI is a gate.</summary>
    public decimal? Gate { get; }

    /// <summary>The catalogue template it came from, if any.</summary>
    public string? KpiCode { get; }

    /// <summary>How its months roll up into a quarter, half-year or year (sum, average or last month).</summary>
    public AggregationRule Aggregation { get; }

    /// <summary>A growth KPI's base (never null for one); null for the other measurements.</summary>
    public GrowthBase? Base { get; }

    /// <summary>
    /// An aggregated KPI's parts (<see cref="Measurement.Aggregate"/>): other KPIs of the scheme, each with its index in
    /// <see cref="MotivationScheme.Kpis"/> and its weight in the index; empty for the other measurements.
    /// </summary>
    public IReadOnlyList<SchemeKpiPart> Parts { get; }

    /// <summary>A one-off KPI's own dates; null for a KPI measured every month.</summary>
    public OneOffPeriod? OneOff { get; }

    /// <summary>
    /// Whether the KPI is measured and paid in the month: every month, except a one-off KPI, only in the month its
    /// period ends. Without a month (the stateless preview and the check) every KPI is due.
    /// </summary>
    public bool IsDueIn(DateOnly? month) => OneOff is not { } period || month is not { } m || period.IsDueIn(m);

    /// <summary>
    /// Whether a completion reaches a threshold: completion ≥ threshold, except for a lower-is-better raw value
    /// (days late, minutes to answer), where value ≤ threshold. +∞ % always reaches.
    /// </summary>
    public bool Reaches(Completion completion, decimal threshold)
    {
        if (completion.IsPositiveInfinity)
        {
            return true;
        }

        return Measurement == Measurement.RawValue && Direction == Direction.LowerIsBetter
            ? completion.Value <= threshold
            : completion.Value >= threshold;
    }

    /// <summary>Whether this KPI's gate fails for the completion (never, when it is not a gate).</summary>
    public bool FailsGate(Completion completion) => Gate is { } gate && !Reaches(completion, gate);

    /// <summary>
    /// For the check: whether a band can reach the threshold at all, i.e. holds at least one completion that reaches it.
    /// </summary>
    internal bool BandCanReach(int bandIndex, decimal threshold) =>
        Measurement == Measurement.RawValue && Direction == Direction.LowerIsBetter
            ? !Scale.BandIsWhollyAbove(bandIndex, threshold)
            : !Scale.BandIsWhollyBelow(bandIndex, threshold);

    internal SchemeKpiSpec ToSpec() => new(Name, Weight, Scale.ToSpec(), Direction, Measurement, Gate, KpiCode, Aggregation, Base,
        Parts.Count == 0 ? null : Parts.Select(p => new AggregatePartSpec(p.Kpi, p.Weight)).ToArray(), OneOff);
}
