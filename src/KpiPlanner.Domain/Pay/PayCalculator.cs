using KpiPlanner.Domain.Kpis;
using KpiPlanner.Domain.Schemes;
using KpiPlanner.Domain.Validation;

namespace KpiPlanner.Domain.Pay;

/// <summary>
/// THE PAY FORMULA (domain.md §5):
/// <code>
///   for each KPI i:  completion_i → band → coefficient_i (capped) ;  weighted_i = weight_i / 100 × coefficient_i
///   variable = round(planned variable × Σ weighted_i)      — 0 if any gate KPI is below its threshold
///   bonus    = threshold bonus (if its KPI reached it) + amount entered for the period
///   pay      = fixed + variable + bonus
/// </code>
/// Money is rounded once, at the pay line, to kopecks half away from zero (<see cref="Money.Round"/>). Fixed and bonus
/// amounts are whole kopecks already, so the total needs no further rounding.
/// <para>
/// A one-off KPI (<see cref="OneOffPeriod"/>) counts only in the month its period ends. In another month it is not due:
/// its coefficient is not looked up, and the KPIs that are due count in proportion to their weights, as if those summed
/// to 100 %: <c>variable = round(planned variable × Σ_due weighted_i / Σ_due weight_i)</c> (the division comes last, so
/// the result is exact to the kopeck). With every KPI due the divisor is 1 and nothing changes.
/// </para>
/// </summary>
public static class PayCalculator
{
    /// <summary>
    /// Measures every KPI from its figures and calculates the pay. Errors (plan ≤ 0, base 0, missing figures,
    /// results not matching the KPIs) have paths like <c>kpis[1].plan</c>, never an exception.
    /// </summary>
    /// <param name="scheme">A valid scheme.</param>
    /// <param name="results">One input per KPI of the scheme, in its order.</param>
    /// <param name="enteredBonus">The bonus amount entered for the period (≥ 0, whole kopecks).</param>
    /// <param name="month">The month paid, which decides whether a one-off KPI is due; null counts every KPI as due.</param>
    public static Result<PayResult> Calculate(MotivationScheme scheme, IReadOnlyList<KpiResultInput> results,
        decimal enteredBonus = 0m, DateOnly? month = null)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        ArgumentNullException.ThrowIfNull(results);
        if (results.Count != scheme.Kpis.Count)
        {
            return CountMismatch(scheme, results.Count);
        }

        // The hot path (10 000 employees × 5 KPIs): no allocation for errors or paths unless something is wrong.
        ErrorList? errors = null;
        var completions = new Completion[results.Count];
        for (var i = 0; i < completions.Length; i++)
        {
            if (!scheme.Kpis[i].IsDueIn(month))
            {
                continue; // a one-off KPI in another month: not measured, its figures not needed
            }

            try
            {
                if (Measure(scheme.Kpis[i], results[i], i, ref errors) is { } completion)
                {
                    completions[i] = completion;
                }
            }
            catch (OverflowException)
            {
                (errors ??= []).Add(DomainErrors.CompletionOutOfRange, PathOf(i, "plan"), ("plan", results[i].Plan ?? 0m),
                    ("fact", results[i].Fact ?? 0m));
            }
        }

        if (errors is null)
        {
            // An aggregated KPI with parts in the scheme is measured from its parts' completions, as the pay run does.
            for (var i = 0; i < completions.Length; i++)
            {
                var kpi = scheme.Kpis[i];
                if (kpi.Measurement == Measurement.Aggregate && kpi.Parts.Count > 0 && results[i].CompletionPercent is null)
                {
                    completions[i] = Payroll.KpiMeasure.OfIndex(kpi, index => (completions[index], Payroll.MissingFigure.None)).Completion;
                }
            }
        }

