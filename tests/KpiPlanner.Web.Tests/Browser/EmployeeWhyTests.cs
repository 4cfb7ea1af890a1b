using System.Globalization;
using KpiPlanner.Domain.Organisation;
using KpiPlanner.Web.Features.Home;
using KpiPlanner.Web.Features.Plans;
using KpiPlanner.Web.Localization;
using KpiPlanner.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Microsoft.Playwright;

namespace KpiPlanner.Web.Tests.Browser;

/// <summary>
/// Issue 17, the employee's own "why": on a phone (390 × 844) the employee sees each KPI's completion, band and
/// coefficient and the month's total without scrolling sideways; the formula line and the next-band hints on the page are
/// the ones the pay engine's figures give (checked against the engine itself in MyPayExplainedTests).
/// </summary>
public sealed class EmployeeWhyTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private const int PhoneWidth = 390;
    private const int PhoneHeight = 844;

    [Theory]
    [InlineData("ru")]
    [InlineData("en")]
    public async Task On_a_phone_the_employee_sees_completion_band_coefficient_and_the_total_without_scrolling_sideways(string language)
    {
        await Fixture.App.ResetAsync();
        var page = await NewPageAsync(Locale(language));
        await page.SetViewportSizeAsync(PhoneWidth, PhoneHeight);
        await SignInAsync(page, EmployeeEmail);

        // Last month is over and closed: its statement, and each KPI's completion, band and coefficient.
        var lastMonth = page.GetByTestId("my-month").Nth(1);
        await Expect(lastMonth.GetByTestId("my-statement")).ToBeVisibleAsync();
        var kpi = lastMonth.GetByTestId("my-kpi").First;
        foreach (var part in new[] { lastMonth.GetByTestId("my-statement"), lastMonth.GetByTestId("my-sum"), lastMonth.GetByTestId("my-formula"),
                     kpi.GetByTestId("my-completion"), kpi.GetByTestId("my-band"), kpi.GetByTestId("my-coefficient"), kpi.GetByTestId("my-next") })
        {
            await AssertInsideTheViewportAsync(page, part);
        }

        Assert.True(await page.EvaluateAsync<bool>("() => document.scrollingElement.scrollWidth <= window.innerWidth"),
            "the employee's page scrolls sideways at 390 px: " + await page.EvaluateAsync<string>(
                "() => document.scrollingElement.scrollWidth + ' > ' + window.innerWidth"));
        await ScreenshotAsync(page, $"employee-phone-{language}");
    }

    [Theory]
    [InlineData("ru")]
    [InlineData("en")]
    public async Task The_formula_line_the_sum_and_the_next_band_hints_on_the_page_are_the_pay_engines(string language)
    {
        await Fixture.App.ResetAsync();
        var expected = await ExpectedTextsAsync(language);
        var page = await NewPageAsync(Locale(language));
        await page.SetViewportSizeAsync(1440, 900);
        await SignInAsync(page, EmployeeEmail);

        var months = page.GetByTestId("my-month");
        await Expect(months).ToHaveCountAsync(expected.Count);
        var formulas = 0;
        for (var i = 0; i < expected.Count; i++)
        {
            var (formula, sum, hints) = expected[i];
            var month = months.Nth(i);
            if (formula is not null)
            {
                await Expect(month.Locator("[data-testid=my-formula] .my-formula")).ToHaveTextAsync(formula);
                await Expect(month.GetByTestId("my-sum")).ToHaveTextAsync(sum!);
                formulas++;
            }

            await Expect(month.GetByTestId("my-next")).ToHaveTextAsync(hints.ToArray());
        }

        Assert.True(formulas >= 2, "the demo employee's page shows fewer than two formulas");
        await ScreenshotAsync(page, $"employee-desktop-{language}");
    }

    /// <summary>What the page must say, from the employee's months as the service gives them (the pay engine's figures).</summary>
    private async Task<List<(string? Formula, string? Sum, List<string> Hints)>> ExpectedTextsAsync(string language)
    {
        int employeeId;
        await using (var db = Fixture.App.CreateDbContext())
        {
            employeeId = (await db.Users.SingleAsync(u => u.Email == EmployeeEmail)).EmployeeId!.Value;
        }

        var (culture, uiCulture) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = AppCultures.Get(language);
            await using var scope = Fixture.App.Services.CreateAsyncScope();
            var text = new MyPayText(scope.ServiceProvider.GetRequiredService<IStringLocalizer<SharedResource>>());
            var months = await scope.ServiceProvider.GetRequiredService<PlansService>()
                .MyMonthsAsync(new UserContext("u", EmployeeEmail, [Roles.Employee], employeeId), 6);
            return months.Select(m => (
                m.Formula is { } f ? text.Formula(f) : null,
                m.Formula is null ? null : text.Sum(m),
                m.InProgress ? [] : m.Kpis.Select(text.Next).ToList())).ToList();
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, uiCulture);
        }
    }

    private static async Task AssertInsideTheViewportAsync(IPage page, ILocator element)
    {
        await element.ScrollIntoViewIfNeededAsync();
        var box = await element.BoundingBoxAsync() ?? throw new InvalidOperationException("not rendered: " + element);
        var size = page.ViewportSize!;
        Assert.True(box.X >= 0 && box.X + box.Width <= size.Width + 0.5 && box.Y >= 0 && box.Y + box.Height <= size.Height + 0.5,
            $"{element} is at x {box.X}…{box.X + box.Width}, y {box.Y}…{box.Y + box.Height}, outside {size.Width} × {size.Height}");
    }

    private static string Locale(string language) => language == "ru" ? "ru-RU" : "en-US";
}
