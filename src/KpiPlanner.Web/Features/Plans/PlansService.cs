using KpiPlanner.Domain.Organisation;
using KpiPlanner.Domain.Planning;
using KpiPlanner.Domain.Schemes;
using KpiPlanner.Infrastructure;
using KpiPlanner.Infrastructure.Postgres;
using KpiPlanner.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace KpiPlanner.Web.Features.Plans;

/// <summary>
/// The monthly plans and facts of a department's employees. A manager sees and edits only the departments they head
/// and everything below; HR and the owner see everything; nobody changes a closed month (the database refuses too).
/// </summary>
public sealed class PlansService(IDbContextFactory<KpiDbContext> dbFactory, TimeProvider time, IStringLocalizer<SharedResource> l, KpiPlanner.Domain.Goals.IFormulaParser parser)
{
    /// <summary>How a scheme KPI is named in plans and facts: its catalogue code, or its name for a custom KPI.</summary>
    public static string KeyOf(string? kpiCode, string name) => SchemeKeys.KeyOf(kpiCode, name);

    /// <summary>The departments this person may plan for, as a tree in display order.</summary>
    public async Task<IReadOnlyList<DepartmentOption>> ScopeAsync(UserContext user, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var departments = await db.Departments.AsNoTracking().Select(d => new { d.Id, d.ParentId, d.Name }).ToListAsync(cancellationToken);
        var tree = new DepartmentTree(departments.Select(d => (d.Id, d.ParentId)));
        return departments.Where(d => user.May(Duty.PlanTeam) && user.MayReadDepartment(d.Id))
            .Select(d => new DepartmentOption(d.Id, d.Name, tree.Depth(d.Id)))
            .OrderBy(d => d.Depth).ThenBy(d => d.Name, StringComparer.CurrentCulture)
            .ToList();
    }

