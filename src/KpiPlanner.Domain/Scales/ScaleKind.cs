namespace KpiPlanner.Domain.Scales;

/// <summary>What a scale's bands are on.</summary>
public enum ScaleKind
{
    /// <summary>Completion percent (100 = plan met). The first band starts at 0 %.</summary>
    Percent,
    /// <summary>The raw value of a time-regulation KPI (days late, minutes to answer). The first band starts at its minimum.</summary>
    RawValue,
}
