using KpiPlanner.Domain.Kpis;
using KpiPlanner.Domain.Scales;
using KpiPlanner.Domain.Schemes;

namespace KpiPlanner.Web.Features.Schemes;

public enum BonusKind
{
    None,
    Threshold,
    EnteredPerPeriod,
}

/// <summary>A position's scheme version as HR edits it in the designer.</summary>
public sealed class SchemeEditModel
{
    public int PositionId { get; set; }

    public string PositionName { get; set; } = string.Empty;

    public int Headcount { get; set; }

    /// <summary>The version being edited; null for a new one.</summary>
    public int? VersionId { get; set; }

    public uint Version { get; set; }

    public DateTime? EffectiveFrom { get; set; }

    public string Name { get; set; } = string.Empty;

    /// <summary>Market pay, only to apply a fixed/variable split preset.</summary>
    public decimal? MarketPay { get; set; }

    public decimal Fixed { get; set; }

    public decimal PlannedVariable { get; set; }

    public BonusKind BonusKind { get; set; }

    public string? BonusKpiName { get; set; }

    public decimal? BonusThreshold { get; set; }

    public decimal? BonusAmount { get; set; }

    /// <summary>A bonus typed in the preview (a per-period bonus), not saved.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public decimal PreviewBonus { get; set; }

    public List<SchemeKpiRow> Kpis { get; set; } = [];

    /// <summary>How a month is shared for hires and leavers: working days of the calendar (default) or calendar days.</summary>
    public KpiPlanner.Domain.Payroll.ProrationBasis Proration { get; set; }

    /// <summary>True when the variable part is prorated like the fixed part.</summary>
    public bool ProrateVariable { get; set; }

    [System.Text.Json.Serialization.JsonIgnore]
    public decimal WeightSum => Kpis.Sum(k => k.Weight);

    public static SchemeEditModel From(SchemeSpec spec) => new()
    {
        Name = spec.Name ?? string.Empty,
        Fixed = spec.Fixed,
        PlannedVariable = spec.PlannedVariable,
        MarketPay = spec.Fixed + spec.PlannedVariable,
        BonusKind = spec.Bonus switch
        {
            ThresholdBonusRule => BonusKind.Threshold,
            EnteredBonusRule => BonusKind.EnteredPerPeriod,
            _ => BonusKind.None,
        },
        BonusKpiName = (spec.Bonus as ThresholdBonusRule)?.KpiName,
        BonusThreshold = (spec.Bonus as ThresholdBonusRule)?.Threshold,
        BonusAmount = (spec.Bonus as ThresholdBonusRule)?.Amount,
        Proration = spec.Proration,
        ProrateVariable = spec.ProrateVariable,
        Kpis = spec.Kpis.Select(k => new SchemeKpiRow
        {
            Name = k.Name,
            KpiCode = k.KpiCode,
            Weight = k.Weight,
            Direction = k.Direction,
            Measurement = k.Measurement,
            Gate = k.Gate,
            Aggregation = SchemeKpiSpec.AggregationOf(k.Aggregation, k.KpiCode),
            BaseKind = k.Base?.Kind ?? GrowthBaseKind.SameMonthLastYear,
            BaseValue = k.Base?.Value,
            Scale = k.Scale,
            ScaleName = k.Scale.Name,
            PreviewPlan = k.Measurement == Measurement.Growth ? 110m : 100m,
            PreviewFact = 100m,
            Parts = k.Parts?.Select(p => new IndexPartRow { Kpi = p.Kpi, Weight = p.Weight }).ToList() ?? [],
            OneOff = k.OneOff is not null,
            OneOffFrom = k.OneOff?.From.ToDateTime(TimeOnly.MinValue),
            OneOffTo = k.OneOff?.To.ToDateTime(TimeOnly.MinValue),
        }).ToList(),
    };

