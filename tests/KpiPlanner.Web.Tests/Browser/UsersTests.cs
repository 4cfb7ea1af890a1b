using System.Globalization;
using KpiPlanner.Domain.Organisation;
using KpiPlanner.Testing;
using KpiPlanner.Web.Features.Users;
using KpiPlanner.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
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

    [Fact]
    public async Task HR_sees_each_accounts_state_in_English_and_may_disable_only_what_the_service_allows()
    {
        await Fixture.App.ResetAsync();
        await using (var db = Fixture.App.CreateDbContext())
        {
            var ivanov = await db.Employees.SingleAsync(e => e.PersonnelNumber == "0101");
            ivanov.Leave(TestClock.Today.AddDays(-1));
            await db.SaveChangesAsync();
        }

        await using (var scope = Fixture.App.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UsersService>();
            UserContext owner;
            await using (var db = Fixture.App.CreateDbContext())
            {
                var account = await db.Users.SingleAsync(u => u.Email == OwnerEmail);
                owner = new UserContext(account.Id, OwnerEmail, [Roles.Owner], account.EmployeeId);
            }

            var manager = (await users.ListAsync(owner)).Single(u => u.Email == ManagerEmail);
            Assert.True((await users.DisableAsync(owner, manager.Id, "Long leave from December")).Succeeded);
        }

        var page = await SignedInPageAsync(HrEmail, "en-US");
        await page.GotoAsync("/users");
        await WaitUntilInteractiveAsync(page);
        var grid = page.GetByTestId("users-grid");
        ILocator Row(string email) => grid.Locator("tr", new() { HasText = email });

        var en = KpiPlanner.Web.Localization.AppCultures.EnglishCulture; // dates as the app writes them: 6 Dec 2026
        await Expect(Row(ManagerEmail).GetByTestId("user-disabled")).ToHaveTextAsync(
            $"Disabled since {TestClock.Today.ToString("d", en)}, by {OwnerEmail}: Long leave from December");
        await Expect(Row(EmployeeEmail).GetByTestId("user-left")).ToHaveTextAsync($"Left the company on {TestClock.Today.AddDays(-1).ToString("d", en)}: cannot sign in");
        await Expect(Row(ManagerEmail).GetByTestId("user-enable")).ToBeVisibleAsync();
        await Expect(Row(EmployeeEmail).GetByTestId("user-disable")).ToBeVisibleAsync();

        // HR does not disable the owner, nor themselves; nor edit or reset the password of an owner's or HR account.
        await Expect(Row(OwnerEmail).GetByTestId("user-disable")).ToHaveCountAsync(0);
        await Expect(Row(HrEmail).GetByTestId("user-disable")).ToHaveCountAsync(0);
        foreach (var email in new[] { OwnerEmail, HrEmail })
        {
            // The account's own row (another row may name the owner as the one who disabled it).
            var own = grid.Locator("tr", new() { Has = page.GetByText(email, new() { Exact = true }) });
            await Expect(own).ToHaveCountAsync(1);
            await Expect(own.GetByTestId("user-edit")).ToHaveCountAsync(0);
            await Expect(own.GetByTestId("user-reset")).ToHaveCountAsync(0);
        }

        await Expect(Row(EmployeeEmail).GetByTestId("user-reset")).ToBeVisibleAsync();
        await Row(EmployeeEmail).GetByTestId("user-disable").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog.GetByTestId("state-reason")).ToBeVisibleAsync();
        await dialog.GetByTestId("state-save").ClickAsync();
        await Expect(dialog).ToContainTextAsync("Fill in the Reason field: it goes to the audit log.");
        await ScreenshotAsync(page, "users-states-en-dialog");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        // The closed dialog gives the focus back to the Disable button, whose tooltip would cover the grid.
        await page.EvaluateAsync("() => document.activeElement?.blur()");
        await page.Mouse.MoveAsync(0, 0);
        await ScreenshotAsync(page, "users-states-en");
    }
}
