using System.Data;
using KpiPlanner.Domain.Planning;
using KpiPlanner.Domain.Schemes;
using KpiPlanner.Infrastructure.Postgres;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace KpiPlanner.Infrastructure.Import;

/// <summary>
/// Checks a batch of plans and facts against the organisation and writes it all or nothing. Every row is checked and
/// every issue collected — unknown employee, employee outside the caller's scope or not employed that month, a KPI
/// not in the employee's scheme for the month, duplicates of the same employee and KPI, a closed month — and when there
/// is any, nothing is written. An empty plan or fact leaves the stored one as is, and a row that already holds these
/// values is not touched (so the same batch twice changes nothing and counts as unchanged). The database's
/// closed-period triggers guard the write too.
/// <para>
/// How a valid batch is written, in one transaction: the month's stored values are read first; a row equal to its
/// stored value is skipped; a new row goes into a plain <c>INSERT … SELECT FROM unnest(…)</c> (no speculative
/// <c>ON CONFLICT</c> insertion), a changed one into the <c>ON CONFLICT … DO UPDATE … WHERE</c> values differ upsert.
/// Rows are sent in chunks of <see cref="ChunkSize"/> while the next rows are still being read and checked, so reading
/// a file on this side and inserting (with its foreign-key checks) on the server's side overlap; the first issue stops
/// the sending, and the transaction is rolled back at the end. Should another writer insert one of the "new" rows in
/// between (a unique violation), the whole batch is written again by the single upsert statement.
/// </para>
/// </summary>
public sealed partial class FactsImporter(KpiDbContext db, TimeProvider time)
{
    /// <summary>Rows per statement while a batch streams in.</summary>
    public const int ChunkSize = 5_000;

