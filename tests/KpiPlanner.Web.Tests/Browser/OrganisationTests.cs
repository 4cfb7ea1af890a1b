using Microsoft.Playwright;

namespace KpiPlanner.Web.Tests.Browser;

public sealed class OrganisationTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task HR_hires_a_sales_manager_and_sees_them_in_the_list()
    {
        await Fixture.App.ResetAsync();
        var page = await SignedInPageAsync(HrEmail);
        await page.GotoAsync("/organisation/employees");
        await WaitUntilInteractiveAsync(page);
        await Expect(page.GetByTestId("employees-table")).ToContainTextAsync("Петрова Елена Александровна");

        await page.GetByTestId("employees-create").ClickAsync();
        // MudDialog puts its data-testid on the content only; the Save button sits in the actions: take the whole dialog.
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToBeVisibleAsync();
        await dialog.GetByTestId("employee-number").FillAsync("0500");
        await dialog.GetByTestId("employee-last-name").FillAsync("Кравцова");
        await dialog.GetByTestId("employee-first-name").FillAsync("Вера");
        await dialog.GetByTestId("employee-middle-name").FillAsync("Львовна");
        await dialog.GetByTestId("employee-email").FillAsync("kravtsova@demo.local");

        await dialog.GetByTestId("employee-department").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Отдел продаж", Exact = true }).ClickAsync();
        await Expect(dialog.GetByTestId("employee-department")).ToHaveValueAsync("Отдел продаж");

        await dialog.GetByTestId("employee-position").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Менеджер по продажам", Exact = true }).ClickAsync();
        await Expect(dialog.GetByTestId("employee-position")).ToHaveValueAsync("Менеджер по продажам");

        await dialog.GetByTestId("employee-hire-date").FillAsync("01.06.2026");
        await dialog.GetByTestId("employee-hire-date").PressAsync("Tab");

        await ScreenshotAsync(page, "organisation-employee-dialog");
        await dialog.GetByTestId("employee-save").ClickAsync();

        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(page.GetByText("Сотрудник добавлен.")).ToBeVisibleAsync();
        await page.GetByTestId("employees-search").FillAsync("Кравцова");
        var row = page.GetByTestId("employees-table").Locator("tbody tr", new() { HasText = "Кравцова Вера Львовна" });
        await Expect(row).ToContainTextAsync("0500");
        await Expect(row).ToContainTextAsync("Отдел продаж");
        await Expect(row).ToContainTextAsync("Менеджер по продажам");
        await Expect(row).ToContainTextAsync("01.06.2026");
        await Expect(page.GetByTestId("employees-table").Locator("tbody tr")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task HR_adds_a_sub_department_and_sees_it_in_the_tree()
    {
        await Fixture.App.ResetAsync();
        var page = await SignedInPageAsync(HrEmail);
        await page.GotoAsync("/organisation");
        await WaitUntilInteractiveAsync(page);
        var table = page.GetByTestId("departments-table");
        var sales = table.Locator("tbody tr", new() { HasText = "Отдел продаж" });
        await Expect(sales).ToContainTextAsync("Кузнецов Андрей Павлович");
        await ScreenshotAsync(page, "organisation-departments");

        await sales.GetByTestId("department-add-under").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog.GetByTestId("department-parent")).ToHaveValueAsync("Отдел продаж");
        await dialog.GetByTestId("department-save").ClickAsync();
        await Expect(dialog).ToContainTextAsync("Название отдела: укажите название");
        await dialog.GetByTestId("department-name-input").FillAsync("Группа B2B");
        await dialog.GetByTestId("department-save").ClickAsync();

        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(page.GetByText("Отдел добавлен.")).ToBeVisibleAsync();
        var names = table.GetByTestId("department-name");
        var all = await names.AllInnerTextsAsync();
        var index = Array.FindIndex(all.ToArray(), n => n.Trim() == "Отдел продаж");
        await Expect(names.Nth(index + 1)).ToHaveTextAsync("Группа B2B");

        await page.GetByTestId("org-tab-employees").ClickAsync();
        await Expect(page.GetByTestId("employees-table")).ToContainTextAsync("Петрова Елена Александровна");
        await ScreenshotAsync(page, "organisation-employees");
    }

    [Fact]
    public async Task Manager_cannot_open_the_organisation_pages()
    {
        var page = await SignedInPageAsync(ManagerEmail);

        await page.GotoAsync("/organisation/employees");

        await Expect(page.GetByTestId("access-denied")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("employees-table")).ToHaveCountAsync(0);
    }
}
