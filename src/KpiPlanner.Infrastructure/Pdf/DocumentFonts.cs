using SkiaSharp;

namespace KpiPlanner.Infrastructure.Pdf;

/// <summary>
/// The fonts of the PDF documents: DejaVu Sans and DejaVu Sans Bold, shipped inside this assembly (<c>Pdf/Fonts</c>,
/// with their licence) so Cyrillic renders on any server and nothing depends on the fonts installed on the machine
/// (the NoDependencies Skia build does not even look for them). Loaded once per process.
/// </summary>
public static class DocumentFonts
{
    private static readonly Lazy<PdfTypeface> RegularFont = new(() => Load("DejaVuSans"));
    private static readonly Lazy<PdfTypeface> BoldFont = new(() => Load("DejaVuSans-Bold"));

    public static PdfTypeface Regular => RegularFont.Value;

    public static PdfTypeface Bold => BoldFont.Value;

    private static PdfTypeface Load(string name)
    {
        var resource = $"KpiPlanner.Infrastructure.Pdf.Fonts.{name}.ttf";
        using var stream = typeof(DocumentFonts).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The font resource {resource} is missing from the assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);

        // A native copy of the bytes: the typeface never calls back into a managed stream, so documents built at the
        // same time on different threads can share it.
        using var data = SKData.CreateCopy(copy.ToArray());
        var typeface = SKTypeface.FromData(data)
            ?? throw new InvalidOperationException($"The font resource {resource} is not a font Skia can read.");
        return new PdfTypeface(typeface);
    }
}