        return errors is not null ? Result<PayResult>.Failure(errors) : Calculate(scheme, completions, enteredBonus, month);
    }

    /// <summary>Calculates the pay from completions already measured (one per KPI, in the scheme's order).</summary>
    /// <param name="month">The month paid, which decides whether a one-off KPI is due; null counts every KPI as due.</param>
    public static Result<PayResult> Calculate(MotivationScheme scheme, IReadOnlyList<Completion> completions,
        decimal enteredBonus = 0m, DateOnly? month = null)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        ArgumentNullException.ThrowIfNull(completions);
        if (completions.Count != scheme.Kpis.Count)
        {
            return CountMismatch(scheme, completions.Count);
        }

        if (enteredBonus != 0m)
        {
            var errors = new ErrorList();
            errors.Amount("bonus", enteredBonus);
            if (errors.Count > 0)
            {
                return Result<PayResult>.Failure(errors);
            }
        }

        try
        {
            var pay = Compute(scheme, completions, enteredBonus, month);
            return Money.IsInRange(pay.Total) ? Result<PayResult>.Success(pay) : OutOfRange();
        }
        catch (OverflowException)
        {
            return OutOfRange();
        }
    }

    private static Result<PayResult> OutOfRange() =>
        Result<PayResult>.Failure(DomainErrors.Create(DomainErrors.PayOutOfRange, string.Empty, ("max", Money.MaxAmount)));

    private static Result<PayResult> CountMismatch(MotivationScheme scheme, int actual) =>
        Result<PayResult>.Failure(DomainErrors.Create(DomainErrors.PayResultsCount, "kpis",
            ("expected", scheme.Kpis.Count), ("actual", actual)));

    private static PayResult Compute(MotivationScheme scheme, IReadOnlyList<Completion> completions, decimal enteredBonus,
        DateOnly? month)
    {
        var kpis = scheme.Kpis;
        var lines = new KpiPayLine[kpis.Count];
        var weightedSum = 0m;
        var dueFraction = 0m;
        List<string>? gatedBy = null;
        for (var i = 0; i < kpis.Count; i++)
        {
            var kpi = kpis[i];
            var completion = completions[i];
            if (!kpi.IsDueIn(month))
            {
                lines[i] = new KpiPayLine(kpi.Name, kpi.Weight, completion, 0, null, 0m, false, 0m, 0m, false) { NotDue = true };
                continue;
            }

            dueFraction += kpi.WeightFraction;
            var lookup = kpi.Scale.Lookup(completion);
            var weighted = kpi.WeightFraction * lookup.Coefficient;
            weightedSum += weighted;
            var gateFailed = kpi.FailsGate(completion);
            if (gateFailed)
            {
                (gatedBy ??= []).Add(kpi.Name);
            }

            lines[i] = new KpiPayLine(kpi.Name, kpi.Weight, completion, lookup.BandIndex, lookup.Label,
                lookup.Coefficient, lookup.Capped, weighted, scheme.PlannedVariable * weighted, gateFailed);
        }

        var gated = gatedBy is not null;
        var scaled = dueFraction != 1m;
        for (var i = 0; i < lines.Length; i++)
        {
            if (gated)
            {
                lines[i] = lines[i] with { Contribution = 0m };
            }
            else if (scaled && !lines[i].NotDue)
            {
                lines[i] = lines[i] with { Contribution = scheme.PlannedVariable * lines[i].WeightedCoefficient / dueFraction };
            }
        }

        var variable = gated ? 0m : Money.Round(scaled
            ? scheme.PlannedVariable * weightedSum / dueFraction
            : scheme.PlannedVariable * weightedSum);

        var thresholdBonusPaid = scheme.Bonus is ThresholdBonusRule rule
            && kpis[scheme.BonusKpiIndex].IsDueIn(month)
            && kpis[scheme.BonusKpiIndex].Reaches(completions[scheme.BonusKpiIndex], rule.Threshold);
        var bonus = enteredBonus + (thresholdBonusPaid ? ((ThresholdBonusRule)scheme.Bonus!).Amount : 0m);

        return new PayResult(lines, weightedSum, dueFraction, scheme.Fixed, scheme.PlannedVariable, variable, bonus,
            thresholdBonusPaid, gatedBy ?? (IReadOnlyList<string>)[]);
    }

    /// <summary>Turns one KPI's figures into its completion, per the KPI's measurement; adds errors at <c>kpis[i].…</c>.</summary>
    private static Completion? Measure(SchemeKpi kpi, KpiResultInput input, int i, ref ErrorList? errors)
    {
        if (input.CompletionPercent is { } given)
        {
            return Required(given, i, "completion", kpi, ref errors) is not { } value ? null
                : kpi.Measurement == Measurement.RawValue ? Completion.OfRawValue(value)
                : Completion.FromPercent(value);
        }

        switch (kpi.Measurement)
        {
            case Measurement.Ratio:
                var plan = Required(input.Plan, i, "plan", kpi, ref errors);
                var fact = Required(input.Fact, i, "fact", kpi, ref errors);
                if (plan is not { } p || fact is not { } f)
                {
                    return null;
                }

                if (p <= 0)
                {
                    (errors ??= []).Add(DomainErrors.CompletionPlanNotPositive, PathOf(i, "plan"), ("plan", p));
                    return null;
                }

                return Completion.Ratio(kpi.Direction, p, f);

            case Measurement.Growth when input.PlannedGrowth is null && input.Plan is not null:
                // The month's plan as a value (base × (1 + planned growth)), as the pay run measures it.
                var growthBase = Required(input.Base, i, "base", kpi, ref errors);
                var growthPlan = Required(input.Plan, i, "plan", kpi, ref errors);
                var growthFactValue = Required(input.Fact, i, "fact", kpi, ref errors);
                if (growthBase is not { } gb || growthPlan is not { } gp || growthFactValue is not { } gfv)
                {
                    return null;
                }

                var againstPlan = Completion.OfGrowthAgainstPlan(kpi.Direction, gb, gp, gfv);
                if (!againstPlan.IsValid)
                {
                    (errors ??= []).AddRange(againstPlan.Errors, Paths.Index("kpis", i));
                    return null;
                }

                return againstPlan.Value;

            case Measurement.Growth:
                var @base = Required(input.Base, i, "base", kpi, ref errors);
                var planned = Required(input.PlannedGrowth, i, "plannedGrowth", kpi, ref errors);
                var growthFact = Required(input.Fact, i, "fact", kpi, ref errors);
                if (@base is not { } b || planned is not { } g || growthFact is not { } gf)
                {
                    return null;
                }

                var growth = Completion.OfGrowth(b, g, gf);
                if (!growth.IsValid)
                {
                    (errors ??= []).AddRange(growth.Errors, Paths.Index("kpis", i));
                    return null;
                }

                return growth.Value;

            case Measurement.RawValue:
                return Required(input.Fact, i, "fact", kpi, ref errors) is { } raw ? Completion.OfRawValue(raw) : null;

            case Measurement.Aggregate when kpi.Parts.Count > 0:
                return null; // measured from its parts once they are (Calculate)

            case Measurement.Aggregate:
                Required(null, i, "completion", kpi, ref errors); // an aggregate's completion is measured beforehand
                return null;

            default:
                throw new ArgumentOutOfRangeException(nameof(kpi), kpi.Measurement, "Unknown measurement.");
        }
    }

    /// <summary>The value if present and within numeric(18,2)'s range; otherwise an error and null.</summary>
    private static decimal? Required(decimal? value, int i, string field, SchemeKpi kpi, ref ErrorList? errors)
    {
        if (value is not { } v)
        {
            (errors ??= []).Add(DomainErrors.CompletionValueRequired, PathOf(i, field), ("measurement", kpi.Measurement));
            return null;
        }

        if (!Money.IsInRange(v))
        {
            (errors ??= []).Number(PathOf(i, field), v);
            return null;
        }

        return v;
    }

    private static string PathOf(int i, string field) => Paths.Index("kpis", i) + "." + field;
}
