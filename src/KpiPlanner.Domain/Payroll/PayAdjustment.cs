using KpiPlanner.Domain.Planning;
using KpiPlanner.Domain.Validation;

namespace KpiPlanner.Domain.Payroll;

/// <summary>
/// A correction HR makes to a person's calculated pay — an amount to add (or, negative, to deduct) with a mandatory
/// reason. Shown apart from the calculated figures and kept in the audit log; a recalculation never loses it.
/// </summary>
public sealed class PayAdjustment
{
    private PayAdjustment()
    {
        Reason = string.Empty;
    }

    public long Id { get; private set; }

    public DateOnly Month { get; private set; }

    public int EmployeeId { get; private set; }

    /// <summary>₽, whole kopecks, not 0; negative deducts.</summary>
    public decimal Amount { get; private set; }

    public string Reason { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public string? CreatedBy { get; private set; }

    /// <summary>
    /// An adjustment of a calculated month: refused for a month not yet calculated, approved or closed, for 0 ₽,
    /// fractions of a kopeck, and without a reason.
    /// </summary>
    public static Result<PayAdjustment> Create(Period period, int employeeId, decimal amount, string? reason, DateTimeOffset now, string? by)
    {
        ArgumentNullException.ThrowIfNull(period);
        var errors = new ErrorList();
        var month = new Month(period.Month);
        switch (period.Status)
        {
            case PeriodStatus.Open:
                errors.Add(DomainErrors.AdjustmentNotCalculated, "status", ("month", month));
                break;
            case PeriodStatus.Approved:
                errors.Add(DomainErrors.PeriodApproved, "status", ("month", month));
                break;
            case PeriodStatus.Closed:
                errors.Add(DomainErrors.PeriodClosed, "status", ("month", month));
                break;
        }

        if (amount == 0m)
        {
            errors.Add(DomainErrors.AdjustmentZero, "amount");
        }
        else if (errors.Number("amount", amount) && !Money.IsWholeKopecks(amount))
        {
            errors.Add(DomainErrors.MoneyTooManyDecimals, "amount", ("value", amount));
        }

        if (Period.ReasonError(reason) is { } reasonError)
        {
            errors.Add(reasonError);
        }

        return errors.Count > 0
            ? Result<PayAdjustment>.Failure(errors)
            : Result<PayAdjustment>.Success(new PayAdjustment
            {
                Month = period.Month, EmployeeId = employeeId, Amount = amount, Reason = reason!.Trim(), CreatedAt = now, CreatedBy = by,
            });
    }
}
