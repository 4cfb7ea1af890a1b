using System.Net;
using System.Net.Sockets;

namespace KpiPlanner.Web.Hosting;

/// <summary>The address the app listens on: --urls / ASPNETCORE_URLS when given, else the default port or a free one.</summary>
internal static class WebAddress
{
    public const string DefaultUrl = "http://localhost:5080";

    /// <summary>
    /// When nobody chose an address and the default port is taken, listen on a free port instead (and say so).
    /// Returns the note to log, or null.
    /// </summary>
    public static string? ChooseDefault(WebApplicationBuilder builder)
    {
        var configured = builder.Configuration["urls"] ?? builder.Configuration["http_ports"];
        if (!string.IsNullOrWhiteSpace(configured) || builder.Configuration.GetSection("Kestrel:Endpoints").Exists())
        {
            return null;
        }

        if (IsFree(5080))
        {
            builder.WebHost.UseUrls(DefaultUrl);
            return null;
        }

        var port = FreePort();
        builder.WebHost.UseUrls($"http://localhost:{port}");
        return $"Port 5080 is in use, so KpiPlanner listens on port {port} instead (choose one with --urls).";
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
