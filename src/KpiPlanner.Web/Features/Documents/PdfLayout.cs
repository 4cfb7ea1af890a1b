using KpiPlanner.Infrastructure.Pdf;

namespace KpiPlanner.Web.Features.Documents;

/// <summary>A column of a <see cref="PdfLayout"/> table: its share of the width and whether its text is right-aligned.</summary>
internal sealed record PdfColumn(double Width, bool Right = false);

/// <summary>A font face at a size.</summary>
internal sealed record PdfFont(PdfTypeface Face, double Size);

/// <summary>How a line of text sits in its box.</summary>
internal enum TextAlign
{
    Left,
    Center,
    Right,
}

/// <summary>A table cell: its text (line breaks allowed), bold or not, and an optional background.</summary>
internal sealed record PdfCell(string Text, bool Bold = false, PdfColor? Fill = null)
{
    public static implicit operator PdfCell(string text) => new(text);
}

/// <summary>
/// A small flow layout over <see cref="PdfWriter"/> (drawn by Skia) for A4 portrait documents: paragraphs that wrap,
/// tables whose rows grow with their text, and a new page whenever the next row or line would cross the bottom margin
/// (table headers are repeated on the new page). Page numbers are drawn at the end, when the page count is known.
/// </summary>
internal sealed class PdfLayout : IDisposable
{
    public const double Margin = 50;
    private const double FooterSpace = 22;
    private const double Padding = 3.5;

    public static readonly PdfColor Ink = new(33, 33, 33);
    public static readonly PdfColor Muted = new(100, 100, 100);
    public static readonly PdfColor Accent = new(26, 64, 110);
    public static readonly PdfColor HeaderFill = new(229, 235, 243);
    public static readonly PdfColor LabelFill = new(244, 246, 249);
    public static readonly PdfColor Rule = new(150, 158, 168);

    private readonly PdfWriter document;
    private PdfPage? page;

    public PdfLayout(PdfWriter document, double bodySize)
    {
        this.document = document;
        Body = Font(bodySize);
        Bold = Font(bodySize, bold: true);
        Small = Font(bodySize - 1.5);
        NewPage();
    }

    public PdfFont Body { get; }

    public PdfFont Bold { get; }

    public PdfFont Small { get; }

    /// <summary>Where the next thing is drawn, from the top of the page.</summary>
    public double Y { get; set; }

    public double Left => Margin;

    public double Width => Page.Width - (2 * Margin);

    private PdfPage Page => page ?? throw new InvalidOperationException("The layout is finished.");

    private double Bottom => Page.Height - Margin - FooterSpace;

    public static PdfFont Font(double size, bool bold = false) => new(bold ? DocumentFonts.Bold : DocumentFonts.Regular, size);

    public static double LineHeight(PdfFont font) => font.Size * 1.28;

    public void NewPage()
    {
        page = document.AddPage();
        Y = Margin;
    }

    /// <summary>Starts a new page unless <paramref name="height"/> still fits on this one.</summary>
    public void KeepTogether(double height)
    {
        if (Y + height > Bottom && Y > Margin)
        {
            NewPage();
        }
    }

    public void Space(double points) => Y += points;

    /// <summary>A paragraph, wrapped to the width; it continues on the next page line by line when it must.</summary>
    public void Paragraph(string text, PdfFont? font = null, PdfColor? color = null, double indent = 0, double after = 4, bool center = false)
    {
        font ??= Body;
        var width = Width - indent;
        var lineHeight = LineHeight(font);
        foreach (var line in Wrap(text, font, width))
        {
            KeepTogether(lineHeight);
            DrawLine(line, font, color ?? Ink, Left + indent, Y, width, center ? TextAlign.Center : TextAlign.Left);
            Y += lineHeight;
        }

        Y += after;
    }

    /// <summary>The height a paragraph would take.</summary>
    public double ParagraphHeight(string text, PdfFont font, double indent = 0) =>
        Wrap(text, font, Width - indent).Count * LineHeight(font);

    /// <summary>
    /// A table over the full width: column widths are shares of it; the optional header row is bold on a tinted
    /// background and repeated on each new page. A row never splits across pages.
    /// </summary>
    public void Table(IReadOnlyList<PdfColumn> columns, IReadOnlyList<PdfCell>? header, IReadOnlyList<IReadOnlyList<PdfCell>> rows, PdfFont? font = null, double after = 8)
    {
        font ??= Body;
        var bold = font.Size == Body.Size ? Bold : Font(font.Size, bold: true);
        var total = columns.Sum(c => c.Width);
        var widths = columns.Select(c => c.Width / total * Width).ToArray();

        if (header is not null)
        {
            var firstRow = rows.Count > 0 ? RowHeight(rows[0], widths, font, bold) : 0;
            KeepTogether(RowHeight(header, widths, bold, bold) + firstRow);
            DrawRow(header, columns, widths, bold, bold, HeaderFill);
        }

        foreach (var row in rows)
        {
            var height = RowHeight(row, widths, font, bold);
            if (Y + height > Bottom)
            {
                NewPage();
                if (header is not null)
                {
                    DrawRow(header, columns, widths, bold, bold, HeaderFill);
                }
            }

            DrawRow(row, columns, widths, font, bold, null);
        }

        Y += after;
    }

