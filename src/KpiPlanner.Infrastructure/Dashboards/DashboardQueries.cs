using System.Data.Common;
using KpiPlanner.Domain.Dashboards;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace KpiPlanner.Infrastructure.Dashboards;

/// <summary>
/// The dashboards' read side (issue 14): every statement the plan/fact dashboards run, each with the mapper of its
/// columns beside it, returning typed rows. The aggregates come from <c>kpi_month_summary</c> (kept by triggers,
/// decision 008) and <c>pay_month_summary</c> (written by the pay run, issue 18); a department or company page is one round trip (<see cref="LevelAsync"/>)
/// whatever the number of people. No rule lives here: rolling up, bands and forecasts are the domain's; who may see
/// what is the caller's access scope. One instance per <see cref="KpiDbContext"/> (one operation).
/// </summary>
public sealed partial class DashboardQueries(KpiDbContext db)
{
    /// <summary>Every aggregate a department or company page shows, in one batch (one round trip).</summary>
    public async Task<LevelRows> LevelAsync(LevelQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var connection = await OpenAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(Command(SummarySql, ("depts", query.Departments), ("rows", query.Rows), ("from", query.TrendFrom),
            ("to", query.TrendTo), ("qfrom", query.Quarter.Start), ("qto", query.Quarter.End)));
        batch.BatchCommands.Add(Command(AccuracySql, ("depts", query.Departments), ("from", query.PayFrom), ("to", query.TrendTo)));
        batch.BatchCommands.Add(Command(PaySql, ("depts", query.Departments), ("rows", query.Rows), ("from", query.PayFrom), ("to", query.TrendTo)));
        batch.BatchCommands.Add(HeadcountCommand(query.Departments, query.Rows, query.HeadcountMonths));
        batch.BatchCommands.Add(Command(PeopleValuesSql, ("people", query.People), ("from", query.TrendFrom), ("to", query.TrendTo)));
        batch.BatchCommands.Add(Command(PeoplePaySql, ("people", query.People), ("from", query.Period.Start), ("to", query.Period.End)));
        var growth = query.GrowthBases ?? [];
        if (growth.Count > 0)
        {
            batch.BatchCommands.Add(Command(GrowthSql, ("depts", query.Departments), ("rows", query.Rows), ("from", query.TrendFrom), ("to", query.TrendTo),
                ("gpositions", growth.Select(g => g.Position).ToArray()), ("gkeys", growth.Select(g => g.Key).ToArray()),
                ("gback", growth.Select(g => g.MonthsBack ?? 0).ToArray()), ("gvalues", growth.Select(g => g.Value ?? 0m).ToArray()),
                ("gfixed", growth.Select(g => g.MonthsBack is null && g.Value is not null).ToArray())));
        }


        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var summary = await ReadAsync(reader, SummaryRowOf, cancellationToken);
        var accuracy = await NextAsync(reader, AccuracyRowOf, cancellationToken);
        var pay = await NextAsync(reader, PayRowOf, cancellationToken);
        var headcount = await NextAsync(reader, HeadcountRowOf, cancellationToken);
        var values = await NextAsync(reader, PersonValueRowOf, cancellationToken);
        var people = await NextAsync(reader, PersonPayRowOf, cancellationToken);
        var growthRows = growth.Count > 0 ? await NextAsync(reader, GrowthRowOf, cancellationToken) : [];
        return new LevelRows(summary, accuracy, pay, headcount, values, people, growthRows);
    }

