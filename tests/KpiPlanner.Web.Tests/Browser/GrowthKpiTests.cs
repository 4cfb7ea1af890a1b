using System.Text.RegularExpressions;
using KpiPlanner.Domain.Organisation;
using KpiPlanner.Domain.Planning;
using KpiPlanner.Infrastructure.Demo;
using KpiPlanner.Testing;
using Microsoft.EntityFrameworkCore;

namespace KpiPlanner.Web.Tests.Browser;

/// <summary>
/// A growth KPI (issue 19) as people meet it: the manager's grid shows the base beside plan and fact, and HR's pay
/// explanation says where the base came from. Next month (not in progress): sales volume grows from this month's fact.
/// </summary>
public sealed class GrowthKpiTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private static readonly DateOnly ThisMonth = TestClock.ThisMonth;
    private static readonly DateOnly NextMonth = ThisMonth.AddMonths(1);

    [Fact]
    public async Task The_grid_shows_the_base_and_the_pay_explanation_says_where_it_came_from()
    {
        await Fixture.App.ResetAsync();
        await Fixture.App.SalesGrowthSchemeFromAsync(NextMonth);
        int sales;
        string name;
        await using (var db = Fixture.App.CreateDbContext())
        {
            var person = await db.Employees.SingleAsync(e => e.PersonnelNumber == "0102");
            name = Employee.FormatFullName(person.LastName, person.FirstName, person.MiddleName);
            sales = await db.Departments.Where(d => d.Name == DemoData.SalesDepartmentName).Select(d => d.Id).SingleAsync();
            await db.MonthlyKpiValues.Where(v => (v.Month == ThisMonth || v.Month == NextMonth) && v.EmployeeId == person.Id).ExecuteDeleteAsync();
            db.MonthlyKpiValues.AddRange(
                Fixture.App.Value(person.Id, ThisMonth, "sales_volume", 100_000m, 100_000m), // the base
                Fixture.App.Value(person.Id, NextMonth, "sales_volume", 120_000m, 115_000m), // 15 of 20 grown: 75 %
                Fixture.App.Value(person.Id, NextMonth, "client_meetings", 14m, 13m)); //        3 of 4 over 10: 75 %
            await db.SaveChangesAsync();
        }

        var manager = await SignedInPageAsync(ManagerEmail);
        await manager.GotoAsync($"/plans?department={sales}&month={Period.Key(NextMonth)}");
        await WaitUntilInteractiveAsync(manager);
        var row = manager.GetByTestId("plan-row").Filter(new() { HasText = name });
        await Expect(row.GetByTestId("cell-base").Nth(0)).ToHaveTextAsync(new Regex(@"^100\s000$"));
        await Expect(row.GetByTestId("cell-base").Nth(1)).ToHaveTextAsync("10");
        await Expect(row.GetByTestId("cell-completion").Nth(0)).ToHaveTextAsync(new Regex(@"^75,0\s?%$"));
        await Expect(row.GetByTestId("cell-completion").Nth(1)).ToHaveTextAsync(new Regex(@"^75,0\s?%$"));
        await Expect(row.GetByTestId("row-pay")).ToContainTextAsync(new Regex(@"7\s500,00"));
        await ScreenshotAsync(manager, "plans-growth-ru");

        var hr = await SignedInPageAsync(HrEmail);
        await hr.GotoAsync("/pay/" + Period.Key(NextMonth));
        await Expect(hr.GetByTestId("pay-ready")).ToBeAttachedAsync();
        await hr.GetByTestId("pay-calculate").ClickAsync();
        await Expect(hr.GetByTestId("pay-status")).ToHaveAttributeAsync("data-status", "Calculated");
        await hr.GetByTestId("pay-row-name").Filter(new() { HasText = name }).ClickAsync();
        var explanation = hr.GetByTestId("pay-explanation");
        await Expect(explanation.GetByTestId("growth-base").Nth(0)).ToContainTextAsync(new Regex(@"100\s000"));
        await Expect(explanation).ToContainTextAsync(new Regex(@"75,0\s?%"));
        await ScreenshotAsync(hr, "pay-explanation-growth-ru");
    }
}
