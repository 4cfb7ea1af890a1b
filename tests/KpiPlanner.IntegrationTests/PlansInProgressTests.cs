using KpiPlanner.Domain.Goals;
using KpiPlanner.Domain.Kpis;
using KpiPlanner.Domain.Payroll;
using KpiPlanner.Domain.Planning;
using KpiPlanner.Infrastructure;
using KpiPlanner.Infrastructure.Demo;
using KpiPlanner.Testing;
using KpiPlanner.Web;
using KpiPlanner.Web.Features.Plans;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace KpiPlanner.IntegrationTests;

/// <summary>
/// Issue 16 on the plan grid (decision 008, "a period in progress is read to date"), on the demo built as of day 1, a
/// middle day and the last day of this month: today's month is read against the plan due by today, with no pay
/// estimated from facts so far; last month, over, reads against its whole plan with its pay estimate, exactly as before.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class PlansInProgressTests(KpiAppFactory app) : IAsyncLifetime
{
    private AsyncServiceScope scope;

    public Task InitializeAsync()
    {
        scope = app.Services.CreateAsyncScope();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await scope.DisposeAsync();
        await app.ResetAsync(); // the other tests see the demo as of the run's today
    }

    public static TheoryData<string> Days => new() { "first", "middle", "last" };

    [Theory]
    [MemberData(nameof(Days))]
    public async Task The_grid_reads_the_month_in_progress_against_the_plan_to_date_with_no_pay_and_last_month_as_before(string which)
    {
        var month = TestClock.ThisMonth;
        var day = which switch { "first" => month, "last" => month.AddMonths(1).AddDays(-1), _ => month.AddDays(14) };
        await app.ResetAsync(day);
        var plans = new PlansService(scope.ServiceProvider.GetRequiredService<IDbContextFactory<KpiDbContext>>(), new FixedTime(day),
            scope.ServiceProvider.GetRequiredService<IStringLocalizer<SharedResource>>(), scope.ServiceProvider.GetRequiredService<IFormulaParser>());
        var manager = await app.ActorAsync(DemoData.ManagerEmail);
        int sales;
        await using (var db = app.CreateDbContext())
        {
            sales = (await db.Departments.SingleAsync(x => x.Name == DemoData.SalesDepartmentName)).Id;
        }

        var calendar = new WorkCalendar(RussianProductionCalendar.For(day.Year));
        var (elapsed, days) = (calendar.WorkingDays(month, day), calendar.WorkingDaysInMonth(month));

        var grid = (await plans.LoadAsync(manager, sales, day))!;
        Assert.NotNull(grid.InProgress);
        Assert.Equal(elapsed, grid.InProgress!.WorkingDaysElapsed);
        Assert.Equal(days, grid.InProgress.WorkingDays);
        Assert.NotEmpty(grid.Rows);
        Assert.All(grid.Rows, r => Assert.True(r.InProgress));
        Assert.All(grid.Rows, r => Assert.Null(r.Estimate())); // no pay (so no coefficient) from facts so far

        var measured = 0;
        foreach (var column in grid.Columns)
        {
            var reported = grid.Rows.Select(r => r.Cell(column.Key)).OfType<PlanCell>().Where(c => c.Plan is > 0 && c.Fact is not null).ToList();
            foreach (var cell in reported)
            {
                var what = $"{day:yyyy-MM-dd} {column.Key}";
                if (column.Rule == AggregationRule.Sum && elapsed == 0)
                {
                    Assert.Null(grid.CompletionOf(cell, column)); // nothing is due before the month's first working day
                    continue;
                }

                var due = column.Rule == AggregationRule.Sum ? cell.Plan!.Value * elapsed / days : cell.Plan!.Value;
                Assert.Equal(due, grid.PlanToDate(cell, column));
                Assert.Equal(Math.Round(Percent(column.Direction, due, cell.Fact!.Value), 8), Math.Round(grid.CompletionOf(cell, column)!.Value.Value, 8));
                if (which == "last")
                {
                    // On the last day everything is due: the completion is the whole month's, still without pay.
                    Assert.Equal(WholeMonth(cell), grid.CompletionOf(cell, column));
                }

                measured++;
            }

            if (reported.Count > 0 && !(column.Rule == AggregationRule.Sum && elapsed == 0))
            {
                var plan = reported.Sum(c => c.Plan!.Value);
                var due = column.Rule == AggregationRule.Sum ? plan * elapsed / days : plan;
                Assert.Equal(Math.Round(Percent(column.Direction, due, reported.Sum(c => c.Fact!.Value)), 8), Math.Round(grid.TeamCompletion(column)!.Value.Value, 8));
            }
        }

        if (elapsed > 0)
        {
            Assert.True(measured > 0, "no completion to date was checked");
        }

        if (which == "middle")
        {
            // The sales team keeps to its pace: not the "16 %" the whole month's plan gave the facts so far.
            var salesColumn = grid.Columns.Single(c => c.Key == DemoData.SalesKpi);
            Assert.InRange(grid.TeamCompletion(salesColumn)!.Value.Value, 60m, 140m);
        }

        // Last month is over: its whole plan, its pay estimate, exactly as before.
        var previous = (await plans.LoadAsync(manager, sales, month.AddMonths(-1)))!;
        Assert.Null(previous.InProgress);
        Assert.NotEmpty(previous.Rows);
        Assert.All(previous.Rows, r => Assert.False(r.InProgress));
        Assert.All(previous.Rows, r => Assert.NotNull(r.Estimate()));
        foreach (var column in previous.Columns)
        {
            foreach (var cell in previous.Rows.Select(r => r.Cell(column.Key)).OfType<PlanCell>())
            {
                Assert.Equal(WholeMonth(cell), previous.CompletionOf(cell, column));
                if (cell is { Plan: > 0, Fact: not null })
                {
                    Assert.Equal(cell.Plan, previous.PlanToDate(cell, column)); // the whole month's plan
                }
            }
        }

        // The quarter holding today reads this month to date too (as the dashboard's quarter); the quarter before is over.
        var quarter = PeriodRange.Containing(day, PeriodKind.Quarter);
        var rolled = (await plans.LoadRollUpAsync(manager, sales, quarter))!;
        Assert.NotNull(rolled.InProgress);
        Assert.All(rolled.Rows.SelectMany(r => r.Cells).Concat(rolled.Team), c => Assert.True(c.Value.InProgress, c.Key));
        var over = (await plans.LoadRollUpAsync(manager, sales, quarter.Previous))!;
        Assert.Null(over.InProgress);
        Assert.All(over.Rows.SelectMany(r => r.Cells).Concat(over.Team), c => Assert.False(c.Value.InProgress, c.Key));

        // Next month has not begun: nothing in progress either.
        Assert.Null((await plans.LoadAsync(manager, sales, month.AddMonths(1)))!.InProgress);
    }

    private static decimal Percent(Direction direction, decimal plan, decimal fact) =>
        direction == Direction.HigherIsBetter ? fact * 100m / plan : plan * 100m / fact;

    private sealed class FixedTime(DateOnly day) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(day.ToDateTime(new TimeOnly(10, 0)), TimeSpan.Zero);

        public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
    }

    /// <summary>The whole month's completion, as the pay run measures it (none shown without the figures).</summary>
    private static KpiPlanner.Domain.Kpis.Completion? WholeMonth(PlanCell cell) =>
        KpiPlanner.Domain.Payroll.KpiMeasure.Read(cell.Kpi!, cell.Figures).Completion;
}
