namespace KpiPlanner.Domain;

/// <summary>
/// Money is <see cref="decimal"/> in roubles, stored as PostgreSQL <c>numeric(18,2)</c>.
/// <para>
/// THE rounding rule of the product: an amount is rounded to kopecks (2 places), half away from zero
/// (0.125 → 0.13, 2.675 → 2.68, −0.125 → −0.13), exactly once, at the pay line. Never banker's rounding,
/// never floating point.
/// </para>
/// </summary>
public static class Money
{
    /// <summary>The largest amount <c>numeric(18,2)</c> can hold: 16 digits before the point, 2 after.</summary>
    public const decimal MaxAmount = 9_999_999_999_999_999.99m;

    /// <summary>Rounds to kopecks, half away from zero. The one place where money is rounded.</summary>
    public static decimal Round(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero);

    /// <summary>True when |<paramref name="value"/>| fits <c>numeric(18,2)</c>; every number the domain accepts must.</summary>
    public static bool IsInRange(decimal value) => value is >= -MaxAmount and <= MaxAmount;

    /// <summary>True when the amount has no fraction of a kopeck (at most 2 decimal places).</summary>
    public static bool IsWholeKopecks(decimal amount) => Math.Round(amount, 2) == amount;
}