    /// <summary>The grid of one department (and its sub-departments) for a month; null when the person may not see it.</summary>
    public async Task<PlanGrid?> LoadAsync(UserContext user, int departmentId, DateOnly month, CancellationToken cancellationToken = default)
    {
        var scope = await ScopeAsync(user, cancellationToken);
        var department = scope.FirstOrDefault(d => d.Id == departmentId);
        if (department is null)
        {
            return null;
        }

        month = Period.FirstDay(month);
        var monthEnd = month.AddMonths(1).AddDays(-1);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var tree = new DepartmentTree(await db.Departments.AsNoTracking().Select(d => new ValueTuple<int, int?>(d.Id, d.ParentId)).ToListAsync(cancellationToken));
        var departmentIds = tree.Subtree(departmentId).ToList();
        var people = await db.Employees.AsNoTracking()
            .Where(e => departmentIds.Contains(e.DepartmentId) && e.Id != user.EmployeeId)
            .Where(e => e.HireDate <= monthEnd && (e.LeaveDate == null || e.LeaveDate >= month))
            .OrderBy(e => e.LastName).ThenBy(e => e.FirstName)
            .Select(e => new { e.Id, e.LastName, e.FirstName, e.MiddleName, e.PositionId, Position = e.Position.Name, Department = e.Department.Name })
            .ToListAsync(cancellationToken);
        var positionIds = people.Select(p => p.PositionId).Distinct().ToList();
        var versions = await db.SchemeVersions.AsNoTracking().Where(v => positionIds.Contains(v.PositionId)).ToListAsync(cancellationToken);
        var schemes = positionIds.ToDictionary(id => id, id => SchemeVersion.InForce(versions.Where(v => v.PositionId == id), monthEnd)?.ToScheme());
        var ids = people.Select(p => p.Id).ToList();
        var values = (await db.MonthlyKpiValues.Where(v => v.Month == month && ids.Contains(v.EmployeeId)).ToListAsync(cancellationToken))
            .ToDictionary(v => (v.EmployeeId, v.KpiKey));
        var period = await db.Periods.AsNoTracking().SingleOrDefaultAsync(p => p.Month == month, cancellationToken);

        var columns = new List<PlanGridColumn>();
        foreach (var scheme in schemes.Values.OfType<MotivationScheme>())
        {
            foreach (var kpi in scheme.Kpis)
            {
                var key = KeyOf(kpi.KpiCode, kpi.Name);
                if (columns.All(c => c.Key != key))
                {
                    columns.Add(new PlanGridColumn(key, kpi.Name, kpi.Direction, KpiPlanner.Domain.Kpis.KpiCatalog.Find(key)?.Unit) { Rule = kpi.Aggregation, Kpi = kpi });
                }
            }
        }

        // Today's month is in progress (issue 16): its facts so far are read against the plan due by today, with no band
        // and no pay estimated from them, as on the dashboard and the employee's home (decision 008).
        var inProgress = await InProgressAsync(db, month, cancellationToken);
        var bases = await KpiPlanner.Infrastructure.Payroll.GrowthBaseFacts.LoadAsync(db, schemes.Values.OfType<MotivationScheme>(), month, ids, cancellationToken);
        var grid = new PlanGrid { Month = month, Closed = period?.IsClosed == true, Department = department, Columns = columns, InProgress = inProgress };
        grid.Goals = await TeamGoalsAsync(db, departmentId, month, cancellationToken);
        foreach (var person in people)
        {
            var scheme = schemes[person.PositionId];
            var row = new PlanGridRow
            {
                EmployeeId = person.Id,
                Name = Employee.FormatFullName(person.LastName, person.FirstName, person.MiddleName),
                Position = person.Position,
                Department = person.Department,
                Scheme = scheme,
                InProgress = inProgress is not null,
            };
            foreach (var kpi in scheme?.Kpis ?? [])
            {
                var key = KeyOf(kpi.KpiCode, kpi.Name);
                var value = values.GetValueOrDefault((person.Id, key));
                row.Cells.Add(new PlanCell
                {
                    Key = key,
                    ValueId = value?.Id,
                    Version = value is null ? 0 : db.VersionOf(value),
                    SavedPlan = value?.Plan,
                    SavedFact = value?.Fact,
                    Plan = value?.Plan,
                    Fact = value?.Fact,
                    Kpi = kpi,
                    Base = bases.BaseOf(kpi, person.Id, key),
                });
            }

            foreach (var index in row.Cells.Where(c => c.IsIndex))
            {
                index.RowCells = row.Cells; // in the scheme's order: an index reads its parts by their place in the scheme
            }

            grid.Rows.Add(row);
        }

        return grid;
    }

    /// <summary>
    /// <paramref name="month"/> when it is today's month (the injected clock): its working days so far and in all by the
    /// company's calendar; null for a month that is over or ahead.
    /// </summary>
    private Task<KpiPlanner.Domain.Goals.MonthInProgress?> InProgressAsync(KpiDbContext db, DateOnly month, CancellationToken cancellationToken) =>
        InProgressAsync(db, time, month, cancellationToken);

    /// <summary>
    /// <paramref name="month"/> when it is today's month by <paramref name="time"/>: its working days so far and in all by
    /// the company's calendar (as the dashboard's pace); null for a month that is over or ahead. Shared by the plan grid
    /// and the goals page.
    /// </summary>
    internal static async Task<KpiPlanner.Domain.Goals.MonthInProgress?> InProgressAsync(KpiDbContext db, TimeProvider time, DateOnly month, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(time.GetLocalNow().Date);
        if (Period.FirstDay(today) != Period.FirstDay(month))
        {
            return null;
        }

        var calendar = await KpiPlanner.Infrastructure.Payroll.PayrollService.CalendarAsync(db, today.Year, cancellationToken);
        var first = Period.FirstDay(today);
        return KpiPlanner.Domain.Goals.MonthInProgress.Of(KpiPlanner.Domain.Goals.PeriodRange.OfMonth(first), calendar.WorkingDays(first, today), calendar.WorkingDaysInMonth(first));
    }

