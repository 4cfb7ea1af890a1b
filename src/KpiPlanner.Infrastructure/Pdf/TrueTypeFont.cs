using System.Buffers.Binary;
using System.Text;

namespace KpiPlanner.Infrastructure.Pdf;

/// <summary>
/// What a PDF writer needs from a TrueType font file: the glyph of each character (the Unicode <c>cmap</c>, format 4),
/// each glyph's advance width (<c>hmtx</c>), the metrics of the font descriptor, and a subset holding only the glyphs a
/// document uses (<c>glyf</c>/<c>loca</c> rebuilt, composite glyphs' parts kept). Read-only after construction, so one
/// instance serves every document.
/// </summary>
public sealed class TrueTypeFont
{
    private readonly byte[] data;
    private readonly Dictionary<string, (int Offset, int Length)> tables = new(StringComparer.Ordinal);
    private readonly Dictionary<int, ushort> glyphs = [];
    private readonly ushort[] advances;

    public TrueTypeFont(string postScriptName, byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        PostScriptName = postScriptName;
        this.data = data;
        var count = U16(4);
        for (var i = 0; i < count; i++)
        {
            var record = 12 + (16 * i);
            tables[Encoding.ASCII.GetString(data, record, 4)] = ((int)U32(record + 8), (int)U32(record + 12));
        }

        var head = Table("head");
        UnitsPerEm = U16(head + 18);
        BoundingBox = [S16(head + 36), S16(head + 38), S16(head + 40), S16(head + 42)];
        LongLoca = S16(head + 50) == 1;
        var hhea = Table("hhea");
        Ascender = S16(hhea + 4);
        Descender = S16(hhea + 6);
        var metrics = U16(hhea + 34);
        GlyphCount = U16(Table("maxp") + 4);
        CapHeight = tables.TryGetValue("OS/2", out var os2) && U16(os2.Offset) >= 2 ? S16(os2.Offset + 88) : Ascender;

        var hmtx = Table("hmtx");
        advances = new ushort[GlyphCount];
        for (var g = 0; g < GlyphCount; g++)
        {
            advances[g] = U16(hmtx + (4 * Math.Min(g, metrics - 1)));
        }

        ReadCmap();
    }

    /// <summary>The name the PDF gives the font (<c>DejaVuSans-Bold</c>).</summary>
    public string PostScriptName { get; }

    public int UnitsPerEm { get; }

    public int Ascender { get; }

    /// <summary>Negative: below the baseline.</summary>
    public int Descender { get; }

    public int CapHeight { get; }

    public int GlyphCount { get; }

    /// <summary>xMin, yMin, xMax, yMax in font units.</summary>
    public IReadOnlyList<int> BoundingBox { get; }

    private bool LongLoca { get; }

    /// <summary>The glyph of a character, 0 (the "missing" box) when the font has none.</summary>
    public ushort GlyphOf(int codePoint) => glyphs.GetValueOrDefault(codePoint);

    /// <summary>A glyph's advance width in thousandths of the font size (PDF text space).</summary>
    public double Width(ushort glyph) => advances[glyph] * 1000.0 / UnitsPerEm;

    /// <summary>The width of a text at a font size, in points.</summary>
    public double Measure(string text, double size)
    {
        ArgumentNullException.ThrowIfNull(text);
        var total = 0d;
        foreach (var rune in text.EnumerateRunes())
        {
            total += Width(GlyphOf(rune.Value));
        }

        return total * size / 1000.0;
    }

    /// <summary>
    /// The font file with every glyph outside <paramref name="used"/> (and the parts of the composite ones inside it)
    /// emptied, and only the tables a PDF viewer needs. Glyph numbers stay the same, so the text's codes still point at
    /// the right glyphs.
    /// </summary>
    public byte[] Subset(IEnumerable<ushort> used)
    {
        var keep = new HashSet<ushort>();
        var pending = new Stack<ushort>(used.Append((ushort)0));
        var glyf = Table("glyf");
        while (pending.Count > 0)
        {
            var g = pending.Pop();
            if (g >= GlyphCount || !keep.Add(g))
            {
                continue;
            }

            var (start, end) = GlyphRange(g);
            if (end - start >= 10 && S16(glyf + start) < 0)
            {
                foreach (var part in Components(glyf + start + 10))
                {
                    pending.Push(part);
                }
            }
        }

        // New glyf and loca: kept glyphs copied, the rest empty (long offsets, 4-byte aligned).
        using var newGlyf = new MemoryStream();
        var loca = new byte[(GlyphCount + 1) * 4];
        for (var g = 0; g < GlyphCount; g++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(loca.AsSpan(g * 4), (uint)newGlyf.Length);
            if (keep.Contains((ushort)g))
            {
                var (start, end) = GlyphRange((ushort)g);
                newGlyf.Write(data, glyf + start, end - start);
                while (newGlyf.Length % 4 != 0)
                {
                    newGlyf.WriteByte(0);
                }
            }
        }

        BinaryPrimitives.WriteUInt32BigEndian(loca.AsSpan(GlyphCount * 4), (uint)newGlyf.Length);

        var head = data.AsSpan(Table("head"), tables["head"].Length).ToArray();
        BinaryPrimitives.WriteInt16BigEndian(head.AsSpan(50), 1); // long loca
        BinaryPrimitives.WriteUInt32BigEndian(head.AsSpan(8), 0); // checksum adjustment: not checked by viewers

        var output = new SortedDictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["glyf"] = newGlyf.ToArray(),
            ["head"] = head,
            ["loca"] = loca,
        };
        foreach (var name in new[] { "cvt ", "fpgm", "hhea", "hmtx", "maxp", "prep" })
        {
            if (tables.TryGetValue(name, out var t))
            {
                output[name] = data.AsSpan(t.Offset, t.Length).ToArray();
            }
        }

