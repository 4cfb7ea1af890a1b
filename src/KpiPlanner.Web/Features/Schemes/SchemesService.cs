using KpiPlanner.Domain.Schemes;
using KpiPlanner.Domain.Validation;
using KpiPlanner.Infrastructure;
using KpiPlanner.Web.Features.Scales;
using KpiPlanner.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace KpiPlanner.Web.Features.Schemes;

public sealed record PositionSchemeRow(int PositionId, string Position, int Headcount, SchemeVersionRow? Current, int Versions);

public sealed record SchemeVersionRow(int Id, DateOnly EffectiveFrom, string Name, decimal Fixed, decimal PlannedVariable, int KpiCount);

/// <summary>One version of a position's scheme, whole: what the API answers for it.</summary>
public sealed record SchemeVersionDetail(int Id, DateOnly EffectiveFrom, SchemeSpec Spec, DateTimeOffset UpdatedAt, string? UpdatedBy, uint Version);

/// <summary>A position's scheme: every version, oldest first, and the one in force today.</summary>
public sealed record SchemeHistory(int PositionId, string Position, int Headcount, int? CurrentVersionId, IReadOnlyList<SchemeVersionDetail> Versions);

public sealed record SchemeSaveResult(int? VersionId, IReadOnlyList<DomainError> Errors, IReadOnlyList<DomainError> Warnings, bool Conflict)
{
    public bool Succeeded => Errors.Count == 0 && !Conflict;
}

/// <summary>Motivation schemes per position, effective-dated (HR). One short-lived context per operation.</summary>
public sealed class SchemesService(IDbContextFactory<KpiDbContext> dbFactory, TimeProvider time)
{
    private DateOnly Today => DateOnly.FromDateTime(time.GetLocalNow().Date);

    public async Task<IReadOnlyList<PositionSchemeRow>> ListAsync(UserContext actor, CancellationToken cancellationToken = default)
    {
        ScalesService.DemandRead(actor);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var today = Today;
        var positions = await db.Positions.AsNoTracking().OrderBy(p => p.Name).Select(p => new { p.Id, p.Name }).ToListAsync(cancellationToken);
        var headcount = await HeadcountsAsync(db, today, cancellationToken);
        var versions = await db.SchemeVersions.AsNoTracking().ToListAsync(cancellationToken);
        var byPosition = versions.ToLookup(v => v.PositionId);
        return positions.Select(p =>
        {
            var current = SchemeVersion.InForce(byPosition[p.Id], today) ?? byPosition[p.Id].MinBy(v => v.EffectiveFrom);
            return new PositionSchemeRow(p.Id, p.Name, headcount.GetValueOrDefault(p.Id), current is null ? null : Row(current), byPosition[p.Id].Count());
        }).ToList();
    }

    public async Task<IReadOnlyList<SchemeVersionRow>> VersionsAsync(UserContext actor, int positionId, CancellationToken cancellationToken = default)
    {
        ScalesService.DemandRead(actor);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var versions = await db.SchemeVersions.AsNoTracking().Where(v => v.PositionId == positionId).OrderBy(v => v.EffectiveFrom).ToListAsync(cancellationToken);
        return versions.Select(Row).ToList();
    }

    /// <summary>Every version of a position's scheme with its dates and whole spec; null for an unknown position.</summary>
    public async Task<SchemeHistory?> HistoryAsync(UserContext actor, int positionId, CancellationToken cancellationToken = default)
    {
        ScalesService.DemandRead(actor);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var position = await db.Positions.AsNoTracking().Where(p => p.Id == positionId).Select(p => p.Name).SingleOrDefaultAsync(cancellationToken);
        if (position is null)
        {
            return null;
        }

        var today = Today;
        var versions = await db.SchemeVersions.Where(v => v.PositionId == positionId).OrderBy(v => v.EffectiveFrom).ToListAsync(cancellationToken);
        return new SchemeHistory(positionId, position, (await HeadcountsAsync(db, today, cancellationToken)).GetValueOrDefault(positionId),
            SchemeVersion.InForce(versions, today)?.Id,
            versions.Select(v => new SchemeVersionDetail(v.Id, v.EffectiveFrom, v.Spec, v.UpdatedAt, v.UpdatedBy, db.VersionOf(v))).ToList());
    }

