using KpiPlanner.Infrastructure.Demo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace KpiPlanner.Web.Tests.Browser;

/// <summary>
/// A refused save says what to fix under the field it is about, brought into view, with only a short pointer beside
/// the save button; and nothing was saved.
/// </summary>
public sealed class FieldErrorsTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private const string FixMarked = "Не сохранено: исправьте отмеченные поля.";

    [Fact]
    public async Task A_band_ending_below_its_start_is_named_in_its_row_and_the_scale_is_not_saved()
    {
        await Fixture.App.ResetAsync();
        var (id, before) = await ScaleWithThreeBandsAsync();
        var page = await SignedInPageAsync(HrEmail);
        await page.GotoAsync($"/scales/{id}");
        await WaitUntilInteractiveAsync(page);

        var row = page.GetByTestId("band-row").Nth(1);
        await row.GetByTestId("band-to").FillAsync("1");
        await page.GetByTestId("scale-save").ClickAsync();

        // The field is marked; the message is the line right under the band's row (a narrow cell would break it up).
        var field = row.Locator(".mud-input-control", new() { Has = page.GetByTestId("band-to") });
        await Expect(field).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("mud-input-error"));
        var message = row.Locator("xpath=following-sibling::tr[1]");
        await Expect(message).ToHaveAttributeAsync("data-testid", "band-row-error");
        await Expect(message).ToContainTextAsync("«До»: диапазон начинается с 50 %, а заканчивается на 1 %. Укажите «До» больше 50 %.");
        await Expect(message).ToBeInViewportAsync();
        await Expect(page.GetByTestId("band-row-error")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("scale-errors")).ToHaveTextAsync(FixMarked);
        await ScreenshotAsync(page, "field-errors-scale");
        await using (var db = Fixture.App.CreateDbContext())
        {
            var after = await db.Scales.AsNoTracking().SingleAsync(s => s.Id == id);
            Assert.Equal(before, after.UpdatedAt);
        }

        // Corrected, the message and the pointer go before the next save.
        await row.GetByTestId("band-to").FillAsync("60");
        await Expect(page.GetByTestId("band-row-error")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("scale-errors")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_new_scheme_version_on_a_taken_date_is_named_under_the_date_in_view_and_nothing_is_added()
    {
        await Fixture.App.ResetAsync();
        var position = await SalesManagerPositionAsync();
        var versions = await VersionCountAsync(position);
        var page = await SignedInPageAsync(HrEmail);
        await page.GotoAsync($"/schemes/{position}");
        await WaitUntilInteractiveAsync(page);
        await Expect(page.GetByTestId("kpi-row")).Not.ToHaveCountAsync(0);

        // The current version's own date: a second version from the same day is refused.
        await page.GetByTestId("scheme-save-new").ClickAsync();

        var field = page.Locator(".mud-input-control", new() { Has = page.GetByTestId("scheme-from") });
        var message = field.Locator(".mud-input-helper-text");
        await Expect(message).ToContainTextAsync("уже действует с");
        await Expect(message).ToBeInViewportAsync();
        await Expect(page.GetByTestId("scheme-errors")).ToHaveTextAsync(FixMarked);
        await ScreenshotAsync(page, "field-errors-scheme");
        Assert.Equal(versions, await VersionCountAsync(position));
    }

    [Fact]
    public async Task A_taken_personnel_number_is_named_under_the_number_and_goes_once_it_is_changed()
    {
        await Fixture.App.ResetAsync();
        int count;
        string taken;
        await using (var db = Fixture.App.CreateDbContext())
        {
            count = await db.Employees.CountAsync();
            taken = await db.Employees.OrderBy(e => e.Id).Select(e => e.PersonnelNumber).FirstAsync();
        }

        var page = await SignedInPageAsync(HrEmail);
        await page.GotoAsync("/organisation/employees");
        await WaitUntilInteractiveAsync(page);
        await Expect(page.GetByTestId("employees-table")).ToContainTextAsync("Петрова Елена Александровна");
        await page.GetByTestId("employees-create").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByTestId("employee-number").FillAsync(taken);
        await dialog.GetByTestId("employee-last-name").FillAsync("Кравцова");
        await dialog.GetByTestId("employee-first-name").FillAsync("Вера");
        await dialog.GetByTestId("employee-department").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Отдел продаж", Exact = true }).ClickAsync();
        await dialog.GetByTestId("employee-position").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Менеджер по продажам", Exact = true }).ClickAsync();
        await dialog.GetByTestId("employee-save").ClickAsync();

        var field = dialog.Locator(".mud-input-control", new() { Has = page.GetByTestId("employee-number") });
        var message = field.Locator(".mud-input-helper-text");
        await Expect(message).ToContainTextAsync($"Табельный номер: номер {taken} уже у сотрудника");
        await Expect(message).ToBeInViewportAsync();
        await Expect(dialog.GetByTestId("employee-errors")).ToHaveTextAsync(FixMarked);
        await Expect(dialog.GetByTestId("employee-number")).ToBeFocusedAsync();
        await ScreenshotAsync(page, "field-errors-employee");
        await using (var db = Fixture.App.CreateDbContext())
        {
            Assert.Equal(count, await db.Employees.CountAsync());
        }

        await dialog.GetByTestId("employee-number").FillAsync("0599");
        await Expect(field).Not.ToContainTextAsync("уже у сотрудника");
        await Expect(dialog.GetByTestId("employee-errors")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_department_name_taken_under_the_same_parent_is_named_under_the_name_and_nothing_is_added()
    {
        await Fixture.App.ResetAsync();
        var count = await CountAsync(db => db.Departments.CountAsync());
        var page = await SignedInPageAsync(HrEmail);
        await page.GotoAsync("/organisation");
        await WaitUntilInteractiveAsync(page);
        await Expect(page.GetByTestId("departments-table")).ToContainTextAsync(DemoData.SalesDepartmentName);

        // A second sales department under the company, beside the first.
        var company = page.GetByTestId("departments-table").Locator("tbody tr", new() { HasText = DemoData.CompanyName }).First;
        await company.GetByTestId("department-add-under").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByTestId("department-name-input").FillAsync(DemoData.SalesDepartmentName);
        await dialog.GetByTestId("department-save").ClickAsync();

        var field = dialog.Locator(".mud-input-control", new() { Has = page.GetByTestId("department-name-input") });
        var message = field.Locator(".mud-input-helper-text");
        await Expect(message).ToContainTextAsync($"Название отдела: в «{DemoData.CompanyName}» уже есть отдел «{DemoData.SalesDepartmentName}». Выберите другое название.");
        await Expect(message).ToBeInViewportAsync();
        await Expect(dialog.GetByTestId("department-errors")).ToHaveTextAsync(FixMarked);
        await ScreenshotAsync(page, "field-errors-department");
        Assert.Equal(count, await CountAsync(db => db.Departments.CountAsync()));
    }

    [Fact]
    public async Task A_position_name_that_exists_is_named_under_the_name_and_nothing_is_added()
    {
        await Fixture.App.ResetAsync();
        var count = await CountAsync(db => db.Positions.CountAsync());
        var page = await SignedInPageAsync(HrEmail);
        await page.GotoAsync("/organisation/positions");
        await WaitUntilInteractiveAsync(page);
        await Expect(page.GetByTestId("positions-table")).ToContainTextAsync(DemoData.SalesManagerPosition);
        await page.GetByTestId("positions-add").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByTestId("position-name").FillAsync(DemoData.SalesManagerPosition);
        await dialog.GetByTestId("position-save").ClickAsync();

        var field = dialog.Locator(".mud-input-control", new() { Has = page.GetByTestId("position-name") });
        await Expect(field.Locator(".mud-input-helper-text")).ToContainTextAsync($"должность «{DemoData.SalesManagerPosition}» уже есть");
        await Expect(field).ToBeInViewportAsync();
        await ScreenshotAsync(page, "field-errors-position");
        Assert.Equal(count, await CountAsync(db => db.Positions.CountAsync()));
    }

    [Fact]
    public async Task In_English_the_message_and_the_pointer_are_in_English()
    {
        await Fixture.App.ResetAsync();
        var page = await SignedInPageAsync(HrEmail, "en-US");
        await page.GotoAsync("/organisation/positions");
        await WaitUntilInteractiveAsync(page);
        await Expect(page.GetByTestId("positions-table")).ToContainTextAsync(DemoData.SalesManagerPosition);
        await page.GetByTestId("positions-add").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByTestId("position-name").FillAsync(DemoData.SalesManagerPosition);
        await dialog.GetByTestId("position-save").ClickAsync();

        var field = dialog.Locator(".mud-input-control", new() { Has = page.GetByTestId("position-name") });
        await Expect(field.Locator(".mud-input-helper-text")).ToContainTextAsync($"Position name: the position “{DemoData.SalesManagerPosition}” already exists. Choose another name.");
        await Expect(dialog.GetByTestId("position-errors")).ToHaveTextAsync("Not saved: correct the marked fields.");
        await ScreenshotAsync(page, "field-errors-position-en");
    }

    private async Task<int> CountAsync(Func<KpiPlanner.Infrastructure.KpiDbContext, Task<int>> count)
    {
        await using var db = Fixture.App.CreateDbContext();
        return await count(db);
    }

    private async Task<(int Id, DateTimeOffset UpdatedAt)> ScaleWithThreeBandsAsync()
    {
        await using var db = Fixture.App.CreateDbContext();
        var scale = (await db.Scales.AsNoTracking().OrderBy(s => s.Id).ToListAsync()).First(s => s.Spec.Bands.Count >= 3);
        return (scale.Id, scale.UpdatedAt);
    }

    private async Task<int> SalesManagerPositionAsync()
    {
        await using var db = Fixture.App.CreateDbContext();
        return await db.Positions.Where(p => p.Name == DemoData.SalesManagerPosition).Select(p => p.Id).SingleAsync();
    }

    private async Task<int> VersionCountAsync(int position)
    {
        await using var db = Fixture.App.CreateDbContext();
        return await db.SchemeVersions.CountAsync(v => v.PositionId == position);
    }
}
