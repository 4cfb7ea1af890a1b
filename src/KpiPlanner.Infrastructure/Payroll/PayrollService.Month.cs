using System.Text.Json;
using KpiPlanner.Domain.Audit;
using KpiPlanner.Domain.Payroll;
using KpiPlanner.Domain.Planning;
using KpiPlanner.Domain.Schemes;
using KpiPlanner.Domain.Validation;
using KpiPlanner.Infrastructure.Configurations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace KpiPlanner.Infrastructure.Payroll;

/// <summary>
/// What the pay run reads of a month besides its pay lines: the time left, whether figures changed since the
/// calculation, who misses facts, and the company's production calendar of a year.
/// </summary>
public sealed partial class PayrollService
{
    /// <summary>
    /// Replaces the month's rows of <c>pay_month_summary</c> (issue 18): per department, the lines' variable part
    /// earned and planned and their count — what the dashboards' pay fund reads instead of every line. Written with the
    /// lines, in their transaction; the calculation is the lines' only writer.
    /// </summary>
    private static async Task SummariseAsync(KpiDbContext db, DateOnly month, SortedDictionary<int, PaySummary> byDepartment, CancellationToken cancellationToken)
    {
        var departments = byDepartment.Keys.ToArray();
        var variable = byDepartment.Values.Select(s => s.Variable).ToArray();
        var planned = byDepartment.Values.Select(s => s.PlannedVariable).ToArray();
        var people = byDepartment.Values.Select(s => s.People).ToArray();
        await db.Database.ExecuteSqlAsync($"DELETE FROM pay_month_summary WHERE month = {month}", cancellationToken);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO pay_month_summary (month, department_id, variable, planned_variable, people)
            SELECT {month}, u.department_id, u.variable, u.planned_variable, u.people
            FROM unnest({departments}, {variable}, {planned}, {people}) AS u(department_id, variable, planned_variable, people)
            """, cancellationToken);
    }

    /// <summary>
    /// What is left of a month as of today (the injected clock's local date): calendar days from today to its last day,
    /// both counted, and the working days among them by the company's production calendar; none once it is over.
    /// </summary>
    public async Task<MonthTimeLeft> TimeLeftAsync(DateOnly month, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await TimeLeftAsync(db, Period.FirstDay(month), cancellationToken);
    }

    private async Task<MonthTimeLeft> TimeLeftAsync(KpiDbContext db, DateOnly month, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(time.GetLocalNow().Date);
        var end = month.AddMonths(1).AddDays(-1);
        if (today > end)
        {
            return MonthTimeLeft.None;
        }

        var from = today < month ? month : today;
        var calendar = await CalendarAsync(db, month.Year, cancellationToken);
        var working = 0;
        for (var day = from; day <= end; day = day.AddDays(1))
        {
            working += calendar.IsWorkingDay(day) ? 1 : 0;
        }

        return new MonthTimeLeft(end.DayNumber - from.DayNumber + 1, working);
    }

    /// <summary>True when a plan or fact (or an entered bonus) of the month changed after its last calculation.</summary>
    public static async Task<bool> ChangedSinceCalculationAsync(KpiDbContext db, Period period, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(period);
        if (period.CalculatedAt is not { } calculated)
        {
            return false;
        }

        var byTimestamps = period.CalculatedFiguresVersion is null
            && (await db.MonthlyKpiValues.AnyAsync(v => v.Month == period.Month && v.UpdatedAt > calculated, cancellationToken)
                || await db.PayBonuses.AnyAsync(b => b.Month == period.Month && b.UpdatedAt > calculated, cancellationToken));
        return period.FiguresChangedSinceCalculation(() => byTimestamps);
    }

    /// <summary>The people whose pay line counted missing plans or facts as 0 %, with the KPIs concerned.</summary>
    public static async Task<IReadOnlyList<MissingFacts>> MissingFactsAsync(KpiDbContext db, DateOnly month, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rows = await db.PayLines.AsNoTracking()
            .Where(l => l.Month == month && l.MissingFigures)
            .Join(db.Employees, l => l.EmployeeId, e => e.Id, (l, e) => new { l.Explanation, e.Id, e.PersonnelNumber, e.LastName, e.FirstName, e.MiddleName })
            .ToListAsync(cancellationToken);
        return rows
            .Select(r => new MissingFacts(r.Id, r.PersonnelNumber, KpiPlanner.Domain.Organisation.Employee.FormatFullName(r.LastName, r.FirstName, r.MiddleName),
                r.Explanation.Kpis.Where(k => k.Missing != MissingFigure.None).Select(k => k.Name).ToList()))
            .OrderBy(m => m.Name, StringComparer.CurrentCulture)
            .ToList();
    }

    /// <summary>
    /// The company calendar of a year: the official Russian one with HR's changes on top.
    /// </summary>
    public static async Task<WorkCalendar> CalendarAsync(KpiDbContext db, int year, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var first = new DateOnly(year, 1, 1);
        var last = new DateOnly(year, 12, 31);
        var changes = await db.CalendarDays.AsNoTracking().Where(d => d.Date >= first && d.Date <= last).ToListAsync(cancellationToken);
        return new WorkCalendar(RussianProductionCalendar.For(year).Concat(changes));
    }

    /// <summary>
    /// Who changed a month's pay by hand: adjustments, entered bonuses and corrections of plans and facts after the
    /// calculation (the audit log's entries; the calculation itself is not a change, it only follows the figures).
    /// </summary>
    public static async Task<IReadOnlySet<string>> HandChangersAsync(KpiDbContext db, DateOnly month, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var by = await db.AuditLog.AsNoTracking()
            .Where(a => a.Month == month && a.By != null
                && (a.Action == AuditAction.AdjustmentAdded || a.Action == AuditAction.BonusEntered || a.Action == AuditAction.ValueChanged))
            .Select(a => a.By!)
            .Distinct()
            .ToListAsync(cancellationToken);
        return by.ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>True when someone changed the month by hand and <paramref name="by"/> is the only one who did.</summary>
    private static async Task<bool> ChangedOnlyByAsync(KpiDbContext db, DateOnly month, string? by, CancellationToken cancellationToken)
    {
        var changers = await HandChangersAsync(db, month, cancellationToken);
        return by is not null && changers.Count == 1 && changers.Contains(by);
    }
}

/// <summary>One department's sums in a month's pay summary, added up line by line as the lines are written.</summary>
internal readonly record struct PaySummary(decimal Variable, decimal PlannedVariable, int People)
{
    public PaySummary With(PayLine line) => new(Variable + line.Variable, PlannedVariable + line.PlannedVariable, People + 1);
}
