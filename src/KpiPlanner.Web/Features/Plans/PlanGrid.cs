using KpiPlanner.Domain.Kpis;
using KpiPlanner.Domain.Pay;

namespace KpiPlanner.Web.Features.Plans;

public sealed record DepartmentOption(int Id, string Name, int Depth);

public sealed record PlanGridColumn(string Key, string Name, Direction Direction, KpiUnit? Unit)
{
    /// <summary>How the KPI's months roll up (its scheme KPI's rule): what of its plan is due by today in a month in progress.</summary>
    public KpiPlanner.Domain.Goals.AggregationRule Rule { get; init; } = KpiPlanner.Domain.Goals.AggregationRule.Sum;

    /// <summary>The KPI as the first scheme in the grid defines it: how the team's total is measured.</summary>
    public KpiPlanner.Domain.Schemes.SchemeKpi? Kpi { get; init; }

    /// <summary>A growth KPI's base (where it comes from); the grid shows it beside plan and fact. Null for the others.</summary>
    public GrowthBase? Base => Kpi?.Base;
}

public sealed class PlanGridRow
{
    public required int EmployeeId { get; init; }

    public required string Name { get; init; }

    public required string Position { get; init; }

    public required string Department { get; init; }

    /// <summary>Табельный номер: the grid's search finds a person by it as well as by name.</summary>
    public string PersonnelNumber { get; init; } = string.Empty;

    /// <summary>The scheme version in force this month; null when the position has none yet.</summary>
    public KpiPlanner.Domain.Schemes.MotivationScheme? Scheme { get; init; }

    public List<PlanCell> Cells { get; init; } = [];

    public PlanCell? Cell(string key) => Cells.FirstOrDefault(c => c.Key == key);

    /// <summary>The row's month is today's, in progress: no pay is estimated from facts so far (issue 16, decision 008).</summary>
    public bool InProgress { get; init; }

    /// <summary>The grid's month (decides whether a one-off KPI is due); null counts every KPI as due.</summary>
    public DateOnly? Month { get; init; }

    private (int Revision, PayResult? Pay)? estimated;

    /// <summary>The sum of the row's cells' <see cref="PlanCell.Revision"/>: moves whenever a cell of the row changes.</summary>
    public int Revision
    {
        get
        {
            var sum = 0;
            foreach (var cell in Cells)
            {
                sum += cell.Revision;
            }

            return sum;
        }
    }

    /// <summary>
    /// The estimated pay once every KPI has a plan and a fact; never for a month in progress. Worked out again only when
    /// a cell of the row changed (<see cref="Revision"/>): the grid's <see cref="PlanGrid.Totals"/> sum it over every
    /// person of the department (10 000 at the company root).
    /// </summary>
    public PayResult? Estimate()
    {
        if (Scheme is null || InProgress)
        {
            return null;
        }

        var revision = Revision;
        if (estimated is { } known && known.Revision == revision)
        {
            return known.Pay;
        }

        var pay = Calculate();
        estimated = (revision, pay);
        return pay;
    }

    private PayResult? Calculate()
    {
        var inputs = new List<KpiResultInput>();
        foreach (var kpi in Scheme!.Kpis)
        {
            if (!kpi.IsDueIn(Month))
            {
                inputs.Add(new KpiResultInput(null, null)); // a one-off KPI out of its month: not measured, not paid
                continue;
            }

            if (kpi.Measurement == Measurement.Aggregate)
            {
                inputs.Add(new KpiResultInput(null, null)); // measured from its parts, which are KPIs of the scheme checked here too
                continue;
            }

            var cell = Cell(PlansService.KeyOf(kpi.KpiCode, kpi.Name));
            if (cell is null || KpiPlanner.Domain.Payroll.KpiMeasure.Of(kpi, cell.Figures).Missing != KpiPlanner.Domain.Payroll.MissingFigure.None)
            {
                return null; // waiting for a figure (a growth KPI's base included)
            }

            inputs.Add(kpi.Measurement switch
            {
                Measurement.Growth => KpiResultInput.GrowthToPlan(cell.Base!.Value, cell.Plan!.Value, cell.Fact!.Value),
                Measurement.RawValue => KpiResultInput.RawValue(cell.Fact!.Value),
                _ => KpiResultInput.PlanFact(cell.Plan!.Value, cell.Fact!.Value),
            });
        }

        var pay = PayCalculator.Calculate(Scheme, inputs, month: Month);
        return pay.IsValid ? pay.Value : null;
    }
}

/// <summary>
/// The department goal of a team KPI this month: a goal-tree node linked to the department and KPI.
/// <paramref name="FromSplit"/> when the month's plan is its share of a split in time (not the node's typed plan).
/// </summary>
public sealed record TeamGoal(string Goal, string Node, decimal Plan, bool FromSplit = false);

