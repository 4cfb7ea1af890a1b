using System.Globalization;
using KpiPlanner.Domain.Dashboards;
using KpiPlanner.Domain.Goals;
using KpiPlanner.Domain.Kpis;
using KpiPlanner.Domain.Organisation;
using KpiPlanner.Domain.Payroll;
using KpiPlanner.Domain.Planning;
using KpiPlanner.Domain.Schemes;
using KpiPlanner.Infrastructure;
using KpiPlanner.Infrastructure.Payroll;
using KpiPlanner.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Npgsql;
using NpgsqlTypes;

namespace KpiPlanner.Web.Features.Dashboard;

/// <summary>
/// The plan/fact dashboards (issue 6): the company, a department or a person for a month, quarter, half-year or year.
/// Every aggregate is computed by PostgreSQL — the per-department sums of <c>kpi_month_summary</c> (kept by triggers,
/// decision 008) and of the pay lines — and arrives as departments × KPIs × months rows; one batch of queries per page
/// whatever the number of people. Rolling months up into the period by each KPI's rule, bands, YoY and forecasts are the
/// domain's. Who sees what: the owner and HR everything; a manager the departments they head and everything below;
/// an employee their own page only.
/// </summary>
public sealed class DashboardService(
    IDbContextFactory<KpiDbContext> dbFactory,
    TimeProvider time,
    IFormulaParser parser,
    IStringLocalizer<DashboardResource> t)
{
    /// <summary>Months in the trend chart.</summary>
    public const int TrendMonths = 24;

    /// <summary>Months of plan accuracy and of the pay-fund forecast's history.</summary>
    public const int HistoryMonths = 12;

    private DateOnly Today => DateOnly.FromDateTime(time.GetLocalNow().Date);

    /// <summary>
    /// The level a person may open: null when they may not. No department and no employee asks for the company (a
    /// manager gets their own top department instead; an employee their own page).
    /// </summary>
    public async Task<(DashboardLevel Level, int? DepartmentId, int? EmployeeId)?> ResolveAsync(
        UserContext user, int? departmentId, int? employeeId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var all = user.SeesEverything;
        if (!all && !user.IsInRole(Roles.Manager))
        {
            // An employee: their own page, nothing else.
            return user.EmployeeId is { } me && (employeeId is null || employeeId == me) && departmentId is null
                ? (DashboardLevel.Employee, null, me)
                : null;
        }

        if (employeeId is { } employee)
        {
            var of = await db.Employees.AsNoTracking().Where(e => e.Id == employee).Select(e => (int?)e.DepartmentId).SingleOrDefaultAsync(cancellationToken);
            return of is { } d && user.MayRead(employee, d) ? (DashboardLevel.Employee, null, employee) : null;
        }

        var departments = await db.Departments.AsNoTracking().Select(d => new { d.Id, d.ParentId }).ToListAsync(cancellationToken);
        if (departmentId is { } department)
        {
            return departments.Any(d => d.Id == department) && user.MayReadDepartment(department) ? (DashboardLevel.Department, department, null) : null;
        }

        if (all)
        {
            return (DashboardLevel.Company, null, null);
        }

        // A manager asking for "the company": the top department they head.
        var tree = new DepartmentTree(departments.Select(d => (d.Id, d.ParentId)));
        var scope = user.TeamDepartments;
        var top = departments.Where(d => scope.Contains(d.Id) && (d.ParentId is null || !scope.Contains(d.ParentId.Value)))
            .OrderBy(d => tree.Depth(d.Id)).ThenBy(d => d.Id).FirstOrDefault();
        return top is null ? null : (DashboardLevel.Department, top.Id, null);
    }

    /// <summary>The dashboard of a level the person may open (<see cref="ResolveAsync"/>), or null.</summary>
    public async Task<DashboardView?> LoadAsync(UserContext user, PeriodRange period, int? departmentId, int? employeeId,
        CancellationToken cancellationToken = default)
    {
        var level = await ResolveAsync(user, departmentId, employeeId, cancellationToken);
        return level is null ? null : await LoadLevelAsync(period, level.Value.Level, level.Value.DepartmentId, level.Value.EmployeeId, user, cancellationToken);
    }

    /// <summary>The dashboard of a level, without access checks (the caller has resolved it: <see cref="LoadAsync"/>).</summary>
    internal async Task<DashboardView> LoadLevelAsync(PeriodRange period, DashboardLevel level, int? departmentId, int? employeeId,
        UserContext? user = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(period);
        var culture = CultureInfo.CurrentCulture;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var departments = await db.Departments.AsNoTracking()
            .Select(d => new DepartmentInfo(d.Id, d.ParentId, d.Name, d.HeadId, d.Head == null ? null : d.Head.LastName + " " + d.Head.FirstName))
            .ToListAsync(cancellationToken);
        var versions = await db.SchemeVersions.AsNoTracking().ToListAsync(cancellationToken);
        var periods = await db.Periods.AsNoTracking().Select(p => new { p.Month, p.Status }).ToListAsync(cancellationToken);
        var queries = 3;
        var tree = new DepartmentTree(departments.Select(d => (d.Id, d.ParentId)));
        var byId = departments.ToDictionary(d => d.Id);

        var today = Today;
        var windowEnd = period.Start.AddMonths(period.MonthCount - 1);
        var windowStart = windowEnd.AddMonths(1 - TrendMonths);
        var quarter = PeriodRange.Containing(today, PeriodKind.Quarter);
        var calculated = periods.Where(p => p.Status != PeriodStatus.Open).Select(p => p.Month).ToHashSet();

        if (level == DashboardLevel.Employee)
        {
            return await EmployeeViewAsync(db, period, employeeId!.Value, Directory(versions, period.End, culture), versions, byId, tree, windowStart, windowEnd, quarter, calculated, user, culture, cancellationToken);
        }

        // Rows of the drill-down: the sub-departments (each with its subtree), and the department's own people.
        var roots = departments.Where(d => d.ParentId is null).Select(d => d.Id).ToList();
        int? node = level == DashboardLevel.Department ? departmentId : roots.Count == 1 ? roots[0] : null;
        var children = departments.Where(d => node is null ? d.ParentId is null : d.ParentId == node)
            .OrderBy(d => d.Name, StringComparer.Create(culture, false)).ToList();
        var rowOf = new Dictionary<int, int>();
        for (var i = 0; i < children.Count; i++)
        {
            foreach (var id in tree.Subtree(children[i].Id))
            {
                rowOf[id] = i;
            }
        }

        const int OwnStaff = -1;
        if (node is { } n)
        {
            rowOf[n] = OwnStaff;
        }

        var scope = rowOf.Keys.ToArray();
        var rowIds = scope.Select(id => rowOf[id]).ToArray();
        var directPeople = level == DashboardLevel.Department
            ? await db.Employees.AsNoTracking()
                .Where(e => e.DepartmentId == node && e.HireDate <= period.End && (e.LeaveDate == null || e.LeaveDate >= windowStart))
                .OrderBy(e => e.LastName).ThenBy(e => e.FirstName)
                .Select(e => new { e.Id, e.LastName, e.FirstName, e.MiddleName })
                .ToListAsync(cancellationToken)
            : [];
        if (level == DashboardLevel.Department)
        {
            queries++;
        }

        var people = directPeople.Select(p => p.Id).ToArray();
        var payFrom = windowEnd.AddMonths(1 - HistoryMonths);
        var accuracyFrom = payFrom;
        var uncalculated = Enumerable.Range(0, HistoryMonths).Select(i => payFrom.AddMonths(i))
            .Append(Period.FirstDay(today)).Distinct().Where(m => !calculated.Contains(m)).ToArray();

        // One round trip: every aggregate the page shows.
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(Command(SummarySql,
            ("depts", scope), ("rows", rowIds), ("from", windowStart), ("to", windowEnd), ("qfrom", quarter.Start), ("qto", quarter.End)));
        batch.BatchCommands.Add(Command(AccuracySql, ("depts", scope), ("from", accuracyFrom), ("to", windowEnd)));
        batch.BatchCommands.Add(Command(PaySql, ("depts", scope), ("rows", rowIds), ("from", payFrom), ("to", windowEnd)));
        batch.BatchCommands.Add(Command(HeadcountSql, ("depts", scope), ("rows", rowIds), ("months", uncalculated.Append(period.End).ToArray())));
        batch.BatchCommands.Add(Command(PeopleValuesSql, ("people", people), ("from", windowStart), ("to", windowEnd)));
        batch.BatchCommands.Add(Command(PeoplePaySql, ("people", people), ("from", period.Start), ("to", period.End)));
        queries++;

        var summary = new List<(int Row, GroupMonth Month, string Key)>();
        var accuracy = new List<(int Department, string Key, decimal Ratio, decimal Deviation, int Count, int Over, int Under)>();
        var pay = new List<(int Row, DateOnly Month, decimal Variable, decimal Planned, int People)>();
        var headcount = new List<(int Row, int Position, DateOnly Month, int People)>();
        var personValues = new List<(int Employee, DateOnly Month, string Key, decimal? Plan, decimal? Fact)>();
        var personPay = new Dictionary<int, (decimal Variable, decimal Planned, int Months)>();
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                summary.Add((reader.GetInt32(0), new GroupMonth(DateOnly.FromDateTime(reader.GetDateTime(1)), reader.GetDecimal(3), (int)reader.GetInt64(4),
                    reader.GetDecimal(5), (int)reader.GetInt64(6), reader.GetDecimal(7), reader.GetDecimal(8), (int)reader.GetInt64(9)), reader.GetString(2)));
            }

            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                accuracy.Add((reader.GetInt32(0), reader.GetString(1), reader.GetDecimal(2), reader.GetDecimal(3), (int)reader.GetInt64(4), (int)reader.GetInt64(5), (int)reader.GetInt64(6)));
            }

            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                pay.Add((reader.GetInt32(0), DateOnly.FromDateTime(reader.GetDateTime(1)), reader.GetDecimal(2), reader.GetDecimal(3), (int)reader.GetInt64(4)));
            }

            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                headcount.Add((reader.GetInt32(0), reader.GetInt32(1), DateOnly.FromDateTime(reader.GetDateTime(2)), (int)reader.GetInt64(3)));
            }

            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                personValues.Add((reader.GetInt32(0), DateOnly.FromDateTime(reader.GetDateTime(1)), reader.GetString(2),
                    reader.IsDBNull(3) ? null : reader.GetDecimal(3), reader.IsDBNull(4) ? null : reader.GetDecimal(4)));
            }

            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                personPay[reader.GetInt32(0)] = (reader.GetDecimal(1), reader.GetDecimal(2), (int)reader.GetInt64(3));
            }
        }

        // A KPI's rule and scale come from the schemes of the people on this page, most common position first.
        var positions = headcount.Where(h => h.Month == period.End).GroupBy(h => h.Position)
            .OrderByDescending(g => g.Sum(h => h.People)).Select(g => g.Key).ToList();
        var directory = Directory(versions, period.End, culture, positions);
        foreach (var key in summary.Select(s => s.Key).Distinct().Where(k => !directory.ContainsKey(k)))
        {
            directory[key] = Fallback(key, culture);
        }

        var kpiList = OrderKpis(directory.Values.Where(k => summary.Any(s => s.Key == k.Key)));
        var planOf = versions.GroupBy(v => v.PositionId).ToDictionary(g => g.Key, g => g.ToList());

        // Totals of the level: every row together, per KPI and month.
        var totals = summary.GroupBy(s => s.Key).ToDictionary(g => g.Key, g => GroupRollUp.Merge(g.Select(s => s.Month)));
        var pace = await PaceAsync(db, today, cancellationToken);
        queries++;
        var kpis = kpiList.Select(k => Summarise(k, totals.GetValueOrDefault(k.Key) ?? [], period, pace.InProgress)).ToList();
        var trend = kpiList.ToDictionary(k => k.Key, k => Trend(k, totals.GetValueOrDefault(k.Key) ?? [], windowStart, windowEnd, pace.InProgress));

        // Drill-down rows.
        var rows = new List<DrillRow>();
        var heat = kpiList.ToDictionary(k => k.Key, _ => new List<HeatCell>());
        var heatMonths = Enumerable.Range(0, Math.Max(HistoryMonths, period.MonthCount)).Select(i => windowEnd.AddMonths(1 - Math.Max(HistoryMonths, period.MonthCount) + i)).ToList();
        var headcountAtEnd = headcount.Where(h => h.Month == period.End).GroupBy(h => h.Row).ToDictionary(g => g.Key, g => g.Sum(h => h.People));
        var periodPay = pay.Where(p => period.Contains(p.Month)).GroupBy(p => p.Row)
            .ToDictionary(g => g.Key, g => (Variable: g.Sum(p => p.Variable), Planned: g.Sum(p => p.Planned), Months: g.Select(p => p.Month).Distinct().Count()));
        var rowGroups = summary.ToLookup(s => s.Row);
        void AddRow(string id, string name, int? department, int? employee, int peopleCount, IEnumerable<(GroupMonth Month, string Key)> months,
            decimal? variable, decimal? planned, int monthsCalculated)
        {
            var byKey = months.GroupBy(m => m.Key).ToDictionary(g => g.Key, g => GroupRollUp.Merge(g.Select(m => m.Month)));
            var values = new Dictionary<string, GroupRolledUp>();
            var standings = new Dictionary<string, Standing>();
            foreach (var kpi in kpiList)
            {
                if (!byKey.TryGetValue(kpi.Key, out var series))
                {
                    continue;
                }

                var rolled = GroupRollUp.Of(kpi.Rule, kpi.Direction, series, period, pace.InProgress);
                values[kpi.Key] = rolled;
                standings[kpi.Key] = StandingOf(kpi, rolled.Completion, rolled.InProgress);
                var byMonth = series.ToDictionary(m => m.Month);
                foreach (var month in heatMonths)
                {
                    // Today's month is read against its plan due by today, without a coefficient (a completion to date).
                    var running = month == pace.InProgress.Month.Start;
                    var completion = GroupRollUp.CompletionOf(kpi.Rule, kpi.Direction, byMonth.GetValueOrDefault(month), pace.InProgress);
                    heat[kpi.Key].Add(new HeatCell(id, month, StandingOf(kpi, completion, running)));
                }
            }

            rows.Add(new DrillRow(id, name, department, employee, peopleCount, standings, values, variable, planned, monthsCalculated));
        }

        for (var i = 0; i < children.Count; i++)
        {
            var p = periodPay.GetValueOrDefault(i);
            AddRow("d" + children[i].Id.ToString(CultureInfo.InvariantCulture), children[i].Name, children[i].Id, null, headcountAtEnd.GetValueOrDefault(i),
                rowGroups[i].Select(s => (s.Month, s.Key)), p.Months > 0 ? p.Variable : null, p.Months > 0 ? p.Planned : null, p.Months);
        }

        if (level == DashboardLevel.Department)
        {
            var values = personValues.ToLookup(v => v.Employee);
            foreach (var person in directPeople)
            {
                var p = personPay.GetValueOrDefault(person.Id);
                AddRow("e" + person.Id.ToString(CultureInfo.InvariantCulture), Employee.FormatFullName(person.LastName, person.FirstName, person.MiddleName),
                    null, person.Id, 1, values[person.Id].Select(v => (GroupMonth.OfPerson(v.Month, v.Plan, v.Fact), v.Key)),
                    p.Months > 0 ? p.Variable : null, p.Months > 0 ? p.Planned : null, p.Months);
            }
        }
        else if (node is { } root && rowGroups[OwnStaff].Any())
        {
            var p = periodPay.GetValueOrDefault(OwnStaff);
            AddRow("s" + root.ToString(CultureInfo.InvariantCulture), string.Format(culture, t["Row.OwnStaff"], byId[root].Name), null, null,
                headcountAtEnd.GetValueOrDefault(OwnStaff), rowGroups[OwnStaff].Select(s => (s.Month, s.Key)),
                p.Months > 0 ? p.Variable : null, p.Months > 0 ? p.Planned : null, p.Months);
        }

        // Pay fund by month: earned (pay lines) against planned (the lines' planned variable part; for a month not yet
        // calculated, the schemes' planned variable part of the people employed at the month's end).
        var plannedByMonth = headcount.GroupBy(h => h.Month).ToDictionary(g => g.Key, g => g.Sum(h => h.People * PlannedVariable(planOf, h.Position, h.Month)));
        var payFund = Enumerable.Range(0, HistoryMonths).Select(i => payFrom.AddMonths(i)).Select(month =>
        {
            var lines = pay.Where(p => p.Month == month).ToList();
            return calculated.Contains(month) && lines.Count > 0
                ? new PayFundMonth(month, lines.Sum(p => p.Planned), lines.Sum(p => p.Variable), lines.Sum(p => p.People), true)
                : new PayFundMonth(month, plannedByMonth.GetValueOrDefault(month), null,
                    headcount.Where(h => h.Month == month && PlannedVariable(planOf, h.Position, h.Month) > 0).Sum(h => h.People), false);
        }).ToList();
        var payRows = rows.Where(r => r.PlannedVariable is not null || r.Variable is not null)
            .Select(r => new PayFundRow(r.Name, r.PlannedVariable ?? 0m, r.Variable)).ToList();

        // Plan accuracy by manager (the head of each department; a department without a head under "vacant").
        var accuracyRows = accuracy.GroupBy(a => byId.TryGetValue(a.Department, out var d) ? d.HeadId : null)
            .Select(g =>
            {
                var result = PlanAccuracy.Of(g.Select(a => new AccuracySums(
                    (directory.GetValueOrDefault(a.Key) ?? Fallback(a.Key, culture)).Direction, a.Ratio, a.Deviation, a.Count, a.Over, a.Under)));
                var names = g.Select(a => byId.TryGetValue(a.Department, out var d) ? d.Name : "?").Distinct().Order(StringComparer.Create(culture, false)).ToList();
                var head = g.Key is { } h ? departments.First(d => d.HeadId == h).HeadName ?? "?" : t["Accuracy.Vacant"].Value;
                return result is null ? null : new ManagerAccuracy(head, names, result);
            })
            .OfType<ManagerAccuracy>()
            .OrderByDescending(a => a.Accuracy.Bias)
            .ToList();

        var funnel = FunnelOf(kpis);

        var forecasts = Forecasts(kpiList, totals, period, quarter, today, pace);
        var goals = level == DashboardLevel.Company ? await GoalsAsync(db, period, tree, culture, pace.InProgress, cancellationToken) : [];
        if (level == DashboardLevel.Company)
        {
            queries++;
        }

        var path = PathTo(level == DashboardLevel.Department ? node : null, byId);

        return new DashboardView
        {
            Period = period,
            Level = level,
            Title = level == DashboardLevel.Company
                ? (roots.Count == 1 ? byId[roots[0]].Name : t["Level.Company"].Value)
                : byId[node!.Value].Name,
            DepartmentId = level == DashboardLevel.Department ? node : null,
            Path = user is not null && !user.SeesEverything ? VisiblePath(path, user) : path,
            KpiList = kpiList,
            Kpis = kpis,
            Trend = trend,
            Rows = rows,
            HeatMonths = heatMonths,
            HeatByKpi = heat.ToDictionary(h => h.Key, h => (IReadOnlyList<HeatCell>)h.Value),
            Funnel = funnel,
            PayFund = payFund,
            PayFundRows = payRows,
            Accuracy = accuracyRows,
            Goals = goals,
            Forecasts = forecasts,
            MonthWorkingDays = (pace.Elapsed, pace.Days),
            Today = today,
            Queries = queries,
        };
    }

    /// <summary>
    /// Next month's variable pay fund of a level (<see cref="PayFundForecast"/>): each person employed next month, by the
    /// scheme in force then, over their completions of the last 12 months. Reads the people's plans and facts of those
    /// months in one streamed query.
    /// </summary>
    public async Task<PayFundForecastView?> ForecastPayFundAsync(UserContext user, int? departmentId, int? employeeId,
        CancellationToken cancellationToken = default)
    {
        var level = await ResolveAsync(user, departmentId, employeeId, cancellationToken);
        return level is null ? null : await ForecastPayFundAsync(level.Value.Level, level.Value.DepartmentId, level.Value.EmployeeId, cancellationToken);
    }

    /// <summary>The forecast of a level, without access checks (the caller has resolved it).</summary>
    internal async Task<PayFundForecastView> ForecastPayFundAsync(DashboardLevel level, int? departmentId, int? employeeId,
        CancellationToken cancellationToken = default)
    {
        var next = Period.FirstDay(Today).AddMonths(1);
        var nextEnd = next.AddMonths(1).AddDays(-1);
        var window = Enumerable.Range(1, HistoryMonths).Select(i => next.AddMonths(-i - 1)).Order().ToArray();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var versions = await db.SchemeVersions.AsNoTracking().ToListAsync(cancellationToken);
        var schemes = versions.GroupBy(v => v.PositionId)
            .ToDictionary(g => g.Key, g => SchemeVersion.InForce(g, nextEnd)?.ToScheme());
        var tree = new DepartmentTree(await db.Departments.AsNoTracking().Select(d => new ValueTuple<int, int?>(d.Id, d.ParentId)).ToListAsync(cancellationToken));
        var people = db.Employees.AsNoTracking().Where(e => e.HireDate <= nextEnd && (e.LeaveDate == null || e.LeaveDate >= next));
        if (level == DashboardLevel.Employee)
        {
            people = people.Where(e => e.Id == employeeId);
        }
        else if (level == DashboardLevel.Department)
        {
            var scope = tree.Subtree(departmentId!.Value).ToList();
            people = people.Where(e => scope.Contains(e.DepartmentId));
        }

        var staff = await people.Select(e => new { e.Id, e.PositionId }).ToListAsync(cancellationToken);
        var schemeOf = staff.Where(p => schemes.GetValueOrDefault(p.PositionId) is not null).ToDictionary(p => p.Id, p => schemes[p.PositionId]!);
        var ids = schemeOf.Keys.Order().ToArray();

        var histories = new List<PersonHistory>(ids.Length);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT v.employee_id, v.month, v.kpi_key, v.plan, v.fact FROM monthly_kpi_values v " +
            "WHERE v.employee_id = ANY(@people) AND v.month >= @from AND v.month <= @to AND v.plan IS NOT NULL AND v.fact IS NOT NULL " +
            "ORDER BY v.employee_id", connection);
        command.Parameters.Add(new NpgsqlParameter("people", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = ids });
        command.Parameters.Add(new NpgsqlParameter("from", NpgsqlDbType.Date) { Value = window[0] });
        command.Parameters.Add(new NpgsqlParameter("to", NpgsqlDbType.Date) { Value = window[^1] });
        int? current = null;
        var months = new Dictionary<DateOnly, Completion?[]>();
        void Flush()
        {
            if (current is { } id)
            {
                histories.Add(new PersonHistory(id, schemeOf[id], months));
            }
        }

        var seen = new HashSet<int>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var id = reader.GetInt32(0);
                if (id != current)
                {
                    Flush();
                    current = id;
                    seen.Add(id);
                    months = [];
                }

                var scheme = schemeOf[id];
                var key = reader.GetString(2);
                var index = IndexOfKpi(scheme, key);
                if (index < 0)
                {
                    continue;
                }

                var month = DateOnly.FromDateTime(reader.GetDateTime(1));
                if (!months.TryGetValue(month, out var completions))
                {
                    months[month] = completions = new Completion?[scheme.Kpis.Count];
                }

                completions[index] = Measure(scheme.Kpis[index], reader.GetDecimal(3), reader.GetDecimal(4));
            }
        }

        Flush();
        histories.AddRange(ids.Where(id => !seen.Contains(id)).Select(id => new PersonHistory(id, schemeOf[id], new Dictionary<DateOnly, Completion?[]>())));
        return new PayFundForecastView(PayFundForecast.Of(histories, window), next, window);
    }

    private static int IndexOfKpi(MotivationScheme scheme, string key)
    {
        for (var i = 0; i < scheme.Kpis.Count; i++)
        {
            if (SchemeKeys.KeyOf(scheme.Kpis[i].KpiCode, scheme.Kpis[i].Name) == key)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>A month's completion of a scheme KPI from its plan and fact, as the pay run measures it.</summary>
    private static Completion? Measure(SchemeKpi kpi, decimal plan, decimal fact) => kpi.Measurement switch
    {
        Measurement.RawValue => Completion.OfRawValue(fact),
        Measurement.Ratio => Completion.OfRatio(kpi.Direction, plan, fact) is { IsValid: true } r ? r.Value : null,
        _ => null, // growth and aggregate KPIs are not measurable from a month's plan and fact: taken at the median / plan.
    };

    private async Task<DashboardView> EmployeeViewAsync(KpiDbContext db, PeriodRange period, int employeeId,
        Dictionary<string, DashboardKpi> directory, List<SchemeVersion> versions, Dictionary<int, DepartmentInfo> byId, DepartmentTree tree,
        DateOnly windowStart, DateOnly windowEnd, PeriodRange quarter, HashSet<DateOnly> calculated, UserContext? user, CultureInfo culture,
        CancellationToken cancellationToken)
    {
        var person = await db.Employees.AsNoTracking().Where(e => e.Id == employeeId)
            .Select(e => new { e.Id, e.LastName, e.FirstName, e.MiddleName, e.DepartmentId, e.PositionId })
            .SingleAsync(cancellationToken);
        var scheme = SchemeVersion.InForce(versions.Where(v => v.PositionId == person.PositionId), period.End)?.ToScheme();
        var values = await db.MonthlyKpiValues.AsNoTracking()
            .Where(v => v.EmployeeId == employeeId && v.Month >= windowStart && (v.Month <= windowEnd || (v.Month >= quarter.Start && v.Month <= quarter.End)))
            .Select(v => new { v.Month, v.KpiKey, v.Plan, v.Fact })
            .ToListAsync(cancellationToken);
        var lines = await db.PayLines.AsNoTracking()
            .Where(l => l.EmployeeId == employeeId && l.Month >= windowEnd.AddMonths(1 - HistoryMonths) && l.Month <= windowEnd)
            .Select(l => new { l.Month, l.Variable, l.PlannedVariable })
            .ToListAsync(cancellationToken);

        // The person's own scheme decides the KPIs' rules and scales.
        foreach (var kpi in scheme?.Kpis ?? [])
        {
            var key = SchemeKeys.KeyOf(kpi.KpiCode, kpi.Name);
            directory[key] = directory.TryGetValue(key, out var known) ? known with { Scale = kpi.Scale, Rule = kpi.Aggregation, Direction = kpi.Direction } : ToKpi(key, kpi, culture);
        }

        foreach (var key in values.Select(v => v.KpiKey).Distinct().Where(k => !directory.ContainsKey(k)))
        {
            directory[key] = Fallback(key, culture);
        }

        var kpiList = OrderKpis(directory.Values.Where(k => values.Any(v => v.KpiKey == k.Key)));
        var series = values.GroupBy(v => v.KpiKey).ToDictionary(g => g.Key, g => (IReadOnlyList<GroupMonth>)g.Select(v => GroupMonth.OfPerson(v.Month, v.Plan, v.Fact)).OrderBy(m => m.Month).ToList());
        var pace = await PaceAsync(db, Today, cancellationToken);
        var kpis = kpiList.Select(k => Summarise(k, series.GetValueOrDefault(k.Key) ?? [], period, pace.InProgress)).ToList();
        var trend = kpiList.ToDictionary(k => k.Key, k => Trend(k, series.GetValueOrDefault(k.Key) ?? [], windowStart, windowEnd, pace.InProgress));
        var heatMonths = Enumerable.Range(0, HistoryMonths).Select(i => windowEnd.AddMonths(1 - HistoryMonths + i)).ToList();
        var heat = kpiList.ToDictionary(k => k.Key, k => (IReadOnlyList<HeatCell>)heatMonths
            .Select(m => (Month: m, Rolled: GroupRollUp.Of(k.Rule, k.Direction, series.GetValueOrDefault(k.Key) ?? [], PeriodRange.OfMonth(m), pace.InProgress)))
            .Select(x => new HeatCell("e" + employeeId.ToString(CultureInfo.InvariantCulture), x.Month, StandingOf(k, x.Rolled.Completion, x.Rolled.InProgress)))
            .ToList());
        var payFund = Enumerable.Range(0, HistoryMonths).Select(i => windowEnd.AddMonths(1 - HistoryMonths + i)).Select(m =>
        {
            var line = lines.FirstOrDefault(l => l.Month == m);
            return line is not null && calculated.Contains(m)
                ? new PayFundMonth(m, line.PlannedVariable, line.Variable, 1, true)
                : new PayFundMonth(m, scheme?.PlannedVariable ?? 0m, null, 1, false);
        }).ToList();
        var inPeriod = lines.Where(l => period.Contains(l.Month)).ToList();
        var name = Employee.FormatFullName(person.LastName, person.FirstName, person.MiddleName);
        var totals = series.ToDictionary(s => s.Key, s => s.Value);
        var forecasts = Forecasts(kpiList, totals, period, quarter, Today, pace);

        var path = PathTo(person.DepartmentId, byId);
        path.Add(new Crumb(name, null, employeeId));
        IReadOnlyList<Crumb> visible = user is not null && !user.SeesEverything ? VisiblePath(path, user) : path;

        return new DashboardView
        {
            Period = period,
            Level = DashboardLevel.Employee,
            Title = name,
            EmployeeId = employeeId,
            Path = visible,
            KpiList = kpiList,
            Kpis = kpis,
            Trend = trend,
            Rows = [],
            HeatMonths = heatMonths,
            HeatByKpi = heat,
            Funnel = FunnelOf(kpis),
            PayFund = payFund,
            PayFundRows = inPeriod.Count > 0 ? [new PayFundRow(name, inPeriod.Sum(l => l.PlannedVariable), inPeriod.Sum(l => l.Variable))] : [],
            Accuracy = [],
            Goals = [],
            Forecasts = forecasts,
            MonthWorkingDays = (pace.Elapsed, pace.Days),
            Today = Today,
            Queries = 7,
        };
    }

    /// <summary>The funnel of the period's roll-ups of the funnel KPIs on the page.</summary>
    private static IReadOnlyList<FunnelStage> FunnelOf(IEnumerable<KpiSummary> kpis) =>
        Funnel.Of(kpis.Where(k => Funnel.StageKeys.Contains(k.Kpi.Key))
            .Select(k => new FunnelStageInput(k.Kpi.Key, k.Kpi.Name, k.Kpi.Unit ?? KpiUnit.Count, k.Current.Plan, k.Current.Fact)).ToList());

    private KpiSummary Summarise(DashboardKpi kpi, IReadOnlyList<GroupMonth> months, PeriodRange period, MonthInProgress inProgress)
    {
        // A period holding today's month: the facts so far against the plan due by today, no coefficient (issue 16).
        var current = GroupRollUp.Of(kpi.Rule, kpi.Direction, months, period, inProgress);
        var facts = months.Where(m => m.FactCount > 0 && m.Fact(kpi.Rule) is not null)
            .Select(m => new MonthValue(PeriodRange.OfMonth(m.Month), m.Fact(kpi.Rule)!.Value));
        // The month in progress is compared with the same share of last year's month, never a part with a whole.
        var yoy = YearOverYear.CompareLikeForLike(kpi.Rule, facts, period, inProgress);
        var people = months.Where(m => period.Contains(m.Month)).Select(m => m.PlanCount).DefaultIfEmpty(0).Max();
        var running = current.InProgress ? months.FirstOrDefault(m => m.Month == inProgress.Month.Start) : null;
        return new KpiSummary(kpi, current, StandingOf(kpi, current.Completion, current.InProgress), yoy.LastYear, yoy.ChangePercent, people)
        {
            Reporting = running?.MeasuredCount ?? 0,
            Planned = running?.PlanCount ?? 0,
        };
    }

    /// <summary>The trend's months; today's month is marked partial (its fact so far is not a dip) and measured to date.</summary>
    private static IReadOnlyList<TrendPoint> Trend(DashboardKpi kpi, IReadOnlyList<GroupMonth> months, DateOnly from, DateOnly to, MonthInProgress inProgress)
    {
        var byMonth = months.ToDictionary(m => m.Month);
        var points = new List<TrendPoint>();
        for (var month = from; month <= to; month = month.AddMonths(1))
        {
            var value = byMonth.GetValueOrDefault(month);
            var lastYear = byMonth.GetValueOrDefault(month.AddYears(-1));
            var rolled = value is null ? null : GroupRollUp.Of(kpi.Rule, kpi.Direction, [value], PeriodRange.OfMonth(month), inProgress);
            var running = month == inProgress.Month.Start;
            var pace = running && inProgress is { WorkingDaysElapsed: { } elapsed, WorkingDays: { } days }
                ? RunRate.Forecast(kpi.Rule, value?.Fact(kpi.Rule), elapsed, days)
                : null;
            points.Add(new TrendPoint(month, value?.Plan(kpi.Rule), value?.Fact(kpi.Rule), lastYear?.Fact(kpi.Rule), rolled?.Completion)
            {
                InProgress = running,
                Pace = pace is null ? null : RunRate.Round(kpi.Unit, kpi.Rule, pace.Forecast),
            });
        }

        return points;
    }

    /// <summary>Today's month: its working days so far and in all (the company's calendar), and the share elapsed.</summary>
    private sealed record Pace(int Elapsed, int Days, MonthInProgress InProgress, WorkCalendar Calendar);

    private static async Task<Pace> PaceAsync(KpiDbContext db, DateOnly today, CancellationToken cancellationToken)
    {
        var calendar = await PayrollService.CalendarAsync(db, today.Year, cancellationToken);
        var month = PeriodRange.OfMonth(today);
        var days = calendar.WorkingDays(month.Start, month.End);
        var elapsed = calendar.WorkingDays(month.Start, today);
        return new Pace(elapsed, days, MonthInProgress.Of(month, elapsed, days), calendar);
    }

    /// <summary>
    /// The run-rate forecast of the current month and quarter, per KPI, by the domain's rules (<see cref="RunRate.Outlook"/>):
    /// only for a period in progress, from the facts of the people who reported against their own plans, counts whole,
    /// flagged above the ceiling (3 × plan, or the KPI's highest month of the last 12), the quarter built from its months.
    /// </summary>
    private static IReadOnlyList<KpiForecast> Forecasts(IReadOnlyList<DashboardKpi> kpis,
        IReadOnlyDictionary<string, IReadOnlyList<GroupMonth>> totals, PeriodRange period, PeriodRange quarter, DateOnly today, Pace pace)
    {
        if (!RunRate.Applies(period, today))
        {
            return []; // a past (or future) period has no forecast
        }

        var thisMonth = Period.FirstDay(today);
        var result = new List<KpiForecast>();
        foreach (var kpi in kpis)
        {
            var byMonth = (totals.GetValueOrDefault(kpi.Key) ?? []).ToDictionary(m => m.Month);
            var current = byMonth.GetValueOrDefault(thisMonth);
            var history = Enumerable.Range(1, HistoryMonths).Select(i => byMonth.GetValueOrDefault(thisMonth.AddMonths(-i))?.Fact(kpi.Rule))
                .OfType<decimal>().ToList();
            var others = quarter.Months.Select(m => m.Start).Where(m => m != thisMonth).Select(m =>
            {
                var month = byMonth.GetValueOrDefault(m);
                var days = pace.Calendar.WorkingDaysInMonth(m);
                return m < thisMonth
                    ? new OutlookMonth(m, month?.MeasuredFact(kpi.Rule), month?.MeasuredPlan(kpi.Rule), days)
                    : new OutlookMonth(m, null, month?.Plan(kpi.Rule), days);
            }).ToList();
            var outlook = RunRate.Outlook(new OutlookInput(kpi.Rule, kpi.Unit, today, current?.MeasuredFact(kpi.Rule), current?.MeasuredPlan(kpi.Rule),
                pace.Elapsed, pace.Days, history.Count > 0 ? history.Max() : null, others));
            if (outlook.Month is null && outlook.Quarter is null)
            {
                continue;
            }

            result.Add(new KpiForecast(kpi, outlook.MonthPlan, outlook.Month, ForecastStanding(kpi, outlook.MonthPlan, outlook.Month),
                outlook.QuarterPlan, outlook.Quarter, ForecastStanding(kpi, outlook.QuarterPlan, outlook.Quarter),
                current?.MeasuredCount ?? 0, current?.PlanCount ?? 0));
        }

        return result;
    }

    private static Standing ForecastStanding(DashboardKpi kpi, decimal? plan, RunRateForecast? forecast) =>
        plan is > 0 && forecast is { NeedsChecking: false } && Completion.OfRatio(kpi.Direction, plan.Value, forecast.Forecast) is { IsValid: true } c
            ? StandingOf(kpi, c.Value)
            : Standing.None;

    /// <summary>The top goals (each goal's root nodes) for the period, rolled up from their months, with last year.</summary>
    private async Task<IReadOnlyList<GoalStanding>> GoalsAsync(KpiDbContext db, PeriodRange period, DepartmentTree departments,
        CultureInfo culture, MonthInProgress inProgress, CancellationToken cancellationToken)
    {
        var goals = await db.Goals.AsNoTracking().OrderBy(g => g.Id).ToListAsync(cancellationToken);
        var teamFacts = await TeamFactsAsync(db, goals, period, departments, cancellationToken);
        var result = new List<GoalStanding>();
        foreach (var goal in goals)
        {
            // Each month is evaluated by the tree in force that month (a change from March leaves February's plans as
            // they were); the cards are the roots of the tree in force at the period's end.
            var trees = new Dictionary<GoalVersion, KpiPlanner.Domain.Validation.Result<GoalTree>>();
            KpiPlanner.Domain.Validation.Result<GoalTree> TreeOf(PeriodRange month)
            {
                var version = goal.VersionAt(month.ToString());
                if (!trees.TryGetValue(version, out var built))
                {
                    trees[version] = built = GoalTree.Create(version.Nodes, parser);
                }

                return built;
            }

            var tree = TreeOf(period.Months[^1]);
            if (!tree.IsValid)
            {
                continue;
            }

            // A node linked to a department's KPI, whose fact is typed but not typed for a month, takes that month's fact
            // from the department's people (their sum, or their mean for an average KPI).
            IReadOnlyDictionary<string, decimal> FactsOf(PeriodRange month, GoalTree monthTree)
            {
                var facts = new Dictionary<string, decimal>(goal.FactsOf(month.ToString()));
                foreach (var node in monthTree.Nodes.Where(n => n.DepartmentId is not null && n.KpiKey is not null && n.FactFormula is null))
                {
                    if (!facts.ContainsKey(node.Code) && teamFacts.TryGetValue((node.DepartmentId!.Value, node.KpiKey!, month.Start), out var fact))
                    {
                        facts[node.Code] = fact;
                    }
                }

                return facts;
            }

            foreach (var root in tree.Value.Roots)
            {
                var rule = KpiCatalog.DefaultAggregation(root.Unit);
                var kpi = new DashboardKpi(root.Code, root.Name, root.Unit, root.Direction, rule, null);
                string? error = null;
                List<(PeriodRange First, GoalNodeResult Second)> Months(PeriodRange p)
                {
                    var list = new List<(PeriodRange, GoalNodeResult)>();
                    foreach (var month in p.Months)
                    {
                        var key = month.ToString();
                        var monthTree = TreeOf(month);
                        if (!monthTree.IsValid)
                        {
                            error ??= monthTree.Errors[0].Message;
                            continue;
                        }

                        var evaluation = monthTree.Value!.Evaluate(month, FactsOf(month, monthTree.Value), goal.PlansOf(key));
                        if (!evaluation.IsValid)
                        {
                            error ??= evaluation.Errors[0].Message;
                            continue;
                        }

                        if (!evaluation.Value!.Nodes.Any(n => string.Equals(n.Code, root.Code, StringComparison.Ordinal)))
                        {
                            continue; // the goal had no such node that month
                        }

                        list.Add((month, evaluation.Value![root.Code]));
                    }

                    return list;
                }

                // Only facts are facts: a month whose value the formulas derive from plans alone is an estimate — no
                // fact, no completion; the card shows it marked as such when no month of the period has a fact.
                var months = Months(period);
                var current = RollUp.PlanFact(rule, root.Direction, months.Select(m => new MonthPlanFact(m.First, m.Second.Plan, m.Second.Fact)), period, inProgress);
                var estimate = current.Fact is null
                    ? RollUp.Aggregate(rule, months.Where(m => m.Second.Estimate is not null).Select(m => new MonthValue(m.First, m.Second.Estimate!.Value)), period)
                    : null;
                var assumes = months.Where(m => m.Second.Fact is not null).SelectMany(m => m.Second.FactAssumesPlanOf).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                var facts = months.Concat(Months(period.SameLastYear))
                    .Where(m => m.Second.Fact is not null).Select(m => new MonthValue(m.First, m.Second.Fact!.Value));
                var yoy = YearOverYear.CompareLikeForLike(rule, facts, period, inProgress);
                result.Add(new GoalStanding(goal.Id, goal.Name, root.Name, root.Unit, current.Plan, current.Fact,
                    StandingOf(kpi, current.Completion, current.InProgress), yoy.LastYear, yoy.ChangePercent, error, estimate, assumes)
                {
                    PlanToDate = current.InProgress ? current.PlanToDate : null,
                });
            }
        }

        return result;
    }

    /// <summary>
    /// The facts of the departments' KPIs the goals' nodes are linked to, per (department, KPI, month) over the period
    /// and the same period last year: each department with everything below it, from the summary.
    /// </summary>
    private static async Task<Dictionary<(int Department, string Key, DateOnly Month), decimal>> TeamFactsAsync(
        KpiDbContext db, IReadOnlyList<Goal> goals, PeriodRange period, DepartmentTree departments, CancellationToken cancellationToken)
    {
        var links = goals.SelectMany(g => g.Versions).SelectMany(v => v.Nodes).Where(n => n.DepartmentId is not null && !string.IsNullOrEmpty(n.KpiKey) && n.FactFormula is null)
            .Select(n => (Department: n.DepartmentId!.Value, Key: n.KpiKey!)).Distinct().ToList();
        var result = new Dictionary<(int, string, DateOnly), decimal>();
        if (links.Count == 0)
        {
            return result;
        }

        var subtree = links.Select(l => l.Department).Distinct().ToDictionary(d => d, d => departments.Subtree(d));
        var all = subtree.Values.SelectMany(x => x).Distinct().ToArray();
        var keys = links.Select(l => l.Key).Distinct().ToArray();
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT department_id, month, kpi_key, fact_sum, fact_n FROM kpi_month_summary " +
            "WHERE department_id = ANY(@depts) AND kpi_key = ANY(@keys) AND month BETWEEN @from AND @to AND fact_n > 0", connection);
        command.Parameters.Add(new NpgsqlParameter("depts", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = all });
        command.Parameters.Add(new NpgsqlParameter("keys", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = keys });
        command.Parameters.Add(new NpgsqlParameter("from", NpgsqlDbType.Date) { Value = period.SameLastYear.Start });
        command.Parameters.Add(new NpgsqlParameter("to", NpgsqlDbType.Date) { Value = period.End });
        var rows = new List<(int Department, DateOnly Month, string Key, decimal Sum, int Count)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add((reader.GetInt32(0), DateOnly.FromDateTime(reader.GetDateTime(1)), reader.GetString(2), reader.GetDecimal(3), reader.GetInt32(4)));
            }
        }

        foreach (var (department, key) in links)
        {
            var rule = KpiCatalog.Find(key)?.Aggregation ?? AggregationRule.Sum;
            foreach (var month in rows.Where(r => r.Key == key && subtree[department].Contains(r.Department)).GroupBy(r => r.Month))
            {
                var sum = month.Sum(r => r.Sum);
                var count = month.Sum(r => r.Count);
                result[(department, key, month.Key)] = rule == AggregationRule.Average ? sum / count : sum;
            }
        }

        return result;
    }

    /// <summary>
    /// Band of a completion on the KPI's scale (the article's table 3 when the KPI has none, e.g. a goal). A completion
    /// to date (<paramref name="toDate"/>: a period in progress, against the plan due by today) keeps its colour — the
    /// pace — but has no band name and no coefficient: nobody has earned or lost a coefficient before the period ends.
    /// </summary>
    public static Standing StandingOf(DashboardKpi kpi, Completion? completion, bool toDate = false)
    {
        if (completion is not { } c)
        {
            return Standing.None;
        }

        var scale = kpi.Scale ?? DefaultScale;
        if (c.IsRawValue != (scale.Kind == KpiPlanner.Domain.Scales.ScaleKind.RawValue))
        {
            return new Standing(c, null, null, Tone.None) { ToDate = toDate };
        }

        var band = scale.Lookup(c);
        var atPlan = scale.Lookup(scale.PlanPoint).Coefficient;
        var coefficient = scale.ApplyCap(band.Coefficient);
        var tone = coefficient <= 0m ? Tone.Bad : coefficient < atPlan ? Tone.Warning : Tone.Good;
        return toDate
            ? new Standing(c, null, null, tone) { ToDate = true }
            : new Standing(c, kpi.Scale is null ? null : coefficient, band.Label, tone);
    }

    private static readonly KpiPlanner.Domain.Scales.CoefficientScale DefaultScale = KpiPlanner.Domain.Scales.ScalePresets.ArticleTable3(CultureInfo.InvariantCulture);

    /// <summary>Every KPI of the schemes in force at <paramref name="day"/> (or, failing that, of any version), by key.</summary>
    private static Dictionary<string, DashboardKpi> Directory(IReadOnlyList<SchemeVersion> versions, DateOnly day, CultureInfo culture,
        IReadOnlyList<int>? preferredPositions = null)
    {
        var result = new Dictionary<string, DashboardKpi>(StringComparer.Ordinal);
        var rank = (preferredPositions ?? []).Select((p, i) => (p, i)).ToDictionary(x => x.p, x => x.i);
        var inForce = versions.GroupBy(v => v.PositionId).OrderBy(g => rank.GetValueOrDefault(g.Key, int.MaxValue))
            .Select(g => SchemeVersion.InForce(g, day)).OfType<SchemeVersion>();
        foreach (var version in inForce.Concat(versions.OrderByDescending(v => v.EffectiveFrom)))
        {
            var scheme = MotivationScheme.Create(version.Spec);
            if (!scheme.IsValid)
            {
                continue;
            }

            foreach (var kpi in scheme.Value!.Kpis)
            {
                var key = SchemeKeys.KeyOf(kpi.KpiCode, kpi.Name);
                result.TryAdd(key, ToKpi(key, kpi, culture));
            }
        }

        return result;
    }

    private static DashboardKpi ToKpi(string key, SchemeKpi kpi, CultureInfo culture)
    {
        var template = KpiCatalog.Find(key);
        return new DashboardKpi(key, template?.Name.For(culture) ?? kpi.Name, template?.Unit, kpi.Direction, kpi.Aggregation, kpi.Scale);
    }

    private static DashboardKpi Fallback(string key, CultureInfo culture)
    {
        var template = KpiCatalog.Find(key);
        return template is null
            ? new DashboardKpi(key, key, null, Direction.HigherIsBetter, AggregationRule.Sum, null)
            : new DashboardKpi(key, template.Name.For(culture), template.Unit, template.Direction, template.Aggregation, null);
    }

    /// <summary>Catalogue order first (the funnel reads top-down), then custom KPIs by name.</summary>
    private static List<DashboardKpi> OrderKpis(IEnumerable<DashboardKpi> kpis)
    {
        var order = KpiCatalog.Templates.Select((k, i) => (k.Code, i)).ToDictionary(x => x.Code, x => x.i);
        return kpis.OrderBy(k => order.GetValueOrDefault(k.Key, int.MaxValue)).ThenBy(k => k.Name, StringComparer.Ordinal).ToList();
    }

    private static decimal PlannedVariable(Dictionary<int, List<SchemeVersion>> versions, int positionId, DateOnly month) =>
        versions.TryGetValue(positionId, out var list) && SchemeVersion.InForce(list, month.AddMonths(1).AddDays(-1)) is { } v ? v.Spec.PlannedVariable : 0m;

    /// <summary>
    /// Company → … → the department: the company is its root department when there is one root (its name, the company
    /// view), so the root is not listed twice; with several roots, "Company" and then every department down.
    /// </summary>
    private List<Crumb> PathTo(int? departmentId, Dictionary<int, DepartmentInfo> byId)
    {
        var roots = byId.Values.Where(d => d.ParentId is null).ToList();
        var path = new List<Crumb> { new(roots.Count == 1 ? roots[0].Name : t["Level.Company"].Value, null, null) };
        var chain = new List<Crumb>();
        for (int? d = departmentId; d is { } id && byId.TryGetValue(id, out var dep); d = dep.ParentId)
        {
            if (roots.Count != 1 || dep.ParentId is not null)
            {
                chain.Insert(0, new Crumb(dep.Name, dep.Id, null));
            }
        }

        path.AddRange(chain);
        return path;
    }

    /// <summary>
    /// The breadcrumbs a manager or an employee may follow: a manager's path starts at their own departments (the company
    /// and the departments above theirs would only answer "forbidden"); an employee sees only themselves.
    /// </summary>
    private static List<Crumb> VisiblePath(List<Crumb> path, UserContext user)
    {
        return path.Where(c => c.EmployeeId is not null || (c.DepartmentId is { } dep && user.MayReadDepartment(dep))).ToList();
    }

    /// <summary>A statement of the page's batch with its parameters typed for PostgreSQL (int[], date[], date).</summary>
    internal static NpgsqlBatchCommand Command(string sql, params (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(value switch
            {
                int[] ints => new NpgsqlParameter(name, NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = ints },
                DateOnly[] dates => new NpgsqlParameter(name, NpgsqlDbType.Array | NpgsqlDbType.Date) { Value = dates },
                DateOnly date => new NpgsqlParameter(name, NpgsqlDbType.Date) { Value = date },
                _ => new NpgsqlParameter(name, value),
            });
        }

        return command;
    }

    /// <summary>Per drill-down row, month and KPI: the summary's sums over the trend window and the current quarter.</summary>
    internal const string SummarySql = """
        SELECT r.row_id, s.month, s.kpi_key, sum(s.plan_sum), sum(s.plan_n)::bigint, sum(s.fact_sum), sum(s.fact_n)::bigint,
               sum(s.measured_plan_sum), sum(s.measured_fact_sum), sum(s.measured_n)::bigint
        FROM kpi_month_summary s
        JOIN unnest(@depts, @rows) AS r(dept, row_id) ON r.dept = s.department_id
        WHERE (s.month BETWEEN @from AND @to) OR (s.month BETWEEN @qfrom AND @qto)
        GROUP BY r.row_id, s.month, s.kpi_key
        """;

    /// <summary>Per department and KPI: the plan-accuracy sums of the last 12 months.</summary>
    internal const string AccuracySql = """
        SELECT s.department_id, s.kpi_key, sum(s.ratio_sum), sum(s.abs_dev_sum), sum(s.ratio_n)::bigint, sum(s.over_n)::bigint, sum(s.under_n)::bigint
        FROM kpi_month_summary s
        WHERE s.department_id = ANY(@depts) AND s.month BETWEEN @from AND @to
        GROUP BY s.department_id, s.kpi_key
        HAVING sum(s.ratio_n) > 0
        """;

    /// <summary>Per drill-down row and month: the pay lines' variable part earned and planned.</summary>
    internal const string PaySql = """
        SELECT r.row_id, p.month, sum(p.variable), sum(p.planned_variable), count(*)
        FROM pay_lines p
        JOIN unnest(@depts, @rows) AS r(dept, row_id) ON r.dept = p.department_id
        WHERE p.month BETWEEN @from AND @to
        GROUP BY r.row_id, p.month
        """;

    /// <summary>People employed at each month's end, per row and position (for months not calculated, and the period's end).</summary>
    internal const string HeadcountSql = """
        SELECT r.row_id, e.position_id, m.month, count(*)
        FROM employees e
        JOIN unnest(@depts, @rows) AS r(dept, row_id) ON r.dept = e.department_id
        CROSS JOIN (
            SELECT u.month, date_trunc('month', u.month)::date AS first_day,
                   (date_trunc('month', u.month) + interval '1 month' - interval '1 day')::date AS last_day
            FROM unnest(@months) AS u(month)
        ) AS m
        WHERE e.hire_date <= m.last_day AND (e.leave_date IS NULL OR e.leave_date >= m.first_day)
        GROUP BY r.row_id, e.position_id, m.month
        """;

    /// <summary>A department's own people: their plans and facts over the trend window.</summary>
    internal const string PeopleValuesSql = """
        SELECT v.employee_id, v.month, v.kpi_key, v.plan, v.fact
        FROM monthly_kpi_values v
        WHERE v.employee_id = ANY(@people) AND v.month BETWEEN @from AND @to
        """;

    /// <summary>A department's own people: their variable pay over the period.</summary>
    internal const string PeoplePaySql = """
        SELECT p.employee_id, sum(p.variable), sum(p.planned_variable), count(*)
        FROM pay_lines p
        WHERE p.employee_id = ANY(@people) AND p.month BETWEEN @from AND @to
        GROUP BY p.employee_id
        """;

    private sealed record DepartmentInfo(int Id, int? ParentId, string Name, int? HeadId, string? HeadName);
}
