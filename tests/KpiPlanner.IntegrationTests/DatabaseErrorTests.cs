using KpiPlanner.Domain.Organisation;
using KpiPlanner.Infrastructure.Postgres;
using KpiPlanner.Testing;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace KpiPlanner.IntegrationTests;

/// <summary>
/// Issue 14: the one closed-month refusal (<see cref="ClosedPeriod.IsRefusal"/>) and the one constraint question
/// (<see cref="DatabaseError"/>), asked of the real guard's and the real index's errors — raw from a command as an
/// import sees them, and wrapped by EF as a service sees them. (The demo closes last month.)
/// </summary>
[Collection(AppCollection.Name)]
public sealed class DatabaseErrorTests(KpiAppFactory app) : IAsyncLifetime
{
    private static readonly DateOnly Closed = TestClock.LastMonth;

    public async Task InitializeAsync() => await app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private static async Task ExecuteAsync(string connectionString, string sql, DateOnly? month = null)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        if (month is { } m)
        {
            command.Parameters.AddWithValue("month", m);
        }

        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task A_fact_of_a_closed_month_saved_through_EF_is_the_closed_month_refusal_and_nothing_else()
    {
        await using var db = app.CreateDbContext();
        var value = await db.MonthlyKpiValues.FirstAsync(v => v.Month == Closed);
        value.SetFact((value.Fact ?? 0) + 1, app.Clock.GetUtcNow(), "test");

        var refused = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());

        Assert.True(ClosedPeriod.IsRefusal(refused));
        Assert.False(DatabaseError.IsUniqueViolation(refused));
        Assert.False(DatabaseError.IsCheckOrForeignKeyViolation(refused));
    }

    [Fact]
    public async Task A_statement_on_a_closed_month_is_the_refusal_raw_too_but_an_open_month_is_written()
    {
        const string write = "UPDATE monthly_kpi_values SET fact = coalesce(fact, 0) + 1 WHERE id = (SELECT min(id) FROM monthly_kpi_values WHERE month = @month)";

        var refused = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(app.ConnectionString, write, Closed));

        Assert.True(ClosedPeriod.IsRefusal(refused));
        await ExecuteAsync(app.ConnectionString, write, TestClock.ThisMonth);
    }

    [Fact]
    public async Task Another_guards_P0001_the_append_only_audit_log_is_not_a_closed_month()
    {
        await ExecuteAsync(app.ConnectionString, "INSERT INTO audit_log (at, by, action, reason) VALUES (now(), 'hr', 'PeriodClosed', 'kept')");

        var refused = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(app.OwnerConnectionString, "DELETE FROM audit_log"));

        Assert.Equal(PostgresErrorCodes.RaiseException, refused.SqlState);
        Assert.False(ClosedPeriod.IsRefusal(refused));
    }

    [Fact]
    public async Task A_duplicate_name_is_a_unique_violation_naming_its_index_and_not_a_closed_month()
    {
        await using var db = app.CreateDbContext();
        var taken = await db.Positions.AsNoTracking().Select(p => p.Name).FirstAsync();
        db.Positions.Add(new Position(taken));

        var refused = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());

        Assert.True(DatabaseError.IsUniqueViolation(refused, out var index));
        Assert.False(string.IsNullOrEmpty(index));
        Assert.False(ClosedPeriod.IsRefusal(refused));
    }

    [Fact]
    public void Errors_that_are_not_the_servers_are_neither()
    {
        Assert.False(ClosedPeriod.IsRefusal(null));
        Assert.False(ClosedPeriod.IsRefusal(new InvalidOperationException("P0001 kpi.period_closed")));
        Assert.False(DatabaseError.IsUniqueViolation(new TimeoutException()));
    }
}
