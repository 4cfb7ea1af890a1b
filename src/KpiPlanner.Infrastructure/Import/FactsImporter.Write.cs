using System.Data;
using KpiPlanner.Domain.Planning;
using KpiPlanner.Infrastructure.Postgres;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace KpiPlanner.Infrastructure.Import;

/// <summary>
/// How a checked batch reaches the table: the two unnest statements (plain insert of new rows, upsert of changed ones),
/// the rows in chunks streamed while the batch is still being read, and the one-statement upsert that rewrites the
/// whole batch when another writer got in between (see the class summary in FactsImporter.cs).
/// </summary>
public sealed partial class FactsImporter
{
    private const string InsertSql = """
        INSERT INTO monthly_kpi_values (employee_id, month, kpi_key, plan, fact, updated_at, updated_by)
        SELECT t.employee_id, @month, t.kpi_key, t.plan, t.fact, @now, @by
        FROM unnest(@employees, @keys, @plans, @facts) AS t(employee_id, kpi_key, plan, fact)
        """;

    private const string UpsertSql = """
        INSERT INTO monthly_kpi_values AS v (employee_id, month, kpi_key, plan, fact, updated_at, updated_by)
        SELECT t.employee_id, @month, t.kpi_key, t.plan, t.fact, @now, @by
        FROM unnest(@employees, @keys, @plans, @facts) AS t(employee_id, kpi_key, plan, fact)
        ON CONFLICT (employee_id, month, kpi_key) DO UPDATE
        SET plan = COALESCE(EXCLUDED.plan, v.plan),
            fact = COALESCE(EXCLUDED.fact, v.fact),
            updated_at = EXCLUDED.updated_at,
            updated_by = EXCLUDED.updated_by
        WHERE (EXCLUDED.plan IS NOT NULL AND EXCLUDED.plan IS DISTINCT FROM v.plan)
           OR (EXCLUDED.fact IS NOT NULL AND EXCLUDED.fact IS DISTINCT FROM v.fact)
        """;

