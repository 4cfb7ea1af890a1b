using System.Diagnostics;
using System.Net;
using System.Text.Json;
using KpiPlanner.Domain.Planning;
using KpiPlanner.Infrastructure.Demo;
using KpiPlanner.Testing;
using KpiPlanner.Web.Features.PayReview;
using KpiPlanner.Web.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using static KpiPlanner.IntegrationTests.BigMonthSupport;

namespace KpiPlanner.IntegrationTests;

/// <summary>
/// Issue 13, "Faults": PostgreSQL killed (<c>pg_ctl stop -m immediate</c>) while a 100 000-row import writes and while
/// HR's calculation writes the pay lines, then started again. Nothing is half-applied, the client of the import gets a
/// 503 problem-details answer (not a 500 page), <c>/health</c> says the database is down meanwhile, and the same app —
/// not restarted — takes the same import and closes the month once the database is back.
/// </summary>
public sealed class DatabaseCrashTests(OutageAppFactory app, ITestOutputHelper output) : IClassFixture<OutageAppFactory>
{
    private static readonly DateOnly Month = TestClock.ThisMonth;

    private async Task<long> FiguresVersionAsync()
    {
        await using var db = app.CreateDbContext();
        return await db.Periods.AsNoTracking().Where(p => p.Month == Month).Select(p => p.FiguresVersion).SingleOrDefaultAsync();
    }

    /// <summary>/health while the database is down: 503, unhealthy, within a few seconds.</summary>
    private async Task AssertHealthSaysDownAsync()
    {
        var clock = Stopwatch.StartNew();
        var health = await app.CreateClient().GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Contains("Unhealthy", await health.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"/health took {clock.Elapsed}");
    }

    private async Task AssertHealthyAsync() =>
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync("/health")).StatusCode);

    [Fact]
    public async Task An_import_cut_off_by_a_database_crash_answers_503_writes_nothing_and_succeeds_once_the_database_is_back()
    {
        await app.ResetAsync();
        await app.AddAnalystsAsync();
        var client = await app.ManagerClientAsync();
        var file = FactsCsv(1);
        var version = await FiguresVersionAsync();
        var before = await app.SnapshotAsync(Month);

        var browser = app.CreateClient();
        var token = await LoginPageForm.AntiforgeryTokenAsync(browser);

        var import = ImportAsync(client, Month, file);
        Assert.True(await UntilAsync(() => RunningAsync(app.ConnectionString, "INSERT INTO monthly_kpi_values"), TimeSpan.FromSeconds(60), import),
            "the import never started writing");
        app.CrashDatabase();
        try
        {
            var clock = Stopwatch.StartNew();
            var response = await import.WaitAsync(TimeSpan.FromSeconds(60));
            var body = await response.Content.ReadAsStringAsync();
            output.WriteLine($"import cut off: {(int)response.StatusCode} after {clock.ElapsedMilliseconds} ms: {body}");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            using var problem = JsonDocument.Parse(body);
            Assert.Equal(FailureHandler.DatabaseUnavailableCode, problem.RootElement.GetProperty("code").GetString());
            Assert.Contains("базой данных", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.NotNull(response.Headers.RetryAfter);
            await AssertHealthSaysDownAsync();

            // A person signing in on the login page meanwhile gets a page saying the database is down, not a 500.
            var login = await browser.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "login",
                ["__RequestVerificationToken"] = token,
                ["Input.Email"] = DemoData.HrEmail,
                ["Input.Password"] = DemoData.Password,
            }));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, login.StatusCode);
            Assert.Contains("базой данных", await login.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally
        {
            app.StartDatabase();
        }

        await AssertHealthyAsync();
        Assert.Equal(0, await RoundRowsAsync(app.ConnectionString, Month, 1));
        Assert.Equal(before, await app.SnapshotAsync(Month));
        Assert.Equal(version, await FiguresVersionAsync());

        // The same app, not restarted, takes the same file.
        var again = await ImportAsync(client, Month, file);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(Rows, await RoundRowsAsync(app.ConnectionString, Month, 1));
    }

    [Fact]
    public async Task A_close_cut_off_by_a_database_crash_leaves_the_month_whole_and_closes_once_the_database_is_back()
    {
        await app.ResetAsync();
        await app.AddAnalystsAsync();
        await app.AddFactsAsync(Month, 1);

        var close = app.CloseMonthAsync(Month);
        Assert.True(await UntilAsync(() => RunningAsync(app.ConnectionString, "COPY pay_lines"), TimeSpan.FromSeconds(60), close),
            "the calculation never started writing pay lines");
        app.CrashDatabase();
        try
        {
            // EF retries the calculation a few times (about 5 s) and then gives up: the page shows the database's error.
            var failed = await Assert.ThrowsAnyAsync<Exception>(() => close.WaitAsync(TimeSpan.FromSeconds(60)));
            output.WriteLine($"close cut off: {failed.GetType().Name}: {failed.Message}");
            Assert.True(KpiPlanner.Infrastructure.Postgres.DatabaseOutage.Is(failed), failed.ToString());
            await AssertHealthSaysDownAsync();
        }
        finally
        {
            app.StartDatabase();
        }

        await AssertHealthyAsync();
        // Nothing half-written: the calculation cut off in its COPY left no pay line (the month open as before); had it
        // committed just before the crash, its lines are all there and match the facts.
        await using (var db = app.CreateDbContext())
        {
            var period = await db.Periods.AsNoTracking().SingleAsync(p => p.Month == Month);
            var (_, differingAfterCrash, linesAfterCrash) = await PayLinesAgainstFactsAsync(app.ConnectionString, Month);
            output.WriteLine($"after the restart: {period.Status}, {linesAfterCrash} pay lines");
            if (period.CalculatedAt is null)
            {
                Assert.Equal(PeriodStatus.Open, period.Status);
                Assert.Equal(0, linesAfterCrash);
            }
            else
            {
                Assert.True(linesAfterCrash > People, $"{linesAfterCrash} pay lines");
                Assert.Equal(0, differingAfterCrash);
            }

            if (period.Status == PeriodStatus.Approved)
            {
                await using var scope = app.Services.CreateAsyncScope();
                Assert.Empty(await scope.ServiceProvider.GetRequiredService<PayReviewService>()
                    .RevokeApprovalAsync(await app.ActorAsync(DemoData.HrEmail), Month, "Закрытие прервал сбой базы"));
            }
        }

        // The same app, not restarted, closes the month.
        await using (var db = app.CreateDbContext())
        {
            if (await db.Periods.AnyAsync(p => p.Month == Month && p.Status != PeriodStatus.Closed))
            {
                await app.CloseMonthAsync(Month);
            }
        }

        await using (var db = app.CreateDbContext())
        {
            var period = await db.Periods.AsNoTracking().SingleAsync(p => p.Month == Month);
            Assert.Equal(PeriodStatus.Closed, period.Status);
            Assert.Equal(period.FiguresVersion, period.CalculatedFiguresVersion);
        }

        var (compared, differing, lines) = await PayLinesAgainstFactsAsync(app.ConnectionString, Month);
        Assert.True(lines > People && compared >= Rows, $"{lines} pay lines, {compared} KPIs");
        Assert.Equal(0, differing);
    }
}
