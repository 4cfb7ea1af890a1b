namespace KpiPlanner.Domain.Organisation;

/// <summary>
/// The department tree as plain ids: who is under whom. A manager heads a department and manages its whole subtree.
/// </summary>
public sealed class DepartmentTree
{
    private readonly Dictionary<int, int?> parents;
    private readonly ILookup<int?, int> children;

    public DepartmentTree(IEnumerable<(int Id, int? ParentId)> departments)
    {
        ArgumentNullException.ThrowIfNull(departments);
        parents = departments.ToDictionary(d => d.Id, d => d.ParentId);
        children = parents.ToLookup(p => p.Value, p => p.Key);
    }

    /// <summary>The department and every department below it, each once (a cycle in bad data cannot loop forever).</summary>
    public IReadOnlySet<int> Subtree(int departmentId)
    {
        var seen = new HashSet<int>();
        var stack = new Stack<int>();
        stack.Push(departmentId);
        while (stack.Count > 0)
        {
            var id = stack.Pop();
            if (!seen.Add(id))
            {
                continue;
            }

            foreach (var child in children[id])
            {
                stack.Push(child);
            }
        }

        return seen;
    }

    /// <summary>The union of the subtrees of several departments (e.g. all that one manager heads).</summary>
    public IReadOnlySet<int> Subtrees(IEnumerable<int> departmentIds)
    {
        var all = new HashSet<int>();
        foreach (var id in departmentIds)
        {
            all.UnionWith(Subtree(id));
        }

        return all;
    }

    /// <summary>Depth from the root (the company is 0).</summary>
    public int Depth(int departmentId)
    {
        var depth = 0;
        var current = parents.GetValueOrDefault(departmentId);
        while (current is { } p && depth < parents.Count)
        {
            depth++;
            current = parents.GetValueOrDefault(p);
        }

        return depth;
    }
}
