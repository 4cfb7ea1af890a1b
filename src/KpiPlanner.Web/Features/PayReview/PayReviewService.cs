using KpiPlanner.Domain.Planning;
using KpiPlanner.Domain.Validation;
using KpiPlanner.Infrastructure;
using KpiPlanner.Infrastructure.Payroll;
using KpiPlanner.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace KpiPlanner.Web.Features.PayReview;

/// <summary>
/// The pay review for HR and the owner: reads the month's totals and its pay lines a page at a time (PayReviewService.Review.cs),
/// and drives the month's lifecycle through <see cref="PayrollService"/>. Calculating, approving, closing and re-opening are for HR
/// and the owner; adjustments for HR only; nobody else reaches any of it.
/// </summary>
public sealed partial class PayReviewService(IDbContextFactory<KpiDbContext> dbFactory, PayrollService payroll, IConfiguration configuration)
{
    /// <summary>
    /// The four-eyes rule (on unless <c>KpiPlanner:Payroll:FourEyes</c> is false, for a company with one HR specialist):
    /// the person who approves a month is not the only person who changed its pay by hand.
    /// </summary>
    public bool FourEyes => configuration.GetValue("KpiPlanner:Payroll:FourEyes", true);

    public static bool MayReview(UserContext user) => user.May(Duty.RunPayroll);

    public static bool MayAdjust(UserContext user) => user.May(Duty.AdjustPay);

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

    /// <summary>Nobody adjusts their own pay line or enters their own bonus (separation of duties).</summary>
    private static IReadOnlyList<DomainError> OwnLine() => [DomainErrors.Create(DomainErrors.PayOwnLine, "employeeId")];

    private static UnauthorizedAccessException Forbidden() => new("Only HR and the owner review and close pay; only HR adjusts it.");
}
