using System.Globalization;
using System.IO.Compression;
using System.IO.Packaging;
using System.Text;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace KpiPlanner.Infrastructure.Import;

/// <summary>
/// Streams the first worksheet of an .xlsx workbook row by row with the Open XML SDK: the package is opened read-only
/// (<see cref="SpreadsheetDocument.Open(Stream, bool)"/>), the shared strings and the stylesheet are read once, and the
/// sheet itself goes through one forward-only <see cref="OpenXmlReader"/> (SAX-style, no DOM for the sheet) — the path
/// the facts import takes for 100 000-row files, where MiniExcel's general reader (a dictionary per row, a conversion
/// per cell) costs about four times as much as the XML itself.
/// Cells come as: text (shared, inline or formula strings) as <see cref="string"/>; numbers as <see cref="decimal"/>,
/// parsed from the text the workbook stores (invariant, never through a double) and kept to the 15 significant digits
/// Excel shows; numbers in a date or time format as <see cref="DateTime"/>; booleans as <see cref="bool"/>; errors
/// (<c>#DIV/0!</c>) and numbers beyond a decimal's range as their text. Formula cells give their cached value. Row
/// numbers are those Excel shows (the row's <c>r</c>), column positions come from the cell reference (<c>C7</c> → 2),
/// so gaps stay gaps. A file that is not such a workbook throws (<see cref="InvalidDataException"/>, or the XML
/// reader's exception for a damaged sheet).
/// </summary>
public static class XlsxSheetReader
{
    /// <summary>Excel shows (and calculates with) 15 significant digits of the double it stores.</summary>
    private const int SignificantDigits = 15;

    public static IEnumerable<(int Row, object?[] Cells)> Rows(Stream file) => Rows(file, CancellationToken.None);

    /// <summary>
    /// The rows, within <see cref="ImportLimits"/>: the workbook's XML may unpack to
    /// <see cref="ImportLimits.UnpackedBytesFor"/> the file's size (the zip's sizes are checked before anything is
    /// unpacked, and the bytes as they stream), a text holds at most <see cref="ImportLimits.MaxTextLength"/> characters
    /// (checked while it is read, before it is allocated), the shared string table <see cref="ImportLimits.MaxSharedStrings"/>
    /// items, a row <see cref="ImportLimits.MaxCellsPerRow"/> cells and values stand in the first
    /// <see cref="ImportLimits.MaxColumns"/> columns; beyond any, <see cref="ImportLimitException"/>. An empty cell
    /// (<c>&lt;c r="ZZZ1"/&gt;</c>) takes no room. <paramref name="cancellationToken"/> is checked at every row.
    /// </summary>
    public static IEnumerable<(int Row, object?[] Cells)> Rows(Stream file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        var budget = new LimitedReadStream.Budget(ImportLimits.UnpackedBytesFor(file.Length));
        CheckPackedSizes(file, budget.Max);
        using var document = Open(file, budget.Max);
        var workbook = document.WorkbookPart ?? throw new InvalidDataException("Not a workbook: the workbook part is missing.");
        var sheet = FirstSheet(workbook);
        var strings = SharedStrings(workbook.SharedStringTablePart, budget, cancellationToken);
        var dateStyles = DateStyles(workbook.WorkbookStylesPart);

        using var reader = XmlReader.Create(new LimitedReadStream(sheet.GetStream(FileMode.Open, FileAccess.Read), budget), XmlSettings);
        if (!ToElement(reader, "sheetData") || reader.IsEmptyElement)
        {
            yield break;
        }

        var cells = new List<object?>(16);
        var row = 0;
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.EndElement && reader.LocalName == "sheetData")
            {
                yield break;
            }

