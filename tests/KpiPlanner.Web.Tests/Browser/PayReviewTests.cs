using KpiPlanner.Testing;
using System.Text.RegularExpressions;
using KpiPlanner.Domain.Planning;
using Microsoft.Playwright;
using MiniExcelLibs;

namespace KpiPlanner.Web.Tests.Browser;

/// <summary>HR takes a month from calculation to close and hands it to payroll; nobody else reaches those actions.</summary>
public sealed class PayReviewTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private static readonly DateOnly ThisMonth = TestClock.ThisMonth;

    [Fact]
    public async Task Hr_calculates_explains_adjusts_the_owner_approves_and_hr_closes_and_downloads_the_payroll_export()
    {
        await Fixture.App.ResetAsync();
        var page = await SignedInPageAsync(HrEmail);
        await page.GotoAsync("/pay/" + Period.Key(ThisMonth));
        await Expect(page.GetByTestId("pay-ready")).ToBeAttachedAsync();
        await Expect(page.GetByTestId("pay-status")).ToHaveAttributeAsync("data-status", "Open");

        await page.GetByTestId("pay-calculate").ClickAsync();
        await Expect(page.GetByTestId("pay-status")).ToHaveAttributeAsync("data-status", "Calculated");
        // 13 sales managers, the marketing department's 2 lead marketers (the demo's sales funnel) and the coffee shop's
        // 2 baristas.
        await Expect(page.GetByTestId("pay-messages")).ToContainTextAsync("Рассчитано строк: 17");

        // Every rouble explained: the scheme version, the KPIs with plan, fact, band, coefficient and contribution.
        await page.GetByTestId("pay-row-name").Filter(new() { HasText = "Белов Кирилл Романович" }).ClickAsync();
        var detail = page.GetByTestId("pay-detail");
        await Expect(detail).ToContainTextAsync("Менеджер по продажам: 50 на 50");
        await Expect(detail.GetByTestId("pay-explanation")).ToContainTextAsync("Выполнение плана продаж");
        await Expect(detail.GetByTestId("pay-formula")).ToContainTextAsync("Оклад 15 000,00 ₽");
        await ScreenshotAsync(page, "pay-review-explanation");

        // The motivation scheme document the pay was calculated by, as the person signed it.
        var pdf = await page.RunAndWaitForDownloadAsync(() => detail.GetByTestId("pay-scheme-pdf").ClickAsync());
        Assert.Equal($"scheme-0112-{Period.Key(ThisMonth)}.pdf", pdf.SuggestedFilename);
        var text = KpiPlanner.Testing.Pdf.Text(await File.ReadAllBytesAsync((await pdf.PathAsync())!), "browser-pay-review-ru");
        Assert.Contains("Белов Кирилл Романович", text, StringComparison.Ordinal);

        // An adjustment needs a reason.
        await detail.GetByTestId("pay-adjust-amount").FillAsync("1500");
        await detail.GetByTestId("pay-adjust-save").ClickAsync();
        await Expect(page.GetByTestId("pay-messages")).ToContainTextAsync("Укажите причину");
        await Expect(detail.GetByTestId("pay-messages")).ToBeInViewportAsync(); // said under the form, not at the page top
        await detail.GetByTestId("pay-adjust-reason").FillAsync("Крупный клиент вне плана");
        await detail.GetByTestId("pay-adjust-save").ClickAsync();
        await Expect(detail.GetByTestId("pay-adjustment")).ToContainTextAsync("Крупный клиент вне плана");
        await Expect(detail.GetByTestId("pay-adjust-amount")).ToHaveValueAsync(string.Empty); // the form empties after the add
        await Expect(detail.GetByTestId("pay-adjust-reason")).ToHaveValueAsync(string.Empty);
        await Expect(page.GetByTestId("pay-adjustments")).ToHaveTextAsync(new Regex(@"^1\s500,00\s₽$"));

        // Four eyes: HR changed the pay alone, so someone else approves it — here the owner, in their own browser.
        await page.GetByTestId("pay-approve").ClickAsync();
        await Expect(page.GetByTestId("pay-messages")).ToContainTextAsync("утвердить её должен другой человек");
        await Expect(page.GetByTestId("pay-status")).ToHaveAttributeAsync("data-status", "Calculated");
        var owner = await SignedInPageAsync(OwnerEmail);
        await owner.GotoAsync("/pay/" + Period.Key(ThisMonth));
        await Expect(owner.GetByTestId("pay-ready")).ToBeAttachedAsync();
        await owner.GetByTestId("pay-approve").ClickAsync();
        await Expect(owner.GetByTestId("pay-status")).ToHaveAttributeAsync("data-status", "Approved");
        await page.GotoAsync("/pay/" + Period.Key(ThisMonth));
        await Expect(page.GetByTestId("pay-ready")).ToBeAttachedAsync();
        await Expect(page.GetByTestId("pay-status")).ToHaveAttributeAsync("data-status", "Approved");

        // Facts are still missing this month: the close lists who misses what and needs an explicit decision.
        await page.GetByTestId("pay-close").ClickAsync();
        await Expect(page.GetByTestId("pay-missing")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("pay-close-confirm")).ToBeDisabledAsync();
        await page.GetByTestId("pay-count-zero").ClickAsync();
        // The month is not over: the panel says how many days are left and needs an explicit "close early".
        await Expect(page.GetByTestId("pay-not-over")).ToContainTextAsync("Месяц ещё не закончился");
        await Expect(page.GetByTestId("pay-close-confirm")).ToBeDisabledAsync();
        await page.GetByTestId("pay-close-early").ClickAsync();
        await ScreenshotAsync(page, "pay-review-close-early");
        await page.GetByTestId("pay-close-confirm").ClickAsync();
        await Expect(page.GetByTestId("pay-status")).ToHaveAttributeAsync("data-status", "Closed");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("pay-export-xlsx").ClickAsync());
        Assert.Equal($"payroll-{Period.Key(ThisMonth)}.xlsx", download.SuggestedFilename);
        var path = await download.PathAsync();
        var rows = MiniExcel.Query(path!, useHeaderRow: true, excelType: ExcelType.XLSX).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(17, rows.Count); // 13 sales managers + 2 lead marketers + 2 baristas
        var belov = rows.Single(r => (string?)r["ФИО"] == "Белов Кирилл Романович");
        Assert.Equal(1500m, Convert.ToDecimal(belov["Корректировки"], System.Globalization.CultureInfo.InvariantCulture));
        await ScreenshotAsync(page, "pay-review-closed");
    }

    [Fact]
    public async Task The_explanation_of_a_row_far_down_opens_under_that_row_in_view()
    {
        var page = await SignedInPageAsync(HrEmail);
        await page.GotoAsync("/pay"); // last month: calculated and closed
        await Expect(page.GetByTestId("pay-ready")).ToBeAttachedAsync();
        var names = page.GetByTestId("pay-row-name");
        await Expect(names.Nth(12)).ToBeVisibleAsync();
        var last = names.Last;
        var before = await last.BoundingBoxAsync();
        Assert.True(before!.Y > page.ViewportSize!.Height, $"the last row is at y {before.Y}: not far down, the test proves nothing");

        await last.ClickAsync();

        var detail = page.GetByTestId("pay-detail");
        await Expect(page.GetByTestId("pay-detail-row")).ToHaveCountAsync(1);
        await Expect(detail).ToContainTextAsync(await last.Locator("div").First.InnerTextAsync());
        await Expect(detail).ToBeInViewportAsync();
        var row = await last.BoundingBoxAsync();
        var box = await detail.BoundingBoxAsync();
        Assert.True(box!.Y >= row!.Y + row.Height - 1, $"the explanation (y {box.Y}) is not under its row (y {row.Y}…{row.Y + row.Height})");
        Assert.True(box.Y >= 0 && box.Y < page.ViewportSize.Height, $"the explanation starts at y {box.Y}, outside the window");
        await ScreenshotAsync(page, "pay-review-explanation-under-row");

        // Another row: its explanation replaces the first, under it.
        await names.Nth(2).ClickAsync();
        await Expect(page.GetByTestId("pay-detail-row")).ToHaveCountAsync(1);
        await Expect(detail).ToContainTextAsync(await names.Nth(2).Locator("div").First.InnerTextAsync());
        await Expect(detail).ToBeInViewportAsync();
    }

    [Fact]
    public async Task The_employee_sees_the_statement_of_the_closed_month_with_what_they_are_paid()
    {
        await Fixture.App.ResetAsync();
        decimal total;
        await using (var db = Fixture.App.CreateDbContext())
        {
            var me = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Users, u => u.Email == EmployeeEmail);
            var line = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.PayLines,
                l => l.EmployeeId == me.EmployeeId && l.Month == ThisMonth.AddMonths(-1));
            total = line.Total;
        }

        var page = await SignedInPageAsync(EmployeeEmail);
        var lastMonth = page.GetByTestId("my-month").Nth(1);
        await Expect(lastMonth.GetByTestId("my-statement")).ToHaveTextAsync("Начислено: " + total.ToString("C2", System.Globalization.CultureInfo.GetCultureInfo("ru-RU")));
        await Expect(lastMonth.GetByTestId("my-sum")).ToContainTextAsync("Оклад 15 000,00 ₽");
        await Expect(page.GetByTestId("my-month").First.GetByTestId("my-statement")).ToHaveCountAsync(0);
        await ScreenshotAsync(page, "employee-statement");
    }

    [Fact]
    public async Task A_manager_and_an_employee_cannot_reach_the_pay_review_by_url()
    {
        var manager = await SignedInPageAsync(ManagerEmail);
        await manager.GotoAsync("/pay/" + Period.Key(ThisMonth.AddMonths(-1)));
        await Expect(manager.GetByTestId("access-denied")).ToBeVisibleAsync();
        await Expect(manager.GetByTestId("pay-calculate")).ToHaveCountAsync(0);
        await Expect(manager.GetByTestId("nav-pay")).ToHaveCountAsync(0);

        var employee = await SignedInPageAsync(EmployeeEmail);
        await employee.GotoAsync("/pay");
        await Expect(employee.GetByTestId("access-denied")).ToBeVisibleAsync();
    }
}
