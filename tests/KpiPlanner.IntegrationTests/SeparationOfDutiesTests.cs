using System.Globalization;
using KpiPlanner.Domain.Audit;
using KpiPlanner.Domain.Planning;
using KpiPlanner.Domain.Validation;
using KpiPlanner.Infrastructure.Demo;
using KpiPlanner.Infrastructure.Payroll;
using KpiPlanner.Testing;
using KpiPlanner.Web.Features.PayReview;
using KpiPlanner.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KpiPlanner.IntegrationTests;

/// <summary>
/// The rules payroll auditors expect: nobody adjusts, enters a bonus for or types the facts of their own pay line, and
/// the person who approves a month is not the only person who changed its pay by hand — unless the company turned the
/// four-eyes rule off, and then the audit log says it was waived, by whom. A refused call leaves no trace.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class SeparationOfDutiesTests(KpiAppFactory app) : IAsyncLifetime
{
    private static DateOnly Month => TestClock.ThisMonth;

    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Hr_cannot_adjust_or_enter_a_bonus_on_their_own_pay_line_but_can_on_someone_elses()
    {
        var hr = await app.ActorAsync(DemoData.HrEmail);
        Assert.NotNull(hr.EmployeeId);
        await using var scope = app.Services.CreateAsyncScope();
        var review = scope.ServiceProvider.GetRequiredService<PayReviewService>();
        Assert.Empty((await review.CalculateAsync(hr, Month)).Errors);
        var before = await AuditAndPayAsync();

        var adjust = await review.AdjustAsync(hr, Month, hr.EmployeeId!.Value, 5_000m, "премия себе");
        var bonus = await review.SetBonusAsync(hr, Month, hr.EmployeeId!.Value, 5_000m);

        Assert.Equal(DomainErrors.PayOwnLine, Assert.Single(adjust).Code);
        Assert.Equal(DomainErrors.PayOwnLine, Assert.Single(bonus).Code);
        Assert.Equal(before, await AuditAndPayAsync());

        var someone = await EmployeeAsync("0102");
        Assert.Empty(await review.AdjustAsync(hr, Month, someone, 1_000m, "за крупного клиента"));
    }

    [Fact]
    public async Task Nobody_types_their_own_facts_whatever_their_role()
    {
        var hr = await app.ActorAsync(DemoData.HrEmail);
        var manager = await app.ActorAsync(DemoData.ManagerEmail);
        await using var scope = app.Services.CreateAsyncScope();
        var facts = scope.ServiceProvider.GetRequiredService<KpiPlanner.Web.Features.Facts.FactsImportService>();
        var before = await app.SnapshotAsync(Month);

        foreach (var (who, number) in new[] { (hr, "0002"), (manager, "0100") })
        {
            var result = await facts.PutFactsAsync(who, Month, [new KpiPlanner.Web.Features.Facts.FactItem(number, null, "sales_volume", 1m)]);
            Assert.Equal(KpiPlanner.Infrastructure.Import.FactsIssueCodes.OwnLine, Assert.Single(result.Errors).Code);
        }

        Assert.Equal(before, await app.SnapshotAsync(Month));
        Assert.False(hr.MayWriteFigures(hr.EmployeeId!.Value, 0));
    }

    [Fact]
    public async Task Approving_alone_a_month_one_changed_alone_is_refused_and_another_person_may_approve_it()
    {
        var hr = await app.ActorAsync(DemoData.HrEmail);
        var owner = await app.ActorAsync(DemoData.OwnerEmail);
        await using var scope = app.Services.CreateAsyncScope();
        var review = scope.ServiceProvider.GetRequiredService<PayReviewService>();
        Assert.True(review.FourEyes);
        Assert.Empty((await review.CalculateAsync(hr, Month)).Errors);
        Assert.Empty(await review.AdjustAsync(hr, Month, await EmployeeAsync("0102"), 1_000m, "за крупного клиента"));
        var before = await AuditAndPayAsync();

        var refused = await review.ApproveAsync(hr, Month);

        Assert.Equal(DomainErrors.PeriodFourEyes, Assert.Single(refused).Code);
        Assert.Equal(before, await AuditAndPayAsync());
        Assert.Equal(PeriodStatus.Calculated, await StatusAsync());

        Assert.Empty(await review.ApproveAsync(owner, Month));
        Assert.Equal(PeriodStatus.Approved, await StatusAsync());
        await using var db = app.CreateDbContext();
        Assert.False(await db.AuditLog.AnyAsync(a => a.Month == Month && a.Action == AuditAction.FourEyesWaived));
    }

    [Fact]
    public async Task A_calculation_is_not_a_change_by_hand_so_the_calculator_may_approve_an_untouched_month()
    {
        var hr = await app.ActorAsync(DemoData.HrEmail);
        await using var scope = app.Services.CreateAsyncScope();
        var review = scope.ServiceProvider.GetRequiredService<PayReviewService>();
        Assert.Empty((await review.CalculateAsync(hr, Month)).Errors);

        Assert.Empty(await review.ApproveAsync(hr, Month));
    }

    [Fact]
    public async Task With_the_rule_off_one_hr_approves_and_closes_alone_and_the_audit_log_records_the_waiver_by_whom()
    {
        var hr = await app.ActorAsync(DemoData.HrEmail);
        await using var scope = app.Services.CreateAsyncScope();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["KpiPlanner:Payroll:FourEyes"] = "false" }).Build();
        var review = new PayReviewService(scope.ServiceProvider.GetRequiredService<IDbContextFactory<KpiPlanner.Infrastructure.KpiDbContext>>(),
            scope.ServiceProvider.GetRequiredService<PayrollService>(), configuration);
        Assert.False(review.FourEyes);
        Assert.Empty((await review.CalculateAsync(hr, Month)).Errors);
        Assert.Empty(await review.AdjustAsync(hr, Month, await EmployeeAsync("0102"), 1_000m, "за крупного клиента"));

        Assert.Empty(await review.ApproveAsync(hr, Month));
        Assert.True((await review.CloseAsync(hr, Month, countMissingAsZero: true, closeEarly: true)).IsValid);

        await using var db = app.CreateDbContext();
        var waivers = await db.AuditLog.Where(a => a.Month == Month && a.Action == AuditAction.FourEyesWaived).OrderBy(a => a.Id).ToListAsync();
        Assert.Equal(2, waivers.Count); // at the approval and at the close
        Assert.All(waivers, w => Assert.Equal(DemoData.HrEmail, w.By));
        Assert.All(waivers, w => Assert.Equal(DemoData.HrEmail, w.NewValue));
    }

    private async Task<int> EmployeeAsync(string number)
    {
        await using var db = app.CreateDbContext();
        return await db.Employees.Where(e => e.PersonnelNumber == number).Select(e => e.Id).SingleAsync();
    }

    private async Task<PeriodStatus> StatusAsync()
    {
        await using var db = app.CreateDbContext();
        return await db.Periods.Where(p => p.Month == Month).Select(p => p.Status).SingleAsync();
    }

    /// <summary>The audit log, the adjustments, the bonuses and the month's status: what a refused call must not touch.</summary>
    private async Task<string> AuditAndPayAsync()
    {
        await using var db = app.CreateDbContext();
        var audit = await db.AuditLog.OrderBy(a => a.Id).Select(a => a.Id + ":" + a.Action).ToListAsync();
        var adjustments = await db.PayAdjustments.OrderBy(a => a.EmployeeId).Select(a => a.EmployeeId + ":" + a.Amount).ToListAsync();
        var bonuses = await db.PayBonuses.OrderBy(b => b.EmployeeId).Select(b => b.EmployeeId + ":" + b.Amount).ToListAsync();
        var periods = await db.Periods.OrderBy(p => p.Month).Select(p => p.Month + ":" + p.Status + ":" + p.ApprovedBy).ToListAsync();
        return string.Join("\n", audit.Concat(adjustments).Concat(bonuses).Concat(periods).Select(s => s.ToString(CultureInfo.InvariantCulture)));
    }
}
