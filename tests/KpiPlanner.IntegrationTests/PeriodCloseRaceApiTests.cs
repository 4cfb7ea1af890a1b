using System.Net;
using System.Text;
using KpiPlanner.Domain.Audit;
using KpiPlanner.Domain.Planning;
using KpiPlanner.Infrastructure.Demo;
using KpiPlanner.Testing;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace KpiPlanner.IntegrationTests;

/// <summary>
/// Two people close the same approved month at the same moment over HTTP (<c>POST /api/periods/{month}/close</c>):
/// both requests are made to wait on the month's row, then released together — exactly one is closed (200), the
/// other gets a clear 409 naming the closed month, and the audit log holds one close.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class PeriodCloseRaceApiTests(KpiAppFactory app) : IAsyncLifetime
{
    private static readonly string Month = Period.Key(TestClock.ThisMonth);

    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Two_closes_of_the_same_approved_month_at_once_give_one_200_and_one_409_and_one_close_in_the_audit()
    {
        var hr = await app.BearerClientAsync(DemoData.HrEmail);
        var owner = await app.BearerClientAsync(DemoData.OwnerEmail);
        Assert.Equal(HttpStatusCode.OK, (await Post(hr, "calculate")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Post(hr, "approve")).StatusCode);

        // Hold the month's row so that both closes are past their first checks and wait for it together.
        await using var holder = new NpgsqlConnection(app.ConnectionString);
        await holder.OpenAsync();
        await using var holding = await holder.BeginTransactionAsync();
        await using (var lockRow = new NpgsqlCommand("SELECT id FROM periods WHERE month = @month FOR UPDATE", holder, holding))
        {
            lockRow.Parameters.AddWithValue("month", TestClock.ThisMonth);
            await lockRow.ExecuteScalarAsync();
        }

        const string body = """{ "countMissingAsZero": true, "closeEarly": true }""";
        var closeA = Post(hr, "close", body);
        var closeB = Post(owner, "close", body);
        var waiting = System.Diagnostics.Stopwatch.StartNew(); // a bound on the wait, not a date: no clock
        await using var watcher = new NpgsqlConnection(app.ConnectionString); // outside the holder's transaction: a fresh view each time
        await watcher.OpenAsync();
        while (await WaitingOnLocksAsync(watcher) < 2)
        {
            Assert.False(closeA.IsCompleted || closeB.IsCompleted, "A close did not wait for the month's row.");
            Assert.True(waiting.Elapsed < TimeSpan.FromSeconds(30), "The two closes did not both reach the month's row within 30 s.");
            await Task.Delay(20);
        }

        await holding.RollbackAsync();
        using var a = await closeA;
        using var b = await closeB;

        var statuses = new[] { a.StatusCode, b.StatusCode };
        Assert.Single(statuses, s => s == HttpStatusCode.OK);
        Assert.Single(statuses, s => s == HttpStatusCode.Conflict);
        using var refused = await PeriodsApiTests.Json(a.StatusCode == HttpStatusCode.Conflict ? a : b, HttpStatusCode.Conflict);
        Assert.Equal("period.closed", refused.RootElement.GetProperty("code").GetString());
        Assert.Equal("closed", refused.RootElement.GetProperty("periodStatus").GetString());

        await using var db = app.CreateDbContext();
        Assert.Equal(PeriodStatus.Closed, (await db.Periods.SingleAsync(p => p.Month == TestClock.ThisMonth)).Status);
        Assert.Equal(1, await db.AuditLog.CountAsync(e => e.Month == TestClock.ThisMonth && e.Action == AuditAction.PeriodClosed));
    }

    private static Task<HttpResponseMessage> Post(HttpClient client, string step, string body = "") =>
        client.PostAsync($"/api/periods/{Month}/{step}", body.Length == 0 ? new StringContent(string.Empty) : new StringContent(body, Encoding.UTF8, "application/json"));

    private static async Task<long> WaitingOnLocksAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
