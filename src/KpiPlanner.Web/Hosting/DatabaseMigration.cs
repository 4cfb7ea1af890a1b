using KpiPlanner.Infrastructure;
using KpiPlanner.Infrastructure.Postgres;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace KpiPlanner.Web.Hosting;

/// <summary>
/// The migrations at start, as the owner role, then the app role's grants (<see cref="DatabaseRoles.GrantAppAsync"/>)
/// after every migration, so a table a new migration adds is never forgotten. Without an owner connection the app
/// migrates with its own and says loudly that it runs with the owner's rights.
/// </summary>
internal static class DatabaseMigration
{
    public static async Task MigrateAsync(DatabaseStartup database, IServiceProvider services, CancellationToken cancellationToken)
    {
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseMigration));
        if (database.Embedded is { TookOverLeftover: true } embedded)
        {
            logger.LogWarning("A PostgreSQL server left running by an earlier run in {Folder} was taken over; it stops with the app.", embedded.RootDirectory);
        }

        var owner = database.MigrationsConnectionString;
        if (string.IsNullOrWhiteSpace(owner))
        {
            await MigrateWithAsync(services.GetRequiredService<KpiDbContext>(), cancellationToken);
            logger.LogWarning(
                "ConnectionStrings:KpiMigrations is not set: the app migrated and runs with the database rights of its own connection (ConnectionStrings:Kpi), which owns the tables. Give it a role with data rights only: see docs/security.md, \"Database roles\".");
            return;
        }

        var options = new DbContextOptionsBuilder<KpiDbContext>();
        PersistenceSetup.Configure(options, owner);
        await using (var db = new KpiDbContext(options.Options))
        {
            await MigrateWithAsync(db, cancellationToken);
        }

        var rights = await DatabaseRoles.GrantAppAsync(owner, database.ConnectionString, cancellationToken);
        switch (rights)
        {
            case AppRights.Owner:
                logger.LogWarning("ConnectionStrings:Kpi and ConnectionStrings:KpiMigrations sign in as the same role: the app runs with the owner's rights. See docs/security.md, \"Database roles\".");
                break;
            case AppRights.MoreThanData:
                logger.LogWarning("The app's database role (ConnectionStrings:Kpi) is a superuser, a member of the owner role, or may create tables: it has more than data rights. See docs/security.md, \"Database roles\".");
                break;
            case AppRights.DataOnly:
                logger.LogInformation("Database migrated as the owner role; the app runs with data rights only.");
                break;
        }
    }

    private static async Task MigrateWithAsync(KpiDbContext db, CancellationToken cancellationToken)
    {
        // On a brand-new database EF would first query a history table that does not exist yet and log that as an
        // error; creating it first keeps a newcomer's first start free of alarming lines.
        await db.GetService<Microsoft.EntityFrameworkCore.Migrations.IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
    }
}
