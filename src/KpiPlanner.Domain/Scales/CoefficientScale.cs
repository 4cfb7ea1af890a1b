using KpiPlanner.Domain.Kpis;
using KpiPlanner.Domain.Validation;

namespace KpiPlanner.Domain.Scales;

/// <summary>
/// A coefficient scale: maps a completion (or a raw value) to a coefficient and its meaning (domain.md §4).
/// Only <see cref="Create"/> builds one, so every scale the engine sees is valid: contiguous bands from 0 % (or the
/// raw minimum) to +∞, each boundary owned by exactly one band, coefficients ≥ 0.
/// <para><b>The band look-up</b> is <see cref="Lookup(Completion)"/>.</para>
/// </summary>
public sealed class CoefficientScale
{
    private readonly Band[] _bands;

    private CoefficientScale(ScaleSpec spec)
    {
        _bands = [.. spec.Bands];
        Cap = spec.Cap;
        Kind = spec.Kind;
        PlanPoint = spec.Kind == ScaleKind.Percent ? 100m : spec.PlanValue!.Value;
        Name = spec.Name;
    }

    /// <summary>The bands, lowest first.</summary>
    public IReadOnlyList<Band> Bands => _bands;

    /// <summary>The highest coefficient paid, if capped: coefficient = min(band's coefficient, cap).</summary>
    public decimal? Cap { get; }

    /// <summary>Percent or raw value.</summary>
    public ScaleKind Kind { get; }

    /// <summary>The completion that means "plan met": 100 (%) on a percent scale, the plan value on a raw-value scale.</summary>
    public decimal PlanPoint { get; }

    /// <summary>The scale's name, if any.</summary>
    public string? Name { get; }

    /// <summary>Checks the spec and builds the scale, or returns every error (paths relative to the scale).</summary>
    public static Result<CoefficientScale> Create(ScaleSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var errors = spec.Validate();
        return errors.Count > 0 ? Result<CoefficientScale>.Failure(errors) : Result<CoefficientScale>.Success(new(spec));
    }

    /// <summary>The spec this scale was built from (for editing or storing).</summary>
    public ScaleSpec ToSpec() => new(_bands, Cap, Kind, Kind == ScaleKind.RawValue ? PlanPoint : null, Name);

    /// <summary>
    /// THE BAND LOOK-UP. Finds the band holding the exact completion (never a rounded one: 94.2857… % is not 94.3 %)
    /// and its coefficient, capped.
    /// <para>
    /// Because the bands are contiguous, the answer is the first band whose upper boundary admits the value:
    /// <c>value &lt; to</c>, or <c>value = to</c> when the band owns its end; the open last band admits everything
    /// (including +∞). Anything below the first band's start falls into the first band.
    /// </para>
    /// </summary>
    public BandLookup Lookup(Completion completion) =>
        completion.IsPositiveInfinity ? Describe(_bands.Length - 1, _bands[^1].EndCoefficient) : Lookup(completion.Value);

    /// <summary>The look-up for a value in the scale's own unit (percent, or the raw value).</summary>
    public BandLookup Lookup(decimal value)
    {
        var index = IndexOf(value);
        return Describe(index, _bands[index].CoefficientAt(value));
    }

    /// <summary>The index of the band holding <paramref name="value"/>.</summary>
    public int IndexOf(decimal value)
    {
        var bands = _bands;
        for (var i = 0; i < bands.Length - 1; i++)
        {
            var to = bands[i].To!.Value;
            if (value < to || (value == to && bands[i].ToInclusive))
            {
                return i;
            }
        }

        return bands.Length - 1;
    }

    /// <summary>Applies the cap.</summary>
    public decimal ApplyCap(decimal coefficient) => Cap is { } cap && coefficient > cap ? cap : coefficient;

    /// <summary>True when the coefficient never falls as the completion grows (within and across bands).</summary>
    public bool IsNonDecreasing
    {
        get
        {
            for (var i = 0; i < _bands.Length; i++)
            {
                if (_bands[i].EndCoefficient < _bands[i].StartCoefficient)
                {
                    return false;
                }

                if (i > 0 && _bands[i].StartCoefficient < _bands[i - 1].EndCoefficient)
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>
    /// Whether the band at <paramref name="index"/> is wholly below a threshold (every completion in it is less than
    /// <paramref name="threshold"/>) — used by the check for gates and bonuses.
    /// </summary>
    internal bool BandIsWhollyBelow(int index, decimal threshold)
    {
        var band = _bands[index];
        return band.To is { } to && (to < threshold || (to == threshold && !band.ToInclusive));
    }

    /// <summary>Whether the band at <paramref name="index"/> is wholly above a threshold (every value in it exceeds it).</summary>
    internal bool BandIsWhollyAbove(int index, decimal threshold)
    {
        if (index == 0)
        {
            return false; // the lowest band reaches down to −∞
        }

        var band = _bands[index];
        var fromInclusive = !_bands[index - 1].ToInclusive;
        return band.From > threshold || (band.From == threshold && !fromInclusive);
    }

    private BandLookup Describe(int index, decimal raw)
    {
        var capped = ApplyCap(raw);
        return new BandLookup(index, _bands[index], capped, capped != raw);
    }
}

/// <summary>The answer of a band look-up.</summary>
/// <param name="BandIndex">0-based index of the band.</param>
/// <param name="Band">The band.</param>
/// <param name="Coefficient">The coefficient paid (interpolated for a linear band, capped).</param>
/// <param name="Capped">True when the cap lowered the coefficient.</param>
public readonly record struct BandLookup(int BandIndex, Band Band, decimal Coefficient, bool Capped)
{
    /// <summary>The band's meaning.</summary>
    public string? Label => Band.Label;
}
