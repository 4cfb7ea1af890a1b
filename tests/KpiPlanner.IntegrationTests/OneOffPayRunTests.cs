using System.Net;
using System.Net.Http.Json;
using KpiPlanner.Domain.Kpis;
using KpiPlanner.Domain.Planning;
using KpiPlanner.Domain.Scales;
using KpiPlanner.Domain.Schemes;
using KpiPlanner.Infrastructure.Demo;
using KpiPlanner.Infrastructure.Payroll;
using KpiPlanner.Testing;
using KpiPlanner.Web.Features.Plans;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KpiPlanner.IntegrationTests;

/// <summary>
/// Issue 19, the article's table 2, row 4: one-off KPIs (an event over its own dates, with the attendance and, lower is
/// better, its budget), measured once and paid in the month the dates end. On PostgreSQL: the pay run of a month where
/// they are not due pays the monthly KPI in proportion; the month they end pays all three; the grid, the facts API and
/// the grid's save refuse figures for them outside their month and leave the database unchanged. Checked by hand in the
/// comments.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class OneOffPayRunTests(KpiAppFactory app) : IAsyncLifetime
{
    /// <summary>Next month (open, not in progress): the event starts; it ends on the first day of the month after.</summary>
    private static readonly DateOnly Start = TestClock.ThisMonth.AddMonths(1);

    private static readonly DateOnly Due = Start.AddMonths(1);

    private const string Barista = "0202";
    private const string Attendance = "Посещение дегустации";
    private const string Budget = "Бюджет дегустации";

    public async Task InitializeAsync() => await app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>
    /// The baristas' scheme from next month: fixed 30 000, planned variable 20 000; revenue 60 % every month; the
    /// tasting's attendance 25 % and budget 15 % (lower is better) over [next month's 1st … the month after's 1st];
    /// the article's table 3 (&lt; 50 % → 0; 50–90 → 0.5; 90–100 → 1; 100–120 → 1.2; &gt; 120 → 1.5).
    /// </summary>
    private async Task SchemeAsync()
    {
        var table3 = ScalePresets.ArticleTable3(System.Globalization.CultureInfo.GetCultureInfo("ru-RU")).ToSpec();
        var tasting = new OneOffPeriod(Start, Due);
        var spec = new SchemeSpec(30_000m, 20_000m,
        [
            new SchemeKpiSpec("Выручка", 60m, table3, KpiCode: "revenue"),
            new SchemeKpiSpec(Attendance, 25m, table3, OneOff: tasting),
            new SchemeKpiSpec(Budget, 15m, table3, Direction.LowerIsBetter, OneOff: tasting),
        ], Name: "Бариста: дегустация");
        await using var db = app.CreateDbContext();
        var position = await db.Positions.SingleAsync(p => p.Name == "Бариста");
        db.SchemeVersions.Add(SchemeVersion.Create(position.Id, Start, spec, app.Clock.GetUtcNow(), "hr").GetValueOrThrow());
        await db.SaveChangesAsync();
    }

    private async Task<int> FiguresAsync()
    {
        var id = await app.EmployeeIdAsync(Barista);
        await using var db = app.CreateDbContext();
        await db.MonthlyKpiValues.Where(v => v.EmployeeId == id && (v.Month == Start || v.Month == Due)).ExecuteDeleteAsync();
        db.MonthlyKpiValues.AddRange(
            app.Value(id, Start, "revenue", 150_000m, 142_500m),
            app.Value(id, Due, "revenue", 150_000m, 165_000m),
            app.Value(id, Due, Attendance, 50m, 47m),
            app.Value(id, Due, Budget, 30_000m, 27_000m));
        await db.SaveChangesAsync();
        return id;
    }

    [Fact]
    public async Task In_the_month_before_the_event_ends_it_is_not_due_and_revenue_counts_in_proportion()
    {
        await SchemeAsync();
        var id = await FiguresAsync();

        Assert.True((await app.Services.GetRequiredService<PayrollService>().CalculateAsync(Start, "hr")).IsValid);

        await using var db = app.CreateDbContext();
        var line = await db.PayLines.SingleAsync(l => l.Month == Start && l.EmployeeId == id);
        var e = line.Explanation;
        // Revenue 142 500 of 150 000 = 95 % → 1. The due weights are 60 %: Σ = 0.6 × 1 / 0.6 = 1 → 20 000 × 1 = 20 000.
        Assert.Equal((95m, 1m), (e.Kpis[0].CompletionPercent, e.Kpis[0].Coefficient));
        Assert.Equal([false, true, true], e.Kpis.Select(k => k.NotDue));
        Assert.Equal(40m, e.NotDueWeight);
        Assert.False(line.MissingFigures); // the tasting takes no figures this month: nothing is missing
        Assert.Equal((1m, 20_000m, 50_000m), (e.WeightedSum, line.Variable, line.Total));
        Assert.Equal(new OneOffPeriod(Start, Due), e.Kpis[1].OneOff); // stored with the line, read back from jsonb
    }

    [Fact]
    public async Task In_the_month_it_ends_every_kpi_is_paid_with_its_own_weight()
    {
        await SchemeAsync();
        var id = await FiguresAsync();

        Assert.True((await app.Services.GetRequiredService<PayrollService>().CalculateAsync(Due, "hr")).IsValid);

        await using var db = app.CreateDbContext();
        var line = await db.PayLines.SingleAsync(l => l.Month == Due && l.EmployeeId == id);
        var k = line.Explanation.Kpis;
        // Revenue 165 000 of 150 000 = 110 % → 1.2; attendance 47 of 50 = 94 % → 1; budget 30 000 planned, 27 000 spent,
        // lower is better: 30 000 / 27 000 = 111.1 % → 1.2. Σ = 0.6 × 1.2 + 0.25 × 1 + 0.15 × 1.2 = 0.72 + 0.25 + 0.18
        // = 1.15 → 20 000 × 1.15 = 23 000; total 53 000.
        Assert.Equal([1.2m, 1m, 1.2m], k.Select(x => x.Coefficient));
        Assert.All(k, x => Assert.False(x.NotDue));
        Assert.Equal((0m, 1.15m, 23_000m, 53_000m), (line.Explanation.NotDueWeight, line.Explanation.WeightedSum, line.Variable, line.Total));
    }

    [Fact]
    public async Task The_grid_shows_the_one_off_kpis_out_of_their_month_without_inputs_and_estimates_what_the_pay_run_pays()
    {
        await SchemeAsync();
        var id = await FiguresAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var plans = scope.ServiceProvider.GetRequiredService<PlansService>();
        await using var db = app.CreateDbContext();
        var coffee = await db.Departments.Where(d => d.Name == DemoData.CoffeeShopName).Select(d => d.Id).SingleAsync();
        var owner = await app.ActorAsync(DemoData.OwnerEmail);

        var before = (await plans.LoadAsync(owner, coffee, Start))!.Rows.Single(r => r.EmployeeId == id);
        var ending = (await plans.LoadAsync(owner, coffee, Due))!.Rows.Single(r => r.EmployeeId == id);

        Assert.Equal([true, false, false], before.Cells.Select(c => c.TakesFigures));
        Assert.Equal(20_000m, before.Estimate()!.Variable);
        Assert.Equal([true, true, true], ending.Cells.Select(c => c.TakesFigures));
        Assert.Equal(23_000m, ending.Estimate()!.Variable);
    }

    [Fact]
    public async Task Saving_a_one_off_kpi_out_of_its_month_in_the_grid_is_refused_and_changes_nothing()
    {
        await SchemeAsync();
        var id = await FiguresAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var plans = scope.ServiceProvider.GetRequiredService<PlansService>();
        var before = await app.SnapshotAsync(Start);

        var result = await plans.SaveAsync(await app.ActorAsync(DemoData.HrEmail), Start,
            [new CellEdit(id, "revenue", null, 0, 150_000m, 150_000m), new CellEdit(id, Attendance, null, 0, 50m, 40m)]);

        Assert.Equal(0, result.Saved);
        Assert.Contains(Attendance, Assert.Single(result.Errors), StringComparison.Ordinal);
        Assert.Equal(before, await app.SnapshotAsync(Start));
    }

    [Fact]
    public async Task The_facts_api_refuses_a_one_off_kpi_out_of_its_month_and_saves_nothing()
    {
        await SchemeAsync();
        await FiguresAsync();
        var client = await app.BearerClientAsync(DemoData.HrEmail);
        var before = await app.SnapshotAsync(Start);

        var response = await client.PutAsJsonAsync($"/api/periods/{Period.Key(Start)}/facts", new
        {
            facts = new object[]
            {
                new { employee = Barista, kpi = "revenue", value = 150_000m },
                new { employee = Barista, kpi = Budget, value = 12_000m },
            },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("facts.kpi_not_due", body, StringComparison.Ordinal);
        Assert.Equal(before, await app.SnapshotAsync(Start));

        // In the month the tasting ends, the same fact is taken.
        var taken = await client.PutAsJsonAsync($"/api/periods/{Period.Key(Due)}/facts", new
        {
            facts = new object[] { new { employee = Barista, kpi = Budget, value = 28_000m } },
        });
        Assert.Equal(HttpStatusCode.OK, taken.StatusCode);
    }
}
