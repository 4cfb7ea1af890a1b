using KpiPlanner.Domain.Goals;
using KpiPlanner.Domain.Organisation;
using KpiPlanner.Domain.Planning;
using KpiPlanner.Domain.Scales;
using KpiPlanner.Domain.Schemes;
using KpiPlanner.Infrastructure.Demo;
using KpiPlanner.Testing;
using KpiPlanner.Web.Features.Plans;
using KpiPlanner.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KpiPlanner.IntegrationTests;

/// <summary>
/// Quarter roll-ups on PostgreSQL: each KPI by the rule its scheme KPI carries (sum, average, last month — not a rule
/// guessed from the KPI's name), beside the same quarter last year. Small data, every expected number by hand.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class PlanningRollUpTests(KpiAppFactory app) : IAsyncLifetime
{
    private const string OwnDeal = "Средняя сделка"; // a KPI of the scheme's own (no template), rolled up as an average
    private static readonly PeriodRange Q2 = PeriodRange.Quarter(2024, 2);
    private AsyncServiceScope scope;
    private int departmentId;
    private int veteranId;
    private int newcomerId;

    private PlansService Plans => scope.ServiceProvider.GetRequiredService<PlansService>();

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        scope = app.Services.CreateAsyncScope();
        await using var db = app.CreateDbContext();
        var company = await db.Departments.SingleAsync(d => d.Name == DemoData.CompanyName);
        var department = new Department("Отдел проверки сводов", company);
        var position = new Position("Аналитик продаж");
        db.AddRange(department, position);
        var veteran = new Employee("9001", "Старов", "Пётр", null, department, position, new DateOnly(2020, 1, 1));
        var newcomer = new Employee("9002", "Новикова", "Анна", null, department, position, new DateOnly(2024, 5, 1));
        db.Employees.AddRange(veteran, newcomer);
        await db.SaveChangesAsync();

        var scale = new ScaleSpec([new Band(0m, null, 1m)]);
        var spec = new SchemeSpec(10_000m, 10_000m,
        [
            new SchemeKpiSpec("Выручка", 25m, scale, KpiCode: "revenue"),
            new SchemeKpiSpec("Конверсия", 25m, scale, KpiCode: "conversion"),
            new SchemeKpiSpec("Клиенты в базе", 25m, scale, KpiCode: "client_base"),
            new SchemeKpiSpec(OwnDeal, 25m, scale, Aggregation: AggregationRule.Average),
        ], Name: "Аналитики: своды");
        db.SchemeVersions.Add(SchemeVersion.Create(position.Id, new DateOnly(2020, 1, 1), spec, app.Clock.GetUtcNow(), "test").GetValueOrThrow());

        // (KPI, year, month, plan, fact) of the veteran: Q2 2024 and Q2 2023.
        (string Kpi, int Year, int Month, decimal Plan, decimal Fact)[] veteranValues =
        [
            ("revenue", 2024, 4, 100m, 90m), ("revenue", 2024, 5, 100m, 110m), ("revenue", 2024, 6, 100m, 130m),
            ("revenue", 2023, 4, 100m, 100m), ("revenue", 2023, 5, 100m, 100m), ("revenue", 2023, 6, 100m, 100m),
            ("conversion", 2024, 4, 20m, 18m), ("conversion", 2024, 5, 20m, 21m), ("conversion", 2024, 6, 20m, 24m),
            ("conversion", 2023, 4, 20m, 15m), ("conversion", 2023, 5, 20m, 15m), ("conversion", 2023, 6, 20m, 18m),
            ("client_base", 2024, 4, 500m, 480m), ("client_base", 2024, 5, 520m, 530m), ("client_base", 2024, 6, 540m, 560m),
            ("client_base", 2023, 4, 400m, 400m), ("client_base", 2023, 5, 420m, 420m), ("client_base", 2023, 6, 440m, 448m),
            (OwnDeal, 2024, 4, 1000m, 900m), (OwnDeal, 2024, 5, 1000m, 1200m), (OwnDeal, 2024, 6, 1000m, 1500m),
        ];
        foreach (var v in veteranValues)
        {
            db.MonthlyKpiValues.Add(Value(veteran.Id, v.Kpi, v.Year, v.Month, v.Plan, v.Fact));
        }

        db.MonthlyKpiValues.AddRange(Value(newcomer.Id, "revenue", 2024, 5, 60m, 50m), Value(newcomer.Id, "revenue", 2024, 6, 60m, 70m));
        await db.SaveChangesAsync();
        (departmentId, veteranId, newcomerId) = (department.Id, veteran.Id, newcomer.Id);
    }

    public async Task DisposeAsync() => await scope.DisposeAsync();

    [Fact]
    public async Task Each_kpi_rolls_up_by_the_rule_of_its_scheme_kpi_sum_average_or_last()
    {
        var grid = (await Plans.LoadRollUpAsync(await HrAsync(), departmentId, Q2))!;

        Assert.Equal(AggregationRule.Sum, grid.Rules["revenue"]);
        Assert.Equal(AggregationRule.Average, grid.Rules["conversion"]);
        Assert.Equal(AggregationRule.Last, grid.Rules["client_base"]);
        Assert.Equal(AggregationRule.Average, grid.Rules[OwnDeal]);
        var row = grid.Rows.Single(r => r.EmployeeId == veteranId);

        var revenue = row.Cell("revenue")!.Value;          // 100 + 100 + 100 against 90 + 110 + 130
        Assert.Equal((300m, 330m, 110m), (revenue.Plan, revenue.Fact, revenue.Completion!.Value.Value));
        var conversion = row.Cell("conversion")!.Value;    // the mean of 18, 21, 24 against the mean plan 20
        Assert.Equal((20m, 21m, 105m), (conversion.Plan, conversion.Fact, conversion.Completion!.Value.Value));
        var clients = row.Cell("client_base")!.Value;      // June: 560 against 540
        Assert.Equal((540m, 560m), (clients.Plan, clients.Fact));
        Assert.Equal(560m * 100m / 540m, clients.Completion!.Value.Value);
        var deal = row.Cell(OwnDeal)!.Value;               // the mean of 900, 1 200, 1 500
        Assert.Equal((1000m, 1200m, 120m), (deal.Plan, deal.Fact, deal.Completion!.Value.Value));
    }

    [Fact]
    public async Task Each_kpi_stands_beside_the_same_quarter_last_year_and_without_last_years_data_there_is_no_change()
    {
        var grid = (await Plans.LoadRollUpAsync(await HrAsync(), departmentId, Q2))!;
        var veteran = grid.Rows.Single(r => r.EmployeeId == veteranId);
        var newcomer = grid.Rows.Single(r => r.EmployeeId == newcomerId);

        var revenue = veteran.Cell("revenue")!.YearOverYear;       // 330 against 300
        Assert.Equal((PeriodRange.Quarter(2023, 2), 300m, 10m), (revenue.LastYearPeriod, revenue.LastYear, revenue.ChangePercent));
        var conversion = veteran.Cell("conversion")!.YearOverYear; // mean 21 against mean 16
        Assert.Equal((16m, 31.25m), (conversion.LastYear, conversion.ChangePercent));
        var clients = veteran.Cell("client_base")!.YearOverYear;   // June 560 against June 448
        Assert.Equal((448m, 25m), (clients.LastYear, clients.ChangePercent));
        Assert.False(clients.IsPartial);

        var deal = veteran.Cell(OwnDeal)!.YearOverYear;            // no facts in 2023
        Assert.Equal((1200m, (decimal?)null, (decimal?)null), (deal.Current, deal.LastYear, deal.ChangePercent));
        var hired = newcomer.Cell("revenue")!;                     // hired in May 2024
        Assert.Equal(120m, hired.Value.Fact);
        Assert.Null(hired.YearOverYear.LastYear);
        Assert.Null(hired.YearOverYear.ChangePercent);
    }

    [Fact]
    public async Task The_whole_department_adds_its_people_up_by_the_kpis_rule_beside_last_year()
    {
        var grid = (await Plans.LoadRollUpAsync(await HrAsync(), departmentId, Q2))!;

        // Revenue, a sum: plans 100 + (100 + 60) + (100 + 60), facts 90 + (110 + 50) + (130 + 70); last year 300.
        var revenue = grid.Team.Single(c => c.Key == "revenue");
        Assert.Equal((420m, 450m), (revenue.Value.Plan, revenue.Value.Fact));
        Assert.Equal(450m * 100m / 420m, revenue.Value.Completion!.Value.Value);
        Assert.Equal((300m, 50m), (revenue.YearOverYear.LastYear, revenue.YearOverYear.ChangePercent));

        // Conversion, an average of the people (only the veteran has it): the same as the veteran's line.
        var conversion = grid.Team.Single(c => c.Key == "conversion");
        Assert.Equal((20m, 21m, 16m, 31.25m), (conversion.Value.Plan, conversion.Value.Fact, conversion.YearOverYear.LastYear, conversion.YearOverYear.ChangePercent));
    }

    [Fact]
    public async Task A_half_year_with_only_its_second_quarter_in_is_compared_with_the_same_months_last_year()
    {
        await using (var db = app.CreateDbContext())
        {
            // March 2023 has a fact, March 2024 has none: it must not count on either side.
            db.MonthlyKpiValues.Add(Value(veteranId, "revenue", 2023, 3, 100m, 1000m));
            await db.SaveChangesAsync();
        }

        var grid = (await Plans.LoadRollUpAsync(await HrAsync(), departmentId, PeriodRange.HalfYear(2024, 1)))!;
        var revenue = grid.Rows.Single(r => r.EmployeeId == veteranId).Cell("revenue")!.YearOverYear;

        Assert.Equal((330m, 300m, 10m, 3), (revenue.Current, revenue.LastYear, revenue.ChangePercent, revenue.MonthsCompared));
        Assert.True(revenue.IsPartial);
    }

    private static MonthlyKpiValue Value(int employeeId, string kpi, int year, int month, decimal plan, decimal fact)
    {
        var value = new MonthlyKpiValue(employeeId, new DateOnly(year, month, 1), kpi);
        value.SetPlan(plan, TestClock.Now, "test");
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