    /// <summary>The height <see cref="Table"/> would take (without the space after it and without page breaks).</summary>
    public double TableHeight(IReadOnlyList<PdfColumn> columns, IReadOnlyList<PdfCell>? header, IReadOnlyList<IReadOnlyList<PdfCell>> rows, PdfFont? font = null)
    {
        font ??= Body;
        var bold = font.Size == Body.Size ? Bold : Font(font.Size, bold: true);
        var total = columns.Sum(c => c.Width);
        var widths = columns.Select(c => c.Width / total * Width).ToArray();
        return (header is null ? 0 : RowHeight(header, widths, bold, bold)) + rows.Sum(r => RowHeight(r, widths, font, bold));
    }

    /// <summary>A horizontal rule at the current position, from <paramref name="x"/> for <paramref name="width"/>.</summary>
    public void Line(double x, double y, double width, double thickness = 0.6) =>
        Page.Line(x, y, x + width, y, Ink, thickness);

    /// <summary>Text on one line at a given place (no wrapping).</summary>
    public void Text(string text, PdfFont font, PdfColor color, double x, double y, double width, TextAlign alignment = TextAlign.Left) =>
        DrawLine(text, font, color, x, y, width, alignment);

    /// <summary>Draws the footer of every page: a rule, <paramref name="left"/> and the page number, then closes drawing.</summary>
    public void Finish(string left, Func<int, int, string> pageText)
    {
        var count = document.Pages.Count;
        for (var i = 0; i < count; i++)
        {
            page = document.Pages[i];
            var y = page.Height - Margin - FooterSpace + 8;
            var width = page.Width - (2 * Margin);
            page.Line(Margin, y, Margin + width, y, Rule, 0.5);
            var number = pageText(i + 1, count);
            var numberWidth = Measure(number, Small) + 12;
            DrawLine(Wrap(left, Small, width - numberWidth)[0], Small, Muted, Margin, y + 3, width - numberWidth, TextAlign.Left);
            DrawLine(number, Small, Muted, Margin, y + 3, width, TextAlign.Right);
        }

        page = null;
    }

    public void Dispose() => page = null;

    /// <summary>
    /// Splits text into lines that fit <paramref name="width"/>: at spaces (never at the no-break spaces inside
    /// "15 000,00 ₽"), at explicit line breaks, and inside a word only when the word alone is too wide.
    /// </summary>
    public List<string> Wrap(string text, PdfFont font, double width)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.Split('\n'))
        {
            var current = string.Empty;
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = current.Length == 0 ? word : current + " " + word;
                if (Measure(candidate, font) <= width)
                {
                    current = candidate;
                    continue;
                }

                if (current.Length > 0)
                {
                    lines.Add(current);
                }

                current = word;
                while (Measure(current, font) > width && current.Length > 1)
                {
                    var fit = current.Length - 1;
                    while (fit > 1 && Measure(current[..fit], font) > width)
                    {
                        fit--;
                    }

                    lines.Add(current[..fit]);
                    current = current[fit..];
                }
            }

            lines.Add(current);
        }

        return lines;
    }

    private static double Measure(string text, PdfFont font) => font.Face.Measure(text, font.Size);

    private double RowHeight(IReadOnlyList<PdfCell> row, double[] widths, PdfFont font, PdfFont bold)
    {
        var height = 0d;
        for (var c = 0; c < row.Count; c++)
        {
            var f = row[c].Bold ? bold : font;
            height = Math.Max(height, Wrap(row[c].Text, f, widths[c] - (2 * Padding)).Count * LineHeight(f));
        }

        return height + (2 * Padding);
    }

    private void DrawRow(IReadOnlyList<PdfCell> row, IReadOnlyList<PdfColumn> columns, double[] widths, PdfFont font, PdfFont bold, PdfColor? fill)
    {
        var height = RowHeight(row, widths, font, bold);
        var x = Left;
        for (var c = 0; c < row.Count; c++)
        {
            var cell = row[c];
            if ((cell.Fill ?? fill) is { } background)
            {
                Page.FillRectangle(x, Y, widths[c], height, background);
            }

            Page.StrokeRectangle(x, Y, widths[c], height, Rule, 0.5);
            var f = cell.Bold ? bold : font;
            var y = Y + Padding;
            var alignment = columns[c].Right ? TextAlign.Right : TextAlign.Left;
            foreach (var line in Wrap(cell.Text, f, widths[c] - (2 * Padding)))
            {
                DrawLine(line, f, Ink, x + Padding, y, widths[c] - (2 * Padding), alignment);
                y += LineHeight(f);
            }

            x += widths[c];
        }

        Y += height;
    }

    private void DrawLine(string text, PdfFont font, PdfColor color, double x, double y, double width, TextAlign alignment)
    {
        if (text.Length == 0)
        {
            return;
        }

        var left = alignment switch
        {
            TextAlign.Right => x + width - Measure(text, font),
            TextAlign.Center => x + ((width - Measure(text, font)) / 2),
            _ => x,
        };
        Page.Text(text, font.Face, font.Size, color, left, y, LineHeight(font));
    }
}
