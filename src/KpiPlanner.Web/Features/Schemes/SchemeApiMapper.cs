using System.Globalization;
using System.Text.Json;
using KpiPlanner.Domain.Goals;
using KpiPlanner.Domain.Kpis;
using KpiPlanner.Domain.Payroll;
using KpiPlanner.Domain.Scales;
using KpiPlanner.Domain.Schemes;
using KpiPlanner.Domain.Validation;
using KpiPlanner.Web.Features.Pay;
using KpiPlanner.Web.Hosting;

namespace KpiPlanner.Web.Features.Schemes;

/// <summary>
/// The API's scale and scheme records to the domain's specs and back. Reading collects every input error (a missing
/// required field, an unknown kind, an unknown library scale) and then the domain's own validation of what was read
/// (<see cref="ScaleSpec.Validate"/>, <see cref="SchemeSpec.Validate"/> — the rules the editor and the designer show),
/// all at once with their paths; a missing value is replaced by a stand-in whose domain errors are dropped
/// (<see cref="RequestErrors.AddDomain"/>). The services validate again when they save.
/// </summary>
internal static class SchemeApiMapper
{
    public const string UnknownValue = "api.unknown_value";
    public const string UnknownScale = "api.unknown_scale";

    public static IReadOnlyDictionary<string, string> EnglishTemplates { get; } = new Dictionary<string, string>
    {
        [UnknownValue] = "\"{value}\" is not allowed here: use one of {values}.",
        [UnknownScale] = "There is no scale with the id {value} in the library.",
    };

    public static DomainError Error(string code, string path, params (string Name, object Value)[] args) =>
        DomainError.FromTemplate(EnglishTemplates[code], code, path, args);

    /// <summary>A library scale's spec (percent), or null with <paramref name="errors"/> filled.</summary>
    public static ScaleSpec? LibraryScale(ScaleRequest body, RequestErrors errors)
    {
        var spec = Scale(ScaleKind.Percent, body.Cap, null, body.Bands, string.Empty, errors) with { Name = body.Name };
        errors.AddDomain(spec.Validate());
        return errors.Count == 0 ? spec : null;
    }

    /// <summary>
    /// The scheme of a new version, or null with <paramref name="errors"/> filled. A KPI's <c>scaleId</c> copies that
    /// library scale's bands (<paramref name="library"/>), as choosing a scale in the designer does.
    /// </summary>
    public static SchemeSpec? Scheme(SchemeVersionRequest body, Func<int, ScaleSpec?> library, RequestErrors errors)
    {
        var kpis = new List<SchemeKpiSpec>();
        var weightUnknown = false;
        for (var i = 0; i < (body.Kpis?.Count ?? 0); i++)
        {
            var kpi = body.Kpis![i] ?? new ApiSchemeKpi();
            var path = Paths.Index("kpis", i);
            var weight = Required(kpi.Weight, path + ".weight", errors);
            weightUnknown |= weight is null;
            var measurement = Parse(kpi.Measurement, path + ".measurement", errors, Measurement.Ratio);
            ScaleSpec scale;
            if (kpi.ScaleId is { } scaleId)
            {
                scale = library(scaleId) ?? Missing(errors.Add, Error(UnknownScale, path + ".scaleId", ("value", scaleId)));
            }
            else if (kpi.Scale is { } own)
            {
                scale = Scale(Parse(own.Kind, path + ".scale.kind", errors, ScaleKind.Percent), own.Cap, own.PlanValue, own.Bands, path + ".scale", errors);
            }
            else
            {
                scale = Missing(errors.Add, PayRequestErrors.Create(PayRequestErrors.Required, path + ".scale"));
            }

            var baseKind = kpi.Base is { } b ? Parse(b.Kind, path + ".base.kind", errors, GrowthBaseKind.SameMonthLastYear) : (GrowthBaseKind?)null;
            kpis.Add(new SchemeKpiSpec(
                kpi.Name ?? string.Empty,
                weight ?? 1m,
                scale,
                Parse(kpi.Direction, path + ".direction", errors, Direction.HigherIsBetter),
                measurement,
                kpi.Gate,
                string.IsNullOrWhiteSpace(kpi.KpiCode) ? null : kpi.KpiCode.Trim(),
                kpi.Aggregation is null ? null : Parse(kpi.Aggregation, path + ".aggregation", errors, AggregationRule.Sum),
                baseKind is { } kind ? new GrowthBase(kind, kind == GrowthBaseKind.Fixed ? kpi.Base!.Value : null) : null,
                kpi.Parts?.Select((p, j) => new AggregatePartSpec(p?.Kpi ?? string.Empty,
                    Required(p?.Weight, Paths.Index(path + ".parts", j) + ".weight", errors) ?? 1m)).ToArray(),
                OneOff(kpi.OneOff, path + ".oneOff", errors)));
        }

        var spec = new SchemeSpec(
            Required(body.Fixed, "fixed", errors) ?? 0m,
            Required(body.PlannedVariable, "plannedVariable", errors) ?? 0m,
            kpis,
            Bonus(body.Bonus, errors),
            body.Name ?? string.Empty,
            Parse(body.Proration, "proration", errors, ProrationBasis.WorkingDays),
            body.ProrateVariable ?? false);
        errors.AddDomain(SchemeVersion.Create(1, DateOnly.MinValue, spec, DateTimeOffset.UnixEpoch, null).Errors,
            e => weightUnknown && e.Code == DomainErrors.SchemeWeightsSum);
        return errors.Count == 0 ? spec : null;
    }

