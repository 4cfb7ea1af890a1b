using System.Text.RegularExpressions;
using KpiPlanner.Domain.Goals;
using KpiPlanner.Infrastructure.Demo;
using KpiPlanner.Testing;

namespace KpiPlanner.Web.Tests.Browser;

/// <summary>
/// Issue 16, "every number shown is true": on a day of the month in progress the current month's cards compare the
/// facts so far with the plan due by today, say so, and show no band coefficient of a final result (no red «× 0» on
/// day 6); the trend marks the month as in progress; a past month keeps its bands and coefficients (decision 008).
/// </summary>
public sealed class InProgressTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private static DateOnly Today => TestClock.Today;

    [Fact]
    public async Task The_current_months_cards_read_against_the_plan_to_date_without_a_final_band_and_a_past_month_keeps_its_bands()
    {
        await Fixture.App.ResetAsync(); // the demo as of today
        var page = await SignedInPageAsync(OwnerEmail);
        await PageScreenshotAsync(page, "home-owner-ru");

        await page.GotoAsync("/dashboard?period=" + PeriodRange.OfMonth(Today));
        await WaitForDashboardAsync(page);
        await Expect(page.GetByTestId("dashboard-in-progress")).ToContainTextAsync(DemoData.ShareOfMonthElapsed(Today) > 0
            ? new Regex(@"период идёт: рабочих дней месяца прошло \d+ из [1-9]\d*")
            : new Regex(@"период идёт, но рабочие дни месяца ещё не начались \(0 из [1-9]\d*\)"));

        var cards = page.GetByTestId("kpi-card");
        await Expect(cards.First).ToBeVisibleAsync();
        // No coefficient anywhere on the month's KPI cards: nobody has earned or lost a band yet.
        await Expect(page.GetByTestId("dashboard-kpis")).Not.ToContainTextAsync("× ");
        // Every completion shown is a completion to date («… плана на сегодня»), or there is none yet (day 1 may be a
        // holiday: no working day has passed and nothing is due).
        var chips = page.GetByTestId("dashboard-kpis").GetByTestId("completion");
        var count = await chips.CountAsync();
        Assert.True(count > 0);
        for (var i = 0; i < count; i++)
        {
            var chip = chips.Nth(i);
            if (await chip.GetAttributeAsync("data-tone") != "None")
            {
                await Expect(chip).ToHaveAttributeAsync("data-to-date", "true");
                await Expect(chip).ToContainTextAsync("плана на сегодня");
            }
        }

        var sales = page.Locator($"[data-testid=kpi-card][data-kpi={DemoData.SalesKpi}]");
        if (DemoData.ShareOfMonthElapsed(Today) > 0)
        {
            await Expect(sales.GetByTestId("kpi-plan-to-date")).ToContainTextAsync("План на сегодня");
            await Expect(sales.GetByTestId("kpi-so-far")).ToHaveTextAsync("к сегодняшнему дню");
            // The demo's people are on pace: no red band on a day of the month in progress.
            await Expect(sales.GetByTestId("completion")).Not.ToHaveAttributeAsync("data-tone", "Bad");
            await Expect(page.GetByTestId("trend-in-progress")).ToContainTextAsync("ещё идёт");
        }

        // The trend marks today's month «(идёт)» rather than showing an unexplained dip.
        await Expect(page.GetByTestId("trend-chart")).ToContainTextAsync("(идёт)");
        await PageScreenshotAsync(page, "dashboard-in-progress-ru");

        await page.GetByRole(Microsoft.Playwright.AriaRole.Tab, new() { Name = "По подразделениям и сотрудникам" }).ClickAsync();
        await Expect(page.GetByTestId("drill-table")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("drill-table").Locator(".coef")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("heat-legend")).ToContainTextAsync("к плану на сегодня");
        await PageScreenshotAsync(page, "dashboard-in-progress-drill-ru");

        // The quarter holding today: read to date as well (its months over whole, this month's plan due by today).
        await page.GotoAsync("/dashboard?period=" + PeriodRange.Containing(Today, PeriodKind.Quarter));
        await WaitForDashboardAsync(page);
        await Expect(page.GetByTestId("dashboard-in-progress")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("dashboard-kpis")).Not.ToContainTextAsync("× ");
        await PageScreenshotAsync(page, "dashboard-quarter-in-progress-ru");

        // Last month is over: its cards keep the band and its coefficient, and no in-progress label.
        await page.GotoAsync("/dashboard?period=" + PeriodRange.OfMonth(TestClock.LastMonth));
        await WaitForDashboardAsync(page);
        await Expect(page.GetByTestId("dashboard-in-progress")).ToHaveCountAsync(0);
        await Expect(sales.GetByTestId("completion")).ToContainTextAsync("× ");
        await Expect(sales.GetByTestId("completion")).Not.ToHaveAttributeAsync("data-to-date", "true");
        await Expect(page.GetByTestId("trend-chart")).Not.ToContainTextAsync("(идёт)");
        await PageScreenshotAsync(page, "dashboard-last-month-ru");
    }

    [Fact]
    public async Task An_employees_own_current_month_says_it_is_in_progress_with_no_band_coefficient_or_pay_estimate()
    {
        var page = await SignedInPageAsync(EmployeeEmail);
        var current = page.GetByTestId("my-month").First;
        await Expect(current.GetByTestId("my-in-progress")).ToContainTextAsync(new Regex(@"месяц идёт: \d+ из [1-9]\d* рабоч(их дней|его дня)"));
        await Expect(current.GetByTestId("my-in-progress-hint")).ToBeVisibleAsync();
        await Expect(current.GetByTestId("my-estimate")).ToHaveCountAsync(0);
        if (DemoData.ShareOfMonthElapsed(Today) > 0)
        {
            await Expect(current.GetByTestId("my-plan-to-date").First).ToContainTextAsync("план на сегодня");
        }

        await PageScreenshotAsync(page, "home-employee-ru");
    }

    private static async Task PageScreenshotAsync(Microsoft.Playwright.IPage page, string name)
    {
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await ScreenshotAsync(page, name);
    }

    private static async Task WaitForDashboardAsync(Microsoft.Playwright.IPage page)
    {
        await Expect(page.GetByTestId("dashboard-ready")).ToBeAttachedAsync();
        await Expect(page.GetByTestId("dashboard-title")).ToBeVisibleAsync();
    }
}
