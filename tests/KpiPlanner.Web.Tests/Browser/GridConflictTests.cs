using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace KpiPlanner.Web.Tests.Browser;

/// <summary>Two windows save the same cell: the second is told where it looks, naming the cell, the value kept and who saved it.</summary>
public sealed class GridConflictTests(BrowserFixture fixture) : BrowserTest(fixture)
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
        }

        static ILocator Cell(IPage page) => page.GetByTestId("plan-row").Last.Locator("[data-testid=cell-plan][data-kpi=sales_volume]");
        await Cell(first).FillAsync("111111");
        await Cell(first).PressAsync("Tab");
        await Cell(second).FillAsync("222222");
        await Cell(second).PressAsync("Tab");
        await first.GetByTestId("plans-save").ClickAsync();
        await Expect(first.GetByText(new Regex(@"Сохранено ячеек: 1\."))).ToBeVisibleAsync();

        await second.GetByTestId("plans-save").ClickAsync();
        var message = second.Locator(".mud-snackbar", new() { HasText = "Не сохранено ячеек: 1" });
        await Expect(message).ToBeInViewportAsync();
        await Expect(message).ToContainTextAsync("сохранено план 111");
        await Expect(message).ToContainTextAsync("manager@demo.local");
        await Expect(Cell(second)).ToHaveValueAsync(new Regex(@"^111\s111$"));
        await Expect(second.Locator("td.conflict [data-testid=cell-plan][data-kpi=sales_volume]")).ToHaveCountAsync(1);
        await ScreenshotAsync(second, "plans-conflict-in-view");
    }
}
