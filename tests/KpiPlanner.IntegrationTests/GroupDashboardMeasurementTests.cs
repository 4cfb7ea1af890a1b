using KpiPlanner.Domain.Goals;
using KpiPlanner.Domain.Kpis;
using KpiPlanner.Infrastructure;
using KpiPlanner.Infrastructure.Demo;
using KpiPlanner.Testing;
using KpiPlanner.Web;
using KpiPlanner.Web.Features.Dashboard;
using KpiPlanner.Web.Features.Plans;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace KpiPlanner.IntegrationTests;

/// <summary>
/// A department's and the company's figure for a growth KPI and for an index (issue 19) on the demo's coffee shop, whose
/// baristas are paid on revenue growth against the month before and on a service index of order time and upsells:
/// growth is the growth the group made over the growth it planned, from the group's base, and the index is the index of
/// the group's parts — the numbers of the plan grid's team total, not the group's plan against its fact.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class GroupDashboardMeasurementTests(KpiAppFactory app) : IAsyncLifetime
{
    private static readonly DateOnly Month = TestClock.LastMonth; // finished and closed in the demo

    public async Task InitializeAsync() => await app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_coffee_shops_growth_and_index_are_its_team_totals_on_every_level()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var dashboard = scope.ServiceProvider.GetRequiredService<DashboardService>();
        int shop;
        decimal plan = 0m, fact = 0m, @base = 0m, allPlans, allFacts;
        await using (var db = app.CreateDbContext())
        {
            shop = await db.Departments.Where(d => d.Name == DemoData.CoffeeShopName).Select(d => d.Id).SingleAsync();
            var baristas = await db.Employees.Where(e => e.DepartmentId == shop && db.Positions.Any(p => p.Id == e.PositionId && p.Name == DemoData.BaristaPosition))
                .Select(e => e.Id).ToListAsync();
            Assert.True(baristas.Count >= 2);
            var revenue = await db.MonthlyKpiValues.Where(v => baristas.Contains(v.EmployeeId) && v.KpiKey == DemoData.RevenueKpi
                && (v.Month == Month || v.Month == Month.AddMonths(-1))).ToListAsync();
            // By hand: the baristas' plans, facts and bases (their facts of the month before) summed.
            foreach (var person in baristas)
            {
                var now = revenue.Single(v => v.EmployeeId == person && v.Month == Month);
                var before = revenue.Single(v => v.EmployeeId == person && v.Month == Month.AddMonths(-1));
                plan += now.Plan!.Value;
                fact += now.Fact!.Value;
                @base += before.Fact!.Value;
            }

            var everyone = await db.MonthlyKpiValues.Where(v => v.Month == Month && v.KpiKey == DemoData.RevenueKpi
                && db.Employees.Any(e => e.Id == v.EmployeeId && e.DepartmentId == shop)).ToListAsync();
            allPlans = everyone.Sum(v => v.Plan ?? 0m);
            allFacts = everyone.Sum(v => v.Fact ?? 0m);
        }

        // Growth when the team's plan rises above its base; a planned fall (the demo's January after December) is read
        // plan against fact, as the pay run reads a person's (docs/kpi-kinds.md) — so the test holds whatever last month is.
        var planned = plan > @base;
        var expected = planned ? (fact - @base) / (plan - @base) * 100m : fact / plan * 100m;
        var view = await dashboard.LoadLevelAsync(PeriodRange.OfMonth(Month), DashboardLevel.Department, shop, null);
        var card = view.Kpis.Single(k => k.Kpi.Key == DemoData.RevenueKpi);
        Assert.Equal(Math.Round(expected, 4), Math.Round(card.Standing.Completion!.Value.Value, 4));
        if (planned)
        {
            Assert.NotEqual(Math.Round(allFacts / allPlans * 100m, 4), Math.Round(card.Standing.Completion.Value.Value, 4)); // not plan against fact
        }

        Assert.Equal(allPlans, card.Current.Plan); // the plan and fact shown stay the department's
        Assert.Equal(allFacts, card.Current.Fact);
        Assert.NotNull(card.Standing.Band);

        // The manager's grid for the same month says the same for the team, growth and index alike.
        var plans = new PlansService(scope.ServiceProvider.GetRequiredService<IDbContextFactory<KpiDbContext>>(), app.Clock,
            scope.ServiceProvider.GetRequiredService<IStringLocalizer<SharedResource>>(), scope.ServiceProvider.GetRequiredService<IFormulaParser>());
        var grid = (await plans.LoadAsync(await app.ActorAsync(DemoData.OwnerEmail), shop, Month))!;
        Assert.Equal(grid.TeamCompletion(grid.Columns.Single(c => c.Key == DemoData.RevenueKpi)), card.Standing.Completion);
        var indexColumn = grid.Columns.Single(c => c.Kpi?.Measurement == Measurement.Aggregate);
        var index = view.Kpis.Single(k => k.Kpi.IsIndex);
        Assert.Equal(DemoData.ServiceIndexName, index.Kpi.Name);
        Assert.NotNull(index.Standing.Completion);
        Assert.Equal(grid.TeamCompletion(indexColumn), index.Standing.Completion);
        Assert.Null(index.Current.Plan); // an index has no plan or fact of its own

        // The company page's coffee-shop row, the heat map and the trend read the same.
        var company = await dashboard.LoadLevelAsync(PeriodRange.OfMonth(Month), DashboardLevel.Company, null, null);
        var row = company.Rows.Single(r => r.DepartmentId == shop);
        Assert.Equal(card.Standing, row.Kpis[DemoData.RevenueKpi]);
        Assert.Equal(index.Standing, row.Kpis[index.Kpi.Key]);
        Assert.Equal(card.Standing.Completion, view.Trend[DemoData.RevenueKpi].Single(p => p.Month == Month).Completion);
        Assert.Equal(index.Standing.Completion, view.Trend[index.Kpi.Key].Single(p => p.Month == Month).Completion);
        Assert.Contains(company.HeatByKpi[index.Kpi.Key], h => h.RowId == "d" + shop && h.Month == Month && h.Standing.Completion == index.Standing.Completion);
    }
}
