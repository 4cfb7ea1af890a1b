using KpiPlanner.Domain.Validation;

namespace KpiPlanner.Domain.Goals;

// The dependency order of plan and fact formulas, and the cycles that prevent one.
public sealed partial class GoalTree
{
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
