using KpiPlanner.Domain;
using KpiPlanner.Domain.Audit;
using KpiPlanner.Domain.Organisation;
using KpiPlanner.Domain.Payroll;
using KpiPlanner.Domain.Planning;
using KpiPlanner.Domain.Schemes;
using KpiPlanner.Domain.Validation;
using KpiPlanner.Infrastructure.Demo;
using KpiPlanner.Infrastructure.Payroll;
using KpiPlanner.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace KpiPlanner.IntegrationTests;

[Collection(AppCollection.Name)]
public sealed class PayrollServiceTests(KpiAppFactory app) : IAsyncLifetime
{
    private static readonly DateOnly ThisMonth = TestClock.ThisMonth;
    private static readonly DateOnly LastMonth = ThisMonth.AddMonths(-1);
    private static readonly DateOnly TwoMonthsAgo = ThisMonth.AddMonths(-2);
    private AsyncServiceScope scope;

    private PayrollService Payroll => scope.ServiceProvider.GetRequiredService<PayrollService>();

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        scope = app.Services.CreateAsyncScope();
    }

    public async Task DisposeAsync() => await scope.DisposeAsync();

    /// <summary>The ids of the people who should have a pay line in a month: employed on some day of it, in a position with a scheme in force then.</summary>
    private static async Task<List<int>> PeopleWithASchemeAsync(KpiPlanner.Infrastructure.KpiDbContext db, DateOnly month)
    {
        var end = month.AddMonths(1).AddDays(-1);
        var positions = await db.SchemeVersions.Where(v => v.EffectiveFrom <= end).Select(v => v.PositionId).Distinct().ToListAsync();
        return await db.Employees
            .Where(e => positions.Contains(e.PositionId) && e.HireDate <= end && (e.LeaveDate == null || e.LeaveDate >= month))
            .Select(e => e.Id)
            .OrderBy(id => id)
            .ToListAsync();
    }

    [Fact]
    public async Task The_demo_previous_month_is_closed_with_one_pay_line_per_sales_manager_and_an_audit_trail()
    {
        await using var db = app.CreateDbContext();
        var period = await db.Periods.SingleAsync(p => p.Month == LastMonth);
        Assert.Equal(PeriodStatus.Closed, period.Status);
        Assert.Equal(DemoData.HrEmail, period.ClosedBy);
        var lines = await db.PayLines.Where(l => l.Month == LastMonth).ToListAsync();
        // One line per person employed that month whose position had a scheme in force: the sales managers (not the
        // newcomer hired this month), the marketing department's lead marketers (the demo's sales funnel) and the coffee
        // shop's baristas on their own schemes.
        Assert.Equal(await PeopleWithASchemeAsync(db, LastMonth), lines.Select(l => l.EmployeeId).Order());
        Assert.DoesNotContain(await app.EmployeeIdAsync(DemoData.NewcomerNumber), lines.Select(l => l.EmployeeId));
        Assert.All(lines, l => Assert.Equal(l.Fixed + l.Variable + l.Bonus, l.Total));
        Assert.Equal(2, lines.Count(l => l.SchemeName == DemoData.MarketingSchemeName));
        Assert.Equal(2, lines.Count(l => l.SchemeName == DemoData.BaristaSchemeName));
        Assert.Equal(lines.Count - 4, lines.Count(l => l.SchemeName == DemoData.SalesSchemeName));
        var actions = await db.AuditLog.Where(a => a.Month == LastMonth).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync();
        Assert.Equal([AuditAction.PeriodCalculated, AuditAction.PeriodApproved, AuditAction.PeriodClosed], actions);
    }

    [Fact]
    public async Task A_pay_line_is_the_pay_formula_over_the_months_plans_and_facts()
    {
        var run = await Payroll.CalculateAsync(TwoMonthsAgo, "hr");
        Assert.True(run.IsValid);

        await using var db = app.CreateDbContext();
        var id = await app.EmployeeIdAsync("0102");
        var line = await db.PayLines.SingleAsync(l => l.Month == TwoMonthsAgo && l.EmployeeId == id);
        var values = await db.MonthlyKpiValues.Where(v => v.Month == TwoMonthsAgo && v.EmployeeId == id).ToDictionaryAsync(v => v.KpiKey);

        // By hand: completion = fact / plan, table 3 coefficients, 15 000 + 15 000 × Σ 0.5 × coefficient.
        static decimal Coefficient(decimal percent) => percent switch { < 50m => 0m, < 90m => 0.5m, <= 100m => 1m, <= 120m => 1.2m, _ => 1.5m };
        var sales = values["sales_volume"].Fact!.Value * 100m / values["sales_volume"].Plan!.Value;
        var meetings = values["client_meetings"].Fact!.Value * 100m / values["client_meetings"].Plan!.Value;
        var variable = Money.Round(15_000m * ((0.5m * Coefficient(sales)) + (0.5m * Coefficient(meetings))));
        Assert.Equal(15_000m, line.Fixed);
        Assert.Equal(variable, line.Variable);
        Assert.Equal(15_000m + variable, line.Total);
        Assert.Equal(sales, line.Explanation.Kpis[0].CompletionPercent);
        Assert.Equal(values["client_meetings"].Plan, line.Explanation.Kpis[1].Plan);
    }

    [Fact]
    public async Task The_scheme_version_in_force_that_month_is_used_and_a_later_version_does_not_touch_earlier_months()
    {
        int salesPosition;
        await using (var db = app.CreateDbContext())
        {
            var position = await db.Positions.SingleAsync(p => p.Name == DemoData.SalesManagerPosition);
            salesPosition = position.Id;
            var current = await db.SchemeVersions.SingleAsync(v => v.PositionId == position.Id);
            var raised = current.Spec with { Fixed = 20_000m, Name = "С повышенным окладом" };
            db.SchemeVersions.Add(SchemeVersion.Create(position.Id, ThisMonth, raised, app.Clock.GetUtcNow(), "hr").GetValueOrThrow());
            await db.SaveChangesAsync();
        }

        Assert.True((await Payroll.CalculateAsync(TwoMonthsAgo, "hr")).IsValid);
        Assert.True((await Payroll.CalculateAsync(ThisMonth, "hr")).IsValid);

        await using var check = app.CreateDbContext();
        // The sales managers' lines (the demo's lead marketers have a scheme of their own).
        var before = await check.PayLines.Where(l => l.Month == TwoMonthsAgo && l.PositionId == salesPosition).Select(l => new { l.SchemeName, l.Fixed }).Distinct().SingleAsync();
        Assert.Equal((DemoData.SalesSchemeName, 15_000m), (before.SchemeName, before.Fixed));
        var after = await check.PayLines.Where(l => l.Month == ThisMonth && l.PositionId == salesPosition).Select(l => l.SchemeName).Distinct().SingleAsync();
        Assert.Equal("С повышенным окладом", after);
    }

    [Fact]
    public async Task A_hire_within_the_month_gets_the_fixed_part_prorated_by_the_production_calendars_working_days()
    {
        // 0113 is hired on the 1st of the current month in the demo; move them into a known month: 19 January 2026
        // is 10 of January 2026's 15 working days → 15 000 × 10 / 15 = 10 000 ₽.
        var january = new DateOnly(2026, 1, 1);
        int id;
        await using (var db = app.CreateDbContext())
        {
            var person = await db.Employees.SingleAsync(e => e.PersonnelNumber == "0113");
            person.ChangeDates(new DateOnly(2026, 1, 19), null);
            id = person.Id;
            foreach (var key in new[] { "sales_volume", "client_meetings" })
            {
                var value = await db.MonthlyKpiValues.SingleOrDefaultAsync(v => v.EmployeeId == id && v.Month == january && v.KpiKey == key)
                    ?? db.MonthlyKpiValues.Add(new MonthlyKpiValue(id, january, key)).Entity;
                value.SetPlan(100m, app.Clock.GetUtcNow(), "t");
                value.SetFact(100m, app.Clock.GetUtcNow(), "t");
            }

            await db.SaveChangesAsync();
        }

        Assert.True((await Payroll.CalculateAsync(january, "hr")).IsValid);
        await using var check = app.CreateDbContext();
        var line = await check.PayLines.SingleAsync(l => l.Month == january && l.EmployeeId == id);
        Assert.Equal(10_000m, line.Fixed);
        Assert.Equal(15_000m, line.Variable);
        Assert.Equal(new WorkedTime(10, 15, ProrationBasis.WorkingDays), line.Explanation.Worked);
    }

    [Fact]
    public async Task A_holiday_hr_adds_to_the_calendar_changes_the_proration()
    {
        var january = new DateOnly(2026, 1, 1);
        int id;
        await using (var db = app.CreateDbContext())
        {
            var person = await db.Employees.SingleAsync(e => e.PersonnelNumber == "0113");
            person.ChangeDates(new DateOnly(2026, 1, 19), null);
            id = person.Id;
            db.CalendarDays.Add(new CalendarException(new DateOnly(2026, 1, 30), false, "корпоративный выходной"));
            await db.SaveChangesAsync();
        }

        Assert.True((await Payroll.CalculateAsync(january, "hr")).IsValid);
        await using var check = app.CreateDbContext();
        var line = await check.PayLines.SingleAsync(l => l.Month == january && l.EmployeeId == id);
        Assert.Equal(new WorkedTime(9, 14, ProrationBasis.WorkingDays), line.Explanation.Worked);
        Assert.Equal(Money.Round(15_000m * 9m / 14m), line.Fixed);
    }

    [Fact]
    public async Task Recalculation_replaces_the_lines_and_shows_what_changed()
    {
        Assert.True((await Payroll.CalculateAsync(TwoMonthsAgo, "hr")).IsValid);
        var id = await app.EmployeeIdAsync("0104");
        await using (var db = app.CreateDbContext())
        {
            var value = await db.MonthlyKpiValues.SingleAsync(v => v.EmployeeId == id && v.Month == TwoMonthsAgo && v.KpiKey == "sales_volume");
            value.SetFact(value.Plan!.Value * 2m, app.Clock.GetUtcNow(), "t"); // 200 % → 1.5
            await db.SaveChangesAsync();
        }

        var rerun = await Payroll.CalculateAsync(TwoMonthsAgo, "hr");
        Assert.Equal(1, rerun.Changed);
        await using var check = app.CreateDbContext();
        var lines = await check.PayLines.Where(l => l.Month == TwoMonthsAgo).ToListAsync();
        Assert.Equal(await PeopleWithASchemeAsync(check, TwoMonthsAgo), lines.Select(l => l.EmployeeId).Order());
        var changed = Assert.Single(lines, l => l.ChangedSincePrevious);
        Assert.Equal(id, changed.EmployeeId);
        Assert.NotNull(changed.PreviousTotal);
        Assert.True(changed.Total > changed.PreviousTotal);
    }

    [Fact]
    public async Task A_calculation_that_fails_halfway_leaves_the_previous_result_intact()
    {
        Assert.True((await Payroll.CalculateAsync(TwoMonthsAgo, "hr")).IsValid);
        var before = await LinesAsync(TwoMonthsAgo);

        // The database refuses the write of the new lines (as if it went away mid-run): nothing of the new run stays.
        await using (var db = app.CreateOwnerDbContext())
        {
            await db.Database.ExecuteSqlRawAsync("""
                CREATE FUNCTION test_fail_pay_lines() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'disk full'; END $$;
                CREATE TRIGGER test_fail_pay_lines AFTER INSERT ON pay_lines FOR EACH STATEMENT EXECUTE FUNCTION test_fail_pay_lines();
                """);
        }

        try
        {
            await using (var db = app.CreateDbContext())
            {
                var id = await app.EmployeeIdAsync("0101");
                var value = await db.MonthlyKpiValues.SingleAsync(v => v.EmployeeId == id && v.Month == TwoMonthsAgo && v.KpiKey == "sales_volume");
                value.SetFact(1m, app.Clock.GetUtcNow(), "t");
                await db.SaveChangesAsync();
            }

            var failure = await Assert.ThrowsAsync<PostgresException>(() => Payroll.CalculateAsync(TwoMonthsAgo, "hr"));
            Assert.Contains("disk full", failure.MessageText, StringComparison.Ordinal);
            Assert.Equal(before, await LinesAsync(TwoMonthsAgo));
            await using var check = app.CreateDbContext();
            Assert.Equal(1, await check.AuditLog.CountAsync(a => a.Month == TwoMonthsAgo && a.Action == AuditAction.PeriodCalculated));
        }
        finally
        {
            await using var db = app.CreateOwnerDbContext();
            await db.Database.ExecuteSqlRawAsync("DROP TRIGGER test_fail_pay_lines ON pay_lines; DROP FUNCTION test_fail_pay_lines();");
        }
    }

    [Fact]
    public async Task Lifecycle_refusals_approving_twice_closing_unapproved_and_approving_after_a_change()
    {
        Assert.Equal(DomainErrors.PeriodNotCalculated, Assert.Single(await Payroll.ApproveAsync(TwoMonthsAgo, "hr")).Code);
        Assert.True((await Payroll.CalculateAsync(TwoMonthsAgo, "hr")).IsValid);
        Assert.Equal(DomainErrors.PeriodNotApproved, Assert.Single((await Payroll.CloseAsync(TwoMonthsAgo, "hr", false)).Errors).Code);

        await using (var db = app.CreateDbContext())
        {
            var value = await db.MonthlyKpiValues.FirstAsync(v => v.Month == TwoMonthsAgo);
            value.SetFact(value.Fact + 1m, app.Clock.GetUtcNow(), "manager");
            await db.SaveChangesAsync();
        }

        Assert.Equal(DomainErrors.PeriodStale, Assert.Single(await Payroll.ApproveAsync(TwoMonthsAgo, "hr")).Code);
        Assert.True((await Payroll.CalculateAsync(TwoMonthsAgo, "hr")).IsValid);
        Assert.Empty(await Payroll.ApproveAsync(TwoMonthsAgo, "hr"));
        Assert.Equal(DomainErrors.PeriodAlreadyApproved, Assert.Single(await Payroll.ApproveAsync(TwoMonthsAgo, "hr")).Code);
        Assert.Equal(DomainErrors.PeriodApproved, Assert.Single((await Payroll.CalculateAsync(TwoMonthsAgo, "hr")).Errors).Code);
        Assert.True((await Payroll.CloseAsync(TwoMonthsAgo, "hr", false)).IsValid);
        Assert.Equal(DomainErrors.PeriodClosed, Assert.Single((await Payroll.CalculateAsync(TwoMonthsAgo, "hr")).Errors).Code);
    }

    [Fact]
    public async Task Closing_with_missing_facts_lists_who_misses_what_unless_hr_counts_them_as_zero()
    {
        // The demo's current month: facts are still arriving.
        Assert.True((await Payroll.CalculateAsync(ThisMonth, "hr")).IsValid);
        Assert.Empty(await Payroll.ApproveAsync(ThisMonth, "hr"));

        var refused = await Payroll.CloseAsync(ThisMonth, "hr", countMissingAsZero: false);
        Assert.Equal(DomainErrors.PeriodMissingFacts, Assert.Single(refused.Errors).Code);
        Assert.NotEmpty(refused.Missing);
        Assert.All(refused.Missing, m => Assert.NotEmpty(m.Kpis));

        await using (var db = app.CreateDbContext())
        {
            var expected = await db.PayLines.Where(l => l.Month == ThisMonth && l.MissingFigures).CountAsync();
            Assert.Equal(expected, refused.Missing.Count);
            Assert.Equal(PeriodStatus.Approved, (await db.Periods.SingleAsync(p => p.Month == ThisMonth)).Status);
        }

        // The month is not over: closing it needs a confirmation, and the audit log keeps it with the days left.
        var early = await Payroll.CloseAsync(ThisMonth, "hr", countMissingAsZero: true);
        Assert.Equal(DomainErrors.PeriodNotOver, Assert.Single(early.Errors).Code);
        var left = TestClock.ThisMonth.AddMonths(1).DayNumber - TestClock.Today.DayNumber;
        Assert.Equal(left, early.Errors[0].Args["days"]);
        await using (var db = app.CreateDbContext())
        {
            Assert.Equal(PeriodStatus.Approved, (await db.Periods.SingleAsync(p => p.Month == ThisMonth)).Status);
        }

        var closed = await Payroll.CloseAsync(ThisMonth, "hr", countMissingAsZero: true, closeEarly: true);
        Assert.True(closed.IsValid);
        await using var check = app.CreateDbContext();
        Assert.True((await check.Periods.SingleAsync(p => p.Month == ThisMonth)).MissingFactsCountedAsZero);
        Assert.True(await check.AuditLog.AnyAsync(a => a.Month == ThisMonth && a.Action == AuditAction.MissingFactsCountedAsZero && a.By == "hr"));
        Assert.True(await check.AuditLog.AnyAsync(a => a.Month == ThisMonth && a.Action == AuditAction.ClosedBeforeMonthEnd && a.By == "hr"
            && a.NewValue == left.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task Adjustments_need_a_reason_survive_recalculation_and_are_audited()
    {
        Assert.True((await Payroll.CalculateAsync(TwoMonthsAgo, "hr")).IsValid);
        var id = await app.EmployeeIdAsync("0105");
        Assert.Equal(DomainErrors.ReasonRequired, Assert.Single(await Payroll.AdjustAsync(TwoMonthsAgo, id, 2_000m, " ", "hr")).Code);
        Assert.Empty(await Payroll.AdjustAsync(TwoMonthsAgo, id, 2_000m, "Разовая премия за крупного клиента", "hr"));
        Assert.True((await Payroll.CalculateAsync(TwoMonthsAgo, "hr")).IsValid);

        await using var db = app.CreateDbContext();
        var adjustment = await db.PayAdjustments.SingleAsync(a => a.Month == TwoMonthsAgo);
        Assert.Equal((id, 2_000m, "hr"), (adjustment.EmployeeId, adjustment.Amount, adjustment.CreatedBy));
        var audit = await db.AuditLog.SingleAsync(a => a.Action == AuditAction.AdjustmentAdded);
        Assert.Equal(("Разовая премия за крупного клиента", (int?)id), (audit.Reason, audit.EmployeeId));
    }

    [Fact]
    public async Task The_database_refuses_any_change_to_a_closed_months_pay_lines_and_adjustments()
    {
        await using var db = app.CreateDbContext();
        var update = await Assert.ThrowsAsync<PostgresException>(() =>
            db.Database.ExecuteSqlAsync($"UPDATE pay_lines SET total = total + 1000 WHERE month = {LastMonth}"));
        Assert.Equal("P0001", update.SqlState);
        var delete = await Assert.ThrowsAsync<PostgresException>(() =>
            db.Database.ExecuteSqlAsync($"DELETE FROM pay_lines WHERE month = {LastMonth}"));
        Assert.Equal("P0001", delete.SqlState);
        var id = await app.EmployeeIdAsync("0101");
        var insert = await Assert.ThrowsAsync<PostgresException>(() => db.Database.ExecuteSqlAsync(
            $"INSERT INTO pay_adjustments (month, employee_id, amount, reason, created_at) VALUES ({LastMonth}, {id}, 100, 'x', now())"));
        Assert.Equal("P0001", insert.SqlState);
        Assert.Equal(DomainErrors.PeriodClosed, Assert.Single(await Payroll.AdjustAsync(LastMonth, id, 100m, "x", "hr")).Code);
        Assert.Equal((await PeopleWithASchemeAsync(db, LastMonth)).Count, await db.PayLines.CountAsync(l => l.Month == LastMonth));
    }

    [Fact]
    public async Task Reopening_needs_a_reason_is_logged_and_lets_the_month_be_corrected()
    {
        Assert.Equal(DomainErrors.ReasonRequired, Assert.Single(await Payroll.ReopenAsync(LastMonth, "owner", "")).Code);
        Assert.Empty(await Payroll.ReopenAsync(LastMonth, "owner", "Опоздавшие факты из CRM"));

        await using var db = app.CreateDbContext();
        Assert.Equal(PeriodStatus.Calculated, (await db.Periods.SingleAsync(p => p.Month == LastMonth)).Status);
        var entry = await db.AuditLog.SingleAsync(a => a.Action == AuditAction.PeriodReopened);
        Assert.Equal(("owner", "Опоздавшие факты из CRM"), (entry.By, entry.Reason));
        Assert.Equal(1, await db.Database.ExecuteSqlAsync($"UPDATE monthly_kpi_values SET fact = fact WHERE id = (SELECT min(id) FROM monthly_kpi_values WHERE month = {LastMonth})"));
    }

    [Fact]
    public async Task A_correction_after_the_calculation_is_logged_with_the_values_before_and_after_but_an_open_month_is_not()
    {
        var id = await app.EmployeeIdAsync("0103");
        await using (var db = app.CreateDbContext())
        {
            var open = await db.MonthlyKpiValues.SingleAsync(v => v.EmployeeId == id && v.Month == TwoMonthsAgo && v.KpiKey == "client_meetings");
            open.SetFact(5m, app.Clock.GetUtcNow(), "manager@demo.local");
            await db.SaveChangesAsync();
            Assert.False(await db.AuditLog.AnyAsync(a => a.Action == AuditAction.ValueChanged));
        }

        Assert.True((await Payroll.CalculateAsync(TwoMonthsAgo, "hr")).IsValid);
        await using (var db = app.CreateDbContext())
        {
            var value = await db.MonthlyKpiValues.SingleAsync(v => v.EmployeeId == id && v.Month == TwoMonthsAgo && v.KpiKey == "client_meetings");
            value.SetFact(41.5m, app.Clock.GetUtcNow(), "manager@demo.local");
            await db.SaveChangesAsync();
        }

        await using var check = app.CreateDbContext();
        var entry = await check.AuditLog.SingleAsync(a => a.Action == AuditAction.ValueChanged);
        Assert.Equal(("manager@demo.local", (int?)id, (DateOnly?)TwoMonthsAgo), (entry.By, entry.EmployeeId, entry.Month));
        Assert.EndsWith(", fact 5", entry.OldValue, StringComparison.Ordinal);
        Assert.StartsWith("client_meetings: plan ", entry.NewValue, StringComparison.Ordinal);
        Assert.EndsWith(", fact 41.5", entry.NewValue, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bonus_hr_enters_for_the_month_is_paid_when_the_scheme_says_so_and_makes_the_calculation_stale()
    {
        // The new version starts this month: the database refuses a version back-dated into last month, which is closed.
        await using (var db = app.CreateDbContext())
        {
            var position = await db.Positions.SingleAsync(p => p.Name == DemoData.SalesManagerPosition);
            var current = await db.SchemeVersions.SingleAsync(v => v.PositionId == position.Id);
            db.SchemeVersions.Add(SchemeVersion.Create(position.Id, ThisMonth, current.Spec with { Bonus = BonusRule.EnteredPerPeriod(), Name = "С премией" },
                app.Clock.GetUtcNow(), "hr").GetValueOrThrow());
            await db.SaveChangesAsync();
        }

        var id = await app.EmployeeIdAsync("0106");
        Assert.True((await Payroll.CalculateAsync(ThisMonth, "hr")).IsValid);
        Assert.Equal(DomainErrors.MoneyNegative, Assert.Single(await Payroll.SetBonusAsync(ThisMonth, id, -1m, "hr")).Code);
        Assert.Empty(await Payroll.SetBonusAsync(ThisMonth, id, 2_500m, "hr"));
        Assert.Equal(DomainErrors.PeriodStale, Assert.Single(await Payroll.ApproveAsync(ThisMonth, "hr")).Code);

        Assert.True((await Payroll.CalculateAsync(ThisMonth, "hr")).IsValid);
        await using var check = app.CreateDbContext();
        var line = await check.PayLines.SingleAsync(l => l.Month == ThisMonth && l.EmployeeId == id);
        Assert.Equal(2_500m, line.Bonus);
        Assert.Equal(2_500m, line.Explanation.EnteredBonus);
        Assert.Equal(line.Fixed + line.Variable + 2_500m, line.Total);
        Assert.True(await check.AuditLog.AnyAsync(a => a.Action == AuditAction.BonusEntered && a.EmployeeId == id && a.NewValue == "2500"));
        Assert.Equal(DomainErrors.PeriodFourEyes, Assert.Single(await Payroll.ApproveAsync(ThisMonth, "hr")).Code); // hr alone entered the bonus
        Assert.Empty(await Payroll.ApproveAsync(ThisMonth, "owner"));
        Assert.Equal(DomainErrors.PeriodApproved, Assert.Single(await Payroll.SetBonusAsync(ThisMonth, id, 100m, "hr")).Code);
    }

    private async Task<string> LinesAsync(DateOnly month)
    {
        await using var db = app.CreateDbContext();
        var lines = await db.PayLines.AsNoTracking().Where(l => l.Month == month).OrderBy(l => l.EmployeeId)
            .Select(l => new { l.EmployeeId, l.Total, l.CalculatedAt }).ToListAsync();
        return string.Join(";", lines.Select(l => FormattableString.Invariant($"{l.EmployeeId}:{l.Total}:{l.CalculatedAt:O}")));
    }
}
