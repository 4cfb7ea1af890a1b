using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Npgsql;

namespace KpiPlanner.Infrastructure.Postgres;

/// <summary>
/// A private PostgreSQL cluster started from the machine's server binaries (Debian's <c>postgresql</c> package):
/// created on first run in a folder of the user's, kept between runs, stopped by <see cref="Stop"/>.
/// When the process runs as root, every server command runs as the <c>postgres</c> user (initdb refuses root).
/// The app signs in as <see cref="AppRole"/> (data rights only) and migrates as <see cref="OwnerRole"/>
/// (see <see cref="DatabaseRoles"/>); the superuser's password stays in the folder for maintenance.
/// No orphan server: a watchdog stops it when the app's process ends, however it ends
/// (<see cref="EmbeddedPostgresWatchdog"/>), and a server still found running with no app holding the folder's lock is
/// taken over and stopped on the next clean stop.
/// </summary>
public sealed partial class EmbeddedPostgres : IDisposable
{
    private const string Superuser = "postgres";

    /// <summary>The role that owns the schema and runs the migrations.</summary>
    public const string OwnerRole = "kpi_owner";

    /// <summary>The role the running app signs in as.</summary>
    public const string AppRole = "kpi_app";

    private const string LockFileName = "app.lock";
    private readonly string root;
    private readonly string dataDirectory;
    private readonly string binDirectory;
    private readonly bool startedHere;
    private FileStream? folderLock;
    private EmbeddedPostgresWatchdog? watchdog;
    private bool stopped;

    private EmbeddedPostgres(string root, string binDirectory, int port, string connectionString, bool startedHere)
    {
        this.root = root;
        dataDirectory = Path.Combine(root, "data");
        this.binDirectory = binDirectory;
        Port = port;
        ConnectionString = connectionString;
        this.startedHere = startedHere;
    }

    public int Port { get; }

    /// <summary>The superuser's connection (maintenance and tests; the app does not use it).</summary>
    public string ConnectionString { get; }

    /// <summary>The owner's connection, for the migrations (null when <see cref="EmbeddedPostgresOptions.AppRoles"/> is off).</summary>
    public string? OwnerConnectionString { get; private init; }

    /// <summary>The app role's connection: what the running app uses (null when the roles are off).</summary>
    public string? AppConnectionString { get; private init; }

    /// <summary>True when a server left running by an app that is gone was found and taken over.</summary>
    public bool TookOverLeftover { get; private init; }

    /// <summary>The watchdog's process id while it runs (tests).</summary>
    public int? WatchdogProcessId => watchdog?.ProcessId;

    public string RootDirectory => root;

    public string LogFile => Path.Combine(root, "postgres.log");

