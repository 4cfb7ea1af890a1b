using KpiPlanner.Domain.Goals;
using KpiPlanner.Domain.Organisation;
using KpiPlanner.Domain.Schemes;
using KpiPlanner.Domain.Validation;
using KpiPlanner.Infrastructure;
using KpiPlanner.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace KpiPlanner.Web.Features.Goals;

/// <summary>A person a goal node can be linked to (the goal page's autocomplete).</summary>
public sealed record LinkPerson(int Id, string Name, string PersonnelNumber, string Department)
{
    /// <inheritdoc/>
    public override string ToString() => Name;
}

/// <summary>
/// The person a node is linked to, as the goal page shows it: the name (with a mark when they have left), and their plan
/// and fact of the node's KPI for the month.
/// </summary>
public sealed record LinkedPerson(int EmployeeId, string KpiKey, string Name, DateOnly? LeftOn, decimal? Plan, decimal? Fact)
{
    /// <summary>The figures the node is compared with.</summary>
    public LinkedFigures Figures => new(Plan, Fact);
}

// Goal nodes linked to one employee (issue 19): who may be chosen, their KPIs, their figures, and the check on save.
public sealed partial class GoalsService
{
    private const int PeopleShown = 20;

    /// <summary>
    /// The people a node can be linked to: those the caller may read (the access scope), on staff today, of
    /// <paramref name="departmentId"/> and the departments below it when the node's parent is a department's goal (null:
    /// everyone), whose name or personnel number contains <paramref name="search"/>; at most 20, by name.
    /// </summary>
    public async Task<IReadOnlyList<LinkPerson>> PeopleAsync(UserContext actor, int? departmentId, string? search, CancellationToken cancellationToken = default)
    {
        actor.Demand(Duty.SetGoals);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var today = Today();
        var people = db.Employees.AsNoTracking().ReadableBy(actor).Where(e => e.LeaveDate == null || e.LeaveDate >= today);
        if (departmentId is { } id)
        {
            var subtree = (await SubtreeAsync(db, id, cancellationToken)).ToArray();
            people = people.Where(e => subtree.Contains(e.DepartmentId));
        }

        var rows = await people.OrderBy(e => e.LastName).ThenBy(e => e.FirstName)
            .Select(e => new { e.Id, e.LastName, e.FirstName, e.MiddleName, e.PersonnelNumber, Department = e.Department.Name })
            .ToListAsync(cancellationToken);
        var text = search?.Trim() ?? string.Empty;
        return rows.Select(e => new LinkPerson(e.Id, Employee.FormatFullName(e.LastName, e.FirstName, e.MiddleName), e.PersonnelNumber, e.Department))
            .Where(p => p.Name.Contains(text, StringComparison.CurrentCultureIgnoreCase) || p.PersonnelNumber.Contains(text, StringComparison.Ordinal))
            .Take(PeopleShown).ToList();
    }

    /// <summary>The KPIs of a person's motivation scheme (every version of their position's scheme), key and name; empty when out of scope.</summary>
    public async Task<IReadOnlyList<(string Key, string Name)>> KpisOfAsync(UserContext actor, int employeeId, CancellationToken cancellationToken = default)
    {
        actor.Demand(Duty.SetGoals);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var position = await db.Employees.AsNoTracking().ReadableBy(actor).Where(e => e.Id == employeeId).Select(e => (int?)e.PositionId).SingleOrDefaultAsync(cancellationToken);
        return position is { } p ? await SchemeKpisAsync(db, p, cancellationToken) : [];
    }

    /// <summary>
    /// The people the nodes are linked to, with their plan and fact of the node's KPI for <paramref name="month"/>:
    /// keyed by (employee, KPI). People the caller may not read are left out.
    /// </summary>
    public async Task<IReadOnlyDictionary<(int EmployeeId, string KpiKey), LinkedPerson>> LinkedPeopleAsync(
        UserContext actor, IEnumerable<GoalNodeSpec> nodes, DateOnly month, CancellationToken cancellationToken = default)
    {
        actor.Demand(Duty.SetGoals);
        var links = nodes.Where(n => n is { EmployeeId: not null, KpiKey: not null }).Select(n => (Id: n.EmployeeId!.Value, Key: n.KpiKey!)).Distinct().ToList();
        var result = new Dictionary<(int, string), LinkedPerson>();
        if (links.Count == 0)
        {
            return result;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var ids = links.Select(l => l.Id).Distinct().ToArray();
        var keys = links.Select(l => l.Key).Distinct().ToArray();
        var people = await db.Employees.AsNoTracking().ReadableBy(actor).Where(e => ids.Contains(e.Id))
            .Select(e => new { e.Id, e.LastName, e.FirstName, e.MiddleName, e.LeaveDate }).ToListAsync(cancellationToken);
        var values = await db.MonthlyKpiValues.AsNoTracking().Where(v => ids.Contains(v.EmployeeId) && keys.Contains(v.KpiKey) && v.Month == month)
            .Select(v => new { v.EmployeeId, v.KpiKey, v.Plan, v.Fact }).ToListAsync(cancellationToken);
        var today = Today();
        foreach (var (id, key) in links)
        {
            if (people.FirstOrDefault(p => p.Id == id) is not { } person)
            {
                continue;
            }

            var value = values.FirstOrDefault(v => v.EmployeeId == id && v.KpiKey == key);
            var left = person.LeaveDate is { } leave && leave < today ? leave : (DateOnly?)null;
            result[(id, key)] = new LinkedPerson(id, key, Employee.FormatFullName(person.LastName, person.FirstName, person.MiddleName), left, value?.Plan, value?.Fact);
        }

        return result;
    }

    /// <summary>The department of the nearest ancestor of a node that is a department's goal; null when none is.</summary>
    public static int? ParentDepartmentOf(IReadOnlyList<GoalNodeSpec> nodes, string? parentCode)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (parentCode is not null && seen.Add(parentCode))
        {
            var parent = nodes.FirstOrDefault(n => string.Equals(n.Code, parentCode, StringComparison.OrdinalIgnoreCase));
            if (parent is null)
            {
                return null;
            }

            if (parent.DepartmentId is { } department)
            {
                return department;
            }

            parentCode = parent.ParentCode;
        }

        return null;
    }

