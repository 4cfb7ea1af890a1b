using KpiPlanner.Infrastructure;
using KpiPlanner.Infrastructure.Demo;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Respawn;
using Xunit;

namespace KpiPlanner.Testing;

/// <summary>
/// The real app on a real PostgreSQL database of its own, with the demo company loaded (as the embedded default's first
/// run would; the app itself never loads it into a configured database, so the factory does, after the start), on a
/// clock pinned to the test run's today (<see cref="TestClock"/>).
/// <see cref="ResetAsync"/> puts the database back to the demo state between tests (Respawn, then the demo seed).
/// As in production, the app migrates as the owner role and runs as a role with data rights only (<see cref="ConnectionString"/>),
/// so every test exercises the app's real rights; resets run as the server's superuser.
/// </summary>
public class KpiAppFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private Respawner? respawner;

    /// <summary>The app's own connection (its role has data rights only): what the app uses, and what tests arrange and assert with.</summary>
    public string ConnectionString { get; private set; } = string.Empty;

    /// <summary>The schema owner's connection (<c>ConnectionStrings:KpiMigrations</c>): migrations, and tests that need DDL.</summary>
    public string OwnerConnectionString { get; private set; } = string.Empty;

    /// <summary>The server's superuser on the same database: resets only.</summary>
    private string adminConnectionString = string.Empty;

    /// <summary>All three connections of the database (for a second app instance on the same one).</summary>
    public TestConnections Connections => new(adminConnectionString, OwnerConnectionString, ConnectionString);

    private TimeProvider? clock;

    /// <summary>
    /// The app's clock, on the test run's today (<see cref="TestClock"/>): a <see cref="FakeTimeProvider"/> that ticks a
    /// millisecond a read for the in-memory host; for a real server that a browser drives, one that runs at real speed
    /// from the same pinned moment.
    /// </summary>
    public TimeProvider Clock => clock ??= RealServer ? TestClock.CreateRunningProvider() : TestClock.CreateProvider();

    /// <summary>
    /// Load the demo company (true, the default) — or start like a production install with an empty database, whose
    /// first visit leads to the first-run page (<c>/setup</c>).
    /// </summary>
    protected virtual bool DemoData => true;

    /// <summary>True to serve on a real port (Kestrel) for a browser; false for the in-memory test server.</summary>
    protected virtual bool RealServer => false;

    /// <summary>The base address of the running app (real server only).</summary>
    public Uri BaseAddress { get; private set; } = new("http://localhost");

    public async Task InitializeAsync()
    {
        var connections = await CreateDatabaseAsync();
        (adminConnectionString, OwnerConnectionString, ConnectionString) = (connections.Admin, connections.Owner, connections.App);

        // Resets open a connection of their own each time: a pooled one would be dead after a test stopped the server.
        adminConnectionString = new NpgsqlConnectionStringBuilder(adminConnectionString) { Pooling = false }.ConnectionString;
        if (RealServer)
        {
            UseKestrel(0);
            StartServer();
            var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
            BaseAddress = new Uri(addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal));
        }
        else
        {
            _ = Services; // starts the host: migrations run now
        }

        // The app itself never loads the demo into a configured database (DemoMode): the tests load it as a first run
        // of the embedded default would, before any test talks to the app.
        if (DemoData)
        {
            await using var scope = Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DemoData>().SeedAsync();
        }

        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        respawner = await Respawner.CreateAsync(connection, new RespawnerOptions
        {
            DbAdapter = DbAdapter.Postgres,
            SchemasToInclude = ["public"],
            TablesToIgnore = ["__EFMigrationsHistory", "data_protection_keys"],
        });
    }

    /// <summary>The database the app runs on: by default a fresh one on the test run's server.</summary>
    protected virtual Task<TestConnections> CreateDatabaseAsync() => TestDatabase.CreateDatabaseAsync();

    /// <summary>Drops the database made by <see cref="CreateDatabaseAsync"/>.</summary>
    protected virtual Task DropDatabaseAsync() => TestDatabase.DropDatabaseAsync(ConnectionString);

    /// <summary>
    /// Empties every table and loads the demo company again — as of the clock's today, or as of
    /// <paramref name="demoToday"/> (day 1 or the last day of a month; the app's own clock stays where it is).
    /// </summary>
    public async Task ResetAsync(DateOnly? demoToday = null)
    {
        await using (var connection = new NpgsqlConnection(adminConnectionString))
        {
            await connection.OpenAsync();

            // Tests wipe what no user path may: closed months and the append-only audit log (guarded by triggers, and
            // the log by the app role's rights). The superuser in replica mode skips the triggers for this connection only.
            await using (var replica = new NpgsqlCommand("SET session_replication_role = replica", connection))
            {
                await replica.ExecuteNonQueryAsync();
            }

            await respawner!.ResetAsync(connection);
        }

        // Failed sign-ins (per e-mail and address) and the addresses known to an e-mail are tables: Respawn emptied them.

        // Every account is gone for a moment: the app asks the database again whether its first run is pending.
        Services.GetRequiredService<KpiPlanner.Web.Features.Account.FirstRun>().Forget();

        if (DemoData)
        {
            await using var scope = Services.CreateAsyncScope();
            var demo = scope.ServiceProvider.GetRequiredService<DemoData>();
            await (demoToday is { } day ? demo.SeedAsync(day) : demo.SeedAsync());
        }
    }

    /// <summary>A fresh context on the test database, for arranging and asserting.</summary>
    public KpiDbContext CreateDbContext() => CreateDbContext(ConnectionString);

    /// <summary>A context as the schema's owner, for a test that must change the schema (a failing trigger, say).</summary>
    public KpiDbContext CreateOwnerDbContext() => CreateDbContext(OwnerConnectionString);

    private static KpiDbContext CreateDbContext(string connectionString)
    {
        var options = new DbContextOptionsBuilder<KpiDbContext>();
        PersistenceSetup.Configure(options, connectionString);
        return new KpiDbContext(options.Options);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await DropDatabaseAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:Kpi", ConnectionString);
        builder.UseSetting("ConnectionStrings:KpiMigrations", OwnerConnectionString);
        // The suites sign in and call the API far faster than a person; RateLimitTests lower the limits on the running app.
        builder.UseSetting("KpiPlanner:RateLimits:LoginPerMinute", "1000000");
        builder.UseSetting("KpiPlanner:RateLimits:ApiPerMinute", "1000000");
        builder.UseSetting("urls", "http://127.0.0.1:0");
        builder.UseEnvironment("Testing");
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
        });
    }
}