    /// <summary>
    /// Per drill-down row, growth KPI and month: the plans, facts and bases of the people who have all three — each
    /// person's base is their stored fact of the base month of their position's scheme, or its fixed value (issue 19).
    /// Read from the people's values, not the summary: the base is another month's fact of the same person.
    /// </summary>
    internal const string GrowthSql = """
        SELECT r.row_id, v.month, v.kpi_key, sum(v.plan) AS plan_sum, sum(v.fact) AS fact_sum,
               sum(CASE WHEN g.fixed THEN g.base_value ELSE b.fact END) AS base_sum, count(*)::bigint AS n
        FROM unnest(@gpositions, @gkeys, @gback, @gvalues, @gfixed) AS g(position_id, kpi_key, months_back, base_value, fixed)
        JOIN employees e ON e.position_id = g.position_id
        JOIN unnest(@depts, @rows) AS r(dept, row_id) ON r.dept = e.department_id
        JOIN monthly_kpi_values v ON v.employee_id = e.id AND v.kpi_key = g.kpi_key AND v.month BETWEEN @from AND @to
        LEFT JOIN monthly_kpi_values b ON NOT g.fixed AND g.months_back > 0 AND b.employee_id = v.employee_id AND b.kpi_key = v.kpi_key
             AND b.month = (v.month - make_interval(months => g.months_back))::date
        WHERE v.plan IS NOT NULL AND v.fact IS NOT NULL AND (g.fixed OR b.fact IS NOT NULL)
        GROUP BY r.row_id, v.month, v.kpi_key
        """;

    private static Func<DbDataReader, GrowthRow> GrowthRowOf(DbDataReader r)
    {
        int row = r.GetOrdinal("row_id"), month = r.GetOrdinal("month"), key = r.GetOrdinal("kpi_key"), plan = r.GetOrdinal("plan_sum"),
            fact = r.GetOrdinal("fact_sum"), @base = r.GetOrdinal("base_sum"), count = r.GetOrdinal("n");
        return x => new GrowthRow(x.GetInt32(row), x.GetString(key), new GrowthMonth(x.GetFieldValue<DateOnly>(month),
            x.GetDecimal(plan), x.GetDecimal(fact), x.GetDecimal(@base), (int)x.GetInt64(count)));
    }

    /// <summary>Per drill-down row, month and KPI: the summary's sums over the trend window and the current quarter.</summary>
    internal const string SummarySql = """
        SELECT r.row_id, s.month, s.kpi_key,
               sum(s.plan_sum) AS plan_sum, sum(s.plan_n)::bigint AS plan_n, sum(s.fact_sum) AS fact_sum, sum(s.fact_n)::bigint AS fact_n,
               sum(s.measured_plan_sum) AS measured_plan_sum, sum(s.measured_fact_sum) AS measured_fact_sum, sum(s.measured_n)::bigint AS measured_n
        FROM kpi_month_summary s
        JOIN unnest(@depts, @rows) AS r(dept, row_id) ON r.dept = s.department_id
        WHERE (s.month BETWEEN @from AND @to) OR (s.month BETWEEN @qfrom AND @qto)
        GROUP BY r.row_id, s.month, s.kpi_key
        """;

    private static Func<DbDataReader, SummaryRow> SummaryRowOf(DbDataReader r)
    {
        int row = r.GetOrdinal("row_id"), month = r.GetOrdinal("month"), key = r.GetOrdinal("kpi_key"), planSum = r.GetOrdinal("plan_sum"),
            planN = r.GetOrdinal("plan_n"), factSum = r.GetOrdinal("fact_sum"), factN = r.GetOrdinal("fact_n"),
            measuredPlan = r.GetOrdinal("measured_plan_sum"), measuredFact = r.GetOrdinal("measured_fact_sum"), measuredN = r.GetOrdinal("measured_n");
        return x => new SummaryRow(x.GetInt32(row), x.GetString(key), new GroupMonth(x.GetFieldValue<DateOnly>(month),
            x.GetDecimal(planSum), (int)x.GetInt64(planN), x.GetDecimal(factSum), (int)x.GetInt64(factN),
            x.GetDecimal(measuredPlan), x.GetDecimal(measuredFact), (int)x.GetInt64(measuredN)));
    }

