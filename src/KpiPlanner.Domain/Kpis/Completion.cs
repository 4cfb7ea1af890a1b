using System.Globalization;
using KpiPlanner.Domain.Validation;

namespace KpiPlanner.Domain.Kpis;

/// <summary>
/// How far a fact met its plan — the number a coefficient scale looks up.
/// <para>
/// <b>Unit: percent.</b> The domain keeps completions in percent, as people type band boundaries and as the API
/// returns them: 100 means the plan is met exactly (domain.md's ratio 1.0), 94.2857142857… means 94.3 %.
/// The value is never rounded: look-ups use the exact completion. For a <see cref="Measurement.RawValue"/> KPI the
/// "completion" is the value itself (e.g. 3 days late) and its scale's bands are on that value.
/// </para>
/// <para>
/// A lower-is-better KPI whose fact is 0 (no receivables at all) is over-achieved without limit:
/// <see cref="IsPositiveInfinity"/> is set and the scale's top band applies — no division happens.
/// </para>
/// </summary>
public readonly record struct Completion
{
    private const decimal Hundred = 100m;

    private Completion(decimal value, bool isPositiveInfinity, bool isRawValue)
    {
        Value = value;
        IsPositiveInfinity = isPositiveInfinity;
        IsRawValue = isRawValue;
    }

    /// <summary>Percent (100 = plan met) or, when <see cref="IsRawValue"/>, the raw value. 0 when infinite.</summary>
    public decimal Value { get; }

    /// <summary>+∞: a lower-is-better KPI with a fact of 0 or less. It lands in the scale's top band.</summary>
    public bool IsPositiveInfinity { get; }

    /// <summary>True for a raw value (days, minutes) rather than a percent.</summary>
    public bool IsRawValue { get; }

    /// <summary>A completion in percent (100 = plan met).</summary>
    public static Completion FromPercent(decimal percent) => new(percent, false, false);

    /// <summary>A raw value for a time-regulation KPI; its scale is on the value itself.</summary>
    public static Completion OfRawValue(decimal value) => new(value, false, true);

    /// <summary>+∞ % — unlimited over-achievement; lands in the top band.</summary>
    public static Completion PositiveInfinity { get; } = new(0m, true, false);

    /// <summary>
    /// Plan vs fact. Higher is better: <c>fact / plan × 100</c>; lower is better: <c>plan / fact × 100</c>, and a fact of
    /// 0 or less is <see cref="PositiveInfinity"/>. A plan of 0 or less is refused (<c>plan</c>), never divided by.
    /// A negative fact of a higher-is-better KPI (a loss against a profit plan) gives a negative completion, which
    /// the scale's lowest band takes.
    /// </summary>
    public static Result<Completion> OfRatio(Direction direction, decimal plan, decimal fact)
    {
        if (plan <= 0)
        {
            return Result<Completion>.Failure(
                DomainErrors.Create(DomainErrors.CompletionPlanNotPositive, "plan", ("plan", plan)));
        }

        try
        {
            return Result<Completion>.Success(Ratio(direction, plan, fact));
        }
        catch (OverflowException)
        {
            return Result<Completion>.Failure(
                DomainErrors.Create(DomainErrors.CompletionOutOfRange, "plan", ("plan", plan), ("fact", fact)));
        }
    }

    /// <summary>The arithmetic of <see cref="OfRatio"/> for a plan already known to be &gt; 0.</summary>
    internal static Completion Ratio(Direction direction, decimal plan, decimal fact) => direction switch
    {
        Direction.HigherIsBetter => FromPercent(fact * Hundred / plan),
        Direction.LowerIsBetter => fact <= 0 ? PositiveInfinity : FromPercent(plan * Hundred / fact),
        _ => throw new ArgumentOutOfRangeException(nameof(direction)),
    };

    /// <summary>
    /// A dynamic KPI ("grow 20 %"): <c>actual growth / planned growth × 100</c>, where
    /// actual growth = <c>(fact − base) / |base| × 100</c> and the base is the previous period's fact or the same period
    /// last year. <paramref name="plannedGrowthPercent"/> is in percent (20 = grow 20 %; −10 = shrink 10 %, so a
    /// shrink of 15 % completes 150 %). The base's absolute value is used so that growth from a loss is positive.
    /// A base of 0 (<c>base</c>) or a planned growth of 0 (<c>plannedGrowth</c>) is refused, never divided by.
    /// </summary>
    public static Result<Completion> OfGrowth(decimal @base, decimal plannedGrowthPercent, decimal fact)
    {
        var errors = new ErrorList();
        if (@base == 0)
        {
            errors.Add(DomainErrors.CompletionGrowthBaseZero, "base");
        }

        if (plannedGrowthPercent == 0)
        {
            errors.Add(DomainErrors.CompletionPlannedGrowthZero, "plannedGrowth");
        }

        if (errors.Count > 0)
        {
            return Result<Completion>.Failure(errors);
        }

        try
        {
            var actualGrowthPercent = (fact - @base) * Hundred / Math.Abs(@base);
            return Result<Completion>.Success(FromPercent(actualGrowthPercent * Hundred / plannedGrowthPercent));
        }
        catch (OverflowException)
        {
            return OutOfRange("fact", fact);
        }
    }

    /// <summary>
    /// Whether a plan moves from the base the KPI's good way (up when higher is better, down when lower is better), so
    /// that <see cref="OfGrowthAgainstPlan"/> measures growth; otherwise it measures plan against fact.
    /// </summary>
    public static bool IsGrowthPlanned(Direction direction, decimal @base, decimal plan) =>
        direction == Direction.HigherIsBetter ? plan > @base : plan < @base;

    /// <summary>
    /// A growth KPI measured against its plan (the article's table 2, row 1.2: «(фактический прирост) / (плановый
    /// прирост)»): <c>(fact − base) / (plan − base) × 100</c>. The plan is the value planned for the period (a planned
    /// growth of 20 % on a base of 1 000 000 is a plan of 1 200 000; a fact of 1 150 000 is a growth of 15 % and completes
    /// 75 %). Defined for every base — 0 and negative included (growth from a loss: the improvement made over the
    /// improvement planned) — as long as the planned change goes the KPI's good way (up when higher is better, down when
    /// lower is better). A plan equal to the base, or a planned change the wrong way (a planned fall of revenue, a
    /// planned rise of costs), has no growth to complete: such a period is measured as plan vs fact
    /// (<see cref="OfRatio"/>), so meeting the plan is 100 % and doing better is more — never a division by zero, and
    /// never a reward for moving the wrong way. A plan of 0 or less there is refused as <see cref="OfRatio"/> refuses it.
    /// </summary>
    public static Result<Completion> OfGrowthAgainstPlan(Direction direction, decimal @base, decimal plan, decimal fact)
    {
        if (!IsGrowthPlanned(direction, @base, plan))
        {
            return OfRatio(direction, plan, fact);
        }

        try
        {
            return Result<Completion>.Success(FromPercent((fact - @base) * Hundred / (plan - @base)));
        }
        catch (OverflowException)
        {
            return OutOfRange("fact", fact);
        }
    }

    /// <summary>
    /// An aggregate indicator: the weighted mean <c>Σ(weight × completion) / Σ weight</c> of its parts' completions.
    /// Weights are any positive numbers (usually percents). If a part is +∞, so is the aggregate.
    /// Errors point at <c>parts</c> or <c>parts[i].weight</c>.
    /// </summary>
    public static Result<Completion> OfAggregate(IReadOnlyList<AggregatePart> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var errors = new ErrorList();
        if (parts.Count == 0)
        {
            errors.Add(DomainErrors.CompletionAggregateEmpty, "parts");
        }

        for (var i = 0; i < parts.Count; i++)
        {
            if (parts[i].Weight <= 0)
            {
                errors.Add(DomainErrors.CompletionAggregateWeightNotPositive, Paths.Index("parts", i) + ".weight",
                    ("weight", parts[i].Weight));
            }
        }

        if (errors.Count > 0)
        {
            return Result<Completion>.Failure(errors);
        }

        if (parts.Any(p => p.Completion.IsPositiveInfinity))
        {
            return Result<Completion>.Success(PositiveInfinity);
        }

        try
        {
            var weighted = 0m;
            var weights = 0m;
            foreach (var part in parts)
            {
                weighted += part.Weight * part.Completion.Value;
                weights += part.Weight;
            }

            return Result<Completion>.Success(FromPercent(weighted / weights));
        }
        catch (OverflowException)
        {
            return OutOfRange("parts", 0m);
        }
    }

    private static Result<Completion> OutOfRange(string path, decimal value) => Result<Completion>.Failure(
        DomainErrors.Create(DomainErrors.NumberOutOfRange, path, ("value", value), ("max", Money.MaxAmount)));

    /// <summary>The completion as a ratio (1.0 = plan met), or null for +∞ and raw values.</summary>
    public decimal? AsRatio => IsPositiveInfinity || IsRawValue ? null : Value / Hundred;

    /// <inheritdoc/>
    public override string ToString() =>
        IsPositiveInfinity ? "+∞ %"
        : IsRawValue ? Value.ToString(CultureInfo.InvariantCulture)
        : Value.ToString(CultureInfo.InvariantCulture) + " %";
}

/// <summary>One part of an aggregate indicator: its completion and its weight in the mean.</summary>
public readonly record struct AggregatePart(Completion Completion, decimal Weight);
