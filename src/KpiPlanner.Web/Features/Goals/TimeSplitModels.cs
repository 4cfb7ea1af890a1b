using KpiPlanner.Domain.Goals;
using KpiPlanner.Domain.Kpis;
using KpiPlanner.Domain.Organisation;
using KpiPlanner.Domain.Planning;
using KpiPlanner.Domain.Schemes;
using KpiPlanner.Domain.Validation;
using KpiPlanner.Infrastructure;
using KpiPlanner.Web.Features.Plans;
using KpiPlanner.Web.Localization;
using KpiPlanner.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace KpiPlanner.Web.Features.Goals;

/// <summary>How a plan is shared between the periods of a split in time.</summary>
public enum TimeSplitMode
{
    /// <summary>Evenly: each half-year, quarter or month of its parent gets the same part.</summary>
    Equal,

    /// <summary>Evenly by calendar days: a 31-day month gets more than February.</summary>
    ByDays,

    /// <summary>By last year's seasonality: each month's share of last year's facts.</summary>
    LastYear,

    /// <summary>By shares typed per month, summing to 100 %.</summary>
    Shares,
}

/// <summary>One month of last year's facts of a node: the fact (null when nobody reported), and how complete it is.</summary>
/// <param name="Month">The month (of last year).</param>
/// <param name="Fact">The team's fact (the sum; the mean of the people for an average KPI), or null.</param>
/// <param name="Reported">People with a fact that month (the goal's own facts: 1 or 0).</param>
/// <param name="Planned">People with a plan or a fact that month.</param>
public sealed record LastYearMonth(PeriodRange Month, decimal? Fact, int Reported, int Planned)
{
    /// <summary>True when some people with a plan have not reported: the month's share may be too small.</summary>
    public bool IsPartial => Fact is not null && Reported < Planned;
}

/// <summary>What a split in time of one node over one period starts from.</summary>
/// <param name="GoalId">The goal.</param>
/// <param name="Version">The goal's row version when read (a newer save by someone else is a conflict).</param>
/// <param name="Node">The node (its plan is typed: formula nodes follow the nodes they use).</param>
/// <param name="Rule">How the node's months add up: only a sum KPI is divided; an average or last-value KPI keeps the same target each month.</param>
/// <param name="RuleKpi">The KPI the rule comes from (name), or null when it follows the node's unit.</param>
/// <param name="Period">The period split.</param>
/// <param name="CurrentPlans">Each month's plan now: its month plan from an earlier split, or the node's typed plan.</param>
/// <param name="SplitMonths">The months that already have a month plan.</param>
/// <param name="LastYear">The months of the same period last year with the facts the seasonal profile comes from.</param>
/// <param name="FactsDepartment">The department whose facts of <paramref name="FactsKpi"/> those are; null for the goal's own facts of the node.</param>
/// <param name="FactsKpi">The KPI of those facts.</param>
public sealed record TimeSplitContext(
    int GoalId,
    uint Version,
    GoalNodeSpec Node,
    AggregationRule Rule,
    string? RuleKpi,
    PeriodRange Period,
    IReadOnlyList<PeriodAmount> CurrentPlans,
    IReadOnlyList<PeriodRange> SplitMonths,
    IReadOnlyList<LastYearMonth> LastYear,
    string? FactsDepartment,
    string? FactsKpi)
{
    /// <summary>The company's production calendar for the period (official days off and HR's changes), for days.</summary>
    public Func<DateOnly, bool>? IsWorkingDay { get; init; }

    /// <summary>The period's plan now, rolled up by the rule (the sum of the months for a sum KPI).</summary>
    public decimal? CurrentWhole => RollUp.Aggregate(Rule, CurrentPlans.Select(p => new MonthValue(p.Period, p.Amount)), Period);

    /// <summary>Last year's months without any fact: their share would be 0.</summary>
    public IReadOnlyList<PeriodRange> MissingMonths => LastYear.Where(m => m.Fact is null).Select(m => m.Month).ToArray();

    /// <summary>Last year's months where not everybody reported.</summary>
    public IReadOnlyList<LastYearMonth> PartialMonths => LastYear.Where(m => m.IsPartial).ToArray();

    /// <summary>Each month's share of last year's facts in percent (0 without a fact); null when last year has none at all.</summary>
    public IReadOnlyList<decimal>? LastYearShares
    {
        get
        {
            var total = LastYear.Sum(m => Math.Max(0m, m.Fact ?? 0m));
            return total <= 0 ? null : LastYear.Select(m => Math.Max(0m, m.Fact ?? 0m) * 100m / total).ToArray();
        }
    }
}

/// <summary>One row of the table shown before saving.</summary>
/// <param name="Period">The half-year, quarter or month (null for a day).</param>
/// <param name="Day">The day (null for a longer period).</param>
/// <param name="Days">Calendar days of the row.</param>
/// <param name="Plan">Its part of the plan: whole kopecks (money) or units (counts); the parts sum exactly to the whole.</param>
/// <param name="SharePercent">Its share of the whole (sum KPIs only).</param>
/// <param name="LastYear">The fact of the same period last year (rolled up by the rule), or null.</param>
/// <param name="ChangePercent">The plan against last year's fact in percent, or null.</param>
/// <param name="IsDayOff">A day off of the production calendar (split by working days, it gets 0).</param>
public sealed record TimeSplitRow(
    PeriodRange? Period, DateOnly? Day, int Days, decimal Plan, decimal? SharePercent, decimal? LastYear, decimal? ChangePercent,
    bool IsDayOff = false);

/// <summary>The split shown before saving: the rows at the chosen level and the months that are saved.</summary>
/// <param name="Whole">The plan split.</param>
/// <param name="Rows">The rows at the chosen level.</param>
/// <param name="Months">The months that are saved.</param>
/// <param name="LastYear">Last year's fact of the whole period (rolled up by the rule), or null.</param>
/// <param name="ChangePercent">The whole against it in percent, or null.</param>
public sealed record TimeSplitPreview(
    decimal Whole, IReadOnlyList<TimeSplitRow> Rows, IReadOnlyList<PeriodAmount> Months, decimal? LastYear = null, decimal? ChangePercent = null)
{
    /// <summary>The rows' total (equal to the whole for a sum KPI).</summary>
    public decimal Total => Rows.Sum(r => r.Plan);
}

public sealed record TimeSplitSaveResult(IReadOnlyList<string> Errors, bool Conflict)
{
    public bool Succeeded => Errors.Count == 0 && !Conflict;

    /// <summary>Closed months the split reached and left as they were: a closed month was paid by its plans.</summary>
    public IReadOnlyList<DateOnly> KeptClosed { get; init; } = [];
}
