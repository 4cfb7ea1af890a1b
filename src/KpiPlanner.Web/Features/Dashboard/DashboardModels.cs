using KpiPlanner.Domain.Dashboards;
using KpiPlanner.Domain.Goals;
using KpiPlanner.Domain.Kpis;
using KpiPlanner.Domain.Scales;

namespace KpiPlanner.Web.Features.Dashboard;

/// <summary>Which level a dashboard shows.</summary>
public enum DashboardLevel
{
    Company,
    Department,
    Employee,
}

/// <summary>How a completion reads at a glance, from the band of the KPI's scale it falls in.</summary>
public enum Tone
{
    None,
    /// <summary>A band paying nothing.</summary>
    Bad,
    /// <summary>Below the band of the plan.</summary>
    Warning,
    /// <summary>The plan's band or above.</summary>
    Good,
}

/// <summary>
/// What the dashboard knows of a KPI: the scheme KPI it comes from (<paramref name="Source"/>: its measurement and growth
/// base, which measure a person's month as the pay run does), or the catalogue.
/// </summary>
public sealed record DashboardKpi(string Key, string Name, KpiUnit? Unit, Direction Direction, AggregationRule Rule, CoefficientScale? Scale,
    KpiPlanner.Domain.Schemes.SchemeKpi? Source = null)
{
    /// <summary>An index's parts: the key of each part, by the part's place in its scheme (null unless an index).</summary>
    public IReadOnlyDictionary<int, string>? PartKeys { get; init; }

    /// <summary>True for an index (an aggregated KPI): measured from its parts, with no plan or fact of its own.</summary>
    public bool IsIndex => PartKeys is { Count: > 0 };
}

/// <summary>A KPI's completion with its band.</summary>
public sealed record Standing(Completion? Completion, decimal? Coefficient, string? Band, Tone Tone)
{
    public static Standing None { get; } = new(null, null, null, Tone.None);

    /// <summary>
    /// A completion to date (a period in progress): against the plan due by today, coloured by pace, with no band name
    /// and no coefficient — the month's result is not known yet (issue 16; decision 008).
    /// </summary>
    public bool ToDate { get; init; }
}

/// <summary>One KPI of the level for the period, with last year and (for a period in progress) the forecast.</summary>
public sealed record KpiSummary(
    DashboardKpi Kpi,
    GroupRolledUp Current,
    Standing Standing,
    decimal? LastYearFact,
    decimal? ChangePercent,
    int People)
{
    /// <summary>
    /// For a period holding today's month: of the people with a plan this month (<see cref="Planned"/>), how many have a
    /// fact (<see cref="Reporting"/>) — the plan to date is theirs (like for like); 0 and 0 otherwise.
    /// </summary>
    public int Reporting { get; init; }

    /// <inheritdoc cref="Reporting"/>
    public int Planned { get; init; }
}

/// <summary>A month of the trend: plan, fact and the fact of the same month a year before.</summary>
public sealed record TrendPoint(DateOnly Month, decimal? Plan, decimal? Fact, decimal? LastYearFact, Completion? Completion)
{
    /// <summary>Today's month: its fact is so far, not the month's (the chart marks it rather than show a dip).</summary>
    public bool InProgress { get; init; }

    /// <summary>
    /// Today's month: where its fact ends at the pace of the working days so far (<see cref="RunRate.Forecast"/>), drawn
    /// as its own line from last month's fact; null for other months and before the first working day.
    /// </summary>
    public decimal? Pace { get; init; }
}

/// <summary>A row of the drill-down (a department or a person): completion per KPI and variable pay.</summary>
public sealed record DrillRow(
    string Id,
    string Name,
    int? DepartmentId,
    int? EmployeeId,
    int People,
    IReadOnlyDictionary<string, Standing> Kpis,
    IReadOnlyDictionary<string, GroupRolledUp> Values,
    decimal? Variable,
    decimal? PlannedVariable,
    int MonthsCalculated);

/// <summary>A cell of the months heat map.</summary>
public sealed record HeatCell(string RowId, DateOnly Month, Standing Standing);

