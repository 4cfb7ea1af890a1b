using KpiPlanner.Domain.Validation;

namespace KpiPlanner.Domain.Planning;

/// <summary>
/// Where a month is in the monthly cycle (domain.md §6). While <see cref="Open"/> managers plan and facts arrive;
/// HR calculates (<see cref="Calculated"/>, as often as needed), approves, and closes. Plans and facts of a closed
/// month never change (a recorded re-opening comes first); a change after the calculation makes it stale, and a
/// stale month is neither approved nor closed until it is recalculated.
/// </summary>
public enum PeriodStatus
{
    Open,
    Calculated,
    Approved,
    Closed,
}

/// <summary>
/// A month of the monthly cycle and its lifecycle: open → calculated → approved → closed (and re-opened with a
/// reason). Each transition records who and when; a refused transition changes nothing and says why.
/// Plans and facts of a closed month never change: the database refuses it too.
/// </summary>
public sealed class Period
{
    /// <summary>The longest reason kept for a re-opening or a revoked approval.</summary>
    public const int MaxReasonLength = 1000;

    private Period()
    {
    }

    public Period(DateOnly month)
    {
        Month = FirstDay(month);
        Status = PeriodStatus.Open;
    }

    public int Id { get; private set; }

    /// <summary>The first day of the month.</summary>
    public DateOnly Month { get; private set; }

    public PeriodStatus Status { get; private set; }

    public bool IsClosed => Status == PeriodStatus.Closed;

    /// <summary>True while plans and facts may change: until the month is closed.</summary>
    public bool AcceptsValues => Status != PeriodStatus.Closed;

    public DateTimeOffset? CalculatedAt { get; private set; }

    public string? CalculatedBy { get; private set; }

    public DateTimeOffset? ApprovedAt { get; private set; }

    public string? ApprovedBy { get; private set; }

    public DateTimeOffset? ClosedAt { get; private set; }

    public string? ClosedBy { get; private set; }

    /// <summary>
    /// True when HR closed the month although facts were missing, counting those KPIs as 0 % — an explicit,
    /// recorded decision.
    /// </summary>
    public bool MissingFactsCountedAsZero { get; private set; }

    /// <summary>
    /// How many times the month's plans, facts or bonuses have been written: counted by the database itself, by each
    /// writing statement, in the order the writers take the month's row — never set by the app.
    /// </summary>
    public long FiguresVersion { get; private set; }

    /// <summary>The <see cref="FiguresVersion"/> the last calculation read; null before the first one (or one made before it was kept).</summary>
    public long? CalculatedFiguresVersion { get; private set; }

    /// <summary>
    /// True when plans, facts or bonuses were written after the last calculation. Counted, not timed: a write whose
    /// clock was earlier but whose transaction committed later is caught too. A calculation from before the counter
    /// was kept answers from the timestamps (<paramref name="changedByTimestamps"/>).
    /// </summary>
    public bool FiguresChangedSinceCalculation(Func<bool> changedByTimestamps)
    {
        ArgumentNullException.ThrowIfNull(changedByTimestamps);
        return CalculatedAt is not null && (CalculatedFiguresVersion is { } read ? FiguresVersion != read : changedByTimestamps());
    }

    public static DateOnly FirstDay(DateOnly day) => new(day.Year, day.Month, 1);

