using System.Globalization;
using KpiPlanner.Domain.Scales;
using KpiPlanner.Domain.Validation;
using KpiPlanner.Infrastructure;
using KpiPlanner.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace KpiPlanner.Web.Features.Scales;

public sealed record ScaleRow(int Id, string Name, ScaleSpec Spec, DateTimeOffset UpdatedAt);

public sealed record ScalePreset(string Code, string Name, ScaleSpec Spec);

/// <summary>What a save did: saved (with the new id), refused with errors, or lost a race to another person.</summary>
public sealed record ScaleSaveResult(int? Id, IReadOnlyList<DomainError> Errors, bool Conflict, uint Version = 0)
{
    public bool Succeeded => Errors.Count == 0 && !Conflict;
}

/// <summary>The company's library of coefficient scales (HR). One short-lived context per operation.</summary>
public sealed class ScalesService(IDbContextFactory<KpiDbContext> dbFactory, TimeProvider time)
{
    /// <summary>
    /// Who reads the library (and the schemes): those who design them, and an API key of the whole company, whatever its
    /// scope (a BI tool reads them as HR does; decision 016). A key limited to a department does not: they are company-wide.
    /// </summary>
    public static bool MayRead(UserContext actor) => actor.May(Duty.DesignSchemes) || actor.Key is { DepartmentId: null };

    public static void DemandRead(UserContext actor)
    {
        if (!MayRead(actor))
        {
            throw new UnauthorizedAccessException("Scales and schemes are read by those who design them and by whole-company API keys.");
        }
    }

    public async Task<IReadOnlyList<ScaleRow>> ListAsync(UserContext actor, CancellationToken cancellationToken = default)
    {
        DemandRead(actor);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var scales = await db.Scales.AsNoTracking().ToListAsync(cancellationToken);
        return scales.OrderBy(s => s.Name, StringComparer.CurrentCulture).Select(s => new ScaleRow(s.Id, s.Name, s.Spec, s.UpdatedAt)).ToList();
    }

    public async Task<ScaleEditModel?> GetAsync(UserContext actor, int id, CancellationToken cancellationToken = default)
    {
        DemandRead(actor);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var scale = await db.Scales.SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        return scale is null ? null : ScaleEditModel.From(scale.Spec, scale.Name, scale.Id, db.VersionOf(scale));
    }

    /// <summary>A scale as stored with its row version (the API's ETag); null for an unknown id.</summary>
    public async Task<(ScaleRow Row, uint Version)?> FindAsync(UserContext actor, int id, CancellationToken cancellationToken = default)
    {
        DemandRead(actor);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var scale = await db.Scales.SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        return scale is null ? null : (new ScaleRow(scale.Id, scale.Name, scale.Spec, scale.UpdatedAt), db.VersionOf(scale));
    }

    /// <summary>The article's scales, in the person's language, as starting points.</summary>
    public static IReadOnlyList<ScalePreset> Presets(CultureInfo culture, Func<string, string> text) =>
    [
        new("table3", text("Scales.Preset.Table3"), ScalePresets.ArticleTable3(culture).ToSpec()),
        new("table3cap", text("Scales.Preset.Table3Capped"), ScalePresets.ArticleTable3CappedAtOne(culture).ToSpec()),
        new("table6", text("Scales.Preset.Table6"), ScalePresets.ArticleTable6(culture).ToSpec()),
        new("flat", text("Scales.Preset.Flat"), new ScaleSpec([new Band(0m, null, 1m)])),
    ];

    public async Task<ScaleSaveResult> SaveAsync(UserContext actor, ScaleEditModel model, CancellationToken cancellationToken = default)
    {
        var result = await SaveAsync(actor, model.Id, model.Version, model.Name, model.ToSpec(), cancellationToken);
        if (result.Succeeded)
        {
            model.Id = result.Id;
            model.Version = result.Version;
        }

        return result;
    }

    /// <summary>
    /// Saves a scale (<paramref name="id"/> null: a new one) as the editor does — the domain's rules, a unique name, the
    /// row version <paramref name="version"/> expected — whether the bands come from the editor or over the API.
    /// </summary>
    public async Task<ScaleSaveResult> SaveAsync(UserContext actor, int? id, uint version, string name, ScaleSpec spec, CancellationToken cancellationToken = default)
    {
        actor.Demand(Duty.DesignSchemes);
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        ScaleTemplate scale;
        if (id is { } existingId)
        {
            var existing = await db.Scales.SingleOrDefaultAsync(s => s.Id == existingId, cancellationToken);
            if (existing is null)
            {
                return new ScaleSaveResult(null, [], Conflict: true);
            }

            db.ExpectVersion(existing, version);
            var errors = existing.Update(name, spec, now);
            if (errors.Count > 0)
            {
                return new ScaleSaveResult(null, errors, false);
            }

            scale = existing;
        }
        else
        {
            var created = ScaleTemplate.Create(name, spec, now);
            if (!created.IsValid)
            {
                return new ScaleSaveResult(null, created.Errors, false);
            }

            scale = created.Value!;
            db.Scales.Add(scale);
        }

        if (await db.Scales.AnyAsync(s => s.Name == scale.Name && s.Id != scale.Id, cancellationToken))
        {
            return new ScaleSaveResult(null, [DomainErrors.Create(DomainErrors.NameTaken, "name", ("name", scale.Name))], false);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new ScaleSaveResult(null, [], Conflict: true);
        }

        return new ScaleSaveResult(scale.Id, [], false, db.VersionOf(scale));
    }

    public async Task DeleteAsync(UserContext actor, int id, CancellationToken cancellationToken = default)
    {
        actor.Demand(Duty.DesignSchemes);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Scales.Where(s => s.Id == id).ExecuteDeleteAsync(cancellationToken);
    }
}
