namespace KpiPlanner.Domain.Pay;

/// <summary>
/// One KPI's figures for a period, in the API's shape (<c>plan</c>, <c>fact</c>). Which fields are needed depends on
/// the KPI's measurement: plan/fact ratio → <see cref="Plan"/> and <see cref="Fact"/>; growth → <see cref="Base"/>,
/// <see cref="Plan"/> (the value planned, as the pay run has it) and <see cref="Fact"/>, or <see cref="Base"/>,
/// <see cref="PlannedGrowth"/> and <see cref="Fact"/>; raw value → <see cref="Fact"/> (the value);
/// aggregate → <see cref="CompletionPercent"/>. A given <see cref="CompletionPercent"/> always wins.
/// </summary>
/// <param name="Plan">The planned value.</param>
/// <param name="Fact">The actual value.</param>
public sealed record KpiResultInput(decimal? Plan, decimal? Fact)
{
    /// <summary>The base of a growth KPI (previous period, or same period last year).</summary>
    public decimal? Base { get; init; }

    /// <summary>The planned growth of a growth KPI, percent (20 = grow 20 %).</summary>
    public decimal? PlannedGrowth { get; init; }

    /// <summary>A completion already measured (percent), e.g. an aggregate's.</summary>
    public decimal? CompletionPercent { get; init; }

    /// <summary>Plan and fact of a plan/fact KPI.</summary>
    public static KpiResultInput PlanFact(decimal plan, decimal fact) => new(plan, fact);

    /// <summary>A growth KPI's base, planned growth (percent) and fact.</summary>
    public static KpiResultInput Growth(decimal @base, decimal plannedGrowthPercent, decimal fact) =>
        new(null, fact) { Base = @base, PlannedGrowth = plannedGrowthPercent };

    /// <summary>A growth KPI's base, the value planned for the period and its fact (completion = (fact − base) / (plan − base)).</summary>
    public static KpiResultInput GrowthToPlan(decimal @base, decimal plan, decimal fact) => new(plan, fact) { Base = @base };

    /// <summary>A raw value (days late, minutes to answer).</summary>
    public static KpiResultInput RawValue(decimal value) => new(null, value);

    /// <summary>A completion already measured, in percent.</summary>
    public static KpiResultInput Completed(decimal completionPercent) => new(null, null) { CompletionPercent = completionPercent };
}
