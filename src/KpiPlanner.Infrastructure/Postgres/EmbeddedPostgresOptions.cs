namespace KpiPlanner.Infrastructure.Postgres;

/// <summary>Where and how the app's private PostgreSQL cluster lives.</summary>
public sealed class EmbeddedPostgresOptions
{
    /// <summary>
    /// The folder that holds the cluster (<c>data/</c>), its log and its password. Created on first run and kept.
    /// Null picks the default: <see cref="DefaultRoot"/>.
    /// </summary>
    public string? RootDirectory { get; set; }

    /// <summary>The folder with <c>initdb</c> and <c>pg_ctl</c>; null searches /usr/lib/postgresql/*/bin, then PATH.</summary>
    public string? BinDirectory { get; set; }

    /// <summary>TCP port on 127.0.0.1; 0 picks a free one at each start.</summary>
    public int Port { get; set; }

    public string Database { get; set; } = "kpiplanner";

    /// <summary>
    /// A throwaway cluster for tests: trust authentication and no fsync. Never for data anybody keeps.
    /// </summary>
    public bool Throwaway { get; set; }

    /// <summary>
    /// Create the owner and the app login roles (<see cref="EmbeddedPostgres.OwnerRole"/>, <see cref="EmbeddedPostgres.AppRole"/>)
    /// and give the database to the owner. Off only for a test server whose tests make databases and roles of their own.
    /// </summary>
    public bool AppRoles { get; set; } = true;

    /// <summary>
    /// The default folder: <c>~/.local/share/KpiPlanner/postgres</c> for a normal user. When the app runs as root
    /// the server runs as the <c>postgres</c> user, which cannot enter <c>/root</c>, so the default is then
    /// <c>/var/lib/kpiplanner/postgres</c>.
    /// </summary>
    public static string DefaultRoot =>
        Environment.IsPrivilegedProcess
            ? "/var/lib/kpiplanner/postgres"
            : Path.Combine(
                Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create),
                "KpiPlanner",
                "postgres");
}
