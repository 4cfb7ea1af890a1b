using KpiPlanner.Domain;
using KpiPlanner.Domain.Kpis;
using KpiPlanner.Domain.Payroll;
using KpiPlanner.Domain.Planning;
using KpiPlanner.Domain.Schemes;
using KpiPlanner.Infrastructure.Demo;
using KpiPlanner.Infrastructure.Payroll;
using KpiPlanner.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KpiPlanner.IntegrationTests;

/// <summary>
/// A growth KPI in the pay run on PostgreSQL (issue 19): the base is the person's stored fact of the base month (the
/// month before, or the same month last year) or the scheme's fixed base, and completion = (fact − base) / (plan − base).
/// </summary>
[Collection(AppCollection.Name)]
public sealed class GrowthPayRunTests(KpiAppFactory app) : IAsyncLifetime
{
    private static readonly DateOnly ThisMonth = TestClock.ThisMonth;
    private static readonly DateOnly LastMonth = ThisMonth.AddMonths(-1);

    public async Task InitializeAsync() => await app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>
    /// From this month the sales managers' sales volume is a growth KPI on the month before and their meetings a growth KPI
    /// on a fixed base of 10 meetings (weights and scales as before), and every sales manager has this month's plans and
    /// facts: the plan 20 % above last month's fact, the fact 15 % above it.
    /// </summary>
    private Task<int> GrowthSchemeFromThisMonthAsync() => app.SalesGrowthSchemeFromAsync(ThisMonth);

    private MonthlyKpiValue Value(int employee, string kpi, decimal plan, decimal fact) => app.Value(employee, ThisMonth, kpi, plan, fact);

    private MonthlyKpiValue Value(int employee, DateOnly month, string kpi, decimal plan, decimal fact) => app.Value(employee, month, kpi, plan, fact);

    [Fact]
    public async Task The_pay_run_measures_growth_from_last_months_stored_fact_and_from_a_fixed_base()
    {
        var position = await GrowthSchemeFromThisMonthAsync();
        var id = await app.EmployeeIdAsync("0102");
        decimal baseSales;
        await using (var db = app.CreateDbContext())
        {
            baseSales = (await db.MonthlyKpiValues.SingleAsync(v => v.Month == LastMonth && v.EmployeeId == id && v.KpiKey == "sales_volume")).Fact!.Value;
            await db.MonthlyKpiValues.Where(v => v.Month == ThisMonth && v.EmployeeId == id).ExecuteDeleteAsync();
            db.MonthlyKpiValues.AddRange(
                Value(id, "sales_volume", Money.Round(baseSales * 1.2m), Money.Round(baseSales * 1.15m)),
                Value(id, "client_meetings", 14m, 13m));
            await db.SaveChangesAsync();
        }

        var run = await app.Services.GetRequiredService<PayrollService>().CalculateAsync(ThisMonth, "hr");
        Assert.True(run.IsValid);

        await using var check = app.CreateDbContext();
        var line = await check.PayLines.SingleAsync(l => l.Month == ThisMonth && l.EmployeeId == id);
        Assert.Equal(position, line.PositionId);
        var (sales, meetings) = (line.Explanation.Kpis[0], line.Explanation.Kpis[1]);

        // Sales: base = last month's fact; plan +20 %, fact +15 % → (1.15 − 1) / (1.2 − 1) = 75 % (to the kopeck's
        // rounding of plan and fact): table 3's 50–90 band, coefficient 0.5.
        Assert.Equal((MissingFigure.None, baseSales, GrowthBaseKind.PreviousMonth), (sales.Missing, sales.Base, sales.BaseKind));
        var salesCompletion = (sales.Fact!.Value - baseSales) * 100m / (sales.Plan!.Value - baseSales);
        Assert.Equal(salesCompletion, sales.CompletionPercent);
        Assert.InRange(salesCompletion, 74.9m, 75.1m);
        Assert.Equal(0.5m, sales.Coefficient);

        // Meetings: fixed base 10, plan 14, fact 13 → 3 of 4 = 75 % → 0.5.
        Assert.Equal((10m, GrowthBaseKind.Fixed, 75m, 0.5m), (meetings.Base, meetings.BaseKind, meetings.CompletionPercent, meetings.Coefficient));

        // 15 000 + 15 000 × (0.5 × 0.5 + 0.5 × 0.5) = 22 500.
        Assert.Equal((15_000m, 7_500m, 22_500m), (line.Fixed, line.Variable, line.Total));
    }

    [Fact]
    public async Task A_person_without_a_fact_in_the_base_month_is_flagged_as_missing_the_base_not_silently_paid_0()
    {
        await GrowthSchemeFromThisMonthAsync();
        var newcomer = await app.EmployeeIdAsync(DemoData.NewcomerNumber); // hired this month: no fact last month
        await using (var db = app.CreateDbContext())
        {
            Assert.False(await db.MonthlyKpiValues.AnyAsync(v => v.Month == LastMonth && v.EmployeeId == newcomer && v.Fact != null));
            await db.MonthlyKpiValues.Where(v => v.Month == ThisMonth && v.EmployeeId == newcomer).ExecuteDeleteAsync();
            db.MonthlyKpiValues.AddRange(
                Value(newcomer, "sales_volume", 100_000m, 90_000m),
                Value(newcomer, "client_meetings", 14m, 13m));
            await db.SaveChangesAsync();
        }

        Assert.True((await app.Services.GetRequiredService<PayrollService>().CalculateAsync(ThisMonth, "hr")).IsValid);

        await using var check = app.CreateDbContext();
        var line = await check.PayLines.SingleAsync(l => l.Month == ThisMonth && l.EmployeeId == newcomer);
        Assert.Equal(MissingFigure.Base, line.Explanation.Kpis[0].Missing);
        Assert.Null(line.Explanation.Kpis[0].Base);
        Assert.True(line.MissingFigures);
        Assert.Equal(MissingFigure.None, line.Explanation.Kpis[1].Missing); // the fixed base needs no stored fact
    }

