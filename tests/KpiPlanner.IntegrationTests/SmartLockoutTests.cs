using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KpiPlanner.Infrastructure.Demo;
using KpiPlanner.Testing;
using KpiPlanner.Web.Features.Account;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KpiPlanner.IntegrationTests;

/// <summary>The demo company on a real port behind one believed proxy (127.0.0.1): each request says its client's address.</summary>
public sealed class LockoutProxiedApp : KpiAppFactory
{
    protected override bool RealServer => true;

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("KpiPlanner:Proxy:KnownProxies", "127.0.0.1");
    }
}

/// <summary>
/// Smart lockout (issue 13, decision 019): failures are counted per e-mail and client address, so an attacker's
/// guesses from one address lock the owner out only there; a ceiling per e-mail stops guessing from many addresses
/// but spares an address the owner has signed in from; unknown e-mails are answered exactly like known ones.
/// The client's address comes from <c>X-Forwarded-For</c>, believed from the configured proxy (the test client).
/// </summary>
public sealed class SmartLockoutTests(LockoutProxiedApp app) : IClassFixture<LockoutProxiedApp>, IAsyncLifetime
{
    private const string Wrong = "Wrong123!";
    private const string Attacker = "203.0.113.7";
    private const string Office = "198.51.100.20";

    private int MaxFailures => app.Services.GetRequiredService<IOptions<IdentityOptions>>().Value.Lockout.MaxFailedAccessAttempts;

    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task An_attackers_failures_from_one_address_lock_that_address_only_and_the_owner_signs_in_from_another()
    {
        using var client = Client();
        var unknown = $"nobody-{Guid.NewGuid():N}@demo.local";
        for (var attempt = 1; attempt <= MaxFailures; attempt++)
        {
            using var known = await LoginAsync(client, Attacker, DemoData.OwnerEmail, Wrong);
            using var nobody = await LoginAsync(client, Attacker, unknown, Wrong);

            var expected = attempt < MaxFailures ? HttpStatusCode.Unauthorized : HttpStatusCode.TooManyRequests;
            Assert.Equal(expected, known.StatusCode);
            Assert.Equal(expected, nobody.StatusCode);
            Assert.Equal(await ProblemAsync(known), await ProblemAsync(nobody)); // no word on which e-mail exists
        }

        // The attacker's address is locked now, even with the right password.
        using (var right = await LoginAsync(client, Attacker, DemoData.OwnerEmail, DemoData.Password))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
        }

        // The owner, from the office, is not.
        using var owner = await LoginAsync(client, Office, DemoData.OwnerEmail, DemoData.Password);
        Assert.Equal(HttpStatusCode.OK, owner.StatusCode);
        Assert.Contains("accessToken", await owner.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Guessing_from_many_addresses_locks_the_email_for_unknown_addresses_but_not_for_the_owners_known_one()
    {
        using var client = Client();
        using (var first = await LoginAsync(client, Office, DemoData.OwnerEmail, DemoData.Password))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode); // the office is known to the owner's e-mail now
        }

        var unknown = $"nobody-{Guid.NewGuid():N}@demo.local";
        for (var i = 0; i < SignInLockout.AccountCeiling; i++)
        {
            // One guess per address: no address reaches its own limit.
            var address = $"192.0.2.{i + 1}";
            using var known = await LoginAsync(client, address, DemoData.OwnerEmail, Wrong);
            using var nobody = await LoginAsync(client, address, unknown, Wrong);
            var expected = i < SignInLockout.AccountCeiling - 1 ? HttpStatusCode.Unauthorized : HttpStatusCode.TooManyRequests;
            Assert.Equal(expected, known.StatusCode);
            Assert.Equal(expected, nobody.StatusCode);
        }

        // A new address is refused for either e-mail, alike; the owner's office still signs in.
        using var fresh = await LoginAsync(client, "192.0.2.200", DemoData.OwnerEmail, DemoData.Password);
        using var freshUnknown = await LoginAsync(client, "192.0.2.200", unknown, DemoData.Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, fresh.StatusCode);
        Assert.Equal(await ProblemAsync(fresh), await ProblemAsync(freshUnknown));
        using var office = await LoginAsync(client, Office, DemoData.OwnerEmail, DemoData.Password);
        Assert.Equal(HttpStatusCode.OK, office.StatusCode);
    }

    private HttpClient Client() => new(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = app.BaseAddress };

    private static async Task<HttpResponseMessage> LoginAsync(HttpClient client, string from, string email, string password)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login") { Content = JsonContent.Create(new { email, password }) };
        request.Headers.Add("X-Forwarded-For", from);
        request.Headers.AcceptLanguage.ParseAdd("ru-RU");
        return await client.SendAsync(request);
    }

    // The problem details without the request's own trace id.
    private static async Task<Dictionary<string, string>> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.EnumerateObject().Where(p => p.Name != "traceId").ToDictionary(p => p.Name, p => p.Value.ToString());
    }
}
