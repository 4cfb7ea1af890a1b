using KpiPlanner.Domain.Validation;
using KpiPlanner.Infrastructure.Demo;
using KpiPlanner.Infrastructure.Payroll;
using KpiPlanner.Testing;
using KpiPlanner.Web.Features.PayReview;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace KpiPlanner.IntegrationTests;

/// <summary>
/// Issue 13: what else the pay run reads. The database refuses a calendar day or a scheme version that would alter a
/// closed month, whatever the path; such changes, and a person's move, make an open month's calculation stale.
/// (The demo closes last month.)
/// </summary>
[Collection(AppCollection.Name)]
public sealed class PayInputsGuardTests(KpiAppFactory app) : IAsyncLifetime
{
    private static readonly DateOnly Closed = TestClock.LastMonth;
    private static readonly DateOnly Open = TestClock.ThisMonth;

    private PayrollService Payroll => app.Services.GetRequiredService<PayrollService>();

    public async Task InitializeAsync() => await app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<int> ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task A_calendar_day_of_a_closed_month_is_refused_by_the_service_and_by_the_database()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var calendar = scope.ServiceProvider.GetRequiredService<CalendarService>();
        var hr = await app.ActorAsync(DemoData.HrEmail);

        Assert.Equal(Closed, await calendar.SetAsync(hr, Closed.AddDays(9), isWorking: false, "задним числом"));
        var refused = await Assert.ThrowsAsync<PostgresException>(() =>
            ExecuteAsync("INSERT INTO calendar_days (date, is_working) VALUES (@d, false)", ("d", Closed.AddDays(9))));
        Assert.Equal("kpi.period_closed", refused.Hint);
        await using var db = app.CreateDbContext();
        Assert.False(await db.CalendarDays.AnyAsync(d => d.Date == Closed.AddDays(9)));
    }

    [Fact]
    public async Task A_scheme_version_back_dated_into_a_closed_month_is_refused_but_one_from_next_month_is_not()
    {
        await using var db = app.CreateDbContext();
        var version = await db.SchemeVersions.AsNoTracking().OrderBy(v => v.Id).FirstAsync();
        const string insert = "INSERT INTO scheme_versions (position_id, effective_from, spec, updated_at) SELECT position_id, @from, spec, now() FROM scheme_versions WHERE id = @id";

        var refused = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(insert, ("from", Closed.AddDays(14)), ("id", version.Id)));
        Assert.Equal("kpi.period_closed", refused.Hint);
        var editOfClosed = await Assert.ThrowsAsync<PostgresException>(() =>
            ExecuteAsync("UPDATE scheme_versions SET updated_at = now() WHERE id = @id", ("id", version.Id)));
        Assert.Equal("kpi.period_closed", editOfClosed.Hint); // the demo's versions were in force last month

        Assert.Equal(1, await ExecuteAsync(insert, ("from", TestClock.NextMonth), ("id", version.Id)));
    }

    [Fact]
    public async Task A_calendar_change_or_a_persons_move_after_the_calculation_makes_the_month_stale()
    {
        async Task ApprovedAsync()
        {
            Assert.Empty((await Payroll.CalculateAsync(Open, DemoData.HrEmail)).Errors);
            Assert.Empty(await Payroll.ApproveAsync(Open, DemoData.HrEmail, fourEyes: false));
        }

        async Task AssertStaleAsync()
        {
            Assert.Contains((await Payroll.CloseAsync(Open, DemoData.HrEmail, countMissingAsZero: true, closeEarly: true)).Errors,
                e => e.Code == DomainErrors.PeriodStale);
            Assert.Empty(await Payroll.RevokeApprovalAsync(Open, DemoData.HrEmail, "входные данные изменились"));
        }

        await ApprovedAsync();
        await ExecuteAsync("INSERT INTO calendar_days (date, is_working) VALUES (@d, false)", ("d", Open.AddDays(20)));
        await AssertStaleAsync();

        await ApprovedAsync();
        await ExecuteAsync("UPDATE employees SET department_id = (SELECT min(id) FROM departments) WHERE personnel_number = '0101'");
        await AssertStaleAsync();

        // A change of a name only is no change of pay.
        await ApprovedAsync();
        await ExecuteAsync("UPDATE employees SET middle_name = 'Тестович' WHERE personnel_number = '0101'");
        Assert.DoesNotContain((await Payroll.CloseAsync(Open, DemoData.HrEmail, countMissingAsZero: true, closeEarly: true)).Errors,
            e => e.Code == DomainErrors.PeriodStale);
    }
}