/// <summary>Pay fund of a month: planned variable part (from the schemes) against what was earned.</summary>
public sealed record PayFundMonth(DateOnly Month, decimal Planned, decimal? Earned, int People, bool Calculated);

/// <summary>Pay fund of a drill-down row over the period.</summary>
public sealed record PayFundRow(string Name, decimal Planned, decimal? Earned);

/// <summary>A manager's plan accuracy over the last 12 months.</summary>
public sealed record ManagerAccuracy(string Manager, IReadOnlyList<string> Departments, PlanAccuracyResult Accuracy);

/// <summary>
/// A top goal of the company for the period. <paramref name="Fact"/> is only ever measured; a value the goal's formulas
/// derive from plans alone (no input has a fact in the period) is <paramref name="Estimate"/> instead, with no completion.
/// <paramref name="AssumesPlanOf"/> names the inputs whose plans stood in for a missing fact in a derived fact.
/// </summary>
public sealed record GoalStanding(int GoalId, string Goal, string Node, KpiUnit Unit, decimal? Plan, decimal? Fact, Standing Standing, decimal? LastYearFact, decimal? ChangePercent, string? Error,
    decimal? Estimate = null, IReadOnlyList<string>? AssumesPlanOf = null)
{
    /// <summary>For a period in progress: the plan due by today that the fact so far is measured against; else null.</summary>
    public decimal? PlanToDate { get; init; }
}

/// <summary>
/// Run-rate forecast of one KPI for the current month and quarter (<see cref="RunRate.Outlook"/>): the plans are those of
/// the people who reported (like for like); <paramref name="Reporting"/> of <paramref name="Planned"/> people have a
/// fact this month. A forecast that <see cref="RunRateForecast.NeedsChecking"/> has no standing.
/// </summary>
public sealed record KpiForecast(DashboardKpi Kpi, decimal? MonthPlan, RunRateForecast? Month, Standing MonthStanding, decimal? QuarterPlan, RunRateForecast? Quarter, Standing QuarterStanding,
    int Reporting = 0, int Planned = 0);

/// <summary>A step of the way down: company → department → … → person.</summary>
public sealed record Crumb(string Name, int? DepartmentId, int? EmployeeId);

/// <summary>Everything one dashboard page shows; every figure also goes to the xlsx export.</summary>
public sealed class DashboardView
{
    public required PeriodRange Period { get; init; }
    public required DashboardLevel Level { get; init; }
    public required string Title { get; init; }
    public int? DepartmentId { get; init; }
    public int? EmployeeId { get; init; }
    public required IReadOnlyList<Crumb> Path { get; init; }
    public required IReadOnlyList<DashboardKpi> KpiList { get; init; }
    public required IReadOnlyList<KpiSummary> Kpis { get; init; }
    public required IReadOnlyDictionary<string, IReadOnlyList<TrendPoint>> Trend { get; init; }
    public required IReadOnlyList<DrillRow> Rows { get; init; }
    public required IReadOnlyList<DateOnly> HeatMonths { get; init; }
    public required IReadOnlyDictionary<string, IReadOnlyList<HeatCell>> HeatByKpi { get; init; }
    public required IReadOnlyList<FunnelStage> Funnel { get; init; }
    public required IReadOnlyList<PayFundMonth> PayFund { get; init; }
    public required IReadOnlyList<PayFundRow> PayFundRows { get; init; }
    public required IReadOnlyList<ManagerAccuracy> Accuracy { get; init; }
    public required IReadOnlyList<GoalStanding> Goals { get; init; }
    public required IReadOnlyList<KpiForecast> Forecasts { get; init; }

    /// <summary>The current month's working days so far and in all, by the company's calendar (the forecast's pace).</summary>
    public (int Elapsed, int Total) MonthWorkingDays { get; init; }

    public required DateOnly Today { get; init; }
}

/// <summary>The pay-fund forecast of a level.</summary>
public sealed record PayFundForecastView(PayFundForecastResult Result, DateOnly Month, IReadOnlyList<DateOnly> Window);
