using KpiPlanner.Domain.Goals;
using KpiPlanner.Domain.Kpis;
using KpiPlanner.Domain.Scales;
using KpiPlanner.Domain.Validation;

namespace KpiPlanner.Domain.Schemes;

/// <summary>One KPI of a scheme as typed or received — not yet checked.</summary>
/// <param name="Name">The KPI's name in the scheme ("Sales plan").</param>
/// <param name="Weight">Its weight in percent; the scheme's weights sum to exactly 100.</param>
/// <param name="Scale">Its coefficient scale.</param>
/// <param name="Direction">Higher or lower is better (default higher).</param>
/// <param name="Measurement">How its completion is measured (default plan/fact ratio).</param>
/// <param name="Gate">
/// Optional gate threshold (percent, or raw value): below it (above it for a lower-is-better raw value) the whole
/// variable part is 0.
/// </param>
/// <param name="KpiCode">Optional <see cref="KpiCatalog"/> template code it came from.</param>
/// <param name="Aggregation">
/// How its months make a quarter, half-year or year; null takes the catalogue template's rule
/// (<see cref="KpiDefinition.Aggregation"/>), or the sum for a KPI of its own (see <see cref="AggregationOf"/>).
/// </param>
/// <param name="Base">
/// A growth KPI's base (<see cref="Measurement.Growth"/>): the same month last year (when null), the month before, or a
/// fixed value. Ignored for the other measurements.
/// </param>
/// <param name="Parts">
/// An aggregated KPI's parts (<see cref="Measurement.Aggregate"/>): other KPIs of the scheme and their weights in the
/// index (at least two, weights summing to 100). Refused on the other measurements.
/// </param>
/// <param name="OneOff">
/// A one-off KPI's own dates (<see cref="OneOffPeriod"/>): measured and paid once, in the month the dates end; null for
/// a KPI measured every month.
/// </param>
public sealed record SchemeKpiSpec(
    string Name,
    decimal Weight,
    ScaleSpec Scale,
    Direction Direction = Direction.HigherIsBetter,
    Measurement Measurement = Measurement.Ratio,
    decimal? Gate = null,
    string? KpiCode = null,
    AggregationRule? Aggregation = null,
    GrowthBase? Base = null,
    IReadOnlyList<AggregatePartSpec>? Parts = null,
    OneOffPeriod? OneOff = null)
{
    /// <summary>The base in force for a growth KPI (the one chosen, else the same month last year); null for the others.</summary>
    public static GrowthBase? BaseOf(Measurement measurement, GrowthBase? chosen) =>
        measurement == Measurement.Growth ? chosen ?? GrowthBase.Default : null;

    /// <summary>The rule in force: the one chosen, else the catalogue template's, else the sum.</summary>
    public static AggregationRule AggregationOf(AggregationRule? chosen, string? kpiCode) =>
        chosen ?? (kpiCode is null ? null : KpiCatalog.Find(kpiCode))?.Aggregation ?? AggregationRule.Sum;
}