    /// <summary>
    /// An employee's own plans, facts and estimated pay for the last <paramref name="months"/> months, newest first.
    /// Only ever for the caller's own employee record: an account not linked to an employee gets nothing.
    /// </summary>
    public async Task<IReadOnlyList<MyMonth>> MyMonthsAsync(UserContext user, int months, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.EmployeeId is not { } employeeId)
        {
            return [];
        }

        var current = Period.FirstDay(DateOnly.FromDateTime(time.GetLocalNow().Date));
        var first = current.AddMonths(1 - months);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var employee = await db.Employees.AsNoTracking().SingleOrDefaultAsync(e => e.Id == employeeId, cancellationToken);
        if (employee is null)
        {
            return [];
        }

        var versions = await db.SchemeVersions.AsNoTracking().Where(v => v.PositionId == employee.PositionId).ToListAsync(cancellationToken);
        // A year more than shown: the bases of growth KPIs (the same month last year, the month before).
        var values = await db.MonthlyKpiValues.AsNoTracking().Where(v => v.EmployeeId == employeeId && v.Month >= first.AddYears(-1)).ToListAsync(cancellationToken);
        var closed = await db.Periods.AsNoTracking().Where(p => p.Month >= first && p.Status == PeriodStatus.Closed).Select(p => p.Month).ToListAsync(cancellationToken);
        var approved = await db.Periods.AsNoTracking().Where(p => p.Month >= first && (p.Status == PeriodStatus.Approved || p.Status == PeriodStatus.Closed))
            .Select(p => p.Month).ToListAsync(cancellationToken);
        var lines = await db.PayLines.AsNoTracking().Where(l => l.EmployeeId == employeeId && approved.Contains(l.Month)).ToDictionaryAsync(l => l.Month, cancellationToken);
        var adjustments = (await db.PayAdjustments.AsNoTracking().Where(a => a.EmployeeId == employeeId && approved.Contains(a.Month)).OrderBy(a => a.CreatedAt).ToListAsync(cancellationToken))
            .ToLookup(a => a.Month);
        // Today's month is in progress (issue 16): its facts so far are read against the plan due by today, with no band
        // or coefficient, and no pay is estimated from them — the result is known when the month closes.
        var today = DateOnly.FromDateTime(time.GetLocalNow().Date);
        var calendar = await KpiPlanner.Infrastructure.Payroll.PayrollService.CalendarAsync(db, today.Year, cancellationToken);
        var monthDays = calendar.WorkingDaysInMonth(current);
        var elapsedDays = calendar.WorkingDays(current, today);
        var running = KpiPlanner.Domain.Goals.MonthInProgress.Of(KpiPlanner.Domain.Goals.PeriodRange.OfMonth(current), elapsedDays, monthDays);
        var result = new List<MyMonth>();
        for (var month = current; month >= first; month = month.AddMonths(-1))
        {
            var monthEnd = month.AddMonths(1).AddDays(-1);
            if (!employee.IsEmployedOn(monthEnd) && !employee.IsEmployedOn(month))
            {
                continue;
            }

            var version = SchemeVersion.InForce(versions, monthEnd);
            var scheme = version?.ToScheme();
            var kpis = new List<MyKpi>();
            var completions = new List<KpiPlanner.Domain.Kpis.Completion>();
            var inProgress = month == current;
            var schemeKpis = scheme?.Kpis ?? [];
            var figuresOf = schemeKpis.Select(kpi =>
            {
                var key = KeyOf(kpi.KpiCode, kpi.Name);
                var value = values.FirstOrDefault(v => v.Month == month && v.KpiKey == key);
                var baseFact = kpi.Base?.MonthOf(month) is { } baseMonth ? values.FirstOrDefault(v => v.Month == baseMonth && v.KpiKey == key)?.Fact : kpi.Base?.Value;
                return new KpiPlanner.Domain.Payroll.KpiFigures(value?.Plan, value?.Fact) { Base = baseFact };
            }).ToArray();

            // As every screen reads a KPI-month (the grid, the dashboards): today's month against what is due by today;
            // an aggregated KPI from its parts' readings.
            KpiPlanner.Domain.Payroll.KpiReading ReadingOf(int i) => schemeKpis[i].Measurement == KpiPlanner.Domain.Kpis.Measurement.Aggregate
                ? KpiPlanner.Domain.Payroll.KpiMeasure.ReadIndex(schemeKpis[i], ReadingOf)
                : KpiPlanner.Domain.Payroll.KpiMeasure.Read(schemeKpis[i], figuresOf[i], inProgress ? running : null);

            for (var i = 0; i < schemeKpis.Count; i++)
            {
                var kpi = schemeKpis[i];
                var key = KeyOf(kpi.KpiCode, kpi.Name);
                var value = values.FirstOrDefault(v => v.Month == month && v.KpiKey == key);
                var figures = figuresOf[i];
                var unit = KpiPlanner.Domain.Kpis.KpiCatalog.Find(key)?.Unit;
                var reading = ReadingOf(i);
                var completion = reading.Completion;
                var planToDate = inProgress ? reading.PlanToDate : null;

                var lookup = completion is { } c && !inProgress ? kpi.Scale.Lookup(c) : (KpiPlanner.Domain.Scales.BandLookup?)null;
                kpis.Add(new MyKpi(kpi.Name, kpi.Weight, value?.Plan, value?.Fact,
                    completion is { IsPositiveInfinity: false } ok ? ok.Value : null, lookup?.Label, lookup?.Coefficient)
                {
                    Measured = completion,
                    PlanToDate = planToDate,
                    RawValue = kpi.Measurement == KpiPlanner.Domain.Kpis.Measurement.RawValue,
                    Unit = unit,
                    IndexParts = kpi.Parts.Count == 0 ? null : KpiPlanner.Web.Localization.IndexFormula.Parts(kpi),
                    // The fact that would have reached the next band; none for today's month, which has no band yet (decision 008).
                    Next = inProgress ? null : KpiPlanner.Domain.Payroll.NextBand.Of(kpi, figures, unit is { } u ? KpiPlanner.Domain.Goals.Decomposition.DecimalsOf(u) : 2),
                });
                if (completion is { } measuredCompletion)
                {
                    completions.Add(measuredCompletion);
                }
            }

            var estimate = scheme is not null && completions.Count == scheme.Kpis.Count && !inProgress ? KpiPlanner.Domain.Pay.PayCalculator.Calculate(scheme, completions) : null;
            var statement = lines.TryGetValue(month, out var line)
                ? new MyStatement(closed.Contains(month), line.Fixed, line.Variable, line.Bonus,
                    line.Total + adjustments[month].Sum(a => a.Amount), adjustments[month].Select(a => (a.Amount, a.Reason)).ToList(), line.Explanation.Worked)
                {
                    Formula = MyPayFormula.Of(line.Explanation),
                }
                : null;
            result.Add(new MyMonth(month, closed.Contains(month), version?.Spec.Name, kpis, estimate is { IsValid: true } ? estimate.Value : null, statement)
            {
                WorkingDays = month == current ? (elapsedDays, monthDays) : null,
            });
        }

