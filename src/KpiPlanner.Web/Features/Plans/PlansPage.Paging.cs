namespace KpiPlanner.Web.Features.Plans;

/// <summary>
/// The grid shows one page of its people (issue 18: the company root holds 10 000): the page's first paint and its
/// SignalR traffic stay the size of a page. The whole month stays loaded on the server, so the totals row, the goal
/// checks and the pay-fund estimate are over ALL the department's people, and edits typed on one page survive going to
/// another; Save saves every edit of every page.
/// </summary>
public partial class PlansPage
{
    internal static readonly int[] PageSizes = [25, 50, 100];

    /// <summary>
    /// Rows sent to the browser per render: a page of 100 people is about 350 KB of render batch at once; in steps of
    /// 20 (the rest follow right after the first paint, one step per render) no SignalR frame passes ~200 KB.
    /// </summary>
    private const int RowsPerRender = 20;

    private int pageSize = 50;
    private int pageIndex;
    private string? search;
    private string? subDepartment;
    private int rendering = RowsPerRender;

    /// <summary>What the page shows (grid, page, size, filters); when it changes, the rows are sent again in steps.</summary>
    private (PlanGrid? Grid, int Page, int Size, string? Search, string? Department) shownFor;

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

            return grid.Rows.Where(r => (subDepartment is null || r.Department == subDepartment)
                    && (string.IsNullOrEmpty(text) || r.Name.Contains(text, StringComparison.CurrentCultureIgnoreCase)
                        || r.PersonnelNumber.Contains(text, StringComparison.OrdinalIgnoreCase)))
                .ToList();
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
                rendering = shownFor.Grid != grid && shownFor.Page == pageIndex && shownFor.Size == pageSize ? Math.Max(rendering, RowsPerRender) : RowsPerRender;
                shownFor = (grid, pageIndex, pageSize, search, subDepartment);
            }

            return rows.Skip(pageIndex * pageSize).Take(Math.Min(pageSize, rendering)).ToList();
        }
    }

    /// <summary>The departments of the people in the grid (the selected one and those below it), for the filter.</summary>
    private IReadOnlyList<string> SubDepartments => grid?.Rows.Select(r => r.Department).Distinct().Order(StringComparer.CurrentCulture).ToList() ?? [];

    private void ChangePage(int page) => pageIndex = page - 1;

    private void ChangePageSize(int size)
    {
        var first = pageIndex * pageSize; // keep the first person shown on the page
        pageSize = PageSizes.Contains(size) ? size : 50;
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
