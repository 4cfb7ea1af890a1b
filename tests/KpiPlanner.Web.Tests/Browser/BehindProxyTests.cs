using KpiPlanner.Domain.Audit;
using KpiPlanner.Domain.Planning;
using KpiPlanner.Infrastructure.Demo;
using KpiPlanner.Infrastructure.Payroll;
using KpiPlanner.Testing;
using KpiPlanner.Web.Features.Account;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;

namespace KpiPlanner.Web.Tests.Browser;

/// <summary>An app instance on a real port that believes the forwarded headers of a proxy on 127.0.0.1.</summary>
public class ProxiedInstance : KpiAppFactory
{
    protected override bool RealServer => true;

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("KpiPlanner:Proxy:KnownProxies", "127.0.0.1");
    }
}

/// <summary>A second instance on the first one's database: it creates and drops nothing.</summary>
public sealed class SecondInstance(TestConnections connections) : ProxiedInstance
{
    protected override Task<TestConnections> CreateDatabaseAsync() => Task.FromResult(connections);

    protected override Task DropDatabaseAsync() => Task.CompletedTask;
}

/// <summary>Two app instances on one database behind a real nginx with sticky sessions.</summary>
public sealed class TwoInstancesBehindNginx : IAsyncLifetime
{
    public ProxiedInstance A { get; } = new();

    public SecondInstance? B { get; private set; }

    public NginxProxy? Proxy { get; private set; }

    public async Task InitializeAsync()
    {
        // One after the other: the test host finds each app's host while it is being built.
        await ((IAsyncLifetime)A).InitializeAsync();
        B = new SecondInstance(A.Connections);
        await ((IAsyncLifetime)B).InitializeAsync();
        Proxy = await NginxProxy.StartAsync([A.BaseAddress, B.BaseAddress]);
    }

    public async Task DisposeAsync()
    {
        if (Proxy is not null)
        {
            await Proxy.DisposeAsync();
        }

        if (B is not null)
        {
            await ((IAsyncLifetime)B).DisposeAsync();
        }

        await ((IAsyncLifetime)A).DisposeAsync();
    }
}

