using KpiPlanner.Domain.Organisation;
using KpiPlanner.Infrastructure;
using KpiPlanner.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace KpiPlanner.Web.Features.Home;

public sealed record DepartmentRow(int Id, string Name, int Depth, string? HeadName, int Headcount);

public sealed record CompanyOverview(string CompanyName, int Headcount, int Departments, int Positions, IReadOnlyList<DepartmentRow> Rows);

public sealed record HrOverview(int Headcount, int Accounts, int EmployeesWithoutAccount, int HiredThisMonth, int LeftThisMonth);

public sealed record TeamMember(int Id, string FullName, string Position, string Department, DateOnly HireDate, string? Email);

public sealed record TeamOverview(IReadOnlyList<string> Departments, IReadOnlyList<TeamMember> Members);

public sealed record EmployeeCard(string FullName, string PersonnelNumber, string Position, string Department, string? ManagerName, DateOnly HireDate);

/// <summary>What each role's home page shows. Reads only; one short-lived context per call.</summary>
public sealed class HomeService(IDbContextFactory<KpiDbContext> dbFactory, TimeProvider time)
{
    private DateOnly Today => DateOnly.FromDateTime(time.GetLocalNow().Date);

    public async Task<CompanyOverview> GetCompanyAsync(UserContext user, CancellationToken cancellationToken = default)
    {
        DemandSeesEverything(user);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var today = Today;
        var departments = await db.Departments.AsNoTracking()
            .Select(d => new { d.Id, d.ParentId, d.Name, Head = d.Head == null ? null : d.Head.LastName + " " + d.Head.FirstName })
            .ToListAsync(cancellationToken);
        var counts = await db.Employees.AsNoTracking()
            .Where(e => e.HireDate <= today && (e.LeaveDate == null || e.LeaveDate >= today))
            .GroupBy(e => e.DepartmentId)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var positions = await db.Positions.CountAsync(cancellationToken);
        var tree = new DepartmentTree(departments.Select(d => (d.Id, d.ParentId)));
        var rows = departments
            .Select(d => new DepartmentRow(d.Id, d.Name, tree.Depth(d.Id), d.Head, tree.Subtree(d.Id).Sum(id => counts.GetValueOrDefault(id))))
            .OrderBy(r => r.Depth).ThenBy(r => r.Name, StringComparer.CurrentCulture)
            .ToList();
        var root = rows.FirstOrDefault(r => r.Depth == 0);
        return new CompanyOverview(root?.Name ?? string.Empty, counts.Values.Sum(), departments.Count, positions, rows);
    }

    public async Task<HrOverview> GetHrAsync(UserContext user, CancellationToken cancellationToken = default)
    {
        DemandSeesEverything(user);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var today = Today;
        var monthStart = new DateOnly(today.Year, today.Month, 1);
        var monthEnd = monthStart.AddMonths(1).AddDays(-1);
        var active = db.Employees.Where(e => e.HireDate <= today && (e.LeaveDate == null || e.LeaveDate >= today));
        var headcount = await active.CountAsync(cancellationToken);
        var accounts = await db.Users.CountAsync(cancellationToken);
        var withoutAccount = await active.CountAsync(e => !db.Users.Any(u => u.EmployeeId == e.Id), cancellationToken);
        var hired = await db.Employees.CountAsync(e => e.HireDate >= monthStart && e.HireDate <= monthEnd, cancellationToken);
        var left = await db.Employees.CountAsync(e => e.LeaveDate >= monthStart && e.LeaveDate <= monthEnd, cancellationToken);
        return new HrOverview(headcount, accounts, withoutAccount, hired, left);
    }

    /// <summary>The team of a manager: everyone in the departments they lead (<see cref="UserContext.TeamDepartments"/>), but themselves.</summary>
    public async Task<TeamOverview> GetTeamAsync(UserContext user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var today = Today;
        var me = user.EmployeeId ?? -1;
        var scope = user.TeamDepartments.ToArray();
        var headed = await db.Departments.AsNoTracking().Where(d => d.HeadId == me && scope.Contains(d.Id)).Select(d => d.Name).ToListAsync(cancellationToken);
        var members = await db.Employees.AsNoTracking()
            .Where(e => scope.Contains(e.DepartmentId) && e.Id != me)
            .Where(e => e.LeaveDate == null || e.LeaveDate >= today)
            .OrderBy(e => e.LastName).ThenBy(e => e.FirstName)
            .Select(e => new TeamMember(
                e.Id,
                e.LastName + " " + e.FirstName + (e.MiddleName == null ? "" : " " + e.MiddleName),
                e.Position.Name,
                e.Department.Name,
                e.HireDate,
                e.Email))
            .ToListAsync(cancellationToken);
        return new TeamOverview(headed, members);
    }

    /// <summary>An employee's card; null for an unknown employee and for one the caller may not read alike.</summary>
    public async Task<EmployeeCard?> GetEmployeeAsync(UserContext user, int employeeId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var e = await db.Employees.AsNoTracking().ReadableBy(user)
            .Include(x => x.Position)
            .Include(x => x.Department).ThenInclude(d => d.Head)
            .Include(x => x.Department).ThenInclude(d => d.Parent!).ThenInclude(p => p.Head)
            .SingleOrDefaultAsync(x => x.Id == employeeId, cancellationToken);
        if (e is null)
        {
            return null;
        }

        // A person's manager is the head of their department — or, for the head, the head of the parent department — as
        // long as that head has not left.
        var manager = e.Department.HeadId == e.Id ? e.Department.Parent?.HeadOn(Today) : e.Department.HeadOn(Today);
        return new EmployeeCard(e.FullName, e.PersonnelNumber, e.Position.Name, e.Department.Name, manager?.FullName, e.HireDate);
    }

    /// <summary>How the top bar names the signed-in person: their employee's full name, or the e-mail of an account linked to no one.</summary>
    public async Task<string> DisplayNameAsync(UserContext user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.EmployeeId is not { } id)
        {
            return user.Email;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var name = await db.Employees.AsNoTracking().Where(e => e.Id == id)
            .Select(e => new { e.LastName, e.FirstName, e.MiddleName })
            .SingleOrDefaultAsync(cancellationToken);
        return name is null ? user.Email : Employee.FormatFullName(name.LastName, name.FirstName, name.MiddleName);
    }

    private static void DemandSeesEverything(UserContext user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!user.SeesEverything)
        {
            throw new UnauthorizedAccessException("The company overview is for the owner and HR.");
        }
    }
}
