using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace KpiPlanner.Web.Tests.Browser;

/// <summary>The grid tells the manager what went wrong where they are looking: conflicts and plans that look like typos.</summary>
public sealed class GridFeedbackTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task The_second_window_saving_the_same_cell_sees_the_conflict_in_view_and_the_cell_marked()
    {
        await Fixture.App.ResetAsync();
        var first = await SignedInPageAsync(ManagerEmail);
        var second = await SignedInPageAsync(ManagerEmail);
        foreach (var page in new[] { first, second })
        {
            await page.GotoAsync("/plans");
            await WaitUntilInteractiveAsync(page);
            await Expect(page.GetByTestId("plan-row")).ToHaveCountAsync(13); // all rows in (8 in the first render, then 15 a render): the last is the 13th
        }

        static ILocator Cell(IPage page) => page.GetByTestId("plan-row").Last.Locator("[data-testid=cell-plan][data-kpi=sales_volume]");
        await Cell(first).FillAsync("111111");
        await Cell(first).PressAsync("Tab");
        await Cell(second).FillAsync("222222");
        await Cell(second).PressAsync("Tab");
        await first.GetByTestId("plans-save").ClickAsync();
        await Expect(first.GetByText(new Regex(@"Сохранено ячеек: 1\."))).ToBeVisibleAsync();

        await second.GetByTestId("plans-save").ClickAsync();
        var message = second.Locator(".mud-snackbar", new() { HasText = "Не сохранена 1 ячейка — её уже изменил кто-то другой" });
        await Expect(message).ToBeInViewportAsync();
        // The message names the cell (person, KPI, plan), the other person's value, who saved it and when, and what was typed here.
        await Expect(message).ToContainTextAsync("Фёдоров Алексей, «Выполнение плана продаж»");
        await Expect(message).ToContainTextAsync(new Regex(@"manager@demo\.local сохранил\(а\) план 111\s111 \(\d{2}\.\d{2}\.\d{4} \d{1,2}:\d{2}\)"));
        await Expect(message).ToContainTextAsync(new Regex(@"вы ввели план 222\s222 — не сохранено"));
        await Expect(message).Not.ToContainTextAsync("факт"); // only the plan was in conflict
        await Expect(Cell(second)).ToHaveValueAsync(new Regex(@"^111\s111$"));
        await Expect(second.Locator("td.conflict [data-testid=cell-plan][data-kpi=sales_volume]")).ToHaveCountAsync(1);
        await Expect(second.Locator("td.conflict [data-testid=cell-fact]")).ToHaveCountAsync(0); // the fact was not in conflict
        await ScreenshotAsync(second, "plans-conflict-in-view");
    }

    [Fact]
    public async Task A_plan_ten_times_off_last_months_asks_before_saving_and_going_back_saves_nothing()
    {
        await Fixture.App.ResetAsync();
        var page = await SignedInPageAsync(ManagerEmail);
        await page.GotoAsync("/plans");
        await WaitUntilInteractiveAsync(page);
        var cell = page.GetByTestId("plan-row").First.Locator("[data-testid=cell-plan][data-kpi=sales_volume]");
        await cell.FillAsync("45");
        await cell.PressAsync("Tab");

        await page.GetByTestId("plans-save").ClickAsync();
        var dialog = page.Locator(".mud-dialog");
        await Expect(dialog).ToContainTextAsync("план 45, а в прошлом месяце был");
        await ScreenshotAsync(page, "plans-odd-plan");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Вернуться и исправить" }).ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("plans-save")).ToContainTextAsync("(1)"); // nothing saved, the edit is still there
        await Expect(cell).ToHaveValueAsync("45");

        await page.GetByTestId("plans-save").ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Сохранить как есть" }).ClickAsync();
        await Expect(page.GetByText(new Regex(@"Сохранено ячеек: 1\."))).ToBeVisibleAsync();
    }
}
