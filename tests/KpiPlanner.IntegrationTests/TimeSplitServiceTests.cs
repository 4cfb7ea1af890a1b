using System.Globalization;
using KpiPlanner.Domain.Goals;
using KpiPlanner.Domain.Kpis;
using KpiPlanner.Domain.Organisation;
using KpiPlanner.Domain.Planning;
using KpiPlanner.Infrastructure.Demo;
using KpiPlanner.Testing;
using KpiPlanner.Web.Features.Goals;
using KpiPlanner.Web.Features.Plans;
using KpiPlanner.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KpiPlanner.IntegrationTests;

/// <summary>
/// A goal node's plan split in time on PostgreSQL: the seasonal profile is last year's monthly facts of the node's
/// KPI in its department (monthly_kpi_values), the parts are exact, and the saved month plans are what the plan grid's
/// department-goal row shows in each month.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class TimeSplitServiceTests(KpiAppFactory app) : IAsyncLifetime
{
    private const string Kpi = "revenue";
    private static readonly PeriodRange Year2024 = PeriodRange.CalendarYear(2024);
    private AsyncServiceScope scope;
    private int departmentId;
    private int goalId;
    private int firstId;
    private int secondId;

    private TimeSplitService Splits => scope.ServiceProvider.GetRequiredService<TimeSplitService>();

    private PlansService Plans => scope.ServiceProvider.GetRequiredService<PlansService>();

    /// <summary>HR, whose duties these services check on every call.</summary>
    private KpiPlanner.Web.Security.UserContext HrActor = null!;

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        scope = app.Services.CreateAsyncScope();
        HrActor = await app.ActorAsync(KpiPlanner.Infrastructure.Demo.DemoData.HrEmail);
        await using var db = app.CreateDbContext();
        var company = await db.Departments.SingleAsync(d => d.Name == DemoData.CompanyName);
        var department = new Department("Сезонный отдел", company);
        var position = new Position("Продавец сезона");
        db.AddRange(department, position);
        var first = new Employee("9101", "Летний", "Олег", null, department, position, new DateOnly(2020, 1, 1));
        var second = new Employee("9102", "Зимняя", "Вера", null, department, position, new DateOnly(2020, 1, 1));
        db.Employees.AddRange(first, second);
        await db.SaveChangesAsync();

        // 2023: month m brings m × 1 000 ₽ from the first person and m × 2 000 ₽ from the second: the team's m × 3 000.
        for (var m = 1; m <= 12; m++)
        {
            db.MonthlyKpiValues.AddRange(Fact(first.Id, 2023, m, m * 1_000m), Fact(second.Id, 2023, m, m * 2_000m));
        }

        var goal = new Goal("Сезонная цель", [new GoalNodeSpec("rev", "Выручка отдела", KpiUnit.Money, PlanValue: 65_000m, DepartmentId: department.Id, KpiKey: Kpi)],
            app.Clock.GetUtcNow(), "test");
        db.Goals.Add(goal);
        await db.SaveChangesAsync();
        (departmentId, goalId, firstId, secondId) = (department.Id, goal.Id, first.Id, second.Id);
    }

    public async Task DisposeAsync() => await scope.DisposeAsync();

    [Fact]
    public async Task Last_years_facts_of_the_kpi_in_the_department_give_each_month_its_share_exactly()
    {
        var context = (await Splits.LoadAsync(HrActor, goalId, "rev", Year2024))!;

        Assert.Equal(AggregationRule.Sum, context.Rule);
        Assert.Equal(Enumerable.Range(1, 12).Select(m => m * 3_000m), context.LastYear.Select(m => m.Fact!.Value));
        Assert.Empty(context.MissingMonths);
        Assert.Empty(context.PartialMonths);
        Assert.Equal(12 * 65_000m, context.CurrentWhole);

        // 780 000 ₽ by shares m / 78: month m gets m × 10 000 ₽.
        var preview = Splits.Preview(context, 780_000m, TimeSplitMode.LastYear, null, PeriodKind.Month).GetValueOrThrow();
        Assert.Equal(Enumerable.Range(1, 12).Select(m => m * 10_000m), preview.Months.Select(m => m.Amount));
        Assert.Equal(780_000m, preview.Total);
        var march = preview.Rows[2];
        Assert.Equal((PeriodRange.Month(2024, 3), 9_000m), (march.Period, march.LastYear));   // March 2023: 3 × 3 000
        Assert.Equal(30_000m * 100m / 780_000m, march.SharePercent);

        var quarters = Splits.Preview(context, 780_000m, TimeSplitMode.LastYear, null, PeriodKind.Quarter).GetValueOrThrow();
        Assert.Equal([60_000m, 150_000m, 240_000m, 330_000m], quarters.Rows.Select(r => r.Plan));
        Assert.Equal(18_000m, quarters.Rows[0].LastYear);                                      // (1 + 2 + 3) × 3 000
        Assert.Equal((60_000m - 18_000m) * 100m / 18_000m, quarters.Rows[0].ChangePercent);

        var days = Splits.Preview(context, 780_000m, TimeSplitMode.LastYear, null, null).GetValueOrThrow();
        Assert.Equal(366, days.Rows.Count);                                                     // 2024 is a leap year
        Assert.Equal(780_000m, days.Total);
        Assert.Equal(20_000m, days.Rows.Where(r => r.Day!.Value.Month == 2).Sum(r => r.Plan));

        // By the production calendar: New Year's Day and weekends get nothing, the working days share the month.
        var working = Splits.Preview(context, 780_000m, TimeSplitMode.LastYear, null, null, workingDays: true).GetValueOrThrow();
        Assert.Equal(780_000m, working.Total);
        Assert.Equal(10_000m, working.Rows.Where(r => r.Day!.Value.Month == 1).Sum(r => r.Plan));
        Assert.Equal(0m, working.Rows.Single(r => r.Day == new DateOnly(2024, 1, 1)).Plan);
        Assert.Equal(0m, working.Rows.Single(r => r.Day == new DateOnly(2024, 3, 9)).Plan);    // a Saturday
        Assert.True(working.Rows.Single(r => r.Day == new DateOnly(2024, 3, 11)).Plan > 0m);  // a Monday
    }

    [Fact]
    public async Task Saved_month_plans_are_the_department_goal_of_each_month_in_the_plan_grid()
    {
        var context = (await Splits.LoadAsync(HrActor, goalId, "rev", Year2024))!;
        var preview = Splits.Preview(context, 780_000m, TimeSplitMode.LastYear, null, PeriodKind.Month).GetValueOrThrow();

        var saved = await Splits.SaveAsync(HrActor, goalId, context.Version, "rev", preview.Months, "owner@demo.local");

        Assert.True(saved.Succeeded, string.Join("; ", saved.Errors) + (saved.Conflict ? " conflict" : ""));
        var hr = await HrAsync();
        var march = (await Plans.LoadAsync(hr, departmentId, new DateOnly(2024, 3, 1)))!.Goals[Kpi];
        var december = (await Plans.LoadAsync(hr, departmentId, new DateOnly(2024, 12, 1)))!.Goals[Kpi];
        var nextYear = (await Plans.LoadAsync(hr, departmentId, new DateOnly(2025, 1, 1)))!.Goals[Kpi];
        Assert.Equal((30_000m, true), (march.Plan, march.FromSplit));
        Assert.Equal((120_000m, true), (december.Plan, december.FromSplit));
        Assert.Equal((65_000m, false), (nextYear.Plan, nextYear.FromSplit)); // the node's typed plan outside the split

        var again = (await Splits.LoadAsync(HrActor, goalId, "rev", Year2024))!;
        Assert.Equal(780_000m, again.CurrentWhole);
        Assert.Equal(12, again.SplitMonths.Count);
    }

    [Fact]
    public async Task A_split_over_a_year_with_a_closed_month_leaves_that_month_as_it_was_and_names_it()
    {
        // The demo closes last month: a split of its year saves every other month and keeps the closed one.
        var closed = TestClock.LastMonth;
        var year = PeriodRange.CalendarYear(closed.Year);
        var context = (await Splits.LoadAsync(HrActor, goalId, "rev", year))!;
        var preview = Splits.Preview(context, 1_200_000m, TimeSplitMode.Equal, null, PeriodKind.Month).GetValueOrThrow();

        var saved = await Splits.SaveAsync(HrActor, goalId, context.Version, "rev", preview.Months, "owner@demo.local");

        Assert.True(saved.Succeeded, string.Join("; ", saved.Errors));
        Assert.Equal([closed], saved.KeptClosed);
        var again = (await Splits.LoadAsync(HrActor, goalId, "rev", year))!;
        Assert.Equal(65_000m, again.CurrentPlans.Single(m => m.Period.Start == closed).Amount);
        Assert.All(again.CurrentPlans.Where(m => m.Period.Start != closed), m => Assert.Equal(100_000m, m.Amount));
    }

    [Fact]
    public async Task A_save_over_a_goal_someone_else_changed_meanwhile_is_a_conflict_and_changes_nothing()
    {
        var context = (await Splits.LoadAsync(HrActor, goalId, "rev", Year2024))!;
        var preview = Splits.Preview(context, 780_000m, TimeSplitMode.Equal, null, PeriodKind.Month).GetValueOrThrow();
        Assert.True((await Splits.SaveAsync(HrActor, goalId, context.Version, "rev", preview.Months, "a")).Succeeded);

        var stale = await Splits.SaveAsync(HrActor, goalId, context.Version, "rev", preview.Months.Select(m => m with { Amount = 1m }).ToList(), "b");

        Assert.True(stale.Conflict);
        Assert.All((await Splits.LoadAsync(HrActor, goalId, "rev", Year2024))!.CurrentPlans, m => Assert.Equal(65_000m, m.Amount));
    }

    [Fact]
    public async Task Months_nobody_reported_and_months_only_some_reported_are_named()
    {
        await using (var db = app.CreateDbContext())
        {
            // November 2023: nobody reported (plans only); December 2023: the second person did not report.
            var november = await db.MonthlyKpiValues.Where(v => v.Month == new DateOnly(2023, 11, 1) && v.KpiKey == Kpi).ToListAsync();
            november.ForEach(v => v.SetFact(null, app.Clock.GetUtcNow(), "test"));
            var december = await db.MonthlyKpiValues.SingleAsync(v => v.Month == new DateOnly(2023, 12, 1) && v.EmployeeId == secondId && v.KpiKey == Kpi);
            december.SetFact(null, app.Clock.GetUtcNow(), "test");
            await db.SaveChangesAsync();
        }

        var context = (await Splits.LoadAsync(HrActor, goalId, "rev", Year2024))!;

        Assert.Equal([PeriodRange.Month(2023, 11)], context.MissingMonths);
        var partial = Assert.Single(context.PartialMonths);
        Assert.Equal((PeriodRange.Month(2023, 12), 12_000m, 1, 2), (partial.Month, partial.Fact, partial.Reported, partial.Planned));
        var months = Splits.Preview(context, 1_000_000m, TimeSplitMode.LastYear, null, PeriodKind.Month).GetValueOrThrow().Months;
        Assert.Equal(0m, months[10].Amount);
        Assert.Equal(1_000_000m, months.Sum(m => m.Amount));
    }

    [Fact]
    public async Task Typed_shares_that_miss_100_percent_are_refused_with_the_sum_and_a_negative_one_with_its_month()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("ru-RU"); // the default language
        var context = (await Splits.LoadAsync(HrActor, goalId, "rev", PeriodRange.Quarter(2024, 1)))!;

        var sum = Splits.Preview(context, 90_000m, TimeSplitMode.Shares, [30m, 30m, 39.5m], PeriodKind.Month);
        var negative = Splits.Preview(context, 90_000m, TimeSplitMode.Shares, [50m, -10m, 60m], PeriodKind.Month);
        var good = Splits.Preview(context, 90_000m, TimeSplitMode.Shares, [20m, 30m, 50m], PeriodKind.Month).GetValueOrThrow();

        Assert.Contains("99,5", Splits.Text(Assert.Single(sum.Errors)), StringComparison.Ordinal);
        Assert.Equal("shares[1]", Assert.Single(negative.Errors).Path);
        Assert.Contains("февраль 2024", Splits.Text(negative.Errors[0]), StringComparison.Ordinal);
        Assert.Equal([18_000m, 27_000m, 45_000m], good.Months.Select(m => m.Amount));
    }

    private static MonthlyKpiValue Fact(int employeeId, int year, int month, decimal fact)
    {
        var value = new MonthlyKpiValue(employeeId, new DateOnly(year, month, 1), Kpi);
        value.SetPlan(fact, TestClock.Now, "test");
        value.SetFact(fact, TestClock.Now, "test");
        return value;
    }

    private async Task<UserContext> HrAsync()
    {
        await using var db = app.CreateDbContext();
        var user = await db.Users.SingleAsync(u => u.Email == DemoData.HrEmail);
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == user.Id select r.Name!).ToListAsync();
        return new UserContext(user.Id, DemoData.HrEmail, roles, user.EmployeeId);
    }
}
