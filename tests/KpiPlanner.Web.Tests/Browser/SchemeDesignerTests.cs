using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace KpiPlanner.Web.Tests.Browser;

/// <summary>HR designs the article's scheme in the designer and sees the check of every outcome (table 6).</summary>
public sealed class SchemeDesignerTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private const string Table6Scale = "Три уровня: 0,5 / 1 / 1,5 (таблица 6)";

    [Fact]
    public async Task HR_designs_the_articles_50_50_scheme_and_sees_the_table_6_matrix()
    {
        await Fixture.App.ResetAsync();
        var page = await SignedInPageAsync(HrEmail);

        await page.GetByTestId("nav-schemes").ClickAsync();
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Руководитель отдела продаж" });
        await row.GetByTestId("scheme-design").ClickAsync();
        await Expect(page.GetByTestId("designer-title")).ToContainTextAsync("Руководитель отдела продаж");

        // Market pay 30 000 ₽ split 50/50: 15 000 fixed + 15 000 planned variable.
        await page.GetByTestId("scheme-name").FillAsync("Пример из статьи: 50 на 50");
        await page.GetByTestId("scheme-market").FillAsync("30000");
        await page.GetByTestId("split-50").ClickAsync();
        await Expect(page.GetByTestId("scheme-fixed")).ToHaveValueAsync(new Regex(@"^15\s?000,00$"));
        await Expect(page.GetByTestId("scheme-variable")).ToHaveValueAsync(new Regex(@"^15\s?000,00$"));

        // KPI 1: sales plan from the catalogue, 50 %, the three-level scale.
        await AddFromCatalogAsync(page, "Объём продаж");
        var first = page.GetByTestId("kpi-row").Nth(0);
        await first.GetByTestId("kpi-weight").FillAsync("50");
        await ChooseScaleAsync(page, first);

        // KPI 2: the work plan, the remaining 50 %.
        await AddFromCatalogAsync(page, "Встречи с клиентами");
        var second = page.GetByTestId("kpi-row").Nth(1);
        await Expect(second.GetByTestId("kpi-weight")).ToHaveValueAsync("50");
        await ChooseScaleAsync(page, second);
        await Expect(page.GetByTestId("weight-sum")).ToContainTextAsync("100");

        // The check: the article's table 6, row by row.
        var cells = page.GetByTestId("check-cell");
        await Expect(cells).ToHaveCountAsync(9);
        var values = (await cells.AllInnerTextsAsync()).Select(t => Regex.Replace(t, "[^0-9,]", string.Empty)).ToArray();
        Assert.Equal(
            ["22500,00", "26250,00", "30000,00", "26250,00", "30000,00", "33750,00", "30000,00", "33750,00", "37500,00"],
            values);
        await Expect(page.GetByTestId("check-min")).ToContainTextAsync(new Regex(@"22\s?500,00"));
        await Expect(page.GetByTestId("check-plan")).ToContainTextAsync(new Regex(@"30\s?000,00"));
        await Expect(page.GetByTestId("check-max")).ToContainTextAsync(new Regex(@"37\s?500,00"));

        // The article's example in the preview: plan 350 000, fact 330 000 → 94.3 % → coefficient 1.
        var preview = page.GetByTestId("preview-row").Nth(0);
        await preview.GetByTestId("preview-plan").FillAsync("350000");
        await preview.GetByTestId("preview-fact").FillAsync("330000");
        await Expect(page.GetByTestId("preview-table")).ToContainTextAsync("94,3");
        await Expect(page.GetByTestId("preview-total")).ToContainTextAsync(new Regex(@"30\s?000,00"));

        await ScreenshotAsync(page, "scheme-designer-ru");

        // Saved as a version, it is there after a reload.
        await page.GetByTestId("scheme-save-new").ClickAsync();
        await Expect(page.GetByText("Схема сохранена.")).ToBeVisibleAsync();
        await page.ReloadAsync();
        await WaitUntilInteractiveAsync(page);
        await Expect(page.GetByTestId("scheme-name")).ToHaveValueAsync("Пример из статьи: 50 на 50");
        await Expect(page.GetByTestId("check-cell")).ToHaveCountAsync(9);
    }

    [Fact]
    public async Task Weights_that_do_not_sum_to_100_are_named_next_to_the_kpis_and_the_check_waits()
    {
        await Fixture.App.ResetAsync();
        var page = await SignedInPageAsync(HrEmail);
        await page.GotoAsync("/schemes");
        await WaitUntilInteractiveAsync(page);
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Менеджер по продажам" });
        await row.GetByTestId("scheme-design").ClickAsync();
        await Expect(page.GetByTestId("check-cell")).ToHaveCountAsync(25);

        await page.GetByTestId("kpi-row").Nth(0).GetByTestId("kpi-weight").FillAsync("49,99");

        await Expect(page.GetByTestId("kpis-error")).ToContainTextAsync("99,99");
        await Expect(page.GetByTestId("check-unavailable")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_growth_kpi_takes_its_base_from_the_scheme_and_the_preview_measures_the_growth_made_over_the_growth_planned()
    {
        await Fixture.App.ResetAsync();
        var page = await SignedInPageAsync(HrEmail);
        await page.GotoAsync("/schemes");
        await WaitUntilInteractiveAsync(page);
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Руководитель отдела продаж" });
        await row.GetByTestId("scheme-design").ClickAsync();
        await page.GetByTestId("scheme-market").FillAsync("30000");
        await page.GetByTestId("split-50").ClickAsync();

        // Revenue growth, 100 %, on a base HR types: 1 000 000.
        await AddFromCatalogAsync(page, "Прирост выручки");
        var kpi = page.GetByTestId("kpi-row").Nth(0);
        await kpi.GetByTestId("kpi-weight").FillAsync("100");
        await ChooseScaleAsync(page, kpi);
        await kpi.GetByTestId("kpi-growth-base").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Задать значение", Exact = true }).ClickAsync();

        // No value yet: the field says so.
        await Expect(kpi).ToContainTextAsync("Укажите значение базы");
        await kpi.GetByTestId("kpi-growth-base-value").FillAsync("1000000");
        await Expect(kpi).Not.ToContainTextAsync("Укажите значение базы");

        // The issue's example: plan growth 20 % (plan 1 200 000), fact 1 150 000 → 75 % → table 6's 0.5.
        var preview = page.GetByTestId("preview-row").Nth(0);
        await Expect(preview).ToContainTextAsync(new Regex(@"база 1\s?000\s?000,00"));
        await preview.GetByTestId("preview-plan").FillAsync("1200000");
        await preview.GetByTestId("preview-fact").FillAsync("1150000");
        await Expect(page.GetByTestId("preview-table")).ToContainTextAsync("75");
        await Expect(page.GetByTestId("preview-total")).ToContainTextAsync(new Regex(@"22\s?500,00"));
        await ScreenshotAsync(page, "scheme-designer-growth-ru");
    }

    private static async Task AddFromCatalogAsync(IPage page, string name)
    {
        await page.GetByTestId("kpi-catalog").FillAsync(name);
        await page.GetByRole(AriaRole.Option, new() { Name = name, Exact = true }).ClickAsync();
    }

    private static async Task ChooseScaleAsync(IPage page, ILocator kpiRow)
    {
        await kpiRow.GetByTestId("kpi-scale").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = Table6Scale, Exact = true }).ClickAsync();
        await Expect(kpiRow).ToContainTextAsync("90% → 1");
    }
}
