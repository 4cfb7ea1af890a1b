using SkiaSharp;

namespace KpiPlanner.Infrastructure.Pdf;

/// <summary>An RGB colour.</summary>
public readonly record struct PdfColor(byte R, byte G, byte B);

/// <summary>
/// A PDF document of generated pages, drawn by Skia's PDF backend (SkiaSharp, MIT; docs/decisions/005-pdf-documents.md):
/// text in embedded TrueType subsets with ToUnicode maps (searchable, copyable, read back by <c>pdftotext</c>), lines
/// and rectangles. Coordinates are points from the page's top-left corner.
/// Pages are recorded first and drawn into the PDF by <see cref="ToArray"/>: a Skia document's pages are written one
/// after another, while a layout draws on earlier pages once the page count is known ("page 2 of 3").
/// </summary>
public sealed class PdfWriter
{
    private readonly List<PdfPage> pages = [];

    public IReadOnlyList<PdfPage> Pages => pages;

    public string? Title { get; set; }

    public string? Subject { get; set; }

    public string? Author { get; set; }

    /// <summary>The creation date written into the document's information (none when null).</summary>
    public DateTimeOffset? Created { get; set; }

    /// <summary>
    /// A new page at the end: A4 portrait (595 × 842 pt) unless told otherwise. Skia writes a page's size in whole
    /// points, so the size is rounded here and the layout works on the page as it is written.
    /// </summary>
    public PdfPage AddPage(double width = 595, double height = 842)
    {
        var page = new PdfPage(width, height);
        pages.Add(page);
        return page;
    }

    /// <summary>The document as bytes: every page's recorded drawing, in order.</summary>
    public byte[] ToArray()
    {
        if (pages.Count == 0)
        {
            throw new InvalidOperationException("A PDF document needs at least one page.");
        }

        var metadata = new SKDocumentPdfMetadata
        {
            Title = Title ?? string.Empty,
            Subject = Subject ?? string.Empty,
            Author = Author ?? string.Empty,
            Creator = "KpiPlanner",
            Producer = "KpiPlanner (Skia/PDF)",
            Creation = Created?.UtcDateTime,
            Modified = Created?.UtcDateTime,
            RasterDpi = SKDocumentPdfMetadata.DefaultRasterDpi,
            EncodingQuality = SKDocumentPdfMetadata.DefaultEncodingQuality,
        };

        using var output = new MemoryStream();
        using (var document = SKDocument.CreatePdf(output, metadata)
            ?? throw new InvalidOperationException("Skia could not start a PDF document."))
        {
            foreach (var page in pages)
            {
                var canvas = document.BeginPage((float)page.Width, (float)page.Height);
                page.DrawOn(canvas);
                document.EndPage();
            }

            document.Close();
        }

        return output.ToArray();
    }
}

/// <summary>One page: drawing calls are recorded in order and replayed onto a Skia canvas when the document is written.</summary>
public sealed class PdfPage
{
    private readonly List<Action<SKCanvas>> operations = [];

    internal PdfPage(double width, double height)
    {
        Width = Math.Round(width);
        Height = Math.Round(height);
    }

    public double Width { get; }

    public double Height { get; }

    /// <summary>How many drawing operations the page holds.</summary>
    public int OperationCount => operations.Count;

    /// <summary>
    /// One line of text whose line box (<paramref name="lineHeight"/> tall) starts at <paramref name="top"/>; the
    /// baseline sits so that ascender and descender are centred in the box.
    /// </summary>
    public void Text(string text, PdfTypeface font, double size, PdfColor color, double x, double top, double lineHeight)
    {
        ArgumentNullException.ThrowIfNull(font);
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        var ascent = font.AscentPerEm * size;
        var descent = font.DescentPerEm * size;
        var baseline = top + ((lineHeight - (ascent + descent)) / 2) + ascent;
        operations.Add(canvas =>
        {
            using var skFont = font.CreateFont(size);
            using var paint = Paint(color, SKPaintStyle.Fill);
            canvas.DrawText(text, (float)x, (float)baseline, SKTextAlign.Left, skFont, paint);
        });
    }

    public void Line(double x1, double y1, double x2, double y2, PdfColor color, double thickness) =>
        operations.Add(canvas =>
        {
            using var paint = Paint(color, SKPaintStyle.Stroke, thickness);
            canvas.DrawLine((float)x1, (float)y1, (float)x2, (float)y2, paint);
        });

    public void FillRectangle(double x, double top, double width, double height, PdfColor color) =>
        operations.Add(canvas =>
        {
            using var paint = Paint(color, SKPaintStyle.Fill);
            canvas.DrawRect(SKRect.Create((float)x, (float)top, (float)width, (float)height), paint);
        });

    public void StrokeRectangle(double x, double top, double width, double height, PdfColor color, double thickness) =>
        operations.Add(canvas =>
        {
            using var paint = Paint(color, SKPaintStyle.Stroke, thickness);
            canvas.DrawRect(SKRect.Create((float)x, (float)top, (float)width, (float)height), paint);
        });

    internal void DrawOn(SKCanvas canvas)
    {
        foreach (var operation in operations)
        {
            operation(canvas);
        }
    }

    private static SKPaint Paint(PdfColor color, SKPaintStyle style, double strokeWidth = 0) => new()
    {
        Color = new SKColor(color.R, color.G, color.B),
        Style = style,
        StrokeWidth = (float)strokeWidth,
        StrokeCap = SKStrokeCap.Butt,
        StrokeJoin = SKStrokeJoin.Miter,
        IsAntialias = true,
    };
}