    /// <summary>Per department and KPI: the plan-accuracy sums of the last 12 months.</summary>
    internal const string AccuracySql = """
        SELECT s.department_id, s.kpi_key, sum(s.ratio_sum) AS ratio_sum, sum(s.abs_dev_sum) AS abs_dev_sum,
               sum(s.ratio_n)::bigint AS ratio_n, sum(s.over_n)::bigint AS over_n, sum(s.under_n)::bigint AS under_n
        FROM kpi_month_summary s
        WHERE s.department_id = ANY(@depts) AND s.month BETWEEN @from AND @to
        GROUP BY s.department_id, s.kpi_key
        HAVING sum(s.ratio_n) > 0
        """;

    private static Func<DbDataReader, AccuracyRow> AccuracyRowOf(DbDataReader r)
    {
        int department = r.GetOrdinal("department_id"), key = r.GetOrdinal("kpi_key"), ratio = r.GetOrdinal("ratio_sum"),
            deviation = r.GetOrdinal("abs_dev_sum"), count = r.GetOrdinal("ratio_n"), over = r.GetOrdinal("over_n"), under = r.GetOrdinal("under_n");
        return x => new AccuracyRow(x.GetInt32(department), x.GetString(key), x.GetDecimal(ratio), x.GetDecimal(deviation),
            (int)x.GetInt64(count), (int)x.GetInt64(over), (int)x.GetInt64(under));
    }

    /// <summary>
    /// Per drill-down row and month: the pay lines' variable part earned and planned, from their per-department sums
    /// (<c>pay_month_summary</c>, written with the lines: a department's rows, not its people's lines).
    /// </summary>
    internal const string PaySql = """
        SELECT r.row_id, p.month, sum(p.variable) AS variable, sum(p.planned_variable) AS planned, sum(p.people)::bigint AS people
        FROM pay_month_summary p
        JOIN unnest(@depts, @rows) AS r(dept, row_id) ON r.dept = p.department_id
        WHERE p.month BETWEEN @from AND @to
        GROUP BY r.row_id, p.month
        """;

    private static Func<DbDataReader, PayRow> PayRowOf(DbDataReader r)
    {
        int row = r.GetOrdinal("row_id"), month = r.GetOrdinal("month"), variable = r.GetOrdinal("variable"),
            planned = r.GetOrdinal("planned"), people = r.GetOrdinal("people");
        return x => new PayRow(x.GetInt32(row), x.GetFieldValue<DateOnly>(month), x.GetDecimal(variable), x.GetDecimal(planned), (int)x.GetInt64(people));
    }

    /// <summary>
    /// People employed in each month (hired by its last day, not left before its first), per row and position (for
    /// months not calculated, and the period's end). Each month's first and last day come with it, computed once here
    /// rather than for every person in SQL.
    /// </summary>
    internal const string HeadcountSql = """
        SELECT r.row_id, e.position_id, m.month, count(*) AS people
        FROM employees e
        JOIN unnest(@depts, @rows) AS r(dept, row_id) ON r.dept = e.department_id
        CROSS JOIN unnest(@months, @firsts, @lasts) AS m(month, first_day, last_day)
        WHERE e.hire_date <= m.last_day AND (e.leave_date IS NULL OR e.leave_date >= m.first_day)
        GROUP BY r.row_id, e.position_id, m.month
        """;

    /// <summary><see cref="HeadcountSql"/> with its parameters: each month as given, with its first and last day.</summary>
    internal static NpgsqlBatchCommand HeadcountCommand(int[] departments, int[] rows, DateOnly[] months)
    {
        var firsts = months.Select(m => new DateOnly(m.Year, m.Month, 1)).ToArray();
        return Command(HeadcountSql, ("depts", departments), ("rows", rows), ("months", months), ("firsts", firsts),
            ("lasts", firsts.Select(f => f.AddMonths(1).AddDays(-1)).ToArray()));
    }

