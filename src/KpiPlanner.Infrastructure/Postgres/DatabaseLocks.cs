using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace KpiPlanner.Infrastructure.Postgres;

/// <summary>
/// The named PostgreSQL advisory locks that serialise a whole kind of change. Each is a transaction lock
/// (<c>pg_advisory_xact_lock</c>): taken inside the caller's transaction, a second caller waits on it until the first
/// commits or rolls back, then reads what the first one wrote.
/// </summary>
public static class DatabaseLocks
{
    /// <summary>One change of an account's state at a time (two owners cannot disable each other at the same moment).</summary>
    public const string AccountState = "kpiplanner.account_state";

    /// <summary>One first run at a time (of two submits, one creates the owner and the other finds the account).</summary>
    public const string FirstRun = "kpiplanner.first_run";

    /// <summary>Waits for the <see cref="AccountState"/> lock, held until the current transaction ends.</summary>
    public static Task LockAccountStateAsync(this DatabaseFacade database, CancellationToken cancellationToken = default) =>
        LockAsync(database, AccountState, cancellationToken);

    /// <summary>Waits for the <see cref="FirstRun"/> lock, held until the current transaction ends.</summary>
    public static Task LockFirstRunAsync(this DatabaseFacade database, CancellationToken cancellationToken = default) =>
        LockAsync(database, FirstRun, cancellationToken);

    private static async Task LockAsync(DatabaseFacade database, string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        if (database.CurrentTransaction is null)
        {
            // Outside a transaction the lock would be released as soon as the statement ends: it would guard nothing.
            throw new InvalidOperationException($"The lock '{key}' is taken inside a transaction.");
        }

        await database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext({key}))", cancellationToken);
    }
}
