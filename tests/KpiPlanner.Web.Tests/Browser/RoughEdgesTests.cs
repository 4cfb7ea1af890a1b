using System.Text.RegularExpressions;
using KpiPlanner.Infrastructure.Demo;

namespace KpiPlanner.Web.Tests.Browser;

/// <summary>Issue 17's rough edges, each as the person meets it in the browser.</summary>
public sealed class RoughEdgesTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Theory]
    [InlineData("ru-RU", "Расчёт выплат")]
    [InlineData("en-US", "Pay review")]
    public async Task HR_home_promises_nothing_to_come_and_the_pay_page_is_titled_as_its_menu_link(string locale, string menu)
    {
        var page = await SignedInPageAsync(HrEmail, locale);
        var home = page.GetByTestId("home-hr");
        await Expect(page.GetByTestId("stat-headcount")).ToBeVisibleAsync();
        // Issue 17: the HR home said scales, schemes and closing «появятся здесь» while they were already there.
        await Expect(home).Not.ToContainTextAsync(new Regex("появ|will appear|coming soon", RegexOptions.IgnoreCase));
        await Expect(home.Locator("a[href='/schemes']")).ToBeVisibleAsync();
        await Expect(home.Locator("a[href='/scales']")).ToBeVisibleAsync();
        await Expect(home.Locator("a[href='/pay']")).ToHaveTextAsync(menu, new() { IgnoreCase = true });
        await ScreenshotAsync(page, $"home-hr-{locale[..2]}");

        // The page title (tab and heading) names the page as the menu does: «Расчёт выплат», not «Расчёт переменной части».
        await page.GetByTestId("nav-pay").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/pay"));
        await Expect(page.GetByTestId("nav-pay")).ToHaveTextAsync(menu);
        await Expect(page).ToHaveTitleAsync(new Regex("^" + Regex.Escape(menu) + " · KpiPlanner$"));
        await Expect(page.Locator("h4").First).ToHaveTextAsync(new Regex("^" + Regex.Escape(menu)));
    }

    [Theory]
    [InlineData("ru-RU", "Строк на странице", " из ")]
    [InlineData("en-US", "Rows per page", " of ")]
    public async Task The_scheme_checks_outcome_list_pages_in_the_pages_language(string locale, string rowsPerPage, string of)
    {
        // Issue 17: «Rows per page / 1-10 of 125» in Russian mode (MudBlazor's own texts). The barista's scheme has five
        // KPIs, so its check lists every outcome in a paged table.
        await Fixture.App.ResetAsync();
        var page = await SignedInPageAsync(HrEmail, locale);
        await page.GotoAsync("/schemes");
        await WaitUntilInteractiveAsync(page);
        await page.GetByRole(Microsoft.Playwright.AriaRole.Row).Filter(new() { HasText = DemoData.BaristaPosition }).GetByTestId("scheme-design").ClickAsync();
        var list = page.GetByTestId("check-list");
        await Expect(list).ToContainTextAsync(rowsPerPage);
        await Expect(list).ToContainTextAsync(new Regex("1[-–]10" + Regex.Escape(of) + @"\d"));
        await list.ScrollIntoViewIfNeededAsync();
        await ScreenshotAsync(page, $"check-pager-{locale[..2]}");
    }

    [Fact]
    public async Task The_owners_plans_and_facts_open_on_a_department_whose_people_have_schemes()
    {
        // Issue 17: the owner's «Планы и факты» opened on the coffee shop, which had no schemes: an empty grid.
        await Fixture.App.ResetAsync();
        var page = await SignedInPageAsync(OwnerEmail);
        await page.GetByTestId("nav-plans").ClickAsync();
        await WaitUntilInteractiveAsync(page);
        await Expect(page.GetByTestId("plan-grid")).ToBeVisibleAsync();
        Assert.True(await page.GetByTestId("plan-row").CountAsync() > 0, "The owner's grid opens empty.");
        Assert.True(await page.GetByTestId("cell-plan").CountAsync() > 0, "The owner's grid has no plan cells.");
        await ScreenshotAsync(page, "plans-owner-default-ru");
    }
    [Theory]
    [InlineData(OwnerEmail)]
    [InlineData(ManagerEmail)]
    public async Task On_a_phone_the_dashboard_does_not_scroll_sideways_and_its_kpi_cards_fit_the_screen(string email)
    {
        // Issue 17, "the dashboard readable at 390 px": wide tables scroll inside their own region, the page does not.
        var page = await SignedInPageAsync(email);
        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync("/dashboard");
        await WaitUntilInteractiveAsync(page);
        await Expect(page.GetByTestId("kpi-card").First).ToBeVisibleAsync();
        await ScreenshotAsync(page, $"dashboard-phone-{email.Split('@')[0]}");

        Assert.True(await page.EvaluateAsync<bool>("() => document.scrollingElement.scrollWidth <= window.innerWidth"),
            "the dashboard scrolls sideways at 390 px: " + await page.EvaluateAsync<string>("() => document.scrollingElement.scrollWidth + ' > ' + window.innerWidth"));
        var cards = await page.GetByTestId("kpi-card").CountAsync();
        for (var i = 0; i < cards; i++)
        {
            var box = await page.GetByTestId("kpi-card").Nth(i).BoundingBoxAsync();
            Assert.NotNull(box);
            Assert.True(box.X >= 0 && box.X + box.Width <= 390.5, $"KPI card {i + 1} spans {box.X}–{box.X + box.Width} px of 390.");
        }
    }
}
