using KpiPlanner.Domain.Validation;

namespace KpiPlanner.Domain.Scales;

/// <summary>
/// A named coefficient scale in the company's library (шкала коэффициентов), which HR designs once and reuses.
/// A scheme KPI <em>copies</em> the bands when the scheme is saved, so changing a library scale never changes what a
/// past period paid.
/// </summary>
public sealed class ScaleTemplate
{
    public const int MaxNameLength = 200;

    private ScaleTemplate()
    {
        Name = string.Empty;
        Spec = new ScaleSpec([]);
    }

    public int Id { get; private set; }

    public string Name { get; private set; }

    /// <summary>The bands, cap and kind; always valid once saved.</summary>
    public ScaleSpec Spec { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public static Result<ScaleTemplate> Create(string name, ScaleSpec spec, DateTimeOffset now)
    {
        var template = new ScaleTemplate();
        var errors = template.Update(name, spec, now);
        return errors.Count == 0 ? Result<ScaleTemplate>.Success(template) : Result<ScaleTemplate>.Failure(errors);
    }

    /// <summary>Renames and replaces the bands; nothing changes when the result lists errors.</summary>
    public IReadOnlyList<DomainError> Update(string name, ScaleSpec spec, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var errors = new List<DomainError>(NameErrors(name));
        errors.AddRange(spec.Validate());
        if (errors.Count > 0)
        {
            return errors;
        }

        Name = name.Trim();
        Spec = spec with { Name = Name };
        UpdatedAt = now;
        return [];
    }

    internal static IEnumerable<DomainError> NameErrors(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            yield return DomainErrors.Create(DomainErrors.NameRequired, "name");
        }
        else if (name.Trim().Length > MaxNameLength)
        {
            yield return DomainErrors.Create(DomainErrors.NameTooLong, "name", ("max", MaxNameLength));
        }
    }
}
