using System.Data.Common;
using System.Text.Json;
using KpiPlanner.Domain.Organisation;
using KpiPlanner.Domain.Payroll;
using KpiPlanner.Infrastructure.Configurations;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace KpiPlanner.Infrastructure.Payroll;

/// <summary>
/// The pay review page's reads at any headcount (issue 18): one page of a month's pay lines filtered, sorted and
/// counted in PostgreSQL, without their stored explanations (a row's KPI chips and time worked are read out of the
/// explanation for that page's rows only); the totals per department and scheme version in one aggregate; who is
/// employed without a line. Every read is limited to a <see cref="PeopleScope"/> the caller decides. One instance per
/// <see cref="KpiDbContext"/>.
/// </summary>
public sealed class PayReviewQueries(KpiDbContext db)
{
    /// <summary>The month's lines in scope, the adjustments of each person summed.</summary>
    private const string ScopedLines = """
        FROM pay_lines l
        JOIN employees e ON e.id = l.employee_id
        LEFT JOIN (SELECT employee_id, sum(amount) AS amount FROM pay_adjustments WHERE month = @month GROUP BY employee_id) a
               ON a.employee_id = l.employee_id
        WHERE l.month = @month
          AND (@everyone OR e.id = @self OR e.department_id = ANY(@team))
        """;

    /// <summary>
    /// The table's filter. "Below plan" reads the stored explanation's KPIs (<see cref="PayLineKpi.BelowPlan"/>: the JSON
    /// leaves out a KPI's default values — no missing figure, a finite completion, the ratio measurement).
    /// </summary>
    private const string Filtered = """
          AND (NOT @bydept OR l.department_id = ANY(@depts))
          AND (@pattern = '' OR e.personnel_number ILIKE @pattern OR concat_ws(' ', e.last_name, e.first_name, e.middle_name) ILIKE @pattern)
          AND (NOT @gated OR l.gated)
          AND (NOT @missing OR l.missing_figures)
          AND (NOT @changed OR l.previous_total IS DISTINCT FROM l.total)
          AND (NOT @below OR EXISTS (
                SELECT 1 FROM jsonb_array_elements(l.explanation -> 'kpis') AS k
                WHERE coalesce(k ->> 'missing', 'none') <> 'none'
                   OR (NOT coalesce((k ->> 'completionInfinite')::boolean, false)
                       AND coalesce(k ->> 'measurement', 'ratio') <> 'rawValue'
                       AND (k ->> 'completionPercent')::numeric < 100)))
        """;

    internal const string CountSql = "SELECT count(*)::int " + ScopedLines + Filtered;

    /// <summary>The page's lines in order (the CTE), then their names and the few figures of their explanations.</summary>
    internal const string PageSql = """
        WITH page AS (
            SELECT l.id, coalesce(a.amount, 0) AS adjustments, row_number() OVER (ORDER BY {0}) AS n
            FROM pay_lines l
            JOIN employees e ON e.id = l.employee_id
            LEFT JOIN departments d ON d.id = l.department_id
            LEFT JOIN (SELECT employee_id, sum(amount) AS amount FROM pay_adjustments WHERE month = @month GROUP BY employee_id) a
                   ON a.employee_id = l.employee_id
            WHERE l.month = @month
              AND (@everyone OR e.id = @self OR e.department_id = ANY(@team))
        {1}
            ORDER BY {0}
            LIMIT @take OFFSET @skip)
        SELECT x.employee_id, e.personnel_number, e.last_name, e.first_name, e.middle_name, x.department_id,
               coalesce(d.name, '') AS department, coalesce(pos.name, '') AS position,
               x.fixed, x.planned_variable, x.variable, x.bonus, p.adjustments, x.total, x.previous_total, x.gated, x.missing_figures,
               (SELECT coalesce(jsonb_agg(jsonb_strip_nulls(jsonb_build_object(
                           'name', k -> 'name', 'measurement', k -> 'measurement', 'missing', k -> 'missing',
                           'completionPercent', k -> 'completionPercent', 'completionInfinite', k -> 'completionInfinite',
                           'coefficient', k -> 'coefficient')) ORDER BY i), '[]'::jsonb)
                FROM jsonb_array_elements(x.explanation -> 'kpis') WITH ORDINALITY AS t(k, i)
                WHERE NOT coalesce((k ->> 'notDue')::boolean, false))::text AS kpis,
               (x.explanation -> 'worked')::text AS worked
        FROM page p
        JOIN pay_lines x ON x.id = p.id
        JOIN employees e ON e.id = x.employee_id
        LEFT JOIN departments d ON d.id = x.department_id
        LEFT JOIN positions pos ON pos.id = x.position_id
        ORDER BY p.n
        """;

