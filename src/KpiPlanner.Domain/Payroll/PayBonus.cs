using KpiPlanner.Domain.Planning;
using KpiPlanner.Domain.Validation;

namespace KpiPlanner.Domain.Payroll;

/// <summary>
/// The bonus HR enters for a person for a month when their scheme's bonus rule is "entered per period"
/// (<see cref="Schemes.EnteredBonusRule"/>): an amount ≥ 0 in whole kopecks, added to the pay at the next calculation.
/// </summary>
public sealed class PayBonus
{
    private PayBonus()
    {
    }

    public long Id { get; private set; }

    public DateOnly Month { get; private set; }

    public int EmployeeId { get; private set; }

    public decimal Amount { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public string? UpdatedBy { get; private set; }

    /// <summary>A new entry; refused for an approved or closed month and for a negative amount or fractions of a kopeck.</summary>
    public static Result<PayBonus> Create(Period period, int employeeId, decimal amount, DateTimeOffset now, string? by)
    {
        ArgumentNullException.ThrowIfNull(period);
        var bonus = new PayBonus { Month = period.Month, EmployeeId = employeeId };
        var errors = bonus.Change(period, amount, now, by);
        return errors.Count == 0 ? Result<PayBonus>.Success(bonus) : Result<PayBonus>.Failure(errors);
    }

    /// <summary>Changes the amount; nothing changes when the result lists errors.</summary>
    public IReadOnlyList<DomainError> Change(Period period, decimal amount, DateTimeOffset now, string? by)
    {
        ArgumentNullException.ThrowIfNull(period);
        var errors = new ErrorList();
        if (period.Status is PeriodStatus.Approved or PeriodStatus.Closed)
        {
            errors.Add(period.Status == PeriodStatus.Approved ? DomainErrors.PeriodApproved : DomainErrors.PeriodClosed, "status",
                ("month", new Month(period.Month)));
        }

        errors.Amount("bonus", amount);
        if (errors.Count > 0)
        {
            return errors;
        }

        Amount = amount;
        UpdatedAt = now;
        UpdatedBy = by;
        return [];
    }
}
