using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace KpiPlanner.Web.Hosting;

/// <summary>
/// Serving behind TLS or a reverse proxy (issue 13, "Hardening"). A proxy named in <c>KpiPlanner:Proxy</c>
/// (<c>KnownProxies</c>: addresses, <c>KnownNetworks</c>: CIDR ranges) is believed about the client's address
/// (<c>X-Forwarded-For</c>) and scheme (<c>X-Forwarded-Proto</c>), and about the host (<c>X-Forwarded-Host</c>) only when
/// <c>ForwardHost</c> is true — so the rate limiter counts the real client, the Origin check compares with the address
/// the browser used and HSTS goes out on requests that reached the proxy over HTTPS. Nobody else is believed: with no
/// proxy configured the headers are not read at all, and a request from any other address keeps its own.
/// Over TLS — an <c>https://</c> address of the app's own, or an HTTPS port set for a proxy (<c>https_port</c>) —
/// plain HTTP requests are redirected to HTTPS; HSTS is sent on HTTPS requests only (<see cref="SecurityHeaders"/>),
/// so plain loopback HTTP gets neither.
/// </summary>
public sealed class ReverseProxy
{
    /// <summary>Addresses of proxies whose forwarded headers are believed (e.g. <c>127.0.0.1</c>).</summary>
    public IList<string> KnownProxies { get; } = [];

    /// <summary>Networks of such proxies in CIDR form (e.g. <c>10.0.0.0/8</c>).</summary>
    public IList<string> KnownNetworks { get; } = [];

    /// <summary>Also believe the proxy's <c>X-Forwarded-Host</c> (off: a proxy that passes the Host header needs none).</summary>
    public bool ForwardHost { get; set; }

    /// <summary>How many proxies in a row to unwind (<c>X-Forwarded-For</c> entries from the right).</summary>
    public int ForwardLimit { get; set; } = 1;

    /// <summary>True when some proxy is to be believed.</summary>
    public bool Configured => KnownProxies.Count > 0 || KnownNetworks.Count > 0;

    public static ReverseProxy Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var proxy = new ReverseProxy();
        var section = configuration.GetSection("KpiPlanner:Proxy");
        section.Bind(proxy);
        // A single string ("127.0.0.1, 10.0.0.5") from an environment variable reads as a list too.
        foreach (var (key, list) in new[] { ("KnownProxies", proxy.KnownProxies), ("KnownNetworks", proxy.KnownNetworks) })
        {
            if (section[key] is { Length: > 0 } joined)
            {
                list.Clear();
                foreach (var item in joined.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    list.Add(item);
                }
            }
        }

        return proxy;
    }

    /// <summary>Registers the forwarded-headers options from configuration (nothing is believed when none is configured).</summary>
    public static ReverseProxy AddKpiReverseProxy(IServiceCollection services, IConfiguration configuration)
    {
        var proxy = Read(configuration);
        services.AddSingleton(proxy);
        services.Configure<ForwardedHeadersOptions>(o => proxy.Apply(o));
        return proxy;
    }

    private void Apply(ForwardedHeadersOptions options)
    {
        options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto
            | (ForwardHost ? ForwardedHeaders.XForwardedHost : ForwardedHeaders.None);
        options.ForwardLimit = Math.Max(1, ForwardLimit);
        // ASP.NET trusts loopback by default; here only what is configured is trusted.
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var address in KnownProxies)
        {
            options.KnownProxies.Add(IPAddress.TryParse(address, out var ip) ? ip
                : throw new InvalidOperationException($"KpiPlanner:Proxy:KnownProxies: '{address}' is not an IP address."));
        }

        foreach (var network in KnownNetworks)
        {
            options.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network, out var range) ? range
                : throw new InvalidOperationException($"KpiPlanner:Proxy:KnownNetworks: '{network}' is not a network in CIDR form (10.0.0.0/8)."));
        }
    }

    /// <summary>True when the app is served over TLS: an https address of its own, or an HTTPS port named for redirects.</summary>
    public static bool ServedOverTls(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var urls = configuration["urls"] ?? string.Empty;
        var endpoints = configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"] ?? string.Empty);
        return urls.Contains("https://", StringComparison.OrdinalIgnoreCase)
            || endpoints.Any(url => url.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            || !string.IsNullOrWhiteSpace(configuration["https_port"])
            || !string.IsNullOrWhiteSpace(configuration["https_ports"]);
    }

    /// <summary>The first middleware: the client's address and scheme as the known proxy saw them.</summary>
    public static void UseKpiForwardedHeaders(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Services.GetRequiredService<ReverseProxy>().Configured)
        {
            app.UseForwardedHeaders();
        }
    }

    /// <summary>Redirects plain HTTP to HTTPS when the app is served over TLS; nothing on plain HTTP (loopback).</summary>
    public static void UseKpiHttpsRedirection(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (ServedOverTls(app.Configuration))
        {
            app.UseHttpsRedirection();
        }
    }
}
