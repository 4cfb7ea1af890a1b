using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using KpiPlanner.Testing;
using KpiPlanner.Web.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KpiPlanner.IntegrationTests;

/// <summary>The app on a real port, believing forwarded headers from one proxy: 127.0.0.1 (and from nobody else).</summary>
public sealed class ProxiedApp : KpiAppFactory
{
    protected override bool RealServer => true;

    protected override bool DemoData => false;

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("KpiPlanner:Proxy:KnownProxies", "127.0.0.1");
    }
}

/// <summary>
/// Issue 13, "Hardening": behind a configured reverse proxy the app sees the client's address and scheme — the rate
/// limiter counts each client apart, HTTPS at the proxy brings HSTS, the Origin check compares with the public scheme —
/// and the same headers from any other address are ignored. The "other address" is a second loopback address
/// (127.0.0.2) the test client connects from.
/// </summary>
public sealed class ReverseProxyTests(ProxiedApp app) : IClassFixture<ProxiedApp>
{
    private RateLimits Limits => app.Services.GetRequiredService<RateLimits>();

    /// <summary>A client connecting from the proxy's address (127.0.0.1) or from another one (127.0.0.2).</summary>
    private HttpClient Client(bool fromProxy)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(fromProxy ? IPAddress.Loopback : IPAddress.Parse("127.0.0.2"), 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = app.BaseAddress };
    }

    private static async Task<HttpStatusCode> LoginAsync(HttpClient client, string forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login")
        {
            Content = JsonContent.Create(new { email = $"proxy-{Guid.NewGuid():N}@demo.local", password = "wrong-one" }),
        };
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return (await client.SendAsync(request)).StatusCode;
    }

    [Fact]
    public async Task Behind_the_known_proxy_each_forwarded_client_address_has_its_own_sign_in_limit()
    {
        // Few attempts, done well within the minute's window on a busy machine; a fresh partition (keyed by the limit).
        Limits.LoginPerMinute = Random.Shared.Next(3, 9);
        using var client = Client(fromProxy: true);
        for (var i = 0; i < Limits.LoginPerMinute; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await LoginAsync(client, "203.0.113.7"));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, await LoginAsync(client, "203.0.113.7"));
        Assert.Equal(HttpStatusCode.Unauthorized, await LoginAsync(client, "203.0.113.8")); // another client behind the proxy
    }

    [Fact]
    public async Task From_an_unknown_address_a_forged_forwarded_address_does_not_escape_the_limit()
    {
        Limits.LoginPerMinute = Random.Shared.Next(3, 9);
        using var client = Client(fromProxy: false);
        for (var i = 0; i < Limits.LoginPerMinute; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await LoginAsync(client, $"198.51.100.{i + 1}"));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, await LoginAsync(client, "198.51.100.200"));
    }

    private async Task<HttpResponseMessage> HealthAsync(bool fromProxy, string? forwardedProto)
    {
        using var client = Client(fromProxy);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health");
        request.Headers.Host = "kpi.example"; // a public name: HSTS is never sent for localhost or 127.0.0.1
        if (forwardedProto is not null)
        {
            request.Headers.Add("X-Forwarded-Proto", forwardedProto);
        }

        return await client.SendAsync(request);
    }

    [Fact]
    public async Task Https_at_the_known_proxy_brings_hsts_plain_http_and_unknown_sources_do_not()
    {
        var overHttps = await HealthAsync(fromProxy: true, "https");
        var overHttp = await HealthAsync(fromProxy: true, "http");
        var direct = await HealthAsync(fromProxy: true, null);
        var forged = await HealthAsync(fromProxy: false, "https");

        Assert.Equal(HttpStatusCode.OK, overHttps.StatusCode);
        Assert.StartsWith("max-age=31536000", overHttps.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);
        foreach (var plain in new[] { overHttp, direct, forged })
        {
            Assert.Equal(HttpStatusCode.OK, plain.StatusCode); // no redirect to HTTPS on plain HTTP without TLS configured
            Assert.False(plain.Headers.Contains("Strict-Transport-Security"));
        }
    }

    private async Task<HttpStatusCode> CookieWriteAsync(bool fromProxy, string origin)
    {
        using var client = Client(fromProxy);
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/periods/{TestClock.ThisMonth:yyyy-MM}/facts")
        {
            Content = JsonContent.Create(new { facts = Array.Empty<object>() }),
        };
        request.Headers.Add("Cookie", "some=cookie"); // the guard looks at cookie-riding writes; no sign-in needed to be refused
        request.Headers.Add("Origin", origin);
        request.Headers.Add("X-Forwarded-Proto", "https");
        return (await client.SendAsync(request)).StatusCode;
    }

    [Fact]
    public async Task The_origin_check_compares_with_the_scheme_the_known_proxy_was_reached_by()
    {
        var publicOrigin = $"https://{app.BaseAddress.Authority}";

        // Past the Origin check, the endpoint wants a sign-in (401); refused by the check, 403.
        Assert.Equal(HttpStatusCode.Unauthorized, await CookieWriteAsync(fromProxy: true, publicOrigin));
        Assert.Equal(HttpStatusCode.Forbidden, await CookieWriteAsync(fromProxy: true, $"http://{app.BaseAddress.Authority}"));
        Assert.Equal(HttpStatusCode.Forbidden, await CookieWriteAsync(fromProxy: false, publicOrigin));
    }

    [Theory]
    [InlineData("http://localhost:5080", false)]
    [InlineData("https://+:443;http://+:80", true)]
    public void Served_over_tls_means_an_https_address(string urls, bool tls)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["urls"] = urls }).Build();

        Assert.Equal(tls, ReverseProxy.ServedOverTls(configuration));
    }
}