    [Fact]
    public async Task The_plan_grid_shows_the_base_and_measures_growth_as_the_pay_run_does()
    {
        // Next month (not in progress, so nothing is prorated; the months before are closed in the demo): growth on
        // this month's fact, and on a fixed base of 10 meetings.
        var month = ThisMonth.AddMonths(1);
        var baseMonth = month.AddMonths(-1);
        await app.SalesGrowthSchemeFromAsync(month);
        var (first, second) = (await app.EmployeeIdAsync("0102"), await app.EmployeeIdAsync("0103"));
        await using (var db = app.CreateDbContext())
        {
            // The first has a base of 100 000; the second has none (no fact in the base month).
            await db.MonthlyKpiValues.Where(v => (v.Month == month || v.Month == baseMonth) && (v.EmployeeId == first || v.EmployeeId == second)).ExecuteDeleteAsync();
            db.MonthlyKpiValues.AddRange(
                app.Value(first, baseMonth, "sales_volume", null, 100_000m),
                Value(first, month, "sales_volume", 120_000m, 115_000m), // (115 − 100) / (120 − 100) = 75 %
                Value(first, month, "client_meetings", 14m, 13m), //        (13 − 10) / (14 − 10) = 75 %
                Value(second, month, "sales_volume", 120_000m, 130_000m),
                Value(second, month, "client_meetings", 12m, 13m)); //      (13 − 10) / (12 − 10) = 150 %
            await db.SaveChangesAsync();
        }

        await using var scope = app.Services.CreateAsyncScope();
        var plans = scope.ServiceProvider.GetRequiredService<KpiPlanner.Web.Features.Plans.PlansService>();
        await using var departments = app.CreateDbContext();
        var sales = await departments.Departments.Where(d => d.Name == DemoData.SalesDepartmentName).Select(d => d.Id).SingleAsync();
        var grid = (await plans.LoadAsync(await app.ActorAsync(DemoData.ManagerEmail), sales, month))!;
        var (salesColumn, meetingsColumn) = (grid.Columns.Single(c => c.Key == "sales_volume"), grid.Columns.Single(c => c.Key == "client_meetings"));
        Assert.Equal(GrowthBaseKind.PreviousMonth, salesColumn.Base!.Kind);
        Assert.Equal(GrowthBaseKind.Fixed, meetingsColumn.Base!.Kind);

        var one = grid.Rows.Single(r => r.EmployeeId == first);
        Assert.Equal(100_000m, one.Cell("sales_volume")!.Base);
        Assert.Equal(75m, grid.CompletionOf(one.Cell("sales_volume")!, salesColumn)!.Value.Value);
        Assert.Equal((10m, 75m), (one.Cell("client_meetings")!.Base, grid.CompletionOf(one.Cell("client_meetings")!, meetingsColumn)!.Value.Value));
        Assert.Equal(7_500m, one.Estimate()!.Variable); // 15 000 × (0.5 × 0.5 + 0.5 × 0.5), as the pay run pays it

        // No base: no completion shown (not 0 %), the missing base said, and no estimate until it is there.
        var two = grid.Rows.Single(r => r.EmployeeId == second);
        Assert.Null(two.Cell("sales_volume")!.Base);
        var reading = grid.ReadingOf(two.Cell("sales_volume")!, salesColumn);
        Assert.Equal((null, MissingFigure.Base), (reading.Completion, reading.Missing));
        Assert.Null(two.Estimate());
        Assert.Equal(150m, grid.CompletionOf(two.Cell("client_meetings")!, meetingsColumn)!.Value.Value);

        // The team: only the people with every figure (the base included) count; their plans, facts and bases are
        // summed (the KPI's rule) and measured as one KPI-month: (Σ fact − Σ base) / (Σ plan − Σ base).
        var withBase = grid.Rows.Select(r => r.Cell("sales_volume")).OfType<KpiPlanner.Web.Features.Plans.PlanCell>()
            .Where(c => c.Plan is not null && c.Fact is not null && c.Base is not null).ToList();
        Assert.DoesNotContain(two.Cell("sales_volume"), withBase);
        var expected = (withBase.Sum(c => c.Fact!.Value) - withBase.Sum(c => c.Base!.Value)) * 100m
            / (withBase.Sum(c => c.Plan!.Value) - withBase.Sum(c => c.Base!.Value));
        Assert.Equal(expected, grid.TeamCompletion(salesColumn)!.Value.Value);

        // The pay run of that month agrees, KPI by KPI.
        Assert.True((await app.Services.GetRequiredService<PayrollService>().CalculateAsync(month, "hr")).IsValid);
        await using var check = app.CreateDbContext();
        var line = await check.PayLines.SingleAsync(l => l.Month == month && l.EmployeeId == first);
        Assert.Equal((75m, 75m), (line.Explanation.Kpis[0].CompletionPercent, line.Explanation.Kpis[1].CompletionPercent));
        Assert.Equal(one.Estimate()!.Variable, line.Variable);
        var secondLine = await check.PayLines.SingleAsync(l => l.Month == month && l.EmployeeId == second);
        Assert.Equal(MissingFigure.Base, secondLine.Explanation.Kpis[0].Missing);
    }
}
