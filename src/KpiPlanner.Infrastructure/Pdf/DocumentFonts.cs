namespace KpiPlanner.Infrastructure.Pdf;

/// <summary>
/// The fonts of the PDF documents: DejaVu Sans and DejaVu Sans Bold, shipped inside this assembly (<c>Pdf/Fonts</c>,
/// with their licence) so Cyrillic renders on any server and nothing depends on the fonts installed on the machine.
/// Read and parsed once per process.
/// </summary>
public static class DocumentFonts
{
    private static readonly Lazy<TrueTypeFont> RegularFont = new(() => Load("DejaVuSans"));
    private static readonly Lazy<TrueTypeFont> BoldFont = new(() => Load("DejaVuSans-Bold"));

    public static TrueTypeFont Regular => RegularFont.Value;

    public static TrueTypeFont Bold => BoldFont.Value;

    private static TrueTypeFont Load(string name)
    {
        var resource = $"KpiPlanner.Infrastructure.Pdf.Fonts.{name}.ttf";
        using var stream = typeof(DocumentFonts).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The font resource {resource} is missing from the assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return new TrueTypeFont(name, copy.ToArray());
    }
}
