using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using KpiPlanner.Infrastructure.Demo;
using KpiPlanner.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace KpiPlanner.Web.Tests.Browser;

/// <summary>
/// A manager imports a fact file into the grid: all or nothing, every bad row named; a file of another month is refused
/// naming both months, and a file that names no month asks which month first (issue 16, item 1).
/// </summary>
public sealed class PlansImportTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private static readonly UTF8Encoding Utf8WithBom = new(encoderShouldEmitUTF8Identifier: true);

    private static readonly CultureInfo Russian = CultureInfo.GetCultureInfo("ru-RU");

    /// <summary>«декабрь 2026», as the template and the messages write a month.</summary>
    private static string Shown(DateOnly month) => month.ToString("MMMM yyyy", Russian);

    private static byte[] Csv(string text) => [.. Utf8WithBom.GetPreamble(), .. Utf8WithBom.GetBytes(text)];

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
        // Today's month is in progress (decision 008): its fact is read against the plan due by today, so a fact on a
        // 94.3 % pace is 94.3 % of the plan × the share of working days gone (none gone yet: nothing due, no completion).
        var share = DemoData.ShareOfMonthElapsed(TestClock.Today);
        var fact = Math.Round(planValue * 0.943m * share, 2);
        var month = Shown(TestClock.ThisMonth);
        var csv = "Месяц;Табельный номер;Показатель;Факт\r\n"
            + $"{month};0103;sales_volume;" + fact.ToString("0.##", Russian) + $"\r\n{month};0103;client_meetings;40\r\n";

        await page.Locator("input[type=file]").SetInputFilesAsync(new FilePayload
        {
            Name = "факты.csv",
            MimeType = "text/csv",
            Buffer = Utf8WithBom.GetPreamble().Concat(Utf8WithBom.GetBytes(csv)).ToArray(),
        });

        await Expect(page.GetByText($"Загружено значений за {month}: 2")).ToBeVisibleAsync();
        await Expect(row.GetByTestId("cell-completion").First).ToHaveTextAsync(share > 0 ? new Regex(@"^94,3\s%$") : new Regex("^$"));
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
        var month = Shown(TestClock.ThisMonth);
        var csv = $"Месяц;Табельный номер;Показатель;Факт\r\n{month};0103;sales_volume;300000\r\n{month};0104;sales_volume;много\r\n";

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

    [Fact]
    public async Task A_file_of_another_month_is_refused_naming_both_months_and_the_database_is_unchanged()
    {
        await Fixture.App.ResetAsync();
        var fileMonth = TestClock.ThisMonth;
        var screenMonth = TestClock.NextMonth;
        var page = await SignedInPageAsync(ManagerEmail);
        await page.GotoAsync($"/plans?month={screenMonth:yyyy-MM}");
        await WaitUntilInteractiveAsync(page);
        await Expect(page.GetByTestId("plans-import-button")).ToBeEnabledAsync();

        // This month's template as the grid's menu downloads it, facts filled in.
        var sales = await SalesDepartmentAsync();
        var download = await page.APIRequest.GetAsync($"/api/periods/{fileMonth:yyyy-MM}/template?department={sales}&format=csv");
        Assert.True(download.Ok, $"template: {download.Status}");
        var text = Encoding.UTF8.GetString((await download.BodyAsync()).AsSpan(3));
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Месяц;", lines[0], StringComparison.Ordinal);
        var filled = lines.Take(1).Concat(lines.Skip(1).Select(l => l[..(l.LastIndexOf(';') + 1)] + "7"));
        var before = (await SnapshotAsync(fileMonth), await SnapshotAsync(screenMonth));

        await page.Locator("input[type=file]").SetInputFilesAsync(new FilePayload
        {
            Name = $"kpi-{fileMonth:yyyy-MM}-otdel-prodazh.csv",
            MimeType = "text/csv",
            Buffer = Csv(string.Join("\r\n", filled)),
        });

        var errors = page.GetByTestId("import-errors");
        await Expect(errors).ToContainTextAsync($"Файл — за {Shown(fileMonth)}, а загружаете в {Shown(screenMonth)}");
        await Expect(errors).ToContainTextAsync("в нём не тот месяц. Ничего не изменено.");
        await Expect(page.GetByTestId("import-error")).ToHaveCountAsync(1);
        await ScreenshotAsync(page, "plans-import-month-mismatch");
        Assert.Equal(before, (await SnapshotAsync(fileMonth), await SnapshotAsync(screenMonth)));
        await Expect(page.GetByText(new Regex("Загружено значений"))).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_file_without_a_month_asks_for_the_month_first_cancel_writes_nothing_and_confirm_writes()
    {
        await Fixture.App.ResetAsync();
        var month = TestClock.NextMonth;
        var page = await SignedInPageAsync(ManagerEmail);
        await page.GotoAsync($"/plans?month={month:yyyy-MM}");
        await WaitUntilInteractiveAsync(page);
        await Expect(page.GetByTestId("plans-import-button")).ToBeEnabledAsync();
        var file = new FilePayload
        {
            Name = "старый шаблон.csv",
            MimeType = "text/csv",
            Buffer = Csv("Табельный номер;Показатель;План\r\n0103;sales_volume;123456\r\n"),
        };
        var before = await SnapshotAsync(month);

        await page.Locator("input[type=file]").SetInputFilesAsync(file);

        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToContainTextAsync($"В файле «старый шаблон.csv» не указан месяц. Загрузить его в {Shown(month)}?");
        await ScreenshotAsync(page, "plans-import-month-confirm");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Отмена" }).ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("plans-import-button")).ToBeEnabledAsync();
        Assert.Equal(before, await SnapshotAsync(month));

        await page.Locator("input[type=file]").SetInputFilesAsync(file);
        await dialog.GetByRole(AriaRole.Button, new() { Name = $"Загрузить в {Shown(month)}" }).ClickAsync();

        await Expect(page.GetByText($"Загружено значений за {Shown(month)}: 1")).ToBeVisibleAsync();
        await ScreenshotAsync(page, "plans-import-month-confirmed");
        await using var db = Fixture.App.CreateDbContext();
        var smirnov = await db.Employees.Where(e => e.PersonnelNumber == "0103").Select(e => e.Id).SingleAsync();
        var value = await db.MonthlyKpiValues.AsNoTracking().SingleAsync(v => v.EmployeeId == smirnov && v.Month == month && v.KpiKey == "sales_volume");
        Assert.Equal(123456m, value.Plan);
    }

    [Fact]
    public async Task In_english_the_month_question_and_the_refusal_name_the_months_in_english()
    {
        await Fixture.App.ResetAsync();
        var english = CultureInfo.GetCultureInfo("en-US");
        var screenMonth = TestClock.NextMonth;
        var page = await SignedInPageAsync(ManagerEmail, "en-US");
        await page.GotoAsync($"/plans?month={screenMonth:yyyy-MM}");
        await WaitUntilInteractiveAsync(page);
        await Expect(page.GetByTestId("plans-import-button")).ToBeEnabledAsync();
        var before = await SnapshotAsync(screenMonth);

        await page.Locator("input[type=file]").SetInputFilesAsync(new FilePayload
        {
            Name = "old.csv",
            MimeType = "text/csv",
            Buffer = Csv("Personnel number,KPI,Fact\r\n0103,sales_volume,5\r\n"),
        });
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToContainTextAsync($"The file “old.csv” names no month. Import it into {screenMonth.ToString("MMMM yyyy", english)}?");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);

        var fileMonth = TestClock.ThisMonth.ToString("MMMM yyyy", english);
        await page.Locator("input[type=file]").SetInputFilesAsync(new FilePayload
        {
            Name = "december.csv",
            MimeType = "text/csv",
            Buffer = Csv($"Month,Personnel number,KPI,Fact\r\n{fileMonth},0103,sales_volume,5\r\n"),
        });

        await Expect(page.GetByTestId("import-errors")).ToContainTextAsync(
            $"The file is for {fileMonth}, but you are importing it into {screenMonth.ToString("MMMM yyyy", english)}");
        await ScreenshotAsync(page, "plans-import-month-mismatch-en");
        Assert.Equal(before, await SnapshotAsync(screenMonth));
    }

    private async Task<int> SalesDepartmentAsync()
    {
        await using var db = Fixture.App.CreateDbContext();
        return await db.Departments.Where(d => d.Name == DemoData.SalesDepartmentName).Select(d => d.Id).SingleAsync();
    }

    /// <summary>Every plan and fact of a month as stored, to prove nothing changed.</summary>
    private async Task<string> SnapshotAsync(DateOnly month)
    {
        await using var db = Fixture.App.CreateDbContext();
        var rows = await db.MonthlyKpiValues.AsNoTracking().Where(v => v.Month == month)
            .OrderBy(v => v.EmployeeId).ThenBy(v => v.KpiKey)
            .Select(v => new { v.EmployeeId, v.KpiKey, v.Plan, v.Fact, v.UpdatedAt })
            .ToListAsync();
        return string.Join("\n", rows.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.EmployeeId}|{r.KpiKey}|{r.Plan}|{r.Fact}|{r.UpdatedAt:O}")));
    }
}
