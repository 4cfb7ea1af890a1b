using System.ComponentModel;
using System.Text.Json;
using KpiPlanner.Domain.Payroll;
using KpiPlanner.Domain.Planning;

namespace KpiPlanner.Web.Features.PayReview;

// The pay run's JSON contract (camelCase). Money is a JSON number read as decimal; months are yyyy-MM; names of kinds
// (status, measurement, direction, missing) are camelCase words.

/// <summary>Who took a step of the month, and when.</summary>
public sealed record PeriodStepResponse(DateTimeOffset At, string? By);

/// <summary>Where a month stands.</summary>
/// <param name="Month">yyyy-MM.</param>
/// <param name="Status">open, calculated, approved or closed.</param>
/// <param name="Stale">True when plans, facts or entered bonuses changed after the last calculation: recalculate before approving or closing.</param>
/// <param name="Lines">Pay lines of the last calculation.</param>
/// <param name="Total">Their totals with every adjustment added.</param>
/// <param name="MissingFactsCountedAsZero">True when the month was closed counting missing plans or facts as 0 %.</param>
public sealed record PeriodResponse(
    string Month,
    string Status,
    bool Stale,
    int Lines,
    decimal Total,
    PeriodStepResponse? Calculated,
    PeriodStepResponse? Approved,
    PeriodStepResponse? Closed,
    bool MissingFactsCountedAsZero)
{
    public static PeriodResponse Of(PeriodState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var p = state.Period;
        return new PeriodResponse(Period.Key(state.Month), PeriodApiNames.Of(state.Status), state.Stale, state.Lines, state.Total,
            Step(p?.CalculatedAt, p?.CalculatedBy), Step(p?.ApprovedAt, p?.ApprovedBy), Step(p?.ClosedAt, p?.ClosedBy), p?.MissingFactsCountedAsZero ?? false);
    }

    private static PeriodStepResponse? Step(DateTimeOffset? at, string? by) => at is { } when ? new PeriodStepResponse(when, by) : null;
}

/// <summary>The answer of a calculation: the month after it, lines written, lines whose total changed, people with no scheme in force.</summary>
public sealed record CalculateResponse(PeriodResponse Period, int Lines, int Changed, IReadOnlyList<int> WithoutScheme);

/// <summary>The body of <c>POST /api/periods/{month}/close</c> (optional: no body = both false).</summary>
/// <param name="CountMissingAsZero">Close although plans or facts are missing, counting them as 0 % (recorded in the audit log).</param>
/// <param name="CloseEarly">Close before the month's last day has passed (recorded in the audit log).</param>
public sealed record CloseRequest(
    [property: Description("Close although plans or facts are missing, counting those KPIs as 0 % — the explicit decision the pay page asks for.")] bool? CountMissingAsZero,
    [property: Description("Close before the month is over (today is on or before its last day).")] bool? CloseEarly);

/// <summary>The body of <c>reopen</c> and <c>revoke-approval</c>.</summary>
public sealed record ReasonRequest([property: Description("Why: required, at most 1 000 characters; kept in the audit log.")] string Reason);

/// <summary>A person who misses plans or facts in a month being closed.</summary>
public sealed record MissingFactsResponse(int EmployeeId, string PersonnelNumber, string Name, IReadOnlyList<string> Kpis);

/// <summary>One page of a month's pay lines.</summary>
/// <param name="Total">How many lines match in all (within the caller's scope and the department filter).</param>
public sealed record PayLinesResponse(string Month, string Status, int Page, int PageSize, int Total, IReadOnlyList<PayLineResponse> Items);

/// <summary>A person's pay for the month, every rouble explained.</summary>
/// <param name="Total">Fixed + variable + bonus + adjustments.</param>
/// <param name="PreviousTotal">The line's total before this calculation (without adjustments); null on the first calculation.</param>
public sealed record PayLineResponse(
    int EmployeeId,
    string PersonnelNumber,
    string Name,
    int DepartmentId,
    string Department,
    int PositionId,
    string Position,
    string Scheme,
    DateOnly SchemeEffectiveFrom,
    decimal Fixed,
    decimal PlannedVariable,
    decimal Variable,
    decimal Bonus,
    decimal Adjustments,
    decimal Total,
    decimal? PreviousTotal,
    bool Gated,
    bool MissingFigures,
    DateTimeOffset CalculatedAt,
    PayExplanationResponse Explanation,
    IReadOnlyList<AdjustmentResponse> AdjustmentList)
{
    public static PayLineResponse Of(PayLineRead read)
    {
        ArgumentNullException.ThrowIfNull(read);
        var l = read.Line;
        var e = l.Explanation;
        return new PayLineResponse(l.EmployeeId, read.PersonnelNumber, read.Name, l.DepartmentId, read.Department, l.PositionId, read.Position,
            l.SchemeName, l.SchemeEffectiveFrom, l.Fixed, l.PlannedVariable, l.Variable, l.Bonus, read.Adjusted, l.Total + read.Adjusted, l.PreviousTotal,
            l.Gated, l.MissingFigures, l.CalculatedAt,
            new PayExplanationResponse(e.SchemeFixed, e.PlannedVariable, new WorkedResponse(e.Worked.Worked, e.Worked.Total, PeriodApiNames.Of(e.Worked.Basis)),
                e.VariableProrated, e.WeightedSum, e.ThresholdBonusPaid, e.EnteredBonus, [.. e.Kpis.Select(KpiExplanationResponse.Of)])
            {
                NotDueWeight = e.NotDueWeight,
            },
            [.. read.Adjustments.Select(a => new AdjustmentResponse(a.Amount, a.Reason, a.By, a.At))]);
    }
}