    /// <summary>
    /// Checks <paramref name="rows"/> (whose cells were already checked, with <paramref name="known"/> issues) and,
    /// when nothing is wrong, writes them. <paramref name="rows"/> is enumerated once and may be a reader streaming a
    /// file: <paramref name="known"/> and <paramref name="columns"/> may then grow while it is enumerated (a cell's
    /// issue is added before its row is yielded). <paramref name="columns"/> names the columns in issues;
    /// <paramref name="acceptIds"/> lets a text of digits name an employee by id (the API) when no personnel number or
    /// e-mail matches.
    /// </summary>
    public async Task<FactsApplyResult> ApplyAsync(
        DateOnly month,
        IEnumerable<FactInput> rows,
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
        var issues = new List<FactsIssue>();
        string? Column(FactsField field) => columns is not null && columns.TryGetValue(field, out var title) ? title : null;

        if (await IsClosedAsync(month, cancellationToken))
        {
            // Read the rest of a streamed file anyway: its own issues are reported beside the closed month.
            foreach (var _ in rows)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            issues.Add(FactsIssue.Of(0, FactsField.File, null, FactsIssueCodes.PeriodClosed, ("month", month)));
            return new FactsApplyResult(0, 0, Sorted([.. issues, .. known]));
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
        var keysByPosition = new Dictionary<int, Dictionary<string, (string Key, bool Index, OneOffPeriod? OneOff)>?>();
        Dictionary<string, (string Key, bool Index, OneOffPeriod? OneOff)>? KeysOf(int positionId)
        {
            if (!keysByPosition.TryGetValue(positionId, out var keys))
            {
                var version = SchemeVersion.InForce(versions.Where(v => v.PositionId == positionId), monthEnd);
                keys = version?.ToScheme().Kpis
                    .Select(k => (Key: KeyOf(k.KpiCode, k.Name), Index: k.Measurement == KpiPlanner.Domain.Kpis.Measurement.Aggregate, k.OneOff))
                    .DistinctBy(k => k.Key, StringComparer.OrdinalIgnoreCase)
                    .ToDictionary(k => k.Key, StringComparer.OrdinalIgnoreCase);
                keysByPosition[positionId] = keys;
            }

            return keys;
        }

        var seen = new Dictionary<(int, string), int>();
        var valid = new Chunk(rows is IReadOnlyCollection<FactInput> sized ? sized.Count : ChunkSize);
        await using var writer = await StreamingWrite.StartAsync(db, month, scope, time.GetUtcNow(), cancellationToken);
        foreach (var row in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
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
            if (person.Id == scope.Self)
            {
                issues.Add(FactsIssue.Of(row.Row, FactsField.Employee, Column(FactsField.Employee), FactsIssueCodes.OwnLine, ("employee", shown)));
                continue;
            }

            if (scope.Employees is { } allowed && !allowed.Contains(person.Id))
            {
                // Someone else's employee is answered like one who does not exist: the caller learns nothing of them.
                issues.Add(FactsIssue.Of(row.Row, FactsField.Employee, Column(FactsField.Employee), FactsIssueCodes.UnknownEmployee, ("employee", shown)));
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

            if (!schemeKeys.TryGetValue(row.Kpi, out var found))
            {
                issues.Add(FactsIssue.Of(row.Row, FactsField.Kpi, Column(FactsField.Kpi), FactsIssueCodes.KpiNotInScheme,
                    ("kpi", row.Kpi), ("employee", shown), ("month", month), ("keys", string.Join(", ", schemeKeys.Keys.Order(StringComparer.Ordinal)))));
                continue;
            }

            var key = found.Key;
            if (found.Index)
            {
                // An aggregated KPI is measured from its parts: a plan or fact typed for it would be stored and never used.
                issues.Add(FactsIssue.Of(row.Row, FactsField.Kpi, Column(FactsField.Kpi), FactsIssueCodes.KpiIsIndex,
                    ("kpi", key), ("employee", shown)));
                continue;
            }

            if (found.OneOff is { } oneOff && !oneOff.IsDueIn(month))
            {
                // A one-off KPI takes its plan and fact for its whole period in the month the period ends, once.
                issues.Add(FactsIssue.Of(row.Row, FactsField.Kpi, Column(FactsField.Kpi), FactsIssueCodes.KpiNotDue,
                    ("kpi", key), ("employee", shown), ("dates", oneOff), ("due", oneOff.DueMonth)));
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

            valid.Add(person.Id, key, row.Plan, row.Fact);
            if (issues.Count == 0 && known.Count == 0)
            {
                await writer.AddAsync(person.Id, key, row.Plan, row.Fact);
            }
        }

        if (issues.Count > 0 || known.Count > 0)
        {
            return new FactsApplyResult(0, 0, Sorted([.. issues, .. known]));
        }

        if (valid.Count == 0)
        {
            return new FactsApplyResult(0, 0, []);
        }

        var closed = new FactsApplyResult(0, 0, [FactsIssue.Of(0, FactsField.File, null, FactsIssueCodes.PeriodClosed, ("month", month))]);
        try
        {
            var applied = await writer.CommitAsync();
            return new FactsApplyResult(applied, valid.Count - applied, []);
        }
        catch (PostgresException e) when (ClosedPeriod.IsRefusal(e))
        {
            // Closed between the check and the write: the trigger refused it, nothing was written.
            return closed;
        }
        catch (PostgresException e) when (DatabaseError.IsUniqueViolation(e))
        {
            // Another writer inserted one of the rows this batch found missing: write it all again, as one upsert.
            await writer.DisposeAsync();
            try
            {
                var applied = await UpsertAllAsync(month, valid, scope.Actor, cancellationToken);
                return new FactsApplyResult(applied, valid.Count - applied, []);
            }
            catch (PostgresException again) when (ClosedPeriod.IsRefusal(again))
            {
                return closed;
            }
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
    public static string KeyOf(string? kpiCode, string name) => SchemeKeys.KeyOf(kpiCode, name);

    private Task<bool> IsClosedAsync(DateOnly month, CancellationToken cancellationToken) =>
        db.Periods.AsNoTracking().AnyAsync(p => p.Month == month && p.Status == PeriodStatus.Closed, cancellationToken);

    private static List<FactsIssue> Sorted(List<FactsIssue> issues) =>
        [.. issues.OrderBy(i => i.Row).ThenBy(i => i.Field)];

    private sealed record Person(int Id, string Number, string? Email, int PositionId, DateOnly Hired, DateOnly? Left);

}
