using KpiPlanner.Domain.Audit;
using KpiPlanner.Domain.Payroll;
using KpiPlanner.Domain.Planning;
using KpiPlanner.Domain.Validation;
using Microsoft.EntityFrameworkCore;

namespace KpiPlanner.Infrastructure.Payroll;

/// <summary>A person's pay changes within a month: adjustments of a calculated line and entered bonuses (each audited).</summary>
public sealed partial class PayrollService
{
    /// <summary>Adds an adjustment to a person's calculated pay, with its reason; audited.</summary>
    public Task<IReadOnlyList<DomainError>> AdjustAsync(DateOnly month, int employeeId, decimal amount, string? reason, string? by,
        CancellationToken cancellationToken = default) =>
        TransitionAsync(month, async (db, period, now) =>
        {
            var adjustment = PayAdjustment.Create(period, employeeId, amount, reason, now, by);
            if (!adjustment.IsValid)
            {
                return adjustment.Errors;
            }

            if (!await db.PayLines.AnyAsync(l => l.Month == period.Month && l.EmployeeId == employeeId, cancellationToken))
            {
                return [DomainErrors.Create(DomainErrors.AdjustmentNotCalculated, "employeeId", ("month", new Month(period.Month)))];
            }

            db.PayAdjustments.Add(adjustment.Value);
            db.AuditLog.Add(new AuditEntry(now, by, AuditAction.AdjustmentAdded, period.Month, employeeId,
                newValue: amount.ToString(System.Globalization.CultureInfo.InvariantCulture), reason: reason));
            return [];
        }, cancellationToken);

    /// <summary>
    /// Enters (or changes) the bonus of a person for the month, for schemes whose bonus is entered per period; audited.
    /// It counts from the next calculation on, so a calculated month becomes stale until recalculated.
    /// </summary>
    public Task<IReadOnlyList<DomainError>> SetBonusAsync(DateOnly month, int employeeId, decimal amount, string? by,
        CancellationToken cancellationToken = default) =>
        TransitionAsync(month, async (db, period, now) =>
        {
            var existing = await db.PayBonuses.SingleOrDefaultAsync(b => b.Month == period.Month && b.EmployeeId == employeeId, cancellationToken);
            var before = existing?.Amount;
            if (existing is null)
            {
                var created = PayBonus.Create(period, employeeId, amount, now, by);
                if (!created.IsValid)
                {
                    return created.Errors;
                }

                db.PayBonuses.Add(created.Value);
            }
            else if (existing.Change(period, amount, now, by) is { Count: > 0 } errors)
            {
                return errors;
            }

            db.AuditLog.Add(new AuditEntry(now, by, AuditAction.BonusEntered, period.Month, employeeId,
                oldValue: before?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                newValue: amount.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            return [];
        }, cancellationToken, createPeriod: true);
}
