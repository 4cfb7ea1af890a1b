using KpiPlanner.Domain.Kpis;
using KpiPlanner.Domain.Schemes;

namespace KpiPlanner.Domain.Payroll;

/// <summary>
/// THE MEASUREMENT of one KPI of a person for one month, per its kind (docs/kpi-kinds.md): plan vs fact, a raw value,
/// or growth against its base. The pay run, the plan grid's estimate and the employee's own page all measure here.
/// A figure that is missing (or unusable) gives 0 % and says which, so HR sees who misses what before closing.
/// </summary>
public static class KpiMeasure
{
    /// <summary>The completion the scale looks up, and what was missing (<see cref="MissingFigure.None"/> when nothing).</summary>
    public static (Completion Completion, MissingFigure Missing) Of(SchemeKpi kpi, KpiFigures figures)
    {
        var zero = kpi.Measurement == Measurement.RawValue ? Completion.OfRawValue(0m) : Completion.FromPercent(0m);
        switch (kpi.Measurement)
        {
            case Measurement.Ratio:
                var plan = figures.Plan is > 0m;
                var fact = figures.Fact is not null;
                if (!plan || !fact)
                {
                    return (zero, plan ? MissingFigure.Fact : fact ? MissingFigure.Plan : MissingFigure.PlanAndFact);
                }

                var ratio = Completion.OfRatio(kpi.Direction, figures.Plan!.Value, figures.Fact!.Value);
                return ratio.IsValid ? (ratio.Value, MissingFigure.None) : (zero, MissingFigure.Plan);

            case Measurement.RawValue:
                return figures.Fact is { } raw ? (Completion.OfRawValue(raw), MissingFigure.None) : (zero, MissingFigure.Fact);

            case Measurement.Growth:
                // The plan is the value planned for the month (base × (1 + planned growth)); any plan may be typed,
                // so only a missing one is missing here: Completion.OfGrowthAgainstPlan decides the rest.
                if (figures.Plan is null || figures.Fact is null)
                {
                    return (zero, figures.Plan is not null ? MissingFigure.Fact : figures.Fact is not null ? MissingFigure.Plan : MissingFigure.PlanAndFact);
                }

                if (figures.Base is not { } @base)
                {
                    return (zero, MissingFigure.Base);
                }

                var growth = Completion.OfGrowthAgainstPlan(kpi.Direction, @base, figures.Plan.Value, figures.Fact.Value);
                return growth.IsValid ? (growth.Value, MissingFigure.None) : (zero, MissingFigure.Plan);

            case Measurement.Aggregate:
                return (zero, MissingFigure.NotMeasurable);

            default:
                throw new ArgumentOutOfRangeException(nameof(kpi), kpi.Measurement, "Unknown measurement.");
        }
    }
}
