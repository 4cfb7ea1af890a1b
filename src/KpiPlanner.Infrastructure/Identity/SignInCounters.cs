using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace KpiPlanner.Infrastructure.Identity;

/// <summary>
/// THE SIGN-IN COUNTERS' SQL (decision 021): failed sign-ins per e-mail and address and per e-mail, and the addresses
/// known to an e-mail, in two small tables (<c>sign_in_failures</c>, <c>sign_in_known_addresses</c>) that every
/// instance of the app shares. A failure is counted by one statement (an upsert of both counters), so two instances
/// counting at once count both; its times are the caller's clock, never the database's. What a count means — the
/// limits, and whether the e-mail is locked — is the caller's (<see cref="SignInCountRules"/>, <see cref="SignInState"/>).
/// Old rows are pruned when a new one is made: rows that no longer matter (nothing in the window, no lock) at once, and
/// beyond <see cref="SignInCountRules.Capacity"/> of a kind the longest idle, so a flood of made-up e-mails stays bounded.
/// </summary>
public sealed class SignInCounters(string connectionString)
{
    /// <summary>The address of the counter of an e-mail from all addresses (no client address is written so).</summary>
    public const string AllAddresses = "*";

    /// <summary>The longest e-mail stored as it is (Identity's normalized names are no longer); a longer one is hashed.</summary>
    public const int MaxEmailLength = 256;

    /// <summary>The longest address stored as it is; a longer one is hashed.</summary>
    public const int MaxAddressLength = 100;

    private const int MaxRetries = 3;

    /// <summary>The counters and the known address of <paramref name="email"/> at <paramref name="address"/>.</summary>
    public async Task<SignInState> ReadAsync(string email, string address, CancellationToken cancellationToken = default)
    {
        const string sql = """
            SELECT (SELECT locked_until FROM sign_in_failures WHERE email = @email AND address = @address),
                   (SELECT locked_until FROM sign_in_failures WHERE email = @email AND address = @all),
                   (SELECT signed_in_at FROM sign_in_known_addresses WHERE email = @email AND address = @address)
            """;
        return await RunAsync(
            async connection =>
            {
                await using var command = Command(connection, sql, email, address);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                await reader.ReadAsync(cancellationToken);
                return new SignInState(Time(reader, 0), Time(reader, 1), Time(reader, 2));
            },
            cancellationToken);
    }

    /// <summary>
    /// Counts one failure of <paramref name="email"/> from <paramref name="address"/> at <paramref name="now"/> into both
    /// of its counters, in one statement: failures older than the window drop out; the one that reaches its limit
    /// locks until <paramref name="now"/> + <see cref="SignInCountRules.LockFor"/> and starts the count afresh.
    /// </summary>
    /// <returns>The state after the failure.</returns>
    public async Task<SignInState> CountFailureAsync(string email, string address, DateTimeOffset now, SignInCountRules rules, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rules);

        // Each SET expression reads the row as it was; the row is locked by the upsert, so a second instance's failure
        // waits and then counts on top of this one. "kept" = the failures still in the window, this one added. The
        // e-mail's row comes first, always (and in ReleaseAsync): two statements never wait on each other in a circle.
        const string kept = "(array(SELECT t FROM unnest(f.failures) t WHERE t > @now - @window ORDER BY t) || @now::timestamptz)";
        const string limit = "(CASE WHEN f.address = @all THEN @email_limit ELSE @pair_limit END)";
        const string sql = $"""
            WITH counted AS (
                INSERT INTO sign_in_failures AS f (email, address, failures, locked_until, last_failure)
                VALUES (@email, @all, ARRAY[@now::timestamptz], CASE WHEN @email_limit <= 1 THEN @now + @lock_for END, @now),
                       (@email, @address, ARRAY[@now::timestamptz], CASE WHEN @pair_limit <= 1 THEN @now + @lock_for END, @now)
                ON CONFLICT (email, address) DO UPDATE SET
                    failures = CASE WHEN cardinality({kept}) >= {limit} THEN ARRAY[]::timestamptz[] ELSE {kept} END,
                    locked_until = CASE WHEN cardinality({kept}) >= {limit} THEN @now + @lock_for ELSE f.locked_until END,
                    last_failure = @now
                RETURNING f.address, f.locked_until, (f.xmax = 0) AS inserted
            )
            SELECT (SELECT locked_until FROM counted WHERE address = @address),
                   (SELECT locked_until FROM counted WHERE address = @all),
                   (SELECT signed_in_at FROM sign_in_known_addresses WHERE email = @email AND address = @address),
                   (SELECT bool_or(inserted) FROM counted)
            """;
        var (state, inserted) = await RunAsync(
            async connection =>
            {
                await using var command = Command(connection, sql, email, address);
                command.Parameters.AddWithValue("now", now);
                command.Parameters.AddWithValue("window", rules.Window);
                command.Parameters.AddWithValue("lock_for", rules.LockFor);
                command.Parameters.AddWithValue("pair_limit", rules.PairLimit);
                command.Parameters.AddWithValue("email_limit", rules.EmailLimit);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                await reader.ReadAsync(cancellationToken);
                return (new SignInState(Time(reader, 0), Time(reader, 1), Time(reader, 2)), !reader.IsDBNull(3) && reader.GetBoolean(3));
            },
            cancellationToken);

