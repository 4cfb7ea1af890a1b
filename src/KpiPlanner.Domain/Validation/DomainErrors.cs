namespace KpiPlanner.Domain.Validation;

/// <summary>
/// Every error and warning code the domain produces, with its English default message template.
/// Codes are stable: the web layer translates them (Russian/English resources keyed by code) and may use the
/// same <c>{placeholders}</c>, whose values travel in <see cref="DomainError.Args"/>.
/// </summary>
public static class DomainErrors
{
    // ---- numbers and money -------------------------------------------------------------------------------
    /// <summary>A number beyond ±9 999 999 999 999 999.99 (what numeric(18,2) holds).</summary>
    public const string NumberOutOfRange = "number.out_of_range";

    /// <summary>A scale or a scheme needs a name.</summary>
    public const string NameRequired = "name.required";

    /// <summary>Another item of the same kind already has this name.</summary>
    public const string NameTaken = "name.taken";

    /// <summary>A name longer than the limit.</summary>
    public const string NameTooLong = "name.too_long";

    /// <summary>A version that a closed month was paid by cannot change: a new version from a later date is needed.</summary>
    public const string SchemeVersionUsedByClosedPeriod = "scheme.version_used_by_closed_period";

    /// <summary>Two versions of one position's scheme cannot start on the same day.</summary>
    public const string SchemeVersionDateTaken = "scheme.version_date_taken";
    /// <summary>An amount with a fraction of a kopeck.</summary>
    public const string MoneyTooManyDecimals = "money.too_many_decimals";
    /// <summary>A negative amount (fixed part, planned variable, bonus).</summary>
    public const string MoneyNegative = "money.negative";

    // ---- scheme ------------------------------------------------------------------------------------------
    /// <summary>A scheme without KPIs.</summary>
    public const string SchemeNoKpis = "scheme.no_kpis";
    /// <summary>More than 7 KPIs.</summary>
    public const string SchemeTooManyKpis = "scheme.too_many_kpis";
    /// <summary>Weights that do not sum to exactly 100 %.</summary>
    public const string SchemeWeightsSum = "scheme.weights_sum";
    /// <summary>Two KPIs of one scheme with the same name.</summary>
    public const string SchemeDuplicateKpiName = "scheme.duplicate_kpi_name";
    /// <summary>A KPI without a name.</summary>
    public const string KpiNameRequired = "kpi.name_required";
    /// <summary>A weight of 0 % or less (0 % is allowed for a KPI that is a part of an index: measured for the index only).</summary>
    public const string KpiWeightNotPositive = "kpi.weight_not_positive";
    /// <summary>A raw-value KPI on a percent scale or the other way round.</summary>
    public const string KpiScaleKindMismatch = "kpi.scale_kind_mismatch";
    /// <summary>A growth KPI on a fixed base without the base's value.</summary>
    public const string KpiGrowthBaseValueRequired = "kpi.growth_base_value_required";
    /// <summary>An aggregated KPI with fewer than two parts.</summary>
    public const string KpiAggregatePartsRequired = "kpi.aggregate_parts_required";
    /// <summary>An aggregated KPI's part naming no other KPI of the scheme (or itself).</summary>
    public const string KpiAggregateUnknownPart = "kpi.aggregate_unknown_part";
    /// <summary>An aggregated KPI naming the same part twice.</summary>
    public const string KpiAggregateDuplicatePart = "kpi.aggregate_duplicate_part";
    /// <summary>An aggregated KPI's part that is a raw value or another index (not measured in percent of plan).</summary>
    public const string KpiAggregatePartNotPercent = "kpi.aggregate_part_not_percent";
    /// <summary>An aggregated KPI whose parts' weights do not sum to 100 %.</summary>
    public const string KpiAggregatePartsSum = "kpi.aggregate_parts_sum";
    /// <summary>Parts on a KPI that is not an aggregated one.</summary>
    public const string KpiPartsWithoutAggregate = "kpi.parts_without_aggregate";
    /// <summary>A one-off KPI whose period ends before it starts.</summary>
    public const string KpiOneOffDatesReversed = "kpi.one_off_dates_reversed";
    /// <summary>A one-off KPI whose period spans more months than allowed.</summary>
    public const string KpiOneOffTooLong = "kpi.one_off_too_long";
    /// <summary>A one-off growth KPI or index (both are monthly by nature).</summary>
    public const string KpiOneOffMeasurement = "kpi.one_off_measurement";
    /// <summary>A one-off KPI named as a part of an index.</summary>
    public const string KpiOneOffIndexPart = "kpi.one_off_index_part";
    /// <summary>A scheme whose every weighted KPI is one-off (its other months would pay no variable part at all).</summary>
    public const string SchemeOnlyOneOffKpis = "scheme.only_one_off_kpis";
    /// <summary>A bonus rule naming a KPI the scheme does not have.</summary>
    public const string BonusUnknownKpi = "bonus.unknown_kpi";

