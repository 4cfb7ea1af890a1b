using System.Globalization;
using KpiPlanner.Domain.Dashboards;
using KpiPlanner.Domain.Goals;
using KpiPlanner.Domain.Kpis;
using KpiPlanner.Domain.Organisation;
using KpiPlanner.Domain.Payroll;
using KpiPlanner.Domain.Planning;
using KpiPlanner.Domain.Schemes;
using KpiPlanner.Infrastructure;
using KpiPlanner.Infrastructure.Dashboards;
using KpiPlanner.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

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
        var queries = new DashboardQueries(db);
        var all = user.SeesEverything;
        if (!all && !user.IsInRole(Roles.Manager) && user.Key is null) // a key limited to a department reads it as its manager would
        {
            // An employee: their own page, nothing else.
            return user.EmployeeId is { } me && (employeeId is null || employeeId == me) && departmentId is null
                ? (DashboardLevel.Employee, null, me)
                : null;
        }

        if (employeeId is { } employee)
        {
            var of = await queries.DepartmentOfAsync(employee, cancellationToken);
            return of is { } d && user.MayRead(employee, d) ? (DashboardLevel.Employee, null, employee) : null;
        }

        var departments = await queries.DepartmentsAsync(cancellationToken);
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
        var queries = new DashboardQueries(db);
        var departments = await queries.DepartmentsAsync(cancellationToken);
        var versions = await queries.SchemeVersionsAsync(cancellationToken);
        var calculated = await queries.CalculatedMonthsAsync(cancellationToken);
        var tree = new DepartmentTree(departments.Select(d => (d.Id, d.ParentId)));
        var byId = departments.ToDictionary(d => d.Id);

        var today = Today;
        var windowEnd = period.Start.AddMonths(period.MonthCount - 1);
        var windowStart = windowEnd.AddMonths(1 - TrendMonths);
        var quarter = PeriodRange.Containing(today, PeriodKind.Quarter);

        if (level == DashboardLevel.Employee)
        {
            IReadOnlyList<Crumb> PathOf(int department, string name)
            {
                var path = PathTo(department, byId);
                path.Add(new Crumb(name, null, employeeId));
                return user is not null && !user.SeesEverything ? VisiblePath(path, user) : path;
            }

            return await EmployeeDashboard.LoadAsync(queries, period, employeeId!.Value, today, versions, windowStart, windowEnd, quarter, calculated,
                PathOf, culture, cancellationToken);
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
            ? await queries.DepartmentStaffAsync(node!.Value, windowStart, period.End, cancellationToken)
            : [];

        var people = directPeople.Select(p => p.Id).ToArray();
        var payFrom = windowEnd.AddMonths(1 - HistoryMonths);
        var accuracyFrom = payFrom;
        var uncalculated = Enumerable.Range(0, HistoryMonths).Select(i => payFrom.AddMonths(i))
            .Append(Period.FirstDay(today)).Distinct().Where(m => !calculated.Contains(m)).ToArray();

        // One round trip: every aggregate the page shows.
        var data = await queries.LevelAsync(new LevelQuery(scope, rowIds, windowStart, windowEnd, quarter, payFrom,
            uncalculated.Append(period.End).ToArray(), people, period, DashboardKpis.GrowthBases(versions, period.End)), cancellationToken);
        var summary = data.Summary;
        var pay = data.Pay;
        var headcount = data.Headcount;
        var personPay = data.PeoplePay.ToDictionary(p => p.Employee);

        // A KPI's rule and scale come from the schemes of the people on this page, most common position first.
        var positions = headcount.Where(h => h.Month == period.End).GroupBy(h => h.Position)
            .OrderByDescending(g => g.Sum(h => h.People)).Select(g => g.Key).ToList();
        var directory = DashboardKpis.Directory(versions, period.End, culture, positions);
        DashboardKpis.AddMissing(directory, summary.Select(s => s.Key), culture);
        var kpiList = DashboardKpis.Shown(directory.Values, summary.Select(s => s.Key).ToHashSet(StringComparer.Ordinal));
        var planOf = versions.GroupBy(v => v.PositionId).ToDictionary(g => g.Key, g => g.ToList());

        // Totals of the level: every row together, per KPI and month.
        var totals = summary.GroupBy(s => s.Key).ToDictionary(g => g.Key, g => GroupRollUp.Merge(g.Select(s => s.Month)));
        var growthOf = data.Growth.ToLookup(g => g.Row);
        var pace = await Pace.OfAsync(queries, today, cancellationToken);
        // A growth KPI is read from the group's base and an index from the group's parts (GroupMeasure), on every level.
        Func<DashboardKpi, PeriodRange, GroupRolledUp> MeasureOf(IEnumerable<SummaryRow> rowSummary, IEnumerable<GrowthRow> rowGrowth) =>
            DashboardKpis.GroupMeasureOf(
                rowSummary.GroupBy(s => s.Key).ToDictionary(g => g.Key, g => GroupRollUp.Merge(g.Select(s => s.Month))),
                rowGrowth.GroupBy(g => g.Key).ToDictionary(g => g.Key, g => g.Select(x => x.Month).ToList()), directory, pace.InProgress);
        var measureTotal = MeasureOf(summary, data.Growth);
        var kpis = kpiList.Select(k => DashboardKpis.Summarise(k, totals.GetValueOrDefault(k.Key) ?? [], period, pace.InProgress, measureTotal(k, period))).ToList();
        var trend = kpiList.ToDictionary(k => k.Key, k => DashboardKpis.Trend(k, totals.GetValueOrDefault(k.Key) ?? [], windowStart, windowEnd, pace.InProgress,
            m => measureTotal(k, PeriodRange.OfMonth(m)).Completion));

        // Drill-down rows.
        var rows = new List<DrillRow>();
        var heat = kpiList.ToDictionary(k => k.Key, _ => new List<HeatCell>());
        var heatMonths = Enumerable.Range(0, Math.Max(HistoryMonths, period.MonthCount)).Select(i => windowEnd.AddMonths(1 - Math.Max(HistoryMonths, period.MonthCount) + i)).ToList();
        var headcountAtEnd = headcount.Where(h => h.Month == period.End).GroupBy(h => h.Row).ToDictionary(g => g.Key, g => g.Sum(h => h.People));
        var periodPay = pay.Where(p => period.Contains(p.Month)).GroupBy(p => p.Row)
            .ToDictionary(g => g.Key, g => (Variable: g.Sum(p => p.Variable), Planned: g.Sum(p => p.Planned), Months: g.Select(p => p.Month).Distinct().Count()));
        var rowGroups = summary.ToLookup(s => s.Row);
        // A row of one person measures each KPI as the pay run does; a group's row as the grid's team total (measure).
        void AddRow(string id, string name, int? department, int? employee, int peopleCount, IEnumerable<string> keys,
            decimal? variable, decimal? planned, int monthsCalculated, Func<DashboardKpi, PeriodRange, GroupRolledUp> measure)
        {
            var present = keys.ToHashSet(StringComparer.Ordinal);
            var values = new Dictionary<string, GroupRolledUp>();
            var standings = new Dictionary<string, Standing>();
            foreach (var kpi in DashboardKpis.Shown(kpiList, present))
            {
                var rolled = measure(kpi, period);
                values[kpi.Key] = rolled;
                standings[kpi.Key] = DashboardKpis.StandingOf(kpi, rolled.Completion, rolled.InProgress);
                foreach (var month in heatMonths)
                {
                    // Today's month is read against its plan due by today, without a coefficient (a completion to date).
                    var running = month == pace.InProgress.Month.Start;
                    heat[kpi.Key].Add(new HeatCell(id, month, DashboardKpis.StandingOf(kpi, measure(kpi, PeriodRange.OfMonth(month)).Completion, running)));
                }
            }

            rows.Add(new DrillRow(id, name, department, employee, peopleCount, standings, values, variable, planned, monthsCalculated));
        }

        for (var i = 0; i < children.Count; i++)
        {
            var p = periodPay.GetValueOrDefault(i);
            AddRow("d" + children[i].Id.ToString(CultureInfo.InvariantCulture), children[i].Name, children[i].Id, null, headcountAtEnd.GetValueOrDefault(i),
                rowGroups[i].Select(s => s.Key), p.Months > 0 ? p.Variable : null, p.Months > 0 ? p.Planned : null, p.Months,
                MeasureOf(rowGroups[i], growthOf[i]));
        }

        if (level == DashboardLevel.Department)
        {
            var measures = await PersonMeasuresAsync(queries, directPeople, data.PeopleValues, versions, period.End, pace.InProgress, directory, cancellationToken);
            var values = data.PeopleValues.ToLookup(v => v.Employee);
            foreach (var person in directPeople)
            {
                var p = personPay.GetValueOrDefault(person.Id);
                AddRow("e" + person.Id.ToString(CultureInfo.InvariantCulture), Employee.FormatFullName(person.LastName, person.FirstName, person.MiddleName),
                    null, person.Id, 1, values[person.Id].Select(v => v.Key),
                    p?.Months > 0 ? p.Variable : null, p?.Months > 0 ? p.Planned : null, p?.Months ?? 0, measures[person.Id]);
            }
        }
        else if (node is { } root && rowGroups[OwnStaff].Any())
        {
            var p = periodPay.GetValueOrDefault(OwnStaff);
            AddRow("s" + root.ToString(CultureInfo.InvariantCulture), string.Format(culture, t["Row.OwnStaff"], byId[root].Name), null, null,
                headcountAtEnd.GetValueOrDefault(OwnStaff), rowGroups[OwnStaff].Select(s => s.Key),
                p.Months > 0 ? p.Variable : null, p.Months > 0 ? p.Planned : null, p.Months, MeasureOf(rowGroups[OwnStaff], growthOf[OwnStaff]));
        }

        // Pay fund by month: earned (pay lines) against planned (the lines' planned variable part; for a month not yet
        // calculated, the schemes' planned variable part of the people employed at the month's end).
        var plannedByMonth = headcount.GroupBy(h => h.Month).ToDictionary(g => g.Key, g => g.Sum(h => h.People * DashboardKpis.PlannedVariable(planOf, h.Position, h.Month)));
        var payFund = Enumerable.Range(0, HistoryMonths).Select(i => payFrom.AddMonths(i)).Select(month =>
        {
            var lines = pay.Where(p => p.Month == month).ToList();
            return calculated.Contains(month) && lines.Count > 0
                ? new PayFundMonth(month, lines.Sum(p => p.Planned), lines.Sum(p => p.Variable), lines.Sum(p => p.People), true)
                : new PayFundMonth(month, plannedByMonth.GetValueOrDefault(month), null,
                    headcount.Where(h => h.Month == month && DashboardKpis.PlannedVariable(planOf, h.Position, h.Month) > 0).Sum(h => h.People), false);
        }).ToList();
        var payRows = rows.Where(r => r.PlannedVariable is not null || r.Variable is not null)
            .Select(r => new PayFundRow(r.Name, r.PlannedVariable ?? 0m, r.Variable)).ToList();

        // Plan accuracy by manager (the head of each department; a department without a head under "vacant").
        var accuracyRows = data.Accuracy.GroupBy(a => byId.TryGetValue(a.Department, out var d) ? d.HeadId : null)
            .Select(g =>
            {
                var result = PlanAccuracy.Of(g.Select(a => new AccuracySums(
                    (directory.GetValueOrDefault(a.Key) ?? DashboardKpis.Fallback(a.Key, culture)).Direction, a.RatioSum, a.DeviationSum, a.Count, a.Over, a.Under)));
                var names = g.Select(a => byId.TryGetValue(a.Department, out var d) ? d.Name : "?").Distinct().Order(StringComparer.Create(culture, false)).ToList();
                var head = g.Key is { } h ? departments.First(d => d.HeadId == h).HeadName ?? "?" : t["Accuracy.Vacant"].Value;
                return result is null ? null : new ManagerAccuracy(head, names, result);
            })
            .OfType<ManagerAccuracy>()
            .OrderByDescending(a => a.Accuracy.Bias)
            .ToList();

        var goals = level == DashboardLevel.Company
            ? await DashboardGoals.StandingsAsync(queries, parser, period, tree, pace.InProgress, cancellationToken)
            : [];
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
            Funnel = DashboardKpis.FunnelOf(kpis),
            PayFund = payFund,
            PayFundRows = payRows,
            Accuracy = accuracyRows,
            Goals = goals,
            Forecasts = DashboardForecasts.RunRates(kpiList, totals, period, quarter, today, pace),
            MonthWorkingDays = (pace.Elapsed, pace.Days),
            Today = today,
        };
    }

    /// <summary>
    /// How each of a department's own people is measured in their row: each KPI by their own scheme in force at the
    /// period's end, as the pay run measures it (<see cref="PersonRollUp"/>; a growth KPI against its base month's fact).
    /// </summary>
    private static async Task<Dictionary<int, Func<DashboardKpi, PeriodRange, GroupRolledUp>>> PersonMeasuresAsync(DashboardQueries queries,
        IReadOnlyList<PersonRow> people, IReadOnlyList<PersonValueRow> values, IReadOnlyList<SchemeVersion> versions, DateOnly day,
        MonthInProgress inProgress, IReadOnlyDictionary<string, DashboardKpi> directory, CancellationToken cancellationToken)
    {
        var schemes = versions.GroupBy(v => v.PositionId).ToDictionary(g => g.Key, g => SchemeVersion.InForce(g, day)?.ToScheme());
        var schemeOf = people.ToDictionary(p => p.Id, p => schemes.GetValueOrDefault(p.PositionId));
        var kpisOf = people.ToDictionary(p => p.Id, p => (schemeOf[p.Id]?.Kpis ?? [])
            .ToDictionary(k => SchemeKeys.KeyOf(k.KpiCode, k.Name), StringComparer.Ordinal));
        var baseMonths = kpisOf.Values.SelectMany(k => k.Values).Select(k => k.Base).OfType<GrowthBase>()
            .SelectMany(b => values.Select(v => b.MonthOf(v.Month))).OfType<DateOnly>().Distinct().ToArray();
        var bases = await queries.FactsAsync(people.Select(p => p.Id).ToArray(), baseMonths, cancellationToken);
        var months = values.GroupBy(v => (v.Employee, v.Key)).ToDictionary(g => g.Key, g =>
        {
            var source = kpisOf[g.Key.Employee].GetValueOrDefault(g.Key.Key);
            return (Source: source, Months: (IReadOnlyCollection<PersonMonth>)g.Select(v => new PersonMonth(v.Month, v.Plan, v.Fact,
                PersonRollUp.BaseOf(source, v.Month, m => bases.TryGetValue((v.Employee, v.Key, m), out var f) ? f : null))).ToList());
        });
        return people.ToDictionary(p => p.Id, p =>
        {
            GroupRolledUp Measure(DashboardKpi kpi, PeriodRange period)
            {
                // The person's own index: from their own parts, as their pay line measures it.
                if (kpisOf[p.Id].GetValueOrDefault(kpi.Key) is { Measurement: Measurement.Aggregate } index && schemeOf[p.Id] is { } scheme)
                {
                    return GroupMeasure.Index(index, i => DashboardKpis.PartKeysOf(scheme, index)!.TryGetValue(i, out var key)
                        && directory.TryGetValue(key, out var part) && !part.IsIndex ? Measure(part, period) : null);
                }

                var (source, series) = months.GetValueOrDefault((p.Id, kpi.Key), (null, []));
                return PersonRollUp.Of(source, kpi.Rule, kpi.Direction, series, period, inProgress);
            }

            return (Func<DashboardKpi, PeriodRange, GroupRolledUp>)Measure;
        });
    }

    /// <summary>
    /// Next month's variable pay fund of a level (<see cref="PayFundForecast"/>): each person employed next month, by the
    /// scheme in force then, over their completions of the last 12 months (<see cref="DashboardForecasts.PayFundAsync"/>).
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
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await DashboardForecasts.PayFundAsync(new DashboardQueries(db), Today, level, departmentId, employeeId, cancellationToken);
    }

    /// <summary>
    /// Company → … → the department: the company is its root department when there is one root (its name, the company
    /// view), so the root is not listed twice; with several roots, "Company" and then every department down.
    /// </summary>
    private List<Crumb> PathTo(int? departmentId, Dictionary<int, DepartmentRow> byId)
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

}
