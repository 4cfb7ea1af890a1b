namespace KpiPlanner.Domain.Schemes;

/// <summary>
/// One part of an aggregated KPI (the consultants' «агрегированный показатель», e.g. the intensity of work made of
/// calls, meetings and documents): another KPI of the same scheme, named by its name there, and its weight in the
/// index (the parts' weights sum to 100). The part is measured as it is measured on its own (plan vs fact, growth…);
/// it may weigh 0 in the scheme itself — measured for the index only, not paid on its own.
/// </summary>
/// <param name="Kpi">The name of the part's KPI in the scheme.</param>
/// <param name="Weight">Its weight in the index, percent.</param>
public sealed record AggregatePartSpec(string Kpi, decimal Weight)
{
    /// <summary>
    /// The most a part's completion counts for in an index: an outstanding part (or a lower-is-better fact of 0, which
    /// is +∞) cannot carry the index alone. A part below 0 % (a fall, for a growth KPI) counts as 0 %.
    /// </summary>
    public const decimal MaxCompletion = 200m;

    /// <summary>The least a part's completion counts for in an index.</summary>
    public const decimal MinCompletion = 0m;

    /// <summary>The fewest parts an index has.</summary>
    public const int MinParts = 2;

    /// <summary>A part's completion as it counts in an index: within [<see cref="MinCompletion"/>, <see cref="MaxCompletion"/>].</summary>
    public static Kpis.Completion Counted(Kpis.Completion completion) =>
        completion.IsPositiveInfinity || completion.Value > MaxCompletion ? Kpis.Completion.FromPercent(MaxCompletion)
        : completion.Value < MinCompletion ? Kpis.Completion.FromPercent(MinCompletion)
        : completion;
}

/// <summary>A part of a valid aggregated <see cref="SchemeKpi"/>: the index of its KPI in the scheme, its name and weight.</summary>
public sealed record SchemeKpiPart(int Index, string Kpi, decimal Weight);