    // ---- coefficient scale -------------------------------------------------------------------------------
    /// <summary>A scale without bands.</summary>
    public const string ScaleNoBands = "scale.no_bands";
    /// <summary>A percent scale whose first band does not start at 0 %.</summary>
    public const string ScaleFirstBandNotAtZero = "scale.first_band_not_at_zero";
    /// <summary>A last band with an end.</summary>
    public const string ScaleLastBandNotOpen = "scale.last_band_not_open";
    /// <summary>An open-ended band that is not the last.</summary>
    public const string ScaleOpenBandNotLast = "scale.open_band_not_last";
    /// <summary>A band that ends where or before it starts.</summary>
    public const string ScaleBandReversed = "scale.band_reversed";
    /// <summary>A gap between two bands.</summary>
    public const string ScaleGap = "scale.gap";
    /// <summary>Two bands that overlap.</summary>
    public const string ScaleOverlap = "scale.overlap";
    /// <summary>A boundary both neighbouring bands claim.</summary>
    public const string ScaleBoundaryOwnedByBoth = "scale.boundary_owned_by_both";
    /// <summary>A boundary neither neighbouring band claims.</summary>
    public const string ScaleBoundaryOwnedByNeither = "scale.boundary_owned_by_neither";
    /// <summary>A negative coefficient.</summary>
    public const string ScaleNegativeCoefficient = "scale.negative_coefficient";
    /// <summary>A linear band open to +∞ (nothing to interpolate towards).</summary>
    public const string ScaleLinearBandWithoutEnd = "scale.linear_band_without_end";
    /// <summary>A negative cap.</summary>
    public const string ScaleNegativeCap = "scale.negative_cap";
    /// <summary>A raw-value scale without the value that means "plan met".</summary>
    public const string ScalePlanValueRequired = "scale.plan_value_required";

    // ---- measurement (completion) ------------------------------------------------------------------------
    /// <summary>Plan 0 or negative for a plan/fact KPI.</summary>
    public const string CompletionPlanNotPositive = "completion.plan_not_positive";

    /// <summary>Plan and fact so far apart that the completion does not fit a number (e.g. plan 0.0000001).</summary>
    public const string CompletionOutOfRange = "completion.out_of_range";
    /// <summary>A growth KPI measured against a base of 0.</summary>
    public const string CompletionGrowthBaseZero = "completion.growth_base_zero";
    /// <summary>A growth KPI with a planned growth of 0.</summary>
    public const string CompletionPlannedGrowthZero = "completion.planned_growth_zero";
    /// <summary>An aggregate of nothing.</summary>
    public const string CompletionAggregateEmpty = "completion.aggregate_empty";
    /// <summary>An aggregate part with a weight of 0 or less.</summary>
    public const string CompletionAggregateWeightNotPositive = "completion.aggregate_weight_not_positive";
    /// <summary>A value the KPI's measurement needs is missing.</summary>
    public const string CompletionValueRequired = "completion.value_required";

    // ---- pay and check -----------------------------------------------------------------------------------
    /// <summary>Not one result per KPI of the scheme.</summary>
    public const string PayResultsCount = "pay.results_count";
    /// <summary>A pay beyond what numeric(18,2) holds.</summary>
    public const string PayOutOfRange = "pay.out_of_range";
    /// <summary>A check with more outcomes than the engine enumerates.</summary>
    public const string CheckTooManyOutcomes = "check.too_many_outcomes";

