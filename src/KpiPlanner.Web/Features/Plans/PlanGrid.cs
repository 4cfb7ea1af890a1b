using KpiPlanner.Domain.Kpis;
using KpiPlanner.Domain.Pay;

namespace KpiPlanner.Web.Features.Plans;

public sealed record DepartmentOption(int Id, string Name, int Depth);

public sealed record PlanGridColumn(string Key, string Name, Direction Direction, KpiUnit? Unit)
{
    /// <summary>How the KPI's months roll up (its scheme KPI's rule): what of its plan is due by today in a month in progress.</summary>
    public KpiPlanner.Domain.Goals.AggregationRule Rule { get; init; } = KpiPlanner.Domain.Goals.AggregationRule.Sum;
}

/// <summary>One cell: a KPI of an employee in the month, as loaded and as edited.</summary>
public sealed class PlanCell
{
    public required string Key { get; init; }

    public long? ValueId { get; set; }

    public uint Version { get; set; }

    public decimal? SavedPlan { get; set; }

    public decimal? SavedFact { get; set; }

    public decimal? Plan { get; set; }

    public decimal? Fact { get; set; }

    /// <summary>Text the person typed that is not a number (kept so nothing they typed is lost).</summary>
    public string? PlanError { get; set; }

    public string? FactError { get; set; }

    public bool Changed => Plan != SavedPlan || Fact != SavedFact;

    /// <summary>Completion in percent points (unrounded), when plan and fact are both there.</summary>
    public decimal? Completion(Direction direction) =>
        Plan is > 0 && Fact is { } fact
            ? KpiPlanner.Domain.Kpis.Completion.OfRatio(direction, Plan.Value, fact) is { IsValid: true } c && !c.Value.IsPositiveInfinity ? c.Value.Value : null
            : null;
}

public sealed class PlanGridRow
{
    public required int EmployeeId { get; init; }

    public required string Name { get; init; }

    public required string Position { get; init; }

    public required string Department { get; init; }

    /// <summary>The scheme version in force this month; null when the position has none yet.</summary>
    public KpiPlanner.Domain.Schemes.MotivationScheme? Scheme { get; init; }

    public List<PlanCell> Cells { get; init; } = [];

    public PlanCell? Cell(string key) => Cells.FirstOrDefault(c => c.Key == key);

    /// <summary>The row's month is today's, in progress: no pay is estimated from facts so far (issue 16, decision 008).</summary>
    public bool InProgress { get; init; }

    /// <summary>The estimated pay once every KPI has a plan and a fact; never for a month in progress.</summary>
    public PayResult? Estimate()
    {
        if (Scheme is null || InProgress)
        {
            return null;
        }

        var inputs = new List<KpiResultInput>();
        foreach (var kpi in Scheme.Kpis)
        {
            var cell = Cell(PlansService.KeyOf(kpi.KpiCode, kpi.Name));
            if (cell?.Plan is not { } plan || cell.Fact is not { } fact)
            {
                return null;
            }

            inputs.Add(KpiResultInput.PlanFact(plan, fact));
        }

        var pay = PayCalculator.Calculate(Scheme, inputs);
        return pay.IsValid ? pay.Value : null;
    }
}

/// <summary>
/// The department goal of a team KPI this month: a goal-tree node linked to the department and KPI.
/// <paramref name="FromSplit"/> when the month's plan is its share of a split in time (not the node's typed plan).
/// </summary>
public sealed record TeamGoal(string Goal, string Node, decimal Plan, bool FromSplit = false);

public sealed class PlanGrid
{
    /// <summary>Department goals per KPI key, where a goal tree links a node to this department.</summary>
    public IReadOnlyDictionary<string, TeamGoal> Goals { get; set; } = new Dictionary<string, TeamGoal>();

    public required DateOnly Month { get; init; }

    public required bool Closed { get; init; }

    public required DepartmentOption Department { get; init; }

    public List<PlanGridColumn> Columns { get; init; } = [];

    public List<PlanGridRow> Rows { get; init; } = [];

    public IEnumerable<PlanCell> ChangedCells => Rows.SelectMany(r => r.Cells).Where(c => c.Changed);

    /// <summary>
    /// Today's month, in progress (its working days so far and in all); null for a month that is over or ahead. Its
    /// completions are against the plan due by today (<see cref="KpiPlanner.Domain.Goals.MonthInProgress.PlanDue"/>),
    /// with no band and no pay estimated (decision 008, "a period in progress is read to date").
    /// </summary>
    public KpiPlanner.Domain.Goals.MonthInProgress? InProgress { get; init; }

