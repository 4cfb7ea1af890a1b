using KpiPlanner.Infrastructure.Postgres;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KpiPlanner.Web.Hosting;

/// <summary>The <c>/health</c> check of the database: <see cref="DatabaseProbe"/> (fast, no retries) on the app's connection.</summary>
internal sealed class DatabaseHealthCheck(DatabaseStartup database) : IHealthCheck
{
    private readonly DatabaseProbe probe = new(database.ConnectionString);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await probe.UnreachableAsync(cancellationToken) is { } e
            ? HealthCheckResult.Unhealthy("unreachable: " + e.Message, e)
            : HealthCheckResult.Healthy("reachable");
}
