using KpiPlanner.Domain.Goals;
using KpiPlanner.Domain.Kpis;
using KpiPlanner.Domain.Payroll;
using KpiPlanner.Domain.Planning;
using KpiPlanner.Domain.Schemes;
using KpiPlanner.Infrastructure;
using KpiPlanner.Infrastructure.Demo;
using KpiPlanner.Infrastructure.Payroll;
using KpiPlanner.Testing;
using KpiPlanner.Web;
using KpiPlanner.Web.Features.Dashboard;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace KpiPlanner.IntegrationTests;

/// <summary>
/// One measurement of a KPI-month (issue 14): a person's month on the dashboards — their own page, its heat map and
/// trend, and their row in their department's drill-down —, in the manager's plan grid and on the employee's own page
/// ("my results") has the completion and band of their pay line for that month,
/// because both measure with <see cref="KpiMeasure"/>: growth (issue 19) against the stored fact of its base month, a
/// lower-is-better KPI with a fact of 0 (the top band). Where the pay line counts a missing fact as 0 % (and flags it),
/// the dashboard shows no completion, as every screen does (<see cref="KpiMeasure.Read"/>). This month is calculated;
/// the dashboards are read a month later (a finished month).
/// </summary>
[Collection(AppCollection.Name)]
public sealed class DashboardMeasurementTests(KpiAppFactory app) : IAsyncLifetime
{
    private static readonly DateOnly ThisMonth = TestClock.ThisMonth;

    public async Task InitializeAsync() => await app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_growth_kpis_dashboard_completion_is_its_pay_lines_against_last_months_fact()
    {
        // Sales volume: growth on the month before, plan +20 %, fact +15 % → 75 %; meetings: growth on a fixed base of 10,
        // plan 14, fact 13 → 75 %. Read as plan against fact, the dashboard would say 95.8 % and 92.9 %.
        var id = await SchemeFromThisMonthAsync(kpis =>
        {
            kpis[0] = kpis[0] with { Measurement = Measurement.Growth, Base = new GrowthBase(GrowthBaseKind.PreviousMonth) };
            kpis[1] = kpis[1] with { Measurement = Measurement.Growth, Base = new GrowthBase(GrowthBaseKind.Fixed, 10m) };
        }, baseSales => [(baseSales * 1.2m, baseSales * 1.15m), (14m, 13m)]);

        var line = await PayLineAsync(id);
        Assert.All(line.Kpis, k => Assert.Equal(MissingFigure.None, k.Missing));
        Assert.InRange(line.Kpis[0].CompletionPercent!.Value, 74.9m, 75.1m);
        Assert.Equal(75m, line.Kpis[1].CompletionPercent);
        await AssertDashboardsMatchAsync(id, line);
    }

    [Fact]
    public async Task A_lower_is_better_fact_of_0_has_the_pay_lines_top_band_and_a_missing_fact_is_shown_as_missing()
    {
        // Sales volume made lower-is-better with a fact of 0 (the top band: nothing is better than none), meetings with a
        // plan and no fact (0 %, flagged missing in the pay line).
        var id = await SchemeFromThisMonthAsync(
            kpis => kpis[0] = kpis[0] with { Direction = Direction.LowerIsBetter },
            _ => [(100_000m, 0m), (14m, null)]);

        var line = await PayLineAsync(id);
        Assert.True(line.Kpis[0].CompletionInfinite);
        Assert.Equal((MissingFigure.Fact, 0m), (line.Kpis[1].Missing, line.Kpis[1].CompletionPercent));
        await AssertDashboardsMatchAsync(id, line);
    }

