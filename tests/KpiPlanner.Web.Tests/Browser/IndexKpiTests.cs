using System.Text.RegularExpressions;
using KpiPlanner.Domain.Organisation;
using KpiPlanner.Domain.Planning;
using KpiPlanner.Infrastructure.Demo;
using KpiPlanner.Testing;
using Microsoft.EntityFrameworkCore;

namespace KpiPlanner.Web.Tests.Browser;

/// <summary>
/// An aggregated KPI (issue 19) as people meet it, on the demo's baristas: the grid shows «из частей» instead of plan
/// and fact inputs and the index's completion; HR's pay explanation of last month (closed) writes the index's formula
/// with the person's own numbers.
/// </summary>
public sealed class IndexKpiTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private static readonly DateOnly LastMonth = TestClock.ThisMonth.AddMonths(-1);

    [Fact]
    public async Task The_grid_and_the_pay_explanation_show_the_index_made_of_its_parts()
    {
        await Fixture.App.ResetAsync();
        int coffee;
        string name;
        await using (var db = Fixture.App.CreateDbContext())
        {
            var person = await db.Employees.SingleAsync(e => e.PersonnelNumber == "0202");
            name = Employee.FormatFullName(person.LastName, person.FirstName, person.MiddleName);
            coffee = await db.Departments.Where(d => d.Name == DemoData.CoffeeShopName).Select(d => d.Id).SingleAsync();
        }

        var owner = await SignedInPageAsync(OwnerEmail);
        await owner.GotoAsync($"/plans?department={coffee}&month={Period.Key(LastMonth)}");
        await WaitUntilInteractiveAsync(owner);
        var row = owner.GetByTestId("plan-row").Filter(new() { HasText = name });
        await Expect(row.GetByTestId("cell-index")).ToHaveTextAsync("из частей");
        await Expect(row.GetByTestId("cell-completion").Nth(3)).ToHaveTextAsync(new Regex(@"^\d+,\d\s?%$"));
        await ScreenshotAsync(owner, "plans-index-ru");

        var hr = await SignedInPageAsync(HrEmail);
        await hr.GotoAsync("/pay/" + Period.Key(LastMonth));
        await Expect(hr.GetByTestId("pay-ready")).ToBeAttachedAsync();
        await hr.GetByTestId("pay-row-name").Filter(new() { HasText = name }).ClickAsync();
        var formula = hr.GetByTestId("pay-explanation").GetByTestId("index-formula");
        await Expect(formula).ToContainTextAsync("Время приготовления заказа");
        await Expect(formula).ToContainTextAsync(new Regex(@"50\s?% × \d+,\d\s?% \(Допродажи десертов\) = \d+,\d\s?%"));
        await ScreenshotAsync(hr, "pay-explanation-index-ru");
    }
}
