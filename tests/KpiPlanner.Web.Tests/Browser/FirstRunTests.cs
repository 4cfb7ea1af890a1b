using KpiPlanner.Testing;
using KpiPlanner.Web.Features.Account;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace KpiPlanner.Web.Tests.Browser;

/// <summary>A real server on an empty database of its own (no demo, no account): a production install's first start.</summary>
public sealed class FirstRunBrowserApp : KpiAppFactory
{
    protected override bool DemoData => false;

    protected override bool RealServer => true;
}

/// <summary>
/// The first run in Chromium: the first visit leads to the first-run page, a mistyped setup code and a mistyped confirmation is said under its
/// field, and the filled form lands the owner signed in on the owner's home page with the company's name — in Russian.
/// </summary>
public sealed class FirstRunTests(BrowserFixture fixture, FirstRunBrowserApp app) : BrowserTest(fixture), IClassFixture<FirstRunBrowserApp>
{
    [Fact]
    public async Task The_owner_fills_the_first_run_page_in_russian_and_lands_signed_in_on_their_home_page()
    {
        await app.ResetAsync(); // no account: the first run is pending
        var code = app.Services.GetRequiredService<FirstRun>().Code.Issue(); // what the server's log says
        var context = await Fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseAddress.ToString().TrimEnd('/'),
            Locale = "ru-RU",
            ViewportSize = new ViewportSize { Width = 1366, Height = 900 },
        });
        await using var _ = context;
        context.SetDefaultTimeout(BrowserFixture.Timeout);
        context.SetDefaultNavigationTimeout(30_000);
        var page = await context.NewPageAsync();

        await page.GotoAsync("/plans");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"/setup$"));
        await Expect(page.Locator("h1")).ToHaveTextAsync("KpiPlanner");
        await Expect(page.GetByTestId("setup-intro")).ToContainTextAsync("нет ни одной учётной записи");
        await ScreenshotAsync(page, "setup-ru");

        // A mistyped setup code first: said under its field, and nothing is created.
        await page.GetByTestId("setup-code").FillAsync("AAAA-BBBB-CCCC");
        await page.GetByTestId("setup-company").FillAsync("ООО «Ромашка»");
        await page.GetByTestId("setup-email").FillAsync("owner@romashka.ru");
        await page.GetByTestId("setup-password").FillAsync("Kofe-2026!");
        await page.GetByTestId("setup-confirm").FillAsync("Kofe-2026!");
        await SubmitAndWaitForNewPageAsync(page, page.GetByTestId("setup-submit"));
        await Expect(page.GetByTestId("setup-code-error")).ToContainTextAsync("Код настройки неверен.");
        await Expect(page.GetByTestId("setup-code")).ToHaveValueAsync(string.Empty);
        await ScreenshotAsync(page, "setup-ru-wrong-code");

        await page.GetByTestId("setup-code").FillAsync(code);
        await page.GetByTestId("setup-password").FillAsync("Kofe-2026!");
        await page.GetByTestId("setup-confirm").FillAsync("Kofe-2027!");
        await SubmitAndWaitForNewPageAsync(page, page.GetByTestId("setup-submit"));
        await Expect(page.GetByTestId("setup-confirm-error")).ToHaveTextAsync("Пароли не совпадают: введите тот же пароль ещё раз.");
        await Expect(page.GetByTestId("setup-company")).ToHaveValueAsync("ООО «Ромашка»"); // what was typed stays
        await Expect(page.GetByTestId("setup-email")).ToHaveValueAsync("owner@romashka.ru");
        await Expect(page.GetByTestId("setup-password")).ToHaveValueAsync(string.Empty); // but never a password
        await Expect(page.GetByTestId("setup-confirm")).ToHaveValueAsync(string.Empty);
        await ScreenshotAsync(page, "setup-ru-refused");

        await page.GetByTestId("setup-password").FillAsync("Kofe-2026!");
        await page.GetByTestId("setup-confirm").FillAsync("Kofe-2026!");
        await SubmitAndWaitForNewPageAsync(page, page.GetByTestId("setup-submit"));

        await Expect(page).ToHaveURLAsync(HomeUrl);
        await Expect(page.GetByTestId("home-owner")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("company-name")).ToHaveTextAsync("ООО «Ромашка»");
        await WaitUntilInteractiveAsync(page);
        await Expect(page.GetByTestId("nav-users")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("company-name")).ToHaveTextAsync("ООО «Ромашка»"); // rendered again by the circuit
        await ScreenshotAsync(page, "setup-ru-owner-home");

        // The page is gone now: it leads to the sign-in page.
        await page.GotoAsync("/setup");
        await Expect(page).ToHaveURLAsync(LoginUrl);
    }
}
