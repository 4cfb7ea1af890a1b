using Npgsql;

namespace KpiPlanner.Infrastructure.Postgres;

/// <summary>
/// Is PostgreSQL answering? One <c>SELECT 1</c> on a connection of its own (no pool) with a 3-second limit and no
/// retries, so a probe answers fast even while the database is down (the app's own queries retry; a probe must not).
/// </summary>
public sealed class DatabaseProbe(string connectionString)
{
    private readonly string probeConnectionString = new NpgsqlConnectionStringBuilder(connectionString)
    {
        Timeout = 3,
        CommandTimeout = 3,
        Pooling = false,
    }.ConnectionString;

    /// <summary>Null when the database answered; otherwise why it could not be reached.</summary>
    public async Task<Exception?> UnreachableAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = new NpgsqlConnection(probeConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(cancellationToken);
            return null;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            return e;
        }
    }
}
