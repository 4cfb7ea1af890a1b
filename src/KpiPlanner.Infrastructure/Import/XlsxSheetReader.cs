using System.Globalization;
using System.IO.Compression;
using System.IO.Packaging;
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
public static partial class XlsxSheetReader
{
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
}
