using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KpiPlanner.Domain.Goals;
using KpiPlanner.Domain.Kpis;
using KpiPlanner.Domain.Payroll;
using KpiPlanner.Domain.Planning;
using KpiPlanner.Domain.Scales;
using KpiPlanner.Domain.Schemes;
using KpiPlanner.Infrastructure.Demo;
using KpiPlanner.Infrastructure.Payroll;
using KpiPlanner.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KpiPlanner.IntegrationTests;

/// <summary>
/// Issue 19: a pay run on PostgreSQL for a scheme mixing every kind of KPI the sources name — plan vs fact higher and
/// lower is better, an average, a time regulation (an average duration, and a raw value on its own scale), growth on
/// the month before, and an aggregated KPI made of two others — checked by hand in the comments. The grid and the
/// facts API measure and refuse as the pay run does.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class MixedKindsPayRunTests(KpiAppFactory app) : IAsyncLifetime
{
    /// <summary>Next month: open, not in progress (nothing is prorated); its base month (this month) is open too.</summary>
    private static readonly DateOnly Month = TestClock.ThisMonth.AddMonths(1);

    private static readonly DateOnly BaseMonth = TestClock.ThisMonth;

    private const string Barista = "0202";
    private const string OrderTime = "Время приготовления заказа, мин";
    private const string Upsells = "Допродажи десертов";
    private const string Index = "Индекс обслуживания";

    public async Task InitializeAsync() => await app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>
    /// The baristas' scheme from next month: fixed 30 000, planned variable 20 000, the article's table 3 everywhere
    /// (&lt; 50 % → 0; 50–90 → 0.5; 90–100 → 1; 100–120 → 1.2; &gt; 120 → 1.5) except the raw value's own scale.
    /// </summary>
    private async Task BaristaSchemeAsync()
    {
        var ru = System.Globalization.CultureInfo.GetCultureInfo("ru-RU");
        var table3 = ScalePresets.ArticleTable3(ru).ToSpec();
        var lateness = new ScaleSpec([new Band(0m, 5m, 1m, ToInclusive: true), new Band(5m, null, 0m)], Kind: ScaleKind.RawValue, PlanValue: 5m);
        var spec = new SchemeSpec(30_000m, 20_000m,
        [
            new SchemeKpiSpec("Выручка: прирост к прошлому месяцу", 30m, table3, Measurement: Measurement.Growth, KpiCode: "revenue",
                Base: new GrowthBase(GrowthBaseKind.PreviousMonth)),
            new SchemeKpiSpec("Средний чек", 20m, table3, KpiCode: "average_check"),
            new SchemeKpiSpec(OrderTime, 10m, table3, Direction.LowerIsBetter, Aggregation: AggregationRule.Average),
            new SchemeKpiSpec("Опоздание к открытию, мин", 10m, lateness, Direction.LowerIsBetter, Measurement.RawValue),
            new SchemeKpiSpec(Index, 30m, table3, Measurement: Measurement.Aggregate, Parts: [new(OrderTime, 50m), new(Upsells, 50m)]),
            new SchemeKpiSpec(Upsells, 0m, table3),
        ], Name: "Бариста: все виды показателей");
        await using var db = app.CreateDbContext();
        var position = await db.Positions.SingleAsync(p => p.Name == "Бариста");
        db.SchemeVersions.Add(SchemeVersion.Create(position.Id, Month, spec, app.Clock.GetUtcNow(), "hr").GetValueOrThrow());
        await db.SaveChangesAsync();
    }

    /// <summary>The barista's figures: this month's revenue as the base, next month's plans and facts.</summary>
    private async Task<int> FiguresAsync(decimal upsellsFact = 150m)
    {
        var id = await app.EmployeeIdAsync(Barista);
        await using var db = app.CreateDbContext();
        await db.MonthlyKpiValues.Where(v => v.EmployeeId == id && (v.Month == Month || v.Month == BaseMonth)).ExecuteDeleteAsync();
        db.MonthlyKpiValues.AddRange(
            app.Value(id, BaseMonth, "revenue", null, 150_000m),
            app.Value(id, Month, "revenue", 165_000m, 160_500m),
            app.Value(id, Month, "average_check", 450m, 477m),
            app.Value(id, Month, OrderTime, 4m, 5m),
            app.Value(id, Month, "Опоздание к открытию, мин", null, 3m),
            app.Value(id, Month, Upsells, 120m, upsellsFact));
        await db.SaveChangesAsync();
        return id;
    }

    [Fact]
    public async Task Every_kind_is_measured_and_paid_as_worked_out_by_hand()
    {
        await BaristaSchemeAsync();
        var id = await FiguresAsync();

        Assert.True((await app.Services.GetRequiredService<PayrollService>().CalculateAsync(Month, "hr")).IsValid);

        await using var db = app.CreateDbContext();
        var line = await db.PayLines.SingleAsync(l => l.Month == Month && l.EmployeeId == id);
        var k = line.Explanation.Kpis;
        Assert.All(k, kpi => Assert.Equal(MissingFigure.None, kpi.Missing));

        // Growth on last month: base 150 000, plan 165 000 (+10 %), fact 160 500 → 10 500 / 15 000 = 70 % → 0.5.
        Assert.Equal((150_000m, 70m, 0.5m), (k[0].Base, k[0].CompletionPercent, k[0].Coefficient));
        // Average check: 477 of 450 = 106 % → 1.2.
        Assert.Equal((106m, 1.2m), (k[1].CompletionPercent, k[1].Coefficient));
        // Time regulation, an average duration, lower is better: plan 4 min, fact 5 → 4 / 5 = 80 % → 0.5.
        Assert.Equal((80m, 0.5m), (k[2].CompletionPercent, k[2].Coefficient));
        // Time regulation as a raw value on its own scale: 3 minutes late is within 0–5 → 1.
        Assert.Equal((3m, 1m), (k[3].CompletionPercent, k[3].Coefficient));
        // The index: order time 80 % × 50 + upsells 150 of 120 = 125 % × 50 → 102.5 % → 1.2.
        Assert.Equal((102.5m, 1.2m), (k[4].CompletionPercent, k[4].Coefficient));
        Assert.Equal([(OrderTime, 50m, (decimal?)80m), (Upsells, 50m, 125m)], k[4].Parts!.Select(p => (p.Kpi, p.Weight, p.CountedPercent)));
        // Upsells weigh 0: measured for the index (125 % → 1.5), paid nothing on their own.
        Assert.Equal((125m, 0m), (k[5].CompletionPercent, k[5].Contribution));

        // Σ weight × coefficient = 0.3 × 0.5 + 0.2 × 1.2 + 0.1 × 0.5 + 0.1 × 1 + 0.3 × 1.2 + 0 = 0.15 + 0.24 + 0.05 + 0.1
        // + 0.36 = 0.9; variable = 20 000 × 0.9 = 18 000; total = 30 000 + 18 000 = 48 000.
        Assert.Equal((0.9m, 30_000m, 18_000m, 48_000m), (line.Explanation.WeightedSum, line.Fixed, line.Variable, line.Total));
    }

    [Fact]
    public async Task A_part_without_its_fact_leaves_the_index_at_0_percent_and_flagged_on_the_pay_line()
    {
        await BaristaSchemeAsync();
        var id = await FiguresAsync();
        await using (var db = app.CreateDbContext())
        {
            await db.MonthlyKpiValues.Where(v => v.EmployeeId == id && v.Month == Month && v.KpiKey == Upsells).ExecuteDeleteAsync();
        }

        Assert.True((await app.Services.GetRequiredService<PayrollService>().CalculateAsync(Month, "hr")).IsValid);

        await using var check = app.CreateDbContext();
        var line = await check.PayLines.SingleAsync(l => l.Month == Month && l.EmployeeId == id);
        Assert.Equal((MissingFigure.Part, 0m, 0m), (line.Explanation.Kpis[4].Missing, line.Explanation.Kpis[4].CompletionPercent, line.Explanation.Kpis[4].Coefficient));
        Assert.True(line.MissingFigures);
        // 0.15 + 0.24 + 0.05 + 0.1 + 0 = 0.54 → 10 800.
        Assert.Equal(10_800m, line.Variable);
    }

    [Fact]
    public async Task The_grid_measures_the_index_from_its_parts_and_estimates_what_the_pay_run_pays()
    {
        await BaristaSchemeAsync();
        var id = await FiguresAsync();

        await using var scope = app.Services.CreateAsyncScope();
        var plans = scope.ServiceProvider.GetRequiredService<KpiPlanner.Web.Features.Plans.PlansService>();
        await using var db = app.CreateDbContext();
        var coffee = await db.Departments.Where(d => d.Name == DemoData.CoffeeShopName).Select(d => d.Id).SingleAsync();
        var grid = (await plans.LoadAsync(await app.ActorAsync(DemoData.OwnerEmail), coffee, Month))!;

        var row = grid.Rows.Single(r => r.EmployeeId == id);
        var indexColumn = grid.Columns.Single(c => c.Name == Index);
        var indexCell = row.Cell(Index)!;
        Assert.True(indexCell.IsIndex);
        Assert.Equal(102.5m, grid.CompletionOf(indexCell, indexColumn)!.Value.Value);
        Assert.Equal(150_000m, row.Cells[0].Base);
        Assert.Equal(18_000m, row.Estimate()!.Variable);
    }

    [Fact]
    public async Task The_facts_api_refuses_a_fact_for_the_index_itself_and_saves_nothing()
    {
        await BaristaSchemeAsync();
        await FiguresAsync();
        var client = await app.BearerClientAsync(DemoData.HrEmail);
        var before = await app.SnapshotAsync(Month);

        var response = await client.PutAsJsonAsync($"/api/periods/{Period.Key(Month)}/facts", new
        {
            facts = new object[]
            {
                new { employee = Barista, kpi = Upsells, value = 130m },
                new { employee = Barista, kpi = Index, value = 100m },
            },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("facts.kpi_is_index", body, StringComparison.Ordinal);
        Assert.Equal(before, await app.SnapshotAsync(Month));
    }
}