/// <summary>
/// A motivation scheme as typed in the designer or received over the API (<c>fixed</c>, <c>plannedVariable</c>,
/// <c>kpis[]</c>) — not yet checked. <see cref="Validate"/> lists every error with its field path;
/// <see cref="MotivationScheme.Create"/> turns a valid one into a scheme.
/// </summary>
/// <param name="Fixed">The fixed part (salary), ₽.</param>
/// <param name="PlannedVariable">The planned variable amount, ₽ — what the variable part pays at coefficient 1.</param>
/// <param name="Kpis">1–7 KPIs.</param>
/// <param name="Bonus">Optional bonus rule.</param>
/// <param name="Name">Optional name of the scheme.</param>
/// <param name="Proration">
/// How a month is shared when a person is hired or leaves within it: by working days of the company's calendar (the
/// default, domain.md §6) or by calendar days.
/// </param>
/// <param name="ProrateVariable">
/// True when the planned variable part is prorated like the fixed part; by default only the fixed part is.
/// </param>
public sealed record SchemeSpec(
    decimal Fixed,
    decimal PlannedVariable,
    IReadOnlyList<SchemeKpiSpec> Kpis,
    BonusRule? Bonus = null,
    string? Name = null,
    Payroll.ProrationBasis Proration = Payroll.ProrationBasis.WorkingDays,
    bool ProrateVariable = false)
{
    /// <summary>The most KPIs a scheme holds.</summary>
    public const int MaxKpis = 7;

    /// <summary>The recommended range of KPIs in a scheme (a warning outside it).</summary>
    public const int RecommendedMinKpis = 3;

    /// <summary>The recommended range of KPIs in a scheme (a warning outside it).</summary>
    public const int RecommendedMaxKpis = 5;

    /// <summary>A KPI weighing this many percent or more is a "main" indicator.</summary>
    public const decimal MainKpiWeight = 20m;

    /// <summary>One person can really steer at most this many main indicators.</summary>
    public const int MaxMainKpis = 3;

    /// <summary>
    /// Every error: money (<c>fixed</c>, <c>plannedVariable</c>: not negative, whole kopecks, within numeric(18,2)),
    /// 1–7 KPIs (<c>kpis</c>), each KPI's name, weight &gt; 0 and scale (<c>kpis[1].scale.bands[2].to</c>), weights
    /// summing to exactly 100 (<c>kpis</c>; 99.99 and 100.01 are refused), the bonus rule (<c>bonus.*</c>).
    /// </summary>
    public IReadOnlyList<DomainError> Validate()
    {
        var errors = new ErrorList();
        errors.Amount("fixed", Fixed);
        errors.Amount("plannedVariable", PlannedVariable);

        var kpis = Kpis ?? [];
        if (kpis.Count == 0)
        {
            errors.Add(DomainErrors.SchemeNoKpis, "kpis");
        }
        else if (kpis.Count > MaxKpis)
        {
            errors.Add(DomainErrors.SchemeTooManyKpis, "kpis", ("max", MaxKpis), ("count", kpis.Count));
        }

        var weightsOk = true;
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < kpis.Count; i++)
        {
            var kpi = kpis[i];
            var path = Paths.Index("kpis", i);
            if (string.IsNullOrWhiteSpace(kpi.Name))
            {
                errors.Add(DomainErrors.KpiNameRequired, path + ".name");
            }
            else if (!names.Add(kpi.Name.Trim()))
            {
                errors.Add(DomainErrors.SchemeDuplicateKpiName, path + ".name", ("name", kpi.Name.Trim()));
            }

            if (!errors.Number(path + ".weight", kpi.Weight))
            {
                weightsOk = false;
            }
            else if (kpi.Weight < 0 || (kpi.Weight == 0 && !IsPartOfAnIndex(kpis, kpi)))
            {
                errors.Add(DomainErrors.KpiWeightNotPositive, path + ".weight", ("weight", kpi.Weight));
            }

            ValidateParts(errors, kpis, kpi, path);
            ValidateOneOff(errors, kpis, kpi, path);

            if (kpi.Gate is { } gate)
            {
                errors.Number(path + ".gate", gate);
            }

            if (kpi.Measurement == Measurement.Growth && kpi.Base is { Kind: GrowthBaseKind.Fixed } fixedBase)
            {
                if (fixedBase.Value is { } baseValue)
                {
                    errors.Number(path + ".base.value", baseValue);
                }
                else
                {
                    errors.Add(DomainErrors.KpiGrowthBaseValueRequired, path + ".base.value");
                }
            }

            if (kpi.Scale is null)
            {
                errors.Add(DomainErrors.ScaleNoBands, path + ".scale.bands");
                continue;
            }

            var expected = kpi.Measurement == Measurement.RawValue ? ScaleKind.RawValue : ScaleKind.Percent;
            if (kpi.Scale.Kind != expected)
            {
                errors.Add(DomainErrors.KpiScaleKindMismatch, path + ".scale.kind", ("measurement", kpi.Measurement),
                    ("expected", expected), ("actual", kpi.Scale.Kind));
            }

            errors.AddRange(kpi.Scale.Validate(), path + ".scale");
        }

        if (kpis.Count > 0 && weightsOk)
        {
            var sum = kpis.Sum(k => k.Weight);
            if (sum != 100m)
            {
                errors.Add(DomainErrors.SchemeWeightsSum, "kpis", ("sum", sum));
            }
        }

        if (kpis.Count > 0 && kpis.Any(k => k?.OneOff is not null) && !kpis.Any(k => k is { OneOff: null, Weight: > 0 }))
        {
            errors.Add(DomainErrors.SchemeOnlyOneOffKpis, "kpis");
        }

        ValidateBonus(errors, kpis);
        return errors;
    }

    /// <summary>
    /// A one-off KPI's dates (<c>kpis[i].oneOff</c>): the end not before the start, at most
    /// <see cref="OneOffPeriod.MaxMonths"/> months; measured as plan/fact or a raw value (growth and indices are
    /// monthly by nature), and not a part of an index (which is measured every month).
    /// </summary>
    private static void ValidateOneOff(ErrorList errors, IReadOnlyList<SchemeKpiSpec> kpis, SchemeKpiSpec kpi, string path)
    {
        if (kpi.OneOff is not { } period)
        {
            return;
        }

        if (period.To < period.From)
        {
            errors.Add(DomainErrors.KpiOneOffDatesReversed, path + ".oneOff.to", ("from", period.From), ("to", period.To));
        }
        else if (period.MonthsSpanned > OneOffPeriod.MaxMonths)
        {
            errors.Add(DomainErrors.KpiOneOffTooLong, path + ".oneOff.to", ("max", OneOffPeriod.MaxMonths),
                ("months", period.MonthsSpanned));
        }

        if (kpi.Measurement is Measurement.Growth or Measurement.Aggregate)
        {
            errors.Add(DomainErrors.KpiOneOffMeasurement, path + ".oneOff", ("measurement", kpi.Measurement));
        }
        else if (IsPartOfAnIndex(kpis, kpi))
        {
            errors.Add(DomainErrors.KpiOneOffIndexPart, path + ".oneOff", ("name", kpi.Name?.Trim() ?? string.Empty));
        }
    }

    /// <summary>
    /// Advice that does not block: outside 3–5 KPIs, or more than 3 main KPIs (weight ≥ 20 %) for one person.
    /// </summary>
    public IReadOnlyList<DomainError> Warnings()
    {
        var warnings = new ErrorList();
        var kpis = Kpis ?? [];
        if (kpis.Count is > 0 and (< RecommendedMinKpis or > RecommendedMaxKpis))
        {
            warnings.Add(DomainErrors.WarningKpiCountNotRecommended, "kpis", ("count", kpis.Count));
        }

        var main = kpis.Count(k => k.Weight >= MainKpiWeight);
        if (main > MaxMainKpis)
        {
            warnings.Add(DomainErrors.WarningTooManyMainKpis, "kpis", ("count", main), ("threshold", MainKpiWeight));
        }

        return warnings;
    }

    /// <summary>Whether an aggregated KPI of the scheme names this KPI as a part (it may then weigh 0: measured for the index only).</summary>
    private static bool IsPartOfAnIndex(IReadOnlyList<SchemeKpiSpec> kpis, SchemeKpiSpec kpi) =>
        kpis.Any(k => k.Measurement == Measurement.Aggregate && k.Parts is { } parts
            && parts.Any(p => p is not null && SameName(p.Kpi, kpi.Name)));

    private static bool SameName(string? a, string? b) =>
        string.Equals(a?.Trim(), b?.Trim(), StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// An aggregated KPI's parts (<c>kpis[i].parts</c>): at least two, each another KPI of the scheme measured as a
    /// percent (not a raw value, not another index), named once, weights &gt; 0 summing to 100. Parts on a KPI that is
    /// not an index are refused rather than ignored.
    /// </summary>
    private static void ValidateParts(ErrorList errors, IReadOnlyList<SchemeKpiSpec> kpis, SchemeKpiSpec kpi, string path)
    {
        var parts = kpi.Parts ?? [];
        if (kpi.Measurement != Measurement.Aggregate)
        {
            if (parts.Count > 0)
            {
                errors.Add(DomainErrors.KpiPartsWithoutAggregate, path + ".parts", ("measurement", kpi.Measurement));
            }

            return;
        }

        if (parts.Count < AggregatePartSpec.MinParts)
        {
            errors.Add(DomainErrors.KpiAggregatePartsRequired, path + ".parts", ("min", AggregatePartSpec.MinParts));
            return;
        }

        var named = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var weightsOk = true;
        for (var j = 0; j < parts.Count; j++)
        {
            var part = parts[j];
            var partPath = Paths.Index(path + ".parts", j);
            var target = part is null ? null : kpis.FirstOrDefault(k => SameName(k.Name, part.Kpi));
            if (part is null || target is null || ReferenceEquals(target, kpi))
            {
                errors.Add(DomainErrors.KpiAggregateUnknownPart, partPath + ".kpi", ("name", part?.Kpi?.Trim() ?? string.Empty));
            }
            else if (!named.Add(part.Kpi.Trim()))
            {
                errors.Add(DomainErrors.KpiAggregateDuplicatePart, partPath + ".kpi", ("name", part.Kpi.Trim()));
            }
            else if (target.Measurement is Measurement.Aggregate or Measurement.RawValue)
            {
                errors.Add(DomainErrors.KpiAggregatePartNotPercent, partPath + ".kpi", ("name", part.Kpi.Trim()));
            }

            if (part is null || !errors.Number(partPath + ".weight", part.Weight))
            {
                weightsOk = false;
            }
            else if (part.Weight <= 0)
            {
                errors.Add(DomainErrors.KpiWeightNotPositive, partPath + ".weight", ("weight", part.Weight));
                weightsOk = false;
            }
        }

        if (weightsOk && parts.Sum(p => p.Weight) is var sum && sum != 100m)
        {
            errors.Add(DomainErrors.KpiAggregatePartsSum, path + ".parts", ("sum", sum));
        }
    }

    private void ValidateBonus(ErrorList errors, IReadOnlyList<SchemeKpiSpec> kpis)
    {
        if (Bonus is not ThresholdBonusRule rule)
        {
            return;
        }

        errors.Amount("bonus.amount", rule.Amount);
        errors.Number("bonus.threshold", rule.Threshold);
        if (!kpis.Any(k => string.Equals(k.Name?.Trim(), rule.KpiName?.Trim(), StringComparison.OrdinalIgnoreCase)))
        {
            errors.Add(DomainErrors.BonusUnknownKpi, "bonus.kpiName", ("name", rule.KpiName ?? string.Empty));
        }
    }
}
