using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace KpiPlanner.Web.Tests.Browser;

/// <summary>A manager imports a fact file into the grid: all or nothing, every bad row named.</summary>
public sealed class PlansImportTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private static readonly UTF8Encoding Utf8WithBom = new(encoderShouldEmitUTF8Identifier: true);

    [Fact]
    public async Task A_manager_imports_a_fact_file_and_sees_the_completion()
    {
        await Fixture.App.ResetAsync();
        var page = await SignedInPageAsync(ManagerEmail);
        await page.GotoAsync("/plans");
        await WaitUntilInteractiveAsync(page);
        var row = page.GetByTestId("plan-row").Filter(new() { HasText = "Смирнов Дмитрий Олегович" });
        var plan = await row.Locator("[data-testid=cell-plan][data-kpi=sales_volume]").InputValueAsync();
        var planValue = decimal.Parse(Regex.Replace(plan, @"\s", string.Empty), System.Globalization.CultureInfo.GetCultureInfo("ru-RU"));
        var fact = planValue * 0.943m;
        var csv = "Табельный номер;Показатель;Факт\r\n0103;sales_volume;" + fact.ToString("0.##", System.Globalization.CultureInfo.GetCultureInfo("ru-RU")) + "\r\n0103;client_meetings;40\r\n";

        await page.Locator("input[type=file]").SetInputFilesAsync(new FilePayload
        {
            Name = "факты.csv",
            MimeType = "text/csv",
            Buffer = Utf8WithBom.GetPreamble().Concat(Utf8WithBom.GetBytes(csv)).ToArray(),
        });

        await Expect(page.GetByText(new Regex("Загружено значений: 2"))).ToBeVisibleAsync();
        await Expect(row.GetByTestId("cell-completion").First).ToHaveTextAsync(new Regex(@"^94,3\s%$"));
    }

    [Fact]
    public async Task A_file_with_a_bad_row_changes_nothing_and_names_the_row()
    {
        await Fixture.App.ResetAsync();
        var page = await SignedInPageAsync(ManagerEmail);
        await page.GotoAsync("/plans");
        await WaitUntilInteractiveAsync(page);
        await Expect(page.GetByTestId("cell-fact")).ToHaveCountAsync(26);
        var before = await page.GetByTestId("cell-fact").EvaluateAllAsync<string[]>("els => els.map(e => e.value)");
        var csv = "Табельный номер;Показатель;Факт\r\n0103;sales_volume;300000\r\n0104;sales_volume;много\r\n";

        await page.Locator("input[type=file]").SetInputFilesAsync(new FilePayload
        {
            Name = "ошибка.csv",
            MimeType = "text/csv",
            Buffer = Encoding.UTF8.GetBytes(csv),
        });

        var errors = page.GetByTestId("import-error");
        await Expect(errors).ToHaveCountAsync(1);
        await Expect(errors.First).ToContainTextAsync("3");
        await Expect(page.GetByTestId("import-errors")).ToContainTextAsync("Ничего не изменено");
        var after = await page.GetByTestId("cell-fact").EvaluateAllAsync<string[]>("els => els.map(e => e.value)");
        Assert.Equal(before, after);
    }
}
