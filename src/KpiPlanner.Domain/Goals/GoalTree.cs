using KpiPlanner.Domain.Kpis;

namespace KpiPlanner.Domain.Goals;

/// <summary>
/// A goal tree (domain.md §3): nodes in an organisational hierarchy (company goal → department KPIs → employee KPIs),
/// whose plans — and, for derived indicators, facts — may be formulas over other nodes.
/// <para><b>Names.</b> Formulas name nodes by <see cref="GoalNode.Code"/>, case ignored. Any node may be named, not
/// only a parent or child. Codes are unique (case ignored) and cannot be <c>days</c>, <c>min</c>, <c>max</c>,
/// <c>round</c> or <c>period</c>.</para>
/// <para><b>Plans.</b> A plan formula is evaluated over the other nodes' <i>plans</i>, in dependency order. A cycle
/// (<c>a → b → a</c>, or a node using itself) and an unknown name are refused when the tree is built; a division by
/// zero or an overflow when it is evaluated.</para>
/// <para><b>Facts.</b> A fact formula is evaluated over the other nodes' <i>facts</i> for the same period. A node
/// that has no fact for the period (nothing typed and no fact formula) stands in with its <b>plan</b> — the
/// controller's reading "assume the rest went to plan": the coffee shop's profit fact <c>revenue - expenses</c> uses
/// the expenses plan of 100 000 when no expenses fact was entered. The result lists such nodes in
/// <see cref="GoalNodeResult.FactAssumesPlanOf"/> (transitively), so the UI can say so. Fact formulas form their own
/// dependency graph (a fact may flow the other way from the plan: plan visitors = revenue / avg_check, fact
/// revenue = visitors * avg_check); cycles among fact formulas are refused too.</para>
/// <para><b>Only facts are facts.</b> A derived fact none of whose inputs was measured (every input, transitively,
/// stood in with its plan) is reported as <see cref="GoalNodeResult.Estimate"/>, not as a fact, and has no
/// completion; one measured input is enough for a fact (the coffee shop's profit from a revenue fact and the expenses
/// plan), which still names the plans it assumed.</para>
/// <para><b>Completion</b> of a node with a fact is <see cref="Completion.OfRatio"/> of its plan and fact (percent).
/// A plan ≤ 0 gives no completion and a warning (path <c>nodes[code].plan</c>).</para>
/// <para><b>Paths</b> of errors: <c>nodes[visitors].plan</c>, <c>nodes[visitors].fact</c>, <c>nodes[visitors].code</c>…
/// (a row whose code is missing or invalid is addressed by its index, <c>nodes[3].code</c>).</para>
/// </summary>
public sealed partial class GoalTree
{
    /// <summary>The longest code.</summary>
    public const int MaxCodeLength = 50;

    /// <summary>Words of the formula language that cannot be codes.</summary>
    public static IReadOnlySet<string> ReservedWords { get; } =
        new HashSet<string>(["days", "min", "max", "round", "period"], StringComparer.OrdinalIgnoreCase);

    private readonly Dictionary<string, GoalNode> byCode;

    private GoalTree(IReadOnlyList<GoalNode> nodes, IReadOnlyList<GoalNode> planOrder, IReadOnlyList<GoalNode> factOrder)
    {
        Nodes = nodes;
        PlanOrder = planOrder;
        FactOrder = factOrder;
        byCode = nodes.ToDictionary(n => n.Code, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The nodes in row order.</summary>
    public IReadOnlyList<GoalNode> Nodes { get; }

    /// <summary>The nodes in plan-dependency order: every node after the nodes its plan formula uses (ties: row order).</summary>
    public IReadOnlyList<GoalNode> PlanOrder { get; }

    /// <summary>The nodes in fact-dependency order.</summary>
    internal IReadOnlyList<GoalNode> FactOrder { get; }

    /// <summary>The nodes without a parent.</summary>
    public IReadOnlyList<GoalNode> Roots => Nodes.Where(n => n.ParentCode is null).ToArray();

    /// <summary>A node by code (case ignored), or null.</summary>
    public GoalNode? Find(string code) => byCode.GetValueOrDefault(code);

    /// <summary>The children of a node, in row order.</summary>
    public IReadOnlyList<GoalNode> ChildrenOf(string code) =>
        Nodes.Where(n => string.Equals(n.ParentCode, code, StringComparison.OrdinalIgnoreCase)).ToArray();

    /// <summary>The rows (formulas as typed), for saving.</summary>
    public IReadOnlyList<GoalNodeSpec> ToSpecs() => Nodes.Select(n => n.ToSpec()).ToArray();

    /// <summary>
    /// The codes of every node whose plan depends (directly or through other formulas) on <paramref name="code"/>'s
    /// plan, in plan order — what re-plans when it changes.
    /// </summary>
    public IReadOnlyList<string> PlanDependentsOf(string code)
    {
        var affected = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { code };
        var result = new List<string>();
        foreach (var node in PlanOrder)
        {
            if (node.PlanFormula is { } f && f.References.Any(affected.Contains) && affected.Add(node.Code))
            {
                result.Add(node.Code);
            }
        }

        return result;
    }
}
