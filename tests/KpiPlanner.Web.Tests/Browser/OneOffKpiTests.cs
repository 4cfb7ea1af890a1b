using System.Text.RegularExpressions;
using KpiPlanner.Domain.Kpis;
using KpiPlanner.Domain.Organisation;
using KpiPlanner.Domain.Planning;
using KpiPlanner.Domain.Scales;
using KpiPlanner.Domain.Schemes;
using KpiPlanner.Infrastructure.Demo;
using KpiPlanner.Infrastructure.Payroll;
using KpiPlanner.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KpiPlanner.Web.Tests.Browser;

/// <summary>
/// One-off KPIs (issue 19, the article's table 2, row 4) as people meet them: a tasting over [next month's 1st … the
/// month after's 1st] on the baristas' scheme. In next month's grid the tasting's cells say when they are due instead of
/// offering inputs; in the month it ends they take figures; HR's pay explanation of next month says the tasting does not
/// count yet and that the due weights count in proportion; the designer sets the dates.
/// </summary>
public sealed class OneOffKpiTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private static readonly DateOnly Start = TestClock.ThisMonth.AddMonths(1);
    private static readonly DateOnly Due = Start.AddMonths(1);
    private const string Attendance = "Посещение дегустации";

    private async Task<(int Coffee, string Name)> TastingAsync()
    {
        await Fixture.App.ResetAsync();
        var table3 = ScalePresets.ArticleTable3(System.Globalization.CultureInfo.GetCultureInfo("ru-RU")).ToSpec();
        var tasting = new OneOffPeriod(Start, Due);
        var spec = new SchemeSpec(30_000m, 20_000m,
        [
            new SchemeKpiSpec("Выручка", 60m, table3, KpiCode: "revenue"),
            new SchemeKpiSpec(Attendance, 25m, table3, OneOff: tasting),
            new SchemeKpiSpec("Бюджет дегустации", 15m, table3, Direction.LowerIsBetter, OneOff: tasting),
        ], Name: "Бариста: дегустация");
        await using var db = Fixture.App.CreateDbContext();
        var position = await db.Positions.SingleAsync(p => p.Name == DemoData.BaristaPosition);
        db.SchemeVersions.Add(SchemeVersion.Create(position.Id, Start, spec, Fixture.App.Clock.GetUtcNow(), "hr").GetValueOrThrow());
        var person = await db.Employees.SingleAsync(e => e.PersonnelNumber == "0202");
        await db.MonthlyKpiValues.Where(v => v.EmployeeId == person.Id && v.Month == Start).ExecuteDeleteAsync();
        db.MonthlyKpiValues.Add(Fixture.App.Value(person.Id, Start, "revenue", 150_000m, 142_500m));
        await db.SaveChangesAsync();
        var coffee = await db.Departments.Where(d => d.Name == DemoData.CoffeeShopName).Select(d => d.Id).SingleAsync();
        return (coffee, Employee.FormatFullName(person.LastName, person.FirstName, person.MiddleName));
    }

    [Fact]
    public async Task The_grid_says_when_a_one_off_kpi_is_due_and_takes_its_figures_then()
    {
        var (coffee, name) = await TastingAsync();
        var owner = await SignedInPageAsync(OwnerEmail);

        await owner.GotoAsync($"/plans?department={coffee}&month={Period.Key(Start)}");
        await WaitUntilInteractiveAsync(owner);
        var row = owner.GetByTestId("plan-row").Filter(new() { HasText = name });
        await Expect(row.GetByTestId("cell-not-due")).ToHaveCountAsync(2);
        await Expect(row.GetByTestId("cell-not-due").First).ToHaveTextAsync(new Regex("^за " + Regex.Escape(Due.ToString("MMMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("ru-RU")))));
        await Expect(owner.GetByTestId("column-one-off").First).ToContainTextAsync("разовый:");
        await Expect(row.GetByTestId("cell-plan")).ToHaveCountAsync(1); // revenue only
        await Expect(row.GetByTestId("row-pay")).ToContainTextAsync(new Regex(@"20\s000,00"));
        await ScreenshotAsync(owner, "plans-one-off-ru");

        await owner.GotoAsync($"/plans?department={coffee}&month={Period.Key(Due)}");
        await WaitUntilInteractiveAsync(owner);
        row = owner.GetByTestId("plan-row").Filter(new() { HasText = name });
        await Expect(row.GetByTestId("cell-not-due")).ToHaveCountAsync(0);
        await Expect(row.GetByTestId("cell-plan")).ToHaveCountAsync(3);
    }

    [Fact]
    public async Task The_pay_explanation_says_the_one_off_kpi_does_not_count_yet_and_the_weights_count_in_proportion()
    {
        var (_, name) = await TastingAsync();
        Assert.True((await Fixture.App.Services.GetRequiredService<PayrollService>().CalculateAsync(Start, "hr")).IsValid);

        var hr = await SignedInPageAsync(HrEmail);
        await hr.GotoAsync("/pay/" + Period.Key(Start));
        await Expect(hr.GetByTestId("pay-ready")).ToBeAttachedAsync();
        await hr.GetByTestId("pay-row-name").Filter(new() { HasText = name }).ClickAsync();

        var explanation = hr.GetByTestId("pay-explanation");
        await Expect(explanation.GetByTestId("one-off")).ToHaveCountAsync(2);
        await Expect(explanation.GetByTestId("one-off").First).ToContainTextAsync("в этом месяце не считается");
        await Expect(hr.GetByTestId("pay-formula")).ToContainTextAsync(new Regex(@"\(60\s?% × 1\) / 60\s?%\) = 20\s000,00"));
        await ScreenshotAsync(hr, "pay-explanation-one-off-ru");
    }

    [Fact]
    public async Task The_designer_sets_a_kpis_dates_and_says_the_month_it_is_paid()
    {
        await Fixture.App.ResetAsync();
        var page = await SignedInPageAsync(HrEmail);
        await page.GotoAsync("/schemes");
        await WaitUntilInteractiveAsync(page);
        await page.GetByRole(Microsoft.Playwright.AriaRole.Row).Filter(new() { HasText = DemoData.BaristaPosition }).GetByTestId("scheme-design").ClickAsync();
        var editor = page.GetByTestId("one-off").First;
        await Expect(editor.GetByTestId("one-off-hint")).ToContainTextAsync("мероприятие");

        await editor.GetByText("Разовый показатель").ClickAsync();

        // Turned on, the period is this month: it is paid for this month.
        var thisMonth = TestClock.ThisMonth.ToString("MMMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("ru-RU"));
        await Expect(editor.GetByTestId("one-off-hint")).ToContainTextAsync("оплачиваются за " + thisMonth);
        await Expect(editor.Locator("input")).ToHaveCountAsync(3); // the switch and the two dates
        await ScreenshotAsync(page, "designer-one-off-ru");
    }
}
