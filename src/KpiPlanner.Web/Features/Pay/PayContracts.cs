using System.ComponentModel;
using System.Text.Json.Serialization;

namespace KpiPlanner.Web.Features.Pay;

// The stateless pay engine's JSON contract (camelCase). Money and percents are JSON numbers read as decimal, never
// double. Requests are read by PayRequestReader (not by model binding), so every field is nullable here: a missing
// required field is reported with its path instead of failing the whole body.

/// <summary>Higher or lower is better.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PayDirection>))]
public enum PayDirection
{
    /// <summary>Revenue, new clients: completion = fact / plan.</summary>
    [JsonStringEnumMemberName("higherIsBetter")]
    HigherIsBetter,

    /// <summary>Receivables, staff turnover: completion = plan / fact; fact 0 → the top band.</summary>
    [JsonStringEnumMemberName("lowerIsBetter")]
    LowerIsBetter,
}

/// <summary>How a KPI's completion is measured from its figures.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PayMeasure>))]
public enum PayMeasure
{
    /// <summary>Plan against fact (default): fact / plan, or plan / fact when lower is better.</summary>
    [JsonStringEnumMemberName("ratio")]
    Ratio,

    /// <summary>Growth from a base (the article's table 2): (fact − base) / (plan − base).</summary>
    [JsonStringEnumMemberName("growth")]
    Growth,
}

/// <summary>One completion band of a coefficient scale.</summary>
public sealed record PayBandRequest
{
    /// <summary>Where the band starts, percent. Inclusive unless the band before owns the boundary.</summary>
    [Description("Where the band starts, completion percent (the first band starts at 0). Inclusive unless the band before owns the boundary (its toInclusive).")]
    public decimal? From { get; init; }

    /// <summary>Where the band ends, percent; null = +∞ (only the last band).</summary>
    [Description("Where the band ends, completion percent; null = +∞ (the last band, and only it).")]
    public decimal? To { get; init; }

    /// <summary>Whether the band owns its upper boundary ("90 % to 100 % inclusive"). Default false.</summary>
    [Description("Whether this band owns its upper boundary (\"90 % to 100 % inclusive\"). Default false: the next band owns it (\"from 100 %\").")]
    public bool? ToInclusive { get; init; }

    /// <summary>The coefficient (at <see cref="From"/>, for a linear band).</summary>
    [Description("The coefficient paid in the band (for a linear band: at its start). Not negative.")]
    public decimal? Coefficient { get; init; }

    /// <summary>For a linear band, the coefficient at <see cref="To"/>; null for a step band.</summary>
    [Description("Linear band only: the coefficient at the band's end (the band then needs an end). Omit for a step band.")]
    public decimal? CoefficientTo { get; init; }

    /// <summary>The band's meaning.</summary>
    [Description("The band's meaning, e.g. \"target reached\".")]
    public string? Label { get; init; }
}

/// <summary>A coefficient scale: bands from 0 % to +∞, optionally capped.</summary>
public sealed record PayScaleRequest
{
    /// <summary>The highest coefficient paid, if capped.</summary>
    [Description("The highest coefficient the scale pays (e.g. 1 = nobody earns above plan). Omit for no cap.")]
    public decimal? Cap { get; init; }

    /// <summary>The bands, lowest first.</summary>
    [Description("The bands, lowest first: contiguous from 0 % to +∞, each boundary owned by exactly one band.")]
    public IReadOnlyList<PayBandRequest>? Bands { get; init; }
}

/// <summary>One KPI of a scheme (no figures): what <c>POST /api/pay/check</c> needs.</summary>
public record PaySchemeKpiRequest
{
    /// <summary>The KPI's name in the scheme.</summary>
    [Description("The KPI's name in the scheme, unique within it.")]
    public string? Name { get; init; }

    /// <summary>Weight, percent; the scheme's weights sum to exactly 100.</summary>
    [Description("Weight, percent (> 0); the weights of a scheme sum to exactly 100.")]
    public decimal? Weight { get; init; }

    /// <summary>Higher (default) or lower is better.</summary>
    [Description("higherIsBetter (default) or lowerIsBetter.")]
    public PayDirection? Direction { get; init; }

    /// <summary>Optional gate threshold, completion percent: below it the whole variable part is 0.</summary>
    [Description("Optional gate threshold, completion percent: below it the whole variable part is 0.")]
    public decimal? Gate { get; init; }

    /// <summary>How completion is measured: ratio (default) or growth from a base.</summary>
    [Description("ratio (default): completion = fact / plan (plan / fact when lower is better). growth: completion = (fact − base) / (plan − base), the article's «фактический прирост / плановый прирост»; the KPI then needs base beside plan and fact.")]
    public PayMeasure? Measure { get; init; }

    /// <summary>The KPI's coefficient scale.</summary>
    [Description("The KPI's coefficient scale.")]
    public PayScaleRequest? Scale { get; init; }
}

/// <summary>One KPI of a scheme with the period's plan and fact: what <c>POST /api/pay/preview</c> needs.</summary>
public sealed record PayPreviewKpiRequest : PaySchemeKpiRequest
{
    public PayPreviewKpiRequest()
    {
    }

