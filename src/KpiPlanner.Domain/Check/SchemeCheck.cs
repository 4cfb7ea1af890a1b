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
public static class SchemeCheck
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

        long count = 1;
        foreach (var kpi in kpis)
        {
            count *= kpi.Scale.Bands.Count;
            if (count > maxOutcomes)
            {
                return Result<CheckResult>.Failure(DomainErrors.Create(DomainErrors.CheckTooManyOutcomes, "kpis",
                    ("count", kpis.Aggregate(BigInteger.One, (p, k) => p * k.Scale.Bands.Count)), ("max", maxOutcomes)));
            }
        }

        // Per KPI and band: the representative coefficient, its weighted value, and whether the gate fails there.
        var coefficients = new decimal[n][];
        var weighted = new decimal[n][];
        var gateFails = new bool[n][];
        for (var k = 0; k < n; k++)
        {
            var kpi = kpis[k];
            var bands = kpi.Scale.Bands;
            coefficients[k] = new decimal[bands.Count];
            weighted[k] = new decimal[bands.Count];
            gateFails[k] = new bool[bands.Count];
            for (var b = 0; b < bands.Count; b++)
            {
                var c = kpi.Scale.ApplyCap(bands[b].EndCoefficient);
                coefficients[k][b] = c;
                weighted[k][b] = kpi.WeightFraction * c;
                gateFails[k][b] = kpi.Gate is { } gate && !kpi.BandCanReach(b, gate);
            }
        }

        var bonusRule = scheme.Bonus as ThresholdBonusRule;
        var bonusKpi = scheme.BonusKpiIndex;

        var outcomes = new CheckOutcome[count];
        var index = new int[n];
        try
        {
            for (var o = 0; o < count; o++)
            {
                var sum = 0m;
                var gated = false;
                var bands = new int[n];
                var coefs = new decimal[n];
                for (var k = 0; k < n; k++)
                {
                    var b = index[k];
                    bands[k] = b;
                    coefs[k] = coefficients[k][b];
                    sum += weighted[k][b];
                    gated |= gateFails[k][b];
                }

                var variable = gated ? 0m : Money.Round(scheme.PlannedVariable * sum);
                var bonus = bonusRule is not null && kpis[bonusKpi].BandCanReach(index[bonusKpi], bonusRule.Threshold)
                    ? bonusRule.Amount
                    : 0m;
                var total = scheme.Fixed + variable + bonus;
                if (!Money.IsInRange(total))
                {
                    return Result<CheckResult>.Failure(DomainErrors.Create(DomainErrors.PayOutOfRange, string.Empty, ("max", Money.MaxAmount)));
                }

                outcomes[o] = new CheckOutcome(bands, coefs, sum, variable, bonus, total, gated);

                // Odometer: the last KPI turns fastest, so for 2 KPIs the list reads row by row like table 6.
                for (var k = n - 1; k >= 0; k--)
                {
                    if (++index[k] < coefficients[k].Length)
                    {
                        break;
                    }

                    index[k] = 0;
                }
            }
        }
        catch (OverflowException)
        {
            return Result<CheckResult>.Failure(DomainErrors.Create(DomainErrors.PayOutOfRange, string.Empty, ("max", Money.MaxAmount)));
        }

        var planBands = kpis.Select(k => k.Scale.IndexOf(k.Scale.PlanPoint)).ToArray();
        return Result<CheckResult>.Success(new CheckResult(outcomes, kpis.Select(k => k.Scale.Bands.Count).ToArray(), planBands));
    }
}
