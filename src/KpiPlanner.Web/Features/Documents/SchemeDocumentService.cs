using KpiPlanner.Domain.Check;
using KpiPlanner.Domain.Organisation;
using KpiPlanner.Domain.Schemes;
using KpiPlanner.Infrastructure;
using KpiPlanner.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace KpiPlanner.Web.Features.Documents;

/// <summary>What <see cref="SchemeDocumentService.GetAsync"/> found.</summary>
public enum SchemeDocumentStatus
{
    Ok,
    /// <summary>No such employee.</summary>
    NotFound,
    /// <summary>The employee exists but this user may not see their scheme.</summary>
    Forbidden,
    /// <summary>No scheme of the employee's position is in force that month.</summary>
    NoScheme,
}

/// <summary>The answer: the model when <see cref="Status"/> is Ok; the employee's name and position for the "no scheme" message.</summary>
public sealed record SchemeDocumentResult(SchemeDocumentStatus Status, SchemeDocumentModel? Model = null, string? EmployeeName = null, string? Position = null);

/// <summary>
/// Reads what the motivation scheme document of an employee shows for a month, after checking who asks: HR and the
/// owner see anyone's, a manager the people of the departments they head (and below, <see cref="UserContext.MayRead"/>), and
/// everyone their own. The scheme is the employee's position's version in force in that month (the same rule as the
/// pay calculation: the version in force on the month's last day).
/// </summary>
public sealed class SchemeDocumentService(IDbContextFactory<KpiDbContext> dbFactory, TimeProvider time)
{
    public async Task<SchemeDocumentResult> GetAsync(UserContext user, int employeeId, DateOnly month, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var employee = await db.Employees.AsNoTracking()
            .Include(e => e.Position)
            .Include(e => e.Department).ThenInclude(d => d.Head)
            .Include(e => e.Department).ThenInclude(d => d.Parent!).ThenInclude(p => p.Head)
            .SingleOrDefaultAsync(e => e.Id == employeeId, cancellationToken);
        if (employee is null)
        {
            return new SchemeDocumentResult(SchemeDocumentStatus.NotFound);
        }

        if (!user.MayRead(employee.Id, employee.DepartmentId))
        {
            return new SchemeDocumentResult(SchemeDocumentStatus.Forbidden);
        }

        var first = new DateOnly(month.Year, month.Month, 1);
        var monthEnd = first.AddMonths(1).AddDays(-1);
        var versions = await db.SchemeVersions.AsNoTracking().Where(v => v.PositionId == employee.PositionId).ToListAsync(cancellationToken);
        if (SchemeVersion.InForce(versions, monthEnd) is not { } version)
        {
            return new SchemeDocumentResult(SchemeDocumentStatus.NoScheme, EmployeeName: employee.FullName, Position: employee.Position.Name);
        }

        var scheme = version.ToScheme();
        var check = SchemeCheck.Run(scheme);
        var company = await db.Departments.AsNoTracking()
            .Where(d => d.ParentId == null)
            .OrderBy(d => d.Id)
            .Select(d => d.Name)
            .FirstOrDefaultAsync(cancellationToken);

        // The manager who signs: the head of the department — or, for the head, the head of the parent department — as of
        // the month's end or today, whichever is earlier (a head who has left signs nothing).
        var today = DateOnly.FromDateTime(time.GetLocalNow().Date);
        var asOf = monthEnd < today ? monthEnd : today;
        var head = employee.Department.HeadId == employee.Id ? employee.Department.Parent?.HeadOn(asOf) : employee.Department.HeadOn(asOf);
        var model = new SchemeDocumentModel(
            company,
            employee.FullName,
            employee.PersonnelNumber,
            employee.Department.Name,
            employee.Position.Name,
            head?.Id == employee.Id ? null : head?.FullName,
            version.Spec.Name ?? string.Empty,
            version.EffectiveFrom,
            first,
            scheme,
            check.IsValid ? check.Value : null,
            DateOnly.FromDateTime(time.GetLocalNow().Date))
        {
            Plans = await PlansAsync(db, employee.Id, first, scheme, cancellationToken),
        };
        return new SchemeDocumentResult(SchemeDocumentStatus.Ok, model);
    }

    /// <summary>The employee's plan of each KPI of the scheme for the month (null where none is set).</summary>
    private static async Task<IReadOnlyList<decimal?>> PlansAsync(KpiDbContext db, int employeeId, DateOnly month, MotivationScheme scheme, CancellationToken cancellationToken)
    {
        var plans = await db.MonthlyKpiValues.AsNoTracking()
            .Where(v => v.EmployeeId == employeeId && v.Month == month && v.Plan != null)
            .ToDictionaryAsync(v => v.KpiKey, v => v.Plan, cancellationToken);
        return [.. scheme.Kpis.Select(k => plans.GetValueOrDefault(SchemeKeys.KeyOf(k.KpiCode, k.Name)))];
    }

    /// <summary>
    /// Which of <paramref name="employeeIds"/> (of those the caller may read) have a scheme in force in
    /// <paramref name="month"/>: the pages offer the download only to them.
    /// </summary>
    public async Task<IReadOnlySet<int>> WithSchemeAsync(UserContext user, IReadOnlyCollection<int> employeeIds, DateOnly month, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(employeeIds);
        if (employeeIds.Count == 0)
        {
            return new HashSet<int>();
        }

        var monthEnd = new DateOnly(month.Year, month.Month, 1).AddMonths(1).AddDays(-1);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var people = await db.Employees.AsNoTracking().ReadableBy(user)
            .Where(e => employeeIds.Contains(e.Id))
            .Select(e => new { e.Id, e.PositionId })
            .ToListAsync(cancellationToken);
        var positionIds = people.Select(p => p.PositionId).Distinct().ToList();
        var withScheme = (await db.SchemeVersions.AsNoTracking()
            .Where(v => positionIds.Contains(v.PositionId) && v.EffectiveFrom <= monthEnd)
            .Select(v => v.PositionId)
            .Distinct()
            .ToListAsync(cancellationToken)).ToHashSet();
        return people.Where(p => withScheme.Contains(p.PositionId)).Select(p => p.Id).ToHashSet();
    }

    /// <summary>The current month (the default of the document).</summary>
    public DateOnly CurrentMonth
    {
        get
        {
            var today = time.GetLocalNow();
            return new DateOnly(today.Year, today.Month, 1);
        }
    }
}
