using System.Text.RegularExpressions;
using KpiPlanner.Domain.Goals;
using KpiPlanner.Infrastructure.Demo;
using KpiPlanner.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace KpiPlanner.Web.Tests.Browser;

/// <summary>A manager sets next month's plans and enters facts in the grid.</summary>
public sealed class PlansGridTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private static readonly System.Globalization.CultureInfo Russian = System.Globalization.CultureInfo.GetCultureInfo("ru-RU");

    [Fact]
    public async Task A_manager_copies_last_months_plans_into_next_month_and_saves_them()
    {
        await Fixture.App.ResetAsync();
        var page = await SignedInPageAsync(ManagerEmail);
        await page.GetByTestId("nav-plans").ClickAsync();
        await Expect(page.GetByTestId("plan-row")).ToHaveCountAsync(13);

        await page.GetByTestId("plans-next").ClickAsync();
        await WaitUntilInteractiveAsync(page);
        await Expect(page.GetByTestId("cell-plan").First).ToHaveValueAsync(string.Empty);

        await page.GetByTestId("plans-copy").ClickAsync();
        await Expect(page.GetByTestId("cell-plan").First).Not.ToHaveValueAsync(string.Empty);
        await Expect(page.GetByTestId("plans-save")).ToContainTextAsync("26");
        await page.GetByTestId("plans-save").ClickAsync();
        await Expect(page.GetByText("Сохранено ячеек: 26.")).ToBeVisibleAsync();

        await page.ReloadAsync();
        await WaitUntilInteractiveAsync(page);
        await Expect(page.GetByTestId("cell-plan")).ToHaveCountAsync(26);
        await Expect(page.GetByTestId("plans-save")).ToContainTextAsync("(0)");
        var plans = await page.GetByTestId("cell-plan").EvaluateAllAsync<string[]>("els => els.map(e => e.value)");
        Assert.DoesNotContain(string.Empty, plans);
    }

    [Fact]
    public async Task Typing_a_plan_and_a_fact_shows_the_completion_and_saves()
    {
        await Fixture.App.ResetAsync();
        var page = await SignedInPageAsync(ManagerEmail);
        await page.GotoAsync("/plans");
        await WaitUntilInteractiveAsync(page);
        var row = page.GetByTestId("plan-row").First;

        // Today's month is in progress (decision 008): the fact is read against the plan due by today, so a fact on a
        // 94.3 % pace is 330 000 × the share of working days gone.
        var share = DemoData.ShareOfMonthElapsed(TestClock.Today);
        await row.Locator("[data-testid=cell-plan][data-kpi=sales_volume]").FillAsync("350 000");
        await row.Locator("[data-testid=cell-fact][data-kpi=sales_volume]").FillAsync(Math.Round(330_000m * share).ToString("0", Russian));
        await row.Locator("[data-testid=cell-fact][data-kpi=sales_volume]").PressAsync("Tab");

        await Expect(row.GetByTestId("cell-completion").First).ToHaveTextAsync(share > 0 ? new Regex(@"^94,3\s%$") : new Regex("^$"));
        await page.GetByTestId("plans-save").ClickAsync();
        await Expect(page.GetByText(new Regex(@"Сохранено ячеек: \d+\."))).ToBeVisibleAsync();
        await ScreenshotAsync(page, "plans-manager-ru");
    }

    [Fact]
    public async Task Text_that_is_not_a_number_is_kept_marked_and_blocks_saving()
    {
        await Fixture.App.ResetAsync();
        var page = await SignedInPageAsync(ManagerEmail);
        await page.GotoAsync("/plans");
        await WaitUntilInteractiveAsync(page);
        var cell = page.GetByTestId("plan-row").First.Locator("[data-testid=cell-plan]").First;

        await cell.FillAsync("сто тысяч");
        await cell.PressAsync("Tab");
        await Expect(cell).ToHaveClassAsync(new Regex("invalid"));
        await page.GetByTestId("plans-save").ClickAsync();

        await Expect(page.GetByTestId("plans-error")).ToContainTextAsync("Исправьте 1 ячейку с ошибкой");
        await Expect(cell).ToHaveValueAsync("сто тысяч");
    }

    [Fact]
    public async Task A_manager_cannot_open_another_departments_grid_by_url()
    {
        int coffee;
        await using (var db = Fixture.App.CreateDbContext())
        {
            coffee = await db.Departments.Where(d => d.Name == "Кофейня на Садовой").Select(d => d.Id).SingleAsync();
        }

        var page = await SignedInPageAsync(ManagerEmail);
        await page.GotoAsync($"/plans?department={coffee}");
        await WaitUntilInteractiveAsync(page);

        await Expect(page.GetByTestId("access-denied")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("plan-grid")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_manager_reads_the_quarter_and_the_year_as_roll_ups()
    {
        var page = await SignedInPageAsync(ManagerEmail);
        await page.GotoAsync("/plans");
        await WaitUntilInteractiveAsync(page);

        await page.GetByTestId("plans-kind-quarter").ClickAsync();
        await Expect(page.GetByTestId("rollup-grid")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("plans-month")).ToContainTextAsync("квартал");
        await Expect(page.GetByTestId("rollup-row")).ToHaveCountAsync(13);
        // The quarter holding today reads this month against its plan to date: before the month's first working day
        // (1 January) nothing is due, and a quarter with no month over has no completion yet (decision 008).
        var nothingDue = DemoData.ShareOfMonthElapsed(TestClock.Today) == 0m && PeriodRange.Containing(TestClock.Today, PeriodKind.Quarter).Start == TestClock.ThisMonth;
        await Expect(page.GetByTestId("rollup-completion").First).ToHaveTextAsync(nothingDue ? new Regex("^$") : new Regex(@"\d+,\d\s%"));

        await page.GetByTestId("plans-kind-year").ClickAsync();
        await Expect(page.GetByTestId("plans-month")).ToContainTextAsync("год");
        await page.GetByTestId("plans-kind-month").ClickAsync();
        await Expect(page.GetByTestId("plan-grid")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Next_months_empty_plans_fill_from_the_department_goal_to_exactly_the_goal()
    {
        await Fixture.App.ResetAsync();
        var page = await SignedInPageAsync(ManagerEmail);
        await page.GotoAsync("/plans");
        await WaitUntilInteractiveAsync(page);
        await page.GetByTestId("plans-next").ClickAsync();
        await WaitUntilInteractiveAsync(page);
        await Expect(page.GetByTestId("cell-plan")).ToHaveCountAsync(26);
        await Expect(page.GetByTestId("plan-goal").First).ToHaveTextAsync(new Regex(@"^4\s500\s000$"));
        await Expect(page.GetByTestId("plans-goal-warning").First).ToContainTextAsync("не хватает");

        await page.GetByTestId("plans-fill-goal").ClickAsync();

        await Expect(page.GetByTestId("plans-goal-warning")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("plans-save")).ToContainTextAsync("(26)");
    }

    [Fact]
    public async Task In_english_a_plan_typed_with_commas_saves_and_shows_the_completion()
    {
        await Fixture.App.ResetAsync();
        var page = await SignedInPageAsync(ManagerEmail, "en-US");
        await page.GotoAsync("/plans");
        await WaitUntilInteractiveAsync(page);
        var row = page.GetByTestId("plan-row").First;

        var share = DemoData.ShareOfMonthElapsed(TestClock.Today); // today's month: against the plan to date
        await row.Locator("[data-testid=cell-plan][data-kpi=sales_volume]").FillAsync("350,000");
        await row.Locator("[data-testid=cell-fact][data-kpi=sales_volume]").FillAsync(Math.Round(330_000m * share).ToString("#,##0", System.Globalization.CultureInfo.GetCultureInfo("en-US")));
        await row.Locator("[data-testid=cell-fact][data-kpi=sales_volume]").PressAsync("Tab");

        await Expect(row.GetByTestId("cell-completion").First).ToHaveTextAsync(share > 0 ? new Regex(@"^94\.3%$") : new Regex("^$"));
        await page.GetByTestId("plans-save").ClickAsync();
        await Expect(page.GetByText(new Regex(@"\d+ cells? saved\."))).ToBeVisibleAsync();
        await Expect(page.GetByTestId("plans-error")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task An_employee_has_no_plans_page()
    {
        var page = await SignedInPageAsync(EmployeeEmail);

        await Expect(page.GetByTestId("nav-plans")).ToHaveCountAsync(0);
        await page.GotoAsync("/plans");
        await WaitUntilInteractiveAsync(page);
        await Expect(page.GetByTestId("access-denied")).ToBeVisibleAsync();
    }
}