    /// <summary>The plan a cell's fact is measured against: its plan, or in a month in progress the plan due by today.</summary>
    public decimal? PlanToDate(PlanCell cell, PlanGridColumn column)
    {
        ArgumentNullException.ThrowIfNull(cell);
        return Measure(column, cell.Plan, cell.Fact).PlanToDate;
    }

    /// <summary>A cell's completion in percent points (unrounded): fact against <see cref="PlanToDate"/>; null without both or when nothing is due.</summary>
    public decimal? CompletionOf(PlanCell cell, PlanGridColumn column)
    {
        ArgumentNullException.ThrowIfNull(cell);
        return Percent(Measure(column, cell.Plan is > 0 ? cell.Plan : null, cell.Fact));
    }

    /// <summary>
    /// The team's completion of a KPI: only the people with both a plan and a fact count (like for like), their facts
    /// against their plans — due by today in a month in progress.
    /// </summary>
    public decimal? TeamCompletion(PlanGridColumn column)
    {
        ArgumentNullException.ThrowIfNull(column);
        var reported = Rows.Select(r => r.Cell(column.Key)).OfType<PlanCell>().Where(c => c.Plan is > 0 && c.Fact is not null).ToList();
        return reported.Count == 0 ? null : Percent(Measure(column, reported.Sum(c => c.Plan!.Value), reported.Sum(c => c.Fact!.Value)));
    }

    /// <summary>One month's plan and fact through the domain's one way of measuring a KPI-month (<see cref="KpiPlanner.Domain.Goals.RollUp.PlanFact"/>).</summary>
    private KpiPlanner.Domain.Goals.RolledUp Measure(PlanGridColumn column, decimal? plan, decimal? fact)
    {
        ArgumentNullException.ThrowIfNull(column);
        var month = KpiPlanner.Domain.Goals.PeriodRange.OfMonth(Month);
        return KpiPlanner.Domain.Goals.RollUp.PlanFact(column.Rule, column.Direction,
            [new KpiPlanner.Domain.Goals.MonthPlanFact(month, plan, fact)], month, InProgress);
    }

    private static decimal? Percent(KpiPlanner.Domain.Goals.RolledUp measured) =>
        measured.Completion is { IsPositiveInfinity: false } c ? c.Value : null;
}

public sealed record CellEdit(int EmployeeId, string Key, long? ValueId, uint Version, decimal? Plan, decimal? Fact);

/// <summary>
/// A cell somebody else saved first: what the person typed, what is in the database now, who saved it and when
/// (the value row's updated-by and updated-at).
/// </summary>
public sealed record CellConflict(int EmployeeId, string Employee, string Key, decimal? YourPlan, decimal? YourFact, decimal? TheirPlan, decimal? TheirFact, string? TheirName, DateTimeOffset? TheirAt = null)
{
    /// <summary>The plan is part of the conflict: the two plans differ (or nothing differs, and both parts are named).</summary>
    public bool PlanDiffers => YourPlan != TheirPlan || YourFact == TheirFact;

    /// <summary>The fact is part of the conflict: the two facts differ (or nothing differs, and both parts are named).</summary>
    public bool FactDiffers => YourFact != TheirFact || YourPlan == TheirPlan;
}

public sealed record PlanSaveResult(int Saved, IReadOnlyList<CellConflict> Conflicts, IReadOnlyList<string> Errors);

/// <summary>One KPI of an employee's month, as the employee sees it.</summary>
public sealed record MyKpi(string Name, decimal Weight, decimal? Plan, decimal? Fact, decimal? Completion, string? Band, decimal? Coefficient)
{
    /// <summary>Today's month: the plan due by today that <see cref="Completion"/> is against (no band, no coefficient); else null.</summary>
    public decimal? PlanToDate { get; init; }

    /// <summary>A KPI measured on its own value (days late, minutes to answer): <see cref="Completion"/> is that value, not a percent.</summary>
    public bool RawValue { get; init; }

    /// <summary>The catalogue unit of the plan and fact; null for a KPI of the scheme's own.</summary>
    public KpiPlanner.Domain.Kpis.KpiUnit? Unit { get; init; }

    /// <summary>The fact that reaches the next band paying more (<see cref="KpiPlanner.Domain.Payroll.NextBand"/>); null in the top band or unmeasured.</summary>
    public KpiPlanner.Domain.Payroll.NextBandTarget? Next { get; init; }
}

