using System.Globalization;
using Bunit;
using KpiPlanner.Web.Localization;
using MudBlazor;

namespace KpiPlanner.Web.Tests.Components;

/// <summary>
/// MudBlazor's own texts follow the user's language (issue 17: «Rows per page / 1-10 of 125» in Russian mode): the
/// table pager of 125 rows, 10 a page, through <see cref="KpiMudLocalizer"/> and Resources/MudResource(.en).resx.
/// </summary>
public sealed class MudTextsTests : ComponentTest
{
    [Fact]
    public void The_table_pager_reads_Russian_in_Russian()
    {
        var table = RenderPagedTable();

        var pager = table.Find(".mud-table-pagination-toolbar");
        Assert.Contains("Строк на странице:", pager.TextContent, StringComparison.Ordinal);
        Assert.Contains("1–10 из 125", pager.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Rows per page", pager.TextContent, StringComparison.Ordinal);
        Assert.Equal("Следующая страница", pager.QuerySelector("[aria-label=\"Следующая страница\"]")?.GetAttribute("aria-label"));
    }

    [Fact]
    public void The_table_pager_reads_English_in_English()
    {
        CultureInfo.CurrentCulture = AppCultures.EnglishCulture;
        CultureInfo.CurrentUICulture = AppCultures.EnglishCulture;

        var table = RenderPagedTable();

        var pager = table.Find(".mud-table-pagination-toolbar");
        Assert.Contains("Rows per page:", pager.TextContent, StringComparison.Ordinal);
        Assert.Contains("1-10 of 125", pager.TextContent, StringComparison.Ordinal);
        Assert.NotNull(pager.QuerySelector("[aria-label=\"Next page\"]"));
    }

    private IRenderedComponent<MudTable<int>> RenderPagedTable()
    {
        Context.Render<MudPopoverProvider>();
        return Context.Render<MudTable<int>>(p => p
            .Add(t => t.Items, Enumerable.Range(1, 125).ToList())
            .Add(t => t.RowsPerPage, 10)
            .Add(t => t.RowTemplate, i => $"<td>{i}</td>")
            .Add<MudTablePager>(t => t.PagerContent, pager => pager.Add(x => x.PageSizeOptions, [10, 25])));
    }
}