    /// <summary>A band list: a band's missing <c>from</c> is where the band before ends (0 for the first), as in the scale editor.</summary>
    private static ScaleSpec Scale(ScaleKind kind, decimal? cap, decimal? planValue, IReadOnlyList<ApiBand>? bands, string path, RequestErrors errors)
    {
        var list = new List<Band>(bands?.Count ?? 0);
        for (var i = 0; i < (bands?.Count ?? 0); i++)
        {
            var band = bands![i] ?? new ApiBand();
            var start = band.From ?? (i == 0 ? 0m : list[^1].To ?? 0m);
            list.Add(new Band(start, band.To, Required(band.Coefficient, Paths.Join(Paths.Index(Paths.Join(path, "bands"), i), "coefficient"), errors) ?? 0m,
                band.ToInclusive ?? false, band.CoefficientTo, string.IsNullOrWhiteSpace(band.Label) ? null : band.Label.Trim()));
        }

        return new ScaleSpec(list, cap, kind, planValue);
    }

    private static OneOffPeriod? OneOff(ApiOneOff? oneOff, string path, RequestErrors errors)
    {
        if (oneOff is null)
        {
            return null;
        }

        var from = oneOff.From ?? Missing<DateOnly?>(errors.Add, PayRequestErrors.Create(PayRequestErrors.Required, path + ".from"));
        var to = oneOff.To ?? Missing<DateOnly?>(errors.Add, PayRequestErrors.Create(PayRequestErrors.Required, path + ".to"));
        return from is { } f && to is { } t ? new OneOffPeriod(f, t) : null;
    }

    private static BonusRule? Bonus(ApiBonus? bonus, RequestErrors errors)
    {
        if (bonus is null)
        {
            return null;
        }

        return Parse(bonus.Kind, "bonus.kind", errors, BonusKind.None) switch
        {
            BonusKind.Threshold => BonusRule.WhenKpiReaches(bonus.KpiName ?? string.Empty,
                Required(bonus.Threshold, "bonus.threshold", errors) ?? 0m, Required(bonus.Amount, "bonus.amount", errors) ?? 0m),
            BonusKind.EnteredPerPeriod => BonusRule.EnteredPerPeriod(),
            _ => bonus.Kind is null ? Missing<BonusRule?>(errors.Add, PayRequestErrors.Create(PayRequestErrors.Required, "bonus.kind")) : null,
        };
    }

