namespace KpiPlanner.Web.Tests.Browser;

public sealed class LanguageTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task The_language_menu_switches_the_whole_app_to_English_and_back_to_Russian()
    {
        var page = await SignedInPageAsync(EmployeeEmail, "ru-RU");
        var nav = page.GetByTestId("nav");
        var html = page.Locator("html");
        await Expect(html).ToHaveAttributeAsync("lang", "ru");
        await Expect(nav).ToContainTextAsync("Главная");

        await page.GetByTestId("language-menu").ClickAsync();
        await page.GetByTestId("language-en").ClickAsync();

        await Expect(html).ToHaveAttributeAsync("lang", "en");
        await Expect(nav).ToContainTextAsync("Home");
        await Expect(page.GetByTestId("home-employee")).ToContainTextAsync("My performance");
        await Expect(page).ToHaveURLAsync(HomeUrl);

        await WaitUntilInteractiveAsync(page);
        await page.GetByTestId("language-menu").ClickAsync();
        await page.GetByTestId("language-ru").ClickAsync();

        await Expect(html).ToHaveAttributeAsync("lang", "ru");
        await Expect(nav).ToContainTextAsync("Главная");
        await Expect(page.GetByTestId("home-employee")).ToContainTextAsync("Мои показатели");
    }

    [Fact]
    public async Task The_chosen_language_is_remembered_over_the_browsers_own_language()
    {
        var page = await SignedInPageAsync(EmployeeEmail, "ru-RU");
        await page.GetByTestId("language-menu").ClickAsync();
        await page.GetByTestId("language-en").ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");

        await page.GotoAsync("/");

        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.GetByTestId("nav")).ToContainTextAsync("Home");
    }

    [Fact]
    public async Task The_login_page_links_switch_the_login_form_between_Russian_and_English()
    {
        var page = await NewPageAsync("ru-RU");
        await page.GotoAsync("/account/login");
        var submit = page.GetByTestId("login-submit");
        await Expect(submit).ToHaveTextAsync("Войти");
        await Expect(page.Locator("label[for=password]")).ToHaveTextAsync("Пароль");

        await page.GetByTestId("login-en").ClickAsync();

        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(submit).ToHaveTextAsync("Sign in");
        await Expect(page.Locator("label[for=password]")).ToHaveTextAsync("Password");
        await Expect(page).ToHaveURLAsync(LoginUrl);

        await page.GetByTestId("login-ru").ClickAsync();

        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ru");
        await Expect(submit).ToHaveTextAsync("Войти");
        await Expect(page.Locator("label[for=password]")).ToHaveTextAsync("Пароль");
    }

    [Fact]
    public async Task An_English_browser_gets_the_English_login_page_without_choosing()
    {
        var page = await NewPageAsync("en-US");

        await page.GotoAsync("/account/login");

        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.GetByTestId("login-submit")).ToHaveTextAsync("Sign in");
    }
}
