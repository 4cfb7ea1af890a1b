using System.Data.Common;
using KpiPlanner.Domain.Goals;
using KpiPlanner.Domain.Payroll;
using KpiPlanner.Domain.Planning;
using KpiPlanner.Domain.Schemes;
using KpiPlanner.Infrastructure.Payroll;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace KpiPlanner.Infrastructure.Dashboards;

/// <summary>A department with its head's name (the breadcrumbs, the drill-down, plan accuracy by manager).</summary>
public sealed record DepartmentRow(int Id, int? ParentId, string Name, int? HeadId, string? HeadName);

/// <summary>A person on a dashboard: name, department and position.</summary>
public sealed record PersonRow(int Id, string LastName, string FirstName, string? MiddleName, int DepartmentId, int PositionId);

/// <summary>A person employed in a month: id and position.</summary>
public sealed record StaffRow(int Id, int PositionId);

/// <summary>One person's pay line of a month: the variable part earned and planned.</summary>
public sealed record PersonPayMonthRow(DateOnly Month, decimal Variable, decimal Planned);

/// <summary>The dashboards' reads of people, schemes, goals and the calendar (LINQ over the context).</summary>
public sealed partial class DashboardQueries
{
    /// <summary>Every department, with its head's name.</summary>
    public Task<List<DepartmentRow>> DepartmentsAsync(CancellationToken cancellationToken = default) =>
        db.Departments.AsNoTracking()
            .Select(d => new DepartmentRow(d.Id, d.ParentId, d.Name, d.HeadId, d.Head == null ? null : d.Head.LastName + " " + d.Head.FirstName))
            .ToListAsync(cancellationToken);

    /// <summary>Every scheme version (the KPIs' rules and scales, the planned variable parts).</summary>
    public Task<List<SchemeVersion>> SchemeVersionsAsync(CancellationToken cancellationToken = default) =>
        db.SchemeVersions.AsNoTracking().ToListAsync(cancellationToken);

    /// <summary>The months whose pay has been calculated (any status but open).</summary>
    public async Task<HashSet<DateOnly>> CalculatedMonthsAsync(CancellationToken cancellationToken = default) =>
        (await db.Periods.AsNoTracking().Where(p => p.Status != PeriodStatus.Open).Select(p => p.Month).ToListAsync(cancellationToken)).ToHashSet();

    /// <summary>The department of a person; null when there is no such person.</summary>
    public Task<int?> DepartmentOfAsync(int employeeId, CancellationToken cancellationToken = default) =>
        db.Employees.AsNoTracking().Where(e => e.Id == employeeId).Select(e => (int?)e.DepartmentId).SingleOrDefaultAsync(cancellationToken);

    /// <summary>One person.</summary>
    public Task<PersonRow> PersonAsync(int employeeId, CancellationToken cancellationToken = default) =>
        Rows(db.Employees.AsNoTracking().Where(e => e.Id == employeeId)).SingleAsync(cancellationToken);

    /// <summary>A department's own people employed at some time between <paramref name="from"/> and <paramref name="to"/>, by name.</summary>
    public Task<List<PersonRow>> DepartmentStaffAsync(int departmentId, DateOnly from, DateOnly to, CancellationToken cancellationToken = default) =>
        Rows(db.Employees.AsNoTracking()
            .Where(e => e.DepartmentId == departmentId && e.HireDate <= to && (e.LeaveDate == null || e.LeaveDate >= from))
            .OrderBy(e => e.LastName).ThenBy(e => e.FirstName))
            .ToListAsync(cancellationToken);

    /// <summary>
    /// The people (all, of some departments, or one) employed at some time between <paramref name="from"/> and
    /// <paramref name="to"/>: id and position only (the forecast reads 10 000 of them; no names).
    /// </summary>
    public Task<List<StaffRow>> EmployedAsync(DateOnly from, DateOnly to, IReadOnlyCollection<int>? departments, int? employeeId,
        CancellationToken cancellationToken = default)
    {
        var people = db.Employees.AsNoTracking().Where(e => e.HireDate <= to && (e.LeaveDate == null || e.LeaveDate >= from));
        people = employeeId is { } id ? people.Where(e => e.Id == id) : people;
        people = departments is null ? people : people.Where(e => departments.Contains(e.DepartmentId));
        return people.Select(e => new StaffRow(e.Id, e.PositionId)).ToListAsync(cancellationToken);
    }

    /// <summary>One person's plans and facts from <paramref name="from"/> to <paramref name="to"/> and over the <paramref name="quarter"/>.</summary>
    public Task<List<PersonValueRow>> PersonValuesAsync(int employeeId, DateOnly from, DateOnly to, PeriodRange quarter,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(quarter);
        return db.MonthlyKpiValues.AsNoTracking()
            .Where(v => v.EmployeeId == employeeId && v.Month >= from && (v.Month <= to || (v.Month >= quarter.Start && v.Month <= quarter.End)))
            .Select(v => new PersonValueRow(v.EmployeeId, v.Month, v.KpiKey, v.Plan, v.Fact))
            .ToListAsync(cancellationToken);
    }

