using System.Net;

namespace KpiPlanner.Web.Hosting;

/// <summary>
/// Whether the demo company — and with it four accounts whose password is printed in the README — is loaded. Only
/// where nobody else can reach it: the app's own embedded PostgreSQL, and every address the app listens on a loopback
/// one (<c>localhost</c>, <c>127.x.x.x</c>, <c>[::1]</c>). A configured database or any other binding
/// (<c>http://+:8080</c>, <c>0.0.0.0</c>, a LAN address, <c>http_ports</c>) never gets it; there the first run asks
/// for the owner's account instead (<c>/setup</c>). <c>KpiPlanner:DemoData=false</c> turns the demo off anywhere;
/// <c>KpiPlanner:DemoData=true</c> where the demo is not safe refuses to start (<see cref="DemoDataRefusedException"/>):
/// the person who wrote it expects the demo and would otherwise not notice that it did not come — and a demo with
/// known passwords on a reachable server is exactly what must not happen quietly.
/// </summary>
internal static class DemoMode
{
    public const string Setting = "KpiPlanner:DemoData";

    /// <summary>Reads the setting and the addresses from configuration and decides; throws when the demo is asked for where it is unsafe.</summary>
    public static bool Decide(IConfiguration configuration, bool embeddedDatabase) =>
        Decide(embeddedDatabase, configuration.GetValue<bool?>(Setting), ListenAddresses(configuration));

    /// <summary>
    /// The demo is loaded when it is safe and not turned off. <paramref name="requested"/> is the setting (null when
    /// not set); <paramref name="addresses"/> are the URLs the app listens on (empty: the default, localhost).
    /// </summary>
    public static bool Decide(bool embeddedDatabase, bool? requested, IReadOnlyCollection<string> addresses)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        var unsafeAddresses = addresses.Where(a => !IsLoopback(a)).ToList();
        var safe = embeddedDatabase && unsafeAddresses.Count == 0;
        if (requested == true && !safe)
        {
            var why = !embeddedDatabase
                ? "the app uses a configured database (ConnectionStrings:Kpi)"
                : $"the app listens on {string.Join(", ", unsafeAddresses)}, which others on the network can reach";
            throw new DemoDataRefusedException(
                $"KpiPlanner:DemoData=true is refused: {why}. The demo company has accounts whose password is published " +
                "(Demo123!), so it is loaded only into the embedded database of an app listening on localhost alone. " +
                "Remove KpiPlanner__DemoData to start with an empty company (the first visit asks for the owner's account " +
                "at /setup), or run without ConnectionStrings__Kpi on http://localhost to try the demo.");
        }

        return safe && requested != false;
    }

    /// <summary>
    /// The URLs the app is told to listen on: <c>urls</c> (<c>--urls</c>, <c>ASPNETCORE_URLS</c>, or the default that
    /// <see cref="WebAddress.ChooseDefault"/> sets), <c>http_ports</c> / <c>https_ports</c> (which bind every
    /// interface) and the Kestrel endpoints of configuration.
    /// </summary>
    public static IReadOnlyList<string> ListenAddresses(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var addresses = new List<string>();
        addresses.AddRange(Split(configuration["urls"]));
        foreach (var scheme in new[] { "http", "https" })
        {
            addresses.AddRange(Split(configuration[$"{scheme}_ports"]).Select(port => $"{scheme}://*:{port}"));
        }

        addresses.AddRange(configuration.GetSection("Kestrel:Endpoints").GetChildren()
            .Select(endpoint => endpoint["Url"])
            .OfType<string>()
            .Where(url => url.Length > 0));
        return addresses;
    }

    /// <summary>True for a URL whose host is <c>localhost</c> or a loopback IP address; false for wildcards, other names and addresses.</summary>
    public static bool IsLoopback(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var rest = url.Contains("://", StringComparison.Ordinal) ? url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..] : url;
        var end = rest.IndexOf('/', StringComparison.Ordinal);
        var hostAndPort = end < 0 ? rest : rest[..end];
        string host;
        if (hostAndPort.StartsWith('['))
        {
            var close = hostAndPort.IndexOf(']', StringComparison.Ordinal);
            host = close < 0 ? hostAndPort : hostAndPort[1..close];
        }
        else
        {
            var colon = hostAndPort.LastIndexOf(':');
            host = colon < 0 ? hostAndPort : hostAndPort[..colon];
        }

        return string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
    }

    private static IEnumerable<string> Split(string? list) =>
        (list ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>The demo was asked for (<c>KpiPlanner:DemoData=true</c>) where it would publish known passwords: the app does not start.</summary>
public sealed class DemoDataRefusedException(string message) : Exception(message);