    internal const string TotalsSql = """
        SELECT l.department_id, l.scheme_version_id, count(*)::int AS people, sum(l.fixed) AS fixed, sum(l.planned_variable) AS planned_variable,
               sum(l.variable) AS variable, sum(l.bonus) AS bonus, coalesce(sum(a.amount), 0) AS adjustments, sum(l.total) AS total

        """ + ScopedLines + """

        GROUP BY l.department_id, l.scheme_version_id
        """;

    internal const string WithoutLinesSql = """
        SELECT count(*) OVER ()::int AS n, e.last_name, e.first_name, e.middle_name
        FROM employees e
        WHERE e.hire_date <= @last AND (e.leave_date IS NULL OR e.leave_date >= @month)
          AND (@everyone OR e.id = @self OR e.department_id = ANY(@team))
          AND NOT EXISTS (SELECT 1 FROM pay_lines l WHERE l.month = @month AND l.employee_id = e.id)
        ORDER BY e.last_name, e.first_name, e.middle_name NULLS FIRST, e.id
        LIMIT @take
        """;

    /// <summary>One page of the month's lines in scope that pass the filter, and how many pass it.</summary>
    public async Task<PayLineListPage> PageAsync(PayLineQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var connection = await OpenAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection);
        var count = new NpgsqlBatchCommand(CountSql);
        AddScope(count.Parameters, query.Month, query.Scope);
        AddFilter(count.Parameters, query.Filter);
        var page = new NpgsqlBatchCommand(string.Format(System.Globalization.CultureInfo.InvariantCulture, PageSql, OrderBy(query.Order, query.Descending), Filtered));
        AddScope(page.Parameters, query.Month, query.Scope);
        AddFilter(page.Parameters, query.Filter);
        page.Parameters.AddWithValue("skip", Math.Max(0, query.Skip));
        page.Parameters.AddWithValue("take", Math.Max(0, query.Take));
        batch.BatchCommands.Add(count);
        batch.BatchCommands.Add(page);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var total = reader.GetInt32(0);
        await reader.NextResultAsync(cancellationToken);
        var rows = new List<PayLineListRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(RowOf(reader));
        }

        return new PayLineListPage(total, rows);
    }

    /// <summary>The sums of the month's lines in scope per department and scheme version (one aggregate).</summary>
    public async Task<IReadOnlyList<PayTotalsRow>> TotalsAsync(DateOnly month, PeopleScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var connection = await OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(TotalsSql, connection);
        AddScope(command.Parameters, month, scope);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<PayTotalsRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new PayTotalsRow(reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetDecimal(3), reader.GetDecimal(4),
                reader.GetDecimal(5), reader.GetDecimal(6), reader.GetDecimal(7), reader.GetDecimal(8)));
        }

        return rows;
    }

    /// <summary>People in scope employed in the month without a pay line: how many, and the first <paramref name="take"/> by name.</summary>
    public async Task<WithoutLines> WithoutLinesAsync(DateOnly month, PeopleScope scope, int take, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var connection = await OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(WithoutLinesSql, connection);
        AddScope(command.Parameters, month, scope);
        command.Parameters.AddWithValue("last", month.AddMonths(1).AddDays(-1));
        command.Parameters.AddWithValue("take", Math.Max(1, take));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var count = 0;
        var names = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            count = reader.GetInt32(0);
            names.Add(Employee.FormatFullName(reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
        }

        return new WithoutLines(count, take <= 0 ? [] : names);
    }

    /// <summary>The full names of some people (the audit entries of a month name whose line they are about).</summary>
    public async Task<IReadOnlyDictionary<int, string>> NamesAsync(IReadOnlyCollection<int> employeeIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(employeeIds);
        if (employeeIds.Count == 0)
        {
            return new Dictionary<int, string>();
        }

        var ids = employeeIds.ToArray();
        var people = await db.Employees.AsNoTracking().Where(e => ids.Contains(e.Id))
            .Select(e => new { e.Id, e.LastName, e.FirstName, e.MiddleName }).ToListAsync(cancellationToken);
        return people.ToDictionary(p => p.Id, p => Employee.FormatFullName(p.LastName, p.FirstName, p.MiddleName));
    }

    /// <summary>"Any case, anywhere in it" as an ILIKE pattern; empty for no search. The pattern's own characters are escaped.</summary>
    public static string Pattern(string? search)
    {
        var text = search?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var escaped = text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);
        return "%" + escaped + "%";
    }

    /// <summary>The ORDER BY of <paramref name="order"/> (from the enum, never from text the caller typed).</summary>
    private static string OrderBy(PayLineOrder order, bool descending)
    {
        var dir = descending ? "DESC" : "ASC";
        var name = $"e.last_name {dir}, e.first_name {dir}, e.middle_name {dir} NULLS FIRST";
        var key = order switch
        {
            PayLineOrder.Department => $"d.name {dir}, {name}",
            PayLineOrder.Name => name,
            PayLineOrder.Number => $"e.personnel_number {dir}",
            PayLineOrder.Fixed => $"l.fixed {dir}, {name}",
            PayLineOrder.PlannedVariable => $"l.planned_variable {dir}, {name}",
            PayLineOrder.Variable => $"l.variable {dir}, {name}",
            PayLineOrder.Bonus => $"l.bonus {dir}, {name}",
            PayLineOrder.Adjustments => $"coalesce(a.amount, 0) {dir}, {name}",
            PayLineOrder.Total => $"l.total + coalesce(a.amount, 0) {dir}, {name}",
            _ => throw new ArgumentOutOfRangeException(nameof(order), order, null),
        };
        return key + ", l.employee_id";
    }

    private static void AddScope(NpgsqlParameterCollection parameters, DateOnly month, PeopleScope scope)
    {
        parameters.AddWithValue("month", month);
        parameters.AddWithValue("everyone", scope.Everyone);
        parameters.AddWithValue("self", scope.Self ?? -1);
        parameters.AddWithValue("team", scope.Departments.ToArray());
    }

    private static void AddFilter(NpgsqlParameterCollection parameters, PayLineFilter filter)
    {
        parameters.AddWithValue("bydept", filter.Departments is not null);
        parameters.AddWithValue("depts", (filter.Departments ?? []).ToArray());
        parameters.AddWithValue("pattern", Pattern(filter.Search));
        parameters.AddWithValue("gated", filter.Gated);
        parameters.AddWithValue("missing", filter.MissingFigures);
        parameters.AddWithValue("changed", filter.Changed);
        parameters.AddWithValue("below", filter.BelowPlan);
    }

    private static PayLineListRow RowOf(DbDataReader r) => new(
        r.GetInt32(0), r.GetString(1), r.GetString(2), r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4), r.GetInt32(5), r.GetString(6), r.GetString(7),
        r.GetDecimal(8), r.GetDecimal(9), r.GetDecimal(10), r.GetDecimal(11), r.GetDecimal(12), r.GetDecimal(13), r.IsDBNull(14) ? null : r.GetDecimal(14),
        r.GetBoolean(15), r.GetBoolean(16),
        JsonSerializer.Deserialize<List<PayLineKpi>>(r.GetString(17), SpecJson.Options) ?? [],
        r.IsDBNull(18) ? default : JsonSerializer.Deserialize<WorkedTime>(r.GetString(18), SpecJson.Options));

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        return (NpgsqlConnection)db.Database.GetDbConnection();
    }
}
