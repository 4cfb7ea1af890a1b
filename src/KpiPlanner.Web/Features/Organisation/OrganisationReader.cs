using KpiPlanner.Infrastructure;
using KpiPlanner.Infrastructure.Organisation;
using KpiPlanner.Web.Hosting;
using KpiPlanner.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace KpiPlanner.Web.Features.Organisation;

/// <summary>An employee's card as a reader sees it, with the names of their department and position and the row version (the API's ETag).</summary>
public sealed record EmployeeDetail(EmployeeRow Row, string LastName, string FirstName, string? MiddleName, uint Version);

/// <summary>
/// The organisation as each caller may read it (the API's read side; editing stays with <see cref="OrganisationService"/>
/// and <see cref="Duty.EditOrganisation"/>). The one rule of <see cref="UserContext"/>: HR and the owner read every
/// department, position and employee; a manager the departments they lead and the people in them (and themselves); an
/// employee themselves. Someone else's department or employee is answered as one that does not exist (null); a
/// position is listed when someone the caller reads holds it, counting only them.
/// </summary>
public sealed class OrganisationReader(IDbContextFactory<KpiDbContext> dbFactory, TimeProvider time)
{
    private readonly OrganisationQueries queries = new(dbFactory);

    private DateOnly Today => DateOnly.FromDateTime(time.GetLocalNow().DateTime);

    /// <summary>
    /// The departments the caller may read in tree order (each followed by its children); a department whose parent the
    /// caller does not read is a root of what they see (its parent is not named).
    /// </summary>
    public async Task<IReadOnlyList<DepartmentRow>> DepartmentsAsync(UserContext user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        var rows = await queries.DepartmentsAsync(Today, cancellationToken);
        return
        [
            .. rows.Where(d => user.MayReadDepartment(d.Id))
                .Select(d => d.ParentId is { } parent && !user.MayReadDepartment(parent) ? d with { ParentId = null } : d),
        ];
    }

    /// <summary>A department the caller may read, with its row version; null for one they may not and for none.</summary>
    public async Task<DepartmentRow?> DepartmentAsync(UserContext user, int departmentId, CancellationToken cancellationToken = default) =>
        (await DepartmentsAsync(user, cancellationToken)).FirstOrDefault(d => d.Id == departmentId);

    /// <summary>A position the caller may read (as <see cref="PositionsAsync"/> lists them), with its row version; null otherwise.</summary>
    public async Task<PositionRow?> PositionAsync(UserContext user, int positionId, CancellationToken cancellationToken = default) =>
        (await PositionsAsync(user, cancellationToken)).FirstOrDefault(p => p.Id == positionId);

    /// <summary>Every position for HR and the owner; for others the positions the people they read hold now, with how many of them.</summary>
    public async Task<IReadOnlyList<PositionRow>> PositionsAsync(UserContext user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        var today = Today;
        if (user.SeesEverything)
        {
            return await queries.PositionsAsync(today, cancellationToken);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var held = await db.Employees.AsNoTracking().ReadableBy(user)
            .Where(e => e.HireDate <= today && (e.LeaveDate == null || e.LeaveDate >= today))
            .GroupBy(e => new { e.PositionId, e.Position.Name, Version = EF.Property<uint>(e.Position, Concurrency.Version) })
            .Select(g => new PositionRow(g.Key.PositionId, g.Key.Name, g.Count(), g.Key.Version))
            .ToListAsync(cancellationToken);
        return [.. held.OrderBy(p => p.Name, StringComparer.CurrentCulture)];
    }

    /// <summary>
    /// One page of the employees the caller may read, by name, with how many match in all; null when
    /// <paramref name="departmentId"/> is a department the caller may not read (or none).
    /// </summary>
    public async Task<(IReadOnlyList<EmployeeRow> Rows, int Total)?> EmployeesAsync(
        UserContext user, string? search, int? departmentId, PageRequest page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (departmentId is { } id && !await DepartmentReadableAsync(user, id, cancellationToken))
        {
            return null;
        }

        return await queries.EmployeesPageAsync(q => q.ReadableBy(user), search, departmentId, page.Skip, page.PageSize, cancellationToken);
    }

    /// <summary>An employee the caller may read, with the row version; null for anyone else and for no one.</summary>
    public async Task<EmployeeDetail?> EmployeeAsync(UserContext user, int employeeId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Employees.AsNoTracking().ReadableBy(user).Where(e => e.Id == employeeId)
            .Select(e => new EmployeeDetail(
                new EmployeeRow(e.Id, e.PersonnelNumber, e.LastName + " " + e.FirstName + (e.MiddleName == null ? "" : " " + e.MiddleName), e.Email,
                    e.DepartmentId, e.Department.Name, e.PositionId, e.Position.Name, e.HireDate, e.LeaveDate),
                e.LastName,
                e.FirstName,
                e.MiddleName,
                EF.Property<uint>(e, Concurrency.Version)))
            .SingleOrDefaultAsync(cancellationToken);
    }

    private async Task<bool> DepartmentReadableAsync(UserContext user, int departmentId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Departments.AsNoTracking().ReadableBy(user).AnyAsync(d => d.Id == departmentId, cancellationToken);
    }
}
