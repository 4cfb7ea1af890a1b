namespace KpiPlanner.Web.Features.Plans;

/// <summary>
/// The grid shows one page of its people (issue 18: the company root holds 10 000): the page's first paint and its
/// SignalR traffic stay the size of a page. The whole month stays loaded on the server, so the totals row, the goal
/// checks and the pay-fund estimate are over ALL the department's people, and edits typed on one page survive going to
/// another; Save saves every edit of every page. Those figures are <see cref="PlanGrid.Totals"/>, worked out once per
/// load and again only after an edit; the filtered rows and the sub-departments are kept too, so a render of the
/// company root reads one counter of its cells' changes instead of recounting its 10 000 people.
/// </summary>
public partial class PlansPage
{
    internal static readonly int[] PageSizes = [25, 50, 100];

    /// <summary>
    /// Rows sent to the browser per render: a page of 100 people is about 350 KB of render batch at once. The first
    /// render carries the whole page around the grid as well (the layout, the toolbar, the filters): it sends
    /// <see cref="FirstRows"/> rows, and the rest follow right after the first paint, <see cref="RowsPerRender"/> per
    /// render, so no SignalR frame passes ~200 KB (issue 18).
    /// </summary>
    private const int FirstRows = 8;

    private const int RowsPerRender = 15;

    /// <summary>
    /// 25 people a page to begin with (50 and 100 a click away): a plan row carries ten inputs, so a page of 50 kept the
    /// browser applying ~350 KB of rows for a quarter of a second after the first paint (issue 18).
    /// </summary>
    private int pageSize = PageSizes[0];
    private int pageIndex;
    private string? search;
    private string? subDepartment;
    private int rendering = FirstRows;

    /// <summary>What the page shows (grid, page, size, filters); when it changes, the rows are sent again in steps.</summary>
    private (PlanGrid? Grid, int Page, int Size, string? Search, string? Department) shownFor;

    /// <summary>The last <see cref="Filtered"/>: a render asks for it several times, and a filter over 10 000 people is a scan.</summary>
    private (PlanGrid? Grid, string? Search, string? Department, IReadOnlyList<PlanGridRow> Rows)? filtered;

    /// <summary>The people the search and the sub-department filter leave, in the grid's order.</summary>
    private IReadOnlyList<PlanGridRow> Filtered
    {
        get
        {
            if (grid is null)
            {
                return [];
            }

            var text = search?.Trim();
            if (string.IsNullOrEmpty(text) && subDepartment is null)
            {
                return grid.Rows;
            }

            if (filtered is { } known && known.Grid == grid && known.Search == text && known.Department == subDepartment)
            {
                return known.Rows; // the rows a grid holds do not change while it is shown (only their figures do)
            }

            var rows = grid.Rows.Where(r => (subDepartment is null || r.Department == subDepartment)
                    && (string.IsNullOrEmpty(text) || r.Name.Contains(text, StringComparison.CurrentCultureIgnoreCase)
                        || r.PersonnelNumber.Contains(text, StringComparison.OrdinalIgnoreCase)))
                .ToList();
            filtered = (grid, text, subDepartment, rows);
            return rows;
        }
    }

    private int PageCount(int rows) => Math.Max(1, (rows + pageSize - 1) / pageSize);

    /// <summary>The rows of the page shown (the page number kept within the filtered rows).</summary>
    private IReadOnlyList<PlanGridRow> PageRows
    {
        get
        {
            var rows = Filtered;
            pageIndex = Math.Clamp(pageIndex, 0, PageCount(rows.Count) - 1);
            if (shownFor != (grid, pageIndex, pageSize, search, subDepartment))
            {
                // A reloaded grid keeps its rows on screen (the same people, re-rendered in place); another page starts over.
                rendering = shownFor.Grid != grid && shownFor.Page == pageIndex && shownFor.Size == pageSize ? Math.Max(rendering, FirstRows) : FirstRows;
                shownFor = (grid, pageIndex, pageSize, search, subDepartment);
            }

            return rows.Skip(pageIndex * pageSize).Take(Math.Min(pageSize, rendering)).ToList();
        }
    }

    /// <summary>The departments of the people in the grid (the selected one and those below it), for the filter.</summary>
    private IReadOnlyList<string> SubDepartments
    {
        get
        {
            if (grid is null)
            {
                return [];
            }

            if (subDepartments.Grid != grid)
            {
                subDepartments = (grid, grid.Rows.Select(r => r.Department).Distinct().Order(StringComparer.CurrentCulture).ToList());
            }

            return subDepartments.Names;
        }
    }

    /// <summary>The <see cref="SubDepartments"/> of the grid shown: worked out once per loaded grid, not per render.</summary>
    private (PlanGrid? Grid, IReadOnlyList<string> Names) subDepartments = (null, []);

    private void ChangePage(int page) => pageIndex = page - 1;

    private void ChangePageSize(int size)
    {
        var first = pageIndex * pageSize; // keep the first person shown on the page
        pageSize = PageSizes.Contains(size) ? size : PageSizes[0];
        pageIndex = first / pageSize;
    }

    private void Search(string? text)
    {
        search = text;
        pageIndex = 0;
    }

    private void FilterDepartment(string? name)
    {
        subDepartment = string.IsNullOrEmpty(name) ? null : name;
        pageIndex = 0;
    }

    /// <summary>Shows the page holding <paramref name="row"/> (a cell with an error to fix), dropping a filter that hides it.</summary>
    private void ShowPageOf(PlanGridRow row)
    {
        if (!Filtered.Contains(row))
        {
            search = null;
            subDepartment = null;
        }

        pageIndex = Filtered.ToList().IndexOf(row) / pageSize;
    }

    /// <summary>The page's rows not sent yet follow the first paint, a step per render.</summary>
    protected override void OnAfterRender(bool firstRender)
    {
        if (grid is not null && rendering < pageSize && Filtered.Count > pageIndex * pageSize + rendering)
        {
            rendering += RowsPerRender;
            StateHasChanged();
        }
    }

    private void Edited()
    {
        // The row re-rendered itself; the page's re-render that follows updates the totals and the save button only.
    }
}
