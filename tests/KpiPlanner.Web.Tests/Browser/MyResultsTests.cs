using System.Text.RegularExpressions;

namespace KpiPlanner.Web.Tests.Browser;

/// <summary>An employee sees their own plans, facts and variable pay, and nobody else's.</summary>
public sealed class MyResultsTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task An_employee_sees_their_own_months_with_completion_and_the_variable_part()
    {
        await Fixture.App.ResetAsync();
        var page = await SignedInPageAsync(EmployeeEmail);

        var months = page.GetByTestId("my-month");
        await Expect(months).ToHaveCountAsync(6);
        var lastMonth = months.Nth(1);
        await Expect(lastMonth).ToContainTextAsync("Выполнение плана продаж");
        // Last month is closed: its statement shows what is paid; the month before is still an estimate.
        await Expect(lastMonth.GetByTestId("my-statement")).ToContainTextAsync("Начислено");
        await Expect(months.Nth(2).GetByTestId("my-estimate")).ToContainTextAsync(new Regex(@"из плановых 15\s000,00"));
        await ScreenshotAsync(page, "my-results-employee-ru");
    }
}
