using System.Xml;
using DocumentFormat.OpenXml.Packaging;

namespace KpiPlanner.Infrastructure.Import;

// Texts: a cell's value, shared and inline strings (rich-text runs, no phonetic hints), the shared string table.
public static partial class XlsxSheetReader
{
    /// <summary>
    /// A text being read, in a buffer reused from cell to cell: it grows as a text needs, never beyond
    /// <see cref="ImportLimits.MaxTextLength"/> (and one read's margin), and a text beyond the limit is refused as it is
    /// read, before it is held.
    /// </summary>
    private sealed class TextBuffer
    {
        /// <summary>Room kept free for one read: a longer text is read in several.</summary>
        private const int ReadSize = 1024;

        private char[] chars = new char[4 * ReadSize];

        public int Length { get; private set; }

        public ReadOnlySpan<char> Span => chars.AsSpan(0, Length);

        public void Clear() => Length = 0;

        /// <summary>Appends the value of the text node the reader is on; throws beyond the limit.</summary>
        public void Append(XmlReader reader, int row)
        {
            while (true)
            {
                if (chars.Length - Length < ReadSize)
                {
                    // Length never exceeds the limit here, so the largest buffer always has a read's room.
                    Array.Resize(ref chars, Math.Min(chars.Length * 2, ImportLimits.MaxTextLength + ReadSize));
                }

                var read = reader.ReadValueChunk(chars, Length, chars.Length - Length);
                if (read == 0)
                {
                    return;
                }

                if (Length + read > ImportLimits.MaxTextLength)
                {
                    throw new ImportLimitException(ImportLimit.TextLength, ImportLimits.MaxTextLength, row);
                }

                Length += read;
            }
        }

        public override string ToString() => new(Span);
    }

    /// <summary>
    /// Appends the text of the element the reader is on (<c>&lt;v&gt;</c> or <c>&lt;t&gt;</c>) to <paramref name="text"/>,
    /// refusing a text beyond <see cref="ImportLimits.MaxTextLength"/> before it is held; leaves the reader on its end.
    /// </summary>
    private static void ReadText(XmlReader reader, int row, TextBuffer text)
    {
        if (reader.IsEmptyElement)
        {
            return;
        }

        var name = reader.LocalName;
        while (reader.Read())
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace:
                    text.Append(reader, row);
                    break;
                case XmlNodeType.Element:
                    reader.Skip();
                    if (reader.NodeType == XmlNodeType.EndElement && reader.LocalName == name)
                    {
                        return;
                    }

                    break;
                case XmlNodeType.EndElement when reader.LocalName == name:
                    return;
            }
        }

        throw new InvalidDataException("The sheet ends inside a cell.");
    }

    /// <summary>
    /// The text of a shared string item or an inline string the reader is on: its <c>&lt;t&gt;</c> or its rich-text runs,
    /// without phonetic hints (<c>&lt;rPh&gt;</c>), read in <paramref name="text"/>; leaves the reader on its end.
    /// </summary>
    private static string StringItem(XmlReader reader, int row, TextBuffer text)
    {
        if (reader.IsEmptyElement)
        {
            return string.Empty;
        }

        var name = reader.LocalName;
        var depth = reader.Depth;
        text.Clear();
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth && reader.LocalName == name)
            {
                return text.ToString();
            }

            if (reader.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            if (reader.LocalName == "rPh")
            {
                reader.Skip();
                if (reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth && reader.LocalName == name)
                {
                    return text.ToString();
                }

                if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "t")
                {
                    ReadText(reader, row, text);
                }
            }
            else if (reader.LocalName == "t")
            {
                // A <t> of the item or of one of its runs (<r><rPr/><t/></r>).
                ReadText(reader, row, text);
            }
        }

        throw new InvalidDataException("The workbook ends inside a text.");
    }

    /// <summary>The shared string table, read once and streamed, every text within the limits.</summary>
    private static string[] SharedStrings(SharedStringTablePart? part, LimitedReadStream.Budget budget, XmlReaderSettings settings,
        CancellationToken cancellationToken)
    {
        if (part is null)
        {
            return [];
        }

        var strings = new List<string>();
        var text = new TextBuffer();
        using var reader = XmlReader.Create(new LimitedReadStream(part.GetStream(FileMode.Open, FileAccess.Read), budget), settings);
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "si")
            {
                if (strings.Count >= ImportLimits.MaxSharedStrings)
                {
                    throw new ImportLimitException(ImportLimit.SharedStrings, ImportLimits.MaxSharedStrings);
                }

                if ((strings.Count & 0x3FFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                strings.Add(StringItem(reader, 0, text));
            }
        }

        return [.. strings];
    }
}