    // ---- period lifecycle, adjustments ----------------------------------------------------------------
    /// <summary>Approving (or closing) a month whose pay was never calculated.</summary>
    public const string PeriodNotCalculated = "period.not_calculated";
    /// <summary>Approving a month twice.</summary>
    public const string PeriodAlreadyApproved = "period.already_approved";
    /// <summary>Recalculating or adjusting an approved month (revoke the approval first).</summary>
    public const string PeriodApproved = "period.approved";
    /// <summary>Closing (or revoking the approval of) a month that is not approved.</summary>
    public const string PeriodNotApproved = "period.not_approved";
    /// <summary>Changing anything in a closed month.</summary>
    public const string PeriodClosed = "period.closed";
    /// <summary>Re-opening or exporting a month that is not closed.</summary>
    public const string PeriodNotClosed = "period.not_closed";
    /// <summary>Approving after plans or facts changed since the last calculation.</summary>
    public const string PeriodStale = "period.stale";
    /// <summary>Closing while facts are missing, without counting them as 0 %.</summary>
    public const string PeriodMissingFacts = "period.missing_facts";
    /// <summary>A decision that needs a reason (re-opening, revoking an approval, an adjustment) without one.</summary>
    public const string ReasonRequired = "reason.required";
    /// <summary>A reason longer than the limit.</summary>
    public const string ReasonTooLong = "reason.too_long";
    /// <summary>An adjustment of 0 ₽.</summary>
    public const string AdjustmentZero = "adjustment.zero";
    /// <summary>An adjustment in a month whose pay is not calculated yet.</summary>
    public const string AdjustmentNotCalculated = "adjustment.not_calculated";
    /// <summary>Closing a month before it is over without confirming it (its facts lock when it closes).</summary>
    public const string PeriodNotOver = "period.not_over";
    /// <summary>An adjustment or an entered bonus on the pay line of the person entering it.</summary>
    public const string PayOwnLine = "pay.own_line";
    /// <summary>Approving a month that only the approver changed by hand (the four-eyes rule is on).</summary>
    public const string PeriodFourEyes = "period.four_eyes";

    // ---- warnings (advice, never blocking) ---------------------------------------------------------------
    /// <summary>Warning: a scheme outside the recommended 3–5 KPIs.</summary>
    public const string WarningKpiCountNotRecommended = "scheme.kpi_count_not_recommended";
    /// <summary>Warning: more than 3 main KPIs (weight ≥ 20 %) for one person.</summary>
    public const string WarningTooManyMainKpis = "scheme.too_many_main_kpis";

