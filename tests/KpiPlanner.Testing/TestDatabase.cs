using DotNet.Testcontainers.Builders;
using KpiPlanner.Infrastructure.Postgres;
using Npgsql;
using Testcontainers.PostgreSql;

namespace KpiPlanner.Testing;

/// <summary>
/// The one real PostgreSQL server of a test run, found in this order:
/// 1. <c>KPI_TEST_POSTGRES</c> (a connection string to a server of yours; each run makes and drops its own database);
/// 2. a Testcontainers PostgreSQL when a Docker engine answers;
/// 3. a throwaway local cluster started from the machine's PostgreSQL binaries (Debian's <c>postgresql</c> package).
/// Never EF InMemory, SQLite or mocks.
/// </summary>
public static class TestDatabase
{
    public const string ServerVariable = "KPI_TEST_POSTGRES";

    private const string OwnerSuffix = "_owner";
    private const string AppSuffix = "_app";

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? serverConnectionString;

    /// <summary>How the server was found, for the test log.</summary>
    public static string Source { get; private set; } = "not started";

    /// <summary>
    /// Creates a fresh, empty database on the run's server with the same two roles as production (an owner that migrates,
    /// an app role with data rights only — <see cref="DatabaseRoles"/>), named after the database, and returns the
    /// connection strings of the three: the server's superuser (resets), the owner and the app.
    /// </summary>
    public static async Task<TestConnections> CreateDatabaseAsync(string prefix = "kpi_test")
    {
        var server = await GetServerAsync();
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 33, 63 - AppSuffix.Length)];
        var owner = new RoleLogin(name + OwnerSuffix, Guid.NewGuid().ToString("N"));
        var app = new RoleLogin(name + AppSuffix, Guid.NewGuid().ToString("N"));
        await DatabaseRoles.ProvisionAsync(server, name, owner, app);
        var admin = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
        string As(RoleLogin role) => new NpgsqlConnectionStringBuilder(admin) { Username = role.Name, Password = role.Password }.ConnectionString;
        return new TestConnections(admin, As(owner), As(app));
    }

    /// <summary>Drops the database made by <see cref="CreateDatabaseAsync"/> and its two roles.</summary>
    public static async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(await GetServerAsync());
        await connection.OpenAsync();
        foreach (var sql in new[]
                 {
                     $"DROP DATABASE IF EXISTS {DatabaseRoles.Identifier(name)} WITH (FORCE)",
                     $"DROP ROLE IF EXISTS {DatabaseRoles.Identifier(name + AppSuffix)}",
                     $"DROP ROLE IF EXISTS {DatabaseRoles.Identifier(name + OwnerSuffix)}",
                 })
        {
            await using var drop = new NpgsqlCommand(sql, connection);
            await drop.ExecuteNonQueryAsync();
        }
    }

    private static async Task<string> GetServerAsync()
    {
        await Gate.WaitAsync();
        try
        {
            return serverConnectionString ??= await StartServerAsync();
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task<string> StartServerAsync()
    {
        var configured = Environment.GetEnvironmentVariable(ServerVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            Source = $"{ServerVariable}";
            return new NpgsqlConnectionStringBuilder(configured) { Database = "postgres" }.ConnectionString;
        }

        if (await TryTestcontainersAsync() is { } container)
        {
            return container;
        }

        var root = Directory.CreateTempSubdirectory("kpi-test-pg-").FullName;
        var cluster = EmbeddedPostgres.Start(new EmbeddedPostgresOptions { RootDirectory = root, Throwaway = true, Database = "postgres", AppRoles = false });
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            cluster.Stop();
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless.
            }
        };
        Source = $"local throwaway cluster in {root}";
        return cluster.ConnectionString;
    }

    private static async Task<string?> TryTestcontainersAsync()
    {
        try
        {
            var container = new PostgreSqlBuilder("postgres:17-alpine").Build();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            await container.StartAsync(timeout.Token);
            AppDomain.CurrentDomain.ProcessExit += (_, _) => container.DisposeAsync().AsTask().GetAwaiter().GetResult();
            Source = "Testcontainers";
            return new NpgsqlConnectionStringBuilder(container.GetConnectionString()) { Database = "postgres" }.ConnectionString;
        }
        catch (DockerUnavailableException)
        {
            return null;
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException or ArgumentException or InvalidOperationException or HttpRequestException)
        {
            // Docker answers but cannot run the container here (no image, no network): fall back to a local cluster.
            return null;
        }
    }
}

/// <summary>One test database's three connections: the server's superuser, the schema's owner and the app's role.</summary>
public sealed record TestConnections(string Admin, string Owner, string App);
