using KpiPlanner.Domain.Planning;
using KpiPlanner.Testing;

namespace KpiPlanner.Web.Tests.Browser;

/// <summary>The motivation scheme PDF downloads from the employee's home page and from HR's employees list.</summary>
public sealed class SchemeDocumentTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private static string CurrentMonthKey => Period.Key(TestClock.ThisMonth);

    [Fact]
    public async Task An_employee_downloads_their_own_scheme_from_the_home_page()
    {
        await Fixture.App.ResetAsync();
        var page = await SignedInPageAsync(EmployeeEmail);
        await Expect(page.GetByTestId("my-scheme-pdf")).ToContainTextAsync("Моя мотивационная схема (PDF)");
        await ScreenshotAsync(page, "scheme-pdf-employee-home-ru");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("my-scheme-pdf").ClickAsync());

        Assert.Equal($"scheme-0101-{CurrentMonthKey}.pdf", download.SuggestedFilename);
        var text = Pdf.Text(await File.ReadAllBytesAsync(await download.PathAsync()), "browser-employee-home-ru");
        Assert.Contains("Мотивационная схема сотрудника", text);
        Assert.Contains("Иванов Иван Сергеевич", text);
    }

    [Fact]
    public async Task HR_downloads_an_employees_scheme_in_English_and_gets_no_button_where_there_is_no_scheme()
    {
        await Fixture.App.ResetAsync();
        var page = await SignedInPageAsync(HrEmail, "en-US");
        await page.GotoAsync("/organisation/employees");
        await WaitUntilInteractiveAsync(page);
        var table = page.GetByTestId("employees-table");
        var ivanov = table.Locator("tbody tr", new() { HasText = "Иванов Иван Сергеевич" });
        var headOfSales = table.Locator("tbody tr", new() { HasText = "Кузнецов Андрей Павлович" });
        await Expect(ivanov.GetByTestId("employee-scheme-pdf")).ToBeVisibleAsync();
        await Expect(headOfSales).ToBeVisibleAsync();
        await Expect(headOfSales.GetByTestId("employee-scheme-pdf")).ToHaveCountAsync(0); // the head of sales' position has no scheme
        await ScreenshotAsync(page, "scheme-pdf-employees-hr-en");

        var download = await page.RunAndWaitForDownloadAsync(() => ivanov.GetByTestId("employee-scheme-pdf").ClickAsync());

        Assert.Equal($"scheme-0101-{CurrentMonthKey}.pdf", download.SuggestedFilename);
        var text = Pdf.Text(await File.ReadAllBytesAsync(await download.PathAsync()), "browser-hr-employees-en");
        Assert.Contains("Employee motivation scheme", text);
        Assert.Contains("Personnel number", text);
    }
}
