using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace KpiPlanner.Web.Tests.Browser;

/// <summary>
/// The base of the browser tests: opens pages in fresh contexts, signs in through the real login form and closes every
/// context it opened when the test ends.
/// </summary>
[Collection(BrowserCollection.Name)]
public abstract class BrowserTest(BrowserFixture fixture) : IAsyncLifetime
{
    public const string DemoPassword = "Demo123!";
    public const string OwnerEmail = "owner@demo.local";
    public const string HrEmail = "hr@demo.local";
    public const string ManagerEmail = "manager@demo.local";
    public const string EmployeeEmail = "employee@demo.local";

    private readonly List<IPage> pages = [];

    protected BrowserFixture Fixture { get; } = fixture;

    protected static Regex HomeUrl { get; } = new(@"^https?://[^/]+/$");

    protected static Regex LoginUrl { get; } = new(@"^https?://[^/]+/account/login(\?.*)?$");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var page in pages)
        {
            await page.Context.DisposeAsync();
        }
    }

    protected static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    protected static IPageAssertions Expect(IPage page) => Assertions.Expect(page);

    /// <summary>A page in a fresh browser context (no cookies) whose browser asks for <paramref name="locale"/>.</summary>
    protected async Task<IPage> NewPageAsync(string locale = "ru-RU", bool bypassCsp = false)
    {
        var page = await Fixture.NewPageAsync(locale, bypassCsp);
        pages.Add(page);
        return page;
    }

    /// <summary>Closes <paramref name="page"/>'s context when the test ends (a page opened on another address).</summary>
    protected void Track(IPage page) => pages.Add(page);

    /// <summary>Opens the login page, signs in with the form and waits for the interactive home page.</summary>
    protected static async Task SignInAsync(IPage page, string email, string password = DemoPassword)
    {
        await page.GotoAsync("/account/login");
        await FillLoginFormAsync(page, email, password);
        await Expect(page).ToHaveURLAsync(HomeUrl);
        await WaitUntilInteractiveAsync(page);
    }

    /// <summary>A new context that signs in as <paramref name="email"/> (Russian unless told).</summary>
    protected async Task<IPage> SignedInPageAsync(string email, string locale = "ru-RU", bool bypassCsp = false)
    {
        var page = await NewPageAsync(locale, bypassCsp);
        await SignInAsync(page, email);
        return page;
    }

    protected static async Task FillLoginFormAsync(IPage page, string email, string password)
    {
        await page.GetByTestId("login-email").FillAsync(email);
        await page.GetByTestId("login-password").FillAsync(password);
        await SubmitAndWaitForNewPageAsync(page, page.GetByTestId("login-submit"));
    }

    /// <summary>
    /// Clicks a plain (non-Blazor) submit button and waits until the browser shows the answer's document, so the next step
    /// never looks at the old page (a failed sign-in answers with the same URL and the same message).
    /// </summary>
    protected static async Task SubmitAndWaitForNewPageAsync(IPage page, ILocator submit)
    {
        await page.EvaluateAsync("() => document.documentElement.setAttribute('data-kpi-old-page', '')");
        await submit.ClickAsync();
        await Expect(page.Locator("html[data-kpi-old-page]")).ToHaveCountAsync(0);
    }

    /// <summary>Clicks on the prerendered page before the Blazor circuit starts are lost: wait for the layout's marker.</summary>
    protected static Task WaitUntilInteractiveAsync(IPage page) =>
        Expect(page.Locator("#kpi-interactive")).ToBeAttachedAsync();

    /// <summary>A full-page screenshot for people to look at (see <see cref="BrowserFixture.ScreenshotFolder"/>).</summary>
    protected static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(BrowserFixture.ScreenshotFolder);
        var path = Path.Combine(BrowserFixture.ScreenshotFolder, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true, Animations = ScreenshotAnimations.Disabled });
        Assert.True(new FileInfo(path).Length > 0, $"The screenshot {path} is empty.");
    }

    /// <summary>
    /// True when some box around <paramref name="element"/> that scrolls or clips sideways cuts it off: the element is
    /// in the window yet hidden in a table that scrolls (the layout tests at laptop widths).
    /// </summary>
    protected static Task<bool> ScrolledOutOfViewAsync(ILocator element) => element.EvaluateAsync<bool>("""
        el => {
            const r = el.getBoundingClientRect();
            for (let p = el.parentElement; p; p = p.parentElement) {
                const s = getComputedStyle(p);
                if (/(auto|scroll|hidden)/.test(s.overflowX)) {
                    const b = p.getBoundingClientRect();
                    if (r.left < b.left - 1 || r.right > b.right + 1) return true;
                }
            }
            return false;
        }
        """);
}
