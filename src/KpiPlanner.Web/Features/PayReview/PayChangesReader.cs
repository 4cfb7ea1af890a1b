using KpiPlanner.Domain.Organisation;
using KpiPlanner.Domain.Planning;
using KpiPlanner.Infrastructure;
using KpiPlanner.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace KpiPlanner.Web.Features.PayReview;

/// <summary>An adjustment of a month's pay, with whom it is for.</summary>
public sealed record AdjustmentRead(int EmployeeId, string PersonnelNumber, string Name, decimal Amount, string Reason, string? By, DateTimeOffset At);

/// <summary>A bonus entered for a month, with whom it is for.</summary>
public sealed record EnteredBonusRead(int EmployeeId, string PersonnelNumber, string Name, decimal Amount, string? By, DateTimeOffset At);

/// <summary>
/// What was changed by hand in a month's pay — its adjustments and entered bonuses — as the API lists them, for those who
/// review pay (<see cref="Duty.RunPayroll"/>, as the pay page's detail). Adding them goes through
/// <see cref="PayReviewService.AdjustAsync"/> and <see cref="PayReviewService.SetBonusAsync"/>, as on the page.
/// </summary>
public sealed class PayChangesReader(IDbContextFactory<KpiDbContext> dbFactory)
{
    public async Task<IReadOnlyList<AdjustmentRead>> AdjustmentsAsync(UserContext user, DateOnly month, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        user.Demand(Duty.RunPayroll);
        month = Period.FirstDay(month);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await (from a in db.PayAdjustments.AsNoTracking()
                          join e in db.Employees.AsNoTracking() on a.EmployeeId equals e.Id
                          where a.Month == month
                          orderby a.CreatedAt, a.Id
                          select new { a.EmployeeId, e.PersonnelNumber, e.LastName, e.FirstName, e.MiddleName, a.Amount, a.Reason, a.CreatedBy, a.CreatedAt })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => new AdjustmentRead(r.EmployeeId, r.PersonnelNumber, Employee.FormatFullName(r.LastName, r.FirstName, r.MiddleName),
            r.Amount, r.Reason, r.CreatedBy, r.CreatedAt))];
    }

    public async Task<IReadOnlyList<EnteredBonusRead>> BonusesAsync(UserContext user, DateOnly month, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        user.Demand(Duty.RunPayroll);
        month = Period.FirstDay(month);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await (from b in db.PayBonuses.AsNoTracking()
                          join e in db.Employees.AsNoTracking() on b.EmployeeId equals e.Id
                          where b.Month == month
                          orderby e.LastName, e.FirstName, e.Id
                          select new { b.EmployeeId, e.PersonnelNumber, e.LastName, e.FirstName, e.MiddleName, b.Amount, b.UpdatedBy, b.UpdatedAt })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => new EnteredBonusRead(r.EmployeeId, r.PersonnelNumber, Employee.FormatFullName(r.LastName, r.FirstName, r.MiddleName),
            r.Amount, r.UpdatedBy, r.UpdatedAt))];
    }
}