    [Fact]
    public async Task A_teams_lower_is_better_facts_summing_to_0_give_the_grids_total_the_top_band_like_each_person()
    {
        // The grid's team-total row once showed 0 % here, where the pay line gives the top band (issue 14).
        var id = await SchemeFromThisMonthAsync(
            kpis => kpis[0] = kpis[0] with { Direction = Direction.LowerIsBetter },
            _ => [(100_000m, 0m), (14m, 13m)]);
        int department;
        await using (var db = app.CreateDbContext())
        {
            department = await db.Employees.Where(e => e.Id == id).Select(e => e.DepartmentId).SingleAsync();
            var team = db.Employees.Where(e => e.DepartmentId == department).Select(e => e.Id);
            await db.MonthlyKpiValues.Where(v => v.Month == ThisMonth && v.KpiKey == "sales_volume" && team.Contains(v.EmployeeId) && v.Fact != null)
                .ExecuteUpdateAsync(set => set.SetProperty(v => v.Fact, 0m));
        }

        var line = await PayLineAsync(id);
        Assert.True(line.Kpis[0].CompletionInfinite);
        await using var scope = app.Services.CreateAsyncScope();
        var nextMonth = TestClock.CreateProvider();
        nextMonth.Advance(TimeSpan.FromDays(32));
        var plans = new KpiPlanner.Web.Features.Plans.PlansService(scope.ServiceProvider.GetRequiredService<IDbContextFactory<KpiDbContext>>(), nextMonth,
            scope.ServiceProvider.GetRequiredService<IStringLocalizer<SharedResource>>(), scope.ServiceProvider.GetRequiredService<IFormulaParser>());
        var grid = (await plans.LoadAsync(await app.ActorAsync(DemoData.ManagerEmail), department, ThisMonth))!;
        var sales = grid.Columns.Single(c => c.Key == "sales_volume");
        Assert.Equal(Direction.LowerIsBetter, sales.Kpi!.Direction);
        var reported = grid.Rows.Select(r => r.Cell(sales.Key)).OfType<KpiPlanner.Web.Features.Plans.PlanCell>()
            .Where(c => c.Plan is not null && c.Fact is not null).ToList();
        Assert.NotEmpty(reported);
        Assert.All(reported, c => Assert.True(grid.CompletionOf(c, sales)!.Value.IsPositiveInfinity));
        Assert.True(grid.TeamCompletion(sales)!.Value.IsPositiveInfinity);
    }

    /// <summary>
    /// From this month the sales managers' scheme is changed by <paramref name="change"/>; employee 0102's figures of this
    /// month are replaced by <paramref name="figures"/> (given last month's sales fact). Returns the employee's id.
    /// </summary>
    private async Task<int> SchemeFromThisMonthAsync(Action<SchemeKpiSpec[]> change, Func<decimal, (decimal Plan, decimal? Fact)[]> figures)
    {
        var id = await app.EmployeeIdAsync("0102");
        await using var db = app.CreateDbContext();
        var position = await db.Positions.SingleAsync(p => p.Name == DemoData.SalesManagerPosition);
        var current = await db.SchemeVersions.Where(v => v.PositionId == position.Id).OrderByDescending(v => v.EffectiveFrom).FirstAsync();
        var kpis = current.Spec.Kpis.ToArray();
        Assert.Equal(["sales_volume", "client_meetings"], kpis.Select(k => k.KpiCode));
        change(kpis);
        db.SchemeVersions.Add(SchemeVersion.Create(position.Id, ThisMonth, current.Spec with { Kpis = kpis, Name = "Измерение" },
            app.Clock.GetUtcNow(), "hr").GetValueOrThrow());

        var baseSales = (await db.MonthlyKpiValues.SingleAsync(v => v.Month == ThisMonth.AddMonths(-1) && v.EmployeeId == id && v.KpiKey == "sales_volume")).Fact!.Value;
        await db.MonthlyKpiValues.Where(v => v.Month == ThisMonth && v.EmployeeId == id).ExecuteDeleteAsync();
        var values = figures(baseSales);
        for (var i = 0; i < kpis.Length; i++)
        {
            var value = new MonthlyKpiValue(id, ThisMonth, kpis[i].KpiCode!);
            value.SetPlan(Math.Round(values[i].Plan, 2), app.Clock.GetUtcNow(), "test");
            value.SetFact(values[i].Fact is { } fact ? Math.Round(fact, 2) : null, app.Clock.GetUtcNow(), "test");
            db.MonthlyKpiValues.Add(value);
        }

        await db.SaveChangesAsync();
        return id;
    }