            if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "row")
            {
                continue;
            }

            cancellationToken.ThrowIfCancellationRequested();
            row = RowNumber(reader.GetAttribute("r"), row);
            cells.Clear();
            if (!reader.IsEmptyElement)
            {
                ReadRow(reader, row, cells, strings, dateStyles);
            }

            yield return (row, cells.ToArray());
        }
    }

    private static readonly XmlReaderSettings XmlSettings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        MaxCharactersFromEntities = 1024,
        CloseInput = true,
    };

    /// <summary>The zip's own sizes, before anything is unpacked (a zip entry never unpacks to more than it declares).</summary>
    private static void CheckPackedSizes(Stream file, long max)
    {
        try
        {
            using var zip = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
            long total = 0;
            foreach (var entry in zip.Entries)
            {
                total += entry.Length;
                if (total > max || entry.Length < 0)
                {
                    throw new ImportLimitException(ImportLimit.Unpacked, max);
                }
            }
        }
        finally
        {
            file.Position = 0;
        }
    }

    private static SpreadsheetDocument Open(Stream file, long maxCharacters)
    {
        try
        {
            return SpreadsheetDocument.Open(file, false, new OpenSettings { MaxCharactersInPart = maxCharacters });
        }
        catch (Exception e) when (e is OpenXmlPackageException or FileFormatException or InvalidOperationException or ArgumentException)
        {
            throw new InvalidDataException("Not an .xlsx workbook: " + e.Message, e);
        }
    }

    /// <summary>The first sheet in the workbook's order (not the first part in the package).</summary>
    private static WorksheetPart FirstSheet(WorkbookPart workbook)
    {
        var id = workbook.Workbook?.Sheets?.Elements<Sheet>().FirstOrDefault()?.Id?.Value;
        if (id is not null && workbook.TryGetPartById(id, out var part) && part is WorksheetPart sheet)
        {
            return sheet;
        }

        return workbook.WorksheetParts.FirstOrDefault() ?? throw new InvalidDataException("The workbook has no worksheet.");
    }

    /// <summary>Moves to the first element named <paramref name="name"/>; false at the end of the document.</summary>
    private static bool ToElement(XmlReader reader, string name)
    {
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == name)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The cells of the <c>&lt;row&gt;</c> the reader is on; leaves it on the row's end.</summary>
    private static void ReadRow(XmlReader reader, int row, List<object?> cells, string[] strings, bool[] dateStyles)
    {
        var count = 0;
        var column = -1;
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.EndElement && reader.LocalName == "row")
            {
                return;
            }

            if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "c")
            {
                continue;
            }

            if (++count > ImportLimits.MaxCellsPerRow)
            {
                throw new ImportLimitException(ImportLimit.CellsPerRow, ImportLimits.MaxCellsPerRow, row);
            }

            column = ColumnIndex(reader.GetAttribute("r"), column + 1);
            var value = ReadCell(reader, row, strings, dateStyles);
            if (value is null || value is string { Length: 0 })
            {
                // An empty cell takes no room: a row of <c r="ZZZ1"/> is a blank row, not 18 278 columns.
                continue;
            }

            if (column >= ImportLimits.MaxColumns)
            {
                throw new ImportLimitException(ImportLimit.Columns, ImportLimits.MaxColumns, row);
            }

            while (cells.Count <= column)
            {
                cells.Add(null);
            }

            cells[column] = value;
        }
    }

    private static int RowNumber(string? attribute, int previous) =>
        int.TryParse(attribute, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : previous + 1;

    /// <summary>The value of the <c>&lt;c&gt;</c> the reader is on; leaves it on the cell's end.</summary>
    private static object? ReadCell(XmlReader reader, int row, string[] strings, bool[] dateStyles)
    {
        var type = reader.GetAttribute("t");
        var style = int.TryParse(reader.GetAttribute("s"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0;
        if (reader.IsEmptyElement)
        {
            return null;
        }

        string? value = null;
        string? inline = null;
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.EndElement && reader.LocalName == "c")
            {
                break;
            }

            if (reader.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            switch (reader.LocalName)
            {
                case "v":
                    value = ReadText(reader, row);
                    break;
                case "is":
                    inline = StringItem(reader, row);
                    break;
                default:
                    // The formula (<f>) and anything else: the cached value (<v>) is what counts.
                    reader.Skip();
                    if (reader.NodeType == XmlNodeType.EndElement && reader.LocalName == "c")
                    {
                        return Value(type, value, inline, style, strings, dateStyles);
                    }

                    if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "v")
                    {
                        value = ReadText(reader, row);
                    }

                    break;
            }
        }

        return Value(type, value, inline, style, strings, dateStyles);
    }

    private static object? Value(string? type, string? value, string? inline, int style, string[] strings, bool[] dateStyles) => type switch
    {
        "s" => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < strings.Length ? strings[index] : null,
        "inlineStr" => inline,
        "str" or "e" => value,
        "b" => value is null ? null : value == "1",
        _ => Number(value, style >= 0 && style < dateStyles.Length && dateStyles[style]),
    };

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

    /// <summary>A number cell's text: a date in a date format, else a decimal (the text as is when it is not a number a decimal holds).</summary>
    private static object? Number(string? value, bool date)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (date)
        {
            // A date is a day count (the fraction is the time): DateTime's own OLE conversion is the one to use.
            return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var days) && days is >= 0 and < 2_958_466
                ? DateTime.FromOADate(days)
                : Decimal(value);
        }

        return Decimal(value);
    }

    private static object Decimal(string value)
    {
        if (!decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return value;
        }

        // "42", "1234.5", "0.1": what people type is stored as is and needs nothing more (the common case).
        if (value.Length <= SignificantDigits && (number.Scale == 0 || value[^1] != '0') && !value.Contains('E', StringComparison.OrdinalIgnoreCase))
        {
            return number;
        }

        return Significant(number);
    }

    /// <summary>
    /// The number to 15 significant digits, without trailing zeros: a calculated 0.30000000000000004 or 1.0000499999999999
    /// (the 17-digit text Excel writes for a double) is the 0.3 and 1.00005 Excel shows.
    /// </summary>
    internal static decimal Significant(decimal number)
    {
        if (number == 0m)
        {
            return 0m;
        }

        var magnitude = Math.Abs(number);
        var exponent = 0; // number = d.ddd… × 10^exponent
        var power = 1m;
        if (magnitude >= 1m)
        {
            while (exponent < 28 && magnitude >= power * 10m)
            {
                power *= 10m;
                exponent++;
            }
        }
        else
        {
            while (exponent > -28 && magnitude < power)
            {
                power /= 10m;
                exponent--;
            }
        }

        var decimals = SignificantDigits - 1 - exponent;
        decimal rounded;
        if (decimals >= 0)
        {
            rounded = Math.Round(number, Math.Min(decimals, 28), MidpointRounding.AwayFromZero);
        }
        else
        {
            var unit = 1m;
            for (var i = 0; i < -decimals; i++)
            {
                unit *= 10m;
            }

            rounded = Math.Round(number / unit, MidpointRounding.AwayFromZero) * unit;
        }

        // Dividing by 1 with 28 zeros after the point drops the trailing zeros (1.50000 → 1.5), as a double prints.
        return rounded / 1.0000000000000000000000000000m;
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

    /// <summary>For each style (index of <c>cellXfs</c>): whether its number format shows a date or a time.</summary>
    private static bool[] DateStyles(WorkbookStylesPart? part)
    {
        var stylesheet = part?.Stylesheet;
        if (stylesheet is null)
        {
            return [];
        }

        var custom = new Dictionary<uint, string>();
        foreach (var format in stylesheet.NumberingFormats?.Elements<NumberingFormat>() ?? [])
        {
            if (format.NumberFormatId?.Value is { } id)
            {
                custom[id] = format.FormatCode?.Value ?? string.Empty;
            }
        }

        var styles = stylesheet.CellFormats?.Elements<CellFormat>().ToList() ?? [];
        var dates = new bool[styles.Count];
        for (var i = 0; i < styles.Count; i++)
        {
            var id = styles[i].NumberFormatId?.Value ?? 0u;
            dates[i] = IsDateFormat((int)Math.Min(id, int.MaxValue), custom.GetValueOrDefault(id));
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
}