/// <summary>How the line was reached: the scheme's parts, the time worked and each KPI.</summary>
/// <param name="WeightedSum">Σ weight × coefficient.</param>
public sealed record PayExplanationResponse(
    decimal SchemeFixed,
    decimal PlannedVariable,
    WorkedResponse Worked,
    bool VariableProrated,
    decimal WeightedSum,
    bool ThresholdBonusPaid,
    decimal EnteredBonus,
    IReadOnlyList<KpiExplanationResponse> Kpis)
{
    /// <summary>
    /// The weight, percent, of one-off KPIs not due this month (0 when every KPI is due); the due KPIs' weights then
    /// count in proportion: weightedSum = Σ_due(weight × coefficient) / (100 − notDueWeight).
    /// </summary>
    public decimal NotDueWeight { get; init; }
}

/// <summary>Days worked of the month's days (workingDays of the company calendar, or calendarDays).</summary>
public sealed record WorkedResponse(int Days, int Of, string Basis);

/// <summary>How one KPI made its part of the variable pay.</summary>
/// <param name="CompletionPercent">Exact completion in percent (the raw value for a raw-value KPI); null when infinite.</param>
/// <param name="Missing">none, plan, fact, planAndFact, notMeasurable or base: what was missing (counted as 0 %).</param>
/// <param name="Contribution">Planned variable × weight × coefficient (× the share worked when prorated), exact; 0 when gated.</param>
public sealed record KpiExplanationResponse(
    string Key,
    string Name,
    decimal Weight,
    string Measurement,
    string Direction,
    decimal? Plan,
    decimal? Fact,
    decimal? Base,
    string Missing,
    decimal? CompletionPercent,
    bool CompletionInfinite,
    BandResponse Band,
    decimal Coefficient,
    bool Capped,
    decimal WeightedCoefficient,
    decimal Contribution,
    bool GateFailed)
{
    /// <summary>A one-off KPI's dates (<c>{"from":"2026-02-01","to":"2026-03-01"}</c>); null for a KPI measured every month.</summary>
    public KpiPlanner.Domain.Schemes.OneOffPeriod? OneOff { get; init; }

    /// <summary>True for a one-off KPI in a month other than the one its period ends in: not measured, not paid this month.</summary>
    public bool NotDue { get; init; }

    public static KpiExplanationResponse Of(KpiExplanation k)
    {
        ArgumentNullException.ThrowIfNull(k);
        return new KpiExplanationResponse(k.Key, k.Name, k.Weight, PeriodApiNames.Of(k.Measurement), PeriodApiNames.Of(k.Direction), k.Plan, k.Fact, k.Base,
            PeriodApiNames.Of(k.Missing), k.CompletionPercent, k.CompletionInfinite, new BandResponse(k.BandIndex, k.BandFrom, k.BandTo, k.BandLabel),
            k.Coefficient, k.Capped, k.WeightedCoefficient, k.Contribution, k.GateFailed)
        {
            OneOff = k.OneOff,
            NotDue = k.NotDue,
        };
    }
}

/// <summary>The band a KPI's completion fell in: its index in the scale (from 0), where it starts and ends (null = +∞), its meaning.</summary>
public sealed record BandResponse(int Index, decimal From, decimal? To, string? Label);

/// <summary>An adjustment of the line, with its reason.</summary>
public sealed record AdjustmentResponse(decimal Amount, string Reason, string? By, DateTimeOffset At);

/// <summary>The API's names of kinds: the enum's name in camelCase (<c>PlanAndFact</c> → <c>planAndFact</c>).</summary>
internal static class PeriodApiNames
{
    public static string Of<T>(T value)
        where T : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());
}
