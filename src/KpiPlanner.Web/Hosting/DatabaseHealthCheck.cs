using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace KpiPlanner.Web.Hosting;

/// <summary>
/// Is PostgreSQL answering? One <c>SELECT 1</c> with a 3-second limit and no retries, so <c>/health</c> answers fast
/// even while the database is down (the app's own queries retry; a probe must not).
/// </summary>
internal sealed class DatabaseHealthCheck(DatabaseStartup database) : IHealthCheck
{
    private readonly string connectionString = new NpgsqlConnectionStringBuilder(database.ConnectionString)
    {
        Timeout = 3,
        CommandTimeout = 3,
        Pooling = false,
    }.ConnectionString;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy("reachable");
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            return HealthCheckResult.Unhealthy("unreachable: " + e.Message, e);
        }
    }
}
