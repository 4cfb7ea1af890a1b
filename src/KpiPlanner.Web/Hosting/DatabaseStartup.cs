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
/// <see cref="ConnectionString"/> is the app's own (data rights only); <see cref="MigrationsConnectionString"/> the owner's,
/// used only to migrate at start (<c>ConnectionStrings:KpiMigrations</c>; the embedded cluster makes both roles).
/// </summary>
internal sealed record DatabaseStartup(string ConnectionString, EmbeddedPostgres? Embedded, bool LoadDemoData)
{
    /// <summary>The owner's connection for the migrations; null: migrate with <see cref="ConnectionString"/> (owner rights).</summary>
    public string? MigrationsConnectionString { get; init; }

    public static DatabaseStartup Resolve(IConfiguration configuration)
    {
        var configured = configuration.GetConnectionString("Kpi");
        var demo = DemoMode.Decide(configuration, embeddedDatabase: string.IsNullOrWhiteSpace(configured));
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new DatabaseStartup(configured, null, demo) { MigrationsConnectionString = configuration.GetConnectionString("KpiMigrations") };
        }

        var options = configuration.GetSection("Database:Embedded").Get<EmbeddedPostgresOptions>() ?? new EmbeddedPostgresOptions();
        var embedded = EmbeddedPostgres.Start(options);
        return new DatabaseStartup(embedded.AppConnectionString ?? embedded.ConnectionString, embedded, demo) { MigrationsConnectionString = embedded.OwnerConnectionString };
    }

    /// <summary>Applies migrations and, in demo mode, loads the demo company.</summary>
    public async Task PrepareAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        await DatabaseMigration.MigrateAsync(this, scope.ServiceProvider, cancellationToken);
        if (LoadDemoData)
        {
            await scope.ServiceProvider.GetRequiredService<DemoData>().SeedAsync(cancellationToken);
        }
    }
}
