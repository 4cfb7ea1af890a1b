using KpiPlanner.Domain.Check;
using KpiPlanner.Domain.Organisation;
using KpiPlanner.Domain.Payroll;
using KpiPlanner.Domain.Planning;
using KpiPlanner.Domain.Validation;
using KpiPlanner.Infrastructure;
using KpiPlanner.Infrastructure.Payroll;
using KpiPlanner.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace KpiPlanner.Web.Features.PayReview;

/// <summary>
/// One person's line in HR's review of a month: the stored pay line (its figures and explanation) with the person's
/// names and the sum of the month's adjustments.
/// </summary>
public sealed record ReviewRow(PayLine Line, string PersonnelNumber, string Name, string Department, string Position, decimal Adjustments)
{
    public int EmployeeId => Line.EmployeeId;

    /// <summary>The line's total with the adjustments added.</summary>
    public decimal Total => Line.Total + Adjustments;

    public IReadOnlyList<KpiExplanation> Kpis => Line.Explanation.Kpis;

    public WorkedTime Worked => Line.Explanation.Worked;

    /// <summary>True when a KPI's completion is below 100 % (or it is missing).</summary>
    public bool BelowPlan => Kpis.Any(k => k.Missing != MissingFigure.None || (!k.CompletionInfinite && k.Measurement != Domain.Kpis.Measurement.RawValue && k.CompletionPercent < 100m));

    public bool Changed => Line.ChangedSincePrevious;
}

/// <summary>Totals of a department (or the company) against the pay fund the schemes plan.</summary>
public sealed record ReviewTotals(string Name, int People, decimal Fixed, decimal PlannedVariable, decimal Variable, decimal Bonus,
    decimal Adjustments, decimal Total, decimal PlannedFund);

/// <summary>HR's review of a month: where it stands, every pay line, totals, and what blocks approval or closing.</summary>
public sealed class PayReview
{
    public required DateOnly Month { get; init; }

    public required Period? Period { get; init; }

    public PeriodStatus Status => Period?.Status ?? PeriodStatus.Open;

    public required IReadOnlyList<ReviewRow> Rows { get; init; }

    public required IReadOnlyList<ReviewTotals> Departments { get; init; }

    public required ReviewTotals Company { get; init; }

    /// <summary>Plans or facts changed after the last calculation.</summary>
    public required bool Stale { get; init; }

    /// <summary>Who did what to the month, newest first.</summary>
    public required IReadOnlyList<KpiPlanner.Domain.Audit.AuditEntry> Audit { get; init; }

    /// <summary>People employed in the month whose position has no scheme in force.</summary>
    public required IReadOnlyList<string> WithoutScheme { get; init; }
}

/// <summary>A person's adjustment as HR sees it.</summary>
public sealed record AdjustmentView(decimal Amount, string Reason, string? By, DateTimeOffset At);

/// <summary>Everything behind one person's pay line.</summary>
/// <param name="TakesEnteredBonus">True when the scheme's bonus is entered by HR for each month.</param>
/// <param name="EnteredBonus">The bonus entered for the month (it counts from the next calculation).</param>
public sealed record LineDetail(ReviewRow Row, PayLine Line, IReadOnlyList<AdjustmentView> Adjustments, bool TakesEnteredBonus, decimal? EnteredBonus);

/// <summary>
/// The pay review for HR and the owner: reads the month's pay lines with their explanations, and drives the
/// month's lifecycle through <see cref="PayrollService"/>. Calculating, approving, closing and re-opening are for HR
/// and the owner; adjustments for HR only; nobody else reaches any of it.
/// </summary>
public sealed class PayReviewService(IDbContextFactory<KpiDbContext> dbFactory, PayrollService payroll, IConfiguration configuration)
{
    /// <summary>
    /// The four-eyes rule (on unless <c>KpiPlanner:Payroll:FourEyes</c> is false, for a company with one HR specialist):
    /// the person who approves a month is not the only person who changed its pay by hand.
    /// </summary>
    public bool FourEyes => configuration.GetValue("KpiPlanner:Payroll:FourEyes", true);

    public static bool MayReview(UserContext user) => user.May(Duty.RunPayroll);

    public static bool MayAdjust(UserContext user) => user.May(Duty.AdjustPay);

