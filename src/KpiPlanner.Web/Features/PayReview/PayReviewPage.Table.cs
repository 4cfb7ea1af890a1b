using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using KpiPlanner.Domain.Payroll;
using KpiPlanner.Domain.Planning;
using KpiPlanner.Infrastructure.Payroll;
using KpiPlanner.Web.Localization;
using KpiPlanner.Web.Security;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace KpiPlanner.Web.Features.PayReview;

/// <summary>
/// The pay review's table (issue 18): one page of the month's lines at a time, filtered, ordered and counted by the
/// database (<see cref="PayReviewService.PageAsync"/>); a row is plain HTML.
/// </summary>
public partial class PayReviewPage
{
    /// <summary>Encodes every text of a row; Cyrillic stays as it is (the default encoder would spell it as entities).</summary>
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>The page sizes offered: at most 50 rows, so a page's SignalR frame stays near 100 KB even with seven KPIs a row.</summary>
    private static readonly int[] PageSizes = [25, PayReviewService.DefaultPageSize];

    private DepartmentChoice? departmentFilter;
    private string? search;

    /// <summary>The table: one page of lines read from the database at a time (<see cref="LoadPageAsync"/>).</summary>
    private MudTable<ReviewRow>? table;

    /// <summary>The rows of the page shown and how many lines the filter keeps (null before the first page is read).</summary>
    private int? shownRows;

    /// <summary>The cells' labels for narrow screens, read once per render rather than per cell.</summary>
    private string labelNumber = string.Empty;
    private string labelEmployee = string.Empty;
    private string labelKpis = string.Empty;

    private int shownCount;
    private TableData<ReviewRow> lastPage = new() { TotalItems = 0, Items = [] };
    private bool belowPlan;
    private bool gateFailed;
    private bool changedOnly;
    private bool missingOnly;

    /// <summary>
    /// The table's rows: one page of the month's lines, filtered and ordered by the database, without explanations.
    /// MudTable calls it on its first render, on paging and sorting, and when <see cref="ReloadTableAsync"/> asks.
    /// </summary>
    private async Task<TableData<ReviewRow>> LoadPageAsync(TableState state, CancellationToken cancellationToken)
    {
        var query = QueryOf(state);
        var early = prefetch is { } read && read.Month == Month && read.Query == query ? read.Page : null;
        prefetch = null;
        try
        {
            var page = await (early ?? Review.PageAsync(await Me(), Month, query, cancellationToken));
            lastPage = new TableData<ReviewRow> { TotalItems = page?.Count ?? 0, Items = page?.Rows ?? [] };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return lastPage; // a newer request replaced this one; its answer follows
        }

        var rows = lastPage.Items?.Count() ?? 0;
        if (rows != shownRows || lastPage.TotalItems != shownCount)
        {
            (shownRows, shownCount) = (rows, lastPage.TotalItems);
            StateHasChanged(); // the page's ready marker and the table's counts
        }

        return lastPage;
    }

    /// <summary>
    /// The table's first page, read beside the month's state when the page opens (issue 18: the table asks for it only
    /// after its first render, a database round later); taken once, when the table asks for exactly that page.
    /// </summary>
    private (DateOnly Month, ReviewQuery Query, Task<ReviewPage?> Page)? prefetch;

    private ReviewQuery QueryOf(TableState state)
    {
        var order = state.SortDirection != SortDirection.None && Enum.TryParse<PayLineOrder>(state.SortLabel, out var sort) ? sort : PayLineOrder.Department;
        return new ReviewQuery(departmentFilter?.Id, search, belowPlan, gateFailed, changedOnly, missingOnly, order,
            state.SortDirection == SortDirection.Descending, state.Page, state.PageSize);
    }

