using KpiPlanner.Domain;
using KpiPlanner.Domain.Kpis;
using KpiPlanner.Domain.Pay;
using KpiPlanner.Domain.Scales;
using KpiPlanner.Domain.Schemes;
using KpiPlanner.Domain.Validation;

namespace KpiPlanner.Web.Features.Pay;

/// <summary>
/// Turns the API's request records into the domain's specs and figures, collecting every error: required fields that
/// are missing, then every error of the domain's own validation (<see cref="SchemeSpec.Validate"/>), plans and facts
/// (<see cref="Completion.OfRatio"/>) and the entered bonus — all at once, each with its path.
/// A missing or refused value is replaced by a harmless stand-in so the domain can still check the rest; the domain's
/// errors about stand-ins are dropped (see <see cref="RequestErrors.AddDomain"/>).
/// </summary>
internal static class PaySchemeMapper
{
    /// <summary>The scheme, or null with <paramref name="errors"/> filled.</summary>
    public static MotivationScheme? Scheme(decimal? fixedPart, decimal? plannedVariable,
        IReadOnlyList<PaySchemeKpiRequest>? kpis, RequestErrors errors)
    {
        var weightUnknown = false;
        var specs = new List<SchemeKpiSpec>(kpis?.Count ?? 0);
        for (var i = 0; i < (kpis?.Count ?? 0); i++)
        {
            var kpi = kpis![i];
            var path = Paths.Index("kpis", i);
            if (errors.HasInputErrorAt(path))
            {
                weightUnknown = true; // not an object: a stand-in KPI
                specs.Add(new SchemeKpiSpec(string.Empty, 1m, new ScaleSpec([new Band(0m, null, 0m)])));
                continue;
            }

            var weight = Required(kpi.Weight, path + ".weight", errors);
            weightUnknown |= weight is null;
            var scale = kpi.Scale is { } s ? Scale(s, path + ".scale", errors) : RequiredScale(path + ".scale", errors);
            specs.Add(new SchemeKpiSpec(
                kpi.Name ?? string.Empty, // a missing name is the domain's kpi.name_required
                weight ?? 1m,
                scale!, // null only when missing: the domain reports it under the path already refused
                DirectionOf(kpi),
                kpi.Measure == PayMeasure.Growth ? Measurement.Growth : Measurement.Ratio,
                kpi.Gate));
        }

        var spec = new SchemeSpec(
            Required(fixedPart, "fixed", errors) ?? 0m,
            Required(plannedVariable, "plannedVariable", errors) ?? 0m,
            specs);
        errors.AddDomain(spec.Validate(), e => weightUnknown && e.Code == DomainErrors.SchemeWeightsSum);
        if (errors.Count > 0)
        {
            return null;
        }

        return MotivationScheme.Create(spec).Value;
    }

    /// <summary>
    /// One plan/fact per KPI (and a base for a growth KPI), checked as far as possible without the scheme: present,
    /// within numeric(18,2), and what the domain's measurement refuses — a plan of 0 or less for plan against fact
    /// (<see cref="Completion.OfRatio"/>), and for growth the same when the plan does not grow from the base
    /// (<see cref="Completion.OfGrowthAgainstPlan"/>). A base sent for a KPI that is not measured as growth is refused
    /// rather than ignored: it would silently change nothing.
    /// </summary>
    public static List<KpiResultInput> Results(IReadOnlyList<PayPreviewKpiRequest>? kpis, RequestErrors errors)
    {
        var results = new List<KpiResultInput>(kpis?.Count ?? 0);
        for (var i = 0; i < (kpis?.Count ?? 0); i++)
        {
            var kpi = kpis![i];
            var path = Paths.Index("kpis", i);
            if (errors.HasInputErrorAt(path))
            {
                results.Add(new KpiResultInput(1m, 1m));
                continue;
            }

            var growth = kpi.Measure == PayMeasure.Growth;
            var plan = InRange(Required(kpi.Plan, path + ".plan", errors), path + ".plan", errors);
            var fact = InRange(Required(kpi.Fact, path + ".fact", errors), path + ".fact", errors);
            var @base = growth ? InRange(Required(kpi.Base, path + ".base", errors), path + ".base", errors) : null;
            if (!growth && kpi.Base is not null)
            {
                errors.Add(path + ".base", PayRequestErrors.BaseWithoutGrowth);
            }

            if (plan is { } p && fact is { } f && (!growth || @base is not null))
            {
                var completion = growth
                    ? Completion.OfGrowthAgainstPlan(DirectionOf(kpi), @base!.Value, p, f)
                    : Completion.OfRatio(DirectionOf(kpi), p, f);
                errors.AddDomain(completion.Errors.Select(e => e.WithPrefix(path)));
            }

            results.Add(growth
                ? KpiResultInput.GrowthToPlan(@base ?? 0m, plan ?? 1m, fact ?? 1m)
                : new KpiResultInput(plan ?? 1m, fact ?? 1m));
        }

        return results;
    }

