using KpiPlanner.Domain.Check;
using KpiPlanner.Domain.Organisation;
using KpiPlanner.Domain.Planning;
using KpiPlanner.Domain.Schemes;
using KpiPlanner.Infrastructure.Payroll;
using KpiPlanner.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace KpiPlanner.Web.Features.PayReview;

/// <summary>
/// The review's reads (issue 18): the month's state and totals in a few small queries whatever the headcount, its
/// lines one page at a time without their explanations, and one line's explanation when its row is opened. Each is
/// limited to the people the caller may read (<see cref="ScopedQueries.ReadScope"/>: everyone for HR and the owner,
/// the only roles that reach the review).
/// </summary>
public sealed partial class PayReviewService
{
    /// <summary>The table's page size unless asked otherwise.</summary>
    public const int DefaultPageSize = 50;

    /// <summary>The longest page served (the page and its SignalR frame stay small whatever is asked).</summary>
    public const int MaxPageSize = 200;

    /// <summary>How many names of the people without a scheme the month's warning lists.</summary>
    private const int WithoutSchemeNamed = 10;

    /// <summary>The month's state, totals and audit; null for a caller who does not review pay.</summary>
    public async Task<PayReview?> LoadAsync(UserContext user, DateOnly month, CancellationToken cancellationToken = default)
    {
        if (!MayReview(user))
        {
            return null;
        }

        month = Period.FirstDay(month);
        var scope = user.ReadScope();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var queries = new PayReviewQueries(db);
        var period = await db.Periods.AsNoTracking().SingleOrDefaultAsync(p => p.Month == month, cancellationToken);
        var totals = await queries.TotalsAsync(month, scope, cancellationToken);
        var departments = await db.Departments.AsNoTracking().Select(d => new DepartmentNode(d.Id, d.ParentId, d.Name)).ToListAsync(cancellationToken);
        var names = departments.ToDictionary(d => d.Id, d => d.Name);
        var versionIds = totals.Select(t => t.SchemeVersionId).Distinct().ToList();
        var plannedPay = (await db.SchemeVersions.AsNoTracking().Where(v => versionIds.Contains(v.Id)).ToListAsync(cancellationToken))
            .ToDictionary(v => v.Id, PlannedPay);
        var audit = await db.AuditLog.AsNoTracking().Where(a => a.Month == month).OrderByDescending(a => a.Id).Take(200).ToListAsync(cancellationToken);
        var auditPeople = audit.Where(a => a.EmployeeId is not null).Select(a => a.EmployeeId!.Value).Distinct().ToList();

        return new PayReview
        {
            Month = month,
            Period = period,
            Departments = totals.GroupBy(t => t.DepartmentId)
                .Select(g => Totals(names.GetValueOrDefault(g.Key) ?? string.Empty, g, plannedPay))
                .OrderBy(t => t.Name, StringComparer.CurrentCulture).ToList(),
            Company = Totals(string.Empty, totals, plannedPay),
            Choices = Choices(departments, totals.Select(t => t.DepartmentId).ToHashSet()),
            Stale = period is not null && await PayrollService.ChangedSinceCalculationAsync(db, period, cancellationToken),
            WithoutScheme = period?.Status is null or PeriodStatus.Open
                ? new WithoutLines(0, [])
                : await queries.WithoutLinesAsync(month, scope, WithoutSchemeNamed, cancellationToken),
            Audit = audit,
            AuditNames = await queries.NamesAsync(auditPeople, cancellationToken),
        };
    }

    /// <summary>One page of the month's lines the caller may read, filtered and ordered in the database; null for a caller who does not review pay.</summary>
    public async Task<ReviewPage?> PageAsync(UserContext user, DateOnly month, ReviewQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (!MayReview(user))
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        IReadOnlyCollection<int>? departments = null;
        if (query.DepartmentId is { } departmentId)
        {
            var tree = await db.Departments.AsNoTracking().Select(d => new ValueTuple<int, int?>(d.Id, d.ParentId)).ToListAsync(cancellationToken);
            departments = [.. new DepartmentTree(tree).Subtree(departmentId)];
        }

        var size = Math.Clamp(query.PageSize, 1, MaxPageSize);
        var filter = new PayLineFilter(departments, query.Search, query.BelowPlan, query.Gated, query.Changed, query.Missing);
        var page = await new PayReviewQueries(db).PageAsync(
            new PayLineQuery(Period.FirstDay(month), user.ReadScope(), filter, query.Order, query.Descending, Math.Max(0, query.Page) * size, size),
            cancellationToken);
        return new ReviewPage(page.Count, [.. page.Rows.Select(r => new ReviewRow(r))]);
    }