    /// <summary>The whole batch as one upsert statement, in its own transaction.</summary>
    private async Task<int> UpsertAllAsync(DateOnly month, Chunk rows, string? actor, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
            await EnsurePeriodAsync(connection, transaction, month, cancellationToken);
            int applied;
            await using (var upsert = rows.Command(UpsertSql, connection, transaction, month, time.GetUtcNow(), actor))
            {
                applied = await upsert.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            return applied;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task EnsurePeriodAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DateOnly month, CancellationToken cancellationToken)
    {
        await using var period = new NpgsqlCommand("INSERT INTO periods (month, status) VALUES (@month, 'Open') ON CONFLICT (month) DO NOTHING", connection, transaction);
        period.Parameters.Add(new NpgsqlParameter<DateOnly>("month", month));
        await period.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Rows to write, as the columns the unnest statements take.</summary>
    private sealed class Chunk(int capacity)
    {
        private readonly List<int> employees = new(capacity);
        private readonly List<string> keys = new(capacity);
        private readonly List<decimal?> plans = new(capacity);
        private readonly List<decimal?> facts = new(capacity);

        public int Count => employees.Count;

        public void Add(int employee, string key, decimal? plan, decimal? fact)
        {
            employees.Add(employee);
            keys.Add(key);
            plans.Add(plan);
            facts.Add(fact);
        }

        public NpgsqlCommand Command(string sql, NpgsqlConnection connection, NpgsqlTransaction transaction, DateOnly month, DateTimeOffset now, string? actor)
        {
            var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = 600 };
            command.Parameters.Add(new NpgsqlParameter<DateOnly>("month", month));
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", now));
            command.Parameters.Add(new NpgsqlParameter("by", NpgsqlDbType.Varchar) { Value = (object?)actor ?? DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter<int[]>("employees", [.. employees]));
            command.Parameters.Add(new NpgsqlParameter("keys", NpgsqlDbType.Array | NpgsqlDbType.Varchar) { Value = keys.ToArray() });
            command.Parameters.Add(new NpgsqlParameter("plans", NpgsqlDbType.Array | NpgsqlDbType.Numeric) { Value = plans.ToArray() });
            command.Parameters.Add(new NpgsqlParameter("facts", NpgsqlDbType.Array | NpgsqlDbType.Numeric) { Value = facts.ToArray() });
            return command;
        }
    }

    /// <summary>
    /// The transaction a batch streams into: the month's stored values (to skip unchanged rows and tell new rows from
    /// changed ones), and one statement in flight at a time while the caller reads on. Rolled back unless committed.
    /// </summary>
    private sealed class StreamingWrite : IAsyncDisposable
    {
        private readonly KpiDbContext db;
        private readonly NpgsqlConnection connection;
        private readonly NpgsqlTransaction transaction;
        private readonly Dictionary<(int Employee, string Key), (decimal? Plan, decimal? Fact)> stored;
        private readonly DateOnly month;
        private readonly DateTimeOffset now;
        private readonly string? actor;
        private readonly CancellationToken cancellationToken;
        private Chunk inserts = new(ChunkSize);
        private Chunk updates = new(ChunkSize);
        private Task<int>? pending;
        private int applied;
        private PostgresException? failure;
        private bool disposed;

        private StreamingWrite(KpiDbContext db, NpgsqlConnection connection, NpgsqlTransaction transaction,
            Dictionary<(int, string), (decimal?, decimal?)> stored, DateOnly month, DateTimeOffset now, string? actor, CancellationToken cancellationToken)
        {
            this.db = db;
            this.connection = connection;
            this.transaction = transaction;
            this.stored = stored;
            this.month = month;
            this.now = now;
            this.actor = actor;
            this.cancellationToken = cancellationToken;
        }

        public static async Task<StreamingWrite> StartAsync(KpiDbContext db, DateOnly month, FactsScope scope, DateTimeOffset now, CancellationToken cancellationToken)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            NpgsqlTransaction? transaction = null;
            try
            {
                var connection = (NpgsqlConnection)db.Database.GetDbConnection();
                transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
                await EnsurePeriodAsync(connection, transaction, month, cancellationToken);
                var stored = new Dictionary<(int, string), (decimal?, decimal?)>();
                var sql = "SELECT employee_id, kpi_key, plan, fact FROM monthly_kpi_values WHERE month = @month"
                    + (scope.Employees is null ? string.Empty : " AND employee_id = ANY(@ids)");
                await using (var select = new NpgsqlCommand(sql, connection, transaction))
                {
                    select.Parameters.Add(new NpgsqlParameter<DateOnly>("month", month));
                    if (scope.Employees is { } ids)
                    {
                        select.Parameters.Add(new NpgsqlParameter<int[]>("ids", [.. ids]));
                    }

                    await using var reader = await select.ExecuteReaderAsync(cancellationToken);
                    while (await reader.ReadAsync(cancellationToken))
                    {
                        stored[(reader.GetInt32(0), reader.GetString(1))] = (
                            reader.IsDBNull(2) ? null : reader.GetDecimal(2),
                            reader.IsDBNull(3) ? null : reader.GetDecimal(3));
                    }
                }

                return new StreamingWrite(db, connection, transaction, stored, month, now, scope.Actor, cancellationToken);
            }
            catch
            {
                if (transaction is not null)
                {
                    await transaction.DisposeAsync();
                }

                await db.Database.CloseConnectionAsync();
                throw;
            }
        }

        /// <summary>Queues a valid row: skipped when it holds the stored values, else sent with its chunk.</summary>
        public async ValueTask AddAsync(int employee, string key, decimal? plan, decimal? fact)
        {
            if (failure is not null)
            {
                return;
            }

            Chunk target;
            if (stored.TryGetValue((employee, key), out var old))
            {
                if ((plan is null || plan == old.Plan) && (fact is null || fact == old.Fact))
                {
                    return;
                }

                target = updates;
            }
            else
            {
                target = inserts;
            }

            target.Add(employee, key, plan, fact);
            if (target.Count >= ChunkSize)
            {
                await SendAsync(target == inserts ? InsertSql : UpsertSql, target);
                if (target == inserts)
                {
                    inserts = new Chunk(ChunkSize);
                }
                else
                {
                    updates = new Chunk(ChunkSize);
                }
            }
        }

        /// <summary>Sends what is left, waits for every statement and commits; the number of rows written.</summary>
        public async Task<int> CommitAsync()
        {
            if (inserts.Count > 0)
            {
                await SendAsync(InsertSql, inserts);
            }

            if (updates.Count > 0)
            {
                await SendAsync(UpsertSql, updates);
            }

            await WaitAsync();
            if (failure is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
            }

            await transaction.CommitAsync(cancellationToken);
            return applied;
        }

        /// <summary>Waits for the statement in flight, then starts <paramref name="sql"/> without waiting for it.</summary>
        private async Task SendAsync(string sql, Chunk rows)
        {
            await WaitAsync();
            if (failure is not null)
            {
                return;
            }

            var command = rows.Command(sql, connection, transaction, month, now, actor);
            pending = RunAsync(command, cancellationToken);
        }

        private async Task WaitAsync()
        {
            if (pending is { } task)
            {
                pending = null;
                try
                {
                    applied += await task;
                }
                catch (PostgresException e)
                {
                    // The transaction is aborted: nothing more is sent, and CommitAsync reports it.
                    failure ??= e;
                }
            }
        }

        private static async Task<int> RunAsync(NpgsqlCommand command, CancellationToken cancellationToken)
        {
            await using (command.ConfigureAwait(false))
            {
                return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
            try
            {
                await WaitAsync();
            }
            finally
            {
                // Rolls back unless committed.
                await transaction.DisposeAsync();
                await db.Database.CloseConnectionAsync();
            }
        }
    }
}