    /// <summary>How the completion of a previewed KPI was measured (see <see cref="PayMeasure"/>).</summary>
    public static PayMeasure MeasureUsed(PayPreviewKpiRequest kpi) =>
        kpi.Measure == PayMeasure.Growth && kpi.Base is { } b && kpi.Plan is { } p && Completion.IsGrowthPlanned(DirectionOf(kpi), b, p)
            ? PayMeasure.Growth
            : PayMeasure.Ratio;

    private static Direction DirectionOf(PaySchemeKpiRequest kpi) =>
        kpi.Direction == PayDirection.LowerIsBetter ? Direction.LowerIsBetter : Direction.HigherIsBetter;

    /// <summary>The bonus entered for the period: default 0; otherwise an amount (≥ 0, whole kopecks, numeric(18,2)).</summary>
    public static decimal Bonus(decimal? bonus, RequestErrors errors)
    {
        if (bonus is not { } amount)
        {
            return 0m;
        }

        if (!Money.IsInRange(amount))
        {
            errors.AddDomain([DomainErrors.Create(DomainErrors.NumberOutOfRange, "bonus", ("value", amount), ("max", Money.MaxAmount))]);
        }
        else if (amount < 0)
        {
            errors.AddDomain([DomainErrors.Create(DomainErrors.MoneyNegative, "bonus", ("value", amount))]);
        }
        else if (!Money.IsWholeKopecks(amount))
        {
            errors.AddDomain([DomainErrors.Create(DomainErrors.MoneyTooManyDecimals, "bonus", ("value", amount))]);
        }

        return amount;
    }

    private static ScaleSpec Scale(PayScaleRequest scale, string path, RequestErrors errors)
    {
        var bands = new List<Band>(scale.Bands?.Count ?? 0);
        for (var i = 0; i < (scale.Bands?.Count ?? 0); i++)
        {
            var band = scale.Bands![i];
            var bandPath = Paths.Index(path + ".bands", i);
            if (errors.HasInputErrorAt(bandPath))
            {
                // Not an object: stand in a band that continues the previous one, so its neighbours are still checked.
                var start = i == 0 ? 0m : bands[^1].To ?? 0m;
                bands.Add(new Band(start, i == scale.Bands.Count - 1 ? null : start + 1m, 0m));
                continue;
            }

            var previousTo = i == 0 ? 0m : bands[^1].To ?? 0m;
            bands.Add(new Band(
                Required(band.From, bandPath + ".from", errors) ?? previousTo,
                band.To,
                Required(band.Coefficient, bandPath + ".coefficient", errors) ?? 0m,
                band.ToInclusive ?? false,
                band.CoefficientTo,
                band.Label));
        }

        return new ScaleSpec(bands, scale.Cap);
    }

    private static ScaleSpec? RequiredScale(string path, RequestErrors errors)
    {
        if (!errors.HasInputErrorAt(path))
        {
            errors.Add(path, PayRequestErrors.Required);
        }

        return null;
    }

    /// <summary>The value, or a "required" error at <paramref name="path"/> (unless its input was already refused).</summary>
    private static decimal? Required(decimal? value, string path, RequestErrors errors)
    {
        if (value is null && !errors.HasInputErrorAt(path))
        {
            errors.Add(path, PayRequestErrors.Required);
        }

        return value;
    }

    private static decimal? InRange(decimal? value, string path, RequestErrors errors)
    {
        if (value is { } v && !Money.IsInRange(v))
        {
            errors.AddDomain([DomainErrors.Create(DomainErrors.NumberOutOfRange, path, ("value", v), ("max", Money.MaxAmount))]);
            return null;
        }

        return value;
    }
}
