using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;

namespace KpiPlanner.Infrastructure.Import;

/// <summary>
/// Streams the first worksheet of an .xlsx workbook row by row, with one forward-only <see cref="XmlReader"/> over the
/// sheet's XML: the path the facts import takes for 100 000-row files, where MiniExcel's general reader (a dictionary
/// per row, a conversion per cell) costs about four times as much as the XML itself. Cells come as MiniExcel gives
/// them: text (shared, inline or formula strings) as <see cref="string"/>, numbers as <see cref="double"/> (what the
/// workbook stores; the import turns them into decimals at once), numbers in a date or time format as
/// <see cref="DateTime"/>, booleans as <see cref="bool"/>, errors (<c>#DIV/0!</c>) as their text. Row numbers are
/// those Excel shows (the row's <c>r</c>), column positions come from the cell reference (<c>C7</c> → 2), so gaps
/// stay gaps. A file that is not such a workbook throws (<see cref="InvalidDataException"/>, <see cref="XmlException"/>).
/// </summary>
public static class XlsxSheetReader
{
    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        CloseInput = true,
    };

    public static IEnumerable<(int Row, object?[] Cells)> Rows(Stream file)
    {
        ArgumentNullException.ThrowIfNull(file);
        using var zip = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
        var sheet = zip.GetEntry(FirstSheetPath(zip)) ?? throw new InvalidDataException("The workbook has no worksheet.");
        var strings = SharedStrings(zip);
        var dateStyles = DateStyles(zip);
        using var xml = XmlReader.Create(sheet.Open(), Settings);
        var cells = new List<object?>(16);
        var row = 0;
        while (xml.Read())
        {
            if (xml.NodeType != XmlNodeType.Element || xml.LocalName != "row")
            {
                continue;
            }

            row = int.TryParse(xml.GetAttribute("r"), NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : row + 1;
            cells.Clear();
            if (!xml.IsEmptyElement)
            {
                ReadRow(xml, cells, strings, dateStyles);
            }

            yield return (row, cells.ToArray());
        }
    }

    /// <summary>Reads the cells of the <c>&lt;row&gt;</c> the reader is on; leaves it on <c>&lt;/row&gt;</c>.</summary>
    private static void ReadRow(XmlReader xml, List<object?> cells, List<string> strings, HashSet<int> dateStyles)
    {
        var depth = xml.Depth;
        xml.Read();
        while (!xml.EOF && xml.Depth > depth)
        {
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "c")
            {
                ReadCell(xml, cells, strings, dateStyles);
            }

            xml.Read();
        }
    }

    /// <summary>Reads the <c>&lt;c&gt;</c> the reader is on; leaves it on <c>&lt;/c&gt;</c> (or the empty element).</summary>
    private static void ReadCell(XmlReader xml, List<object?> cells, List<string> strings, HashSet<int> dateStyles)
    {
        var column = ColumnIndex(xml.GetAttribute("r"), cells.Count);
        var type = xml.GetAttribute("t");
        var style = int.TryParse(xml.GetAttribute("s"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0;
        string? value = null;
        string? inline = null;
        if (!xml.IsEmptyElement)
        {
            var depth = xml.Depth;
            xml.Read();
            while (!xml.EOF && xml.Depth > depth)
            {
                if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "v")
                {
                    value = xml.ReadElementContentAsString();
                    continue;
                }

                if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "is")
                {
                    inline = StringItem(xml);
                }

                xml.Read();
            }
        }

        while (cells.Count <= column)
        {
            cells.Add(null);
        }

        cells[column] = type switch
        {
            "s" => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < strings.Count ? strings[index] : null,
            "inlineStr" => inline,
            "str" or "e" => value,
            "b" => value is null ? null : value == "1",
            _ => Number(value, dateStyles.Contains(style)),
        };
    }

    private static object? Number(string? value, bool date)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return value;
        }

        return date && number is >= 0 and < 2_958_466 ? DateTime.FromOADate(number) : number;
    }

    /// <summary>"C7" → 2; without a reference, the next column.</summary>
    private static int ColumnIndex(string? reference, int next)
    {
        if (string.IsNullOrEmpty(reference))
        {
            return next;
        }

        var index = 0;
        var letters = 0;
        foreach (var c in reference)
        {
            var upper = char.ToUpperInvariant(c);
            if (upper is < 'A' or > 'Z')
            {
                break;
            }

            index = (index * 26) + (upper - 'A' + 1);
            if (++letters > 3)
            {
                throw new InvalidDataException($"Bad cell reference {reference}.");
            }
        }

        return letters == 0 ? next : index - 1;
    }

    /// <summary>
    /// The text of the <c>&lt;si&gt;</c> or <c>&lt;is&gt;</c> the reader is on — its <c>&lt;t&gt;</c> or rich-text runs,
    /// without phonetic hints; leaves the reader on its end (or the empty element).
    /// </summary>
    private static string StringItem(XmlReader xml)
    {
        if (xml.IsEmptyElement)
        {
            return string.Empty;
        }

        var text = new StringBuilder();
        var depth = xml.Depth;
        xml.Read();
        while (!xml.EOF && xml.Depth > depth)
        {
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "rPh")
            {
                xml.Skip();
                continue;
            }

            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "t")
            {
                text.Append(xml.ReadElementContentAsString());
                continue;
            }

            xml.Read();
        }

        return text.ToString();
    }

    private static List<string> SharedStrings(ZipArchive zip)
    {
        var strings = new List<string>();
        var entry = Entry(zip, "xl/sharedStrings.xml");
        if (entry is null)
        {
            return strings;
        }

        using var xml = XmlReader.Create(entry.Open(), Settings);
        while (xml.Read())
        {
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "si")
            {
                strings.Add(StringItem(xml));
            }
        }

        return strings;
    }

    /// <summary>The styles (indexes of <c>cellXfs</c>) whose number format shows a date or a time.</summary>
    private static HashSet<int> DateStyles(ZipArchive zip)
    {
        var dates = new HashSet<int>();
        var entry = Entry(zip, "xl/styles.xml");
        if (entry is null)
        {
            return dates;
        }

        var custom = new Dictionary<int, string>();
        using var xml = XmlReader.Create(entry.Open(), Settings);
        var inCellXfs = false;
        var index = 0;
        while (xml.Read())
        {
            if (xml.NodeType == XmlNodeType.EndElement && xml.LocalName == "cellXfs")
            {
                inCellXfs = false;
            }

            if (xml.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            switch (xml.LocalName)
            {
                case "numFmt" when int.TryParse(xml.GetAttribute("numFmtId"), NumberStyles.None, CultureInfo.InvariantCulture, out var id):
                    custom[id] = xml.GetAttribute("formatCode") ?? string.Empty;
                    break;
                case "cellXfs":
                    inCellXfs = !xml.IsEmptyElement;
                    break;
                case "xf" when inCellXfs:
                    var format = int.TryParse(xml.GetAttribute("numFmtId"), NumberStyles.None, CultureInfo.InvariantCulture, out var f) ? f : 0;
                    if (IsDateFormat(format, custom.GetValueOrDefault(format)))
                    {
                        dates.Add(index);
                    }

                    index++;
                    break;
            }
        }

        return dates;
    }

    /// <summary>Excel's built-in date and time formats, or a custom format with d, m, y, h or s outside quotes and brackets.</summary>
    internal static bool IsDateFormat(int id, string? code)
    {
        if (id is (>= 14 and <= 22) or (>= 27 and <= 36) or (>= 45 and <= 47) or (>= 50 and <= 58))
        {
            return true;
        }

        if (string.IsNullOrEmpty(code))
        {
            return false;
        }

        var quoted = false;
        var bracket = false;
        for (var i = 0; i < code.Length; i++)
        {
            var c = char.ToLowerInvariant(code[i]);
            switch (c)
            {
                case '"':
                    quoted = !quoted;
                    break;
                case '\\' or '_' or '*' when !quoted:
                    i++;
                    break;
                case '[' when !quoted:
                    bracket = true;
                    break;
                case ']' when !quoted:
                    bracket = false;
                    break;
                case 'd' or 'm' or 'y' or 'h' or 's' when !quoted && !bracket:
                    return true;
                case ';' when !quoted:
                    // Only the first section (positive numbers) says what the cell is.
                    return false;
            }
        }

        return false;
    }

    private static string FirstSheetPath(ZipArchive zip)
    {
        var workbook = Entry(zip, "xl/workbook.xml") ?? throw new InvalidDataException("Not a workbook: xl/workbook.xml is missing.");
        string? relationId = null;
        using (var xml = XmlReader.Create(workbook.Open(), Settings))
        {
            while (xml.Read())
            {
                if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "sheet")
                {
                    relationId = xml.GetAttribute("id", "http://schemas.openxmlformats.org/officeDocument/2006/relationships")
                        ?? xml.GetAttribute("id", "http://purl.oclc.org/ooxml/officeDocument/relationships")
                        ?? xml.GetAttribute("r:id");
                    break;
                }
            }
        }

        var relations = Entry(zip, "xl/_rels/workbook.xml.rels");
        if (relationId is not null && relations is not null)
        {
            using var xml = XmlReader.Create(relations.Open(), Settings);
            while (xml.Read())
            {
                if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "Relationship" && xml.GetAttribute("Id") == relationId
                    && xml.GetAttribute("Target") is { Length: > 0 } target)
                {
                    target = target.Replace('\\', '/');
                    return target.StartsWith('/') ? target.TrimStart('/') : "xl/" + target;
                }
            }
        }

        return "xl/worksheets/sheet1.xml";
    }

    /// <summary>An entry by name, ignoring case (some writers spell the parts differently).</summary>
    private static ZipArchiveEntry? Entry(ZipArchive zip, string name) =>
        zip.GetEntry(name) ?? zip.Entries.FirstOrDefault(e => string.Equals(e.FullName, name, StringComparison.OrdinalIgnoreCase));
}
