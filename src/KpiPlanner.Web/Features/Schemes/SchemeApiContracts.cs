using System.ComponentModel;

namespace KpiPlanner.Web.Features.Schemes;

// The JSON of /api/scales and /api/schemes (camelCase; money, weights and percents as JSON numbers read as decimal).
// Requests and answers share these records; every field is nullable so that a missing one is reported at its path
// together with the domain's own errors (SchemeApiMapper), never as a bare failure of the whole body.

/// <summary>One completion band of a coefficient scale.</summary>
public sealed record ApiBand
{
    [Description("Where the band starts (percent, or a raw value on a rawValue scale). Optional in a request: it then starts where the band before ends (0 for the first), as in the scale editor.")]
    public decimal? From { get; init; }

    [Description("Where the band ends; null = +∞ (the last band, and only it).")]
    public decimal? To { get; init; }

    [Description("Whether this band owns its end (\"90 % to 100 % inclusive\"). Default false: the next band owns it.")]
    public bool? ToInclusive { get; init; }

    [Description("The coefficient paid in the band (for a linear band: at its start). Required, not negative.")]
    public decimal? Coefficient { get; init; }

    [Description("Linear band only: the coefficient at the band's end. Omit for a step band.")]
    public decimal? CoefficientTo { get; init; }

    [Description("The band's meaning, e.g. \"plan met\".")]
    public string? Label { get; init; }
}

/// <summary>A KPI's own coefficient scale inside a scheme (its copy of the bands).</summary>
public sealed record ApiScale
{
    [Description("percent (default: bands of plan completion) or rawValue (bands of the value itself, for a rawValue KPI).")]
    public string? Kind { get; init; }

    [Description("The highest coefficient the scale pays. Omit for no cap.")]
    public decimal? Cap { get; init; }

    [Description("rawValue scales only: the value that means \"plan met\".")]
    public decimal? PlanValue { get; init; }

    [Description("The bands, lowest first: contiguous from 0 % to +∞, each boundary owned by exactly one band.")]
    public IReadOnlyList<ApiBand>? Bands { get; init; }
}

/// <summary>The body of <c>POST /api/scales</c> and <c>PUT /api/scales/{id}</c>: a scale of the library.</summary>
public sealed record ScaleRequest
{
    [Description("The scale's name, unique in the library (at most 200 characters).")]
    public string? Name { get; init; }

    [Description("The highest coefficient the scale pays. Omit for no cap.")]
    public decimal? Cap { get; init; }

    [Description("The bands, lowest first (percent of plan completion).")]
    public IReadOnlyList<ApiBand>? Bands { get; init; }
}

/// <summary>A scale of the library as listed: no bands.</summary>
public sealed record ScaleListItem(int Id, string Name, int Bands, decimal? Cap, DateTimeOffset UpdatedAt);

/// <summary>The scales of the library, by name.</summary>
public sealed record ScaleListResponse(IReadOnlyList<ScaleListItem> Items);

/// <summary>A scale of the library with its bands; <c>version</c> is its row version, also its ETag.</summary>
public sealed record ScaleResponse(int Id, string Name, uint Version, DateTimeOffset UpdatedAt, decimal? Cap, IReadOnlyList<ApiBand> Bands);

/// <summary>A growth KPI's base.</summary>
public sealed record ApiGrowthBase
{
    [Description("sameMonthLastYear (default), previousMonth or fixed.")]
    public string? Kind { get; init; }

    [Description("fixed only: the base value.")]
    public decimal? Value { get; init; }
}

/// <summary>One part of an aggregated KPI: another KPI of the scheme and its weight in the index.</summary>
public sealed record ApiIndexPart
{
    [Description("The name of another KPI of the scheme.")]
    public string? Kpi { get; init; }

    [Description("Its weight in the index, percent; the parts' weights sum to 100.")]
    public decimal? Weight { get; init; }
}

/// <summary>A one-off KPI's own dates: measured and paid once, in the month they end.</summary>
public sealed record ApiOneOff
{
    [Description("The first day, yyyy-MM-dd.")]
    public DateOnly? From { get; init; }

    [Description("The last day, yyyy-MM-dd: the KPI is measured and paid in its month.")]
    public DateOnly? To { get; init; }
}

/// <summary>The bonus rule of a scheme.</summary>
public sealed record ApiBonus
{
    [Description("threshold (an amount paid when a KPI reaches a threshold) or entered (an amount HR enters each month).")]
    public string? Kind { get; init; }

    [Description("threshold only: the KPI's name in the scheme.")]
    public string? KpiName { get; init; }

    [Description("threshold only: the completion percent (or raw value) to reach.")]
    public decimal? Threshold { get; init; }

