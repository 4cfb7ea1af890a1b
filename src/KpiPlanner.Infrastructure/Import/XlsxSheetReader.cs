using System.Globalization;
using System.IO.Packaging;
using System.Text;
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

    public static IEnumerable<(int Row, object?[] Cells)> Rows(Stream file)
    {
        ArgumentNullException.ThrowIfNull(file);
        using var document = Open(file);
        var workbook = document.WorkbookPart ?? throw new InvalidDataException("Not a workbook: the workbook part is missing.");
        var sheet = FirstSheet(workbook);
        var strings = SharedStrings(workbook.SharedStringTablePart);
        var dateStyles = DateStyles(workbook.WorkbookStylesPart);

        using var reader = OpenXmlReader.Create(sheet);
        var cells = new List<object?>(16);
        var row = 0;
        var inRow = false;
        while (reader.Read())
        {
            if (reader.ElementType == typeof(Row))
            {
                if (reader.IsStartElement)
                {
                    row = RowNumber(reader, row);
                    cells.Clear();
                    inRow = true;
                }
                else if (inRow)
                {
                    // The end of the row (an empty <row/> comes as a start and an end too).
                    inRow = false;
                    yield return (row, cells.ToArray());
                }
            }
            else if (inRow && reader.IsStartElement && reader.ElementType == typeof(Cell))
            {
                ReadCell(reader, cells, strings, dateStyles);
            }
        }
    }

    private static SpreadsheetDocument Open(Stream file)
    {
        try
        {
            return SpreadsheetDocument.Open(file, false);
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

    private static int RowNumber(OpenXmlReader reader, int previous)
    {
        foreach (var attribute in reader.Attributes)
        {
            if (attribute.LocalName == "r" && attribute.NamespaceUri.Length == 0)
            {
                return int.TryParse(attribute.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : previous + 1;
            }
        }

        return previous + 1;
    }

    /// <summary>Reads the <c>&lt;c&gt;</c> the reader is on; leaves it on the cell's end.</summary>
    private static void ReadCell(OpenXmlReader reader, List<object?> cells, string[] strings, bool[] dateStyles)
    {
        string? reference = null;
        string? type = null;
        var style = 0;
        foreach (var attribute in reader.Attributes)
        {
            if (attribute.NamespaceUri.Length != 0)
            {
                continue;
            }

            switch (attribute.LocalName)
            {
                case "r":
                    reference = attribute.Value;
                    break;
                case "t":
                    type = attribute.Value;
                    break;
                case "s":
                    style = int.TryParse(attribute.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0;
                    break;
            }
        }

        var column = ColumnIndex(reference, cells.Count);
        string? value = null;
        string? inline = null;
        while (reader.Read() && !(reader.IsEndElement && reader.ElementType == typeof(Cell)))
        {
            if (!reader.IsStartElement)
            {
                continue;
            }

            if (reader.ElementType == typeof(CellValue))
            {
                value = reader.GetText();
            }
            else if (reader.ElementType == typeof(InlineString))
            {
                // Rare (and small): the element, with its runs, as a DOM; the reader moves past its end.
                inline = StringItem((InlineString)reader.LoadCurrentElement()!);
                if (reader.IsEndElement && reader.ElementType == typeof(Cell))
                {
                    break;
                }
            }
            else if (reader.ElementType == typeof(CellFormula))
            {
                // The cached value (<v>) is what counts; the formula text is skipped.
                reader.Skip();
                if (reader.IsEndElement && reader.ElementType == typeof(Cell))
                {
                    break;
                }

                if (reader.IsStartElement && reader.ElementType == typeof(CellValue))
                {
                    value = reader.GetText();
                }
            }
        }

        while (cells.Count <= column)
        {
            cells.Add(null);
        }

        cells[column] = type switch
        {
            "s" => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < strings.Length ? strings[index] : null,
            "inlineStr" => inline,
            "str" or "e" => value,
            "b" => value is null ? null : value == "1",
            _ => Number(value, style < dateStyles.Length && dateStyles[style]),
        };
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

    /// <summary>The text of a shared string item or an inline string: its <c>&lt;t&gt;</c> or its rich-text runs, without phonetic hints.</summary>
    private static string StringItem(OpenXmlCompositeElement item)
    {
        var text = item.GetFirstChild<Text>();
        var runs = item.Elements<Run>();
        if (text is not null && !runs.Any())
        {
            return text.Text;
        }

        var builder = new StringBuilder(text?.Text);
        foreach (var run in runs)
        {
            foreach (var part in run.Elements<Text>())
            {
                builder.Append(part.Text);
            }
        }

        return builder.ToString();
    }

    /// <summary>The shared string table, read once and streamed (one item at a time as a DOM).</summary>
    private static string[] SharedStrings(SharedStringTablePart? part)
    {
        if (part is null)
        {
            return [];
        }

        var strings = new List<string>();
        using var reader = OpenXmlReader.Create(part);
        while (reader.Read())
        {
            if (reader.IsStartElement && reader.ElementType == typeof(SharedStringItem))
            {
                strings.Add(StringItem((SharedStringItem)reader.LoadCurrentElement()!));
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
