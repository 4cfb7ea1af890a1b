using KpiPlanner.Domain.Scales;
using KpiPlanner.Domain.Validation;

namespace KpiPlanner.Domain.Schemes;

/// <summary>
/// The motivation scheme of a position from a date on (effective-dated). The scheme in force on a day is the version
/// with the latest <see cref="EffectiveFrom"/> on or before it, so a past period is always recomputed with the version
/// that was in force then. Each KPI carries its own copy of its scale's bands.
/// </summary>
public sealed class SchemeVersion
{
    private SchemeVersion()
    {
        Spec = new SchemeSpec(0m, 0m, []);
    }

    public int Id { get; private set; }

    public int PositionId { get; private set; }

    /// <summary>The first day this version applies to (the 1st of a month in practice).</summary>
    public DateOnly EffectiveFrom { get; private set; }

    /// <summary>Fixed part, planned variable part, KPIs with weights, scales and gates, the bonus rule.</summary>
    public SchemeSpec Spec { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public string? UpdatedBy { get; private set; }

    public static Result<SchemeVersion> Create(int positionId, DateOnly effectiveFrom, SchemeSpec spec, DateTimeOffset now, string? by)
    {
        var version = new SchemeVersion { PositionId = positionId, EffectiveFrom = effectiveFrom };
        var errors = version.Update(spec, now, by);
        return errors.Count == 0
            ? Result<SchemeVersion>.Success(version, spec.Warnings())
            : Result<SchemeVersion>.Failure(errors);
    }

    /// <summary>Replaces the scheme of this version; nothing changes when the result lists errors.</summary>
    public IReadOnlyList<DomainError> Update(SchemeSpec spec, DateTimeOffset now, string? by)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var errors = new List<DomainError>(ScaleTemplate.NameErrors(spec.Name));
        errors.AddRange(spec.Validate());
        if (errors.Count > 0)
        {
            return errors;
        }

        Spec = spec with { Name = spec.Name!.Trim() };
        UpdatedAt = now;
        UpdatedBy = by;
        return [];
    }

    /// <summary>The engine's scheme for this version (valid by construction).</summary>
    public MotivationScheme ToScheme() => MotivationScheme.Create(Spec).GetValueOrThrow();

    /// <summary>The version in force on <paramref name="day"/>, if any.</summary>
    public static SchemeVersion? InForce(IEnumerable<SchemeVersion> versions, DateOnly day) =>
        versions.Where(v => v.EffectiveFrom <= day).MaxBy(v => v.EffectiveFrom);
}
