using KpiPlanner.Domain.Kpis;

namespace KpiPlanner.Domain.Goals;

/// <summary>
/// The figures a linked node is compared with for a period: the one employee's plan and fact of the KPI (or the
/// department team's, summed or averaged). Null when nobody planned or reported.
/// </summary>
public sealed record LinkedFigures(decimal? Plan, decimal? Fact);

/// <summary>
/// A linked node against what it is linked to, for one period: the node's plan beside the employee's (or the team's)
/// plan — a mismatch is flagged, as the plan grid flags a team whose plans do not add up to the department goal — and
/// the linked fact measured against the node's plan.
/// </summary>
/// <param name="Code">The node.</param>
/// <param name="Kind">Employee or department.</param>
/// <param name="NodePlan">The node's plan for the period.</param>
/// <param name="LinkedPlan">The person's (team's) plan of the KPI for the period; null: nobody planned it.</param>
/// <param name="LinkedFact">The person's (team's) fact of the KPI; null: not reported yet.</param>
/// <param name="Completion">The linked fact against the node's plan, the node's direction; null without a fact or a plan &gt; 0.</param>
public sealed record GoalLinkReading(
    string Code, GoalLinkKind Kind, decimal NodePlan, decimal? LinkedPlan, decimal? LinkedFact, Completion? Completion)
{
    /// <summary>The person's plan differs from the node's (in the unit's steps: kopecks, whole units, hundredths).</summary>
    public bool PlanMismatch { get; init; }

    /// <summary>Nobody planned the KPI for the period: the node's plan reached no one.</summary>
    public bool NoPlan => LinkedPlan is null;

    /// <summary>No fact reported for the period.</summary>
    public bool NoFact => LinkedFact is null;
}

/// <summary>
/// Goal nodes linked to a department's team or to one employee (domain.md §3: a company goal → department KPIs →
/// employee KPIs). A linked node without a typed fact and without a fact formula takes its fact from what it is linked
/// to — the employee's stored fact of the KPI for the month, or the team's — and its plan is checked against theirs.
/// Months combine by the KPI's roll-up rule (<see cref="RollUp"/>: a sum, the mean for an average KPI, the last month
/// for a stock), so a quarter of a person's average check is the mean of the months, not their sum.
/// </summary>
public static class GoalLinks
{
    /// <summary>
    /// The facts to evaluate a tree with for one month: <paramref name="typed"/>, plus for every linked node whose fact
    /// is neither typed nor a formula the linked fact (<paramref name="linkedFact"/>: null when not reported — the node
    /// then has no fact, never a silent 0).
    /// </summary>
    public static Dictionary<string, decimal> FactsOf(
        GoalTree tree, IReadOnlyDictionary<string, decimal> typed, Func<GoalNode, decimal?> linkedFact)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(typed);
        ArgumentNullException.ThrowIfNull(linkedFact);
        var facts = new Dictionary<string, decimal>(typed, StringComparer.OrdinalIgnoreCase);
        foreach (var node in tree.Nodes.Where(n => n.Link != GoalLinkKind.None && n.FactFormula is null && !facts.ContainsKey(n.Code)))
        {
            if (linkedFact(node) is { } fact)
            {
                facts[node.Code] = fact;
            }
        }

        return facts;
    }

    /// <summary>
    /// A person's (or team's) months of the KPI rolled up over <paramref name="period"/> by the KPI's rule: the plan of
    /// the months planned, the fact of the months reported.
    /// </summary>
    public static LinkedFigures Over(AggregationRule rule, IEnumerable<MonthPlanFact> months, PeriodRange period)
    {
        ArgumentNullException.ThrowIfNull(months);
        ArgumentNullException.ThrowIfNull(period);
        var list = months.ToArray();
        var plan = RollUp.Aggregate(rule, list.Where(m => m.Plan is not null).Select(m => new MonthValue(m.Month, m.Plan!.Value)), period);
        var fact = RollUp.Aggregate(rule, list.Where(m => m.Fact is not null).Select(m => new MonthValue(m.Month, m.Fact!.Value)), period);
        return new LinkedFigures(plan, fact);
    }

    /// <summary>
    /// Compares an evaluated node with the figures it is linked to: the plan mismatch (rounded to the unit's steps,
    /// <see cref="Decomposition.DecimalsOf"/>) and the linked fact against the node's plan in the node's direction
    /// (lower is better: plan / fact).
    /// </summary>
    public static GoalLinkReading Compare(GoalNodeResult node, GoalLinkKind kind, LinkedFigures figures)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(figures);
        var decimals = Decomposition.DecimalsOf(node.Unit);
        var mismatch = figures.Plan is { } plan
            && Math.Round(plan, decimals, MidpointRounding.AwayFromZero) != Math.Round(node.Plan, decimals, MidpointRounding.AwayFromZero);
        Completion? completion = null;
        if (figures.Fact is { } fact && Completion.OfRatio(node.Direction, node.Plan, fact) is { IsValid: true } c)
        {
            completion = c.Value;
        }

        return new GoalLinkReading(node.Code, kind, node.Plan, figures.Plan, figures.Fact, completion) { PlanMismatch = mismatch };
    }
}
