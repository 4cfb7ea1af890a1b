using KpiPlanner.Domain.Goals;
using KpiPlanner.Domain.Organisation;
using KpiPlanner.Domain.Payroll;
using KpiPlanner.Domain.Planning;
using KpiPlanner.Infrastructure;
using KpiPlanner.Infrastructure.Demo;
using KpiPlanner.Testing;
using KpiPlanner.Web;
using KpiPlanner.Web.Features.Dashboard;
using KpiPlanner.Web.Features.Plans;
using KpiPlanner.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace KpiPlanner.IntegrationTests;

/// <summary>
/// Issue 16, "every number shown is true" (decision 008), on the demo company built as of day 1, today and the last
/// day of this month: every completion of a period holding today's month — KPI cards, goal cards, drill-down rows,
/// the months heat map, a person's page and the employee's own months — is against the plan due by today and carries
/// no band or coefficient; last month, over, keeps its bands and coefficients.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class InProgressTests(KpiAppFactory app) : IAsyncLifetime
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

    public static TheoryData<string> Days => new() { "first", "today", "last" };

    [Theory]
    [MemberData(nameof(Days))]
    public async Task Every_completion_of_the_period_in_progress_is_to_date_with_no_coefficient_and_last_month_keeps_its_bands(string which)
    {
        var day = which switch { "first" => TestClock.ThisMonth, "last" => TestClock.NextMonth.AddDays(-1), _ => TestClock.Today };
        await app.ResetAsync(day);
        var dashboard = DashboardAt(day);
        int sales, ivanov;
        await using (var db = app.CreateDbContext())
        {
            sales = (await db.Departments.SingleAsync(x => x.Name == DemoData.SalesDepartmentName)).Id;
            ivanov = (await db.Employees.SingleAsync(e => e.PersonnelNumber == "0101")).Id;
        }

        var calendar = new WorkCalendar(RussianProductionCalendar.For(day.Year));
        var month = Period.FirstDay(day);
        var share = (decimal)calendar.WorkingDays(month, day) / calendar.WorkingDaysInMonth(month);
        Assert.Equal(DemoData.ShareOfMonthElapsed(day), share);
        var levels = new (DashboardLevel, int?, int?)[] { (DashboardLevel.Company, null, null), (DashboardLevel.Department, sales, null), (DashboardLevel.Employee, null, ivanov) };

        var measured = 0;
        foreach (var period in new[] { PeriodRange.OfMonth(day), PeriodRange.Containing(day, PeriodKind.Quarter), PeriodRange.Containing(day, PeriodKind.Year) })
        {
            foreach (var (level, department, employee) in levels)
            {
                var view = await dashboard.LoadLevelAsync(period, level, department, employee);
                var what = $"{day:yyyy-MM-dd} {period} {level}";
                Assert.Equal((calendar.WorkingDays(month, day), calendar.WorkingDaysInMonth(month)), view.MonthWorkingDays);
                foreach (var k in view.Kpis)
                {
                    Assert.True(k.Current.InProgress, $"{what} {k.Kpi.Key}");
                    AssertToDate(k.Standing, $"{what} {k.Kpi.Key}");
                    if (period.Kind == PeriodKind.Month && k.Kpi.Rule == AggregationRule.Sum && !k.Kpi.IsIndex) // an index has no plan of its own
                    {
                        // The month's plan to date is the reporting people's plan × the share of working days elapsed.
                        var cell = view.Trend[k.Kpi.Key].Single(p => p.Month == month);
                        Assert.True(cell.InProgress);
                        if (share == 0m)
                        {
                            Assert.Null(k.Current.Completion); // nothing is due before the first working day
                        }
                        else if (k.Current.Completion is { } completion)
                        {
                            measured++;
                            var whole = k.Current.PlanToDate / share;
                            Assert.True(whole <= k.Current.Plan * 1.0000001m, $"{what} {k.Kpi.Key}: plan to date {k.Current.PlanToDate} is not a share of {k.Current.Plan}");
                            var (plan, fact) = (k.Current.PlanToDate!.Value, k.Current.FactToDate!.Value);
                    // A growth KPI (the baristas' revenue) is the growth made over the growth planned, its base due by
                    // today like its plan (issue 19); every other KPI its fact against its plan to date.
                    // (A planned fall — January after December's season — is read plan against fact: docs/kpi-kinds.md.)
                    var expected = k.Current.Growth is { Plan: { } gp, Fact: { } gf, Base: { } gb } && gp > gb
                        ? (gf - gb) * 100m / (gp - gb)
                        : k.Kpi.Direction == KpiPlanner.Domain.Kpis.Direction.LowerIsBetter ? plan * 100m / fact : fact * 100m / plan;
                    Assert.True(Math.Round(expected, 8) == Math.Round(completion.Value, 8), $"{what} {k.Kpi.Key}: {completion.Value} %, expected {expected} % (growth {k.Current.Growth})");
                            if (level == DashboardLevel.Company && k.Kpi.Key == DemoData.SalesKpi)
                            {
                                // The sales team keeps to its pace: not in the red on any day of the month in progress (the
                                // whole month's plan against the facts so far read 16 % · × 0 on day 6).
                                Assert.NotEqual(Tone.Bad, k.Standing.Tone);
                                Assert.InRange(completion.Value, 60m, 140m);
                            }
                        }
                    }
                }

                foreach (var row in view.Rows)
                {
                    foreach (var (key, standing) in row.Kpis)
                    {
                        AssertToDate(standing, $"{what} row {row.Name} {key}");
                    }
                }

                foreach (var (key, cells) in view.HeatByKpi)
                {
                    foreach (var cell in cells.Where(c => c.Month == month))
                    {
                        AssertToDate(cell.Standing, $"{what} heat {cell.RowId} {key}");
                    }
                }

                foreach (var goal in view.Goals)
                {
                    AssertToDate(goal.Standing, $"{what} goal {goal.Node}");
                    Assert.True(goal.Standing.Completion is null || goal.PlanToDate is not null, $"{what} goal {goal.Node}");
                }
            }
        }

        if (share > 0m)
        {
            Assert.True(measured > 0, "no completion to date was checked");
        }

        // The employee's own months: this month to date, no band, no coefficient, no pay estimated from it.
        var plans = new PlansService(scope.ServiceProvider.GetRequiredService<IDbContextFactory<KpiDbContext>>(), new FixedTime(day),
            scope.ServiceProvider.GetRequiredService<IStringLocalizer<SharedResource>>(), scope.ServiceProvider.GetRequiredService<IFormulaParser>());
        var mine = await plans.MyMonthsAsync(new UserContext("u", "employee@demo.local", [Roles.Employee], ivanov), 2);
        var current = mine.Single(m => m.Month == month);
        Assert.True(current.InProgress);
        Assert.Null(current.Estimate);
        Assert.All(current.Kpis, k => Assert.Null(k.Band));
        Assert.All(current.Kpis, k => Assert.Null(k.Coefficient));
        if (share > 0m)
        {
            Assert.All(current.Kpis, k => Assert.True(k.PlanToDate is not null && k.Completion is not null, k.Name));
        }

        var previous = mine.Single(m => m.Month == month.AddMonths(-1));
        Assert.False(previous.InProgress);
        Assert.All(previous.Kpis, k => Assert.NotNull(k.Coefficient));
        Assert.All(previous.Kpis, k => Assert.Null(k.PlanToDate));

        // Last month is over: measured against its whole plan, with its band and coefficient, exactly as before.
        foreach (var (level, department, employee) in levels)
        {
            var view = await dashboard.LoadLevelAsync(PeriodRange.OfMonth(month.AddMonths(-1)), level, department, employee);
            Assert.NotEmpty(view.Kpis);
            foreach (var k in view.Kpis)
            {
                Assert.False(k.Current.InProgress);
                Assert.False(k.Standing.ToDate);
                Assert.DoesNotContain(view.Trend[k.Kpi.Key], p => p.InProgress);
                if (k.Current.Completion is { } completion && !k.Kpi.IsIndex) // an index is read from its parts, with no plan of its own
                {
                    var (plan, fact) = (k.Current.PlanToDate!.Value, k.Current.FactToDate!.Value);
                    var expected = k.Current.Growth is { Plan: { } gp, Fact: { } gf, Base: { } gb } && gp > gb
                        ? (gf - gb) * 100m / (gp - gb) // growth over planned growth (issue 19); a planned fall is plan against fact
                        : k.Kpi.Direction == KpiPlanner.Domain.Kpis.Direction.LowerIsBetter ? plan * 100m / fact : fact * 100m / plan;
                    Assert.Equal(Math.Round(expected, 8), Math.Round(completion.Value, 8));
                    Assert.True(k.Kpi.Scale is null || k.Standing.Coefficient is not null, k.Kpi.Key);
                }
            }
        }
    }

    private static void AssertToDate(Standing standing, string what)
    {
        Assert.Null(standing.Coefficient);
        Assert.Null(standing.Band);
        Assert.True(standing.Completion is null || standing.ToDate, what + ": a completion of a period in progress that is not marked to date");
    }

    private DashboardService DashboardAt(DateOnly day) =>
        new(scope.ServiceProvider.GetRequiredService<IDbContextFactory<KpiDbContext>>(), new FixedTime(day),
            scope.ServiceProvider.GetRequiredService<IFormulaParser>(),
            scope.ServiceProvider.GetRequiredService<IStringLocalizer<DashboardResource>>());

    private sealed class FixedTime(DateOnly day) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(day.ToDateTime(new TimeOnly(10, 0)), TimeSpan.Zero);

        public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
    }
}
