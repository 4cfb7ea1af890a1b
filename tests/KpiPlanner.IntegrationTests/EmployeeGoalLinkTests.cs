using KpiPlanner.Domain.Goals;
using KpiPlanner.Domain.Kpis;
using KpiPlanner.Infrastructure;
using KpiPlanner.Infrastructure.Demo;
using KpiPlanner.Testing;
using KpiPlanner.Web.Features.Goals;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KpiPlanner.IntegrationTests;

/// <summary>A goal node linked to one employee (issue 19), saved, read back and compared on PostgreSQL.</summary>
[Collection(AppCollection.Name)]
public sealed class EmployeeGoalLinkTests(KpiAppFactory app) : IAsyncLifetime
{
    private AsyncServiceScope scope;
    private KpiPlanner.Web.Security.UserContext owner = null!;

    private GoalsService Goals => scope.ServiceProvider.GetRequiredService<GoalsService>();

    private static DateOnly Month => TestClock.ThisMonth;

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        scope = app.Services.CreateAsyncScope();
        owner = await app.ActorAsync(DemoData.OwnerEmail);
    }

    public async Task DisposeAsync() => await scope.DisposeAsync();

    [Fact]
    public async Task The_demo_links_a_node_of_the_sales_goal_to_the_demo_employee_and_the_database_holds_the_key()
    {
        var goal = await SalesGoalAsync();
        await using var db = await DbAsync();
        var ivanov = await db.Employees.SingleAsync(e => e.PersonnelNumber == DemoData.EmployeePersonnelNumber);

        var node = Assert.Single(goal.Nodes, n => n.Code == DemoData.EmployeeGoalCode);
        var people = await Goals.LinkedPeopleAsync(owner, goal.Nodes, Month);

        Assert.Equal((ivanov.Id, DemoData.SalesKpi, (int?)null, "sales_goal"), (node.EmployeeId!.Value, node.KpiKey!, node.DepartmentId, node.ParentCode!));
        Assert.Equal("Иванов Иван Сергеевич", people[(ivanov.Id, DemoData.SalesKpi)].Name);
        Assert.NotNull(people[(ivanov.Id, DemoData.SalesKpi)].Plan);
        Assert.Contains(await db.GoalEmployeeLinks.ToListAsync(), l => l.GoalId == goal.Id && l.EmployeeId == ivanov.Id);
    }

    [Fact]
    public async Task A_node_linked_to_a_person_is_saved_read_back_and_compared_with_their_plan_and_fact()
    {
        var goal = await SalesGoalAsync();
        var (petrova, value) = await PersonAndValueAsync("0102");
        var linked = goal.Nodes.Append(new GoalNodeSpec("petrova", "Продажи Петровой", KpiUnit.Money, PlanValue: value.Plan!.Value + 50_000m,
            ParentCode: "sales_goal", KpiKey: DemoData.SalesKpi, EmployeeId: petrova)).ToList();

        var saved = await Goals.SaveAsync(owner, goal.Id, goal.Version, linked, Month, goal.Facts, DemoData.OwnerEmail);
        var reloaded = await SalesGoalAsync();
        var person = (await Goals.LinkedPeopleAsync(owner, reloaded.Nodes, Month))[(petrova, DemoData.SalesKpi)];
        var tree = GoalTree.Create(reloaded.Nodes, Goals.Parser).GetValueOrThrow();
        var evaluation = tree.Evaluate(PeriodRange.OfMonth(Month), GoalLinks.FactsOf(tree, reloaded.Facts, n => n.Code == "petrova" ? person.Fact : null)).GetValueOrThrow();
        var reading = GoalLinks.Compare(evaluation["petrova"], GoalLinkKind.Employee, person.Figures);

        Assert.True(saved.Succeeded, string.Join(" ", saved.Errors.Select(e => e.Message)));
        Assert.Equal(petrova, reloaded.Nodes.Single(n => n.Code == "petrova").EmployeeId);
        Assert.Equal(value.Plan, person.Plan);
        Assert.Equal(value.Fact, person.Fact);
        Assert.True(reading.PlanMismatch); // the node asks 50 000 more than her plan
        Assert.Equal(value.Fact, evaluation["petrova"].Fact);
        await using var db = await DbAsync();
        Assert.Contains(await db.GoalEmployeeLinks.ToListAsync(), l => l.GoalId == goal.Id && l.EmployeeId == petrova);

        // Her plan as the node's: no mismatch.
        var matched = reloaded.Nodes.Select(n => n.Code == "petrova" ? n with { PlanValue = value.Plan } : n).ToList();
        Assert.True((await Goals.SaveAsync(owner, reloaded.Id, reloaded.Version, matched, Month, reloaded.Facts, DemoData.OwnerEmail)).Succeeded);
        var again = await SalesGoalAsync();
        var check = GoalTree.Create(again.Nodes, Goals.Parser).GetValueOrThrow().Evaluate(PeriodRange.OfMonth(Month)).GetValueOrThrow();
        Assert.False(GoalLinks.Compare(check["petrova"], GoalLinkKind.Employee, person.Figures).PlanMismatch);
    }

    [Fact]
    public async Task A_person_outside_the_parent_department_an_unknown_one_a_kpi_not_in_their_scheme_and_both_links_are_refused_and_nothing_changes()
    {
        var goal = await SalesGoalAsync();
        await using var db = await DbAsync();
        var marketing = await db.Employees.Where(e => e.Department.Name == DemoData.MarketingDepartmentName).Select(e => e.Id).FirstAsync();
        var (petrova, _) = await PersonAndValueAsync("0102");
        var before = await RowAsync(goal.Id);
        var database = await app.DatabaseFingerprintAsync();
        var salesDepartment = goal.Nodes.Single(n => n.Code == "sales_goal").DepartmentId;

        async Task<IReadOnlyList<string>> Refused(GoalNodeSpec node)
        {
            var result = await Goals.SaveAsync(owner, goal.Id, goal.Version, goal.Nodes.Append(node).ToList(), Month, goal.Facts, DemoData.OwnerEmail);
            Assert.False(result.Succeeded);
            return result.Errors.Select(e => e.Code + "@" + e.Path).ToList();
        }

        GoalNodeSpec Node(int employee, string kpi = DemoData.SalesKpi, int? department = null) =>
            new("x", "Чужой", KpiUnit.Money, PlanValue: 1m, ParentCode: "sales_goal", KpiKey: kpi, EmployeeId: employee, DepartmentId: department);

        Assert.Equal([GoalErrors.NodeEmployeeOutOfScope + "@nodes[x].employeeId"], await Refused(Node(marketing, DemoData.LeadsKpi)));
        Assert.Equal([GoalErrors.NodeEmployeeOutOfScope + "@nodes[x].employeeId"], await Refused(Node(999_999)));
        Assert.Equal([GoalErrors.NodeEmployeeKpiNotInScheme + "@nodes[x].kpiKey"], await Refused(Node(petrova, DemoData.LeadsKpi)));
        Assert.Equal([GoalErrors.NodeLinkBoth + "@nodes[x].employeeId"], await Refused(Node(petrova, department: salesDepartment)));
        Assert.Equal(before, await RowAsync(goal.Id));
        Assert.Equal(database, await app.DatabaseFingerprintAsync());
        Assert.DoesNotContain(await db.GoalEmployeeLinks.ToListAsync(), l => l.EmployeeId == petrova || l.EmployeeId == marketing);
    }

    [Fact]
    public async Task A_linked_person_who_left_is_marked_not_dropped_and_cannot_be_deleted()
    {
        var goal = await SalesGoalAsync();
        await using var db = await DbAsync();
        var ivanov = await db.Employees.SingleAsync(e => e.PersonnelNumber == DemoData.EmployeePersonnelNumber);
        ivanov.Leave(TestClock.Today.AddDays(-1));
        await db.SaveChangesAsync();

        var person = (await Goals.LinkedPeopleAsync(owner, goal.Nodes, Month))[(ivanov.Id, DemoData.SalesKpi)];
        var unchangedSave = await Goals.SaveAsync(owner, goal.Id, goal.Version, goal.Nodes, Month, new Dictionary<string, decimal>(goal.Facts) { ["meetings_goal"] = 1m }, DemoData.OwnerEmail);
        var relinked = await Goals.SaveAsync(owner, goal.Id, (await SalesGoalAsync()).Version,
            goal.Nodes.Select(n => n.Code == DemoData.EmployeeGoalCode ? n with { Code = "again" } : n).ToList(), Month, goal.Facts, DemoData.OwnerEmail);

        Assert.Equal(TestClock.Today.AddDays(-1), person.LeftOn);
        Assert.True(unchangedSave.Succeeded); // a link the goal had stays valid after the person leaves
        Assert.Equal([GoalErrors.NodeEmployeeLeft], relinked.Errors.Select(e => e.Code)); // a new link to a leaver is refused
        await Assert.ThrowsAnyAsync<Exception>(() => db.Employees.Where(e => e.Id == ivanov.Id).ExecuteDeleteAsync()); // ON DELETE RESTRICT
        Assert.True(await db.Employees.AnyAsync(e => e.Id == ivanov.Id));
    }

    private async Task<(int Id, KpiPlanner.Domain.Planning.MonthlyKpiValue Value)> PersonAndValueAsync(string personnelNumber)
    {
        await using var db = await DbAsync();
        var id = await db.Employees.Where(e => e.PersonnelNumber == personnelNumber).Select(e => e.Id).SingleAsync();
        var value = await db.MonthlyKpiValues.AsNoTracking().SingleAsync(v => v.EmployeeId == id && v.Month == Month && v.KpiKey == DemoData.SalesKpi);
        return (id, value);
    }

    private async Task<GoalDocument> SalesGoalAsync()
    {
        var summary = (await Goals.ListAsync(owner)).Single(g => g.Name == DemoData.SalesGoalName);
        return (await Goals.LoadAsync(owner, summary.Id, Month))!;
    }

    private Task<KpiDbContext> DbAsync() =>
        scope.ServiceProvider.GetRequiredService<IDbContextFactory<KpiDbContext>>().CreateDbContextAsync();

    /// <summary>The goal's row as stored, to compare before and after a refused save.</summary>
    private async Task<string> RowAsync(int id)
    {
        await using var db = await DbAsync();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT versions::text || facts::text || plans::text || updated_at::text || xmin::text FROM goals WHERE id = {id}";
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