        // Apart, so that retrying the prune never counts the failure again.
        if (inserted)
        {
            await RunAsync(connection => PruneFailuresAsync(connection, now, rules, cancellationToken), cancellationToken);
        }

        return state;
    }

    /// <summary>The right password from the address: its pair's count goes, and the address is known to the e-mail from now.</summary>
    public async Task CountSuccessAsync(string email, string address, DateTimeOffset now, TimeSpan knownFor, int capacity, CancellationToken cancellationToken = default)
    {
        const string sql = """
            WITH cleared AS (DELETE FROM sign_in_failures WHERE email = @email AND address = @address)
            INSERT INTO sign_in_known_addresses AS k (email, address, signed_in_at) VALUES (@email, @address, @now)
            ON CONFLICT (email, address) DO UPDATE SET signed_in_at = greatest(k.signed_in_at, excluded.signed_in_at)
            RETURNING (k.xmax = 0)
            """;
        await RunAsync(
            async connection =>
            {
                bool inserted;
                await using (var command = Command(connection, sql, email, address))
                {
                    command.Parameters.AddWithValue("now", now);
                    inserted = await command.ExecuteScalarAsync(cancellationToken) is true;
                }

                if (inserted)
                {
                    // No longer known: forget at once. Beyond the capacity: the longest unused tenth.
                    const string prune = """
                        DELETE FROM sign_in_known_addresses WHERE (email, address) IN (
                            SELECT email, address FROM sign_in_known_addresses WHERE signed_in_at <= @now - @known_for FOR UPDATE SKIP LOCKED);
                        DELETE FROM sign_in_known_addresses WHERE (email, address) IN (
                            SELECT email, address FROM sign_in_known_addresses ORDER BY signed_in_at, email, address
                            LIMIT greatest(0, (SELECT count(*) FROM sign_in_known_addresses) - @capacity + @capacity / 10) FOR UPDATE SKIP LOCKED
                        ) AND (SELECT count(*) FROM sign_in_known_addresses) > @capacity;
                        """;
                    await using var command = new NpgsqlCommand(prune, connection);
                    command.Parameters.AddWithValue("now", now);
                    command.Parameters.AddWithValue("known_for", knownFor);
                    command.Parameters.AddWithValue("capacity", capacity);
                    await command.ExecuteNonQueryAsync(cancellationToken);
                }

                return true;
            },
            cancellationToken);
    }

    /// <summary>Forgets every count and lock of the e-mail, from every address (its known addresses stay).</summary>
    public async Task ReleaseAsync(string email, CancellationToken cancellationToken = default)
    {
        const string sql = """
            DELETE FROM sign_in_failures WHERE (email, address) IN (
                SELECT email, address FROM sign_in_failures WHERE email = @email ORDER BY address = @all DESC, address FOR UPDATE)
            """;
        await RunAsync(
            async connection =>
            {
                await using var command = Command(connection, sql, email, string.Empty);
                return await command.ExecuteNonQueryAsync(cancellationToken);
            },
            cancellationToken);
    }

    /// <summary>Forgets everything: every count, lock and known address.</summary>
    public async Task ClearAsync(CancellationToken cancellationToken = default)
    {
        await RunAsync(
            async connection =>
            {
                await using var command = new NpgsqlCommand("DELETE FROM sign_in_failures; DELETE FROM sign_in_known_addresses", connection);
                return await command.ExecuteNonQueryAsync(cancellationToken);
            },
            cancellationToken);
    }

    /// <summary>How many rows of each kind are kept: counters per e-mail and address, per e-mail, and known addresses.</summary>
    public async Task<(int Pairs, int Emails, int Known)> CountAsync(CancellationToken cancellationToken = default)
    {
        const string sql = """
            SELECT (SELECT count(*) FROM sign_in_failures WHERE address <> @all)::int,
                   (SELECT count(*) FROM sign_in_failures WHERE address = @all)::int,
                   (SELECT count(*) FROM sign_in_known_addresses)::int
            """;
        return await RunAsync(
            async connection =>
            {
                await using var command = Command(connection, sql, string.Empty, string.Empty);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                await reader.ReadAsync(cancellationToken);
                return (reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2));
            },
            cancellationToken);
    }

    /// <summary>The e-mails (as stored) whose lock for unknown addresses lasts beyond <paramref name="now"/>.</summary>
    public async Task<IReadOnlySet<string>> EmailsLockedAfterAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        return await RunAsync<IReadOnlySet<string>>(
            async connection =>
            {
                await using var command = Command(connection, "SELECT email FROM sign_in_failures WHERE address = @all AND locked_until > @now", string.Empty, string.Empty);
                command.Parameters.AddWithValue("now", now);
                var emails = new HashSet<string>(StringComparer.Ordinal);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    emails.Add(reader.GetString(0));
                }

                return emails;
            },
            cancellationToken);
    }

    /// <summary>
    /// The key a value is stored under: itself, or — when too long for the column, or not text PostgreSQL can hold (a
    /// NUL, a lone surrogate) — its SHA-256, so any e-mail a client sends is counted, never a database error.
    /// </summary>
    public static string Key(string value, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length <= maxLength && !value.Contains('\0', StringComparison.Ordinal) && IsWellFormed(value))
        {
            return value;
        }

        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.Unicode.GetBytes(value)));
    }

    // Counters that no longer matter (no failure in the window, no lock running) go at once — they count exactly as an
    // absent one would; beyond the capacity of a kind, the longest-idle tenth of it. A row another statement holds is
    // skipped (SKIP LOCKED): pruning never waits, so it never deadlocks with a count.
    private static async Task<int> PruneFailuresAsync(NpgsqlConnection connection, DateTimeOffset now, SignInCountRules rules, CancellationToken cancellationToken)
    {
        const string sql = """
            DELETE FROM sign_in_failures WHERE (email, address) IN (
                SELECT email, address FROM sign_in_failures
                WHERE last_failure <= @now - @window AND (locked_until IS NULL OR locked_until <= @now) FOR UPDATE SKIP LOCKED);
            DELETE FROM sign_in_failures WHERE (email, address) IN (
                SELECT email, address FROM sign_in_failures WHERE address <> @all ORDER BY last_failure, email, address
                LIMIT greatest(0, (SELECT count(*) FROM sign_in_failures WHERE address <> @all) - @capacity + @capacity / 10) FOR UPDATE SKIP LOCKED
            ) AND (SELECT count(*) FROM sign_in_failures WHERE address <> @all) > @capacity;
            DELETE FROM sign_in_failures WHERE (email, address) IN (
                SELECT email, address FROM sign_in_failures WHERE address = @all ORDER BY last_failure, email
                LIMIT greatest(0, (SELECT count(*) FROM sign_in_failures WHERE address = @all) - @capacity + @capacity / 10) FOR UPDATE SKIP LOCKED
            ) AND (SELECT count(*) FROM sign_in_failures WHERE address = @all) > @capacity;
            """;
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("window", rules.Window);
        command.Parameters.AddWithValue("capacity", rules.Capacity);
        command.Parameters.AddWithValue("all", AllAddresses);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    // One piece of work on a connection of its own. A transient failure — typically a pooled connection that died with
    // a database restart, or a deadlock — empties the pool and runs the work again, a few times, as EF's retries do for
    // the rest of the app; then the error goes up (a database outage: 503). A retried failure may count twice, never none.
    private async Task<T> RunAsync<T>(Func<NpgsqlConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var connection = new NpgsqlConnection(connectionString);
            try
            {
                await connection.OpenAsync(cancellationToken);
                return await work(connection);
            }
            catch (NpgsqlException e) when (e.IsTransient && attempt <= MaxRetries && !cancellationToken.IsCancellationRequested)
            {
                NpgsqlConnection.ClearPool(connection);
            }
            finally
            {
                await connection.DisposeAsync();
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100 << attempt), cancellationToken);
        }
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, string email, string address)
    {
        var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("email", Key(email, MaxEmailLength));
        command.Parameters.AddWithValue("address", Key(address, MaxAddressLength));
        command.Parameters.AddWithValue("all", AllAddresses);
        return command;
    }

    private static DateTimeOffset? Time(NpgsqlDataReader reader, int column) =>
        reader.IsDBNull(column) ? null : reader.GetFieldValue<DateTimeOffset>(column);

    private static bool IsWellFormed(string value)
    {
        var rest = value.AsSpan();
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(rest, out _, out var used) != OperationStatus.Done)
            {
                return false;
            }

            rest = rest[used..];
        }

        return true;
    }
}
