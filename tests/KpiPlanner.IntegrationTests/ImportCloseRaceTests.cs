using System.Diagnostics;
using System.Net;
using System.Text.Json;
using KpiPlanner.Domain.Planning;
using KpiPlanner.Infrastructure.Demo;
using KpiPlanner.Testing;
using KpiPlanner.Web.Features.PayReview;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using static KpiPlanner.IntegrationTests.BigMonthSupport;

namespace KpiPlanner.IntegrationTests;

/// <summary>
/// Issue 13, "Race": a 100 000-row facts import through the import endpoint while HR calculates, approves and closes
/// the same month through the pay review — either the import commits first and the close's pay lines saw its facts
/// (the close, having waited on the month's row, or having been refused as stale and redone), or the import is refused
/// as a closed month and nothing of it is stored. Never facts in a closed month that its pay lines did not see. Three
/// rounds with different orders (the import holding the month first, both at once, the close's last step against the
/// import), the month re-opened between them, then an import into the closed month.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ImportCloseRaceTests(KpiAppFactory app, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly DateOnly Month = TestClock.ThisMonth;

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        await app.AddAnalystsAsync();
    }

    public Task DisposeAsync() => app.ResetAsync(); // 20 000 analysts and a closed month are no one else's demo

    private async Task ReopenAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var review = scope.ServiceProvider.GetRequiredService<PayReviewService>();
        Assert.Empty(await review.ReopenAsync(await app.ActorAsync(DemoData.HrEmail), Month, "Следующий круг гонки"));
    }

    /// <summary>The import's answer: 200, or 409 saying the month is closed — nothing else.</summary>
    private static async Task<bool> ImportedAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode == HttpStatusCode.OK)
        {
            using var ok = JsonDocument.Parse(body);
            Assert.Equal(Rows, ok.RootElement.GetProperty("applied").GetInt32());
            return true;
        }

        Assert.True(response.StatusCode == HttpStatusCode.Conflict, $"{(int)response.StatusCode}: {body[..Math.Min(body.Length, 500)]}");
        using var problem = JsonDocument.Parse(body);
        Assert.Contains("закрыт", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        return false;
    }

    /// <summary>
    /// After both finished: the month is closed; the import's rows are all there (it came first) or none of them
    /// (refused); and every KPI of every pay line is the stored plan and fact, with the month's write counter where
    /// the calculation read it.
    /// </summary>
    private async Task AssertClosedOnWhatItSawAsync(int round, bool imported)
    {
        await using var db = app.CreateDbContext();
        var period = await db.Periods.AsNoTracking().SingleAsync(p => p.Month == Month);
        Assert.Equal(PeriodStatus.Closed, period.Status);
        Assert.Equal(period.FiguresVersion, period.CalculatedFiguresVersion);
        Assert.Equal(imported ? Rows : 0, await RoundRowsAsync(app.ConnectionString, Month, round));
        var (compared, differing, lines) = await PayLinesAgainstFactsAsync(app.ConnectionString, Month);
        Assert.True(lines > People, $"{lines} pay lines");
        Assert.True(compared >= Rows, $"{compared} KPIs compared");
        Assert.Equal(0, differing);
    }

    [Fact]
    public async Task A_100000_row_import_racing_the_close_either_lands_before_it_or_is_refused_never_half_seen()
    {
        var client = await app.ManagerClientAsync();
        var total = Stopwatch.StartNew();

        // Round 1: the import holds the month's row first; HR's close waits for it and then sees every fact.
        var file = FactsCsv(1);
        var clock = Stopwatch.StartNew();
        var import = ImportAsync(client, Month, file);
        Assert.True(await UntilAsync(() => RunningAsync(app.ConnectionString, "INSERT INTO monthly_kpi_values"), TimeSpan.FromSeconds(60), import),
            "the import never started writing");
        var closing = await app.CloseMonthAsync(Month);
        Assert.True(await ImportedAsync(await import.WaitAsync(TimeSpan.FromMinutes(2))), "the import that held the month first was refused");
        output.WriteLine($"round 1 (import first): imported, close redone {closing.StaleRefusals}× as stale, {clock.ElapsedMilliseconds} ms");
        await AssertClosedOnWhatItSawAsync(1, imported: true);

        // Round 2: both start at once; whichever takes the month's row first, the other one sees it.
        await ReopenAsync();
        file = FactsCsv(2);
        clock.Restart();
        import = ImportAsync(client, Month, file);
        var close = app.CloseMonthAsync(Month);
        await Task.WhenAll(import, close).WaitAsync(TimeSpan.FromMinutes(3));
        var imported = await ImportedAsync(await import);
        output.WriteLine($"round 2 (at once): {(imported ? "imported" : "refused")}, close redone {(await close).StaleRefusals}× as stale, {clock.ElapsedMilliseconds} ms");
        await AssertClosedOnWhatItSawAsync(2, imported);

        // Round 3: calculated and approved; the import and the close's last step start together.
        await ReopenAsync();
        file = FactsCsv(3);
        clock.Restart();
        Task<HttpResponseMessage>? late = null;
        closing = await app.CloseMonthAsync(Month, beforeClose: () =>
        {
            late ??= ImportAsync(client, Month, file);
            return Task.CompletedTask;
        });
        imported = await ImportedAsync(await late!.WaitAsync(TimeSpan.FromMinutes(2)));
        output.WriteLine($"round 3 (against the close's last step): {(imported ? "imported" : "refused")}, close redone {closing.StaleRefusals}× as stale, {clock.ElapsedMilliseconds} ms");
        await AssertClosedOnWhatItSawAsync(3, imported);

        // Round 4: into the month now closed — refused, and nothing of it stored.
        var before = await app.SnapshotAsync(Month);
        Assert.False(await ImportedAsync(await ImportAsync(client, Month, FactsCsv(4))));
        Assert.Equal(0, await RoundRowsAsync(app.ConnectionString, Month, 4));
        Assert.Equal(before, await app.SnapshotAsync(Month));
        output.WriteLine($"all rounds: {total.ElapsedMilliseconds} ms");
    }
}