    /// <summary>The scheme's side of the KPI as read, to which the period's figures are added.</summary>
    internal PayPreviewKpiRequest(PaySchemeKpiRequest scheme)
        : base(scheme)
    {
    }

    /// <summary>The value planned for the period (> 0 for a ratio KPI).</summary>
    [Description("The value planned for the period: > 0 for a ratio KPI; for a growth KPI the planned value itself (20 % growth on a base of 1 000 000 is a plan of 1 200 000).")]
    public decimal? Plan { get; init; }

    /// <summary>The actual value.</summary>
    [Description("The actual value (fact) of the period.")]
    public decimal? Fact { get; init; }

    /// <summary>The base a growth KPI grows from (same month last year, previous month, or a fixed value).</summary>
    [Description("Growth KPIs only (measure growth), required there: the base the period grows from — the same month last year, the previous month or a fixed base value. Any number, 0 and negative included.")]
    public decimal? Base { get; init; }
}

/// <summary>The body of <c>POST /api/pay/check</c>: a motivation scheme.</summary>
public sealed record PayCheckRequest
{
    /// <summary>The fixed part (salary), ₽.</summary>
    [Description("The fixed part (base salary), ₽: ≥ 0, whole kopecks.")]
    public decimal? Fixed { get; init; }

    /// <summary>The planned variable amount, ₽.</summary>
    [Description("The planned variable amount, ₽ (the variable part when every coefficient is 1): ≥ 0, whole kopecks.")]
    public decimal? PlannedVariable { get; init; }

    /// <summary>1–7 KPIs.</summary>
    [Description("1–7 KPIs whose weights sum to exactly 100. plan/fact, if present, are ignored.")]
    public IReadOnlyList<PaySchemeKpiRequest>? Kpis { get; init; }
}

/// <summary>The body of <c>POST /api/pay/preview</c>: a motivation scheme with the period's plans and facts.</summary>
public sealed record PayPreviewRequest
{
    /// <summary>The fixed part (salary), ₽.</summary>
    [Description("The fixed part (base salary), ₽: ≥ 0, whole kopecks.")]
    public decimal? Fixed { get; init; }

    /// <summary>The planned variable amount, ₽.</summary>
    [Description("The planned variable amount, ₽ (the variable part when every coefficient is 1): ≥ 0, whole kopecks.")]
    public decimal? PlannedVariable { get; init; }

    /// <summary>The bonus amount entered for the period, ₽ (default 0).</summary>
    [Description("The bonus amount entered for the period, ₽ (default 0): ≥ 0, whole kopecks.")]
    public decimal? Bonus { get; init; }

    /// <summary>1–7 KPIs with their plan and fact.</summary>
    [Description("1–7 KPIs whose weights sum to exactly 100, each with the period's plan and fact.")]
    public IReadOnlyList<PayPreviewKpiRequest>? Kpis { get; init; }
}

/// <summary>Advice that does not block (e.g. a scheme outside 3–5 KPIs), in the request's language.</summary>
/// <param name="Path">The field concerned (<c>kpis</c>).</param>
/// <param name="Code">The stable code (<c>scheme.kpi_count_not_recommended</c>).</param>
/// <param name="Message">The readable text.</param>
public sealed record PayWarning(string Path, string Code, string Message);

/// <summary>How one KPI contributed to the pay.</summary>
/// <param name="Name">The KPI's name.</param>
/// <param name="Weight">Its weight, percent.</param>
/// <param name="Completion">Plan completion, percent, exact (not rounded); null when unbounded.</param>
/// <param name="CompletionUnbounded">True for a lower-is-better KPI with fact 0: +∞, the top band.</param>
/// <param name="Coefficient">The coefficient (interpolated for a linear band, capped).</param>
/// <param name="Capped">True when the scale's cap lowered the coefficient.</param>
/// <param name="Band">The band's meaning (label), or null.</param>
/// <param name="BandIndex">The band it fell in, 0-based.</param>
/// <param name="WeightedCoefficient">weight / 100 × coefficient.</param>
/// <param name="Contribution">Planned variable × weighted coefficient, ₽, exact; 0 when gated.</param>
/// <param name="GateFailed">True when this KPI is a gate and missed its threshold.</param>
/// <param name="Measure">How the completion was measured: growth, or ratio (also for a growth KPI whose plan does not move from the base the KPI's good way, which has no growth to complete).</param>
public sealed record PayPreviewKpiResult(
    string Name,
    decimal Weight,
    decimal? Completion,
    bool CompletionUnbounded,
    decimal Coefficient,
    bool Capped,
    string? Band,
    int BandIndex,
    decimal WeightedCoefficient,
    decimal Contribution,
    bool GateFailed,
    PayMeasure Measure);

