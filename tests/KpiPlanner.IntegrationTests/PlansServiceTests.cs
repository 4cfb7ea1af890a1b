using KpiPlanner.Domain.Organisation;
using KpiPlanner.Domain.Planning;
using KpiPlanner.Infrastructure.Demo;
using KpiPlanner.Testing;
using KpiPlanner.Web.Features.Plans;
using KpiPlanner.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace KpiPlanner.IntegrationTests;

[Collection(AppCollection.Name)]
public sealed class PlansServiceTests(KpiAppFactory app) : IAsyncLifetime
{
    private static readonly DateOnly NextMonth = TestClock.ThisMonth.AddMonths(1);
    private static readonly DateOnly ThisMonth = TestClock.ThisMonth;
    private AsyncServiceScope scope;

    private PlansService Plans => scope.ServiceProvider.GetRequiredService<PlansService>();

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        scope = app.Services.CreateAsyncScope();
    }

    public async Task DisposeAsync() => await scope.DisposeAsync();

    [Fact]
    public async Task A_manager_sees_only_the_departments_they_head()
    {
        var scopeOfManager = await Plans.ScopeAsync(await Actor(DemoData.ManagerEmail));
        var scopeOfHr = await Plans.ScopeAsync(await Actor(DemoData.HrEmail));

        Assert.Equal([DemoData.SalesDepartmentName], scopeOfManager.Select(d => d.Name));
        Assert.Equal(5, scopeOfHr.Count); // the company, HR, sales, the coffee shop and marketing (the demo's sales funnel)
    }

    [Fact]
    public async Task A_manager_cannot_load_another_departments_grid()
    {
        var manager = await Actor(DemoData.ManagerEmail);
        var coffee = await DepartmentId(DemoData.CoffeeShopName);

        Assert.Null(await Plans.LoadAsync(manager, coffee, ThisMonth));
    }

    [Fact]
    public async Task The_sales_grid_has_the_schemes_two_kpis_and_last_months_demo_history_without_the_head()
    {
        var grid = (await Plans.LoadAsync(await Actor(DemoData.ManagerEmail), await DepartmentId(DemoData.SalesDepartmentName), ThisMonth.AddMonths(-1)))!;

        Assert.Equal([DemoData.SalesKpi, DemoData.MeetingsKpi], grid.Columns.Select(c => c.Key));
        // Last month is complete: everyone employed then has a plan and a fact for both KPIs, and an estimate.
        Assert.True(grid.Rows.Count >= 12, $"{grid.Rows.Count} rows");
        Assert.All(grid.Rows.SelectMany(r => r.Cells), c => Assert.True(c.Plan is not null && c.Fact is not null));
        Assert.All(grid.Rows, r => Assert.NotNull(r.Estimate()));
        Assert.DoesNotContain(grid.Rows, r => r.Name.StartsWith("Кузнецов", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Plans_copied_from_last_month_save_and_load_back_exactly()
    {
        var manager = await Actor(DemoData.ManagerEmail);
        var sales = await DepartmentId(DemoData.SalesDepartmentName);
        var grid = (await Plans.LoadAsync(manager, sales, NextMonth))!;
        var previous = await Plans.PreviousPlansAsync(manager, grid.Rows.Select(r => r.EmployeeId), NextMonth);
        var edits = grid.Rows.SelectMany(r => r.Cells.Select(c => new CellEdit(r.EmployeeId, c.Key, c.ValueId, c.Version, previous[(r.EmployeeId, c.Key)] + 0.0001m, null))).ToList();

        var result = await Plans.SaveAsync(manager, NextMonth, edits);

        Assert.Empty(result.Conflicts);
        Assert.Empty(result.Errors);
        Assert.Equal(edits.Count, result.Saved);
        var reloaded = (await Plans.LoadAsync(manager, sales, NextMonth))!;
        Assert.All(reloaded.Rows.SelectMany(r => r.Cells.Select(c => (r.EmployeeId, c))), x => Assert.Equal(previous[(x.EmployeeId, x.c.Key)] + 0.0001m, x.c.Plan));
    }

    [Fact]
    public async Task Two_people_editing_the_same_cell_the_second_gets_a_conflict_with_the_first_ones_value()
    {
        var manager = await Actor(DemoData.ManagerEmail);
        var hr = await Actor(DemoData.HrEmail);
        var sales = await DepartmentId(DemoData.SalesDepartmentName);
        var seenByManager = (await Plans.LoadAsync(manager, sales, ThisMonth))!;
        var seenByHr = (await Plans.LoadAsync(hr, sales, ThisMonth))!;
        var row = seenByManager.Rows[0];
        var cell = row.Cells[0];
        var hrCell = seenByHr.Rows.Single(r => r.EmployeeId == row.EmployeeId).Cells[0];
        var other = row.Cells[1];

        var first = await Plans.SaveAsync(hr, ThisMonth, [new CellEdit(row.EmployeeId, hrCell.Key, hrCell.ValueId, hrCell.Version, 111_111m, hrCell.Fact)]);
        var second = await Plans.SaveAsync(manager, ThisMonth,
        [
            new CellEdit(row.EmployeeId, cell.Key, cell.ValueId, cell.Version, 222_222m, cell.Fact),
            new CellEdit(row.EmployeeId, other.Key, other.ValueId, other.Version, 55m, other.Fact),
        ]);

        Assert.Equal(1, first.Saved);
        var conflict = Assert.Single(second.Conflicts);
        Assert.Equal((222_222m, 111_111m, DemoData.HrEmail), (conflict.YourPlan, conflict.TheirPlan, conflict.TheirName));
        Assert.Equal(1, second.Saved);
        var now = (await Plans.LoadAsync(manager, sales, ThisMonth))!.Rows.Single(r => r.EmployeeId == row.EmployeeId);
        Assert.Equal(111_111m, now.Cells[0].Plan);
        Assert.Equal(55m, now.Cells[1].Plan);
    }

    [Fact]
    public async Task A_closed_month_refuses_changes_in_the_service_and_in_the_database()
    {
        var manager = await Actor(DemoData.ManagerEmail);
        var sales = await DepartmentId(DemoData.SalesDepartmentName);
        var closedMonth = ThisMonth.AddMonths(-2);
        await using (var db = app.CreateDbContext())
        {
            (await db.Periods.SingleAsync(p => p.Month == closedMonth)).CloseThroughLifecycle();
            await db.SaveChangesAsync();
        }

        var grid = (await Plans.LoadAsync(manager, sales, closedMonth))!;
        var cell = grid.Rows[0].Cells[0];
        var result = await Plans.SaveAsync(manager, closedMonth, [new CellEdit(grid.Rows[0].EmployeeId, cell.Key, cell.ValueId, cell.Version, 1m, 1m)]);

        Assert.True(grid.Closed);
        Assert.Equal(0, result.Saved);
        Assert.Contains("закрыт", Assert.Single(result.Errors), StringComparison.Ordinal);

        // Even SQL that goes round the application is refused by the trigger.
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var update = new NpgsqlCommand("UPDATE monthly_kpi_values SET fact = 0 WHERE month = @m", connection);
        update.Parameters.AddWithValue("m", closedMonth);
        var error = await Assert.ThrowsAsync<PostgresException>(() => update.ExecuteNonQueryAsync());
        Assert.Equal("P0001", error.SqlState);
        await using var delete = new NpgsqlCommand("DELETE FROM monthly_kpi_values WHERE month = @m", connection);
        delete.Parameters.AddWithValue("m", closedMonth);
        await Assert.ThrowsAsync<PostgresException>(() => delete.ExecuteNonQueryAsync());
    }

    [Fact]
    public async Task A_manager_cannot_save_values_for_someone_outside_their_team()
    {
        var manager = await Actor(DemoData.ManagerEmail);
        await using var db = app.CreateDbContext();
        var barista = await db.Employees.Where(e => e.Department.Name == DemoData.CoffeeShopName).Select(e => e.Id).FirstAsync();

        var result = await Plans.SaveAsync(manager, NextMonth, [new CellEdit(barista, "revenue", null, 0, 100m, null)]);

        Assert.Equal(0, result.Saved);
        Assert.Single(result.Errors);
        Assert.False(await db.MonthlyKpiValues.AnyAsync(v => v.EmployeeId == barista));
    }

    [Fact]
    public async Task Negative_plans_are_refused_and_nothing_is_saved()
    {
        var manager = await Actor(DemoData.ManagerEmail);
        var grid = (await Plans.LoadAsync(manager, await DepartmentId(DemoData.SalesDepartmentName), NextMonth))!;
        var row = grid.Rows[0];

        var result = await Plans.SaveAsync(manager, NextMonth, [new CellEdit(row.EmployeeId, row.Cells[0].Key, null, 0, -1m, null)]);

        Assert.Equal(0, result.Saved);
        Assert.Single(result.Errors);
    }

    [Fact]
    public async Task A_quarter_sums_the_months_plans_and_facts_and_measures_completion_against_them()
    {
        var manager = await Actor(DemoData.ManagerEmail);
        var quarter = KpiPlanner.Domain.Goals.PeriodRange.OfMonth(ThisMonth.AddMonths(-3)).Enclosing(KpiPlanner.Domain.Goals.PeriodKind.Quarter);

        var grid = (await Plans.LoadRollUpAsync(manager, await DepartmentId(DemoData.SalesDepartmentName), quarter))!;

        var row = grid.Rows[0];
        var cell = row.Cell(DemoData.SalesKpi)!.Value;
        await using var db = app.CreateDbContext();
        var months = await db.MonthlyKpiValues.Where(v => v.EmployeeId == row.EmployeeId && v.KpiKey == DemoData.SalesKpi && v.Month >= quarter.Start && v.Month <= quarter.End).ToListAsync();
        Assert.Equal(KpiPlanner.Domain.Goals.AggregationRule.Sum, grid.Rules[DemoData.SalesKpi]);
        Assert.Equal(months.Sum(m => m.Plan), cell.Plan);
        Assert.Equal(months.Sum(m => m.Fact), cell.Fact);
        Assert.Equal(cell.Fact!.Value * 100m / cell.Plan!.Value, cell.Completion!.Value.Value);
    }

    [Fact]
    public async Task The_sales_grid_carries_the_department_goal_linked_in_the_goal_tree()
    {
        var grid = (await Plans.LoadAsync(await Actor(DemoData.ManagerEmail), await DepartmentId(DemoData.SalesDepartmentName), NextMonth))!;
        var coffee = (await Plans.LoadAsync(await Actor(DemoData.HrEmail), await DepartmentId(DemoData.CoffeeShopName), NextMonth))!;

        Assert.Equal(4_500_000m, grid.Goals[DemoData.SalesKpi].Plan);
        Assert.Equal(500m, grid.Goals[DemoData.MeetingsKpi].Plan);
        Assert.Equal(DemoData.SalesGoalName, grid.Goals[DemoData.SalesKpi].Goal);
        Assert.Empty(coffee.Goals);
    }

    private async Task<int> DepartmentId(string name)
    {
        await using var db = app.CreateDbContext();
        return await db.Departments.Where(d => d.Name == name).Select(d => d.Id).SingleAsync();
    }

    private async Task<UserContext> Actor(string email)
    {
        return await app.ActorAsync(email);
    }
}
