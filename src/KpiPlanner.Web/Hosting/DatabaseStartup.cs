using KpiPlanner.Infrastructure;
using KpiPlanner.Infrastructure.Demo;
using KpiPlanner.Infrastructure.Postgres;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace KpiPlanner.Web.Hosting;

/// <summary>
/// Which PostgreSQL the app uses: <c>ConnectionStrings:Kpi</c> when it is set (nothing is started, never demo data),
/// otherwise the embedded cluster — with the demo company only when every address the app listens on is loopback
/// (<see cref="DemoMode"/>).
/// </summary>
internal sealed record DatabaseStartup(string ConnectionString, EmbeddedPostgres? Embedded, bool LoadDemoData)
{
    public static DatabaseStartup Resolve(IConfiguration configuration)
    {
        var configured = configuration.GetConnectionString("Kpi");
        var demo = DemoMode.Decide(configuration, embeddedDatabase: string.IsNullOrWhiteSpace(configured));
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new DatabaseStartup(configured, null, demo);
        }

        var options = configuration.GetSection("Database:Embedded").Get<EmbeddedPostgresOptions>() ?? new EmbeddedPostgresOptions();
        var embedded = EmbeddedPostgres.Start(options);
        return new DatabaseStartup(embedded.ConnectionString, embedded, demo);
    }

    /// <summary>Applies migrations and, in demo mode, loads the demo company.</summary>
    public async Task PrepareAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KpiDbContext>();

        // On a brand-new database EF would first query a history table that does not exist yet and log that as an
        // error; creating it first keeps a newcomer's first start free of alarming lines.
        await db.GetService<Microsoft.EntityFrameworkCore.Migrations.IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
        if (LoadDemoData)
        {
            await scope.ServiceProvider.GetRequiredService<DemoData>().SeedAsync(cancellationToken);
        }
    }
}