/// <summary>
/// The variable part as the pay engine worked it out — variable = planned variable × (share of the month, when prorated)
/// × Σ(weight × coefficient) — taken from the stored pay line's explanation or the estimate, never recalculated.
/// </summary>
public sealed record MyPayFormula(decimal Variable, decimal PlannedVariable, KpiPlanner.Domain.Payroll.WorkedTime? Share,
    IReadOnlyList<(decimal Weight, decimal Coefficient)> Terms, bool Gated)
{
    public static MyPayFormula Of(KpiPlanner.Domain.Payroll.PayExplanation explanation)
    {
        ArgumentNullException.ThrowIfNull(explanation);
        return new(explanation.Variable, explanation.PlannedVariable,
            explanation.VariableProrated && !explanation.Worked.IsFullMonth ? explanation.Worked : null,
            explanation.Kpis.Select(k => (k.Weight, k.Coefficient)).ToList(), explanation.Gated);
    }

    public static MyPayFormula Of(PayResult estimate)
    {
        ArgumentNullException.ThrowIfNull(estimate);
        return new(estimate.Variable, estimate.PlannedVariable, null, estimate.Kpis.Select(k => (k.Weight, k.Coefficient)).ToList(), estimate.Gated);
    }
}

/// <summary>An employee's month: their KPIs and the variable pay they would get (an estimate until the month closes).</summary>
public sealed record MyMonth(DateOnly Month, bool Closed, string? SchemeName, IReadOnlyList<MyKpi> Kpis, PayResult? Estimate,
    MyStatement? Statement = null)
{
    /// <summary>Today's month, in progress: its working days so far and in all; null for a month that is over.</summary>
    public (int Elapsed, int Total)? WorkingDays { get; init; }

    /// <summary>True for today's month: completions to date, no pay estimated yet.</summary>
    public bool InProgress => WorkingDays is not null;

    /// <summary>How the variable part was worked out: from the statement when HR approved the month, else from the estimate.</summary>
    public MyPayFormula? Formula => Statement?.Formula ?? (Estimate is { } estimate ? MyPayFormula.Of(estimate) : null);
}

/// <summary>
/// The pay HR approved (or closed) for the month: the stored pay line with its adjustments — what the employee is paid,
/// as opposed to the live estimate.
/// </summary>
public sealed record MyStatement(bool Final, decimal Fixed, decimal Variable, decimal Bonus, decimal Total,
    IReadOnlyList<(decimal Amount, string Reason)> Adjustments, KpiPlanner.Domain.Payroll.WorkedTime Worked)
{
    /// <summary>The stored pay line's variable part, explained.</summary>
    public MyPayFormula? Formula { get; init; }

    /// <summary>The adjustments' sum: <see cref="Total"/> = fixed + variable + bonus + this.</summary>
    public decimal AdjustmentsTotal => Adjustments.Sum(a => a.Amount);
}

/// <summary>One employee × KPI over a quarter, half-year or year, and its fact against the same months last year.</summary>
public sealed record RollUpCell(string Key, KpiPlanner.Domain.Goals.RolledUp Value, KpiPlanner.Domain.Goals.YearOverYearComparison YearOverYear);

public sealed record RollUpRow(int EmployeeId, string Name, string Position, IReadOnlyList<RollUpCell> Cells)
{
    public RollUpCell? Cell(string key) => Cells.FirstOrDefault(c => c.Key == key);
}

/// <summary>The team's plans and facts over a longer period, each KPI rolled up by its own rule.</summary>
public sealed record RollUpGrid(
    KpiPlanner.Domain.Goals.PeriodRange Period,
    DepartmentOption Department,
    IReadOnlyList<PlanGridColumn> Columns,
    IReadOnlyDictionary<string, KpiPlanner.Domain.Goals.AggregationRule> Rules,
    IReadOnlyList<RollUpRow> Rows)
{
    /// <summary>The department's own line per KPI (its people together), beside the same months last year.</summary>
    public IReadOnlyList<RollUpCell> Team { get; init; } = [];

    /// <summary>
    /// Today's month when the period holds it: that month is read against its plan due by today (a completion to date,
    /// no final band), and last year's same month for the same share of working days; null for a period that is over.
    /// </summary>
    public KpiPlanner.Domain.Goals.MonthInProgress? InProgress { get; init; }
}
