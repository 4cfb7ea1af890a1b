using KpiPlanner.Domain.Kpis;

namespace KpiPlanner.Domain.Goals;

/// <summary>The outcome of <see cref="GoalTree.Replan"/>: the new tree, both evaluations and the affected nodes.</summary>
/// <param name="Tree">The tree with the new plans, to save once confirmed.</param>
/// <param name="Before">The evaluation before.</param>
/// <param name="After">The evaluation after.</param>
/// <param name="Changes">Every affected node, in plan-dependency order.</param>
public sealed record GoalReplan(GoalTree Tree, GoalEvaluation Before, GoalEvaluation After, IReadOnlyList<GoalNodeChange> Changes);

/// <summary>One affected node's before/after.</summary>
/// <param name="Code">The node's code.</param>
/// <param name="Name">The node's name.</param>
/// <param name="PlanBefore">Plan before.</param>
/// <param name="PlanAfter">Plan after.</param>
/// <param name="FactBefore">Fact before.</param>
/// <param name="FactAfter">Fact after (a derived fact may move).</param>
/// <param name="CompletionBefore">Completion before.</param>
/// <param name="CompletionAfter">Completion after.</param>
public sealed record GoalNodeChange(
    string Code,
    string Name,
    decimal PlanBefore,
    decimal PlanAfter,
    decimal? FactBefore,
    decimal? FactAfter,
    Completion? CompletionBefore,
    Completion? CompletionAfter)
{
    /// <summary>True when the plan moved.</summary>
    public bool PlanChanged => PlanBefore != PlanAfter;
}
