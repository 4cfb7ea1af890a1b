using KpiPlanner.Testing;
using System.Globalization;
using System.Text.RegularExpressions;
using KpiPlanner.Domain.Goals;
using KpiPlanner.Domain.Kpis;
using KpiPlanner.Infrastructure.Demo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace KpiPlanner.Web.Tests.Browser;

/// <summary>
/// Issue 4, "Splits" and "Periods" in the browser: the owner splits the sales department's yearly goal by last year's
/// seasonality, sees the monthly plans before saving, and the plan grid's goal row shows each month's share.
/// </summary>
public sealed partial class TimeSplitTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private static readonly CultureInfo Ru = CultureInfo.GetCultureInfo("ru-RU");

    [Fact]
    public async Task The_owner_splits_a_yearly_goal_by_last_years_seasonality_and_sees_the_monthly_plans()
    {
        await Fixture.App.ResetAsync();
        var year = TestClock.Today.Year; // the demo's history holds the whole of last year
        var expected = await ExpectedMonthsAsync(60_000_000m, year);
        var page = await SignedInPageAsync(OwnerEmail);
        await page.GotoAsync("/goals?month=" + KpiPlanner.Domain.Planning.Period.Key(DemoData.CoffeeFactsMonth)); // the month of the article's facts
        await WaitUntilInteractiveAsync(page);
        await page.GetByTestId("goal-select").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = DemoData.SalesGoalName, Exact = true }).ClickAsync();

        var panel = page.GetByTestId("time-split");
        // The sales goal's node is loaded (not the coffee shop's still on screen): its rule comes from the team's KPI.
        await Expect(panel.GetByTestId("split-rule")).ToContainTextAsync("сумма месяцев (как задано для KPI «Выполнение плана продаж»)");
        await panel.GetByTestId("split-year").FillAsync(year.ToString(CultureInfo.InvariantCulture));
        await panel.GetByTestId("split-year").PressAsync("Tab");
        await Expect(panel.GetByText($"План на {year} год")).ToBeVisibleAsync();
        await panel.GetByTestId("split-whole").FillAsync("60 000 000");
        await panel.GetByTestId("split-whole").PressAsync("Tab");
        await panel.GetByTestId("split-mode-lastyear").ClickAsync();

        var rows = panel.GetByTestId("split-row");
        await Expect(rows).ToHaveCountAsync(12);
        await Expect(panel.GetByTestId("split-total-plan")).ToHaveTextAsync(new Regex(@"^60\s000\s000,00\s₽$"));
        for (var m = 0; m < 12; m++)
        {
            await Expect(rows.Nth(m).GetByTestId("split-plan")).ToHaveTextAsync(Money(expected[m]));
        }

        Assert.True(expected[0] < expected[11], "January (last year's dip) below December (last year's peak)");
        await Expect(rows.Nth(0).GetByTestId("split-last-year")).Not.ToHaveTextAsync("—");
        await ScreenshotAsync(page, "time-split-sales-ru");

        // The same split read by quarter and by day: every level sums to the same whole.
        await panel.GetByTestId("split-level-quarter").ClickAsync();
        await Expect(rows).ToHaveCountAsync(4);
        await Expect(rows.Nth(0).GetByTestId("split-plan")).ToHaveTextAsync(Money(expected[0] + expected[1] + expected[2]));
        await ScreenshotAsync(page, "time-split-quarters-ru");
        await panel.GetByTestId("split-level-day").ClickAsync();
        await Expect(rows).ToHaveCountAsync(DateTime.IsLeapYear(year) ? 366 : 365);
        await Expect(panel.GetByTestId("split-total-plan")).ToHaveTextAsync(new Regex(@"^60\s000\s000,00\s₽$"));
        var newYearsDay = rows.Filter(new() { HasText = $"01.01.{year}" });                   // a day off of the production calendar
        await Expect(newYearsDay.GetByTestId("split-plan")).ToHaveTextAsync(new Regex(@"^0,00\s₽$"));
        await ScreenshotAsync(page, "time-split-days-ru");
        await panel.GetByTestId("split-working-days").ClickAsync();                           // every calendar day instead
        await Expect(newYearsDay.GetByTestId("split-plan")).Not.ToHaveTextAsync(new Regex(@"^0,00\s₽$"));
        await Expect(panel.GetByTestId("split-total-plan")).ToHaveTextAsync(new Regex(@"^60\s000\s000,00\s₽$"));

        await panel.GetByTestId("split-save").ClickAsync();
        await Expect(page.GetByText(new Regex("^Планы месяцев сохранены"))).ToBeVisibleAsync();
        // The goals page opens on the article's June (DemoData.CoffeeFactsMonth): step it to June of the split year,
        // whose plan now comes from the split.
        var steps = (year - DemoData.CoffeeFactsMonth.Year) * 12;
        for (var i = 0; i < Math.Abs(steps); i++)
        {
            await page.GetByTestId(steps > 0 ? "goal-next" : "goal-prev").ClickAsync();
        }

        await Expect(page.GetByTestId("goal-month")).ToHaveTextAsync(KpiPlanner.Web.Localization.Formats.Month(new DateOnly(year, 6, 1), Ru));
        await Expect(page.GetByTestId("goal-plan-split").First).ToBeAttachedAsync();

        // The plan grid's department-goal row: each month's share, not an even twelfth.
        var sales = await SalesDepartmentIdAsync();
        foreach (var month in new[] { 1, 12 })
        {
            await page.GotoAsync($"/plans?department={sales}&period={year}-{month:00}");
            await WaitUntilInteractiveAsync(page);
            await Expect(page.GetByTestId("plan-goal").First).ToHaveTextAsync(Plain(expected[month - 1]));
        }
    }

    [Theory]
    [InlineData("ru", "Разбивка плана по времени", "Год назад", "Свод за квартал, полугодие и год")]
    [InlineData("en", "Split the plan in time", "Last year", "Quarter, half-year and year")]
    public async Task Splits_roll_ups_and_roll_up_rules_are_shown_in_the_browsers_language(string language, string split, string lastYear, string rule)
    {
        await Fixture.App.ResetAsync();
        var page = await SignedInPageAsync(OwnerEmail, language == "ru" ? "ru-RU" : "en-US");
        await page.GotoAsync("/goals?month=" + KpiPlanner.Domain.Planning.Period.Key(DemoData.CoffeeFactsMonth)); // the month of the article's facts
        await WaitUntilInteractiveAsync(page);
        var panel = page.GetByTestId("time-split");
        await Expect(panel).ToContainTextAsync(split);
        await panel.GetByTestId("split-mode-shares").ClickAsync();
        await Expect(panel.GetByTestId("split-share")).ToHaveCountAsync(12);
        await panel.GetByTestId("split-share").Nth(2).FillAsync("abc");
        await panel.GetByTestId("split-share").Nth(2).PressAsync("Tab");
        await Expect(panel.GetByTestId("split-error").First).ToContainTextAsync(language == "ru" ? "март" : "March");
        await Expect(panel.GetByTestId("split-save")).ToHaveCountAsync(0); // nothing to save while a share is not a number
        await ScreenshotAsync(page, $"time-split-shares-{language}");

        var sales = await SalesDepartmentIdAsync();
        await page.GotoAsync($"/plans?department={sales}&period={TestClock.Today.Year}");
        await WaitUntilInteractiveAsync(page);
        await Expect(page.GetByTestId("rollup-grid")).ToContainTextAsync(lastYear);
        await Expect(page.GetByTestId("rollup-yoy").First).ToHaveTextAsync(new Regex(@"^([+−-]?\d+[,.]\d\s?%|—)$"));
        await ScreenshotAsync(page, $"rollup-yoy-{language}");

        await page.GotoAsync("/schemes");
        await WaitUntilInteractiveAsync(page);
        await page.GotoAsync(await SalesSchemeUrlAsync(page));
        await WaitUntilInteractiveAsync(page);
        await Expect(page.GetByTestId("kpi-row").First).ToContainTextAsync(rule);
        await ScreenshotAsync(page, $"scheme-rule-{language}");
    }

    /// <summary>The months the domain gives for the sales goal by last year's facts of the team in the database.</summary>
    private async Task<decimal[]> ExpectedMonthsAsync(decimal whole, int year)
    {
        await using var db = Fixture.App.CreateDbContext();
        var sales = await db.Departments.SingleAsync(d => d.Name == DemoData.SalesDepartmentName);
        var ids = await db.Employees.Where(e => e.DepartmentId == sales.Id).Select(e => e.Id).ToListAsync();
        var facts = await db.MonthlyKpiValues
            .Where(v => v.KpiKey == DemoData.SalesKpi && v.Month.Year == year - 1 && v.Fact != null && ids.Contains(v.EmployeeId))
            .GroupBy(v => v.Month).Select(g => new { g.Key, Sum = g.Sum(v => v.Fact!.Value) }).ToListAsync();
        Assert.Equal(12, facts.Count);
        var profile = SeasonalProfile.FromYear(year - 1, facts.Select(f => new MonthValue(PeriodRange.OfMonth(f.Key), f.Sum))).GetValueOrThrow();
        return Decomposition.InTime(whole, PeriodRange.CalendarYear(year), PeriodKind.Month, KpiUnit.Money, TimeSplit.Seasonal(profile))
            .GetValueOrThrow().Select(m => m.Amount).ToArray();
    }

    private async Task<int> SalesDepartmentIdAsync()
    {
        await using var db = Fixture.App.CreateDbContext();
        return await db.Departments.Where(d => d.Name == DemoData.SalesDepartmentName).Select(d => d.Id).SingleAsync();
    }

    private async Task<string> SalesSchemeUrlAsync(IPage page)
    {
        await using var db = Fixture.App.CreateDbContext();
        var position = await db.Positions.Where(p => p.Name == DemoData.SalesManagerPosition).Select(p => p.Id).SingleAsync();
        return $"/schemes/{position}";
    }

    private static Regex Money(decimal value) =>
        new("^" + Regex.Escape(value.ToString("C2", Ru)).Replace(@"\ ", @"\s", StringComparison.Ordinal).Replace("\u00A0", @"\s", StringComparison.Ordinal).Replace("\u202F", @"\s", StringComparison.Ordinal) + "$");

    private static Regex Plain(decimal value) =>
        new("^" + Regex.Escape(value.ToString("#,0.####", Ru)).Replace(@"\ ", @"\s", StringComparison.Ordinal).Replace("\u00A0", @"\s", StringComparison.Ordinal).Replace("\u202F", @"\s", StringComparison.Ordinal) + "$");
}
