using System.Globalization;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace KpiPlanner.Infrastructure.Import;

// Number cells: decimals to Excel's 15 significant digits, dates for cells in a date format.
public static partial class XlsxSheetReader
{
    /// <summary>Excel shows (and calculates with) 15 significant digits of the double it stores.</summary>
    private const int SignificantDigits = 15;

    /// <summary>A number cell's text: a date in a date format, else a decimal (the text as is when it is not a number a decimal holds).</summary>
    private static object? Number(ReadOnlySpan<char> value, bool date)
    {
        if (value.IsEmpty)
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

    private static object Decimal(ReadOnlySpan<char> value)
    {
        if (!decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return new string(value);
        }

        // "42", "1234.5", "0.1": what people type is stored as is and needs nothing more (the common case).
        if (value.Length <= SignificantDigits && (number.Scale == 0 || value[^1] != '0') && !value.ContainsAny('E', 'e'))
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
