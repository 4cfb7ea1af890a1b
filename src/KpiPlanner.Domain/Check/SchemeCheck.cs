using System.Numerics;
using KpiPlanner.Domain.Schemes;
using KpiPlanner.Domain.Validation;

namespace KpiPlanner.Domain.Check;

/// <summary>
/// The check of every pay outcome (article, step 7 and table 6): the pay for every combination of band outcomes of a
/// scheme's KPIs — 5 KPIs × 5 bands = 3 125 outcomes — with the minimum, the plan and the maximum.
/// <para>
/// Each band is represented by its upper end: a step band by its coefficient, a <b>linear</b> band by the coefficient
/// it reaches at its end (<see cref="Scales.Band.CoefficientTo"/>), capped — i.e. the most an accelerator band pays.
/// A gate counts as failed, and a threshold bonus as missed, only when <i>no</i> completion inside the band reaches
/// the threshold (a band that straddles a threshold is shown as reaching it). An amount entered per period as bonus
/// is unknown in advance and counts as 0.
/// </para>
/// <para>
/// The <b>plan</b> outcome puts every KPI in the band that holds its plan point (100 %, or a raw scale's plan value).
/// Min and max are the smallest and largest totals among the outcomes, so min ≤ plan ≤ max always.
/// </para>
/// </summary>
public static partial class SchemeCheck
{
    /// <summary>The most outcomes the check lists (7 KPIs × 5 bands = 78 125 fit).</summary>
    public const int MaxOutcomes = 100_000;

    /// <summary>Runs the check. Refuses (<c>check.too_many_outcomes</c>) only beyond <see cref="MaxOutcomes"/>.</summary>
    public static Result<CheckResult> Run(MotivationScheme scheme) => Run(scheme, MaxOutcomes);

    /// <summary>
    /// Runs the check, refusing (<c>check.too_many_outcomes</c>) beyond <paramref name="maxOutcomes"/> (at most
    /// <see cref="MaxOutcomes"/>): the API lists fewer, so that its answer stays near the size of what it was sent.
    /// </summary>
    public static Result<CheckResult> Run(MotivationScheme scheme, int maxOutcomes)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxOutcomes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxOutcomes, MaxOutcomes);
        var kpis = scheme.Kpis;
        var n = kpis.Count;

        if (TooMany(scheme, maxOutcomes) is { } tooMany)
        {
            return Result<CheckResult>.Failure(tooMany);
        }

        var count = kpis.Aggregate(1, (p, k) => p * k.Scale.Bands.Count);

        var table = new CheckTable(scheme);
        var outcomes = new CheckOutcome[count];
        var index = new int[n];
        try
        {
            for (var o = 0; o < count; o++)
            {
                var outcome = table.Outcome(index);
                if (!Money.IsInRange(outcome.Total))
                {
                    return OutOfRange<CheckResult>();
                }

                outcomes[o] = outcome;
                table.Next(index);
            }
        }
        catch (OverflowException)
        {
            return OutOfRange<CheckResult>();
        }

        return Result<CheckResult>.Success(new CheckResult(outcomes, table.BandCounts, table.PlanBands));
    }

    private static Result<T> OutOfRange<T>() =>
        Result<T>.Failure(DomainErrors.Create(DomainErrors.PayOutOfRange, string.Empty, ("max", Money.MaxAmount)));

    /// <summary>The refusal of a check beyond <paramref name="maxOutcomes"/>, or null when the scheme's outcomes fit.</summary>
    private static DomainError? TooMany(MotivationScheme scheme, int maxOutcomes)
    {
        long count = 1;
        foreach (var kpi in scheme.Kpis)
        {
            count *= kpi.Scale.Bands.Count;
            if (count > maxOutcomes)
            {
                return DomainErrors.Create(DomainErrors.CheckTooManyOutcomes, "kpis",
                    ("count", scheme.Kpis.Aggregate(BigInteger.One, (p, k) => p * k.Scale.Bands.Count)), ("max", maxOutcomes));
            }
        }

        return null;
    }
}
