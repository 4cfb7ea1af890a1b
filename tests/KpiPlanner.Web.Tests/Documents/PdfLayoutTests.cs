using System.Globalization;
using KpiPlanner.Domain.Check;
using KpiPlanner.Domain.Scales;
using KpiPlanner.Domain.Schemes;
using KpiPlanner.Infrastructure.Pdf;
using KpiPlanner.Testing;
using KpiPlanner.Web.Features.Documents;
using KpiPlanner.Web.Localization;

namespace KpiPlanner.Web.Tests.Documents;

/// <summary>Page breaks, repeated table headers and text the font lacks, read back with poppler.</summary>
public sealed class PdfLayoutTests
{
    [Fact]
    public void A_long_table_continues_on_new_pages_with_its_header_repeated_and_every_row_once()
    {
        var writer = new PdfWriter();
        using (var layout = new PdfLayout(writer, 9.5))
        {
            var rows = Enumerable.Range(1, 120)
                .Select(i => (IReadOnlyList<PdfCell>)[$"Строка {i.ToString(CultureInfo.InvariantCulture)}", "Съешь же ещё этих мягких французских булок"])
                .ToList();
            layout.Table([new PdfColumn(30), new PdfColumn(70)], ["Номер", "Текст"], rows);
            layout.Finish("Подвал", (page, pages) => $"{page}/{pages}");
        }

        var pdf = writer.ToArray();
        var pages = Pdf.Pages(pdf, "layout-long-table");
        var text = Pdf.Text(pdf, "layout-long-table");

        Assert.True(pages >= 3, $"120 rows should need several pages, got {pages}");
        Assert.Equal(pages, writer.Pages.Count);
        Assert.Equal(pages, CountOf(text, "Номер")); // the header on every page
        for (var i = 1; i <= 120; i++)
        {
            Assert.Equal(1, CountOf(text, $"Строка {i.ToString(CultureInfo.InvariantCulture)} ")); // every row exactly once
        }

        Assert.Contains($"{pages}/{pages}", text);
    }

    [Fact]
    public void A_scheme_of_seven_KPIs_with_different_scales_spreads_over_pages_and_lists_every_scale()
    {
        var kpis = Enumerable.Range(1, 7).Select(i => new SchemeKpiSpec(
            $"Показатель номер {i.ToString(CultureInfo.InvariantCulture)}",
            i == 7 ? 10m : 15m,
            new ScaleSpec(
            [
                new Band(0m, 50m + i, 0m, Label: "Недопустимо"),
                new Band(50m + i, 90m, 0.5m, Label: "Низкий уровень"),
                new Band(90m, 100m, 1m, ToInclusive: true, Label: "Достижение целевого значения"),
                new Band(100m, 120m, 1m, ToInclusive: true, CoefficientTo: 1.4m, Label: "Лидерство"),
                new Band(120m, null, 1.5m, Label: "Агрессивное лидерство"),
            ]))).ToList();
        var scheme = MotivationScheme.Create(new SchemeSpec(50_000m, 25_000m, kpis, Name: "Большая схема")).GetValueOrThrow();
        var model = new SchemeDocumentModel(null, "Ли Мин 李明", "A-7/1", "Отдел", "Должность", null, "Большая схема",
            new DateOnly(2026, 1, 1), new DateOnly(2026, 11, 1), scheme, SchemeCheck.Run(scheme).GetValueOrThrow(), new DateOnly(2026, 11, 23));

        var pdf = SchemeDocumentBuilder.Build(model, AppCultures.RussianCulture);
        var text = Pdf.Text(pdf, "builder-seven-kpis-ru");

        Assert.True(Pdf.Pages(pdf, "builder-seven-kpis-ru") >= 3);
        for (var i = 1; i <= 7; i++)
        {
            Assert.Contains($"Шкала для показателя: KPI{i} «Показатель номер {i}»", text);
        }

        Assert.Contains("1 → 1,4 (растёт", text); // a linear band
        Assert.Contains("Всего вариантов: 78 125.", text.Replace('\u202F', ' ').Replace('\u00A0', ' '));
        Assert.Contains("Ли Мин", text); // a glyph the font lacks (李) does not break the document
        Assert.DoesNotContain("K1 \\ K2", text);
        Assert.Equal("scheme-A-71-2026-11.pdf", model.FileName);
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
