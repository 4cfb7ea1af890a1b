using System.Text.RegularExpressions;
using KpiPlanner.Infrastructure.Demo;
using KpiPlanner.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace KpiPlanner.Web.Tests.Browser;

/// <summary>
/// Issue 16 on the plan grid and the goals page (decision 008): on the demo's today the grid's current month says it
/// is in progress, reads completions against the plan to date and shows no variable pay (so no coefficient) as if final;
/// last month keeps its pay estimate; the goals page marks the month in progress and its completions to date.
/// </summary>
public sealed class PlansInProgressTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    /// <summary>Russian money in a pay cell: <c>12 345,67 ₽</c>.</summary>
    private static readonly Regex RuMoney = new(@"\d{1,3}(?:[\u202F\u00A0 ]\d{3})*,\d{2}[\u00A0 ]₽");

    [Theory]
    [InlineData(ManagerEmail, "manager")]
    [InlineData(HrEmail, "hr")]
    public async Task The_grids_current_month_is_read_to_date_with_no_pay_estimate_and_last_month_keeps_its_estimate(string email, string who)
    {
        await Fixture.App.ResetAsync(); // the demo as of today
        int sales;
        await using (var db = Fixture.App.CreateDbContext())
        {
            sales = await db.Departments.Where(d => d.Name == DemoData.SalesDepartmentName).Select(d => d.Id).SingleAsync();
        }

        var page = await SignedInPageAsync(email);
        await page.GotoAsync($"/plans?department={sales}"); // HR opens on the company, whose own people have no KPIs
        await WaitUntilInteractiveAsync(page);

        await Expect(page.GetByTestId("plans-in-progress")).ToContainTextAsync(DemoData.ShareOfMonthElapsed(TestClock.Today) > 0
            ? new Regex(@"Месяц идёт: прошло \d+ из [1-9]\d* рабоч(их дней|его дня)\.")
            : new Regex(@"Месяц идёт, но его рабочие дни ещё не начались \(0 из [1-9]\d*\)"));
        await Expect(page.GetByTestId("plan-grid").Locator("thead")).ToContainTextAsync("% плана на сегодня");
        var rows = page.GetByTestId("plan-row");
        await Expect(rows.First).ToBeVisibleAsync();
        // No variable pay (the coefficients' result) of a month in progress: each row says the month is running.
        await Expect(page.GetByTestId("row-pay").Filter(new() { HasTextRegex = RuMoney })).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("row-pay-in-progress").First).ToHaveTextAsync("месяц идёт");
        await Expect(page.GetByTestId("total-pay")).ToHaveTextAsync("месяц идёт");
        var completions = page.GetByTestId("cell-completion");
        var count = await completions.CountAsync();
        Assert.True(count > 0);
        for (var i = 0; i < count; i++)
        {
            await Expect(completions.Nth(i)).ToHaveClassAsync(new Regex(@"\bto-date\b"));
        }

        if (DemoData.ShareOfMonthElapsed(TestClock.Today) > 0)
        {
            await Expect(completions.First).ToHaveAttributeAsync("title", new Regex("^план на сегодня: "));
        }

        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await ScreenshotAsync(page, $"plans-in-progress-{who}-ru");

        // The quarter holding today reads this month to date as well.
        await page.GetByTestId("plans-kind-quarter").ClickAsync();
        await Expect(page.GetByTestId("rollup-grid")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("plans-in-progress")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("rollup-grid").Locator("thead")).ToContainTextAsync("% плана на сегодня");
        await Expect(page.GetByTestId("rollup-completion").First).ToHaveClassAsync(new Regex(@"\bto-date\b"));
        await ScreenshotAsync(page, $"plans-quarter-in-progress-{who}-ru");
        await page.GetByTestId("plans-kind-month").ClickAsync();
        await Expect(page.GetByTestId("plan-grid")).ToBeVisibleAsync();
        await WaitUntilInteractiveAsync(page);

        // Last month is over: its pay estimate is back, with no in-progress note.
        await page.GetByTestId("plans-prev").ClickAsync();
        await WaitUntilInteractiveAsync(page);
        await Expect(page.GetByTestId("plans-in-progress")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("row-pay-in-progress")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("row-pay").First).ToContainTextAsync(RuMoney);
        await Expect(page.GetByTestId("total-pay")).ToContainTextAsync(RuMoney);
        await Expect(page.GetByTestId("plan-grid").Locator("thead")).Not.ToContainTextAsync("на сегодня");
        await Expect(page.GetByTestId("cell-completion").First).Not.ToHaveClassAsync(new Regex(@"\bto-date\b"));
        await ScreenshotAsync(page, $"plans-last-month-{who}-ru");
    }

    [Fact]
    public async Task The_goals_page_marks_the_month_in_progress_and_reads_its_completions_to_date()
    {
        await Fixture.App.ResetAsync();
        var page = await SignedInPageAsync(OwnerEmail);
        await page.GotoAsync("/goals?month=" + KpiPlanner.Domain.Planning.Period.Key(DemoData.CoffeeFactsMonth)); // the month of the article's facts
        await WaitUntilInteractiveAsync(page);
        await Expect(page.GetByTestId("goal-grid")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("goal-in-progress")).ToHaveCountAsync(0); // June 2026, over: final completions

        var shown = DemoData.CoffeeFactsMonth;
        while (shown < TestClock.ThisMonth)
        {
            shown = shown.AddMonths(1);
            await page.GetByTestId("goal-next").ClickAsync();
            await Expect(page.GetByTestId("goal-month")).ToHaveTextAsync(new Regex(shown.ToString("MMMM", Russian), RegexOptions.IgnoreCase));
        }

        await Expect(page.GetByTestId("goal-in-progress")).ToContainTextAsync("Месяц идёт");
        await Expect(page.GetByTestId("goal-grid").Locator("thead")).ToContainTextAsync("% плана на сегодня");
        // A fact typed so far is read against the plan due by today, marked, never as a final band.
        var visitors = page.Locator("[data-testid=goal-row][data-code=visitors]");
        await visitors.GetByTestId("goal-fact-input").FillAsync("300");
        await visitors.GetByTestId("goal-fact-input").PressAsync("Tab");
        await Expect(visitors.GetByTestId("goal-completion")).ToHaveAttributeAsync("data-to-date", "true");
        if (DemoData.ShareOfMonthElapsed(TestClock.Today) > 0)
        {
            await Expect(visitors.GetByTestId("goal-completion")).ToHaveTextAsync(new Regex(@"^\d+,\d\s%$"));
            await Expect(visitors.GetByTestId("goal-completion")).ToHaveAttributeAsync("title", new Regex("^план на сегодня: "));
        }

        var completions = page.GetByTestId("goal-completion");
        for (var i = 0; i < await completions.CountAsync(); i++)
        {
            await Expect(completions.Nth(i)).ToHaveAttributeAsync("data-to-date", "true");
        }

        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await ScreenshotAsync(page, "goals-in-progress-owner-ru");
    }

    private static readonly System.Globalization.CultureInfo Russian = System.Globalization.CultureInfo.GetCultureInfo("ru-RU");
}
