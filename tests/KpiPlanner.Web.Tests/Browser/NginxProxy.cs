using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace KpiPlanner.Web.Tests.Browser;

/// <summary>
/// A real nginx (Debian: <c>apt-get install -y nginx-light</c>) in front of several app instances, run as a child
/// process with a generated configuration in a temporary folder, on a free loopback port. Sticky sessions the open-source
/// way: nginx names the instance that answered in a <c>kpi_node</c> cookie (a, b, …) and routes a request carrying it
/// back to that instance; a request without it goes round robin. Every answer says which instance served it in
/// <c>X-Kpi-Node</c>. The configuration is the one <c>docs/security.md</c> shows, with WebSockets for the Blazor circuit
/// and the forwarded headers the app believes from a configured proxy.
/// </summary>
public sealed class NginxProxy : IAsyncDisposable
{
    public const string Binary = "/usr/sbin/nginx";

    private readonly Process process;
    private readonly string folder;

    private NginxProxy(Process process, string folder, Uri address)
    {
        this.process = process;
        this.folder = folder;
        Address = address;
    }

    /// <summary>The proxy's own address (http://127.0.0.1:port).</summary>
    public Uri Address { get; }

    /// <summary>The name nginx gives the instance at <paramref name="index"/> in the cookie and header: a, b, …</summary>
    public static string NodeName(int index) => ((char)('a' + index)).ToString();

    public static async Task<NginxProxy> StartAsync(IReadOnlyList<Uri> instances)
    {
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException($"The reverse-proxy tests need nginx at {Binary} (Debian: apt-get install -y nginx-light); .ci/run installs it.");
        }

        var folder = Directory.CreateTempSubdirectory("kpi-nginx-").FullName;
        // nginx's workers run as an unprivileged user when the test runs as root: they must reach the folder.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(folder, (UnixFileMode)0b111_111_111);
        }
        var port = FreePort();
        await File.WriteAllTextAsync(Path.Combine(folder, "nginx.conf"), Configuration(folder, port, instances));
        var start = new ProcessStartInfo(Binary)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-p", folder, "-c", Path.Combine(folder, "nginx.conf"), "-e", Path.Combine(folder, "error.log"), "-g", "daemon off;" })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("nginx did not start.");
        var proxy = new NginxProxy(process, folder, new Uri($"http://127.0.0.1:{port}"));
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                var log = await proxy.ErrorLogAsync();
                await proxy.DisposeAsync();
                throw new InvalidOperationException($"nginx exited with {process.ExitCode}: {await process.StandardError.ReadToEndAsync()} {log}");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return proxy;
            }
            catch (SocketException) when (deadline.Elapsed < TimeSpan.FromSeconds(15))
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>nginx's error log, for a failure message.</summary>
    public async Task<string> ErrorLogAsync()
    {
        var path = Path.Combine(folder, "error.log");
        return File.Exists(path) ? await File.ReadAllTextAsync(path) : string.Empty;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true); // the master and its workers
            await process.WaitForExitAsync();
        }

        process.Dispose();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // a worker's temporary file may still be going away; the folder is in /tmp
        }
    }

    private static string Configuration(string folder, int port, IReadOnlyList<Uri> instances)
    {
        var nodes = instances.Select((uri, i) => (Name: NodeName(i), Server: $"127.0.0.1:{uri.Port}")).ToList();
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $$"""
            worker_processes 1;
            pid {{folder}}/nginx.pid;
            events { worker_connections 256; }
            http {
                access_log {{folder}}/access.log;
                client_body_temp_path {{folder}}/client_body;
                proxy_temp_path {{folder}}/proxy;
                fastcgi_temp_path {{folder}}/fastcgi;
                uwsgi_temp_path {{folder}}/uwsgi;
                scgi_temp_path {{folder}}/scgi;
                client_max_body_size 64m;

                # WebSockets (the Blazor circuit) pass through.
                map $http_upgrade $connection_upgrade { default upgrade; '' close; }

            """);
        foreach (var node in nodes)
        {
            text.Append(CultureInfo.InvariantCulture, $"    upstream kpi_{node.Name} {{ server {node.Server}; }}\n");
        }

        text.Append("    upstream kpi_any {\n");
        foreach (var node in nodes)
        {
            text.Append(CultureInfo.InvariantCulture, $"        server {node.Server};\n");
        }

        text.Append("    }\n    # Sticky sessions: back to the instance named in the kpi_node cookie, else round robin.\n");
        text.Append("    map $cookie_kpi_node $kpi_upstream {\n        default kpi_any;\n");
        foreach (var node in nodes)
        {
            text.Append(CultureInfo.InvariantCulture, $"        {node.Name} kpi_{node.Name};\n");
        }

        text.Append("    }\n    map $upstream_addr $kpi_served {\n        default \"\";\n");
        foreach (var node in nodes)
        {
            text.Append(CultureInfo.InvariantCulture, $"        {node.Server} {node.Name};\n");
        }

        text.Append(CultureInfo.InvariantCulture, $$"""
                }
                server {
                    listen 127.0.0.1:{{port}};
                    location / {
                        proxy_pass http://$kpi_upstream;
                        proxy_http_version 1.1;
                        proxy_set_header Host $http_host;
                        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                        proxy_set_header X-Forwarded-Proto $scheme;
                        proxy_set_header Upgrade $http_upgrade;
                        proxy_set_header Connection $connection_upgrade;
                        proxy_read_timeout 1h;
                        add_header Set-Cookie "kpi_node=$kpi_served; Path=/; HttpOnly; SameSite=Lax" always;
                        add_header X-Kpi-Node $kpi_served always;
                    }
                }
            }

            """);
        return text.ToString();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
