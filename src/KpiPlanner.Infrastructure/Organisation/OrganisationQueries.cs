using KpiPlanner.Domain.Organisation;
using Microsoft.EntityFrameworkCore;

namespace KpiPlanner.Infrastructure.Organisation;

/// <summary>
/// A department in tree order: its depth, its head and how many people work in it now (not counting sub-departments);
/// <see cref="Version"/> is its row version as read, so a change made over someone else's is refused.
/// </summary>
public sealed record DepartmentRow(int Id, string Name, int? ParentId, int Depth, int? HeadId, string? HeadName, int Headcount, uint Version = 0);

/// <summary>A position and how many hold it now; <see cref="Version"/> is its row version as read (the API's ETag).</summary>
public sealed record PositionRow(int Id, string Name, int Headcount, uint Version = 0);

public sealed record EmployeeRow(
    int Id,
    string PersonnelNumber,
    string FullName,
    string? Email,
    int DepartmentId,
    string Department,
    int PositionId,
    string Position,
    DateOnly HireDate,
    DateOnly? LeaveDate);

/// <summary>A person one can appoint as a head: an employee of the department.</summary>
public sealed record HeadOption(int Id, string FullName, string PersonnelNumber);

/// <summary>An employee's card as it is stored, with its row version.</summary>
public sealed record EmployeeCard(
    string PersonnelNumber,
    string LastName,
    string FirstName,
    string? MiddleName,
    string? Email,
    int DepartmentId,
    int PositionId,
    DateOnly HireDate,
    DateOnly? LeaveDate,
    uint Version);

/// <summary>
/// The organisation's read side: the department tree, the positions, the employees and one card. Every call uses its
/// own short-lived context; "now" is the <c>today</c> the caller passes (from its clock).
/// </summary>
public sealed class OrganisationQueries(IDbContextFactory<KpiDbContext> dbFactory)
{
    /// <summary>All departments as a tree: each parent followed by its children (by name), with depth.</summary>
    public async Task<IReadOnlyList<DepartmentRow>> DepartmentsAsync(DateOnly today, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var departments = await db.Departments.AsNoTracking()
            .Select(d => new
            {
                d.Id,
                d.Name,
                d.ParentId,
                // A head who left the company heads nothing from the day after their leave date: the post shows vacant.
                HeadId = d.Head == null || d.Head.LeaveDate < today ? null : d.HeadId,
                HeadName = d.Head == null || d.Head.LeaveDate < today ? null : d.Head.LastName + " " + d.Head.FirstName + (d.Head.MiddleName == null ? "" : " " + d.Head.MiddleName),
                Headcount = db.Employees.Count(e => e.DepartmentId == d.Id && e.HireDate <= today && (e.LeaveDate == null || e.LeaveDate >= today)),
                Version = EF.Property<uint>(d, Concurrency.Version),
            })
            .ToListAsync(cancellationToken);
        var tree = new DepartmentTree(departments.Select(d => (d.Id, d.ParentId)));
        var ids = departments.Select(d => d.Id).ToHashSet();
        var children = departments.ToLookup(d => d.ParentId is { } p && ids.Contains(p) ? p : (int?)null);
        var rows = new List<DepartmentRow>();
        var visited = new HashSet<int>();

        void Walk(int? parentId)
        {
            foreach (var d in children[parentId].OrderBy(d => d.Name, StringComparer.CurrentCulture))
            {
                if (!visited.Add(d.Id))
                {
                    continue;
                }

                rows.Add(new DepartmentRow(d.Id, d.Name, d.ParentId, tree.Depth(d.Id), d.HeadId, d.HeadName, d.Headcount, d.Version));
                Walk(d.Id);
            }
        }

        Walk(null);
        return rows;
    }

