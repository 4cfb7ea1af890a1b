using KpiPlanner.Domain.Kpis;

namespace KpiPlanner.Web.Features.Plans;

/// <summary>One cell: a KPI of an employee in the month, as loaded and as edited.</summary>
public sealed class PlanCell
{
    public required string Key { get; init; }

    private long? valueId;
    private uint version;
    private decimal? savedPlan;
    private decimal? savedFact;
    private decimal? plan;
    private decimal? fact;
    private string? planError;
    private string? factError;

    /// <summary>
    /// Raised by every change of what the cell holds (its figures, typed errors, saved values, version): the grid's totals
    /// (<see cref="PlanGrid.Totals"/>) and the row's estimate are worked out again only when a revision moved, not on each
    /// render of a page over 10 000 people.
    /// </summary>
    public int Revision { get; private set; }

    /// <summary>
    /// The grid's count of changes, shared by all its cells: each change of a cell moves it too, so the grid knows it
    /// changed without visiting its 50 000 cells on every render (the company root; issue 18).
    /// </summary>
    public PlanGridChanges? Changes { get; init; }

    public long? ValueId { get => valueId; set => Set(ref valueId, value); }

    public uint Version { get => version; set => Set(ref version, value); }

    public decimal? SavedPlan { get => savedPlan; set => Set(ref savedPlan, value); }

    public decimal? SavedFact { get => savedFact; set => Set(ref savedFact, value); }

    public decimal? Plan { get => plan; set => Set(ref plan, value); }

    public decimal? Fact { get => fact; set => Set(ref fact, value); }

    /// <summary>Text the person typed that is not a number (kept so nothing they typed is lost).</summary>
    public string? PlanError { get => planError; set => Set(ref planError, value); }

    public string? FactError { get => factError; set => Set(ref factError, value); }

    private void Set<T>(ref T field, T value)
    {
        if (!EqualityComparer<T>.Default.Equals(field, value))
        {
            field = value;
            Revision++;
            Changes?.Moved();
        }
    }

    public bool Changed => Plan != SavedPlan || Fact != SavedFact;

    /// <summary>The KPI as the person's scheme defines it (how this cell is measured).</summary>
    public KpiPlanner.Domain.Schemes.SchemeKpi? Kpi { get; init; }

    /// <summary>A growth KPI's base for the person this month (the base month's stored fact, or the scheme's value); read-only here.</summary>
    public decimal? Base { get; init; }

    /// <summary>The cell's figures as the pay run measures them.</summary>
    public KpiPlanner.Domain.Payroll.KpiFigures Figures => new(Plan, Fact) { Base = Base };

    /// <summary>
    /// An aggregated KPI's cell: its row's cells in the scheme's order (its parts are among them); it has no plan or fact
    /// of its own and is measured from its parts. Null for the other cells.
    /// </summary>
    public IReadOnlyList<PlanCell>? RowCells { get; set; }

    /// <summary>An aggregated KPI's cell (measured from its parts; nothing to type).</summary>
    public bool IsIndex => Kpi?.Measurement == Measurement.Aggregate;

    /// <summary>
    /// A one-off KPI's cell in a month other than the one its period ends in: it takes no plan or fact this month
    /// (they are typed, for the whole period, in the month it ends) and is not paid.
    /// </summary>
    public bool NotDue { get; init; }

    /// <summary>Whether a plan and a fact are typed into this cell this month (not an index, not a one-off KPI out of its month).</summary>
    public bool TakesFigures => !IsIndex && !NotDue;
}

/// <summary>How many times any cell of a grid changed (<see cref="PlanCell.Changes"/>): the stamp of the grid's totals.</summary>
public sealed class PlanGridChanges
{
    public long Count { get; private set; }

    internal void Moved() => Count++;
}