public sealed partial class PlanGrid
{
    /// <summary>Department goals per KPI key, where a goal tree links a node to this department.</summary>
    public IReadOnlyDictionary<string, TeamGoal> Goals { get; set; } = new Dictionary<string, TeamGoal>();

    public required DateOnly Month { get; init; }

    public required bool Closed { get; init; }

    public required DepartmentOption Department { get; init; }

    public List<PlanGridColumn> Columns { get; init; } = [];

    public List<PlanGridRow> Rows { get; init; } = [];

    /// <summary>
    /// The first page's people only (<see cref="PlansService.LoadFirstAsync"/>), shown while the whole grid is read: its
    /// rows take typed figures, but its totals, filters, pages and actions wait for the whole grid.
    /// </summary>
    public bool Partial { get; init; }

    /// <summary>How many people the whole grid holds (of a <see cref="Partial"/> grid: more than its rows).</summary>
    public int Headcount { get; init; }

    /// <summary>
    /// What was typed into a <see cref="Partial"/> grid while this one was read, carried over cell by cell: the figures
    /// and the typed errors, and — where the cell changed in the database in between — the version it was typed
    /// against, so the save says it conflicts instead of overwriting.
    /// </summary>
    public void TakeEditsFrom(PlanGrid shown)
    {
        ArgumentNullException.ThrowIfNull(shown);
        var rows = Rows.ToDictionary(r => r.EmployeeId);
        foreach (var row in shown.Rows)
        {
            foreach (var typed in row.Cells.Where(c => c.Changed || c.PlanError is not null || c.FactError is not null))
            {
                if (rows.GetValueOrDefault(row.EmployeeId)?.Cell(typed.Key) is not { } cell)
                {
                    continue;
                }

                if (cell.Version != typed.Version || cell.ValueId != typed.ValueId)
                {
                    (cell.ValueId, cell.Version, cell.SavedPlan, cell.SavedFact) = (typed.ValueId, typed.Version, typed.SavedPlan, typed.SavedFact);
                }

                (cell.Plan, cell.Fact, cell.PlanError, cell.FactError) = (typed.Plan, typed.Fact, typed.PlanError, typed.FactError);
            }
        }
    }

    public IEnumerable<PlanCell> ChangedCells => Rows.SelectMany(r => r.Cells).Where(c => c.Changed);

    /// <summary>
    /// Today's month, in progress (its working days so far and in all); null for a month that is over or ahead. Its
    /// completions are against the plan due by today (<see cref="KpiPlanner.Domain.Goals.MonthInProgress.PlanDue"/>),
    /// with no band and no pay estimated (decision 008, "a period in progress is read to date").
    /// </summary>
    public KpiPlanner.Domain.Goals.MonthInProgress? InProgress { get; init; }

    /// <summary>A cell as shown: the pay run's measurement (<see cref="KpiPlanner.Domain.Payroll.KpiMeasure.Read"/>), in a month in progress against what is due by today.</summary>
    public KpiPlanner.Domain.Payroll.KpiReading ReadingOf(PlanCell cell, PlanGridColumn column)
    {
        ArgumentNullException.ThrowIfNull(cell);
        ArgumentNullException.ThrowIfNull(column);
        var kpi = cell.Kpi ?? column.Kpi ?? throw new InvalidOperationException($"No KPI definition for '{column.Key}'.");
        if (kpi.Measurement == Measurement.Aggregate && cell.RowCells is { } parts)
        {
            return KpiPlanner.Domain.Payroll.KpiMeasure.ReadIndex(kpi, i => KpiPlanner.Domain.Payroll.KpiMeasure.Read(parts[i].Kpi!, parts[i].Figures, InProgress));
        }

        return KpiPlanner.Domain.Payroll.KpiMeasure.Read(kpi, cell.Figures, InProgress);
    }

    /// <summary>The plan a cell's fact is measured against: its plan, or in a month in progress the plan due by today.</summary>
    public decimal? PlanToDate(PlanCell cell, PlanGridColumn column) => ReadingOf(cell, column).PlanToDate;

    /// <summary>A cell's completion: fact against <see cref="PlanToDate"/> (from its base for growth); null without the figures or when nothing is due.</summary>
    public Completion? CompletionOf(PlanCell cell, PlanGridColumn column) => ReadingOf(cell, column).Completion;

    /// <summary>
    /// The team's completion of a KPI: only the people with every figure the KPI needs (plan and fact, and a growth
    /// KPI's base) count — like for like — combined across people by the KPI's rule (sum, or the mean of an average KPI)
    /// and measured as one KPI-month; in a month in progress against what is due by today.
    /// </summary>
    public Completion? TeamCompletion(PlanGridColumn column) =>
        TeamCompletion(column, c => Rows.Select(r => r.Cell(c.Key)).OfType<PlanCell>().ToList());

