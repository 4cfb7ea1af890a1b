using KpiPlanner.Domain.Goals;
using KpiPlanner.Domain.Kpis;

namespace KpiPlanner.Web.Features.Dashboard;

/// <summary>
/// <c>GET /api/dashboard</c>'s answer (issue 15): the figures the dashboard page shows for the level and period — each
/// KPI's plan, fact, completion and band, the drill-down rows, the pay fund by month and the goals — as JSON for a BI tool.
/// Names of kinds are camelCase; money and percents are JSON numbers read as decimals; a completion that is +∞ (a
/// lower-is-better fact of 0) is <c>completionInfinite: true</c> with no percent.
/// </summary>
public sealed record DashboardResponse(
    string Period,
    string Level,
    string Title,
    int? DepartmentId,
    int? EmployeeId,
    IReadOnlyList<DashboardKpiResponse> Kpis,
    IReadOnlyList<DashboardRowResponse> Rows,
    IReadOnlyList<DashboardPayFundResponse> PayFund,
    IReadOnlyList<DashboardGoalResponse> Goals)
{
    public static DashboardResponse Of(DashboardView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return new DashboardResponse(view.Period.ToString(), Name(view.Level), view.Title, view.DepartmentId, view.EmployeeId,
            [.. view.Kpis.Select(k => new DashboardKpiResponse(k.Kpi.Key, k.Kpi.Name, k.Kpi.Unit is { } u ? Name(u) : null, Name(k.Kpi.Direction),
                Name(k.Kpi.Rule), k.Current.Plan, k.Current.Fact, k.Current.PlanToDate, k.Current.FactToDate, StandingResponse.Of(k.Standing),
                k.LastYearFact, k.ChangePercent, k.People))],
            [.. view.Rows.Select(r => new DashboardRowResponse(r.Id, r.Name, r.DepartmentId, r.EmployeeId, r.People, r.Variable, r.PlannedVariable,
                r.Kpis.ToDictionary(p => p.Key, p => StandingResponse.Of(p.Value), StringComparer.Ordinal)))],
            [.. view.PayFund.Select(p => new DashboardPayFundResponse(KpiPlanner.Domain.Planning.Period.Key(p.Month), p.Planned, p.Earned, p.People, p.Calculated))],
            [.. view.Goals.Select(g => new DashboardGoalResponse(g.GoalId, g.Goal, g.Node, Name(g.Unit), g.Plan, g.PlanToDate, g.Fact, StandingResponse.Of(g.Standing), g.Error))]);
    }

    private static string Name<T>(T value)
        where T : struct, Enum => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(value.ToString());
}

/// <summary>A KPI of the level over the period: plan and fact by its rule, what the completion compares (to date), its standing, last year.</summary>
public sealed record DashboardKpiResponse(string Key, string Name, string? Unit, string Direction, string Rule, decimal? Plan, decimal? Fact,
    decimal? PlanToDate, decimal? FactToDate, StandingResponse Standing, decimal? LastYearFact, decimal? ChangePercent, int People);

/// <summary>A completion with its band: percent (or a raw value), +∞, the coefficient and band (none for a period in progress: <c>toDate</c>).</summary>
public sealed record StandingResponse(decimal? CompletionPercent, bool CompletionInfinite, decimal? Coefficient, string? Band, bool ToDate)
{
    public static StandingResponse Of(Standing standing)
    {
        ArgumentNullException.ThrowIfNull(standing);
        Completion? c = standing.Completion;
        return new StandingResponse(c is { IsPositiveInfinity: false } v ? v.Value : null, c is { IsPositiveInfinity: true }, standing.Coefficient,
            standing.Band, standing.ToDate);
    }
}

/// <summary>A row of the drill-down: a department or a person, with each KPI's standing and the variable pay.</summary>
public sealed record DashboardRowResponse(string Id, string Name, int? DepartmentId, int? EmployeeId, int People, decimal? Variable,
    decimal? PlannedVariable, IReadOnlyDictionary<string, StandingResponse> Kpis);

/// <summary>A month of the pay fund: planned and earned (null before the month is calculated).</summary>
public sealed record DashboardPayFundResponse(string Month, decimal Planned, decimal? Earned, int People, bool Calculated);

/// <summary>A goal node of the level: plan, plan to date, fact and standing (or why it could not be evaluated).</summary>
public sealed record DashboardGoalResponse(int GoalId, string Goal, string Node, string Unit, decimal? Plan, decimal? PlanToDate, decimal? Fact,
    StandingResponse Standing, string? Error);
