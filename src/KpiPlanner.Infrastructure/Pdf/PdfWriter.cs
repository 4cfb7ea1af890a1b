using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace KpiPlanner.Infrastructure.Pdf;

/// <summary>An RGB colour.</summary>
public readonly record struct PdfColor(byte R, byte G, byte B);

/// <summary>
/// A minimal PDF 1.7 writer for generated documents: pages of a given size with text, lines and rectangles, in
/// TrueType fonts embedded as subsets (Type 0 / CIDFontType2, Identity-H, with a ToUnicode map so the text can be
/// searched, copied and read by screen readers). Coordinates are points from the page's top-left corner.
/// Written in-house because the one PDF library available (PDFsharp 6.5) is AGPL-or-commercial from 6.5 on
/// (docs/decisions/005-pdf-documents.md).
/// </summary>
public sealed class PdfWriter
{
    private readonly List<PdfPage> pages = [];
    private readonly Dictionary<TrueTypeFont, (string Resource, SortedDictionary<ushort, int> Used)> fonts = [];

    public IReadOnlyList<PdfPage> Pages => pages;

    public string? Title { get; set; }

    public string? Subject { get; set; }

    public string? Author { get; set; }

    /// <summary>The creation date written into the document's information (none when null).</summary>
    public DateTimeOffset? Created { get; set; }

    /// <summary>A new page at the end: A4 portrait (595 × 842 pt) unless told otherwise.</summary>
    public PdfPage AddPage(double width = 595.276, double height = 841.89)
    {
        var page = new PdfPage(this, width, height);
        pages.Add(page);
        return page;
    }

    /// <summary>The document as bytes.</summary>
    public byte[] ToArray()
    {
        var objects = new List<byte[]>();
        int Reserve()
        {
            objects.Add([]);
            return objects.Count;
        }

        void Set(int number, string body) => objects[number - 1] = Latin1(body);
        void SetStream(int number, string dictionary, byte[] content, bool compress = true)
        {
            var bytes = compress ? Deflate(content) : content;
            var head = Latin1($"<< {dictionary} /Length {bytes.Length.ToString(CultureInfo.InvariantCulture)}{(compress ? " /Filter /FlateDecode" : string.Empty)} >>\nstream\n");
            objects[number - 1] = [.. head, .. bytes, .. Latin1("\nendstream")];
        }

        var catalog = Reserve();
        var pagesRoot = Reserve();
        var info = Reserve();

        var fontObjects = new Dictionary<TrueTypeFont, int>();
        foreach (var (font, (_, used)) in fonts)
        {
            var type0 = Reserve();
            var cid = Reserve();
            var descriptor = Reserve();
            var file = Reserve();
            var toUnicode = Reserve();
            fontObjects[font] = type0;
            var name = SubsetTag(font, used.Keys) + "+" + font.PostScriptName;
            Set(type0, $"<< /Type /Font /Subtype /Type0 /BaseFont /{name} /Encoding /Identity-H /DescendantFonts [{Ref(cid)}] /ToUnicode {Ref(toUnicode)} >>");
            var widths = string.Join(" ", used.Keys.Select(g => $"{g.ToString(CultureInfo.InvariantCulture)} [{Num(font.Width(g))}]"));
            Set(cid, $"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /{name} /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
                + $"/FontDescriptor {Ref(descriptor)} /CIDToGIDMap /Identity /DW 1000 /W [{widths}] >>");
            var scale = 1000.0 / font.UnitsPerEm;
            var box = string.Join(" ", font.BoundingBox.Select(v => Num(v * scale)));
            Set(descriptor, $"<< /Type /FontDescriptor /FontName /{name} /Flags 32 /FontBBox [{box}] /ItalicAngle 0 "
                + $"/Ascent {Num(font.Ascender * scale)} /Descent {Num(font.Descender * scale)} /CapHeight {Num(font.CapHeight * scale)} "
                + $"/StemV 80 /FontFile2 {Ref(file)} >>");
            var subset = font.Subset(used.Keys);
            SetStream(file, $"/Length1 {subset.Length.ToString(CultureInfo.InvariantCulture)}", subset);
            SetStream(toUnicode, string.Empty, Latin1(ToUnicodeMap(used)));
        }

        var fontResources = string.Join(" ", fonts.Select(f => $"/{f.Value.Resource} {Ref(fontObjects[f.Key])}"));
        var kids = new List<int>();
        foreach (var page in pages)
        {
            var pageObject = Reserve();
            var content = Reserve();
            kids.Add(pageObject);
            Set(pageObject, $"<< /Type /Page /Parent {Ref(pagesRoot)} /MediaBox [0 0 {Num(page.Width)} {Num(page.Height)}] "
                + $"/Resources << /Font << {fontResources} >> >> /Contents {Ref(content)} >>");
            SetStream(content, string.Empty, Latin1(page.Content));
        }

        Set(pagesRoot, $"<< /Type /Pages /Kids [{string.Join(" ", kids.Select(Ref))}] /Count {pages.Count.ToString(CultureInfo.InvariantCulture)} >>");
        Set(catalog, $"<< /Type /Catalog /Pages {Ref(pagesRoot)} >>");
        var infoEntries = new StringBuilder("<< /Producer " + Text("KpiPlanner") + " /Creator " + Text("KpiPlanner"));
        if (Title is not null)
        {
            infoEntries.Append(" /Title ").Append(Text(Title));
        }

        if (Subject is not null)
        {
            infoEntries.Append(" /Subject ").Append(Text(Subject));
        }

        if (Author is not null)
        {
            infoEntries.Append(" /Author ").Append(Text(Author));
        }

        if (Created is { } created)
        {
            infoEntries.Append(" /CreationDate (D:").Append(created.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture)).Append("Z)");
        }

