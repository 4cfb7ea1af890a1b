using Npgsql;

namespace KpiPlanner.Infrastructure.Postgres;

/// <summary>
/// Tells a database that cannot be reached — stopped, restarting, crashed mid-statement, the network gone — from every
/// other failure: such a request is answered 503 ("try again in a minute"), not 500. What it wrote is rolled back with
/// its transaction, so the same request can simply be sent again once <c>/health</c> says the database is back.
/// </summary>
public static class DatabaseOutage
{
    /// <summary>True when <paramref name="exception"/> (or one it wraps, such as EF's retries giving up) is the database being unreachable.</summary>
    public static bool Is(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is PostgresException postgres)
            {
                // 08: connection exception; 57P01–57P03: the server shutting down, crashed, or still starting; 53300: no free connection.
                return postgres.SqlState.StartsWith("08", StringComparison.Ordinal)
                    || postgres.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown
                        or PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.TooManyConnections;
            }

            // Not an answer of the server's: the connection could not be opened, broke, or timed out. (EF's retries
            // giving up wrap the last of these.)
            if (e is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
            {
                return true;
            }
        }

        return false;
    }
}
