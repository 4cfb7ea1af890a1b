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
        var settings = Settings();
        var sheetState = new SheetState(SharedStrings(workbook.SharedStringTablePart, budget, settings, cancellationToken), DateStyles(workbook.WorkbookStylesPart));

        using var reader = XmlReader.Create(new LimitedReadStream(sheet.GetStream(FileMode.Open, FileAccess.Read), budget), settings);
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
                ReadRow(reader, row, cells, sheetState);
            }

            yield return (row, cells.ToArray());
        }
    }

    /// <summary>
    /// What one reading keeps from cell to cell: the shared strings, which styles are dates, and two text buffers reused
    /// for every cell (a cell's <c>&lt;v&gt;</c> and a string item's text), so that a cell's text costs no allocation
    /// until it becomes a value.
    /// </summary>
    private sealed class SheetState(string[] strings, bool[] dateStyles)
    {
        public string[] Strings { get; } = strings;

        public bool[] DateStyles { get; } = dateStyles;

        public TextBuffer Value { get; } = new();

        public TextBuffer Item { get; } = new();
    }

    /// <summary>
    /// The reader's settings for one file, with a name table of its own that already holds the names the reader looks
    /// for: the XML reader then hands back these very strings, so a name that matches is told at the first, reference,
    /// check of the string comparison (a name table is not shared between threads: one per file).
    /// </summary>
    private static XmlReaderSettings Settings()
    {
        var settings = XmlSettings.Clone();
        var names = new NameTable();
        foreach (var name in (string[])["sheetData", "row", "c", "v", "is", "t", "r", "s", "rPh", "si"])
        {
            names.Add(name);
        }

        settings.NameTable = names;
        return settings;
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
    private static void ReadRow(XmlReader reader, int row, List<object?> cells, SheetState sheet)
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

            var (reference, type, style) = CellAttributes(reader);
            column = ColumnIndex(reference, column + 1);
            var value = ReadCell(reader, row, type, style, sheet);
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

    /// <summary>
    /// The value of the <c>&lt;c&gt;</c> the reader is on; leaves it on the cell's end. Its <c>&lt;v&gt;</c> is read into
    /// <see cref="SheetState.Value"/> (the last one, should there be several) and becomes a value only here.
    /// </summary>
    private static object? ReadCell(XmlReader reader, int row, string? type, string? styleAttribute, SheetState sheet)
    {
        var style = int.TryParse(styleAttribute, NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0;
        if (reader.IsEmptyElement)
        {
            return null;
        }

        var value = sheet.Value;
        var hasValue = false;
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
                    hasValue = true;
                    value.Clear();
                    ReadText(reader, row, value);
                    break;
                case "is":
                    inline = StringItem(reader, row, sheet.Item);
                    break;
                default:
                    // The formula (<f>) and anything else: the cached value (<v>) is what counts.
                    reader.Skip();
                    if (reader.NodeType == XmlNodeType.EndElement && reader.LocalName == "c")
                    {
                        return Value(type, hasValue ? value : null, inline, style, sheet);
                    }

                    if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "v")
                    {
                        hasValue = true;
                        value.Clear();
                        ReadText(reader, row, value);
                    }

                    break;
            }
        }

        return Value(type, hasValue ? value : null, inline, style, sheet);
    }

    /// <summary>
    /// A cell's reference (<c>r</c>), type (<c>t</c>) and style (<c>s</c>), in one walk over its attributes (what
    /// <see cref="XmlReader.GetAttribute(string)"/> gives for each, without looking each name up); the reader stays on the cell.
    /// </summary>
    private static (string? Reference, string? Type, string? Style) CellAttributes(XmlReader reader)
    {
        string? reference = null, type = null, style = null;
        if (reader.MoveToFirstAttribute())
        {
            do
            {
                if (reader.Prefix.Length == 0)
                {
                    switch (reader.LocalName)
                    {
                        case "r":
                            reference = reader.Value;
                            break;
                        case "t":
                            type = reader.Value;
                            break;
                        case "s":
                            style = reader.Value;
                            break;
                    }
                }
            }
            while (reader.MoveToNextAttribute());
            reader.MoveToElement();
        }

        return (reference, type, style);
    }

    /// <summary>A cell's value from its type, its <c>&lt;v&gt;</c> text (null: none), its inline string and its style.</summary>
    private static object? Value(string? type, TextBuffer? value, string? inline, int style, SheetState sheet) => type switch
    {
        "s" => value is not null && int.TryParse(value.Span, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < sheet.Strings.Length
            ? sheet.Strings[index]
            : null,
        "inlineStr" => inline,
        "str" or "e" => value?.ToString(),
        "b" => value is null ? null : value.Span.SequenceEqual("1"),
        _ => value is null ? null : Number(value.Span, style >= 0 && style < sheet.DateStyles.Length && sheet.DateStyles[style]),
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
