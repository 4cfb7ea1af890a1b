using System.Globalization;

namespace KpiPlanner.Infrastructure.Import;

/// <summary>
/// Numbers as people type them in spreadsheets: Russian <c>1 234,5</c> and invariant <c>1234.5</c>. Spaces, no-break
/// spaces and thin spaces are group separators; a single comma or a single dot is the decimal separator (never a group
/// separator, so <c>1,234</c> is 1.234); a leading minus is read (and refused later as negative). No exponents,
/// currency signs or percent signs. Values are rounded to 4 decimals, the precision the database keeps.
/// </summary>
public static class ImportNumber
{
    /// <summary>numeric(20, 4): at most 16 digits before the point.</summary>
    public static readonly decimal Max = 9_999_999_999_999_999.9999m;

    public const int Scale = 4;

    /// <summary>Parses <paramref name="text"/>; false when it is not a number.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out decimal value)
    {
        value = 0m;
        text = text.Trim();
        if (text.IsEmpty || text.Length > 64)
        {
            return false;
        }

        Span<char> buffer = stackalloc char[text.Length];
        var length = 0;
        var separators = 0;
        foreach (var c in text)
        {
            switch (c)
            {
                case ' ' or '\u00A0' or '\u202F' or '\u2009' or '\u2007':
                    continue;
                case ',' or '.':
                    separators++;
                    buffer[length++] = '.';
                    break;
                case '\u2212':
                    buffer[length++] = '-';
                    break;
                default:
                    buffer[length++] = c;
                    break;
            }
        }

        if (separators > 1 || length == 0)
        {
            return false;
        }

        if (!decimal.TryParse(buffer[..length], NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value))
        {
            return false;
        }

        value = Round(value);
        return true;
    }

    /// <summary>A number cell of a workbook (stored as a binary double): its 15 significant digits, as Excel shows it.</summary>
    public static bool TryFromDouble(double number, out decimal value)
    {
        value = 0m;
        if (double.IsNaN(number) || double.IsInfinity(number) || Math.Abs(number) >= 7.9e28)
        {
            return false;
        }

        value = Round((decimal)number);
        return true;
    }

    public static bool IsTooLarge(decimal value) => Math.Abs(value) > Max;

    public static decimal Round(decimal value) => Math.Round(value, Scale, MidpointRounding.AwayFromZero);
}