    public async Task<PayReview?> LoadAsync(UserContext user, DateOnly month, CancellationToken cancellationToken = default)
    {
        if (!MayReview(user))
        {
            return null;
        }

        month = Period.FirstDay(month);
        var monthEnd = month.AddMonths(1).AddDays(-1);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var period = await db.Periods.AsNoTracking().SingleOrDefaultAsync(p => p.Month == month, cancellationToken);
        var lines = await db.PayLines.AsNoTracking().Where(l => l.Month == month).ToListAsync(cancellationToken);
        var adjustments = await db.PayAdjustments.AsNoTracking().Where(a => a.Month == month)
            .GroupBy(a => a.EmployeeId).Select(g => new { g.Key, Sum = g.Sum(a => a.Amount) })
            .ToDictionaryAsync(a => a.Key, a => a.Sum, cancellationToken);
        var people = await db.Employees.AsNoTracking()
            .Where(e => e.HireDate <= monthEnd && (e.LeaveDate == null || e.LeaveDate >= month))
            .Select(e => new { e.Id, e.PersonnelNumber, e.LastName, e.FirstName, e.MiddleName, e.PositionId })
            .ToDictionaryAsync(e => e.Id, cancellationToken);
        var departments = await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.Name, cancellationToken);
        var positions = await db.Positions.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Name, cancellationToken);
        var versionIds = lines.Select(l => l.SchemeVersionId).Distinct().ToList();
        var plannedPay = (await db.SchemeVersions.AsNoTracking().Where(v => versionIds.Contains(v.Id)).ToListAsync(cancellationToken))
            .ToDictionary(v => v.Id, v => SchemeCheck.Run(v.ToScheme()) is { IsValid: true } check ? check.Value.Plan : v.Spec.Fixed + v.Spec.PlannedVariable);

        var rows = lines
            .Select(l =>
            {
                var person = people.GetValueOrDefault(l.EmployeeId);
                var adjustment = adjustments.GetValueOrDefault(l.EmployeeId);
                return new ReviewRow(l, person?.PersonnelNumber ?? string.Empty,
                    person is null ? string.Empty : Employee.FormatFullName(person.LastName, person.FirstName, person.MiddleName),
                    departments.GetValueOrDefault(l.DepartmentId) ?? string.Empty, positions.GetValueOrDefault(l.PositionId) ?? string.Empty, adjustment);
            })
            .OrderBy(r => r.Department, StringComparer.CurrentCulture).ThenBy(r => r.Name, StringComparer.CurrentCulture)
            .ToList();
        var planned = lines.ToDictionary(l => l.EmployeeId, l => plannedPay[l.SchemeVersionId]);
        var paid = lines.Select(l => l.EmployeeId).ToHashSet();
        var withoutScheme = period?.Status is null or PeriodStatus.Open
            ? []
            : people.Values.Where(p => !paid.Contains(p.Id)).Select(p => Employee.FormatFullName(p.LastName, p.FirstName, p.MiddleName)).Order(StringComparer.CurrentCulture).ToList();

        return new PayReview
        {
            Month = month,
            Period = period,
            Rows = rows,
            Departments = rows.GroupBy(r => r.Department).Select(g => Totals(g.Key, g.ToList(), planned)).ToList(),
            Company = Totals(string.Empty, rows, planned),
            Stale = period is not null && await PayrollService.ChangedSinceCalculationAsync(db, period, cancellationToken),
            WithoutScheme = withoutScheme,
            Audit = await db.AuditLog.AsNoTracking().Where(a => a.Month == month).OrderByDescending(a => a.Id).Take(200).ToListAsync(cancellationToken),
        };
    }

    /// <summary>One person's line with its adjustments; null when not allowed or not calculated.</summary>
    public async Task<LineDetail?> DetailAsync(UserContext user, DateOnly month, int employeeId, CancellationToken cancellationToken = default)
    {
        if (!MayReview(user))
        {
            return null;
        }

        month = Period.FirstDay(month);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var line = await db.PayLines.AsNoTracking().SingleOrDefaultAsync(l => l.Month == month && l.EmployeeId == employeeId, cancellationToken);
        if (line is null)
        {
            return null;
        }

        var person = await db.Employees.AsNoTracking().Where(e => e.Id == employeeId)
            .Select(e => new { e.PersonnelNumber, e.LastName, e.FirstName, e.MiddleName }).SingleAsync(cancellationToken);
        var department = await db.Departments.AsNoTracking().Where(d => d.Id == line.DepartmentId).Select(d => d.Name).SingleOrDefaultAsync(cancellationToken);
        var position = await db.Positions.AsNoTracking().Where(p => p.Id == line.PositionId).Select(p => p.Name).SingleOrDefaultAsync(cancellationToken);
        var adjustments = await db.PayAdjustments.AsNoTracking().Where(a => a.Month == month && a.EmployeeId == employeeId)
            .OrderBy(a => a.CreatedAt).Select(a => new AdjustmentView(a.Amount, a.Reason, a.CreatedBy, a.CreatedAt)).ToListAsync(cancellationToken);
        var adjusted = adjustments.Sum(a => a.Amount);
        var version = await db.SchemeVersions.AsNoTracking().SingleAsync(v => v.Id == line.SchemeVersionId, cancellationToken);
        var entered = await db.PayBonuses.AsNoTracking().Where(b => b.Month == month && b.EmployeeId == employeeId)
            .Select(b => (decimal?)b.Amount).SingleOrDefaultAsync(cancellationToken);
        var row = new ReviewRow(line, person.PersonnelNumber, Employee.FormatFullName(person.LastName, person.FirstName, person.MiddleName),
            department ?? string.Empty, position ?? string.Empty, adjusted);
        return new LineDetail(row, line, adjustments, version.Spec.Bonus is KpiPlanner.Domain.Schemes.EnteredBonusRule, entered);
    }

    public Task<PayRunResult> CalculateAsync(UserContext user, DateOnly month, CancellationToken cancellationToken = default) =>
        MayReview(user) ? payroll.CalculateAsync(month, user.Email, cancellationToken) : throw Forbidden();

    public Task<IReadOnlyList<DomainError>> ApproveAsync(UserContext user, DateOnly month, CancellationToken cancellationToken = default) =>
        MayReview(user) ? payroll.ApproveAsync(month, user.Email, FourEyes, cancellationToken) : throw Forbidden();

    public Task<IReadOnlyList<DomainError>> RevokeApprovalAsync(UserContext user, DateOnly month, string? reason, CancellationToken cancellationToken = default) =>
        MayReview(user) ? payroll.RevokeApprovalAsync(month, user.Email, reason, cancellationToken) : throw Forbidden();

    public Task<CloseResult> CloseAsync(UserContext user, DateOnly month, bool countMissingAsZero, bool closeEarly = false, CancellationToken cancellationToken = default) =>
        MayReview(user) ? payroll.CloseAsync(month, user.Email, countMissingAsZero, closeEarly, cancellationToken) : throw Forbidden();

    /// <summary>What is left of the month (for the close panel's warning); none once it is over.</summary>
    public Task<MonthTimeLeft> TimeLeftAsync(UserContext user, DateOnly month, CancellationToken cancellationToken = default) =>
        MayReview(user) ? payroll.TimeLeftAsync(month, cancellationToken) : throw Forbidden();

    public Task<IReadOnlyList<DomainError>> ReopenAsync(UserContext user, DateOnly month, string? reason, CancellationToken cancellationToken = default) =>
        MayReview(user) ? payroll.ReopenAsync(month, user.Email, reason, cancellationToken) : throw Forbidden();

    public Task<IReadOnlyList<DomainError>> AdjustAsync(UserContext user, DateOnly month, int employeeId, decimal amount, string? reason,
        CancellationToken cancellationToken = default) =>
        !MayAdjust(user) ? throw Forbidden()
        : !user.MayAdjustPayOf(employeeId) ? Task.FromResult(OwnLine())
        : payroll.AdjustAsync(month, employeeId, amount, reason, user.Email, cancellationToken);

    public Task<IReadOnlyList<DomainError>> SetBonusAsync(UserContext user, DateOnly month, int employeeId, decimal amount,
        CancellationToken cancellationToken = default) =>
        !MayAdjust(user) ? throw Forbidden()
        : !user.MayAdjustPayOf(employeeId) ? Task.FromResult(OwnLine())
        : payroll.SetBonusAsync(month, employeeId, amount, user.Email, cancellationToken);

    /// <summary>The people missing facts in a calculated month (for the close dialog).</summary>
    public async Task<IReadOnlyList<MissingFacts>> MissingFactsAsync(UserContext user, DateOnly month, CancellationToken cancellationToken = default)
    {
        if (!MayReview(user))
        {
            throw Forbidden();
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await PayrollService.MissingFactsAsync(db, Period.FirstDay(month), cancellationToken);
    }

    private static ReviewTotals Totals(string name, IReadOnlyCollection<ReviewRow> rows, IReadOnlyDictionary<int, decimal> planned) =>
        new(name, rows.Count, rows.Sum(r => r.Line.Fixed), rows.Sum(r => r.Line.PlannedVariable), rows.Sum(r => r.Line.Variable), rows.Sum(r => r.Line.Bonus),
            rows.Sum(r => r.Adjustments), rows.Sum(r => r.Total), rows.Sum(r => planned[r.EmployeeId]));

    /// <summary>Nobody adjusts their own pay line or enters their own bonus (separation of duties).</summary>
    private static IReadOnlyList<DomainError> OwnLine() => [DomainErrors.Create(DomainErrors.PayOwnLine, "employeeId")];

    private static UnauthorizedAccessException Forbidden() => new("Only HR and the owner review and close pay; only HR adjusts it.");
}