        return result;
    }

    /// <summary>The department's plans and facts over a quarter, half-year or year; null when the person may not see it.</summary>
    public async Task<RollUpGrid?> LoadRollUpAsync(UserContext user, int departmentId, KpiPlanner.Domain.Goals.PeriodRange period, CancellationToken cancellationToken = default)
    {
        var department = (await ScopeAsync(user, cancellationToken)).FirstOrDefault(d => d.Id == departmentId);
        if (department is null)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var tree = new DepartmentTree(await db.Departments.AsNoTracking().Select(d => new ValueTuple<int, int?>(d.Id, d.ParentId)).ToListAsync(cancellationToken));
        var departmentIds = tree.Subtree(departmentId).ToList();
        var (start, end) = (period.Start, period.End);
        var people = await db.Employees.AsNoTracking()
            .Where(e => departmentIds.Contains(e.DepartmentId) && e.Id != user.EmployeeId)
            .Where(e => e.HireDate <= end && (e.LeaveDate == null || e.LeaveDate >= start))
            .OrderBy(e => e.LastName).ThenBy(e => e.FirstName)
            .Select(e => new { e.Id, e.LastName, e.FirstName, e.MiddleName, e.PositionId, Position = e.Position.Name })
            .ToListAsync(cancellationToken);
        var positionIds = people.Select(p => p.PositionId).Distinct().ToList();
        var versions = await db.SchemeVersions.AsNoTracking().Where(v => positionIds.Contains(v.PositionId)).ToListAsync(cancellationToken);
        var schemes = positionIds.ToDictionary(id => id, id => SchemeVersion.InForce(versions.Where(v => v.PositionId == id), end)?.ToScheme());
        var ids = people.Select(p => p.Id).ToList();
        var lastYearStart = period.SameLastYear.Start;
        var values = (await db.MonthlyKpiValues.AsNoTracking()
                .Where(v => v.Month >= lastYearStart && v.Month <= end && ids.Contains(v.EmployeeId))
                .Select(v => new { v.EmployeeId, v.KpiKey, v.Month, v.Plan, v.Fact })
                .ToListAsync(cancellationToken))
            .ToLookup(v => (v.EmployeeId, v.KpiKey));

        // Each KPI rolls up by the rule its scheme KPI carries (sum, average or last month), as designed.
        var columns = new List<PlanGridColumn>();
        var rules = new Dictionary<string, KpiPlanner.Domain.Goals.AggregationRule>();
        foreach (var kpi in schemes.Values.OfType<MotivationScheme>().SelectMany(s => s.Kpis))
        {
            var key = KeyOf(kpi.KpiCode, kpi.Name);
            if (columns.All(c => c.Key != key))
            {
                columns.Add(new PlanGridColumn(key, kpi.Name, kpi.Direction, KpiPlanner.Domain.Kpis.KpiCatalog.Find(key)?.Unit));
                rules[key] = kpi.Aggregation;
            }
        }

        // A period holding today's month reads that month to date (decision 008), as the dashboard reads the same period.
        var running = await InProgressAsync(db, DateOnly.FromDateTime(time.GetLocalNow().Date), cancellationToken) is { } today && period.Contains(today.Month) ? today : null;
        var rows = people.Select(person =>
        {
            var cells = (schemes[person.PositionId]?.Kpis ?? []).Select(kpi =>
            {
                var key = KeyOf(kpi.KpiCode, kpi.Name);
                var both = values[(person.Id, key)].ToList();
                var months = both.Where(v => v.Month >= start)
                    .Select(v => new KpiPlanner.Domain.Goals.MonthPlanFact(KpiPlanner.Domain.Goals.PeriodRange.OfMonth(v.Month), v.Plan, v.Fact));
                var facts = both.Where(v => v.Fact is not null)
                    .Select(v => new KpiPlanner.Domain.Goals.MonthValue(KpiPlanner.Domain.Goals.PeriodRange.OfMonth(v.Month), v.Fact!.Value));
                return new RollUpCell(key,
                    KpiPlanner.Domain.Goals.RollUp.PlanFact(kpi.Aggregation, kpi.Direction, months, period, running),
                    KpiPlanner.Domain.Goals.YearOverYear.CompareLikeForLike(kpi.Aggregation, facts, period, running));
            }).ToList();
            var name = Employee.FormatFullName(person.LastName, person.FirstName, person.MiddleName);
            return new RollUpRow(person.Id, name, person.Position, cells);
        }).ToList();
        var team = await TeamRollUpAsync(db, departmentIds, user.EmployeeId, columns, rules, period, running, cancellationToken);
        return new RollUpGrid(period, department, columns, rules, rows) { Team = team, InProgress = running };
    }

    /// <summary>
    /// The department's own line over the period, beside the same months last year: each month the team's value is
    /// its people's (<see cref="KpiPlanner.Domain.Goals.RollUp.AcrossPeople"/>; everyone whose department is this one
    /// or below, leavers included), rolled up by the KPI's rule. The completion compares like with like: per month only
    /// the people with both a plan and a fact, as the month's team total does.
    /// </summary>
    private static async Task<IReadOnlyList<RollUpCell>> TeamRollUpAsync(
        KpiDbContext db, IReadOnlyList<int> departmentIds, int? self, IReadOnlyList<PlanGridColumn> columns,
        IReadOnlyDictionary<string, KpiPlanner.Domain.Goals.AggregationRule> rules, KpiPlanner.Domain.Goals.PeriodRange period,
        KpiPlanner.Domain.Goals.MonthInProgress? running, CancellationToken cancellationToken)
    {
        var keys = columns.Select(c => c.Key).ToList();
        var (from, end) = (period.SameLastYear.Start, period.End);
        var values = await db.MonthlyKpiValues.AsNoTracking()
            .Where(v => keys.Contains(v.KpiKey) && v.Month >= from && v.Month <= end && v.EmployeeId != self)
            .Where(v => db.Employees.Any(e => e.Id == v.EmployeeId && departmentIds.Contains(e.DepartmentId)))
            .Select(v => new { v.KpiKey, v.Month, v.Plan, v.Fact })
            .ToListAsync(cancellationToken);
        var cells = new List<RollUpCell>();
        foreach (var column in columns)
        {
            var rule = rules[column.Key];
            var byMonth = values.Where(v => v.KpiKey == column.Key).GroupBy(v => v.Month)
                .Select(g => (Month: KpiPlanner.Domain.Goals.PeriodRange.OfMonth(g.Key), Values: g.ToList()))
                .ToList();
            decimal? Across(IEnumerable<decimal> list) => KpiPlanner.Domain.Goals.RollUp.AcrossPeople(rule, list.ToList());
            var shown = byMonth.Where(m => period.Contains(m.Month)).Select(m => new KpiPlanner.Domain.Goals.MonthPlanFact(m.Month,
                Across(m.Values.Where(v => v.Plan is not null).Select(v => v.Plan!.Value)),
                Across(m.Values.Where(v => v.Fact is not null).Select(v => v.Fact!.Value)))).ToList();
            var measured = byMonth.Where(m => period.Contains(m.Month)).Select(m =>
            {
                var both = m.Values.Where(v => v.Plan is not null && v.Fact is not null).ToList();
                return new KpiPlanner.Domain.Goals.MonthPlanFact(m.Month, Across(both.Select(v => v.Plan!.Value)), Across(both.Select(v => v.Fact!.Value)));
            }).ToList();
            var facts = byMonth.Select(m => (m.Month, Fact: Across(m.Values.Where(v => v.Fact is not null).Select(v => v.Fact!.Value))))
                .Where(m => m.Fact is not null)
                .Select(m => new KpiPlanner.Domain.Goals.MonthValue(m.Month, m.Fact!.Value));
            var whole = KpiPlanner.Domain.Goals.RollUp.PlanFact(rule, column.Direction, shown, period, running);
            var like = KpiPlanner.Domain.Goals.RollUp.PlanFact(rule, column.Direction, measured, period, running);
            cells.Add(new RollUpCell(column.Key,
                whole with { Completion = like.Completion, CompletionError = like.CompletionError, PlanToDate = like.PlanToDate },
                KpiPlanner.Domain.Goals.YearOverYear.CompareLikeForLike(rule, facts, period, running)));
        }

        return cells;
    }

    /// <summary>
    /// The department goals of this month: every goal-tree node linked to the department and a KPI, evaluated for the
    /// month with the month's plans of a split in time (a tree with errors contributes nothing; the goal page shows
    /// its errors).
    /// </summary>
    private async Task<IReadOnlyDictionary<string, TeamGoal>> TeamGoalsAsync(KpiDbContext db, int departmentId, DateOnly month, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, TeamGoal>();
        var goals = await db.Goals.AsNoTracking().ToListAsync(cancellationToken);
        var key = Period.Key(month);
        foreach (var goal in goals.Where(g => g.NodesAt(key).Any(n => n.DepartmentId == departmentId && n.KpiKey is not null)))
        {
            var nodes = goal.NodesAt(key); // the tree in force this month
            var tree = KpiPlanner.Domain.Goals.GoalTree.Create(nodes, parser);
            var monthPlans = goal.PlansOf(Period.Key(month)); // this month's share of a split in time, if any
            var evaluation = tree.IsValid ? tree.Value!.Evaluate(KpiPlanner.Domain.Goals.PeriodRange.OfMonth(month), goal.FactsOf(Period.Key(month)), monthPlans) : null;
            if (evaluation is not { IsValid: true })
            {
                continue;
            }

            foreach (var node in nodes.Where(n => n.DepartmentId == departmentId && n.KpiKey is not null))
            {
                result.TryAdd(node.KpiKey!, new TeamGoal(goal.Name, node.Name, evaluation.Value![node.Code].Plan, monthPlans.ContainsKey(node.Code)));
            }
        }

        return result;
    }

    /// <summary>Last month's plans of these employees (those whose plans the caller writes), to copy into empty cells.</summary>
    public async Task<IReadOnlyDictionary<(int EmployeeId, string Key), decimal>> PreviousPlansAsync(UserContext user, IEnumerable<int> employeeIds, DateOnly month, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        var previous = Period.FirstDay(month).AddMonths(-1);
        var ids = employeeIds.ToList();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var writable = db.Employees.WritableBy(user).Select(e => e.Id);
        var rows = await db.MonthlyKpiValues.AsNoTracking()
            .Where(v => v.Month == previous && ids.Contains(v.EmployeeId) && writable.Contains(v.EmployeeId) && v.Plan != null)
            .Select(v => new { v.EmployeeId, v.KpiKey, v.Plan })
            .ToListAsync(cancellationToken);
        return rows.ToDictionary(r => (r.EmployeeId, r.KpiKey), r => r.Plan!.Value);
    }

    /// <summary>
    /// Saves the changed cells. A cell someone else saved since it was read is not overwritten: it comes back as a
    /// conflict with both values; the other cells are saved. A closed month or a person outside the scope saves nothing.
    /// </summary>
    public async Task<PlanSaveResult> SaveAsync(UserContext user, DateOnly month, IReadOnlyList<CellEdit> edits, CancellationToken cancellationToken = default)
    {
        month = Period.FirstDay(month);
        if (edits.Count == 0)
        {
            return new PlanSaveResult(0, [], []);
        }

        if (edits.Any(e => e.Plan < 0 || e.Fact < 0))
        {
            return new PlanSaveResult(0, [], [l["Plans.Negative"]]);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.Periods.AnyAsync(p => p.Month == month && p.Status == PeriodStatus.Closed, cancellationToken))
        {
            return new PlanSaveResult(0, [], [l["Plans.PeriodClosed", Localization.Formats.Month(month)]]);
        }

        var editedPeople = edits.Select(e => e.EmployeeId).Distinct().ToList();
        if (await db.Employees.WritableBy(user).CountAsync(e => editedPeople.Contains(e.Id), cancellationToken) != editedPeople.Count)
        {
            return new PlanSaveResult(0, [], [l["Plans.NotYourTeam"]]);
        }

        // The month's period row is created (open) by the database with the first write of its values, which also counts
        // the write for the pay run's staleness check (migration FiguresVersionCounter).
        var now = time.GetUtcNow();
        var ids = edits.Where(e => e.ValueId is not null).Select(e => e.ValueId!.Value).ToList();
        var existing = await db.MonthlyKpiValues.Where(v => ids.Contains(v.Id)).ToDictionaryAsync(v => v.Id, cancellationToken);
        var tracked = new List<(CellEdit Edit, MonthlyKpiValue Value)>();
        foreach (var edit in edits)
        {
            MonthlyKpiValue value;
            if (edit.ValueId is { } id && existing.TryGetValue(id, out var found))
            {
                value = found;
                db.ExpectVersion(value, edit.Version);
            }
            else
            {
                value = new MonthlyKpiValue(edit.EmployeeId, month, edit.Key);
                db.MonthlyKpiValues.Add(value);
            }

            value.SetPlan(edit.Plan, now, user.Email);
            value.SetFact(edit.Fact, now, user.Email);
            tracked.Add((edit, value));
        }

        var conflicts = new List<CellConflict>();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                break;
            }
            catch (DbUpdateConcurrencyException e)
            {
                foreach (var entry in e.Entries)
                {
                    var lost = tracked.First(t => ReferenceEquals(t.Value, entry.Entity));
                    var current = await entry.GetDatabaseValuesAsync(cancellationToken);
                    conflicts.Add(await ConflictAsync(db, lost.Edit, current?.GetValue<decimal?>(nameof(MonthlyKpiValue.Plan)), current?.GetValue<decimal?>(nameof(MonthlyKpiValue.Fact)), current?.GetValue<string?>(nameof(MonthlyKpiValue.UpdatedBy)), current?.GetValue<DateTimeOffset>(nameof(MonthlyKpiValue.UpdatedAt)), cancellationToken));
                    entry.State = EntityState.Detached;
                    tracked.Remove(lost);
                }
            }
            catch (DbUpdateException e) when (DatabaseError.IsUniqueViolation(e))
            {
                // Someone created the same cell meanwhile: every new cell is reported, nothing else is lost.
                foreach (var (edit, value) in tracked.Where(t => db.Entry(t.Value).State == EntityState.Added).ToList())
                {
                    var theirs = await db.MonthlyKpiValues.AsNoTracking().SingleOrDefaultAsync(v => v.EmployeeId == edit.EmployeeId && v.Month == month && v.KpiKey == edit.Key, cancellationToken);
                    if (theirs is not null)
                    {
                        conflicts.Add(await ConflictAsync(db, edit, theirs.Plan, theirs.Fact, theirs.UpdatedBy, theirs.UpdatedAt, cancellationToken));
                        db.Entry(value).State = EntityState.Detached;
                        tracked.RemoveAll(t => ReferenceEquals(t.Value, value));
                    }
                }
            }
            catch (DbUpdateException e) when (ClosedPeriod.IsRefusal(e))
            {
                return new PlanSaveResult(0, [], [l["Plans.PeriodClosed", Localization.Formats.Month(month)]]);
            }
        }

        return new PlanSaveResult(tracked.Count, conflicts, []);
    }

    private async Task<CellConflict> ConflictAsync(KpiDbContext db, CellEdit edit, decimal? plan, decimal? fact, string? by, DateTimeOffset? at, CancellationToken cancellationToken)
    {
        var name = await db.Employees.AsNoTracking().Where(e => e.Id == edit.EmployeeId).Select(e => e.LastName + " " + e.FirstName).SingleOrDefaultAsync(cancellationToken);
        return new CellConflict(edit.EmployeeId, name ?? string.Empty, edit.Key, edit.Plan, edit.Fact, plan, fact, by, at);
    }

}
