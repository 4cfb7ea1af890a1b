using System.Text.RegularExpressions;
using KpiPlanner.Domain.Kpis;
using KpiPlanner.Domain.Validation;

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

    /// <summary>
    /// Validates the rows and builds the tree. <paramref name="parser"/> turns formula text into formulas
    /// (Infrastructure's <c>FormulaParser</c>). Every error is reported, each with its path.
    /// </summary>
    public static Result<GoalTree> Create(IEnumerable<GoalNodeSpec> rows, IFormulaParser parser)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(parser);
        var specs = rows.ToArray();
        var errors = new List<DomainError>();
        var nodes = new List<GoalNode>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        for (var i = 0; i < specs.Length; i++)
        {
            var spec = specs[i];
            ArgumentNullException.ThrowIfNull(spec);
            var code = spec.Code?.Trim() ?? string.Empty;
            var codeValid = CheckCode(code, i, seen, errors);
            var at = codeValid ? GoalErrors.NodePath(code) : Paths.Index("nodes", i);
            var label = code.Length > 0 ? code : "#" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);

            if (string.IsNullOrWhiteSpace(spec.Name))
            {
                errors.Add(GoalErrors.Create(GoalErrors.NodeNameRequired, Paths.Join(at, "name")));
            }

            var planFormula = Parse(spec.PlanFormula, Paths.Join(at, "plan"), parser, errors);
            var factFormula = Parse(spec.FactFormula, Paths.Join(at, "fact"), parser, errors);
            var hasPlanFormula = !string.IsNullOrWhiteSpace(spec.PlanFormula);
            if (spec.PlanValue is null && !hasPlanFormula)
            {
                errors.Add(GoalErrors.Create(GoalErrors.NodePlanRequired, Paths.Join(at, "plan"), ("node", label)));
            }
            else if (spec.PlanValue is not null && hasPlanFormula)
            {
                errors.Add(GoalErrors.Create(GoalErrors.NodePlanBoth, Paths.Join(at, "plan"), ("node", label)));
            }

            if (spec.FactValue is not null && !string.IsNullOrWhiteSpace(spec.FactFormula))
            {
                errors.Add(GoalErrors.Create(GoalErrors.NodeFactBoth, Paths.Join(at, "fact"), ("node", label)));
            }

            CheckRange(spec.PlanValue, Paths.Join(at, "plan"), errors);
            CheckRange(spec.FactValue, Paths.Join(at, "fact"), errors);
            nodes.Add(new GoalNode(spec with { Code = code }, planFormula, factFormula));
        }

        if (errors.Count > 0)
        {
            return Result<GoalTree>.Failure(errors);
        }

        var byCode = nodes.ToDictionary(n => n.Code, StringComparer.OrdinalIgnoreCase);
        CheckParents(nodes, byCode, errors);
        foreach (var node in nodes)
        {
            CheckNames(node, node.PlanFormula, "plan", byCode, errors);
            CheckNames(node, node.FactFormula, "fact", byCode, errors);
        }

        if (errors.Count > 0)
        {
            return Result<GoalTree>.Failure(errors);
        }

        var planOrder = Order(nodes, n => n.PlanFormula?.References ?? [], n => n.PlanFormula, "plan", errors);
        var factOrder = Order(nodes,
            n => n.FactFormula?.References.Where(r => byCode[r].FactFormula is not null).ToArray() ?? [],
            n => n.FactFormula, "fact", errors);

        return errors.Count > 0
            ? Result<GoalTree>.Failure(errors)
            : Result<GoalTree>.Success(new GoalTree(nodes, planOrder, factOrder));
    }

    /// <summary>
    /// Every node's plan for <paramref name="period"/> (<c>days(period)</c> is its calendar days), derived facts and
    /// completions. <paramref name="facts"/> (code → fact) replaces the typed facts of the rows, so one tree can be
    /// read for many months; a fact for a node whose fact is derived is refused. <paramref name="plans"/> (code → plan)
    /// are this period's own plans of typed nodes — a month's part of a split in time — and replace their typed plans;
    /// every formula over them follows. A plan for a node whose plan is a formula is refused. Errors: division by zero
    /// and overflow (path <c>nodes[code].plan</c> / <c>.fact</c>, naming the formula and the node), bad <c>facts</c>
    /// and <c>plans</c> keys.
    /// </summary>
    public Result<GoalEvaluation> Evaluate(
        PeriodRange period, IReadOnlyDictionary<string, decimal>? facts = null, IReadOnlyDictionary<string, decimal>? plans = null)
    {
        ArgumentNullException.ThrowIfNull(period);
        var errors = new List<DomainError>();
        var typedFacts = TypedFacts(facts, errors);
        var ownPlans = PeriodPlans(plans, errors);
        if (errors.Count > 0)
        {
            return Result<GoalEvaluation>.Failure(errors);
        }

        var values = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase);
        foreach (var node in PlanOrder)
        {
            if (node.PlanFormula is not { } formula)
            {
                values[node.Code] = ownPlans.TryGetValue(node.Code, out var own) ? own : node.PlanValue!.Value;
                continue;
            }

            if (!formula.References.All(values.ContainsKey))
            {
                continue; // a node it uses failed; that error is reported there.
            }

            var value = formula.Evaluate(period, name => values[name], node.Code, GoalErrors.NodePath(node.Code, "plan"));
            if (value.IsValid)
            {
                values[node.Code] = value.Value;
            }
            else
            {
                errors.AddRange(value.Errors);
            }
        }

        if (errors.Count > 0)
        {
            return Result<GoalEvaluation>.Failure(errors);
        }

        var factValues = new Dictionary<string, decimal>(typedFacts, StringComparer.OrdinalIgnoreCase);
        var assumed = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        var failed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var measured = new HashSet<string>(typedFacts.Keys, StringComparer.OrdinalIgnoreCase);
        foreach (var node in FactOrder)
        {
            if (node.FactFormula is not { } formula)
            {
                continue; // typed (already in factValues) or none
            }

            if (formula.References.Any(failed.Contains))
            {
                failed.Add(node.Code);
                continue;
            }

            var value = formula.Evaluate(period,
                name => factValues.TryGetValue(name, out var f) ? f : values[name],
                node.Code, GoalErrors.NodePath(node.Code, "fact"));
            if (!value.IsValid)
            {
                failed.Add(node.Code);
                errors.AddRange(value.Errors);
                continue;
            }

            factValues[node.Code] = value.Value;
            if (formula.References.Any(measured.Contains))
            {
                measured.Add(node.Code);
            }

            var uses = new List<string>();
            foreach (var name in formula.References)
            {
                var used = byCode[name];
                var list = factValues.ContainsKey(used.Code)
                    ? assumed.GetValueOrDefault(used.Code) ?? []
                    : [used.Code];
                uses.AddRange(list.Where(c => !uses.Contains(c, StringComparer.OrdinalIgnoreCase)));
            }

            assumed[node.Code] = uses;
        }

        if (errors.Count > 0)
        {
            return Result<GoalEvaluation>.Failure(errors);
        }

        var warnings = new List<DomainError>();
        var results = new List<GoalNodeResult>();
        foreach (var node in PlanOrder)
        {
            var plan = values[node.Code];
            decimal? fact = factValues.TryGetValue(node.Code, out var f) ? f : null;
            decimal? estimate = null;
            if (fact is not null && !measured.Contains(node.Code))
            {
                // Only facts are facts (issue 16): a derived value none of whose inputs was measured is the plans'
                // estimate, not a fact, and has no completion.
                (estimate, fact) = (fact, null);
            }

            Completion? completion = null;
            if (fact is not null)
            {
                var c = Completion.OfRatio(node.Direction, plan, fact.Value);
                if (c.IsValid)
                {
                    completion = c.Value;
                }
                else
                {
                    warnings.AddRange(c.Errors.Select(e => e.WithPrefix(GoalErrors.NodePath(node.Code))));
                }
            }

            results.Add(new GoalNodeResult(node.Code, node.Name, node.Unit, node.Direction, node.ParentCode, plan,
                node.PlanFormula is not null, fact, node.FactFormula is not null,
                assumed.GetValueOrDefault(node.Code) ?? [], completion) { Estimate = estimate });
        }

        return Result<GoalEvaluation>.Success(new GoalEvaluation(period, results), warnings);
    }

    /// <summary>
    /// Changes typed plans (e.g. the top goal: <c>{ profit: 250 000 }</c>) and shows what re-plans before anything is
    /// saved: before/after of every affected node — the changed ones, every node whose plan formula depends on them,
    /// and any node whose fact or completion moves (a derived fact that stands in with a plan). The new tree is in
    /// <see cref="GoalReplan.Tree"/>. A node whose plan is a formula cannot be changed directly
    /// (<see cref="GoalErrors.ReplanNotTyped"/>); errors have paths <c>changes[code]</c>.
    /// </summary>
    public Result<GoalReplan> Replan(
        IReadOnlyDictionary<string, decimal> changes, PeriodRange period, IReadOnlyDictionary<string, decimal>? facts = null,
        IReadOnlyDictionary<string, decimal>? plans = null)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var errors = new List<DomainError>();
        foreach (var (code, value) in changes)
        {
            var path = "changes[" + code + "]";
            var node = Find(code);
            if (node is null)
            {
                errors.Add(GoalErrors.Create(GoalErrors.NodeUnknown, path, ("node", code)));
            }
            else if (node.PlanFormula is { } formula)
            {
                errors.Add(GoalErrors.Create(GoalErrors.ReplanNotTyped, path, ("node", node.Code), ("formula", formula.Text)));
            }
            else
            {
                CheckRange(value, path, errors);
            }
        }

        if (errors.Count > 0)
        {
            return Result<GoalReplan>.Failure(errors);
        }

        var before = Evaluate(period, facts, plans);
        if (!before.IsValid)
        {
            return Result<GoalReplan>.Failure(before.Errors);
        }

        var changed = new Dictionary<string, decimal>(changes, StringComparer.OrdinalIgnoreCase);
        var nodes = Nodes.Select(n => changed.TryGetValue(n.Code, out var v) ? n.WithPlanValue(v) : n).ToArray();
        var byCodeAfter = nodes.ToDictionary(n => n.Code, StringComparer.OrdinalIgnoreCase);
        var tree = new GoalTree(nodes,
            PlanOrder.Select(n => byCodeAfter[n.Code]).ToArray(), FactOrder.Select(n => byCodeAfter[n.Code]).ToArray());
        var after = tree.Evaluate(period, facts, plans);
        if (!after.IsValid)
        {
            return Result<GoalReplan>.Failure(after.Errors);
        }

        var affected = new HashSet<string>(changed.Keys, StringComparer.OrdinalIgnoreCase);
        foreach (var code in changed.Keys)
        {
            affected.UnionWith(PlanDependentsOf(code));
        }

        var list = new List<GoalNodeChange>();
        foreach (var was in before.Value.Nodes)
        {
            var now = after.Value[was.Code];
            if (affected.Contains(was.Code) || was.Plan != now.Plan || was.Fact != now.Fact || was.Completion != now.Completion)
            {
                list.Add(new GoalNodeChange(was.Code, was.Name, was.Plan, now.Plan, was.Fact, now.Fact,
                    was.Completion, now.Completion));
            }
        }

        return Result<GoalReplan>.Success(new GoalReplan(tree, before.Value, after.Value, list), after.Warnings);
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]*$")]
    private static partial Regex CodePattern();

    private Dictionary<string, decimal> TypedFacts(IReadOnlyDictionary<string, decimal>? facts, List<DomainError> errors)
    {
        var result = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase);
        foreach (var node in Nodes)
        {
            if (node.FactValue is { } typed)
            {
                result[node.Code] = typed;
            }
        }

        foreach (var (code, value) in facts ?? new Dictionary<string, decimal>())
        {
            var path = "facts[" + code + "]";
            var node = Find(code);
            if (node is null)
            {
                errors.Add(GoalErrors.Create(GoalErrors.NodeUnknown, path, ("node", code)));
            }
            else if (node.FactFormula is not null)
            {
                errors.Add(GoalErrors.Create(GoalErrors.NodeFactIsDerived, path, ("node", node.Code)));
            }
            else
            {
                CheckRange(value, path, errors);
                result[node.Code] = value;
            }
        }

        return result;
    }

    private Dictionary<string, decimal> PeriodPlans(IReadOnlyDictionary<string, decimal>? plans, List<DomainError> errors)
    {
        var result = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase);
        foreach (var (code, value) in plans ?? new Dictionary<string, decimal>())
        {
            var path = "plans[" + code + "]";
            var node = Find(code);
            if (node is null)
            {
                errors.Add(GoalErrors.Create(GoalErrors.NodeUnknown, path, ("node", code)));
            }
            else if (node.PlanFormula is { } formula)
            {
                errors.Add(GoalErrors.Create(GoalErrors.ReplanNotTyped, path, ("node", node.Code), ("formula", formula.Text)));
            }
            else
            {
                CheckRange(value, path, errors);
                result[node.Code] = value;
            }
        }

        return result;
    }

    private static bool CheckCode(string code, int index, HashSet<string> seen, List<DomainError> errors)
    {
        var path = Paths.Index("nodes", index) + ".code";
        if (code.Length == 0)
        {
            errors.Add(GoalErrors.Create(GoalErrors.NodeCodeRequired, path));
            return false;
        }

        if (code.Length > MaxCodeLength || !CodePattern().IsMatch(code))
        {
            errors.Add(GoalErrors.Create(GoalErrors.NodeCodeInvalid, path, ("code", code), ("max", MaxCodeLength)));
            return false;
        }

        if (ReservedWords.Contains(code))
        {
            errors.Add(GoalErrors.Create(GoalErrors.NodeCodeReserved, path, ("code", code)));
            return false;
        }

        if (!seen.Add(code))
        {
            errors.Add(GoalErrors.Create(GoalErrors.NodeCodeDuplicate, path, ("code", code)));
            return false;
        }

        return true;
    }

    private static void CheckRange(decimal? value, string path, List<DomainError> errors)
    {
        if (value is { } v && !Money.IsInRange(v))
        {
            errors.Add(DomainErrors.Create(DomainErrors.NumberOutOfRange, path, ("value", v), ("max", Money.MaxAmount)));
        }
    }

    private static Formula? Parse(string? text, string path, IFormulaParser parser, List<DomainError> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var parsed = parser.Parse(text, path);
        if (parsed.IsValid)
        {
            return parsed.Value;
        }

        errors.AddRange(parsed.Errors);
        return null;
    }

    private static void CheckParents(List<GoalNode> nodes, Dictionary<string, GoalNode> byCode, List<DomainError> errors)
    {
        foreach (var node in nodes.Where(n => n.ParentCode is not null && !byCode.ContainsKey(n.ParentCode)))
        {
            errors.Add(GoalErrors.Create(GoalErrors.NodeParentUnknown, GoalErrors.NodePath(node.Code, "parentCode"),
                ("parent", node.ParentCode!), ("node", node.Code)));
        }

        var reported = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var node in nodes)
        {
            var chain = new List<string>();
            var current = node;
            while (current is not null && !reported.Contains(current.Code))
            {
                var at = chain.FindIndex(c => string.Equals(c, current.Code, StringComparison.OrdinalIgnoreCase));
                if (at >= 0)
                {
                    var cycle = chain.Skip(at).Append(current.Code).ToArray();
                    reported.UnionWith(cycle);
                    errors.Add(GoalErrors.Create(GoalErrors.NodeParentCycle, GoalErrors.NodePath(current.Code, "parentCode"),
                        ("cycle", string.Join(" → ", cycle))));
                    break;
                }

                chain.Add(current.Code);
                current = current.ParentCode is null ? null : byCode.GetValueOrDefault(current.ParentCode);
            }
        }
    }

    private static void CheckNames(
        GoalNode node, Formula? formula, string member, Dictionary<string, GoalNode> byCode, List<DomainError> errors)
    {
        foreach (var name in formula?.References ?? [])
        {
            if (!byCode.ContainsKey(name))
            {
                errors.Add(GoalErrors.Create(GoalErrors.FormulaUnknownName, GoalErrors.NodePath(node.Code, member),
                    ("formula", formula!.Text), ("node", node.Code), ("name", name)));
            }
        }
    }

    /// <summary>
    /// Topological order (Kahn; ties by row order). Nodes left over sit on or behind a cycle: each cycle is named once,
    /// on its earliest node in row order, as <c>a → b → a</c>.
    /// </summary>
    private static List<GoalNode> Order(
        List<GoalNode> nodes,
        Func<GoalNode, IReadOnlyList<string>> dependencies,
        Func<GoalNode, Formula?> formulaOf,
        string member,
        List<DomainError> errors)
    {
        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < nodes.Count; i++)
        {
            index[nodes[i].Code] = i;
        }

        var deps = nodes.Select(n => dependencies(n).Select(d => index[d]).Distinct().ToArray()).ToArray();
        var pending = deps.Select(d => d.Length).ToArray();
        var users = nodes.Select(_ => new List<int>()).ToArray();
        for (var i = 0; i < nodes.Count; i++)
        {
            foreach (var d in deps[i])
            {
                users[d].Add(i);
            }
        }

        var ready = new SortedSet<int>(Enumerable.Range(0, nodes.Count).Where(i => pending[i] == 0));
        var order = new List<GoalNode>();
        while (ready.Count > 0)
        {
            var next = ready.Min;
            ready.Remove(next);
            order.Add(nodes[next]);
            foreach (var user in users[next])
            {
                if (--pending[user] == 0)
                {
                    ready.Add(user);
                }
            }
        }

        if (order.Count == nodes.Count)
        {
            return order;
        }

        var left = new HashSet<int>(Enumerable.Range(0, nodes.Count).Where(i => pending[i] > 0));
        var inCycle = new HashSet<int>();
        foreach (var start in left.Order())
        {
            if (inCycle.Contains(start))
            {
                continue;
            }

            var walk = new List<int>();
            var current = start;
            while (!walk.Contains(current) && !inCycle.Contains(current))
            {
                walk.Add(current);
                current = deps[current].First(left.Contains);
            }

            if (inCycle.Contains(current))
            {
                continue; // leads into a cycle already named
            }

            var cycle = walk.Skip(walk.IndexOf(current)).ToList();
            inCycle.UnionWith(cycle);
            var first = cycle.IndexOf(cycle.Min());
            var rotated = cycle.Skip(first).Concat(cycle.Take(first)).ToList();
            rotated.Add(rotated[0]);
            var node = nodes[rotated[0]];
            errors.Add(GoalErrors.Create(GoalErrors.FormulaCycle, GoalErrors.NodePath(node.Code, member),
                ("formula", formulaOf(node)!.Text), ("node", node.Code),
                ("cycle", string.Join(" → ", rotated.Select(i => nodes[i].Code)))));
        }

        return order;
    }
}

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
