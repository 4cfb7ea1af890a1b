using KpiPlanner.Domain.Kpis;

namespace KpiPlanner.Domain.Goals;

/// <summary>Every node's plan, fact and completion for one period, in plan-dependency order.</summary>
public sealed class GoalEvaluation
{
    private readonly Dictionary<string, GoalNodeResult> byCode;

    internal GoalEvaluation(PeriodRange period, IReadOnlyList<GoalNodeResult> nodes)
    {
        Period = period;
        Nodes = nodes;
        byCode = nodes.ToDictionary(n => n.Code, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The evaluated period.</summary>
    public PeriodRange Period { get; }

    /// <summary>The nodes in plan-dependency order.</summary>
    public IReadOnlyList<GoalNodeResult> Nodes { get; }

    /// <summary>A node's result by code (case ignored).</summary>
    public GoalNodeResult this[string code] => byCode[code];
}

/// <summary>One node's figures for a period.</summary>
/// <param name="Code">The node's code.</param>
/// <param name="Name">The node's name.</param>
/// <param name="Unit">The unit.</param>
/// <param name="Direction">Higher or lower is better.</param>
/// <param name="ParentCode">The parent's code.</param>
/// <param name="Plan">The plan, unrounded (600 visitors, 20 a day, 83.33… for an uneven division).</param>
/// <param name="PlanIsDerived">True when a formula computed the plan.</param>
/// <param name="Fact">The fact, typed or derived; null when none.</param>
/// <param name="FactIsDerived">True when a fact formula computed the fact.</param>
/// <param name="FactAssumesPlanOf">Nodes without a fact whose plan stood in for it in this derived fact.</param>
/// <param name="Completion">Percent completion when there is a fact and the plan is &gt; 0.</param>
public sealed record GoalNodeResult(
    string Code,
    string Name,
    KpiUnit Unit,
    Direction Direction,
    string? ParentCode,
    decimal Plan,
    bool PlanIsDerived,
    decimal? Fact,
    bool FactIsDerived,
    IReadOnlyList<string> FactAssumesPlanOf,
    Completion? Completion)
{
    /// <summary>
    /// A derived fact none of whose inputs has a fact for the period — every input stood in with its plan — is not a
    /// fact: it is this estimate from the plans, and <see cref="Fact"/> and <see cref="Completion"/> are null (issue 16,
    /// "only facts are facts"). Null when the node has a fact, or no value at all.
    /// </summary>
    public decimal? Estimate { get; init; }
}