    /// <summary><see cref="TeamCompletion(PlanGridColumn)"/> over the cells of each column as <paramref name="cellsOf"/> gives them (every row's, in order).</summary>
    private Completion? TeamCompletion(PlanGridColumn column, Func<PlanGridColumn, IReadOnlyList<PlanCell>> cellsOf)
    {
        ArgumentNullException.ThrowIfNull(column);
        if (column.Kpi is not { } kpi)
        {
            return null;
        }

        if (kpi.Measurement == Measurement.Aggregate)
        {
            // The team's index: the index over the team's completions of its parts (each part's column, by its name).
            return KpiPlanner.Domain.Payroll.KpiMeasure.ReadIndex(kpi, i => Columns.FirstOrDefault(c => c.Kpi is { } part
                    && string.Equals(part.Name, kpi.Parts.First(p => p.Index == i).Kpi, StringComparison.OrdinalIgnoreCase)) is { } partColumn
                    && TeamCompletion(partColumn, cellsOf) is { } team
                    ? new KpiPlanner.Domain.Payroll.KpiReading(team, KpiPlanner.Domain.Payroll.MissingFigure.None, null)
                    : new KpiPlanner.Domain.Payroll.KpiReading(null, KpiPlanner.Domain.Payroll.MissingFigure.Part, null))
                .Completion;
        }

        var reported = cellsOf(column)
            .Where(c => c.Plan is not null && c.Fact is not null && (kpi.Base is null || c.Base is not null))
            .ToList();
        if (reported.Count == 0)
        {
            return null;
        }

        var rule = column.Rule;
        var team = new KpiPlanner.Domain.Payroll.KpiFigures(
            KpiPlanner.Domain.Goals.RollUp.AcrossPeople(rule, [.. reported.Select(c => c.Plan!.Value)]),
            KpiPlanner.Domain.Goals.RollUp.AcrossPeople(rule, [.. reported.Select(c => c.Fact!.Value)]))
        {
            Base = kpi.Base is null ? null : KpiPlanner.Domain.Goals.RollUp.AcrossPeople(rule, [.. reported.Select(c => c.Base!.Value)]),
        };
        return KpiPlanner.Domain.Payroll.KpiMeasure.Read(kpi, team, InProgress).Completion;
    }
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

    /// <summary>The completion as measured (<see cref="KpiPlanner.Domain.Payroll.KpiMeasure.Read"/>), +∞ included (a lower-is-better fact of 0).</summary>
    public KpiPlanner.Domain.Kpis.Completion? Measured { get; init; }

    /// <summary>A KPI measured on its own value (days late, minutes to answer): <see cref="Completion"/> is that value, not a percent.</summary>
    public bool RawValue { get; init; }

    /// <summary>The catalogue unit of the plan and fact; null for a KPI of the scheme's own.</summary>
    public KpiPlanner.Domain.Kpis.KpiUnit? Unit { get; init; }

    /// <summary>An aggregated KPI's parts and weights («Звонки 40 % + Встречи 30 % + …»); null for the other KPIs.</summary>
    public string? IndexParts { get; init; }

    /// <summary>A one-off KPI's dates; null for a KPI measured every month.</summary>
    public KpiPlanner.Domain.Schemes.OneOffPeriod? OneOff { get; init; }

    /// <summary>A one-off KPI in a month other than the one its period ends in: not measured, not paid this month.</summary>
    public bool NotDue { get; init; }

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
    /// <summary>
    /// The weights of the KPIs due this month when a one-off KPI is not (the terms are over those, divided by this
    /// share); null when every KPI is due.
    /// </summary>
    public decimal? DueWeight { get; init; }

    public static MyPayFormula Of(KpiPlanner.Domain.Payroll.PayExplanation explanation)
    {
        ArgumentNullException.ThrowIfNull(explanation);
        return new(explanation.Variable, explanation.PlannedVariable,
            explanation.VariableProrated && !explanation.Worked.IsFullMonth ? explanation.Worked : null,
            explanation.Kpis.Where(k => !k.NotDue).Select(k => (k.Weight, k.Coefficient)).ToList(), explanation.Gated)
        {
            DueWeight = explanation.NotDueWeight > 0m ? 100m - explanation.NotDueWeight : null,
        };
    }

    public static MyPayFormula Of(PayResult estimate)
    {
        ArgumentNullException.ThrowIfNull(estimate);
        return new(estimate.Variable, estimate.PlannedVariable, null,
            estimate.Kpis.Where(k => !k.NotDue).Select(k => (k.Weight, k.Coefficient)).ToList(), estimate.Gated)
        {
            DueWeight = estimate.DueWeight < 100m ? estimate.DueWeight : null,
        };
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