    /// <summary>Starts the cluster (creating it on first run) or attaches to one that is already running there.</summary>
    /// <exception cref="EmbeddedDatabaseException">With a sentence saying what to install or configure.</exception>
    public static EmbeddedPostgres Start(EmbeddedPostgresOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var bin = FindBinDirectory(options.BinDirectory);
        var root = Path.GetFullPath(options.RootDirectory ?? EmbeddedPostgresOptions.DefaultRoot);
        var data = Path.Combine(root, "data");
        var asPostgres = Environment.IsPrivilegedProcess;

        try
        {
            Directory.CreateDirectory(root);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EmbeddedDatabaseException(
                $"Cannot create the database folder {root} ({e.Message}); choose another with Database__Embedded__RootDirectory.", e);
        }

        if (asPostgres)
        {
            Run("chown", ["-R", $"{Superuser}:{Superuser}", root], asPostgres: false, "give the database folder to the postgres user");
            Run("chmod", ["700", root], asPostgres: false, "protect the database folder");
        }

        var password = options.Throwaway ? null : EnsurePassword(root);
        if (!File.Exists(Path.Combine(data, "PG_VERSION")))
        {
            InitDb(bin, root, data, password, options.Throwaway, asPostgres);
        }

        var log = Path.Combine(root, "postgres.log");

        // The app that runs the cluster holds this lock until it ends (the kernel releases it even on kill -9). A running
        // server whose lock is free was left by an app that is gone: this app takes it over and stops it when it stops.
        // A lock held elsewhere is another running app's: share its server and leave it running.
        var folderLock = TryLock(root);
        var running = ReadRunningPort(bin, data, asPostgres);
        var startedHere = running is not null && folderLock is not null;
        var tookOver = startedHere;
        var port = running ?? (options.Port != 0 ? options.Port : FreePort());
        if (running is null)
        {
            var serverOptions = $"-c listen_addresses=127.0.0.1 -p {port.ToString(CultureInfo.InvariantCulture)} -c unix_socket_directories=''";
            if (options.Throwaway)
            {
                serverOptions += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
            }

            try
            {
                Run(
                    Path.Combine(bin, "pg_ctl"),
                    ["-D", data, "-l", log, "-w", "-t", "60", "start", "-o", serverOptions],
                    asPostgres,
                    $"start PostgreSQL (see {log})");
            }
            catch (EmbeddedDatabaseException)
            {
                folderLock?.Dispose();
                throw;
            }

            startedHere = true;
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Username = Superuser,
            Password = password,
            Database = options.Database,
        };
        RoleLogin? owner = null, app = null;
        if (options.AppRoles)
        {
            owner = new RoleLogin(OwnerRole, options.Throwaway ? null : EnsurePassword(root, OwnerRole + ".password"));
            app = new RoleLogin(AppRole, options.Throwaway ? null : EnsurePassword(root, AppRole + ".password"));
        }

        string? As(RoleLogin? role) => role is null
            ? null
            : new NpgsqlConnectionStringBuilder(builder.ConnectionString) { Username = role.Name, Password = role.Password }.ConnectionString;
        var instance = new EmbeddedPostgres(root, bin, port, builder.ConnectionString, startedHere)
        {
            OwnerConnectionString = As(owner),
            AppConnectionString = As(app),
            TookOverLeftover = tookOver,
        };
        if (startedHere)
        {
            instance.folderLock = folderLock;
            instance.watchdog = EmbeddedPostgresWatchdog.TryStart(Path.Combine(bin, "pg_ctl"), data, log, asPostgres, Superuser);
        }
        else
        {
            folderLock?.Dispose();
        }

        try
        {
            if (owner is not null && app is not null)
            {
                DatabaseRoles.ProvisionAsync(builder.ConnectionString, options.Database, owner, app).GetAwaiter().GetResult();
            }
            else
            {
                instance.EnsureDatabase(options.Database);
            }
        }
        catch (NpgsqlException e)
        {
            instance.Stop();
            throw new EmbeddedDatabaseException($"PostgreSQL started but does not answer ({e.Message}); see {log}.", e);
        }

        return instance;
    }

    private static FileStream? TryLock(string root)
    {
        try
        {
            return new FileStream(Path.Combine(root, LockFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Creates the app's database on first run, so migrations start from an empty database.</summary>
    private void EnsureDatabase(string database)
    {
        var admin = new NpgsqlConnectionStringBuilder(ConnectionString) { Database = "postgres", Pooling = false };
        using var connection = new NpgsqlConnection(admin.ConnectionString);
        connection.Open();
        using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", database);
        if (exists.ExecuteScalar() is null)
        {
            using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
            create.ExecuteNonQuery();
        }
    }

    /// <summary>
    /// Stops the cluster if this instance started it or took it over (fast shutdown: running transactions are rolled
    /// back), then lets its watchdog go and releases the folder.
    /// </summary>
    public void Stop()
    {
        if (stopped || !startedHere)
        {
            return;
        }

        stopped = true;
        try
        {
            var pgCtl = Path.Combine(binDirectory, "pg_ctl");
            var asPostgres = Environment.IsPrivilegedProcess;
            if (!TryRun(pgCtl, ["-D", dataDirectory, "-m", "fast", "-w", "stop"], asPostgres, out var output)
                && TryRun(pgCtl, ["-D", dataDirectory, "status"], asPostgres, out _))
            {
                throw new EmbeddedDatabaseException($"Could not stop PostgreSQL: {output.Trim()}");
            }
        }
        finally
        {
            watchdog?.Dispose();
            watchdog = null;
            folderLock?.Dispose();
            folderLock = null;
        }
    }

    public void Dispose() => Stop();
}
