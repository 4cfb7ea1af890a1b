using KpiPlanner.Domain.Kpis;
using KpiPlanner.Domain.Schemes;

namespace KpiPlanner.Domain.Payroll;

/// <summary>
/// The fact that would have put a KPI in its next better band: <see cref="Fact"/> (in the KPI's unit, on the unit's
/// step), <see cref="Change"/> = that fact − the fact now (negative when less is better), and the band it reaches.
/// </summary>
public sealed record NextBandTarget(decimal Fact, decimal Change, int BandIndex, decimal Coefficient, string? Label);

/// <summary>
/// THE NEXT-BAND HINT of the employee's page («310 500 ₽ (+500 ₽) → коэффициент 1»): for one KPI of a month, the
/// smallest change of the fact that moves it into the next band paying a higher coefficient.
/// <para>
/// The answer is found by asking the pay engine itself — <see cref="KpiMeasure.Of"/> and the scale's band look-up — for
/// facts on the unit's step (kopecks, whole pieces, hundredths of a day), so it can never disagree with the pay: a
/// plan-vs-fact, growth (completion = (fact − base) / (plan − base)) or raw-value KPI, higher or lower is better, bands
/// that own their boundary or not, capped scales. Completion only grows as the fact moves the good way (up when higher
/// is better, down when lower is better), so the first fact that reaches the band is found by doubling the step and then
/// halving it back: at most a few hundred look-ups, no division that could disagree with the engine's own.
/// </para>
/// <para>
/// "Next better band": moving the good way, the first band whose coefficient where it starts (capped) is higher than
/// the coefficient paid now. None — null — in the top band, above a cap, or when the KPI is not measured (a missing plan,
/// fact or base; an aggregate KPI).
/// </para>
/// </summary>
public static class NextBand
{
    private const int MaxDoublings = 96;

    /// <param name="kpi">The scheme's KPI: its scale, direction, measurement.</param>
    /// <param name="figures">The month's plan, fact and (for growth) base.</param>
    /// <param name="decimals">Decimal places of the KPI's unit (2 for money, 0 for counts).</param>
    public static NextBandTarget? Of(SchemeKpi kpi, KpiFigures figures, int decimals)
    {
        ArgumentNullException.ThrowIfNull(kpi);
        ArgumentOutOfRangeException.ThrowIfNegative(decimals);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(decimals, 10);
        var (completion, missing) = KpiMeasure.Of(kpi, figures);
        if (missing != MissingFigure.None || figures.Fact is not { } fact)
        {
            return null;
        }

        var scale = kpi.Scale;
        var now = scale.Lookup(completion);
        // On a raw-value scale where less is better (days late), the better bands are the lower ones.
        var bandStep = kpi.Measurement == Measurement.RawValue && kpi.Direction == Direction.LowerIsBetter ? -1 : 1;
        var target = -1;
        for (var j = now.BandIndex + bandStep; j >= 0 && j < scale.Bands.Count; j += bandStep)
        {
            var band = scale.Bands[j];
            if (scale.ApplyCap(bandStep > 0 ? band.StartCoefficient : band.EndCoefficient) > now.Coefficient)
            {
                target = j;
                break;
            }
        }

        if (target < 0)
        {
            return null;
        }

        var step = Step(decimals);
        var sign = kpi.Direction == Direction.HigherIsBetter ? 1m : -1m;
        // The grid point at or just behind the fact; candidates are 1, 2, … steps beyond it, the good way.
        var origin = sign > 0 ? Math.Floor(fact / step) * step : Math.Ceiling(fact / step) * step;
        bool Reaches(decimal k) => Try(kpi, figures, origin + (sign * k * step)) is { } look && look.BandIndex * bandStep >= target * bandStep;

        try
        {
            var high = 1m;
            var doublings = 0;
            while (!Reaches(high))
            {
                if (++doublings > MaxDoublings)
                {
                    return null;
                }

                high *= 2m;
            }

            var low = high / 2m; // never reaches (or is 1/2, below the first candidate)
            while (high - low > 1m)
            {
                var middle = Math.Floor((low + high) / 2m);
                if (Reaches(middle))
                {
                    high = middle;
                }
                else
                {
                    low = middle;
                }
            }

            var reached = origin + (sign * high * step);
            var lookup = Try(kpi, figures, reached)!.Value;
            return new NextBandTarget(reached, reached - fact, lookup.BandIndex, lookup.Coefficient, lookup.Label);
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    /// <summary>The unit's step: 1 for 0 decimals, 0.01 for 2.</summary>
    public static decimal Step(int decimals)
    {
        var step = 1m;
        for (var i = 0; i < decimals; i++)
        {
            step /= 10m;
        }

        return step;
    }

    private static Scales.BandLookup? Try(SchemeKpi kpi, KpiFigures figures, decimal fact)
    {
        var (completion, missing) = KpiMeasure.Of(kpi, figures with { Fact = fact });
        return missing == MissingFigure.None ? kpi.Scale.Lookup(completion) : null;
    }
}
