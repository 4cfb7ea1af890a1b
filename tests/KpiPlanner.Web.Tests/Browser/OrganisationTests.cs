using System.Text;
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
    public async Task HR_imports_a_small_file_on_the_employees_page_and_sees_the_new_employee()
    {
        await Fixture.App.ResetAsync();
        var page = await SignedInPageAsync(HrEmail);
        await page.GotoAsync("/organisation/employees");
        await WaitUntilInteractiveAsync(page);
        await Expect(page.GetByTestId("employees-table")).ToContainTextAsync("Петрова Елена Александровна");
        var csv = "Табельный номер;ФИО;E-mail;Подразделение;Должность;Руководитель подразделения;Дата приёма\r\n"
            + "0700;Белова Ирина Сергеевна;belova@demo.local;Коммерческая служба / Отдел B2B;Менеджер B2B;да;01.06.2026\r\n";

        await page.Locator("[data-testid=org-import-panel] input[type=file]").SetInputFilesAsync(new FilePayload
        {
            Name = "сотрудники.csv",
            MimeType = "text/csv",
            Buffer = [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv)],
        });

        var result = page.GetByTestId("org-import-result");
        await Expect(result).ToContainTextAsync("добавлено сотрудников — 1");
        await Expect(result).ToContainTextAsync("Коммерческая служба / Отдел B2B");
        await ScreenshotAsync(page, "organisation-import-ru");
        await page.GetByTestId("employees-search").FillAsync("Белова");
        var row = page.GetByTestId("employees-table").Locator("tbody tr", new() { HasText = "Белова Ирина Сергеевна" });
        await Expect(row).ToContainTextAsync("0700");
        await Expect(row).ToContainTextAsync("Отдел B2B");
        await Expect(row).ToContainTextAsync("Менеджер B2B");
    }

    [Fact]
    public async Task A_file_with_a_bad_row_changes_nothing_and_lists_the_row_in_English()
    {
        await Fixture.App.ResetAsync();
        var page = await SignedInPageAsync(HrEmail, "en-US");
        await page.GotoAsync("/organisation/employees");
        await WaitUntilInteractiveAsync(page);
        // The list loaded: the page has rendered after its data arrived, so the file input is the one that stays.
        await Expect(page.GetByTestId("employees-table")).ToContainTextAsync("Петрова Елена Александровна");
        var csv = "Personnel number,Last name,First name,Department,Position,Hire date\r\n"
            + "0700,Belova,Irina,Sales department,Sales manager,2026-06-01\r\n"
            + "0701,Orlov,,Sales department,Sales manager,31/02/2026\r\n";

        await page.Locator("[data-testid=org-import-panel] input[type=file]").SetInputFilesAsync(new FilePayload
        {
            Name = "employees.csv",
            MimeType = "text/csv",
            Buffer = Encoding.UTF8.GetBytes(csv),
        });

        var errors = page.GetByTestId("org-import-errors");
        await Expect(errors).ToContainTextAsync("nothing changed");
        await Expect(page.GetByTestId("org-import-error")).ToHaveCountAsync(2);
        await Expect(page.GetByTestId("org-import-error").First).ToContainTextAsync("First name");
        await Expect(page.GetByTestId("org-import-error").Nth(1)).ToContainTextAsync("Hire date");
        await ScreenshotAsync(page, "organisation-import-errors-en");
        await page.GetByTestId("employees-search").FillAsync("Belova");
        await Expect(page.GetByTestId("employees-table")).ToContainTextAsync("No employees");
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