/// <summary>The pay of one period with its explanation: <c>total = fixed + variable + bonus</c>.</summary>
/// <param name="Kpis">One line per KPI, in the scheme's order.</param>
/// <param name="WeightedSum">Σ(weight / 100 × coefficient), exact.</param>
/// <param name="Fixed">The fixed part, ₽.</param>
/// <param name="PlannedVariable">The planned variable amount, ₽.</param>
/// <param name="Variable">The variable part, ₽: planned variable × weighted sum, rounded once to kopecks half away from zero; 0 when gated.</param>
/// <param name="Bonus">The bonus, ₽.</param>
/// <param name="Total">The pay, ₽.</param>
/// <param name="Gated">True when a gate KPI missed its threshold (the variable part is 0).</param>
/// <param name="GatedBy">The names of the gate KPIs that failed.</param>
/// <param name="Warnings">Advice about the scheme (never blocking).</param>
public sealed record PayPreviewResponse(
    IReadOnlyList<PayPreviewKpiResult> Kpis,
    decimal WeightedSum,
    decimal Fixed,
    decimal PlannedVariable,
    decimal Variable,
    decimal Bonus,
    decimal Total,
    bool Gated,
    IReadOnlyList<string> GatedBy,
    IReadOnlyList<PayWarning> Warnings);

/// <summary>One combination of band outcomes and what it pays.</summary>
/// <param name="BandIndexes">The band of each KPI, 0-based, in the scheme's order.</param>
/// <param name="Coefficients">The coefficient of each KPI in that band (a linear band's end value, capped).</param>
/// <param name="Variable">The variable part, ₽ (0 when gated).</param>
/// <param name="Total">Fixed + variable, ₽ (an entered bonus counts as 0).</param>
/// <param name="Gated">True when a gate KPI cannot pass in this outcome.</param>
public sealed record PayCheckOutcome(
    IReadOnlyList<int> BandIndexes,
    IReadOnlyList<decimal> Coefficients,
    decimal Variable,
    decimal Total,
    bool Gated);

/// <summary>A bucket of the check's histogram: the outcomes paying from <c>from</c> (inclusive) to <c>to</c> (exclusive; the last bucket inclusive).</summary>
/// <param name="From">The bucket's lower edge, ₽ (rounded to kopecks, half away from zero).</param>
/// <param name="To">The bucket's upper edge, ₽.</param>
/// <param name="Count">How many outcomes pay within it.</param>
public sealed record PayCheckBucket(decimal From, decimal To, int Count);

/// <summary>
/// The pay of two KPIs against each other, every other KPI in its plan band — how a two-KPI scheme is read (the
/// article's table 6): <c>totals[r][c]</c> is the pay with the row KPI in band r and the column KPI in band c.
/// </summary>
/// <param name="RowKpi">The KPI whose bands are the rows.</param>
/// <param name="ColumnKpi">The KPI whose bands are the columns.</param>
/// <param name="RowCoefficients">The row KPI's coefficient in each band (a linear band's end value, capped).</param>
/// <param name="ColumnCoefficients">The column KPI's coefficient in each band.</param>
/// <param name="Totals">The pay, ₽, row by row.</param>
public sealed record PayCheckMatrix(
    string RowKpi,
    string ColumnKpi,
    IReadOnlyList<decimal> RowCoefficients,
    IReadOnlyList<decimal> ColumnCoefficients,
    IReadOnlyList<IReadOnlyList<decimal>> Totals);

/// <summary>
/// The check of every pay outcome, as a summary: how many combinations of the KPIs' bands there are, the min, plan and
/// max pay, a histogram of the pay over all of them and — for two KPIs — the matrix. The outcomes themselves only on
/// request (<c>?outcomes=true&amp;page=1&amp;pageSize=100</c>), one page, the last KPI turning fastest.
/// </summary>
/// <param name="Count">The number of outcomes: the product of <paramref name="BandCounts"/>.</param>
/// <param name="Min">The smallest pay, ₽.</param>
/// <param name="Plan">The pay when every KPI is in the band holding 100 %, ₽.</param>
/// <param name="Max">The largest pay, ₽.</param>
/// <param name="BandCounts">The number of bands of each KPI.</param>
/// <param name="Histogram">Every outcome counted into (up to 10) equal-width buckets from min to max; the counts sum to <paramref name="Count"/>.</param>
/// <param name="Matrix">For a scheme of two KPIs (or the two named by matrixRows and matrixColumns): the pay of one's bands against the other's (at most 2 500 cells: null beyond); else null.</param>
/// <param name="Warnings">Advice about the scheme (never blocking).</param>
/// <param name="Page">The page of outcomes listed (from 1), when asked for; else null.</param>
/// <param name="PageSize">The page size, when outcomes were asked for; else null.</param>
/// <param name="Outcomes">The outcomes of that page (empty past the last), when asked for; else null.</param>
public sealed record PayCheckResponse(
    int Count,
    decimal Min,
    decimal Plan,
    decimal Max,
    IReadOnlyList<int> BandCounts,
    IReadOnlyList<PayCheckBucket> Histogram,
    PayCheckMatrix? Matrix,
    IReadOnlyList<PayWarning> Warnings,
    int? Page,
    int? PageSize,
    IReadOnlyList<PayCheckOutcome>? Outcomes);
