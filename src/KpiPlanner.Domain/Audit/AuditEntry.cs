namespace KpiPlanner.Domain.Audit;

/// <summary>What the audit log records.</summary>
public enum AuditAction
{
    PeriodCalculated,
    PeriodApproved,
    ApprovalRevoked,
    PeriodClosed,
    PeriodReopened,
    AdjustmentAdded,
    BonusEntered,
    MissingFactsCountedAsZero,

    /// <summary>
    /// A plan or fact changed after the month was calculated (a correction): written by the database itself, with the
    /// KPI and the values before and after, whatever path made the change.
    /// </summary>
    ValueChanged,

    /// <summary>The owner or HR disabled a person's account (offboarding), with the reason.</summary>
    AccountDisabled,

    /// <summary>The owner or HR let a disabled account sign in again, with the reason.</summary>
    AccountEnabled,

    /// <summary>
    /// A month was approved (or closed) by the only person who changed it since its calculation, allowed because the
    /// company turned the four-eyes rule off: the entry records who did it.
    /// </summary>
    FourEyesWaived,

    /// <summary>A month was closed before it was over, confirmed by the person who closed it (the days left in the entry).</summary>
    ClosedBeforeMonthEnd,
}

/// <summary>
/// One line of the audit log: who did what, when, to which month (and person), from which value to which, and why.
/// Entries are only ever added.
/// </summary>
public sealed class AuditEntry
{
    private AuditEntry()
    {
    }

    public AuditEntry(DateTimeOffset at, string? by, AuditAction action, DateOnly? month, int? employeeId = null,
        string? oldValue = null, string? newValue = null, string? reason = null)
    {
        At = at;
        By = by;
        Action = action;
        Month = month;
        EmployeeId = employeeId;
        OldValue = oldValue;
        NewValue = newValue;
        Reason = reason?.Trim();
    }

    public long Id { get; private set; }

    public DateTimeOffset At { get; private set; }

    public string? By { get; private set; }

    public AuditAction Action { get; private set; }

    public DateOnly? Month { get; private set; }

    public int? EmployeeId { get; private set; }

    public string? OldValue { get; private set; }

    public string? NewValue { get; private set; }

    public string? Reason { get; private set; }
}
