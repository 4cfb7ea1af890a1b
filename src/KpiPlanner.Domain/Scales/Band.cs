namespace KpiPlanner.Domain.Scales;

/// <summary>
/// One completion band of a coefficient scale, as a person types it (percents, or raw values on a raw-value scale).
/// <para>
/// Boundaries: the band covers <see cref="From"/> … <see cref="To"/>; <c>To = null</c> means +∞ (only the last band).
/// <see cref="ToInclusive"/> says whether this band owns its upper boundary ("90 % to 100 % inclusive").
/// <see cref="From"/> is inclusive unless the band before owns the boundary. The lowest band also takes everything
/// below its start (a loss against a profit plan is a negative completion).
/// </para>
/// <para>
/// A <b>step</b> band pays <see cref="Coefficient"/>. A <b>linear</b> band (<see cref="CoefficientTo"/> set) pays a
/// coefficient growing (or falling) in a straight line from <see cref="Coefficient"/> at <see cref="From"/> to
/// <see cref="CoefficientTo"/> at <see cref="To"/> — accelerators and decelerators; it needs a finite end.
/// </para>
/// The table-3 scale is: [0, 50) → 0; [50, 90) → 0.5; [90, 100] → 1; (100, 120] → 1.2; (120, +∞) → 1.5.
/// </summary>
/// <param name="From">Where the band starts.</param>
/// <param name="To">Where it ends; null = +∞.</param>
/// <param name="Coefficient">The coefficient (at <see cref="From"/>, for a linear band).</param>
/// <param name="ToInclusive">Whether the band owns <see cref="To"/>. Default false: "from 90 %" starts the next band.</param>
/// <param name="CoefficientTo">For a linear band, the coefficient at <see cref="To"/>; null for a step band.</param>
/// <param name="Label">The band's meaning ("target reached").</param>
/// <param name="FromInclusive">
/// Optional, only to state ownership explicitly: null derives it from the band before (the usual case); a value that
/// contradicts the previous band's <see cref="ToInclusive"/> is a "boundary owned by both / neither" error.
/// </param>
public sealed record Band(
    decimal From,
    decimal? To,
    decimal Coefficient,
    bool ToInclusive = false,
    decimal? CoefficientTo = null,
    string? Label = null,
    bool? FromInclusive = null)
{
    /// <summary>True for a linear band (the coefficient is interpolated across it).</summary>
    public bool IsLinear => CoefficientTo is not null;

    /// <summary>The coefficient at the band's start.</summary>
    public decimal StartCoefficient => Coefficient;

    /// <summary>The coefficient at the band's end (equal to the start for a step band).</summary>
    public decimal EndCoefficient => CoefficientTo ?? Coefficient;

    /// <summary>
    /// The coefficient at <paramref name="value"/> before any cap: the step value, or the linear interpolation
    /// <c>c₀ + (c₁ − c₀) × (value − from) / (to − from)</c> with the value clamped into the band.
    /// </summary>
    public decimal CoefficientAt(decimal value)
    {
        if (CoefficientTo is not { } end || To is not { } to)
        {
            return Coefficient;
        }

        if (value <= From)
        {
            return Coefficient;
        }

        if (value >= to)
        {
            return end;
        }

        return Coefficient + ((end - Coefficient) * (value - From) / (to - From));
    }
}