    /// <summary>The people who can head a department: those who work in it now.</summary>
    public async Task<IReadOnlyList<HeadOption>> HeadCandidatesAsync(int departmentId, DateOnly today, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Employees.AsNoTracking()
            .Where(e => e.DepartmentId == departmentId && (e.LeaveDate == null || e.LeaveDate >= today))
            .OrderBy(e => e.LastName).ThenBy(e => e.FirstName)
            .Select(e => new HeadOption(e.Id, e.LastName + " " + e.FirstName + (e.MiddleName == null ? "" : " " + e.MiddleName), e.PersonnelNumber))
            .ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<PositionRow>> PositionsAsync(DateOnly today, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Positions.AsNoTracking()
            .Select(p => new PositionRow(
                p.Id,
                p.Name,
                db.Employees.Count(e => e.PositionId == p.Id && e.HireDate <= today && (e.LeaveDate == null || e.LeaveDate >= today)),
                EF.Property<uint>(p, Concurrency.Version)))
            .ToListAsync(cancellationToken);
        return rows.OrderBy(p => p.Name, StringComparer.CurrentCulture).ToList();
    }

    /// <summary>
    /// Employees, by name. <paramref name="search"/> matches the name, the personnel number or the e-mail;
    /// <paramref name="departmentId"/> keeps the people of that department and of its sub-departments.
    /// </summary>
    public async Task<IReadOnlyList<EmployeeRow>> EmployeesAsync(string? search = null, int? departmentId = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = await FilterAsync(db, db.Employees.AsNoTracking(), search, departmentId, cancellationToken);
        return await Rows(query).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// One page of the employees <paramref name="scope"/> keeps (the caller's access, applied in SQL), filtered as
    /// <see cref="EmployeesAsync"/> does, by name; with how many match in all.
    /// </summary>
    public async Task<(IReadOnlyList<EmployeeRow> Rows, int Total)> EmployeesPageAsync(
        Func<IQueryable<Employee>, IQueryable<Employee>> scope, string? search, int? departmentId, int skip, int take, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = await FilterAsync(db, scope(db.Employees.AsNoTracking()), search, departmentId, cancellationToken);
        var total = await query.CountAsync(cancellationToken);
        return (await Rows(query).Skip(skip).Take(take).ToListAsync(cancellationToken), total);
    }

    /// <summary>The employees of a department and its sub-departments whose name, personnel number or e-mail holds <paramref name="search"/>.</summary>
    private static async Task<IQueryable<Employee>> FilterAsync(KpiDbContext db, IQueryable<Employee> query, string? search, int? departmentId, CancellationToken cancellationToken)
    {
        if (departmentId is { } id)
        {
            var tree = new DepartmentTree(await db.Departments.AsNoTracking().Select(d => new ValueTuple<int, int?>(d.Id, d.ParentId)).ToListAsync(cancellationToken));
            var ids = tree.Subtree(id).ToList();
            query = query.Where(e => ids.Contains(e.DepartmentId));
        }

        if (!string.IsNullOrWhiteSpace(search))
        {
            var pattern = "%" + Like.Escape(search.Trim()) + "%";
            query = query.Where(e =>
                EF.Functions.ILike(e.LastName + " " + e.FirstName + " " + (e.MiddleName ?? ""), pattern, "\\")
                || EF.Functions.ILike(e.PersonnelNumber, pattern, "\\")
                || (e.Email != null && EF.Functions.ILike(e.Email, pattern, "\\")));
        }

        return query;
    }

    private static IQueryable<EmployeeRow> Rows(IQueryable<Employee> query) =>
        query
            .OrderBy(e => e.LastName).ThenBy(e => e.FirstName).ThenBy(e => e.PersonnelNumber).ThenBy(e => e.Id)
            .Select(e => new EmployeeRow(
                e.Id,
                e.PersonnelNumber,
                e.LastName + " " + e.FirstName + (e.MiddleName == null ? "" : " " + e.MiddleName),
                e.Email,
                e.DepartmentId,
                e.Department.Name,
                e.PositionId,
                e.Position.Name,
                e.HireDate,
                e.LeaveDate));

    /// <summary>An employee's card; null when there is no such employee.</summary>
    public async Task<EmployeeCard?> EmployeeAsync(int employeeId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var e = await db.Employees.SingleOrDefaultAsync(e => e.Id == employeeId, cancellationToken);
        return e is null
            ? null
            : new EmployeeCard(e.PersonnelNumber, e.LastName, e.FirstName, e.MiddleName, e.Email, e.DepartmentId, e.PositionId, e.HireDate, e.LeaveDate, db.VersionOf(e));
    }
}

/// <summary>A text matched literally by <c>ILIKE … ESCAPE '\'</c>: its <c>\</c>, <c>%</c> and <c>_</c> escaped.</summary>
public static class Like
{
    public static string Escape(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
