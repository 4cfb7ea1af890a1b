using KpiPlanner.Infrastructure.Pdf;
using KpiPlanner.Testing;

namespace KpiPlanner.Web.Tests.Documents;

/// <summary>
/// The drawing surface over Skia's PDF backend: widths measured as the PDF draws them, baselines centred in their line
/// boxes, pages drawn on after later pages exist, the embedded fonts and the document information; read back with poppler.
/// </summary>
public sealed class PdfWriterTests
{
    private static readonly PdfColor Black = new(0, 0, 0);

    [Fact]
    public void Text_widths_are_measured_with_the_DejaVu_metrics_and_grow_with_the_size_and_the_text()
    {
        var regular = DocumentFonts.Regular;
        var bold = DocumentFonts.Bold;

        Assert.Equal("DejaVu Sans", regular.Name);
        Assert.Equal(0, regular.Measure(string.Empty, 10));
        Assert.Equal(2 * regular.Measure("Зарплата 15 000,00 ₽", 10), regular.Measure("Зарплата 15 000,00 ₽", 20), 3);
        Assert.Equal(regular.Measure("ab", 10), regular.Measure("a", 10) + regular.Measure("b", 10), 3); // no kerning: glyphs as they come
        Assert.True(regular.Measure("W", 10) > regular.Measure("i", 10));
        Assert.True(bold.Measure("Итого", 10) > regular.Measure("Итого", 10));
        Assert.Equal(6.362, regular.Measure("0", 10), 3); // DejaVu Sans: the digits advance 1303 of 2048 units per em
        Assert.Equal(0.928, regular.AscentPerEm, 3); // hhea: 1901 / 2048
        Assert.Equal(0.236, regular.DescentPerEm, 3); // hhea: 483 / 2048
    }

    [Fact]
    public void Text_is_drawn_where_it_was_measured_with_its_baseline_centred_in_the_line_box()
    {
        var writer = new PdfWriter();
        var page = writer.AddPage();
        var font = DocumentFonts.Regular;
        const string text = "Оклад 15 000,00 ₽";
        var width = font.Measure(text, 12);
        page.Text(text, font, 12, Black, 545 - width, 100, 20); // right-aligned at x = 545, as the layout does

        var words = Pdf.Words(writer.ToArray(), "writer-measured");

        Assert.Equal(["Оклад", "15", "000,00", "₽"], words.Select(w => w.Text));
        Assert.Equal(545 - width, words[0].Left, 1);
        Assert.Equal(545, words[^1].Right, 1); // the drawn width is the measured width
        Assert.All(words, w => Assert.Equal(w.Top - 100, 120 - w.Bottom, 1)); // as much room above the ascent as below the descent
    }

    [Fact]
    public void A_page_drawn_on_after_later_pages_were_added_keeps_what_was_drawn_later()
    {
        var writer = new PdfWriter { Title = "Три страницы", Author = "ООО «Зерно»", Created = new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero) };
        var first = writer.AddPage();
        first.Text("Первая", DocumentFonts.Bold, 11, Black, 50, 50, 14);
        writer.AddPage().Text("Вторая", DocumentFonts.Regular, 11, Black, 50, 50, 14);
        writer.AddPage().Text("Третья", DocumentFonts.Regular, 11, Black, 50, 50, 14);
        first.Text("страница 1 из 3", DocumentFonts.Regular, 8, Black, 50, 800, 10); // drawn once the count is known
        first.Line(50, 795, 545, 795, Black, 0.5);
        first.FillRectangle(50, 100, 100, 20, new PdfColor(229, 235, 243));
        first.StrokeRectangle(50, 100, 100, 20, Black, 0.5);

        var pdf = writer.ToArray();
        var words = Pdf.Words(pdf, "writer-late-drawing");
        var info = PdfInfo(pdf, "writer-late-drawing");

        Assert.Equal(3, Pdf.Pages(pdf, "writer-late-drawing"));
        Assert.Equal(5, first.OperationCount);
        Assert.Equal(["Первая", "страница", "1", "из", "3"], words.Where(w => w.Page == 1).Select(w => w.Text));
        Assert.Equal(["Вторая"], words.Where(w => w.Page == 2).Select(w => w.Text));
        Assert.Equal(["Третья"], words.Where(w => w.Page == 3).Select(w => w.Text));
        Assert.Contains("Title:           Три страницы", info);
        Assert.Contains("Author:          ООО «Зерно»", info);
        Assert.Contains("Creator:         KpiPlanner", info);
        Assert.Contains("CreationDate:    Mon Nov 23 00:00:00 2026 UTC", info);
        Assert.Contains("Page size:       595 x 842 pts (A4)", info);
    }

    [Fact]
    public void Both_faces_are_embedded_as_TrueType_with_a_Unicode_map()
    {
        var writer = new PdfWriter();
        var page = writer.AddPage();
        page.Text("Обычный ₽", DocumentFonts.Regular, 10, Black, 50, 50, 13);
        page.Text("Жирный ₽", DocumentFonts.Bold, 10, Black, 50, 70, 13);

        var pdf = writer.ToArray();
        var fonts = Run("pdffonts", Pdf.Save(pdf, "writer-fonts")).Split('\n').Skip(2).Where(l => l.Length > 0).ToList();

        Assert.Equal(2, fonts.Count);
        Assert.Contains(fonts, f => f.Contains("+DejaVuSans-Bold ", StringComparison.Ordinal));
        Assert.Contains(fonts, f => f.Contains("+DejaVuSans ", StringComparison.Ordinal));
        Assert.All(fonts, f => Assert.Matches(@"CID TrueType\s+Identity-H\s+yes\s+yes\s+yes", f)); // embedded, tagged, ToUnicode
        Assert.Contains("Обычный ₽", Pdf.Text(pdf, "writer-fonts"));
        Assert.Contains("Жирный ₽", Pdf.Text(pdf, "writer-fonts"));
    }

    private static string PdfInfo(byte[] pdf, string name) => Run("pdfinfo", Pdf.Save(pdf, name));

    private static string Run(string tool, string path)
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(tool, $"\"{path}\"")
        {
            RedirectStandardOutput = true,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
            UseShellExecute = false,
        })!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output;
    }
}