    /// <summary>
    /// The links to employees that the save adds or changes (a node whose employee and KPI no version of the goal had):
    /// the person must be one the caller may read, of the parent department goal's department or below it, on staff
    /// today, with the KPI in their scheme. Links the goal already had stay valid when the person leaves or moves: the
    /// page marks them instead.
    /// </summary>
    private async Task<List<DomainError>> CheckEmployeeLinksAsync(
        KpiDbContext db, UserContext actor, Goal goal, IReadOnlyList<GoalNodeSpec> specs, CancellationToken cancellationToken)
    {
        var errors = new List<DomainError>();
        var known = goal.Versions.SelectMany(v => v.Nodes).Where(n => n.EmployeeId is not null)
            .Select(n => (n.Code, n.EmployeeId, n.KpiKey)).ToHashSet();
        var added = specs.Where(n => n is { EmployeeId: not null, KpiKey: not null } && !known.Contains((n.Code, n.EmployeeId, n.KpiKey))).ToList();
        if (added.Count == 0)
        {
            return errors;
        }

        var ids = added.Select(n => n.EmployeeId!.Value).Distinct().ToArray();
        var people = await db.Employees.AsNoTracking().ReadableBy(actor).Where(e => ids.Contains(e.Id))
            .Select(e => new { e.Id, e.DepartmentId, e.PositionId, e.LeaveDate }).ToListAsync(cancellationToken);
        var today = Today();
        foreach (var node in added)
        {
            var path = GoalErrors.NodePath(node.Code, "employeeId");
            var person = people.FirstOrDefault(p => p.Id == node.EmployeeId);
            var department = ParentDepartmentOf(specs, node.ParentCode);
            if (person is null || (department is { } d && !(await SubtreeAsync(db, d, cancellationToken)).Contains(person.DepartmentId)))
            {
                errors.Add(GoalErrors.Create(GoalErrors.NodeEmployeeOutOfScope, path, ("node", node.Name)));
            }
            else if (person.LeaveDate is { } leave && leave < today)
            {
                errors.Add(GoalErrors.Create(GoalErrors.NodeEmployeeLeft, path, ("node", node.Name)));
            }
            else if (!(await SchemeKpisAsync(db, person.PositionId, cancellationToken)).Any(k => k.Key == node.KpiKey))
            {
                errors.Add(GoalErrors.Create(GoalErrors.NodeEmployeeKpiNotInScheme, GoalErrors.NodePath(node.Code, "kpiKey"), ("node", node.Name), ("kpi", node.KpiKey!)));
            }
        }

        return errors;
    }

    private static async Task<IReadOnlyList<(string Key, string Name)>> SchemeKpisAsync(KpiDbContext db, int positionId, CancellationToken cancellationToken)
    {
        var versions = await db.SchemeVersions.AsNoTracking().Where(v => v.PositionId == positionId).OrderByDescending(v => v.EffectiveFrom).ToListAsync(cancellationToken);
        return versions.SelectMany(v => v.Spec.Kpis).Select(k => (Key: SchemeKeys.KeyOf(k.KpiCode, k.Name), k.Name)).DistinctBy(k => k.Key).ToList();
    }

    private static async Task<IReadOnlySet<int>> SubtreeAsync(KpiDbContext db, int departmentId, CancellationToken cancellationToken)
    {
        var departments = await db.Departments.AsNoTracking().Select(d => new { d.Id, d.ParentId }).ToListAsync(cancellationToken);
        return new DepartmentTree(departments.Select(d => (d.Id, d.ParentId))).Subtree(departmentId);
    }

    private DateOnly Today() => DateOnly.FromDateTime(time.GetLocalNow().Date);
}
