using KpiPlanner.Domain.Goals;
using KpiPlanner.Infrastructure.Demo;
using KpiPlanner.Testing;
using KpiPlanner.Web.Features.Goals;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KpiPlanner.IntegrationTests;

[Collection(AppCollection.Name)]
public sealed class GoalsServiceTests(KpiAppFactory app) : IAsyncLifetime
{
    private AsyncServiceScope scope;

    private GoalsService Goals => scope.ServiceProvider.GetRequiredService<GoalsService>();

    /// <summary>HR, whose duties these services check on every call.</summary>
    private KpiPlanner.Web.Security.UserContext HrActor = null!;

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        scope = app.Services.CreateAsyncScope();
        HrActor = await app.ActorAsync(KpiPlanner.Infrastructure.Demo.DemoData.HrEmail);
    }

    public async Task DisposeAsync() => await scope.DisposeAsync();

    [Fact]
    public async Task The_saved_coffee_shop_tree_gives_the_articles_plans_and_june_completions()
    {
        var goal = await CoffeeShopAsync();
        var june = GoalTree.Create(goal.Nodes, Goals.Parser).GetValueOrThrow().Evaluate(PeriodRange.Month(2026, 6), goal.Facts).GetValueOrThrow();

        Assert.Equal(300_000m, june["revenue"].Plan);
        Assert.Equal(600m, june["visitors"].Plan);
        Assert.Equal(20m, june["visitors_per_day"].Plan);
        Assert.Equal(500m * 100m / 600m, june["visitors"].Completion!.Value.Value);
        Assert.Equal(250_000m, june["revenue"].Fact);
        Assert.Equal(150_000m, june["profit"].Fact);
        Assert.Equal(75m, june["profit"].Completion!.Value.Value);
    }

    [Fact]
    public async Task A_600_rouble_check_meets_the_profit_goal_although_visitors_were_missed()
    {
        var goal = await CoffeeShopAsync();
        var facts = new Dictionary<string, decimal> { ["visitors"] = 500m, ["avg_check"] = 600m };

        var saved = await Goals.SaveAsync(HrActor, goal.Id, goal.Version, goal.Nodes, DemoData.CoffeeFactsMonth, facts, "owner@demo.local");
        var reloaded = await CoffeeShopAsync();
        var june = GoalTree.Create(reloaded.Nodes, Goals.Parser).GetValueOrThrow().Evaluate(PeriodRange.Month(2026, 6), reloaded.Facts).GetValueOrThrow();

        Assert.True(saved.Succeeded);
        Assert.Equal(100m, june["profit"].Completion!.Value.Value);
        Assert.Equal(500m * 100m / 600m, june["visitors"].Completion!.Value.Value);
    }

    [Fact]
    public async Task Raising_the_profit_goal_replans_revenue_and_visitors_and_is_saved()
    {
        var goal = await CoffeeShopAsync();
        var raised = goal.Nodes.Select(n => n.Code == "profit" ? n with { PlanValue = 250_000m } : n).ToList();

        var saved = await Goals.SaveAsync(HrActor, goal.Id, goal.Version, raised, DemoData.CoffeeFactsMonth, goal.Facts, "owner@demo.local");
        var reloaded = await CoffeeShopAsync();
        var june = GoalTree.Create(reloaded.Nodes, Goals.Parser).GetValueOrThrow().Evaluate(PeriodRange.Month(2026, 6), reloaded.Facts).GetValueOrThrow();

        Assert.True(saved.Succeeded);
        Assert.Equal(350_000m, june["revenue"].Plan);
        Assert.Equal(700m, june["visitors"].Plan);
    }

    [Fact]
    public async Task A_cycle_or_an_unknown_name_is_refused_and_nothing_is_saved()
    {
        var goal = await CoffeeShopAsync();
        var cyclic = goal.Nodes.Select(n => n.Code == "expenses" ? n with { PlanValue = null, PlanFormula = "revenue - profit" } : n).ToList();
        var unknown = goal.Nodes.Select(n => n.Code == "avg_check" ? n with { PlanValue = null, PlanFormula = "check_size * 2" } : n).ToList();

        var cycle = await Goals.SaveAsync(HrActor, goal.Id, goal.Version, cyclic, DemoData.CoffeeFactsMonth, goal.Facts, null);
        var missing = await Goals.SaveAsync(HrActor, goal.Id, goal.Version, unknown, DemoData.CoffeeFactsMonth, goal.Facts, null);

        Assert.Contains(cycle.Errors, e => e.Code == GoalErrors.FormulaCycle);
        Assert.Contains(missing.Errors, e => e.Code == GoalErrors.FormulaUnknownName && e.Path.Contains("avg_check", StringComparison.Ordinal));
        Assert.Equal(goal.Nodes, (await CoffeeShopAsync()).Nodes);
    }

    [Fact]
    public async Task A_save_over_a_newer_version_is_a_conflict()
    {
        var goal = await CoffeeShopAsync();
        var newer = new Dictionary<string, decimal>(goal.Facts) { ["visitors"] = 501m };
        Assert.True((await Goals.SaveAsync(HrActor, goal.Id, goal.Version, goal.Nodes, DemoData.CoffeeFactsMonth, newer, "owner@demo.local")).Succeeded);

        var stale = await Goals.SaveAsync(HrActor, goal.Id, goal.Version, goal.Nodes, DemoData.CoffeeFactsMonth, goal.Facts, "hr@demo.local");

        Assert.True(stale.Conflict);
    }

    [Fact]
    public async Task Changing_a_goal_from_march_leaves_january_february_and_every_closed_month_as_they_were()
    {
        // The demo closes last month; the change starts in the March before it (of that year, or of the year before when
        // last month is January or February), so the closed month comes after the change.
        var closed = TestClock.LastMonth;
        var march = new DateOnly(closed.Month >= 3 ? closed.Year : closed.Year - 1, 3, 1);
        var goal = await CoffeeShopAsync();
        var raised = goal.Nodes.Select(n => n.Code == "profit" ? n with { PlanValue = 250_000m } : n).ToList();

        var saved = await Goals.SaveAsync(HrActor, goal.Id, goal.Version, raised, DemoData.CoffeeFactsMonth, goal.Facts, "owner@demo.local", from: march);

        Assert.True(saved.Succeeded);
        async Task<decimal> RevenuePlanAsync(DateOnly month)
        {
            var document = (await Goals.LoadAsync(HrActor, goal.Id, month))!;
            var tree = GoalTree.Create(document.Nodes, Goals.Parser).GetValueOrThrow();
            return tree.Evaluate(PeriodRange.OfMonth(month), document.Facts, document.MonthPlans).GetValueOrThrow()["revenue"].Plan;
        }

        Assert.Equal(300_000m, await RevenuePlanAsync(march.AddMonths(-2)));  // January
        Assert.Equal(300_000m, await RevenuePlanAsync(march.AddMonths(-1)));  // February
        Assert.Equal(350_000m, await RevenuePlanAsync(march));
        Assert.Equal(300_000m, await RevenuePlanAsync(closed));                // closed: paid by the old goal
        Assert.Equal(350_000m, await RevenuePlanAsync(closed.AddMonths(1)));
        Assert.Equal(300_000m, await RevenuePlanAsync(march.AddYears(-1)));

        // The owner's dashboard reads each month by its own tree: the first quarter is 200 + 200 + 250 thousand.
        var dashboard = scope.ServiceProvider.GetRequiredService<KpiPlanner.Web.Features.Dashboard.DashboardService>();
        var quarter = await dashboard.LoadLevelAsync(PeriodRange.Quarter(march.Year, 1), KpiPlanner.Web.Features.Dashboard.DashboardLevel.Company, null, null);
        Assert.Equal(650_000m, quarter.Goals.Single(g => g.Goal == DemoData.CoffeeGoalName).Plan);
    }

    [Fact]
    public async Task A_change_from_a_closed_month_is_refused_and_nothing_is_saved()
    {
        var goal = await CoffeeShopAsync();
        var raised = goal.Nodes.Select(n => n.Code == "profit" ? n with { PlanValue = 250_000m } : n).ToList();
        var before = await RowAsync(goal.Id);

        var refused = await Goals.SaveAsync(HrActor, goal.Id, goal.Version, raised, DemoData.CoffeeFactsMonth, goal.Facts, "owner@demo.local", from: TestClock.LastMonth);
        var closedFacts = await Goals.SaveAsync(HrActor, goal.Id, goal.Version, goal.Nodes, TestClock.LastMonth, new Dictionary<string, decimal> { ["visitors"] = 1m },
            "owner@demo.local");

        Assert.Equal([GoalErrors.ChangeFromClosed], refused.Errors.Select(e => e.Code));
        Assert.Equal([GoalErrors.FactsOfClosedMonth], closedFacts.Errors.Select(e => e.Code));
        Assert.Equal(before, await RowAsync(goal.Id));
    }

    [Fact]
    public async Task Renaming_a_goal_after_a_raise_keeps_its_tree_records_who_and_when_and_lets_the_tree_save_on_the_new_version()
    {
        // Issue 17: after a raise to 250 000 ₽ the title still said 200 000 ₽; HR (who sets goals) renames it.
        var goal = await CoffeeShopAsync();
        const string name = "Кофейня: 250 000 ₽ прибыли в месяц";
        var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        var asked = clock.GetUtcNow();

        var renamed = await Goals.RenameAsync(HrActor, goal.Id, goal.Version, "  " + name + " ", DemoData.HrEmail);

        Assert.True(renamed.Succeeded);
        Assert.Equal(name, renamed.Name);
        Assert.NotEqual(goal.Version, renamed.Version);
        var reloaded = (await Goals.LoadAsync(HrActor, goal.Id, DemoData.CoffeeFactsMonth))!;
        Assert.Equal(name, reloaded.Name);
        Assert.Equal(renamed.Version, reloaded.Version);
        Assert.Equal(goal.Nodes, reloaded.Nodes);
        Assert.Equal(goal.Facts, reloaded.Facts);
        Assert.Contains(await Goals.ListAsync(HrActor), g => g.Id == goal.Id && g.Name == name);
        await using (var db = app.CreateDbContext())
        {
            var stored = await db.Goals.AsNoTracking().SingleAsync(g => g.Id == goal.Id);
            Assert.Equal(DemoData.HrEmail, stored.UpdatedBy);
            Assert.InRange(stored.UpdatedAt, asked.AddMilliseconds(-1), clock.GetUtcNow()); // the app's clock, which moves on by itself (the database keeps microseconds)
        }

        // The page keeps the new version: its tree saves on it; the version read before the rename is a conflict.
        var raised = goal.Nodes.Select(n => n.Code == "profit" ? n with { PlanValue = 250_000m } : n).ToList();
        Assert.True((await Goals.SaveAsync(HrActor, goal.Id, goal.Version, raised, DemoData.CoffeeFactsMonth, goal.Facts, DemoData.HrEmail)).Conflict);
        Assert.True((await Goals.SaveAsync(HrActor, goal.Id, renamed.Version, raised, DemoData.CoffeeFactsMonth, goal.Facts, DemoData.HrEmail)).Succeeded);
    }

    [Fact]
    public async Task An_empty_too_long_taken_or_stale_name_is_refused_at_the_name_and_changes_nothing()
    {
        var goal = await CoffeeShopAsync();
        var before = await RowAsync(goal.Id);

        var empty = await Goals.RenameAsync(HrActor, goal.Id, goal.Version, "   ", DemoData.HrEmail);
        var tooLong = await Goals.RenameAsync(HrActor, goal.Id, goal.Version, new string('я', Goal.MaxNameLength + 1), DemoData.HrEmail);
        var taken = await Goals.RenameAsync(HrActor, goal.Id, goal.Version, DemoData.SalesGoalName.ToUpperInvariant(), DemoData.HrEmail);
        var stale = await Goals.RenameAsync(HrActor, goal.Id, goal.Version - 1, "Кофейня", DemoData.HrEmail);
        var gone = await Goals.RenameAsync(HrActor, -1, goal.Version, "Кофейня", DemoData.HrEmail);

        Assert.Equal([GoalErrors.NameRequired], empty.Errors.Select(e => e.Code));
        Assert.Equal([GoalErrors.NameTooLong], tooLong.Errors.Select(e => e.Code));
        Assert.Equal([GoalErrors.NameTaken], taken.Errors.Select(e => e.Code));
        Assert.All([empty, tooLong, taken], r => Assert.Equal("name", r.Errors[0].Path));
        Assert.True(stale.Conflict);
        Assert.True(gone.Conflict);
        Assert.Equal(before, await RowAsync(goal.Id));
        Assert.Equal(DemoData.CoffeeGoalName, (await Goals.LoadAsync(HrActor, goal.Id, DemoData.CoffeeFactsMonth))!.Name);
    }

    /// <summary>The goal's row as stored, to compare before and after a refused save.</summary>
    private async Task<string> RowAsync(int id)
    {
        await using var db = await scope.ServiceProvider.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<KpiPlanner.Infrastructure.KpiDbContext>>().CreateDbContextAsync();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT name || versions::text || facts::text || plans::text || updated_at::text || xmin::text FROM goals WHERE id = {id}";
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private async Task<GoalDocument> CoffeeShopAsync()
    {
        var summary = (await Goals.ListAsync(HrActor)).Single(g => g.Name == DemoData.CoffeeGoalName);
        return (await Goals.LoadAsync(HrActor, summary.Id, DemoData.CoffeeFactsMonth))!;
    }
}
