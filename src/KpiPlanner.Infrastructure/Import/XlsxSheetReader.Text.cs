using System.Text;
using System.Xml;
using DocumentFormat.OpenXml.Packaging;

namespace KpiPlanner.Infrastructure.Import;

// Texts: a cell's value, shared and inline strings (rich-text runs, no phonetic hints), the shared string table.
public static partial class XlsxSheetReader
{
    /// <summary>
    /// The text of the element the reader is on (<c>&lt;v&gt;</c> or <c>&lt;t&gt;</c>), read in chunks so that a text
    /// beyond <see cref="ImportLimits.MaxTextLength"/> is refused before it is held; leaves the reader on its end.
    /// </summary>
    private static string ReadText(XmlReader reader, int row, StringBuilder? into = null)
    {
        if (reader.IsEmptyElement)
        {
            return string.Empty;
        }

        var name = reader.LocalName;
        var text = into ?? new StringBuilder();
        var chunk = new char[4096];
        while (reader.Read())
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace:
                    int read;
                    while ((read = reader.ReadValueChunk(chunk, 0, chunk.Length)) > 0)
                    {
                        if (text.Length + read > ImportLimits.MaxTextLength)
                        {
                            throw new ImportLimitException(ImportLimit.TextLength, ImportLimits.MaxTextLength, row);
                        }

                        text.Append(chunk, 0, read);
                    }

                    break;
                case XmlNodeType.Element:
                    reader.Skip();
                    if (reader.NodeType == XmlNodeType.EndElement && reader.LocalName == name)
                    {
                        return into is null ? text.ToString() : string.Empty;
                    }

                    break;
                case XmlNodeType.EndElement when reader.LocalName == name:
                    return into is null ? text.ToString() : string.Empty;
            }
        }

        throw new InvalidDataException("The sheet ends inside a cell.");
    }

    /// <summary>
    /// The text of a shared string item or an inline string the reader is on: its <c>&lt;t&gt;</c> or its rich-text runs,
    /// without phonetic hints (<c>&lt;rPh&gt;</c>); leaves the reader on its end.
    /// </summary>
    private static string StringItem(XmlReader reader, int row)
    {
        if (reader.IsEmptyElement)
        {
            return string.Empty;
        }

        var name = reader.LocalName;
        var depth = reader.Depth;
        var text = new StringBuilder();
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
    private static string[] SharedStrings(SharedStringTablePart? part, LimitedReadStream.Budget budget, CancellationToken cancellationToken)
    {
        if (part is null)
        {
            return [];
        }

        var strings = new List<string>();
        using var reader = XmlReader.Create(new LimitedReadStream(part.GetStream(FileMode.Open, FileAccess.Read), budget), XmlSettings);
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

                strings.Add(StringItem(reader, 0));
            }
        }

        return [.. strings];
    }
}