    /// <summary>Starts reading the table's first page, for a table not shown yet (the page just opened).</summary>
    private void PrefetchFirstPage(UserContext user)
    {
        var query = QueryOf(new TableState { Page = 0, PageSize = PayReviewService.DefaultPageSize, SortDirection = SortDirection.None });
        var read = Review.PageAsync(user, Month, query);
        _ = read.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default); // observed should the table never ask
        prefetch = (Month, query, read);
    }

    /// <summary>Reads the table's page again: the first one (a filter changed, another month) or the one shown (an action on a line).</summary>
    private async Task ReloadTableAsync(bool firstPage)
    {
        if (table is null)
        {
            return;
        }

        if (firstPage && table.CurrentPage != 0)
        {
            table.NavigateTo(Page.First); // reads the first page
        }
        else
        {
            await table.ReloadServerData();
        }
    }

    private Task FilterAsync(Action set)
    {
        set();
        return ReloadTableAsync(firstPage: true);
    }

    private Task SearchChangedAsync(string? text) => FilterAsync(() => search = string.IsNullOrWhiteSpace(text) ? null : text.Trim());

    private Task DepartmentChangedAsync(DepartmentChoice? department) => FilterAsync(() => departmentFilter = department);

    /// <summary>The departments whose name holds the text typed, in tree order (all of them, a few at a time, before anything is typed).</summary>
    private Task<IEnumerable<DepartmentChoice>> SearchDepartments(string? text, CancellationToken cancellationToken) =>
        Task.FromResult<IEnumerable<DepartmentChoice>>(review is null ? []
            : string.IsNullOrWhiteSpace(text) ? review.Choices
            : review.Choices.Where(d => d.Name.Contains(text.Trim(), StringComparison.CurrentCultureIgnoreCase)).Select(d => d with { Depth = 0 }));

    /// <summary>A KPI's span in a row: coloured by its coefficient (a missing figure as a warning).</summary>
    private static string KpiClass(PayLineKpi k) => k.Missing != MissingFigure.None ? "pay-kpi pay-kpi-warning"
        : k.Coefficient == 0 ? "pay-kpi pay-kpi-error"
        : k.Coefficient < 1 ? "pay-kpi pay-kpi-warning"
        : k.Coefficient > 1 ? "pay-kpi pay-kpi-success"
        : "pay-kpi pay-kpi-primary";

    private string KpiShort(PayLineKpi k) => k.Missing != MissingFigure.None
        ? P["MissingShort"]
        : $"{(k.CompletionInfinite ? "∞" : k.CompletionPercent is not { } c ? "—" : k.Measurement == KpiPlanner.Domain.Kpis.Measurement.RawValue ? Formats.Plain(c) : Formats.Percent(c))} → {Formats.Plain(k.Coefficient, 2)}";

    /// <summary>
    /// A row's cells as one piece of HTML, every text encoded: a page of rows is then one markup frame a row instead of
    /// some forty render-tree frames, and its SignalR frame stays far under 200 KB whatever a row holds. The row's click
    /// (its explanation) is the table's.
    /// </summary>
    private MarkupString RowCells(ReviewRow row)
    {
        var html = new StringBuilder(1024);
        void Cell(string text, string? label = null, string? testId = null)
        {
            html.Append("<td class=\"mud-table-cell\""); // the amounts' columns are aligned by the page's CSS
            if (label is not null)
            {
                html.Append(" data-label=\"").Append(Html.Encode(label)).Append('"');
            }

            if (testId is not null)
            {
                html.Append(" data-testid=\"").Append(testId).Append('"');
            }

            html.Append('>').Append(text).Append("</td>");
        }

        // The name takes the focus: the table's sideways scroll region has focusable content for keyboard users (axe's
        // scrollable-region-focusable; the chips in tooltips were focusable before).
        var worked = row.Line.Worked.IsFullMonth ? string.Empty : " · " + P["Worked", row.Line.Worked.Worked, row.Line.Worked.Total].Value;
        Cell(Html.Encode(row.Line.PersonnelNumber), labelNumber);
        Cell($"<div tabindex=\"0\">{Html.Encode(row.Name)}</div><div class=\"pay-caption\">{Html.Encode($"{row.Line.Department} · {row.Line.Position}{worked}")}</div>", labelEmployee, "pay-row-name");
        var kpis = new StringBuilder();
        foreach (var k in row.Line.Kpis)
        {
            kpis.Append("<span class=\"").Append(KpiClass(k)).Append("\" title=\"").Append(Html.Encode(k.Name)).Append("\">").Append(Html.Encode(KpiShort(k))).Append("</span>");
        }

        if (row.Line.Gated)
        {
            kpis.Append("<span class=\"pay-kpi pay-kpi-gated\">").Append(Html.Encode(P["Gated"])).Append("</span>");
        }

        Cell(kpis.ToString(), labelKpis);
        foreach (var amount in new[] { row.Line.Fixed, row.Line.PlannedVariable, row.Line.Variable, row.Line.Bonus })
        {
            Cell(Money(amount));
        }

        Cell(row.Line.Adjustments == 0 ? "—" : Money(row.Line.Adjustments));
        var was = row.Changed && row.Line.PreviousTotal is { } before && review?.Status != PeriodStatus.Closed
            ? $"<span class=\"pay-was\" data-testid=\"pay-row-was\">{Html.Encode(P["WasBefore", Formats.Money(before)])}</span>"
            : string.Empty;
        Cell($"<b>{Money(row.Total)}</b>{was}", testId: "pay-row-total");
        return new MarkupString(html.ToString());
    }

    /// <summary>
    /// An amount as HTML: digits, separators and the currency sign of the culture, none of them markup, so written as
    /// they are (the encoder would spell each no-break space as an entity).
    /// </summary>
    private static string Money(decimal amount)
    {
        var text = Formats.Money(amount);
        return text.AsSpan().IndexOfAny("<>&\"'") < 0 ? text : Html.Encode(text);
    }

    /// <summary>The totals per department and the company's, one piece of HTML (a hundred departments stay a small frame).</summary>
    private MarkupString DepartmentRows()
    {
        var html = new StringBuilder(256 * (review!.Departments.Count + 1));
        foreach (var (t, company) in review.Departments.Select(d => (d, false)).Append((review.Company with { Name = P["Company"] }, true)))
        {
            html.Append(company ? "<tr class=\"pay-company\">" : "<tr>").Append("<td>").Append(Html.Encode(t.Name)).Append("</td>");
            var cells = new[]
            {
                t.People.ToString(System.Globalization.CultureInfo.CurrentCulture), Formats.Money(t.Fixed), Formats.Money(t.Variable), Formats.Money(t.Bonus),
                Formats.Money(t.Adjustments), Formats.Money(t.Total), Formats.Money(t.PlannedFund), t.PlannedFund == 0 ? "—" : Formats.Percent(t.Total * 100m / t.PlannedFund),
            };
            foreach (var cell in cells)
            {
                html.Append("<td class=\"pay-num\">").Append(cell.AsSpan().IndexOfAny("<>&\"'") < 0 ? cell : Html.Encode(cell)).Append("</td>");
            }

            html.Append("</tr>");
        }

        return new MarkupString(html.ToString());
    }
}
