using System.Collections;
using System.Globalization;
using System.Resources;
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

    [Fact]
    public void MudBlazors_texts_have_the_same_keys_in_Russian_and_English_and_none_is_empty()
    {
        var resources = new ResourceManager("KpiPlanner.Web.Resources.MudResource", typeof(MudResource).Assembly);
        Dictionary<string, string?> Read(CultureInfo culture) =>
            resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false)!.Cast<DictionaryEntry>()
                .ToDictionary(e => (string)e.Key, e => e.Value as string, StringComparer.Ordinal);

        var russian = Read(CultureInfo.InvariantCulture);
        var english = Read(CultureInfo.GetCultureInfo("en"));

        Assert.Contains("MudDataGridPager_RowsPerPage", russian.Keys);
        Assert.Equal(russian.Keys.Order(StringComparer.Ordinal), english.Keys.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(russian.Concat(english), t => string.IsNullOrWhiteSpace(t.Value));
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