    /// <summary>
    /// "2026-06" → 1 June 2026; null for anything else, and for a month outside <see cref="SupportedMonths"/>
    /// (2000-01 to 2100-12): "9999-12" and "0001-01" are bad months like "2026-13".
    /// </summary>
    public static DateOnly? ParseMonth(string? text) =>
        text is { Length: 7 } && DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var month)
            && SupportedMonths.Contains(month)
            ? month
            : null;

    public static string Key(DateOnly month) => month.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);

    private Month Name => new(Month);

    /// <summary>
    /// Records a (re)calculation of the month's pay. Refused once approved (revoke the approval first) or closed.
    /// </summary>
    public IReadOnlyList<DomainError> Calculated(DateTimeOffset now, string? by)
    {
        if (Status is PeriodStatus.Approved or PeriodStatus.Closed)
        {
            return [Error(Status == PeriodStatus.Approved ? DomainErrors.PeriodApproved : DomainErrors.PeriodClosed)];
        }

        Status = PeriodStatus.Calculated;
        CalculatedAt = now;
        CalculatedBy = by;
        CalculatedFiguresVersion = FiguresVersion;
        return [];
    }

    /// <summary>
    /// Approves the calculated pay. Refused before a calculation, twice, when closed, and when plans or facts changed
    /// after the last calculation (<paramref name="valuesChangedSinceCalculation"/>: recalculate first).
    /// </summary>
    public IReadOnlyList<DomainError> Approve(DateTimeOffset now, string? by, bool valuesChangedSinceCalculation)
    {
        var refused = Status switch
        {
            PeriodStatus.Open => Error(DomainErrors.PeriodNotCalculated),
            PeriodStatus.Approved => DomainErrors.Create(DomainErrors.PeriodAlreadyApproved, "status", ("month", Name),
                ("by", ApprovedBy ?? string.Empty), ("at", ApprovedAt ?? now)),
            PeriodStatus.Closed => Error(DomainErrors.PeriodClosed),
            _ => valuesChangedSinceCalculation ? Error(DomainErrors.PeriodStale) : null,
        };
        if (refused is not null)
        {
            return [refused];
        }

        Status = PeriodStatus.Approved;
        ApprovedAt = now;
        ApprovedBy = by;
        return [];
    }

    /// <summary>Takes back an approval (with a reason) so the month can be corrected and recalculated.</summary>
    public IReadOnlyList<DomainError> RevokeApproval(string? reason)
    {
        if (ReasonError(reason) is { } missing)
        {
            return [missing];
        }

        if (Status != PeriodStatus.Approved)
        {
            return [Error(Status == PeriodStatus.Closed ? DomainErrors.PeriodClosed : DomainErrors.PeriodNotApproved)];
        }

        Status = PeriodStatus.Calculated;
        ApprovedAt = null;
        ApprovedBy = null;
        return [];
    }

    /// <summary>
    /// Closes an approved month for good. With facts missing (<paramref name="employeesMissingFacts"/> &gt; 0) it is
    /// refused unless HR explicitly counts them as 0 % (<paramref name="countMissingAsZero"/>), which is recorded.
    /// Refused too when plans or facts changed after the calculation (<paramref name="valuesChangedSinceCalculation"/>).
    /// </summary>
    public IReadOnlyList<DomainError> Close(DateTimeOffset now, string? by, int employeesMissingFacts, bool countMissingAsZero,
        bool valuesChangedSinceCalculation = false)
    {
        var refused = Status switch
        {
            PeriodStatus.Closed => Error(DomainErrors.PeriodClosed),
            PeriodStatus.Approved when valuesChangedSinceCalculation => Error(DomainErrors.PeriodStale),
            PeriodStatus.Approved => employeesMissingFacts > 0 && !countMissingAsZero
                ? DomainErrors.Create(DomainErrors.PeriodMissingFacts, "missingFacts", ("month", Name), ("count", employeesMissingFacts))
                : null,
            _ => Error(DomainErrors.PeriodNotApproved),
        };
        if (refused is not null)
        {
            return [refused];
        }

        Status = PeriodStatus.Closed;
        ClosedAt = now;
        ClosedBy = by;
        MissingFactsCountedAsZero = employeesMissingFacts > 0;
        return [];
    }

    /// <summary>
    /// Re-opens a closed month (an HR or owner decision, with a reason the audit log keeps): it is calculated again,
    /// so plans and facts can be corrected and the pay recalculated, approved and closed anew.
    /// </summary>
    public IReadOnlyList<DomainError> Reopen(string? reason)
    {
        if (ReasonError(reason) is { } missing)
        {
            return [missing];
        }

        if (Status != PeriodStatus.Closed)
        {
            return [Error(DomainErrors.PeriodNotClosed)];
        }

        Status = PeriodStatus.Calculated;
        ApprovedAt = null;
        ApprovedBy = null;
        ClosedAt = null;
        ClosedBy = null;
        MissingFactsCountedAsZero = false;
        return [];
    }

    /// <summary>Null when <paramref name="reason"/> is given (and not too long); otherwise the error.</summary>
    public static DomainError? ReasonError(string? reason) =>
        string.IsNullOrWhiteSpace(reason) ? DomainErrors.Create(DomainErrors.ReasonRequired, "reason")
        : reason.Trim().Length > MaxReasonLength ? DomainErrors.Create(DomainErrors.ReasonTooLong, "reason", ("max", MaxReasonLength))
        : null;

    private DomainError Error(string code) => DomainErrors.Create(code, "status", ("month", Name));
}
