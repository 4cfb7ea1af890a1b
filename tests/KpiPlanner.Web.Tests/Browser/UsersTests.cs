using Microsoft.Playwright;

namespace KpiPlanner.Web.Tests.Browser;

public sealed class UsersTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task Manager_cannot_open_the_users_page_by_url()
    {
        var page = await SignedInPageAsync(ManagerEmail);

        await page.GotoAsync("/users");

        await Expect(page.GetByTestId("access-denied")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("access-denied")).ToContainTextAsync("Нет доступа");
        await Expect(page.GetByTestId("users-grid")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("users-create")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Employee_cannot_open_the_users_page_by_url()
    {
        var page = await SignedInPageAsync(EmployeeEmail);

        await page.GotoAsync("/users");

        await Expect(page.GetByTestId("access-denied")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("users-grid")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task HR_creates_an_employee_account_that_can_sign_in_and_sees_its_own_card()
    {
        await Fixture.App.ResetAsync();
        const string email = "petrova@demo.local";
        const string password = "Petrova123!";
        var page = await SignedInPageAsync(HrEmail);
        await page.GetByTestId("nav-users").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/users$"));
        await Expect(page.GetByTestId("users-grid")).ToContainTextAsync(HrEmail);

        await page.GetByTestId("users-create").ClickAsync();
        // MudDialog puts its data-testid on the content only; the Save button sits in the actions: take the whole dialog.
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToBeVisibleAsync();
        await dialog.GetByTestId("user-email").FillAsync(email);
        await dialog.GetByTestId("user-password").FillAsync(password);

        await dialog.GetByTestId("user-roles").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Сотрудник", Exact = true }).ClickAsync();
        await dialog.Locator(".mud-dialog-title").ClickAsync(); // closes the list without closing the dialog
        await Expect(page.GetByRole(AriaRole.Option, new() { Name = "Сотрудник", Exact = true })).ToBeHiddenAsync();
        await Expect(dialog.GetByTestId("user-roles")).ToHaveValueAsync("Сотрудник");

        await dialog.GetByTestId("user-employee").FillAsync("Петрова");
        await page.GetByRole(AriaRole.Option, new() { Name = "Петрова Елена Александровна (0102)" }).ClickAsync();
        await Expect(dialog.GetByTestId("user-employee")).ToHaveValueAsync("Петрова Елена Александровна (0102)");

        await dialog.GetByTestId("user-save").ClickAsync();

        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(page.GetByText("Учётная запись создана.")).ToBeVisibleAsync();
        var row = page.GetByTestId("users-grid").Locator("tr", new() { HasText = email });
        await Expect(row).ToContainTextAsync("Петрова Елена Александровна");
        await Expect(row).ToContainTextAsync("Сотрудник");

        var newcomer = await NewPageAsync();
        await SignInAsync(newcomer, email, password);
        await Expect(newcomer.GetByTestId("home-employee")).ToBeVisibleAsync();
        await Expect(newcomer.GetByTestId("employee-name")).ToHaveTextAsync("Петрова Елена Александровна");
        await Expect(newcomer.GetByTestId("nav-users")).ToHaveCountAsync(0);
    }
}