        return Assemble(output);
    }

    private static byte[] Assemble(SortedDictionary<string, byte[]> output)
    {
        var count = output.Count;
        var entrySelector = (int)Math.Floor(Math.Log2(count));
        var searchRange = (1 << entrySelector) * 16;
        using var file = new MemoryStream();
        var header = new byte[12 + (16 * count)];
        BinaryPrimitives.WriteUInt32BigEndian(header, 0x00010000);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(4), (ushort)count);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(6), (ushort)searchRange);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(8), (ushort)entrySelector);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(10), (ushort)((count * 16) - searchRange));
        var offset = header.Length;
        var i = 0;
        foreach (var (name, bytes) in output)
        {
            var record = 12 + (16 * i++);
            Encoding.ASCII.GetBytes(name, header.AsSpan(record));
            BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(record + 4), Checksum(bytes));
            BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(record + 8), (uint)offset);
            BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(record + 12), (uint)bytes.Length);
            offset += (bytes.Length + 3) & ~3;
        }

        file.Write(header);
        foreach (var bytes in output.Values)
        {
            file.Write(bytes);
            for (var pad = bytes.Length; pad % 4 != 0; pad++)
            {
                file.WriteByte(0);
            }
        }

        return file.ToArray();
    }

    private static uint Checksum(byte[] bytes)
    {
        uint sum = 0;
        for (var i = 0; i < bytes.Length; i += 4)
        {
            uint word = 0;
            for (var b = 0; b < 4; b++)
            {
                word = (word << 8) | (i + b < bytes.Length ? bytes[i + b] : 0u);
            }

            sum = unchecked(sum + word);
        }

        return sum;
    }

    /// <summary>The glyph numbers a composite glyph is built from.</summary>
    private IEnumerable<ushort> Components(int offset)
    {
        const int argsAreWords = 0x0001, haveScale = 0x0008, moreComponents = 0x0020, haveXyScale = 0x0040, haveTwoByTwo = 0x0080;
        int flags;
        do
        {
            flags = U16(offset);
            yield return U16(offset + 2);
            offset += 4 + ((flags & argsAreWords) != 0 ? 4 : 2);
            offset += (flags & haveScale) != 0 ? 2 : (flags & haveXyScale) != 0 ? 4 : (flags & haveTwoByTwo) != 0 ? 8 : 0;
        }
        while ((flags & moreComponents) != 0);
    }

    private (int Start, int End) GlyphRange(ushort glyph)
    {
        var loca = Table("loca");
        return LongLoca
            ? ((int)U32(loca + (4 * glyph)), (int)U32(loca + (4 * (glyph + 1))))
            : (U16(loca + (2 * glyph)) * 2, U16(loca + (2 * (glyph + 1))) * 2);
    }

    /// <summary>The Windows Unicode BMP subtable (platform 3, encoding 1, format 4).</summary>
    private void ReadCmap()
    {
        var cmap = Table("cmap");
        var count = U16(cmap + 2);
        for (var i = 0; i < count; i++)
        {
            var record = cmap + 4 + (8 * i);
            if (U16(record) != 3 || U16(record + 2) != 1)
            {
                continue;
            }

            var sub = cmap + (int)U32(record + 4);
            if (U16(sub) != 4)
            {
                continue;
            }

            var segments = U16(sub + 6) / 2;
            var ends = sub + 14;
            var starts = ends + (2 * segments) + 2;
            var deltas = starts + (2 * segments);
            var rangeOffsets = deltas + (2 * segments);
            for (var s = 0; s < segments; s++)
            {
                int end = U16(ends + (2 * s)), start = U16(starts + (2 * s)), delta = S16(deltas + (2 * s));
                var rangeOffset = U16(rangeOffsets + (2 * s));
                for (var c = start; c <= end && c != 0xFFFF; c++)
                {
                    int glyph;
                    if (rangeOffset == 0)
                    {
                        glyph = (c + delta) & 0xFFFF;
                    }
                    else
                    {
                        var at = rangeOffsets + (2 * s) + rangeOffset + (2 * (c - start));
                        glyph = U16(at);
                        glyph = glyph == 0 ? 0 : (glyph + delta) & 0xFFFF;
                    }

                    if (glyph != 0 && glyph < GlyphCount)
                    {
                        glyphs[c] = (ushort)glyph;
                    }
                }
            }

            return;
        }

        throw new InvalidDataException($"The font {PostScriptName} has no Unicode character map.");
    }

    private int Table(string name) =>
        tables.TryGetValue(name, out var table) ? table.Offset : throw new InvalidDataException($"The font {PostScriptName} has no «{name}» table.");

    private ushort U16(int at) => BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(at));

    private short S16(int at) => BinaryPrimitives.ReadInt16BigEndian(data.AsSpan(at));

    private uint U32(int at) => BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(at));
}
