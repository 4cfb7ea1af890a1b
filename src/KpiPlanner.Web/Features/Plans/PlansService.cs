using System.Linq.Expressions;
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
public sealed partial class PlansService(IDbContextFactory<KpiDbContext> dbFactory, TimeProvider time, IStringLocalizer<SharedResource> l, KpiPlanner.Domain.Goals.IFormulaParser parser)
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
    public Task<PlanGrid?> LoadAsync(UserContext user, int departmentId, DateOnly month, CancellationToken cancellationToken = default) =>
        LoadAsync(user, departmentId, month, first: null, cancellationToken);

    /// <summary>
    /// The grid's first <paramref name="people"/> people in its order, for the page's first paint (issue 18: at the
    /// company root the whole month is 10 000 people and 50 000 cells): <see cref="PlanGrid.Partial"/> when there are
    /// more, with the whole grid's columns, goals and headcount; the page then reads the whole grid with
    /// <see cref="LoadAsync(UserContext, int, DateOnly, CancellationToken)"/>. Null when the person may not see it.
    /// </summary>
    public Task<PlanGrid?> LoadFirstAsync(UserContext user, int departmentId, DateOnly month, int people, CancellationToken cancellationToken = default) =>
        LoadAsync(user, departmentId, month, Math.Max(1, people), cancellationToken);

    private async Task<PlanGrid?> LoadAsync(UserContext user, int departmentId, DateOnly month, int? first, CancellationToken cancellationToken)
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
        IQueryable<Employee> InGrid(KpiDbContext context) => context.Employees.AsNoTracking()
            .Where(e => departmentIds.Contains(e.DepartmentId) && e.Id != user.EmployeeId)
            .Where(e => e.HireDate <= monthEnd && (e.LeaveDate == null || e.LeaveDate >= month));

        // The month's values are read beside the people, on a context of their own (issue 18: 50 000 at the company root,
        // the largest read of the grid), not tracked: each cell keeps the row version (xmin) it was read at, for the
        // save's conflict check.
        await using var valuesDb = await dbFactory.CreateDbContextAsync(cancellationToken);
        Task<List<PlanValueRead>> ReadValues(Expression<Func<MonthlyKpiValue, bool>> whose) => valuesDb.MonthlyKpiValues.AsNoTracking()
            .Where(v => v.Month == month).Where(whose)
            .Select(v => new PlanValueRead(v.Id, v.EmployeeId, v.KpiKey, v.Plan, v.Fact, EF.Property<uint>(v, Concurrency.Version)))
            .ToListAsync(cancellationToken);
        var inGrid = InGrid(valuesDb).Select(e => e.Id);
        var valuesRead = first is null ? ReadValues(v => inGrid.Contains(v.EmployeeId)) : null;
        var ordered = InGrid(db).OrderBy(e => e.LastName).ThenBy(e => e.FirstName).ThenBy(e => e.MiddleName).ThenBy(e => e.Id); // a stable order: the page shows the grid in pages
        var people = await (first is { } take ? ordered.Take(take + 1) : ordered)
            .Select(e => new { e.Id, e.LastName, e.FirstName, e.MiddleName, e.PersonnelNumber, e.PositionId, Position = e.Position.Name, Department = e.Department.Name })
            .ToListAsync(cancellationToken);
        var positionIds = people.Select(p => p.PositionId).Distinct().ToList();
        var partial = first is { } shown && people.Count > shown;
        var headcount = people.Count;
        if (partial)
        {
            // The first page only: the whole grid's headcount, and every position of the grid for its columns (those of
            // the people shown first, in the order the whole grid has them; then the others, the most held first).
            people.RemoveRange(first!.Value, people.Count - first.Value);
            var held = await InGrid(db).GroupBy(e => e.PositionId).Select(g => new { Id = g.Key, People = g.Count() }).ToListAsync(cancellationToken);
            headcount = held.Sum(p => p.People);
            positionIds.AddRange(held.OrderByDescending(p => p.People).ThenBy(p => p.Id).Select(p => p.Id).Where(id => !positionIds.Contains(id)));
        }

        if (first is not null)
        {
            var shownIds = people.Select(p => p.Id).ToList();
            valuesRead = ReadValues(v => shownIds.Contains(v.EmployeeId));
        }

        var versions = await db.SchemeVersions.AsNoTracking().Where(v => positionIds.Contains(v.PositionId)).ToListAsync(cancellationToken);
        var schemes = positionIds.ToDictionary(id => id, id => SchemeVersion.InForce(versions.Where(v => v.PositionId == id), monthEnd)?.ToScheme());
        var ids = people.Select(p => p.Id).ToList();
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
        var goals = await TeamGoalsAsync(db, departmentId, month, cancellationToken);
        var values = (await valuesRead!).ToDictionary(v => (v.EmployeeId, v.KpiKey));
        var grid = new PlanGrid
        {
            Month = month, Closed = period?.IsClosed == true, Department = department, Columns = columns, InProgress = inProgress, Goals = goals,
            Partial = partial, Headcount = headcount,
        };

        // Each position's scheme KPIs with their keys and whether they are due this month: once per position, not per person.
        var kpisOf = schemes.ToDictionary(s => s.Key, s => (s.Value?.Kpis ?? []).Select(k => (Kpi: k, Key: KeyOf(k.KpiCode, k.Name), NotDue: !k.IsDueIn(month))).ToList());
        foreach (var person in people)
        {
            var scheme = schemes[person.PositionId];
            var row = new PlanGridRow
            {
                EmployeeId = person.Id,
                Name = Employee.FormatFullName(person.LastName, person.FirstName, person.MiddleName),
                Position = person.Position,
                Department = person.Department,
                PersonnelNumber = person.PersonnelNumber,
                Scheme = scheme,
                InProgress = inProgress is not null,
                Month = month,
            };
            foreach (var (kpi, key, notDue) in kpisOf[person.PositionId])
            {
                var value = values.GetValueOrDefault((person.Id, key));
                row.Cells.Add(new PlanCell
                {
                    Key = key,
                    ValueId = value?.Id,
                    Version = value?.Version ?? 0,
                    SavedPlan = value?.Plan,
                    SavedFact = value?.Fact,
                    Plan = value?.Plan,
                    Fact = value?.Fact,
                    Kpi = kpi,
                    Base = bases.BaseOf(kpi, person.Id, key),
                    NotDue = notDue,
                    Changes = grid.Changes,
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
}

/// <summary>A month's value of a person's KPI as the grid reads it, with the row version (xmin) read, for the save's conflict check.</summary>
internal sealed record PlanValueRead(long Id, int EmployeeId, string KpiKey, decimal? Plan, decimal? Fact, uint Version);
