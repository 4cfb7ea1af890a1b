using Microsoft.Playwright;

namespace KpiPlanner.Web.Tests.Browser;

/// <summary>
/// The API reference page (Scalar at /scalar/v1) works offline, as the app must behind a firewall: every request it makes
/// goes to the app itself (no web fonts, no CDN), the browser's console stays free of errors, and the page names its
/// language (issue 17).
/// </summary>
public sealed class ApiReferenceTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Theory]
    [InlineData("ru-RU", "ru")]
    [InlineData("en-US", "en")]
    public async Task The_API_reference_asks_nothing_of_other_sites_and_names_its_language(string locale, string language)
    {
        var page = await SignedInPageAsync(ManagerEmail, locale);
        var app = new Uri(page.Url).Authority;
        var elsewhere = new List<string>();
        var consoleErrors = new List<string>();
        page.Request += (_, request) =>
        {
            if (Uri.TryCreate(request.Url, UriKind.Absolute, out var url) && url.Scheme is "http" or "https" && url.Authority != app)
            {
                elsewhere.Add(request.Url);
            }
        };
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                consoleErrors.Add(message.Text);
            }
        };

        await page.GotoAsync("/scalar/v1");
        await Expect(page.GetByRole(AriaRole.Main)).ToContainTextAsync("/api/periods/");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language);
        Assert.Empty(elsewhere);
        Assert.Empty(consoleErrors);
        await ScreenshotAsync(page, $"api-reference-{language}");
    }
}
