using KpiPlanner.Domain.Goals;
using KpiPlanner.Domain.Kpis;
using KpiPlanner.Domain.Schemes;

namespace KpiPlanner.Domain.Payroll;

/// <summary>
/// THE MEASUREMENT of one KPI of a person for one month, per its kind (docs/kpi-kinds.md): plan vs fact, a raw value,
/// or growth against its base. The pay run, the plan grid and its team totals, the estimate and the employee's own page
/// all measure here. A figure that is missing (or unusable) gives 0 % and says which, so HR sees who misses what before
/// closing.
/// </summary>
public static class KpiMeasure
{
    /// <summary>
    /// A KPI-month as a screen shows it (the plan grid, its team totals, "my results"): <see cref="Of"/> on the month's
    /// figures; in today's month (<paramref name="running"/>) against what is due by today — the plan and a growth
    /// KPI's base both as due by today (<see cref="MonthInProgress.PlanDue"/>), so a month exactly on pace reads 100 %.
    /// Where the pay run counts a missing figure as 0 %, a screen shows no completion (and says which figure is
    /// missing); nothing due yet shows no completion either.
    /// </summary>
    public static KpiReading Read(SchemeKpi kpi, KpiFigures figures, MonthInProgress? running = null)
    {
        ArgumentNullException.ThrowIfNull(kpi);
        var due = figures;
        if (running is not null && figures.Plan is { } plan)
        {
            if (running.PlanDue(kpi.Aggregation, plan) is not { } planDue)
            {
                return new KpiReading(null, MissingFigure.None, null) { NothingDue = true };
            }

            due = figures with { Plan = planDue, Base = figures.Base is { } b ? running.PlanDue(kpi.Aggregation, b) : null };
        }

        var (completion, missing) = Of(kpi, due);
        return new KpiReading(missing == MissingFigure.None ? completion : null, missing, due.Plan);
    }

    /// <summary>
    /// Every KPI of a scheme for one month, in the scheme's order: each KPI on its own figures (<see cref="Of"/>), then
    /// each aggregated KPI from its parts' completions (<see cref="OfIndex"/>).
    /// </summary>
    public static (Completion Completion, MissingFigure Missing)[] OfScheme(MotivationScheme scheme, IReadOnlyList<KpiFigures> figures)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        ArgumentNullException.ThrowIfNull(figures);
        var kpis = scheme.Kpis;
        var measured = new (Completion Completion, MissingFigure Missing)[kpis.Count];
        for (var i = 0; i < kpis.Count; i++)
        {
            if (kpis[i].Measurement != Measurement.Aggregate)
            {
                measured[i] = Of(kpis[i], figures[i]);
            }
        }

        for (var i = 0; i < kpis.Count; i++)
        {
            if (kpis[i].Measurement == Measurement.Aggregate)
            {
                measured[i] = OfIndex(kpis[i], index => measured[index]);
            }
        }

        return measured;
    }

    /// <summary>
    /// An aggregated KPI (the consultants' «агрегированный показатель»): the weighted mean of its parts' completions,
    /// each part counted within 0–200 % (<see cref="AggregatePartSpec.Counted"/>), so one outstanding part (or a
    /// lower-is-better fact of 0, +∞) cannot carry the index alone. A part without its figures leaves the index
    /// unmeasured (<see cref="MissingFigure.Part"/>): 0 % on the pay line, flagged, as any missing figure.
    /// </summary>
    /// <param name="part">The measurement of the scheme's KPI at an index (the parts are measured first).</param>
    public static (Completion Completion, MissingFigure Missing) OfIndex(SchemeKpi kpi, Func<int, (Completion Completion, MissingFigure Missing)> part)
    {
        ArgumentNullException.ThrowIfNull(kpi);
        ArgumentNullException.ThrowIfNull(part);
        var zero = Completion.FromPercent(0m);
        if (kpi.Parts.Count == 0)
        {
            return (zero, MissingFigure.NotMeasurable);
        }

        var parts = new AggregatePart[kpi.Parts.Count];
        for (var j = 0; j < parts.Length; j++)
        {
            var (completion, missing) = part(kpi.Parts[j].Index);
            if (missing != MissingFigure.None)
            {
                return (zero, MissingFigure.Part);
            }

            parts[j] = new AggregatePart(AggregatePartSpec.Counted(completion), kpi.Parts[j].Weight);
        }

        var index = Completion.OfAggregate(parts);
        return index.IsValid ? (index.Value, MissingFigure.None) : (zero, MissingFigure.NotMeasurable);
    }

    /// <summary>
    /// An aggregated KPI as a screen shows it: <see cref="OfIndex"/> over its parts' readings (<see cref="Read"/>); no
    /// completion while a part has none (a figure missing, or nothing due yet).
    /// </summary>
    public static KpiReading ReadIndex(SchemeKpi kpi, Func<int, KpiReading> part)
    {
        ArgumentNullException.ThrowIfNull(kpi);
        ArgumentNullException.ThrowIfNull(part);
        var nothingDue = false;
        var (completion, missing) = OfIndex(kpi, index =>
        {
            var reading = part(index);
            nothingDue |= reading.NothingDue;
            return reading.Completion is { } c ? (c, MissingFigure.None) : (Completion.FromPercent(0m), reading.NothingDue ? MissingFigure.None : MissingFigure.Part);
        });
        return nothingDue ? new KpiReading(null, MissingFigure.None, null) { NothingDue = true }
            : new KpiReading(missing == MissingFigure.None ? completion : null, missing, null);
    }

    /// <summary>The completion the scale looks up, and what was missing (<see cref="MissingFigure.None"/> when nothing).
    /// An aggregated KPI is measured from its parts (<see cref="OfScheme"/>, <see cref="OfIndex"/>), not here.</summary>
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

/// <summary>A KPI-month as shown (<see cref="KpiMeasure.Read"/>).</summary>
/// <param name="Completion">The completion; null when a figure is missing or unusable, or nothing is due yet.</param>
/// <param name="Missing">Which figure is missing or unusable (<see cref="MissingFigure.None"/> when none).</param>
/// <param name="PlanToDate">The plan the fact was measured against (in today's month, the plan due by today).</param>
public sealed record KpiReading(Completion? Completion, MissingFigure Missing, decimal? PlanToDate)
{
    /// <summary>Today's month before its first working day has passed: nothing is due, nothing is measured.</summary>
    public bool NothingDue { get; init; }
}