    /// <summary>
    /// The designer's model: the given version, else the one in force today, else a new 50/50 scheme with no KPIs.
    /// </summary>
    public async Task<SchemeEditModel?> GetAsync(UserContext actor, int positionId, int? versionId, CancellationToken cancellationToken = default)
    {
        ScalesService.DemandRead(actor);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var position = await db.Positions.AsNoTracking().SingleOrDefaultAsync(p => p.Id == positionId, cancellationToken);
        if (position is null)
        {
            return null;
        }

        var today = Today;
        var versions = await db.SchemeVersions.Where(v => v.PositionId == positionId).ToListAsync(cancellationToken);
        var version = versionId is { } id
            ? versions.SingleOrDefault(v => v.Id == id)
            : SchemeVersion.InForce(versions, today) ?? versions.MinBy(v => v.EffectiveFrom);
        var model = version is null
            ? new SchemeEditModel { Name = position.Name, EffectiveFrom = new DateTime(today.Year, today.Month, 1), MarketPay = 30_000m, Fixed = 15_000m, PlannedVariable = 15_000m }
            : SchemeEditModel.From(version.Spec);
        model.PositionId = positionId;
        model.PositionName = position.Name;
        model.Headcount = (await HeadcountsAsync(db, today, cancellationToken)).GetValueOrDefault(positionId);
        if (version is not null)
        {
            model.VersionId = version.Id;
            model.Version = db.VersionOf(version);
            model.EffectiveFrom = version.EffectiveFrom.ToDateTime(TimeOnly.MinValue);
        }

        return model;
    }

    /// <summary>Saves the version being edited, or (<paramref name="asNewVersion"/>) a new version from its date.</summary>
    public async Task<SchemeSaveResult> SaveAsync(UserContext actor, SchemeEditModel model, bool asNewVersion, string? by, CancellationToken cancellationToken = default)
    {
        actor.Demand(Duty.DesignSchemes);
        var spec = model.ToSpec();
        var effectiveFrom = DateOnly.FromDateTime(model.EffectiveFrom ?? time.GetLocalNow().Date);
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        SchemeVersion version;
        if (model.VersionId is { } id && !asNewVersion)
        {
            var existing = await db.SchemeVersions.SingleOrDefaultAsync(v => v.Id == id, cancellationToken);
            if (existing is null)
            {
                return new SchemeSaveResult(null, [], [], Conflict: true);
            }

            // A version that paid a closed month is history: changes go into a new version from a later date.
            var nextStart = await db.SchemeVersions.Where(v => v.PositionId == existing.PositionId && v.EffectiveFrom > existing.EffectiveFrom)
                .MinAsync(v => (DateOnly?)v.EffectiveFrom, cancellationToken);
            var closed = await db.Periods.AsNoTracking()
                .Where(p => p.Status == KpiPlanner.Domain.Planning.PeriodStatus.Closed && p.Month.AddMonths(1) > existing.EffectiveFrom && (nextStart == null || p.Month < nextStart))
                .OrderByDescending(p => p.Month).Select(p => (DateOnly?)p.Month).FirstOrDefaultAsync(cancellationToken);
            if (closed is { } closedMonth)
            {
                return new SchemeSaveResult(null, [DomainErrors.Create(DomainErrors.SchemeVersionUsedByClosedPeriod, "effectiveFrom", ("month", Localization.Formats.Month(closedMonth)))], [], false);
            }

            db.ExpectVersion(existing, model.Version);
            var errors = existing.Update(spec, now, by);
            if (errors.Count > 0)
            {
                return new SchemeSaveResult(null, errors, [], false);
            }

            version = existing;
        }
        else
        {
            if (await db.SchemeVersions.AnyAsync(v => v.PositionId == model.PositionId && v.EffectiveFrom == effectiveFrom, cancellationToken))
            {
                return new SchemeSaveResult(null, [DomainErrors.Create(DomainErrors.SchemeVersionDateTaken, "effectiveFrom", ("date", effectiveFrom))], [], false);
            }

            var created = SchemeVersion.Create(model.PositionId, effectiveFrom, spec, now, by);
            if (!created.IsValid)
            {
                return new SchemeSaveResult(null, created.Errors, [], false);
            }

            version = created.Value!;
            db.SchemeVersions.Add(version);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new SchemeSaveResult(null, [], [], Conflict: true);
        }

        model.VersionId = version.Id;
        model.Version = db.VersionOf(version);
        return new SchemeSaveResult(version.Id, [], spec.Warnings(), false);
    }

    private static async Task<Dictionary<int, int>> HeadcountsAsync(KpiDbContext db, DateOnly today, CancellationToken cancellationToken) =>
        await db.Employees.AsNoTracking()
            .Where(e => e.HireDate <= today && (e.LeaveDate == null || e.LeaveDate >= today))
            .GroupBy(e => e.PositionId)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);

    private static SchemeVersionRow Row(SchemeVersion v) =>
        new(v.Id, v.EffectiveFrom, v.Spec.Name ?? string.Empty, v.Spec.Fixed, v.Spec.PlannedVariable, v.Spec.Kpis.Count);
}
