using KpiPlanner.Domain.Organisation;
using KpiPlanner.Domain.Planning;
using KpiPlanner.Domain.Schemes;
using KpiPlanner.Infrastructure;
using KpiPlanner.Infrastructure.Postgres;
using KpiPlanner.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace KpiPlanner.Web.Features.Plans;

/// <summary>Saving the grid's cells: scope, closed month, and conflicts with somebody else's save.</summary>
public sealed partial class PlansService
{
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

        if (await UntypedCellAsync(db, month, edits, cancellationToken) is { } untyped)
        {
            return new PlanSaveResult(0, [], [untyped]);
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

    /// <summary>
    /// What the grid offers no input for is refused here too, whoever calls: an aggregated KPI (measured from its parts)
    /// and a one-off KPI outside the month its period ends in. Null when every edit is a cell that takes figures.
    /// </summary>
    private async Task<string?> UntypedCellAsync(KpiDbContext db, DateOnly month, IReadOnlyList<CellEdit> edits, CancellationToken cancellationToken)
    {
        var monthEnd = month.AddMonths(1).AddDays(-1);
        var people = edits.Select(e => e.EmployeeId).Distinct().ToList();
        var positions = await db.Employees.AsNoTracking().Where(e => people.Contains(e.Id))
            .ToDictionaryAsync(e => e.Id, e => e.PositionId, cancellationToken);
        var positionIds = positions.Values.Distinct().ToList();
        var versions = await db.SchemeVersions.AsNoTracking().Where(v => positionIds.Contains(v.PositionId)).ToListAsync(cancellationToken);
        var schemes = positionIds.ToDictionary(id => id, id => SchemeVersion.InForce(versions.Where(v => v.PositionId == id), monthEnd)?.ToScheme());
        foreach (var edit in edits)
        {
            var kpi = schemes[positions[edit.EmployeeId]]?.Kpis.FirstOrDefault(k => KeyOf(k.KpiCode, k.Name) == edit.Key);
            if (kpi?.Measurement == KpiPlanner.Domain.Kpis.Measurement.Aggregate)
            {
                return l["Plans.IndexNotTyped", kpi.Name];
            }

            if (kpi?.OneOff is { } oneOff && !oneOff.IsDueIn(month))
            {
                return l["Plans.OneOffNotTyped", kpi.Name, Localization.Formats.Dates(oneOff), Localization.Formats.Month(oneOff.DueMonth)];
            }
        }

        return null;
    }

    private async Task<CellConflict> ConflictAsync(KpiDbContext db, CellEdit edit, decimal? plan, decimal? fact, string? by, DateTimeOffset? at, CancellationToken cancellationToken)
    {
        var name = await db.Employees.AsNoTracking().Where(e => e.Id == edit.EmployeeId).Select(e => e.LastName + " " + e.FirstName).SingleOrDefaultAsync(cancellationToken);
        return new CellConflict(edit.EmployeeId, name ?? string.Empty, edit.Key, edit.Plan, edit.Fact, plan, fact, by, at);
    }
}