        Set(info, infoEntries.Append(" >>").ToString());

        using var output = new MemoryStream();
        output.Write(Latin1("%PDF-1.7\n%\u00E2\u00E3\u00CF\u00D3\n"));
        var offsets = new long[objects.Count];
        for (var i = 0; i < objects.Count; i++)
        {
            offsets[i] = output.Position;
            output.Write(Latin1($"{(i + 1).ToString(CultureInfo.InvariantCulture)} 0 obj\n"));
            output.Write(objects[i]);
            output.Write(Latin1("\nendobj\n"));
        }

        var xref = output.Position;
        var table = new StringBuilder($"xref\n0 {(objects.Count + 1).ToString(CultureInfo.InvariantCulture)}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            table.Append(offset.ToString("D10", CultureInfo.InvariantCulture)).Append(" 00000 n \n");
        }

        table.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {(objects.Count + 1).ToString(CultureInfo.InvariantCulture)} /Root {Ref(catalog)} /Info {Ref(info)} >>\n");
        table.Append(CultureInfo.InvariantCulture, $"startxref\n{xref.ToString(CultureInfo.InvariantCulture)}\n%%EOF\n");
        output.Write(Latin1(table.ToString()));
        return output.ToArray();
    }

    /// <summary>The codes of a text in a font (glyph numbers, 2 bytes each, hex), remembering the glyphs used.</summary>
    internal (string Resource, string Hex) Encode(TrueTypeFont font, string text)
    {
        if (!fonts.TryGetValue(font, out var entry))
        {
            entry = ("F" + (fonts.Count + 1).ToString(CultureInfo.InvariantCulture), new SortedDictionary<ushort, int>());
            fonts[font] = entry;
        }

        var hex = new StringBuilder(text.Length * 4);
        foreach (var rune in text.EnumerateRunes())
        {
            var glyph = font.GlyphOf(rune.Value);
            entry.Used.TryAdd(glyph, rune.Value);
            hex.Append(glyph.ToString("X4", CultureInfo.InvariantCulture));
        }

        return (entry.Resource, hex.ToString());
    }

    internal static string Num(double value) => Math.Round(value, 3).ToString("0.###", CultureInfo.InvariantCulture);

    private static string Ref(int number) => number.ToString(CultureInfo.InvariantCulture) + " 0 R";

    private static byte[] Latin1(string text) => Encoding.Latin1.GetBytes(text);

    private static byte[] Deflate(byte[] content)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(content);
        }

        return output.ToArray();
    }

    /// <summary>A text string of the document information: UTF-16BE with a byte-order mark, in hex.</summary>
    private static string Text(string value) => "<FEFF" + Convert.ToHexString(Encoding.BigEndianUnicode.GetBytes(value)) + ">";

    /// <summary>Six capital letters that differ for different subsets (PDF 9.6.4), derived from the glyphs kept.</summary>
    private static string SubsetTag(TrueTypeFont font, IEnumerable<ushort> glyphs)
    {
        var hash = 17u;
        foreach (var g in glyphs)
        {
            hash = unchecked((hash * 31) + g);
        }

        hash = unchecked(hash ^ (uint)font.PostScriptName.Length);
        var tag = new char[6];
        for (var i = 0; i < 6; i++)
        {
            tag[i] = (char)('A' + (hash % 26));
            hash /= 26;
        }

        return new string(tag);
    }

    private static string ToUnicodeMap(SortedDictionary<ushort, int> used)
    {
        var map = new StringBuilder();
        map.Append("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n")
            .Append("/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n")
            .Append("/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n")
            .Append("1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
        var entries = used.Where(u => u.Key != 0).ToList();
        for (var i = 0; i < entries.Count; i += 100)
        {
            var block = entries.Skip(i).Take(100).ToList();
            map.Append(block.Count.ToString(CultureInfo.InvariantCulture)).Append(" beginbfchar\n");
            foreach (var (glyph, codePoint) in block)
            {
                map.Append('<').Append(glyph.ToString("X4", CultureInfo.InvariantCulture)).Append("> <")
                    .Append(Convert.ToHexString(Encoding.BigEndianUnicode.GetBytes(char.ConvertFromUtf32(codePoint)))).Append(">\n");
            }

            map.Append("endbfchar\n");
        }

        map.Append("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
        return map.ToString();
    }
}

/// <summary>One page: drawing calls append to its content stream.</summary>
public sealed class PdfPage
{
    private readonly PdfWriter writer;
    private readonly StringBuilder content = new();

    internal PdfPage(PdfWriter writer, double width, double height)
    {
        this.writer = writer;
        Width = width;
        Height = height;
    }

    public double Width { get; }

    public double Height { get; }

    internal string Content => content.ToString();

    /// <summary>
    /// One line of text whose line box (<paramref name="lineHeight"/> tall) starts at <paramref name="top"/>; the
    /// baseline sits so that ascender and descender are centred in the box.
    /// </summary>
    public void Text(string text, TrueTypeFont font, double size, PdfColor color, double x, double top, double lineHeight)
    {
        ArgumentNullException.ThrowIfNull(font);
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        var ascent = font.Ascender * size / font.UnitsPerEm;
        var descent = -font.Descender * size / font.UnitsPerEm;
        var baseline = top + ((lineHeight - (ascent + descent)) / 2) + ascent;
        var (resource, hex) = writer.Encode(font, text);
        content.Append("BT ").Append(Fill(color)).Append(" /").Append(resource).Append(' ').Append(PdfWriter.Num(size)).Append(" Tf ")
            .Append(PdfWriter.Num(x)).Append(' ').Append(PdfWriter.Num(Height - baseline)).Append(" Td <").Append(hex).Append("> Tj ET\n");
    }

    public void Line(double x1, double y1, double x2, double y2, PdfColor color, double thickness)
    {
        content.Append("q ").Append(PdfWriter.Num(thickness)).Append(" w ").Append(Stroke(color)).Append(' ')
            .Append(PdfWriter.Num(x1)).Append(' ').Append(PdfWriter.Num(Height - y1)).Append(" m ")
            .Append(PdfWriter.Num(x2)).Append(' ').Append(PdfWriter.Num(Height - y2)).Append(" l S Q\n");
    }

    public void FillRectangle(double x, double top, double width, double height, PdfColor color) =>
        content.Append("q ").Append(Fill(color)).Append(' ').Append(Rectangle(x, top, width, height)).Append(" f Q\n");

    public void StrokeRectangle(double x, double top, double width, double height, PdfColor color, double thickness) =>
        content.Append("q ").Append(PdfWriter.Num(thickness)).Append(" w ").Append(Stroke(color)).Append(' ')
            .Append(Rectangle(x, top, width, height)).Append(" S Q\n");

    private string Rectangle(double x, double top, double width, double height) =>
        $"{PdfWriter.Num(x)} {PdfWriter.Num(Height - top - height)} {PdfWriter.Num(width)} {PdfWriter.Num(height)} re";

    private static string Fill(PdfColor c) => $"{Channel(c.R)} {Channel(c.G)} {Channel(c.B)} rg";

    private static string Stroke(PdfColor c) => $"{Channel(c.R)} {Channel(c.G)} {Channel(c.B)} RG";

    private static string Channel(byte value) => PdfWriter.Num(value / 255.0);
}
