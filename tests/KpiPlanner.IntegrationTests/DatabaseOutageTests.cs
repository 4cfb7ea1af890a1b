using System.Net;
using KpiPlanner.Infrastructure.Postgres;
using KpiPlanner.Testing;
using Npgsql;

namespace KpiPlanner.IntegrationTests;

/// <summary>The app on a cluster of its own that the test stops and starts again.</summary>
public sealed class OutageAppFactory : KpiAppFactory
{
    private readonly string root = Directory.CreateTempSubdirectory("kpi-outage-").FullName;
    private EmbeddedPostgres? cluster;

    public EmbeddedPostgresOptions Options => new() { RootDirectory = root, Throwaway = true, Port = port };

    private readonly int port = FreePort();

    public void StopDatabase() => cluster?.Stop();

    public void StartDatabase() => cluster = EmbeddedPostgres.Start(Options);

    /// <summary>
    /// Stops PostgreSQL as a crash would (<c>pg_ctl stop -m immediate</c>): every backend killed mid-statement, no
    /// checkpoint; the next start recovers from the write-ahead log.
    /// </summary>
    public void CrashDatabase()
    {
        var pgCtl = Path.Combine(EmbeddedPostgres.FindBinDirectory(null), "pg_ctl");
        var start = new System.Diagnostics.ProcessStartInfo(Environment.IsPrivilegedProcess ? "runuser" : pgCtl)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var args = new List<string>();
        if (Environment.IsPrivilegedProcess)
        {
            args.AddRange(["-u", "postgres", "--", pgCtl]);
        }

        args.AddRange(["-D", Path.Combine(root, "data"), "-m", "immediate", "-w", "stop"]);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)) || process.ExitCode != 0)
        {
            throw new InvalidOperationException($"pg_ctl stop -m immediate failed: {errors.Result}{output.Result}");
        }
    }

    protected override Task<TestConnections> CreateDatabaseAsync()
    {
        StartDatabase();
        return Task.FromResult(new TestConnections(cluster!.ConnectionString, cluster.OwnerConnectionString!, cluster.AppConnectionString!));
    }

    protected override Task DropDatabaseAsync()
    {
        NpgsqlConnection.ClearAllPools();
        cluster?.Stop();
        Directory.Delete(root, recursive: true);
        return Task.CompletedTask;
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

public sealed class DatabaseOutageTests(OutageAppFactory app) : IClassFixture<OutageAppFactory>
{
    [Fact]
    public async Task Health_reports_a_database_outage_and_the_app_recovers_when_it_returns()
    {
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);

        app.StopDatabase();
        var down = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.Contains("Unhealthy", await down.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        app.StartDatabase();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        var login = await client.LoginAsync(KpiPlanner.Infrastructure.Demo.DemoData.HrEmail, KpiPlanner.Infrastructure.Demo.DemoData.Password);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
    }
}
