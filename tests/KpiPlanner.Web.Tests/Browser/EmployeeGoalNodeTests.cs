using System.Globalization;
using System.Text.RegularExpressions;
using KpiPlanner.Infrastructure.Demo;
using KpiPlanner.Testing;
using KpiPlanner.Web.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace KpiPlanner.Web.Tests.Browser;

/// <summary>The owner's goal tree reaches one person (issue 19): a node linked to an employee and one of their KPIs.</summary>
public sealed class EmployeeGoalNodeTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task The_owner_links_a_node_to_a_person_and_sees_their_name_plan_and_fact()
    {
        await Fixture.App.ResetAsync();
        decimal plan, fact;
        await using (var db = Fixture.App.CreateDbContext())
        {
            var petrova = await db.Employees.SingleAsync(e => e.PersonnelNumber == "0102");
            var value = await db.MonthlyKpiValues.SingleAsync(v => v.EmployeeId == petrova.Id && v.Month == TestClock.ThisMonth && v.KpiKey == DemoData.SalesKpi);
            (plan, fact) = (value.Plan!.Value, value.Fact ?? 0m);

            // The demo employee linked by the demo's node has left: the node keeps him, marked.
            var ivanov = await db.Employees.SingleAsync(e => e.PersonnelNumber == DemoData.EmployeePersonnelNumber);
            ivanov.Leave(TestClock.Today.AddDays(-1));
            await db.SaveChangesAsync();
        }

        var page = await SignedInPageAsync(OwnerEmail);
        await page.GotoAsync("/goals?month=" + KpiPlanner.Domain.Planning.Period.Key(DemoData.CoffeeFactsMonth)); // the month of the article's facts
        await WaitUntilInteractiveAsync(page);
        await page.GetByTestId("goal-select").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = DemoData.SalesGoalName, Exact = true }).ClickAsync();
        await Expect(Row(page, "sales_goal")).ToBeVisibleAsync();
        await ToThisMonthAsync(page);

        // The demo's node for the demo employee shows his name, and that he has left.
        await Expect(Row(page, DemoData.EmployeeGoalCode).GetByTestId("goal-link-person-name")).ToHaveTextAsync("Иванов Иван Сергеевич");
        await Expect(Row(page, DemoData.EmployeeGoalCode).GetByTestId("goal-link-person-left"))
            .ToHaveTextAsync("уволен(а) " + Formats.Date(TestClock.Today.AddDays(-1), CultureInfo.GetCultureInfo("ru-RU")));

        // A new node under the department goal, linked to Petrova's sales.
        await page.GetByTestId("goal-new-code").FillAsync("petrova");
        await page.GetByTestId("goal-new-name").FillAsync("Продажи Петровой");
        await page.GetByTestId("goal-new-parent").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Продажи отдела за месяц", Exact = true }).ClickAsync();
        await page.GetByTestId("goal-add").ClickAsync();
        await Expect(Row(page, "petrova").GetByTestId("goal-plan-input")).ToHaveValueAsync("0");
        await Row(page, "petrova").GetByTestId("goal-plan-input").FillAsync("400000");
        await Row(page, "petrova").GetByTestId("goal-plan-input").PressAsync("Tab");

        var panel = page.GetByTestId("goal-link-panel");
        await panel.GetByTestId("goal-link-node").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Продажи Петровой", Exact = true }).ClickAsync();
        await panel.GetByTestId("goal-link-person-input").FillAsync("Петрова");
        await page.GetByRole(AriaRole.Option, new() { NameRegex = new Regex("^Петрова Елена Александровна") }).ClickAsync();
        await panel.GetByTestId("goal-link-kpi").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Выполнение плана продаж", Exact = true }).ClickAsync();
        await panel.GetByTestId("goal-link-apply").ClickAsync();

        var row = Row(page, "petrova");
        var ru = CultureInfo.GetCultureInfo("ru-RU");
        await Expect(row.GetByTestId("goal-link-person-name")).ToHaveTextAsync("Петрова Елена Александровна");
        await Expect(row.GetByTestId("goal-link-person-plan")).ToHaveTextAsync(Formats.Money(plan, ru));
        if (plan != 400_000m)
        {
            await Expect(row.GetByTestId("goal-link-mismatch")).ToBeVisibleAsync();
        }

        if (fact != 0m)
        {
            await Expect(row.GetByTestId("goal-link-person-fact")).ToHaveTextAsync(Formats.Money(fact, ru));
            await Expect(row.GetByTestId("goal-fact")).ToContainTextAsync(Formats.Money(fact, ru));
        }

        await row.ScrollIntoViewIfNeededAsync();
        await ScreenshotAsync(page, "goals-employee-node-ru");

        await page.GetByTestId("goal-save").ClickAsync();
        await page.GetByTestId("goal-from-save").ClickAsync();
        await Expect(page.GetByText("Цель сохранена.")).ToBeVisibleAsync();
        await Expect(Row(page, "petrova").GetByTestId("goal-link-person-name")).ToHaveTextAsync("Петрова Елена Александровна");
    }

    private static async Task ToThisMonthAsync(IPage page)
    {
        var ru = CultureInfo.GetCultureInfo("ru-RU");
        var months = ((TestClock.ThisMonth.Year - DemoData.CoffeeFactsMonth.Year) * 12) + TestClock.ThisMonth.Month - DemoData.CoffeeFactsMonth.Month;
        for (var i = 0; i < Math.Abs(months); i++)
        {
            await page.GetByTestId(months > 0 ? "goal-next" : "goal-prev").ClickAsync();
        }

        await Expect(page.GetByTestId("goal-month")).ToHaveTextAsync(new Regex(TestClock.ThisMonth.ToString("MMMM yyyy", ru), RegexOptions.IgnoreCase));
    }

    private static ILocator Row(IPage page, string code) => page.Locator($"[data-testid=goal-row][data-code={code}]");
}
