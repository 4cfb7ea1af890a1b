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

    [Fact]
    public async Task The_designer_edits_an_index_parts_and_says_at_once_when_their_weights_are_not_100()
    {
        await Fixture.App.ResetAsync();
        var page = await SignedInPageAsync(HrEmail);
        await page.GotoAsync("/schemes");
        await WaitUntilInteractiveAsync(page);
        await page.GetByRole(Microsoft.Playwright.AriaRole.Row).Filter(new() { HasText = DemoData.BaristaPosition }).GetByTestId("scheme-design").ClickAsync();
        var parts = page.GetByTestId("index-part");
        await Expect(parts).ToHaveCountAsync(2);
        await Expect(parts.Nth(0).GetByTestId("index-part-weight")).ToHaveValueAsync("50");
        await ScreenshotAsync(page, "designer-index-ru");

        await parts.Nth(1).GetByTestId("index-part-weight").FillAsync("40");

        await Expect(page.GetByTestId("kpi-row-error")).ToContainTextAsync(new Regex(@"90\s?%"));
        await page.GetByTestId("index-part-add").ClickAsync(); // a third part is offered the weight missing to 100
        await Expect(parts).ToHaveCountAsync(3);
        await Expect(parts.Nth(2).GetByTestId("index-part-weight")).ToHaveValueAsync("10");
    }
}
