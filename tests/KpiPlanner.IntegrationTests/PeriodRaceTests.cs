using KpiPlanner.Domain.Validation;
using KpiPlanner.Infrastructure.Demo;
using KpiPlanner.Infrastructure.Payroll;
using KpiPlanner.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace KpiPlanner.IntegrationTests;

/// <summary>
/// Issue 13, "Race-free lifecycle": writers of plans and facts and the pay run serialize on the month's row, and
/// staleness is counted by the database in commit order, not read off the app's clocks — so a month is never closed on
/// pay lines that did not see its facts. The writers here are plain SQL on a second connection, as an import's
/// statement or another app instance would be.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class PeriodRaceTests(KpiAppFactory app) : IAsyncLifetime
{
    private static readonly DateOnly Month = TestClock.ThisMonth;

    private PayrollService Payroll => app.Services.GetRequiredService<PayrollService>();

    public async Task InitializeAsync() => await app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task ApprovedAsync()
    {
        Assert.Empty((await Payroll.CalculateAsync(Month, DemoData.HrEmail)).Errors);
        Assert.Empty(await Payroll.ApproveAsync(Month, DemoData.HrEmail, fourEyes: false));
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>A writing statement on a fact of the month, like one statement of an import, in the caller's transaction.</summary>
    private static async Task WriteFactAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DateOnly month, string stampedAt = "now()")
    {
        await using var command = new NpgsqlCommand(
            $"UPDATE monthly_kpi_values SET fact = coalesce(fact, 0) + 1, updated_at = {stampedAt} " +
            "WHERE id = (SELECT min(id) FROM monthly_kpi_values WHERE month = @month)", connection, transaction);
        command.Parameters.AddWithValue("month", month);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    [Fact]
    public async Task A_close_that_starts_while_an_import_is_writing_waits_for_it_and_then_sees_its_facts()
    {
        await ApprovedAsync();
        await using var writer = await OpenAsync();
        await using var transaction = await writer.BeginTransactionAsync();
        await WriteFactAsync(writer, transaction, Month);

        var close = Payroll.CloseAsync(Month, DemoData.HrEmail, countMissingAsZero: true, closeEarly: true);
        await Task.Delay(TimeSpan.FromMilliseconds(700));
        Assert.False(close.IsCompleted); // it waits on the month's row the writer holds
        await transaction.CommitAsync();
        var closed = await close.WaitAsync(TimeSpan.FromSeconds(30));

        // The close saw the new fact: the pay lines are stale, so it is refused and the month stays open to recalculate.
        Assert.Contains(closed.Errors, e => e.Code == DomainErrors.PeriodStale);
        await using var db = app.CreateDbContext();
        Assert.NotEqual(KpiPlanner.Domain.Planning.PeriodStatus.Closed, (await db.Periods.SingleAsync(p => p.Month == Month)).Status);
    }

    [Fact]
    public async Task A_write_that_starts_while_the_month_is_being_closed_waits_and_is_then_refused()
    {
        await ApprovedAsync();
        await using var closer = await OpenAsync();
        await using var closing = await closer.BeginTransactionAsync();
        await using (var lockRow = new NpgsqlCommand("SELECT id FROM periods WHERE month = @month FOR UPDATE", closer, closing))
        {
            lockRow.Parameters.AddWithValue("month", Month);
            await lockRow.ExecuteScalarAsync();
        }

        await using var writer = await OpenAsync();
        await using var writing = await writer.BeginTransactionAsync();
        var write = WriteFactAsync(writer, writing, Month);
        await Task.Delay(TimeSpan.FromMilliseconds(700));
        Assert.False(write.IsCompleted); // it waits on the month's row the close holds
        await using (var close = new NpgsqlCommand("UPDATE periods SET status = 'Closed' WHERE month = @month", closer, closing))
        {
            close.Parameters.AddWithValue("month", Month);
            await close.ExecuteNonQueryAsync();
        }

        await closing.CommitAsync();
        var refused = await Assert.ThrowsAsync<PostgresException>(() => write.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal("P0001", refused.SqlState);
        Assert.Equal("kpi.period_closed", refused.Hint);
    }

    [Fact]
    public async Task A_fact_stamped_before_the_calculation_but_committed_after_it_makes_the_month_stale()
    {
        await ApprovedAsync();
        await using var writer = await OpenAsync();
        await using var transaction = await writer.BeginTransactionAsync();
        // The writer's clock says an hour ago: by timestamps this change would look older than the calculation.
        await WriteFactAsync(writer, transaction, Month, stampedAt: "now() - interval '1 hour'");
        await transaction.CommitAsync();

        var closed = await Payroll.CloseAsync(Month, DemoData.HrEmail, countMissingAsZero: true, closeEarly: true);

        Assert.Contains(closed.Errors, e => e.Code == DomainErrors.PeriodStale);
    }

    [Fact]
    public async Task A_write_of_a_month_without_a_period_row_creates_it_open_and_counts_the_write()
    {
        var month = TestClock.NextMonth.AddMonths(5);
        await using var db = app.CreateDbContext();
        Assert.False(await db.Periods.AnyAsync(p => p.Month == month));
        var employee = await db.Employees.Where(e => e.PersonnelNumber == "0101").Select(e => e.Id).SingleAsync();
        await using var writer = await OpenAsync();
        await using (var insert = new NpgsqlCommand(
            "INSERT INTO monthly_kpi_values (employee_id, month, kpi_key, plan, updated_at) VALUES (@e, @m, 'sales_volume', 1, now())", writer))
        {
            insert.Parameters.AddWithValue("e", employee);
            insert.Parameters.AddWithValue("m", month);
            await insert.ExecuteNonQueryAsync();
        }

        var period = await db.Periods.AsNoTracking().SingleAsync(p => p.Month == month);
        Assert.Equal(KpiPlanner.Domain.Planning.PeriodStatus.Open, period.Status);
        Assert.Equal(1L, period.FiguresVersion);
    }
}