    public SchemeSpec ToSpec() => new(
        Fixed,
        PlannedVariable,
        Kpis.Select(k => new SchemeKpiSpec(k.Name.Trim(), k.Weight, k.Scale, k.Direction, k.Measurement, k.Gate, k.KpiCode, k.Aggregation,
            k.Measurement == Measurement.Growth ? new GrowthBase(k.BaseKind, k.BaseKind == GrowthBaseKind.Fixed ? k.BaseValue : null) : null,
            k.Measurement == Measurement.Aggregate ? k.Parts.Select(p => new AggregatePartSpec(p.Kpi ?? string.Empty, p.Weight)).ToArray() : null,
            k.OneOffPeriod)).ToList(),
        BonusKind switch
        {
            BonusKind.Threshold => BonusRule.WhenKpiReaches(BonusKpiName ?? string.Empty, BonusThreshold ?? 0m, BonusAmount ?? 0m),
            BonusKind.EnteredPerPeriod => BonusRule.EnteredPerPeriod(),
            _ => null,
        },
        Name,
        Proration,
        ProrateVariable);

    /// <summary>Splits the market pay by a preset (30/70, 50/50, 70/30) into whole roubles... and kopecks.</summary>
    public void ApplySplit(PaySplit split)
    {
        var total = MarketPay ?? (Fixed + PlannedVariable);
        var amounts = split.Apply(total);
        Fixed = amounts.Fixed;
        PlannedVariable = amounts.PlannedVariable;
        MarketPay = total;
    }
}

public sealed class SchemeKpiRow
{
    public string Name { get; set; } = string.Empty;

    public string? KpiCode { get; set; }

    public decimal Weight { get; set; }

    public Direction Direction { get; set; }

    public Measurement Measurement { get; set; } = Measurement.Ratio;

    public decimal? Gate { get; set; }

    /// <summary>How its months roll up into a quarter, half-year and year (from the catalogue template when chosen).</summary>
    public KpiPlanner.Domain.Goals.AggregationRule Aggregation { get; set; }

    /// <summary>The KPI's own copy of the bands (taken from the library when chosen).</summary>
    public ScaleSpec Scale { get; set; } = new([new Band(0m, null, 1m)]);

    public string? ScaleName { get; set; }

    [System.Text.Json.Serialization.JsonIgnore]
    public decimal? PreviewPlan { get; set; } = 100m;

    [System.Text.Json.Serialization.JsonIgnore]
    public decimal? PreviewFact { get; set; } = 100m;

    /// <summary>For a growth KPI: last period's fact (or the same period last year).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public decimal? PreviewBase { get; set; } = 100m;

    /// <summary>For a growth KPI: where its base comes from.</summary>
    public GrowthBaseKind BaseKind { get; set; }

    /// <summary>For a growth KPI on a fixed base: the base's value.</summary>
    public decimal? BaseValue { get; set; }

    /// <summary>For an aggregated KPI: its parts (other KPIs of the scheme) and their weights in it.</summary>
    public List<IndexPartRow> Parts { get; set; } = [];

    /// <summary>A one-off KPI: measured once over its own dates and paid in the month they end.</summary>
    public bool OneOff { get; set; }

    /// <summary>A one-off KPI's first day (the date pickers' type).</summary>
    public DateTime? OneOffFrom { get; set; }

    /// <summary>A one-off KPI's last day; the month it falls in is the month it is measured and paid.</summary>
    public DateTime? OneOffTo { get; set; }

    /// <summary>The one-off period as the domain takes it; a missing date is the other one (a one-day period), never dropped.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public OneOffPeriod? OneOffPeriod => !OneOff || (OneOffFrom ?? OneOffTo) is not { } any ? null
        : new OneOffPeriod(DateOnly.FromDateTime(OneOffFrom ?? any), DateOnly.FromDateTime(OneOffTo ?? any));
}

/// <summary>One part of an aggregated KPI as edited: the name of another KPI of the scheme and its weight in the index.</summary>
public sealed class IndexPartRow
{
    public string? Kpi { get; set; }

    public decimal Weight { get; set; }
}
