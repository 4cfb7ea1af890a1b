using KpiPlanner.Domain.Organisation;
using KpiPlanner.Domain.Payroll;
using KpiPlanner.Domain.Planning;
using KpiPlanner.Infrastructure;
using KpiPlanner.Infrastructure.Payroll;
using KpiPlanner.Web.Hosting;
using KpiPlanner.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace KpiPlanner.Web.Features.PayReview;

/// <summary>Where a month stands: its row (null before anything happened to it), whether figures changed since its calculation, its lines and their total.</summary>
/// <param name="Total">The pay lines' totals with every adjustment added.</param>
public sealed record PeriodState(DateOnly Month, Period? Period, bool Stale, int Lines, decimal Total)
{
    public PeriodStatus Status => Period?.Status ?? PeriodStatus.Open;
}

/// <summary>A pay line as a reader sees it: the stored line (with its explanation), the person's names and the line's adjustments.</summary>
public sealed record PayLineRead(PayLine Line, string PersonnelNumber, string Name, string Department, string Position, IReadOnlyList<AdjustmentView> Adjustments)
{
    public decimal Adjusted => Adjustments.Sum(a => a.Amount);
}

/// <summary>One page of a month's pay lines and how many there are in all (within the caller's scope and the filter).</summary>
public sealed record PayLinesPage(PeriodStatus Status, int Total, IReadOnlyList<PayLineRead> Items);

/// <summary>
/// The pay run as the API reads it. Where a month stands is for those who run payroll (<see cref="Duty.RunPayroll"/>);
/// its pay lines are for whoever may read the people they belong to (<see cref="UserContext.MayRead"/>: everyone for HR
/// and the owner, a manager their team and themselves, an employee themselves) — the same scope the dashboards and the
/// employee's own page use. The steps themselves go through <see cref="PayReviewService"/>, as the pay page's do.
/// </summary>
public sealed class PayRunReader(IDbContextFactory<KpiDbContext> dbFactory)
{
    public async Task<PeriodState> PeriodAsync(UserContext user, DateOnly month, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        user.Demand(Duty.RunPayroll);
        month = Period.FirstDay(month);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var period = await db.Periods.AsNoTracking().SingleOrDefaultAsync(p => p.Month == month, cancellationToken);
        var lines = await db.PayLines.Where(l => l.Month == month).CountAsync(cancellationToken);
        var total = await db.PayLines.Where(l => l.Month == month).SumAsync(l => l.Total, cancellationToken)
            + await db.PayAdjustments.Where(a => a.Month == month).SumAsync(a => a.Amount, cancellationToken);
        var stale = period is not null && await PayrollService.ChangedSinceCalculationAsync(db, period, cancellationToken);
        return new PeriodState(month, period, stale, lines, total);
    }

    /// <summary>
    /// The month's pay lines the caller may read, by name, one page of them; <paramref name="departmentId"/> keeps the
    /// lines paid in that department and its sub-departments. Null when the department is none the caller may read
    /// (the same answer as for one that does not exist).
    /// </summary>
    public async Task<PayLinesPage?> PayLinesAsync(UserContext user, DateOnly month, int? departmentId, PageRequest page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        month = Period.FirstDay(month);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var lines = from l in db.PayLines.AsNoTracking()
                    join e in db.Employees.AsNoTracking().ReadableBy(user) on l.EmployeeId equals e.Id
                    where l.Month == month
                    select new { Line = l, e.PersonnelNumber, e.LastName, e.FirstName, e.MiddleName };
        if (departmentId is { } id)
        {
            var departments = await db.Departments.AsNoTracking().Select(d => new ValueTuple<int, int?>(d.Id, d.ParentId)).ToListAsync(cancellationToken);
            if (!user.MayReadDepartment(id) || !departments.Any(d => d.Item1 == id))
            {
                return null;
            }

            var subtree = new DepartmentTree(departments).Subtree(id).ToList();
            lines = lines.Where(x => subtree.Contains(x.Line.DepartmentId));
        }

        var total = await lines.CountAsync(cancellationToken);
        var rows = await lines.OrderBy(x => x.LastName).ThenBy(x => x.FirstName).ThenBy(x => x.Line.EmployeeId)
            .Skip(page.Skip).Take(page.PageSize).ToListAsync(cancellationToken);
        var departmentIds = rows.Select(r => r.Line.DepartmentId).Distinct().ToList();
        var positionIds = rows.Select(r => r.Line.PositionId).Distinct().ToList();
        var employeeIds = rows.Select(r => r.Line.EmployeeId).ToList();
        var departmentNames = await db.Departments.AsNoTracking().Where(d => departmentIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.Name, cancellationToken);
        var positionNames = await db.Positions.AsNoTracking().Where(p => positionIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, cancellationToken);
        var adjustments = (await db.PayAdjustments.AsNoTracking().Where(a => a.Month == month && employeeIds.Contains(a.EmployeeId))
                .OrderBy(a => a.CreatedAt).ThenBy(a => a.Id).ToListAsync(cancellationToken))
            .ToLookup(a => a.EmployeeId, a => new AdjustmentView(a.Amount, a.Reason, a.CreatedBy, a.CreatedAt));
        var status = await db.Periods.AsNoTracking().Where(p => p.Month == month).Select(p => (PeriodStatus?)p.Status).SingleOrDefaultAsync(cancellationToken);
        return new PayLinesPage(
            status ?? PeriodStatus.Open,
            total,
            [
                .. rows.Select(r => new PayLineRead(r.Line, r.PersonnelNumber, Employee.FormatFullName(r.LastName, r.FirstName, r.MiddleName),
                    departmentNames.GetValueOrDefault(r.Line.DepartmentId) ?? string.Empty, positionNames.GetValueOrDefault(r.Line.PositionId) ?? string.Empty,
                    [.. adjustments[r.Line.EmployeeId]])),
            ]);
    }
}
