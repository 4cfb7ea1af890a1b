using Npgsql;

namespace KpiPlanner.Infrastructure.Postgres;

/// <summary>
/// THE DATABASE ROLES. Two login roles per installation: the <em>owner</em> owns the schema and runs the migrations; the
/// <em>app</em> role is what the running app connects as, with only the data rights it needs — SELECT, INSERT, UPDATE,
/// DELETE on the tables, sequences and functions, no DDL, no TRUNCATE, and on <c>audit_log</c> only INSERT and SELECT.
/// <see cref="ProvisionAsync"/> makes both (as a superuser: the embedded cluster and the tests);
/// <see cref="GrantAppAsync"/> gives the app role its rights and runs, as the owner, after every migration.
/// docs/security.md ("Database roles") has the same SQL for a PostgreSQL of your own.
/// </summary>
public static class DatabaseRoles
{
    /// <summary>The append-only table: the app may add and read, never change or remove.</summary>
    public const string AuditTable = "audit_log";

    /// <summary>
    /// Creates (or brings up to date) the owner and the app login roles and the database, owned by the owner, with its
    /// schema <c>public</c> owned by the owner and closed to everybody else. Objects that an earlier version made as
    /// another role (the superuser) are handed to the owner. Idempotent; needs a superuser connection.
    /// </summary>
    public static async Task ProvisionAsync(string superuserConnectionString, string database, RoleLogin owner, RoleLogin app, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(app);
        var server = new NpgsqlConnectionStringBuilder(superuserConnectionString) { Database = "postgres", Pooling = false };
        await using (var connection = new NpgsqlConnection(server.ConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            foreach (var role in new[] { owner, app })
            {
                var exists = await ScalarAsync(connection, "SELECT 1 FROM pg_roles WHERE rolname = @name", cancellationToken, ("name", role.Name)) is not null;
                var password = role.Password is null ? string.Empty : $" PASSWORD {Literal(role.Password)}";
                await ExecuteAsync(
                    connection,
                    $"{(exists ? "ALTER" : "CREATE")} ROLE {Identifier(role.Name)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS{password}",
                    cancellationToken);
            }

            var hasDatabase = await ScalarAsync(connection, "SELECT 1 FROM pg_database WHERE datname = @name", cancellationToken, ("name", database)) is not null;
            await ExecuteAsync(
                connection,
                hasDatabase
                    ? $"ALTER DATABASE {Identifier(database)} OWNER TO {Identifier(owner.Name)}"
                    : $"CREATE DATABASE {Identifier(database)} OWNER {Identifier(owner.Name)}",
                cancellationToken);
        }

        server.Database = database;
        await using (var connection = new NpgsqlConnection(server.ConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await ExecuteAsync(connection, $"""
                ALTER SCHEMA public OWNER TO {Identifier(owner.Name)};
                REVOKE ALL ON SCHEMA public FROM PUBLIC;
                REVOKE TEMPORARY ON DATABASE {Identifier(database)} FROM PUBLIC;
                DO $$
                DECLARE
                    r record;
                BEGIN
                    FOR r IN SELECT c.oid::regclass AS name, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                             WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm') AND c.relowner <> {Literal(owner.Name)}::regrole
                    LOOP
                        EXECUTE format('ALTER %s %s OWNER TO %I',
                            CASE r.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END, r.name, {Literal(owner.Name)});
                    END LOOP;
                    FOR r IN SELECT c.oid::regclass AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                             WHERE n.nspname = 'public' AND c.relkind = 'S' AND c.relowner <> {Literal(owner.Name)}::regrole
                               AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i'))
                    LOOP
                        EXECUTE format('ALTER SEQUENCE %s OWNER TO %I', r.name, {Literal(owner.Name)});
                    END LOOP;
                    FOR r IN SELECT p.oid::regprocedure AS name FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                             WHERE n.nspname = 'public' AND p.proowner <> {Literal(owner.Name)}::regrole
                    LOOP
                        EXECUTE format('ALTER ROUTINE %s OWNER TO %I', r.name, {Literal(owner.Name)});
                    END LOOP;
                END $$;
                """, cancellationToken);
        }
    }

    /// <summary>
    /// Gives the app's role (the user of <paramref name="appConnectionString"/>) its rights on everything the migrations
    /// made, and the same rights on what later migrations make (default privileges); takes back what it must not have.
    /// Runs as the owner (<paramref name="ownerConnectionString"/>), in one transaction; safe to run at every start.
    /// </summary>
    /// <returns>What the app's role can do: the warning to log when it is more than the data rights.</returns>
    public static async Task<AppRights> GrantAppAsync(string ownerConnectionString, string appConnectionString, CancellationToken cancellationToken = default)
    {
        var appRole = await CurrentUserAsync(appConnectionString, cancellationToken);
        await using var connection = new NpgsqlConnection(ownerConnectionString);
        await connection.OpenAsync(cancellationToken);
        var ownerRole = (string)(await ScalarAsync(connection, "SELECT current_user::text", cancellationToken))!;
        if (ownerRole == appRole)
        {
            return AppRights.Owner;
        }

        var app = Identifier(appRole);
        var me = Identifier(ownerRole);
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            await ExecuteAsync(connection, $"""
                GRANT USAGE ON SCHEMA public TO {app};
                GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {app};
                REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public FROM {app};
                REVOKE UPDATE, DELETE ON {Identifier(AuditTable)} FROM {app};
                REVOKE INSERT, UPDATE, DELETE ON "__EFMigrationsHistory" FROM {app};
                GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {app};
                GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO {app};
                ALTER DEFAULT PRIVILEGES FOR ROLE {me} IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {app};
                ALTER DEFAULT PRIVILEGES FOR ROLE {me} IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {app};
                ALTER DEFAULT PRIVILEGES FOR ROLE {me} IN SCHEMA public GRANT EXECUTE ON FUNCTIONS TO {app};
                """, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        // More than data rights: a superuser, a member of the owner, or a role that can still make tables.
        var wider = await ScalarAsync(
            connection,
            """
            SELECT r.rolsuper OR pg_has_role(r.rolname, @owner, 'USAGE') OR has_schema_privilege(r.rolname, 'public', 'CREATE')
            FROM pg_roles r WHERE r.rolname = @app
            """,
            cancellationToken,
            ("owner", ownerRole),
            ("app", appRole));
        return wider is true ? AppRights.MoreThanData : AppRights.DataOnly;
    }

    /// <summary>The role a connection string signs in as.</summary>
    public static async Task<string> CurrentUserAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        return (string)(await ScalarAsync(connection, "SELECT current_user::text", cancellationToken))!;
    }

    /// <summary>A double-quoted SQL identifier.</summary>
    public static string Identifier(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    private static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return await command.ExecuteScalarAsync(cancellationToken);
    }
}

/// <summary>A login role and its password (null: the server trusts it, e.g. a throwaway test cluster).</summary>
public sealed record RoleLogin(string Name, string? Password);

/// <summary>What the app's database role may do, as <see cref="DatabaseRoles.GrantAppAsync"/> found it.</summary>
public enum AppRights
{
    /// <summary>Data rights only: the intended set-up.</summary>
    DataOnly,

    /// <summary>The app signs in as the owner itself (no separate migrations connection): it could change the schema.</summary>
    Owner,

    /// <summary>A separate role, but a superuser, a member of the owner role, or allowed to create tables.</summary>
    MoreThanData,
}
