namespace KpiPlanner.Web.Tests.Browser;

/// <summary>
/// Full-page screenshots of every role's home page, the login page and the users page in both languages, for people to
/// look at (<see cref="BrowserFixture.ScreenshotFolder"/>). Each one also checks that the page is in the language asked for.
/// </summary>
public sealed class ScreenshotTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    public static TheoryData<string, string, string> RolesAndLanguages()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (role, email) in new[] { ("owner", OwnerEmail), ("hr", HrEmail), ("manager", ManagerEmail), ("employee", EmployeeEmail) })
        {
            data.Add(role, email, "ru");
            data.Add(role, email, "en");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RolesAndLanguages))]
    public async Task Home_page_of_each_role_is_shown_in_the_browsers_language(string role, string email, string language)
    {
        await Fixture.App.ResetAsync(); // the pictures show the demo company as it is, whatever ran before
        var page = await SignedInPageAsync(email, Locale(language));

        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language);
        await Expect(page.GetByTestId("nav")).ToContainTextAsync(language == "ru" ? "Главная" : "Home");
        await Expect(page.GetByTestId("home-" + role)).ToBeVisibleAsync();
        await Expect(LoadedContent(page, role)).ToBeVisibleAsync();
        await ScreenshotAsync(page, $"home-{role}-{language}");
    }

    [Theory]
    [InlineData("ru", "Войти")]
    [InlineData("en", "Sign in")]
    public async Task Login_page_is_shown_in_the_browsers_language(string language, string submitText)
    {
        var page = await NewPageAsync(Locale(language));

        await page.GotoAsync("/account/login");

        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language);
        await Expect(page.GetByTestId("login-submit")).ToHaveTextAsync(submitText);
        await ScreenshotAsync(page, $"login-{language}");
    }

    [Theory]
    [InlineData("ru", "Пользователи")]
    [InlineData("en", "Users")]
    public async Task Users_page_lists_the_demo_accounts_for_HR(string language, string title)
    {
        await Fixture.App.ResetAsync(); // exactly the four demo accounts
        var page = await SignedInPageAsync(HrEmail, Locale(language));

        await page.GotoAsync("/users");
        await WaitUntilInteractiveAsync(page);

        await Expect(page.Locator("h4", new() { HasText = title })).ToBeVisibleAsync();
        var grid = page.GetByTestId("users-grid");
        await Expect(grid.Locator("tbody tr")).ToHaveCountAsync(4);
        foreach (var email in new[] { OwnerEmail, HrEmail, ManagerEmail, EmployeeEmail })
        {
            await Expect(grid).ToContainTextAsync(email);
        }

        await ScreenshotAsync(page, $"users-hr-{language}");
    }

    private static string Locale(string language) => language == "ru" ? "ru-RU" : "en-US";

    /// <summary>Something each home page shows only once its data has loaded.</summary>
    private static Microsoft.Playwright.ILocator LoadedContent(Microsoft.Playwright.IPage page, string role) => role switch
    {
        "owner" => page.GetByTestId("departments-table"),
        "hr" => page.GetByTestId("stat-headcount"),
        "manager" => page.GetByTestId("team-table"),
        _ => page.GetByTestId("employee-name"),
    };
}
