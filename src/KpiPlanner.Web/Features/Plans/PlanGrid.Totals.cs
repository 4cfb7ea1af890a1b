using KpiPlanner.Domain.Kpis;

namespace KpiPlanner.Web.Features.Plans;

public sealed partial class PlanGrid
{
    private ((int Rows, long Changes) Stamp, PlanGridTotals Totals)? totals;

    /// <summary>The count of changes its cells share (<see cref="PlanCell.Changes"/>): every cell of the grid is made with it.</summary>
    public PlanGridChanges Changes { get; } = new();

    /// <summary>How many times <see cref="Totals"/> were worked out (a test sees that renders without an edit reuse them).</summary>
    public int TotalsComputed { get; private set; }

    /// <summary>
    /// The figures over ALL the grid's people, whatever page is shown (issue 18): the totals row, the goal checks, the
    /// pay-fund estimate, how many cells changed or hold an error. Worked out once and again only after a cell changed
    /// (the grid's <see cref="Changes"/> moved): a render of the company root (10 000 people, 50 000 cells)
    /// reads one counter.
    /// </summary>
    public PlanGridTotals Totals
    {
        get
        {
            var stamp = Stamp();
            if (totals is { } known && known.Stamp == stamp)
            {
                return known.Totals;
            }

            var computed = ComputeTotals();
            TotalsComputed++;
            totals = (stamp, computed);
            return computed;
        }
    }

    /// <summary>What the totals were worked out for: the rows and the count of their cells' changes (no visit of the cells).</summary>
    private (int Rows, long Changes) Stamp() => (Rows.Count, Changes.Count);

    private PlanGridTotals ComputeTotals()
    {
        // One pass over the rows: each column's cells (a row's first cell of the KPI, as PlanGridRow.Cell finds it), the
        // changed and invalid cells, the estimates.
        var changed = 0;
        var invalid = 0;
        var pay = 0m;
        var place = new Dictionary<string, int>(Columns.Count);
        foreach (var column in Columns)
        {
            place.TryAdd(column.Key, place.Count);
        }

        var cellsOf = Enumerable.Range(0, place.Count).Select(_ => new List<PlanCell>(Rows.Count)).ToArray();
        var seen = new int[place.Count];
        for (var r = 0; r < Rows.Count; r++)
        {
            var row = Rows[r];
            foreach (var cell in row.Cells)
            {
                changed += cell.Changed ? 1 : 0;
                invalid += cell.PlanError is not null || cell.FactError is not null ? 1 : 0;
                if (place.TryGetValue(cell.Key, out var at) && seen[at] != r + 1)
                {
                    seen[at] = r + 1;
                    cellsOf[at].Add(cell);
                }
            }

            pay += row.Estimate()?.Variable ?? 0m;
        }

        IReadOnlyList<PlanCell> CellsOf(PlanGridColumn column) => cellsOf[place[column.Key]];
        var columns = new Dictionary<string, PlanColumnTotals>();
        foreach (var column in Columns)
        {
            var cells = CellsOf(column);
            decimal? Across(Func<PlanCell, decimal?> value)
            {
                var known = new List<decimal>(cells.Count);
                foreach (var cell in cells)
                {
                    if (value(cell) is { } figure)
                    {
                        known.Add(figure);
                    }
                }

                return KpiPlanner.Domain.Goals.RollUp.AcrossPeople(column.Rule, known);
            }

            columns.TryAdd(column.Key, new PlanColumnTotals(Across(c => c.Base), Across(c => c.Plan), Across(c => c.Fact),
                TeamCompletion(column, CellsOf), cells.Sum(c => c.Plan ?? 0m)));
        }

        return new PlanGridTotals(columns, pay, changed, invalid);
    }
}

/// <summary>
/// A KPI's figures over all the grid's people: the team's base, plan and fact by the KPI's rule (the sum, or the mean of
/// an average KPI), its completion (<see cref="PlanGrid.TeamCompletion"/>), and the plain sum of the plans that the
/// department goal is checked against.
/// </summary>
public sealed record PlanColumnTotals(decimal? Base, decimal? Plan, decimal? Fact, Completion? Completion, decimal PlanSum);

/// <summary>
/// The grid's figures over all its people (<see cref="PlanGrid.Totals"/>): per KPI key, the estimated variable pay of
/// everyone with every figure, and how many cells changed or hold text that is not a number.
/// </summary>
public sealed record PlanGridTotals(IReadOnlyDictionary<string, PlanColumnTotals> Columns, decimal Pay, int Changed, int Invalid)
{
    /// <summary>Something to save or to fix: the save and undo buttons and the leave-page guard.</summary>
    public bool HasChanges => Changed > 0 || Invalid > 0;
}
