using KpiPlanner.Domain.Kpis;
using KpiPlanner.Domain.Validation;

namespace KpiPlanner.Domain.Goals;

// Reading a tree for a period: plans in plan order, facts in fact order, completions.
public sealed partial class GoalTree
{
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
            if (TypedPlanNode(code, value, "plans[" + code + "]", errors) is { } node)
            {
                result[node.Code] = value;
            }
        }

        return result;
    }

    /// <summary>
    /// The node whose typed plan <paramref name="value"/> is given at <paramref name="path"/> (a range error is added
    /// but the node still returned); null, with an error, for an unknown code or a node whose plan is a formula.
    /// </summary>
    private GoalNode? TypedPlanNode(string code, decimal value, string path, List<DomainError> errors)
    {
        var node = Find(code);
        if (node is null)
        {
            errors.Add(GoalErrors.Create(GoalErrors.NodeUnknown, path, ("node", code)));
            return null;
        }

        if (node.PlanFormula is { } formula)
        {
            errors.Add(GoalErrors.Create(GoalErrors.ReplanNotTyped, path, ("node", node.Code), ("formula", formula.Text)));
            return null;
        }

        CheckRange(value, path, errors);
        return node;
    }
}
