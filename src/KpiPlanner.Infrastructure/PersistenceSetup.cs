using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KpiPlanner.Infrastructure;

/// <summary>How the app talks to PostgreSQL: one place for the provider options.</summary>
public static class PersistenceSetup
{
    public static IServiceCollection AddKpiPersistence(this IServiceCollection services, string connectionString)
    {
        // The factory gives Blazor pages one short-lived context per operation; the scoped context serves Identity.
        services.AddDbContextFactory<KpiDbContext>(o => Configure(o, connectionString), ServiceLifetime.Scoped);

        // The sign-in counters every instance of the app shares (decision 021): one statement per attempt, own connection.
        services.AddSingleton(new Identity.SignInCounters(connectionString));
        return services;
    }

    public static void Configure(DbContextOptionsBuilder options, string connectionString)
    {
        options
            .UseNpgsql(connectionString, npgsql =>
            {
                // Transient failures are retried a few times (about 5 s in all) before a page shows the friendly error.
                npgsql.EnableRetryOnFailure(maxRetryCount: 3, maxRetryDelay: TimeSpan.FromSeconds(2), errorCodesToAdd: null);
                npgsql.MigrationsAssembly(typeof(KpiDbContext).Assembly.GetName().Name);
            })
            .UseSnakeCaseNamingConvention();
    }
}
