using System.Text;
using Npgsql;

namespace KpiPlanner.Testing;

/// <summary>
/// Every row of every table of the app's database, as a short fingerprint: per table its row count and the MD5 of its
/// rows' text (PostgreSQL's own <c>row::text</c>, sorted), so two fingerprints are equal only when the database holds
/// byte for byte the same data — plans, facts, periods, pay lines, the audit log, people, accounts. The proof that a
/// refused request (400/409/413) left no trace. The migrations' history and the data-protection keys are left out:
/// neither is data a request may change; so are the sign-in counters (a sign-in's bookkeeping, not the company's data).
/// </summary>
public static class DatabaseFingerprint
{
    /// <summary>The fingerprint of the database of <paramref name="app"/>: one line per table, <c>table count md5</c>.</summary>
    public static Task<string> DatabaseFingerprintAsync(this KpiAppFactory app) => OfAsync(app.ConnectionString);

    /// <summary>The fingerprint of the database at <paramref name="connectionString"/>.</summary>
    public static async Task<string> OfAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
            """
            SELECT table_name FROM information_schema.tables
            WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
              AND table_name NOT IN ('__EFMigrationsHistory', 'data_protection_keys', 'sign_in_failures', 'sign_in_known_addresses')
            ORDER BY table_name
            """, connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var sql = string.Join(
            "\nUNION ALL\n",
            tables.Select(t => $"SELECT '{t}', count(*), coalesce(md5(string_agg(x::text, E'\\n' ORDER BY x::text)), '') FROM public.\"{t}\" x"));
        var fingerprint = new StringBuilder();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var rows = await command.ExecuteReaderAsync();
        while (await rows.ReadAsync())
        {
            fingerprint.Append(rows.GetString(0)).Append(' ').Append(rows.GetInt64(1)).Append(' ').Append(rows.GetString(2)).Append('\n');
        }

        return fingerprint.ToString();
    }

    /// <summary>The tables whose lines differ between two fingerprints, for a failure message.</summary>
    public static string Changed(string before, string after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var old = before.Split('\n').ToHashSet(StringComparer.Ordinal);
        return string.Join(", ", after.Split('\n').Where(line => !old.Contains(line)).Select(line => line.Split(' ')[0]));
    }
}