/// <summary>
/// Issue 13, "Tests": two app instances on one database behind a real reverse proxy (nginx) with sticky sessions. A
/// person signed in on one instance is served by the other (the Data Protection keys are in the database, so either
/// instance reads the other's cookie), the Blazor circuit runs through the proxy's WebSocket, wrong passwords counted by
/// both instances add up to one lockout that holds on both, and two people closing the same month at once on the two
/// instances get exactly one close and one clear refusal.
/// </summary>
public sealed class BehindProxyTests(BrowserFixture fixture, TwoInstancesBehindNginx instances)
    : BrowserTest(fixture), IClassFixture<TwoInstancesBehindNginx>
{
    private NginxProxy Proxy => instances.Proxy!;

    /// <summary>A fresh browser context on the proxy, pinned to <paramref name="node"/> by the sticky cookie.</summary>
    private async Task<(IPage Page, List<string> Nodes)> PinnedPageAsync(string node)
    {
        var context = await Fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Proxy.Address.ToString().TrimEnd('/'),
            Locale = "ru-RU",
            ViewportSize = new ViewportSize { Width = 1366, Height = 900 },
        });
        context.SetDefaultTimeout(BrowserFixture.Timeout);
        context.SetDefaultNavigationTimeout(30_000);
        await PinAsync(context, node);
        var page = await context.NewPageAsync();
        Track(page);
        var nodes = new List<string>();
        page.Response += (_, response) =>
        {
            if (response.Headers.TryGetValue("x-kpi-node", out var served))
            {
                lock (nodes)
                {
                    nodes.Add(served);
                }
            }
        };
        return (page, nodes);
    }

    private async Task PinAsync(IBrowserContext context, string node)
    {
        // nginx's own kpi_node cookie (set by every answer) goes first: two cookies of the name would both be sent.
        await context.ClearCookiesAsync(new BrowserContextClearCookiesOptions { Name = "kpi_node" });
        await context.AddCookiesAsync([new Cookie { Name = "kpi_node", Value = node, Url = Proxy.Address.ToString() }]);
    }

    [Fact]
    public async Task Signed_in_through_one_instance_the_person_is_served_by_the_other()
    {
        var (page, nodes) = await PinnedPageAsync(NginxProxy.NodeName(0));
        await SignInAsync(page, HrEmail);
        Assert.NotEmpty(nodes);
        Assert.All(nodes, served => Assert.Equal("a", served)); // the sign-in and the home page came from instance A

        await PinAsync(page.Context, NginxProxy.NodeName(1));
        var response = await page.GotoAsync("/pay");

        Assert.Equal("b", (await response!.AllHeadersAsync())["x-kpi-node"]);
        await Expect(page).Not.ToHaveURLAsync(LoginUrl);
        await WaitUntilInteractiveAsync(page); // the circuit on B, through the proxy's WebSocket
        await Expect(page.GetByTestId("pay-ready")).ToBeAttachedAsync();
        await Expect(page.GetByTestId("user-menu")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Wrong_passwords_spread_over_the_two_instances_lock_the_account_for_that_address_on_both()
    {
        // The employee's account (the other tests here sign in as HR and the owner); every request reaches the apps from
        // nginx (127.0.0.1), the one address both instances count it for. The counters are in the database (decision 021).
        const string failed = "Неверный e-mail или пароль.";
        const string locked = "Слишком много неудачных попыток. Вход заблокирован на 5 минут; попробуйте позже или попросите HR сбросить пароль.";
        var lockout = instances.A.Services.GetRequiredService<SignInLockout>();
        var normalized = EmployeeEmail.ToUpperInvariant();
        await lockout.ReleaseAsync(normalized);
        try
        {
            var (page, _) = await PinnedPageAsync(NginxProxy.NodeName(0));
            var attempts = instances.A.Services.GetRequiredService<IOptions<IdentityOptions>>().Value.Lockout.MaxFailedAccessAttempts;
            for (var attempt = 1; attempt <= attempts; attempt++)
            {
                var node = NginxProxy.NodeName((attempt - 1) % 2); // a, b, a, b, a
                Assert.Equal(node, await SubmitLoginAsync(page, node, EmployeeEmail, "Wrong123!"));
                await Expect(page.GetByTestId("login-error")).ToHaveTextAsync(attempt < attempts ? failed : locked);
            }

            // The right password is refused now on either instance: the lock holds on both.
            foreach (var node in new[] { NginxProxy.NodeName(1), NginxProxy.NodeName(0) })
            {
                Assert.Equal(node, await SubmitLoginAsync(page, node, EmployeeEmail, DemoPassword));
                await Expect(page.GetByTestId("login-error")).ToHaveTextAsync(locked);
                await Expect(page).ToHaveURLAsync(LoginUrl);
                if (node == NginxProxy.NodeName(1))
                {
                    await ScreenshotAsync(page, "behind-proxy-locked-on-b");
                }
            }
        }
        finally
        {
            await lockout.ReleaseAsync(normalized);
        }
    }

    /// <summary>Opens the login page on <paramref name="node"/>, submits the form there, and says which instance answered the form.</summary>
    private async Task<string> SubmitLoginAsync(IPage page, string node, string email, string password)
    {
        await PinAsync(page.Context, node);
        await page.GotoAsync("/account/login");

        // Pinned again once the page has settled: a late answer to the page before (served by the other instance, e.g. its
        // circuit's handshake) sets nginx's cookie to that instance (fresh-clone run: the 5th attempt went to B).
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await PinAsync(page.Context, node);
        var answer = await page.RunAndWaitForResponseAsync(
            () => FillLoginFormAsync(page, email, password),
            r => r.Request.Method == "POST" && r.Url.Contains("/account/login", StringComparison.Ordinal));
        return (await answer.AllHeadersAsync())["x-kpi-node"];
    }

    [Fact]
    public async Task Two_people_closing_the_same_month_at_once_on_two_instances_get_one_close_and_one_refusal()
    {
        await instances.A.ResetAsync();
        var month = TestClock.ThisMonth.AddMonths(-2); // over, with the demo's facts; the previous month is already closed
        int missing;
        await using (var scope = instances.A.Services.CreateAsyncScope())
        {
            var payroll = scope.ServiceProvider.GetRequiredService<PayrollService>();
            Assert.Empty((await payroll.CalculateAsync(month, DemoData.HrEmail)).Errors);
            Assert.Empty(await payroll.ApproveAsync(month, DemoData.HrEmail, fourEyes: false));
            await using var db = instances.A.CreateDbContext();
            missing = (await PayrollService.MissingFactsAsync(db, month)).Count;
        }

        var (hr, hrNodes) = await PinnedPageAsync("a");
        var (owner, ownerNodes) = await PinnedPageAsync("b");
        await SignInAsync(hr, HrEmail);
        await SignInAsync(owner, OwnerEmail);
        foreach (var page in new[] { hr, owner })
        {
            await page.GotoAsync("/pay/" + Period.Key(month));
            await WaitUntilInteractiveAsync(page); // clicks on the prerendered page are lost
            await Expect(page.GetByTestId("pay-ready")).ToBeAttachedAsync();
            await Expect(page.GetByTestId("pay-status")).ToHaveAttributeAsync("data-status", "Approved");
            await page.GetByTestId("pay-close").ClickAsync();
            if (missing > 0)
            {
                await page.GetByTestId("pay-count-zero").ClickAsync();
            }

            await Expect(page.GetByTestId("pay-close-confirm")).ToBeEnabledAsync();
        }

        await Task.WhenAll(hr.GetByTestId("pay-close-confirm").ClickAsync(), owner.GetByTestId("pay-close-confirm").ClickAsync());

        foreach (var page in new[] { hr, owner })
        {
            await Expect(page.GetByTestId("pay-status")).ToHaveAttributeAsync("data-status", "Closed");
            await Expect(page.GetByTestId("pay-messages")).ToBeVisibleAsync();
        }

        var texts = new[] { await hr.GetByTestId("pay-messages").InnerTextAsync(), await owner.GetByTestId("pay-messages").InnerTextAsync() };
        Assert.Single(texts, t => t.Contains("Период закрыт.", StringComparison.Ordinal));
        Assert.Single(texts, t => t.Contains("закрыт и не может меняться", StringComparison.Ordinal));
        Assert.All(hrNodes, served => Assert.Equal("a", served));
        Assert.All(ownerNodes, served => Assert.Equal("b", served));

        await using var check = instances.A.CreateDbContext();
        Assert.Equal(PeriodStatus.Closed, (await check.Periods.SingleAsync(p => p.Month == month)).Status);
        Assert.Equal(1, await check.AuditLog.CountAsync(e => e.Month == month && e.Action == AuditAction.PeriodClosed));
    }
}
