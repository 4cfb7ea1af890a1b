using SkiaSharp;

namespace KpiPlanner.Infrastructure.Pdf;

/// <summary>
/// A font face of the PDF documents (a Skia typeface): text widths and the vertical metrics that place a line's
/// baseline. Glyphs are measured and drawn unhinted at fractional positions (linear metrics, subpixel), so what
/// <see cref="Measure"/> returns is exactly the width the PDF shows. Immutable and safe to share between threads.
/// </summary>
public sealed class PdfTypeface
{
    private readonly SKTypeface typeface;

    internal PdfTypeface(SKTypeface typeface)
    {
        this.typeface = typeface;
        Name = typeface.FamilyName;
        using var font = CreateFont(1000);
        var metrics = font.Metrics;
        AscentPerEm = -metrics.Ascent / 1000.0;
        DescentPerEm = metrics.Descent / 1000.0;
    }

    /// <summary>The family name, e.g. "DejaVu Sans".</summary>
    public string Name { get; }

    /// <summary>How far the font reaches above the baseline, in ems (positive).</summary>
    public double AscentPerEm { get; }

    /// <summary>How far the font reaches below the baseline, in ems (positive).</summary>
    public double DescentPerEm { get; }

    /// <summary>The advance width of <paramref name="text"/> at <paramref name="size"/> points, in points.</summary>
    public double Measure(string text, double size)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return 0;
        }

        using var font = CreateFont(size);
        return font.MeasureText(text);
    }

    /// <summary>A Skia font of this face at a size; the caller disposes it.</summary>
    internal SKFont CreateFont(double size) => new(typeface, (float)size)
    {
        Hinting = SKFontHinting.None,
        Subpixel = true,
        LinearMetrics = true,
        Edging = SKFontEdging.Antialias,
    };
}
