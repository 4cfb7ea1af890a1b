using KpiPlanner.Infrastructure.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace KpiPlanner.Web.Tests.Browser;

public sealed class SignInTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private const string GenericFailure = "Неверный e-mail или пароль.";

    [Theory]
    [InlineData(OwnerEmail, "home-owner")]
    [InlineData(HrEmail, "home-hr")]
    [InlineData(ManagerEmail, "home-manager")]
    [InlineData(EmployeeEmail, "home-employee")]
    public async Task Each_demo_role_signs_in_through_the_form_and_lands_on_its_own_home_page(string email, string homeTestId)
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/account/login");

        await FillLoginFormAsync(page, email, DemoPassword);

        await Expect(page).ToHaveURLAsync(HomeUrl);
        await Expect(page.GetByTestId(homeTestId)).ToBeVisibleAsync();
        await WaitUntilInteractiveAsync(page);
        var navUsers = page.GetByTestId("nav-users");
        switch (homeTestId)
        {
            case "home-owner":
                await Expect(page.GetByTestId("company-name")).ToHaveTextAsync("ООО «Зерно»");
                await Expect(navUsers).ToBeVisibleAsync();
                break;
            case "home-hr":
                await Expect(page.GetByTestId("stat-headcount")).ToBeVisibleAsync();
                await Expect(navUsers).ToBeVisibleAsync();
                break;
            case "home-manager":
                await Expect(page.GetByTestId("manager-departments")).ToHaveTextAsync("Отдел продаж");
                await Expect(page.GetByTestId("team-table").Locator("tbody tr")).ToHaveCountAsync(13);
                await Expect(page.GetByTestId("stat-team")).ToHaveTextAsync("13");
                await Expect(navUsers).ToHaveCountAsync(0);
                break;
            default:
                await Expect(page.GetByTestId("employee-name")).ToHaveTextAsync("Иванов Иван Сергеевич");
                await Expect(navUsers).ToHaveCountAsync(0);
                await Expect(page.GetByTestId("nav-api")).ToHaveCountAsync(0);
                break;
        }
    }

    [Fact]
    public async Task Unknown_email_and_wrong_password_get_the_same_generic_message_and_stay_on_the_login_page()
    {
        await Fixture.App.ResetAsync(); // failed attempts are counted in the database
        var page = await NewPageAsync();
        await page.GotoAsync("/account/login");

        await FillLoginFormAsync(page, "nobody@demo.local", DemoPassword);
        await Expect(page.GetByTestId("login-error")).ToHaveTextAsync(GenericFailure);
        await Expect(page).ToHaveURLAsync(LoginUrl);
        var unknownEmailMessage = await page.GetByTestId("login-error").TextContentAsync();

        await FillLoginFormAsync(page, EmployeeEmail, "Wrong123!");
        await Expect(page.GetByTestId("login-error")).ToHaveTextAsync(GenericFailure);
        await Expect(page).ToHaveURLAsync(LoginUrl);
        var wrongPasswordMessage = await page.GetByTestId("login-error").TextContentAsync();

        Assert.Equal(unknownEmailMessage, wrongPasswordMessage);
        await Expect(page.GetByTestId("login-submit")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Empty_fields_show_a_message_under_each_field_and_no_sign_in_error()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/account/login");

        await page.GetByTestId("login-submit").ClickAsync();

        await Expect(page.Locator(".field-error")).ToHaveTextAsync(["Введите e-mail.", "Введите пароль."]);
        await Expect(page.GetByTestId("login-error")).ToHaveCountAsync(0);
        await Expect(page).ToHaveURLAsync(LoginUrl);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_and_say_so()
    {
        await Fixture.App.ResetAsync();
        const string email = "lockout.test@demo.local";
        await using (var scope = Fixture.App.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var created = await users.CreateAsync(new AppUser { UserName = email, Email = email, EmailConfirmed = true }, DemoPassword);
            Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
        }

        var page = await NewPageAsync();
        await page.GotoAsync("/account/login");
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            await FillLoginFormAsync(page, email, "Wrong123!");
            await Expect(page.GetByTestId("login-error")).ToHaveTextAsync(GenericFailure);
        }

        await FillLoginFormAsync(page, email, "Wrong123!");
        await Expect(page.GetByTestId("login-error")).ToContainTextAsync("Слишком много неудачных попыток");

        // Even the right password is refused while the lock lasts.
        await FillLoginFormAsync(page, email, DemoPassword);
        await Expect(page.GetByTestId("login-error")).ToContainTextAsync("Слишком много неудачных попыток");
        await Expect(page).ToHaveURLAsync(LoginUrl);
    }

    [Fact]
    public async Task Signing_out_from_the_user_menu_returns_to_the_login_page_and_the_home_page_asks_to_sign_in_again()
    {
        var page = await SignedInPageAsync(EmployeeEmail);

        await page.GetByTestId("user-menu").GetByRole(AriaRole.Button).ClickAsync();
        await SubmitAndWaitForNewPageAsync(page, page.GetByTestId("sign-out"));

        await Expect(page).ToHaveURLAsync(LoginUrl);
        await Expect(page.GetByTestId("login-submit")).ToBeVisibleAsync();

        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(LoginUrl);
        await Expect(page.GetByTestId("login-email")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_sign_out_post_without_the_forms_antiforgery_token_is_refused_and_the_session_stays()
    {
        var page = await SignedInPageAsync(EmployeeEmail);

        // Another site cannot sign a person out: the sign-out form carries an antiforgery token, this post does not.
        var response = await page.APIRequest.PostAsync("/account/logout", new() { MaxRedirects = 0 });
        Assert.Equal(400, response.Status);

        await page.GotoAsync("/");
        await Expect(page.GetByTestId("home-employee")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_user_menu_names_the_signed_in_person_and_shows_their_e_mail_when_opened()
    {
        var page = await SignedInPageAsync(ManagerEmail);

        var button = page.GetByTestId("user-menu").GetByRole(AriaRole.Button);
        // As written, not the e-mail and not upper-cased (innerText is the text as rendered, text-transform applied).
        await Expect(button).ToHaveTextAsync("Кузнецов Андрей Павлович", new() { UseInnerText = true });
        await button.ClickAsync();
        await Expect(page.GetByTestId("user-email")).ToHaveTextAsync(ManagerEmail);
    }

    [Fact]
    public async Task An_anonymous_visitor_is_sent_to_the_login_page_and_back_to_the_page_asked_for_after_signing_in()
    {
        var page = await NewPageAsync();

        await page.GotoAsync("/users");
        await Expect(page).ToHaveURLAsync(LoginUrl);

        await FillLoginFormAsync(page, HrEmail, DemoPassword);
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/users$"));
        await Expect(page.GetByTestId("users-grid")).ToBeVisibleAsync();
    }
}
