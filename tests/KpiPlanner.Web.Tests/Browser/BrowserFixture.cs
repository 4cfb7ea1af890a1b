using KpiPlanner.Testing;
using Microsoft.Playwright;

namespace KpiPlanner.Web.Tests.Browser;

/// <summary>The real app on a real Kestrel port, on its own PostgreSQL database with the demo company.</summary>
public sealed class BrowserApp : KpiAppFactory
{
    /// <summary>How often an open tab rechecks its sign-in here (30 s in production): the revocation tests wait for it.</summary>
    public const int RevalidationSeconds = 2;

    protected override bool RealServer => true;

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("KpiPlanner:Security:RevalidationSeconds", RevalidationSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}

/// <summary>
/// One app and one headless Chromium for every browser test of the assembly (the <see cref="BrowserCollection"/>).
/// Each test opens its own <see cref="IBrowserContext"/> (cookies, language) through <see cref="NewPageAsync"/>.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>How long an expectation waits: the machine has 2 cores and the first Blazor render is slow.</summary>
    public const float Timeout = 15_000;

    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private IPlaywright? playwright;
    private IBrowser? browser;

    public BrowserApp App { get; } = new();

    public IBrowser Browser => browser ?? throw new InvalidOperationException("The browser has not started.");

    /// <summary>Where screenshots for people to look at go: <c>KPI_SCREENSHOTS</c>, else TestResults/screenshots in the output folder.</summary>
    public static string ScreenshotFolder { get; } =
        Environment.GetEnvironmentVariable("KPI_SCREENSHOTS") is { Length: > 0 } configured
            ? configured
            : Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"Browser tests need Chromium at {ChromiumPath} (Debian: apt-get install -y chromium).");
        }

        await ((IAsyncLifetime)App).InitializeAsync();
        Assertions.SetDefaultExpectTimeout(Timeout);
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    public async Task DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }

        playwright?.Dispose();
        await ((IAsyncLifetime)App).DisposeAsync();
    }

    /// <summary>
    /// A fresh browser context (no cookies) whose browser asks for <paramref name="locale"/>. <paramref name="bypassCsp"/>
    /// lets the test inject a script of its own (axe-core): the app's Content-Security-Policy refuses inline scripts.
    /// </summary>
    public async Task<IPage> NewPageAsync(string locale = "ru-RU", bool bypassCsp = false)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.BaseAddress.ToString().TrimEnd('/'),
            Locale = locale,
            BypassCSP = bypassCsp,
            ViewportSize = new ViewportSize { Width = 1366, Height = 900 },
        });
        context.SetDefaultTimeout(Timeout);
        context.SetDefaultNavigationTimeout(30_000);
        return await context.NewPageAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}
