using KpiPlanner.Domain.Organisation;
using KpiPlanner.Infrastructure.Import;

namespace KpiPlanner.Infrastructure.Organisation;

/// <summary>The departments of a file's paths: found in the tree, or created once per file.</summary>
internal sealed partial class OrganisationImportPlan
{
    /// <summary>
    /// «A / B / C» under the company (or from the company when it starts with its name); the first part may also be
    /// a department anywhere whose name is unique. Missing parts are created (once per file).
    /// </summary>
    private Department? ResolveDepartment(int row, string path)
    {
        // Counted before it is split: «a / a / a / …» 16 000 levels deep in one 64 KiB line is refused for what it costs to count.
        if (path.AsSpan().Count('/') + path.AsSpan().Count('\\') >= OrganisationImporter.MaxPathLevels)
        {
            Error(row, OrganisationColumn.Department, "Import.DepartmentPathTooDeep", path, OrganisationImporter.MaxPathLevels);
            return null;
        }

        var parts = path.Split(['/', '\\'], StringSplitOptions.TrimEntries);
        if (parts.Any(p => p.Length == 0))
        {
            Error(row, OrganisationColumn.Department, "Import.DepartmentPathEmptyPart", path);
            return null;
        }

        if (parts.FirstOrDefault(p => p.Length > OrganisationLimits.DepartmentName) is { } tooLong)
        {
            Error(row, OrganisationColumn.Department, "Validation.DepartmentNameTooLong", OrganisationLimits.DepartmentName);
            return null;
        }

        EnsureIndex();
        Department? current;
        var start = 0;
        var named = byName!.GetValueOrDefault(parts[0]) ?? [];
        var root = roots!.FirstOrDefault(r => string.Equals(r.Name, parts[0], StringComparison.OrdinalIgnoreCase));
        if (root is not null)
        {
            current = root;
            start = 1;
        }
        else if (named.Count == 1)
        {
            current = named[0];
            start = 1;
        }
        else if (named.Count > 1)
        {
            var paths = string.Join("; ", named.Take(10).Select(PathOf).Order(StringComparer.CurrentCulture));
            Error(row, OrganisationColumn.Department, "Import.DepartmentAmbiguous", parts[0], paths);
            return null;
        }
        else
        {
            // New at the top level: under the company (or a new top department when there is no single company).
            current = roots!.Count == 1 ? roots[0] : null;
        }

        for (var i = start; i < parts.Length; i++)
        {
            var parent = current;
            if (!children!.TryGetValue((parent, parts[i].ToUpperInvariant()), out var child))
            {
                if (createdDepartments.Count >= OrganisationImporter.MaxCreatedDepartments)
                {
                    Error(row, OrganisationColumn.Department, "Import.DepartmentsTooMany", OrganisationImporter.MaxCreatedDepartments);
                    return null;
                }

                child = new Department(parts[i], parent);
                createdDepartments[PathOf(child)] = child;
                Index(child);
            }

            current = child;
        }

        return current;
    }

    /// <summary>Departments by name, by parent and name, and the top ones: found in constant time however many a file creates.</summary>
    private Dictionary<string, List<Department>>? byName;
    private Dictionary<(Department? Parent, string Name), Department>? children;
    private List<Department>? roots;

    private void EnsureIndex()
    {
        if (byName is not null)
        {
            return;
        }

        byName = new Dictionary<string, List<Department>>(StringComparer.OrdinalIgnoreCase);
        children = [];
        roots = [];
        foreach (var d in departments)
        {
            Index(d);
        }
    }

    private void Index(Department d)
    {
        if (!byName!.TryGetValue(d.Name, out var list))
        {
            byName[d.Name] = list = [];
        }

        list.Add(d);
        var parent = ParentOf(d);
        children!.TryAdd((parent, d.Name.ToUpperInvariant()), d);
        if (d.Parent is null && d.ParentId is null)
        {
            roots!.Add(d);
        }
    }

    private Department? ParentOf(Department d) => d.Parent ?? (d.ParentId is { } id ? departments.FirstOrDefault(p => p.Id == id) : null);

    private string PathOf(Department d)
    {
        var names = new List<string>();
        var seen = new HashSet<Department>();
        for (var x = d; x is not null && seen.Add(x); x = ParentOf(x))
        {
            names.Add(x.Name);
        }

        names.Reverse();
        return string.Join(OrganisationImporter.PathSeparator, names);
    }

    /// <summary>The path as the template writes it: without the company's name when there is one company.</summary>
    private string ShownPath(Department d)
    {
        var path = PathOf(d);
        var roots = departments.Where(r => r.ParentId is null).ToList();
        return roots.Count == 1 && path.StartsWith(roots[0].Name + OrganisationImporter.PathSeparator, StringComparison.Ordinal)
            ? path[(roots[0].Name.Length + OrganisationImporter.PathSeparator.Length)..]
            : path;
    }
}
