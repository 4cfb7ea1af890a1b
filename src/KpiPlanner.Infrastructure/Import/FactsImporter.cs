using System.Data;
using KpiPlanner.Domain.Planning;
using KpiPlanner.Domain.Schemes;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace KpiPlanner.Infrastructure.Import;

/// <summary>
/// Checks a batch of plans and facts against the organisation and writes it all or nothing. Every row is checked and
/// every issue collected — unknown employee, employee outside the caller's scope or not employed that month, a KPI
/// not in the employee's scheme for the month, duplicates of the same employee and KPI, a closed month — and when there
/// is any, nothing is written. A valid batch is written in one transaction by a single
/// <c>INSERT … SELECT FROM unnest(…) ON CONFLICT (employee_id, month, kpi_key) DO UPDATE</c>: an empty plan or fact
/// leaves the stored one as is, and a row that already holds these values is not touched (so the same batch twice
/// changes nothing and counts as unchanged). The database's closed-period trigger guards the write too.
/// </summary>
public sealed class FactsImporter(KpiDbContext db, TimeProvider time)
{
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

    /// <summary>
    /// Checks <paramref name="rows"/> (whose cells were already checked, with <paramref name="known"/> issues) and,
    /// when nothing is wrong, writes them. <paramref name="columns"/> names the columns in issues;
    /// <paramref name="acceptIds"/> lets a text of digits name an employee by id (the API) when no personnel number or
    /// e-mail matches.
    /// </summary>
    public async Task<FactsApplyResult> ApplyAsync(
        DateOnly month,
        IReadOnlyList<FactInput> rows,
        IReadOnlyList<FactsIssue> known,
        FactsScope scope,
        IReadOnlyDictionary<FactsField, string>? columns = null,
        bool acceptIds = false,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(known);
        ArgumentNullException.ThrowIfNull(scope);
        month = Period.FirstDay(month);
        var monthEnd = month.AddMonths(1).AddDays(-1);
        var issues = new List<FactsIssue>(known);
        string? Column(FactsField field) => columns is not null && columns.TryGetValue(field, out var title) ? title : null;

        if (await IsClosedAsync(month, cancellationToken))
        {
            issues.Insert(0, FactsIssue.Of(0, FactsField.File, null, FactsIssueCodes.PeriodClosed, ("month", month)));
            return new FactsApplyResult(0, 0, Sorted(issues));
        }

        var people = await db.Employees.AsNoTracking()
            .Select(e => new Person(e.Id, e.PersonnelNumber, e.Email, e.PositionId, e.HireDate, e.LeaveDate))
            .ToListAsync(cancellationToken);
        var byId = people.ToDictionary(p => p.Id);
        var byNumber = new Dictionary<string, Person>(StringComparer.OrdinalIgnoreCase);
        var byEmail = new Dictionary<string, Person?>(StringComparer.OrdinalIgnoreCase);
        var byNumberWithoutZeros = new Dictionary<string, Person?>(StringComparer.OrdinalIgnoreCase);
        foreach (var person in people)
        {
            byNumber.TryAdd(person.Number, person);
            var trimmed = person.Number.TrimStart('0');
            byNumberWithoutZeros[trimmed] = byNumberWithoutZeros.ContainsKey(trimmed) ? null : person;
            if (person.Email is { } email)
            {
                byEmail[email] = byEmail.ContainsKey(email) ? null : person;
            }
        }

        var versions = await db.SchemeVersions.AsNoTracking().ToListAsync(cancellationToken);
        var keysByPosition = new Dictionary<int, Dictionary<string, string>?>();
        Dictionary<string, string>? KeysOf(int positionId)
        {
            if (!keysByPosition.TryGetValue(positionId, out var keys))
            {
                var version = SchemeVersion.InForce(versions.Where(v => v.PositionId == positionId), monthEnd);
                keys = version?.ToScheme().Kpis
                    .Select(k => KeyOf(k.KpiCode, k.Name))
                    .Distinct(StringComparer.OrdinalIgnoreCase)
                    .ToDictionary(k => k, k => k, StringComparer.OrdinalIgnoreCase);
                keysByPosition[positionId] = keys;
            }

            return keys;
        }

        var seen = new Dictionary<(int, string), int>();
        var employees = new int[rows.Count];
        var keys = new string[rows.Count];
        var plans = new decimal?[rows.Count];
        var facts = new decimal?[rows.Count];
        var valid = 0;
        foreach (var row in rows)
        {
            var person = Resolve(row);
            if (person is null)
            {
                if (row.Employee is not null || row.EmployeeId is not null)
                {
                    issues.Add(FactsIssue.Of(row.Row, FactsField.Employee, Column(FactsField.Employee), FactsIssueCodes.UnknownEmployee,
                        ("employee", row.Employee ?? row.EmployeeId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty)));
                }

                continue;
            }

            var shown = row.Employee ?? person.Number;
            if (scope.Employees is { } allowed && !allowed.Contains(person.Id))
            {
                issues.Add(FactsIssue.Of(row.Row, FactsField.Employee, Column(FactsField.Employee), FactsIssueCodes.NotInTeam, ("employee", shown)));
                continue;
            }

            if (person.Hired > monthEnd || person.Left < month)
            {
                issues.Add(FactsIssue.Of(row.Row, FactsField.Employee, Column(FactsField.Employee), FactsIssueCodes.NotEmployed, ("employee", shown), ("month", month)));
                continue;
            }

            if (row.Kpi is null)
            {
                continue;
            }

            var schemeKeys = KeysOf(person.PositionId);
            if (schemeKeys is null)
            {
                issues.Add(FactsIssue.Of(row.Row, FactsField.Kpi, Column(FactsField.Kpi), FactsIssueCodes.NoScheme, ("employee", shown), ("month", month)));
                continue;
            }

            if (!schemeKeys.TryGetValue(row.Kpi, out var key))
            {
                issues.Add(FactsIssue.Of(row.Row, FactsField.Kpi, Column(FactsField.Kpi), FactsIssueCodes.KpiNotInScheme,
                    ("kpi", row.Kpi), ("employee", shown), ("month", month), ("keys", string.Join(", ", schemeKeys.Keys.Order(StringComparer.Ordinal)))));
                continue;
            }

            if (seen.TryGetValue((person.Id, key), out var first))
            {
                issues.Add(FactsIssue.Of(row.Row, FactsField.Kpi, Column(FactsField.Kpi), FactsIssueCodes.Duplicate, ("first", first), ("employee", shown), ("kpi", key)));
                continue;
            }

            seen[(person.Id, key)] = row.Row;
            if (row.Plan is null && row.Fact is null)
            {
                continue;
            }

            employees[valid] = person.Id;
            keys[valid] = key;
            plans[valid] = row.Plan;
            facts[valid] = row.Fact;
            valid++;
        }

        if (issues.Count > 0)
        {
            return new FactsApplyResult(0, 0, Sorted(issues));
        }

        if (valid == 0)
        {
            return new FactsApplyResult(0, 0, []);
        }

        try
        {
            var applied = await WriteAsync(month, employees[..valid], keys[..valid], plans[..valid], facts[..valid], scope.Actor, cancellationToken);
            return new FactsApplyResult(applied, valid - applied, []);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.RaiseException)
        {
            // Closed between the check and the write: the trigger refused it, nothing was written.
            return new FactsApplyResult(0, 0, [FactsIssue.Of(0, FactsField.File, null, FactsIssueCodes.PeriodClosed, ("month", month))]);
        }

        Person? Resolve(FactInput row)
        {
            if (row.EmployeeId is { } id)
            {
                return byId.GetValueOrDefault(id);
            }

            if (row.Employee is not { } text)
            {
                return null;
            }

            if (byNumber.TryGetValue(text, out var person))
            {
                return person;
            }

            if (text.Contains('@', StringComparison.Ordinal))
            {
                return byEmail.GetValueOrDefault(text);
            }

            if (acceptIds && int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)
                && byId.TryGetValue(number, out person))
            {
                return person;
            }

            // A spreadsheet turns a typed 0101 into the number 101.
            return text.All(char.IsAsciiDigit) ? byNumberWithoutZeros.GetValueOrDefault(text.TrimStart('0')) : null;
        }
    }

    /// <summary>How a scheme KPI is named in plans and facts: its catalogue code, or its name for a custom KPI.</summary>
    public static string KeyOf(string? kpiCode, string name) => string.IsNullOrWhiteSpace(kpiCode) ? name.Trim() : kpiCode;

    private Task<bool> IsClosedAsync(DateOnly month, CancellationToken cancellationToken) =>
        db.Periods.AsNoTracking().AnyAsync(p => p.Month == month && p.Status == PeriodStatus.Closed, cancellationToken);

    private async Task<int> WriteAsync(DateOnly month, int[] employees, string[] keys, decimal?[] plans, decimal?[] facts, string? actor, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
            await using (var period = new NpgsqlCommand("INSERT INTO periods (month, status) VALUES (@month, 'Open') ON CONFLICT (month) DO NOTHING", connection, transaction))
            {
                period.Parameters.Add(new NpgsqlParameter<DateOnly>("month", month));
                await period.ExecuteNonQueryAsync(cancellationToken);
            }

            int applied;
            await using (var upsert = new NpgsqlCommand(UpsertSql, connection, transaction) { CommandTimeout = 600 })
            {
                upsert.Parameters.Add(new NpgsqlParameter<DateOnly>("month", month));
                upsert.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", time.GetUtcNow()));
                upsert.Parameters.Add(new NpgsqlParameter("by", NpgsqlDbType.Varchar) { Value = (object?)actor ?? DBNull.Value });
                upsert.Parameters.Add(new NpgsqlParameter<int[]>("employees", employees));
                upsert.Parameters.Add(new NpgsqlParameter("keys", NpgsqlDbType.Array | NpgsqlDbType.Varchar) { Value = keys });
                upsert.Parameters.Add(new NpgsqlParameter("plans", NpgsqlDbType.Array | NpgsqlDbType.Numeric) { Value = plans });
                upsert.Parameters.Add(new NpgsqlParameter("facts", NpgsqlDbType.Array | NpgsqlDbType.Numeric) { Value = facts });
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

    private static List<FactsIssue> Sorted(List<FactsIssue> issues) =>
        [.. issues.OrderBy(i => i.Row).ThenBy(i => i.Field)];

    private sealed record Person(int Id, string Number, string? Email, int PositionId, DateOnly Hired, DateOnly? Left);
}