    /// <summary>One person's line with its explanation and adjustments (read when its row is opened); null when not allowed or not calculated.</summary>
    public async Task<LineDetail?> DetailAsync(UserContext user, DateOnly month, int employeeId, CancellationToken cancellationToken = default)
    {
        if (!MayReview(user))
        {
            return null;
        }

        month = Period.FirstDay(month);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var line = await db.PayLines.AsNoTracking().SingleOrDefaultAsync(l => l.Month == month && l.EmployeeId == employeeId, cancellationToken);
        if (line is null)
        {
            return null;
        }

        var person = await db.Employees.AsNoTracking().Where(e => e.Id == employeeId)
            .Select(e => new { e.PersonnelNumber, e.LastName, e.FirstName, e.MiddleName }).SingleAsync(cancellationToken);
        var department = await db.Departments.AsNoTracking().Where(d => d.Id == line.DepartmentId).Select(d => d.Name).SingleOrDefaultAsync(cancellationToken);
        var position = await db.Positions.AsNoTracking().Where(p => p.Id == line.PositionId).Select(p => p.Name).SingleOrDefaultAsync(cancellationToken);
        var adjustments = await db.PayAdjustments.AsNoTracking().Where(a => a.Month == month && a.EmployeeId == employeeId)
            .OrderBy(a => a.CreatedAt).Select(a => new AdjustmentView(a.Amount, a.Reason, a.CreatedBy, a.CreatedAt)).ToListAsync(cancellationToken);
        var adjusted = adjustments.Sum(a => a.Amount);
        var version = await db.SchemeVersions.AsNoTracking().SingleAsync(v => v.Id == line.SchemeVersionId, cancellationToken);
        var entered = await db.PayBonuses.AsNoTracking().Where(b => b.Month == month && b.EmployeeId == employeeId)
            .Select(b => (decimal?)b.Amount).SingleOrDefaultAsync(cancellationToken);
        var row = new ReviewRow(new PayLineListRow(employeeId, person.PersonnelNumber, person.LastName, person.FirstName, person.MiddleName,
            line.DepartmentId, department ?? string.Empty, position ?? string.Empty, line.Fixed, line.PlannedVariable, line.Variable, line.Bonus,
            adjusted, line.Total, line.PreviousTotal, line.Gated, line.MissingFigures,
            [.. line.Explanation.Kpis.Where(k => !k.NotDue).Select(PayLineKpi.Of)], line.Explanation.Worked));
        return new LineDetail(row, line, adjustments, version.Spec.Bonus is EnteredBonusRule, entered);
    }

    private sealed record DepartmentNode(int Id, int? ParentId, string Name);

    /// <summary>A scheme version's planned pay of a person (its plan outcome; fixed + planned variable when the scheme does not check).</summary>
    private static decimal PlannedPay(SchemeVersion v) =>
        SchemeCheck.Run(v.ToScheme()) is { IsValid: true } check ? check.Value.Plan : v.Spec.Fixed + v.Spec.PlannedVariable;

    private static ReviewTotals Totals(string name, IEnumerable<PayTotalsRow> rows, IReadOnlyDictionary<int, decimal> planned)
    {
        var list = rows as IReadOnlyCollection<PayTotalsRow> ?? [.. rows];
        return new(name, list.Sum(r => r.People), list.Sum(r => r.Fixed), list.Sum(r => r.PlannedVariable), list.Sum(r => r.Variable), list.Sum(r => r.Bonus),
            list.Sum(r => r.Adjustments), list.Sum(r => r.LineTotal + r.Adjustments), list.Sum(r => r.People * planned.GetValueOrDefault(r.SchemeVersionId)));
    }

    /// <summary>The departments paid in and every department above them, depth first, each level by name.</summary>
    private static List<DepartmentChoice> Choices(IReadOnlyCollection<DepartmentNode> departments, IReadOnlySet<int> paidIn)
    {
        var byId = departments.ToDictionary(d => d.Id);
        var shown = new HashSet<int>();
        foreach (var id in paidIn)
        {
            int? at = id;
            while (at is { } current && byId.TryGetValue(current, out var node) && shown.Add(current))
            {
                at = node.ParentId; // up to the root, or to a department already shown
            }
        }

        var children = departments.Where(d => shown.Contains(d.Id))
            .ToLookup(d => d.ParentId is { } parent && shown.Contains(parent) ? parent : (int?)null);
        var choices = new List<DepartmentChoice>();
        void Walk(int? parent, int depth)
        {
            foreach (var d in children[parent].OrderBy(d => d.Name, StringComparer.CurrentCulture))
            {
                if (choices.Count <= departments.Count) // a cycle in bad data cannot loop forever
                {
                    choices.Add(new DepartmentChoice(d.Id, d.Name, depth));
                    Walk(d.Id, depth + 1);
                }
            }
        }

        Walk(null, 0);
        return choices;
    }
}