    /// <summary>English default message templates, by code. Placeholders name keys of <see cref="DomainError.Args"/>.</summary>
    public static IReadOnlyDictionary<string, string> EnglishTemplates { get; } = new Dictionary<string, string>
    {
        [NumberOutOfRange] = "The number {value} is too large: the limit is ±{max}.",
        [NameRequired] = "Give it a name.",
        [NameTooLong] = "The name is longer than {max} characters.",
        [NameTaken] = "Another one is already called \"{name}\"; choose another name.",
        [SchemeVersionUsedByClosedPeriod] = "This version paid the closed month {month}; save your changes as a new version from a later date.",
        [SchemeVersionDateTaken] = "Another version of this scheme already starts on {date}; choose another date or edit that version.",
        [MoneyTooManyDecimals] = "An amount has at most 2 decimal places (kopecks): {value}.",
        [MoneyNegative] = "The amount cannot be negative: {value}.",
        [SchemeNoKpis] = "A scheme needs at least one KPI.",
        [SchemeTooManyKpis] = "A scheme holds at most {max} KPIs; this one has {count}.",
        [SchemeWeightsSum] = "KPI weights must sum to exactly 100 %; they sum to {sum} %.",
        [SchemeDuplicateKpiName] = "Another KPI of this scheme is already called \"{name}\".",
        [KpiNameRequired] = "Give the KPI a name.",
        [KpiWeightNotPositive] = "A KPI weight must be greater than 0 %; it is {weight} %.",
        [KpiScaleKindMismatch] = "A {measurement} KPI needs a {expected} scale, not a {actual} one.",
        [KpiGrowthBaseValueRequired] = "A growth KPI on a fixed base needs the base's value.",
        [KpiAggregatePartsRequired] = "An aggregated KPI needs at least {min} parts: other KPIs of the scheme with their weights.",
        [KpiAggregateUnknownPart] = "The part \"{name}\" is not another KPI of this scheme.",
        [KpiAggregateDuplicatePart] = "The part \"{name}\" is named twice.",
        [KpiAggregatePartNotPercent] = "The part \"{name}\" is a raw value or an index itself; an index is made of KPIs measured in percent of plan.",
        [KpiAggregatePartsSum] = "The weights of an aggregated KPI's parts must sum to exactly 100 %; they sum to {sum} %.",
        [KpiPartsWithoutAggregate] = "Only an aggregated KPI has parts; this one is measured as {measurement}.",
        [KpiOneOffDatesReversed] = "A one-off KPI's period must end on or after its first day: {from} … {to}.",
        [KpiOneOffTooLong] = "A one-off KPI's period spans at most {max} months; this one spans {months}.",
        [KpiOneOffMeasurement] = "A {measurement} KPI is measured every month; only a plan/fact KPI or a raw value can be one-off.",
        [KpiOneOffIndexPart] = "\"{name}\" is a part of an index, which is measured every month; it cannot be one-off.",
        [SchemeOnlyOneOffKpis] = "Every weighted KPI of this scheme is one-off; keep at least one KPI measured every month, or its other months pay no variable part.",
        [BonusUnknownKpi] = "The bonus names the KPI \"{name}\", which this scheme does not have.",
        [ScaleNoBands] = "A scale needs at least one band.",
        [ScaleFirstBandNotAtZero] = "The first band must start at 0 %; it starts at {from} %.",
        [ScaleLastBandNotOpen] = "The last band must have no end (up to +∞); it ends at {to}.",
        [ScaleOpenBandNotLast] = "Only the last band can have no end; give this band an end.",
        [ScaleBandReversed] = "A band must end after it starts: {from} … {to}.",
        [ScaleGap] = "Gap between bands: the previous band ends at {previousTo}, this one starts at {from}.",
        [ScaleOverlap] = "Bands overlap: the previous band ends at {previousTo}, this one starts at {from}.",
        [ScaleBoundaryOwnedByBoth] = "The boundary {boundary} belongs to both neighbouring bands; choose one.",
        [ScaleBoundaryOwnedByNeither] = "The boundary {boundary} belongs to neither neighbouring band; choose one.",
        [ScaleNegativeCoefficient] = "A coefficient cannot be negative: {value}.",
        [ScaleLinearBandWithoutEnd] = "A linear band needs an end to grow towards; give it an end or make it a step band.",
        [ScaleNegativeCap] = "The cap cannot be negative: {value}.",
        [ScalePlanValueRequired] = "A raw-value scale needs the value that means the plan is met.",
        [CompletionOutOfRange] = "The plan {plan} and the actual {fact} are too far apart to compute a completion; check the plan.",
        [CompletionPlanNotPositive] = "The plan must be greater than 0 to measure plan vs actual; it is {plan}.",
        [CompletionGrowthBaseZero] = "Growth cannot be measured against a base of 0.",
        [CompletionPlannedGrowthZero] = "Growth cannot be measured against a planned growth of 0 %.",
        [CompletionAggregateEmpty] = "An aggregate indicator needs at least one part.",
        [CompletionAggregateWeightNotPositive] = "The weight of an aggregate part must be greater than 0; it is {weight}.",
        [CompletionValueRequired] = "A {measurement} KPI needs a value here.",
        [PayResultsCount] = "The scheme has {expected} KPIs but {actual} results were given.",
        [PayOutOfRange] = "The pay is too large to store (limit ±{max}).",
        [CheckTooManyOutcomes] = "The check would list {count} outcomes; the limit is {max}. Use fewer KPIs or bands.",
        [PeriodNotCalculated] = "The pay of {month} is not calculated yet; calculate it first.",
        [PeriodAlreadyApproved] = "{month} is already approved ({by}, {at}).",
        [PeriodApproved] = "{month} is approved; revoke the approval before changing or recalculating it.",
        [PeriodNotApproved] = "{month} is not approved; approve it first.",
        [PeriodClosed] = "{month} is closed and cannot change; re-open it with a reason first.",
        [PeriodNotClosed] = "{month} is not closed yet.",
        [PeriodStale] = "Plans or facts of {month} changed after the last calculation; recalculate (revoking the approval if needed) before approving or closing.",
        [PeriodMissingFacts] =
            "{count} employees miss facts for {month}; enter them, or close counting the missing KPIs as 0 %.",
        [ReasonRequired] = "Give a reason; it is kept in the audit log.",
        [ReasonTooLong] = "The reason is longer than {max} characters.",
        [AdjustmentZero] = "An adjustment cannot be 0 ₽; enter a positive amount to add or a negative one to deduct.",
        [AdjustmentNotCalculated] = "Calculate the pay of {month} before adjusting it.",
        [PeriodNotOver] =
            "{month} is not over: {days} days remain until {end}, {workingDays} of them working days. Its facts lock when it closes; confirm closing it early.",
        [PayOwnLine] = "Nobody adjusts their own pay or enters their own bonus: another HR specialist does it.",
        [PeriodFourEyes] =
            "Only you changed the pay of {month} by hand (adjustments, bonuses, corrections): someone else approves it — another HR specialist or the owner.",
        [WarningKpiCountNotRecommended] = "A pay scheme usually holds 3–5 KPIs; this one has {count}.",
        [WarningTooManyMainKpis] =
            "{count} KPIs weigh {threshold} % or more; one person can really steer 2, at most 3 main indicators.",
    };

    /// <summary>Every code, errors and warnings.</summary>
    public static IReadOnlyCollection<string> All => (IReadOnlyCollection<string>)EnglishTemplates.Keys;

    /// <summary>Builds an error: the English message is the template with the arguments filled in (invariant culture).</summary>
    public static DomainError Create(string code, string path, params (string Name, object Value)[] args) =>
        DomainError.FromTemplate(EnglishTemplates[code], code, path, args);
}