    /// <summary>One person's pay lines from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public Task<List<PersonPayMonthRow>> PersonPayAsync(int employeeId, DateOnly from, DateOnly to, CancellationToken cancellationToken = default) =>
        db.PayLines.AsNoTracking()
            .Where(l => l.EmployeeId == employeeId && l.Month >= from && l.Month <= to)
            .Select(l => new PersonPayMonthRow(l.Month, l.Variable, l.PlannedVariable))
            .ToListAsync(cancellationToken);

    /// <summary>
    /// The plans and facts of <paramref name="keys"/> of the people goal nodes are linked to (issue 19), from
    /// <paramref name="from"/> to <paramref name="to"/>.
    /// </summary>
    public Task<List<PersonValueRow>> LinkedPeopleValuesAsync(IReadOnlyCollection<int> employeeIds, IReadOnlyCollection<string> keys, DateOnly from, DateOnly to,
        CancellationToken cancellationToken = default) =>
        db.MonthlyKpiValues.AsNoTracking()
            .Where(v => employeeIds.Contains(v.EmployeeId) && keys.Contains(v.KpiKey) && v.Month >= from && v.Month <= to)
            .Select(v => new PersonValueRow(v.EmployeeId, v.Month, v.KpiKey, v.Plan, v.Fact))
            .ToListAsync(cancellationToken);

    /// <summary>Every goal with its versions.</summary>
    public Task<List<Goal>> GoalsAsync(CancellationToken cancellationToken = default) =>
        db.Goals.AsNoTracking().OrderBy(g => g.Id).ToListAsync(cancellationToken);

    /// <summary>The company's work calendar of a year (the pay run's).</summary>
    public Task<WorkCalendar> CalendarAsync(int year, CancellationToken cancellationToken = default) =>
        PayrollService.CalendarAsync(db, year, cancellationToken);

    /// <summary>
    /// The facts of <paramref name="keys"/> of departments (each row one department, not its subtree) from
    /// <paramref name="from"/> to <paramref name="to"/>, from the summary: only months with a fact.
    /// </summary>
    public async Task<List<TeamFactRow>> TeamFactsAsync(int[] departments, string[] keys, DateOnly from, DateOnly to,
        CancellationToken cancellationToken = default)
    {
        var connection = await OpenAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(Command(TeamFactsSql, ("depts", departments), ("keys", keys), ("from", from), ("to", to)));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        return await ReadAsync(reader, TeamFactRowOf, cancellationToken);
    }

    internal const string TeamFactsSql = """
        SELECT department_id, month, kpi_key, fact_sum, fact_n
        FROM kpi_month_summary
        WHERE department_id = ANY(@depts) AND kpi_key = ANY(@keys) AND month BETWEEN @from AND @to AND fact_n > 0
        """;

    private static Func<DbDataReader, TeamFactRow> TeamFactRowOf(DbDataReader r)
    {
        int department = r.GetOrdinal("department_id"), month = r.GetOrdinal("month"), key = r.GetOrdinal("kpi_key"),
            sum = r.GetOrdinal("fact_sum"), count = r.GetOrdinal("fact_n");
        return x => new TeamFactRow(x.GetInt32(department), x.GetFieldValue<DateOnly>(month), x.GetString(key), x.GetDecimal(sum), x.GetInt32(count));
    }

    /// <summary>
    /// The stored facts of <paramref name="months"/> of <paramref name="people"/> (growth KPIs' bases: the same month
    /// last year, the month before), by (employee, KPI key, month).
    /// </summary>
    public async Task<Dictionary<(int Employee, string Key, DateOnly Month), decimal>> FactsAsync(int[] people, DateOnly[] months,
        CancellationToken cancellationToken = default)
    {
        var facts = new Dictionary<(int, string, DateOnly), decimal>();
        if (people.Length == 0 || months.Length == 0)
        {
            return facts;
        }

        var connection = await OpenAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(Command(FactsSql, ("people", people), ("months", months)));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        foreach (var row in await ReadAsync(reader, PersonValueRowOf, cancellationToken))
        {
            facts[(row.Employee, row.Key, row.Month)] = row.Fact!.Value;
        }

        return facts;
    }

    internal const string FactsSql = """
        SELECT v.employee_id, v.month, v.kpi_key, v.plan, v.fact
        FROM monthly_kpi_values v
        WHERE v.employee_id = ANY(@people) AND v.month = ANY(@months) AND v.fact IS NOT NULL
        """;

    private static IQueryable<PersonRow> Rows(IQueryable<KpiPlanner.Domain.Organisation.Employee> people) =>
        people.Select(e => new PersonRow(e.Id, e.LastName, e.FirstName, e.MiddleName, e.DepartmentId, e.PositionId));
}