    private static Func<DbDataReader, HeadcountRow> HeadcountRowOf(DbDataReader r)
    {
        int row = r.GetOrdinal("row_id"), position = r.GetOrdinal("position_id"), month = r.GetOrdinal("month"), people = r.GetOrdinal("people");
        return x => new HeadcountRow(x.GetInt32(row), x.GetInt32(position), x.GetFieldValue<DateOnly>(month), (int)x.GetInt64(people));
    }

    /// <summary>A department's own people: their plans and facts over the trend window.</summary>
    internal const string PeopleValuesSql = """
        SELECT v.employee_id, v.month, v.kpi_key, v.plan, v.fact
        FROM monthly_kpi_values v
        WHERE v.employee_id = ANY(@people) AND v.month BETWEEN @from AND @to
        """;

    private static Func<DbDataReader, PersonValueRow> PersonValueRowOf(DbDataReader r)
    {
        int employee = r.GetOrdinal("employee_id"), month = r.GetOrdinal("month"), key = r.GetOrdinal("kpi_key"),
            plan = r.GetOrdinal("plan"), fact = r.GetOrdinal("fact");
        return x => new PersonValueRow(x.GetInt32(employee), x.GetFieldValue<DateOnly>(month), x.GetString(key),
            x.IsDBNull(plan) ? null : x.GetDecimal(plan), x.IsDBNull(fact) ? null : x.GetDecimal(fact));
    }

    /// <summary>A department's own people: their variable pay over the period.</summary>
    internal const string PeoplePaySql = """
        SELECT p.employee_id, sum(p.variable) AS variable, sum(p.planned_variable) AS planned, count(*) AS months
        FROM pay_lines p
        WHERE p.employee_id = ANY(@people) AND p.month BETWEEN @from AND @to
        GROUP BY p.employee_id
        """;

    private static Func<DbDataReader, PersonPayRow> PersonPayRowOf(DbDataReader r)
    {
        int employee = r.GetOrdinal("employee_id"), variable = r.GetOrdinal("variable"), planned = r.GetOrdinal("planned"), months = r.GetOrdinal("months");
        return x => new PersonPayRow(x.GetInt32(employee), x.GetDecimal(variable), x.GetDecimal(planned), (int)x.GetInt64(months));
    }

    /// <summary>A statement of a batch with its parameters typed for PostgreSQL (int[], text[], date[], date).</summary>
    internal static NpgsqlBatchCommand Command(string sql, params (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(Parameter(name, value));
        }

        return command;
    }

    private static NpgsqlParameter Parameter(string name, object value) => value switch
    {
        int[] ints => new NpgsqlParameter(name, NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = ints },
        string[] texts => new NpgsqlParameter(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = texts },
        DateOnly[] dates => new NpgsqlParameter(name, NpgsqlDbType.Array | NpgsqlDbType.Date) { Value = dates },
        DateOnly date => new NpgsqlParameter(name, NpgsqlDbType.Date) { Value = date },
        decimal[] numbers => new NpgsqlParameter(name, NpgsqlDbType.Array | NpgsqlDbType.Numeric) { Value = numbers },
        bool[] flags => new NpgsqlParameter(name, NpgsqlDbType.Array | NpgsqlDbType.Boolean) { Value = flags },
        _ => new NpgsqlParameter(name, value),
    };

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        return (NpgsqlConnection)db.Database.GetDbConnection();
    }

    /// <summary>One statement's rows: the mapper is built once from the result's column names, then applied to each row.</summary>
    private static async Task<List<T>> ReadAsync<T>(DbDataReader reader, Func<DbDataReader, Func<DbDataReader, T>> mapperOf, CancellationToken cancellationToken)
    {
        var rows = new List<T>();
        var map = mapperOf(reader);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    private static async Task<List<T>> NextAsync<T>(DbDataReader reader, Func<DbDataReader, Func<DbDataReader, T>> mapperOf, CancellationToken cancellationToken)
    {
        await reader.NextResultAsync(cancellationToken);
        return await ReadAsync(reader, mapperOf, cancellationToken);
    }
}
