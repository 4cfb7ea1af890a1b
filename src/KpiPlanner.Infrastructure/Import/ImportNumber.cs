using System.Globalization;

namespace KpiPlanner.Infrastructure.Import;

/// <summary>
/// Numbers as people type them in spreadsheets: Russian <c>1 234,5</c> and invariant <c>1234.5</c>. Spaces, no-break
/// spaces and thin spaces are group separators; a single comma or a single dot is the decimal separator (never a group
/// separator, so <c>1,234</c> is 1.234); a leading minus is read (and refused later as negative). No exponents,
/// currency signs or percent signs. A file's values are rounded to 4 decimals, the precision the database keeps
/// (<see cref="TryParse"/>); the facts API refuses more decimals instead (<see cref="TryParseExact"/>, <see cref="DecimalPlaces"/>).
/// </summary>
public static class ImportNumber
{
    /// <summary>numeric(20, 4): at most 16 digits before the point.</summary>
    public static readonly decimal Max = 9_999_999_999_999_999.9999m;

    public const int Scale = 4;

    /// <summary>Parses <paramref name="text"/>, rounded to <see cref="Scale"/> decimals; false when it is not a number.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out decimal value)
    {
        if (!TryParseExact(text, out value, out _))
        {
            return false;
        }

        value = Round(value);
        return true;
    }

    /// <summary>
    /// Parses <paramref name="text"/> as written, without rounding; <paramref name="decimals"/> is how many decimal
    /// places it writes (trailing zeros not counted: <c>1,50</c> has 1), so a caller that must not round can refuse
    /// more than <see cref="Scale"/>. False when it is not a number.
    /// </summary>
    public static bool TryParseExact(ReadOnlySpan<char> text, out decimal value, out int decimals)
    {
        value = 0m;
        decimals = 0;
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

        decimals = DecimalPlaces(buffer[..length]);
        return true;
    }

    /// <summary>
    /// The decimal places a number's text needs, exactly: <c>0.00001</c> → 5, <c>1.50</c> → 1, <c>120</c> → 0,
    /// <c>1e-400</c> → 400, <c>2.5e3</c> → 0 — worked out from the digits, so a value that <see cref="decimal"/> itself
    /// would round away (29 decimals and more, tiny exponents) still counts. Reads plain numbers and JSON numbers
    /// (<c>-1.25E+2</c>); the text is assumed to be a number already.
    /// </summary>
    public static int DecimalPlaces(ReadOnlySpan<char> number)
    {
        long fractionDigits = 0;
        long trailingZeros = 0;
        long exponent = 0;
        var inFraction = false;
        var nonZero = false;
        for (var i = 0; i < number.Length; i++)
        {
            var c = number[i];
            if (c is >= '0' and <= '9')
            {
                if (inFraction)
                {
                    fractionDigits++;
                }

                trailingZeros = c == '0' ? trailingZeros + 1 : 0;
                nonZero |= c != '0';
            }
            else if (c == '.')
            {
                inFraction = true;
            }
            else if (c is 'e' or 'E')
            {
                var sign = 1;
                var j = i + 1;
                if (j < number.Length && number[j] is '+' or '-')
                {
                    sign = number[j] == '-' ? -1 : 1;
                    j++;
                }

                for (; j < number.Length && number[j] is >= '0' and <= '9'; j++)
                {
                    // Beyond a million the answer is "far too many" (or none) either way.
                    exponent = Math.Min((exponent * 10) + (number[j] - '0'), 1_000_000);
                }

                exponent *= sign;
                break;
            }
        }

        if (!nonZero)
        {
            return 0;
        }

        return (int)Math.Clamp(fractionDigits - trailingZeros - exponent, 0, 1_000_000);
    }

    /// <summary>True when <paramref name="value"/> has no more than <see cref="Scale"/> decimals (numeric(20, 4) keeps it exactly).</summary>
    public static bool FitsScale(decimal value) => Round(value) == value;

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