    [Description("threshold only: the amount, ₽.")]
    public decimal? Amount { get; init; }
}

/// <summary>One KPI of a scheme.</summary>
public sealed record ApiSchemeKpi
{
    [Description("The KPI's name in the scheme, unique within it.")]
    public string? Name { get; init; }

    [Description("The catalogue template it comes from (e.g. sales_volume): the key plans and facts use. Optional.")]
    public string? KpiCode { get; init; }

    [Description("Weight, percent (> 0; 0 only for a part of an index); the weights sum to exactly 100.")]
    public decimal? Weight { get; init; }

    [Description("higherIsBetter (default) or lowerIsBetter.")]
    public string? Direction { get; init; }

    [Description("ratio (default: fact against plan), growth (against a base), aggregate (an index of other KPIs) or rawValue (the value itself).")]
    public string? Measurement { get; init; }

    [Description("Optional gate: below it the whole variable part is 0.")]
    public decimal? Gate { get; init; }

    [Description("How months roll up into a quarter or year: sum, average or last. Default: the catalogue template's, else sum.")]
    public string? Aggregation { get; init; }

    [Description("growth only: the base.")]
    public ApiGrowthBase? Base { get; init; }

    [Description("aggregate only: at least two parts.")]
    public IReadOnlyList<ApiIndexPart>? Parts { get; init; }

    [Description("A one-off KPI's own dates; omit for a KPI measured every month.")]
    public ApiOneOff? OneOff { get; init; }

    [Description("In a request, instead of scale: the id of a library scale whose bands the KPI copies (as the designer does).")]
    public int? ScaleId { get; init; }

    [Description("The KPI's own coefficient scale (required unless scaleId is given).")]
    public ApiScale? Scale { get; init; }
}

/// <summary>
/// The body of <c>POST /api/schemes/{positionId}/versions</c>: a whole scheme and the month it applies from. The same
/// fields are in each version the API answers, so a version read can be sent back from another month.
/// </summary>
public sealed record SchemeVersionRequest
{
    [Description("The month the version applies from, yyyy-MM (or its first day, yyyy-MM-01); no other version of the position may start then.")]
    public string? EffectiveFrom { get; init; }

    [Description("The scheme's name (at most 200 characters).")]
    public string? Name { get; init; }

    [Description("The fixed part (salary), ₽: ≥ 0, whole kopecks.")]
    public decimal? Fixed { get; init; }

    [Description("The planned variable amount, ₽ (paid when every coefficient is 1).")]
    public decimal? PlannedVariable { get; init; }

    [Description("How a month is shared for hires and leavers: workingDays (default) or calendarDays.")]
    public string? Proration { get; init; }

    [Description("True when the planned variable part is prorated like the fixed part (default false).")]
    public bool? ProrateVariable { get; init; }

    [Description("Optional bonus rule.")]
    public ApiBonus? Bonus { get; init; }

    [Description("1–7 KPIs whose weights sum to exactly 100.")]
    public IReadOnlyList<ApiSchemeKpi>? Kpis { get; init; }
}

/// <summary>One version of a position's scheme: its dates and the whole scheme.</summary>
public sealed record SchemeVersionResponse(
    int Id,
    string EffectiveFrom,
    string? EffectiveTo,
    bool InForce,
    uint Version,
    DateTimeOffset UpdatedAt,
    string? UpdatedBy,
    string Name,
    decimal Fixed,
    decimal PlannedVariable,
    string Proration,
    bool ProrateVariable,
    ApiBonus? Bonus,
    IReadOnlyList<ApiSchemeKpi> Kpis);

/// <summary>A position's scheme as listed: the version in force today (else the first), and how many versions it has.</summary>
public sealed record SchemeListItem(int Id, string Position, int Headcount, int Versions, int? CurrentVersionId, string? EffectiveFrom,
    string? Name, decimal? Fixed, decimal? PlannedVariable, int? Kpis);

/// <summary>Every position with its scheme (or none yet), by position name.</summary>
public sealed record SchemeListResponse(IReadOnlyList<SchemeListItem> Items);

/// <summary>A position's scheme: every version, oldest first, each with its dates (to = the day before the next one starts).</summary>
public sealed record SchemeResponse(int Id, string Position, int Headcount, int? CurrentVersionId, IReadOnlyList<SchemeVersionResponse> Versions);

/// <summary>What creating a version answers: the version, and advice that does not block (3–5 KPIs, main KPIs).</summary>
public sealed record SchemeVersionCreated(SchemeVersionResponse Version, IReadOnlyList<KpiPlanner.Web.Features.Pay.PayWarning> Warnings);