    private async Task<PayExplanation> PayLineAsync(int id)
    {
        Assert.True((await app.Services.GetRequiredService<PayrollService>().CalculateAsync(ThisMonth, "hr")).IsValid);
        await using var db = app.CreateDbContext();
        return (await db.PayLines.SingleAsync(l => l.Month == ThisMonth && l.EmployeeId == id)).Explanation;
    }

    /// <summary>
    /// The person's own page and their row in their department: each KPI's completion and band are the pay line's — none
    /// where the pay line flags a figure missing.
    /// </summary>
    private async Task AssertDashboardsMatchAsync(int id, PayExplanation line)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var nextMonth = TestClock.CreateProvider();
        nextMonth.Advance(TimeSpan.FromDays(32)); // this month is over: its results are final, not "to date"
        var dashboard = new DashboardService(scope.ServiceProvider.GetRequiredService<IDbContextFactory<KpiDbContext>>(), nextMonth,
            scope.ServiceProvider.GetRequiredService<IFormulaParser>(), scope.ServiceProvider.GetRequiredService<IStringLocalizer<DashboardResource>>());
        var month = PeriodRange.OfMonth(ThisMonth);
        int department;
        await using (var db = app.CreateDbContext())
        {
            department = await db.Employees.Where(e => e.Id == id).Select(e => e.DepartmentId).SingleAsync();
        }

        var plans = new KpiPlanner.Web.Features.Plans.PlansService(scope.ServiceProvider.GetRequiredService<IDbContextFactory<KpiDbContext>>(), nextMonth,
            scope.ServiceProvider.GetRequiredService<IStringLocalizer<SharedResource>>(), scope.ServiceProvider.GetRequiredService<IFormulaParser>());
        var grid = (await plans.LoadAsync(await app.ActorAsync(DemoData.ManagerEmail), department, ThisMonth))!;
        var gridRow = grid.Rows.Single(r => r.EmployeeId == id);
        var mine = (await plans.MyMonthsAsync(new KpiPlanner.Web.Security.UserContext("test", "test", [], id), 3)).Single(m => m.Month == ThisMonth);
        var own = await dashboard.LoadLevelAsync(month, DashboardLevel.Employee, null, id);
        var row = (await dashboard.LoadLevelAsync(month, DashboardLevel.Department, department, null)).Rows.Single(r => r.EmployeeId == id);
        foreach (var kpi in line.Kpis)
        {
            var card = own.Kpis.Single(k => k.Kpi.Key == kpi.Key).Standing;
            var heat = own.HeatByKpi[kpi.Key].Single(h => h.Month == ThisMonth).Standing;
            var cell = row.Kpis[kpi.Key];
            var gridCompletion = grid.CompletionOf(gridRow.Cell(kpi.Key)!, grid.Columns.Single(c => c.Key == kpi.Key));
            var my = mine.Kpis.Single(k => k.Name == kpi.Name);
            Assert.Equal(card, heat);
            Assert.Equal(card.Completion, gridCompletion);
            Assert.Equal(card.Completion, my.Measured);
            Assert.Equal(card.Completion, own.Trend[kpi.Key].Single(p => p.Month == ThisMonth).Completion);
            if (kpi.Missing != MissingFigure.None)
            {
                Assert.Equal((Standing.None, Standing.None), (card, cell));
                continue;
            }

            var expected = (kpi.CompletionInfinite, kpi.CompletionInfinite ? 0m : kpi.CompletionPercent, kpi.BandLabel);
            Assert.Equal(expected, (card.Completion!.Value.IsPositiveInfinity, card.Completion.Value.Value, card.Band));
            Assert.Equal(kpi.Coefficient, card.Coefficient);
            Assert.Equal(expected, (cell.Completion!.Value.IsPositiveInfinity, cell.Completion.Value.Value, cell.Band));
            Assert.Equal((kpi.BandLabel, kpi.Coefficient), (my.Band, my.Coefficient));
        }
    }
}
