using System.Text.RegularExpressions;
using KpiPlanner.Domain.Validation;

namespace KpiPlanner.Domain.Goals;

// Building a tree: every row checked (codes, names, plan and fact), parents and formula names resolved, then both
// dependency orders (GoalTree.Order.cs).
public sealed partial class GoalTree
{
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

            if (spec.EmployeeId is not null && spec.DepartmentId is not null)
            {
                errors.Add(GoalErrors.Create(GoalErrors.NodeLinkBoth, Paths.Join(at, "employeeId"), ("node", label)));
            }
            else if (spec.EmployeeId is not null && string.IsNullOrWhiteSpace(spec.KpiKey))
            {
                errors.Add(GoalErrors.Create(GoalErrors.NodeEmployeeKpiRequired, Paths.Join(at, "kpiKey"), ("node", label)));
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


    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]*$")]
    private static partial Regex CodePattern();

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
}