    /// <summary>How the API names an enum's value: camelCase (<c>rawValue</c>); the entered bonus is <c>entered</c>.</summary>
    public static string Name<T>(T value)
        where T : struct, Enum =>
        value is BonusKind.EnteredPerPeriod ? "entered" : JsonNamingPolicy.CamelCase.ConvertName(value.ToString());

    /// <summary>An enum value by its API name (case-insensitive); absent = <paramref name="fallback"/>; unknown = an error at the path.</summary>
    private static T Parse<T>(string? text, string path, RequestErrors errors, T fallback)
        where T : struct, Enum
    {
        if (text is null)
        {
            return fallback;
        }

        var names = Enum.GetValues<T>().Where(v => v is not BonusKind.None).ToList();
        foreach (var value in names)
        {
            if (string.Equals(Name(value), text.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        errors.Add(Error(UnknownValue, path, ("value", text), ("values", string.Join(", ", names.Select(Name)))));
        return fallback;
    }

    private static decimal? Required(decimal? value, string path, RequestErrors errors)
    {
        if (value is null)
        {
            errors.Add(path, PayRequestErrors.Required);
        }

        return value;
    }

    /// <summary>Reports the error and stands in a harmless value (a one-band scale, no date) so the rest is still checked.</summary>
    private static ScaleSpec Missing(Action<DomainError> add, DomainError error)
    {
        add(error);
        return new ScaleSpec([new Band(0m, null, 0m)]);
    }

    private static T? Missing<T>(Action<DomainError> add, DomainError error)
    {
        add(error);
        return default;
    }

    // ---- answers ----------------------------------------------------------------------------------------------

    public static IReadOnlyList<ApiBand> Bands(ScaleSpec spec) =>
        [.. spec.Bands.Select(b => new ApiBand { From = b.From, To = b.To, ToInclusive = b.ToInclusive, Coefficient = b.Coefficient, CoefficientTo = b.CoefficientTo, Label = b.Label })];

    public static SchemeVersionResponse Version(SchemeVersionDetail v, DateOnly? nextStart, bool inForce)
    {
        var spec = v.Spec;
        return new SchemeVersionResponse(v.Id, Date(v.EffectiveFrom), nextStart is { } next ? Date(next.AddDays(-1)) : null, inForce, v.Version,
            v.UpdatedAt, v.UpdatedBy, spec.Name ?? string.Empty, spec.Fixed, spec.PlannedVariable, Name(spec.Proration), spec.ProrateVariable,
            spec.Bonus switch
            {
                ThresholdBonusRule t => new ApiBonus { Kind = Name(BonusKind.Threshold), KpiName = t.KpiName, Threshold = t.Threshold, Amount = t.Amount },
                EnteredBonusRule => new ApiBonus { Kind = Name(BonusKind.EnteredPerPeriod) },
                _ => null,
            },
            [.. spec.Kpis.Select(Kpi)]);
    }

    private static ApiSchemeKpi Kpi(SchemeKpiSpec k) => new()
    {
        Name = k.Name,
        KpiCode = k.KpiCode,
        Weight = k.Weight,
        Direction = Name(k.Direction),
        Measurement = Name(k.Measurement),
        Gate = k.Gate,
        Aggregation = Name(SchemeKpiSpec.AggregationOf(k.Aggregation, k.KpiCode)),
        Base = SchemeKpiSpec.BaseOf(k.Measurement, k.Base) is { } b ? new ApiGrowthBase { Kind = Name(b.Kind), Value = b.Value } : null,
        Parts = k.Parts is { Count: > 0 } parts ? [.. parts.Select(p => new ApiIndexPart { Kpi = p.Kpi, Weight = p.Weight })] : null,
        OneOff = k.OneOff is { } o ? new ApiOneOff { From = o.From, To = o.To } : null,
        Scale = new ApiScale { Kind = Name(k.Scale.Kind), Cap = k.Scale.Cap, PlanValue = k.Scale.PlanValue, Bands = Bands(k.Scale) },
    };

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
