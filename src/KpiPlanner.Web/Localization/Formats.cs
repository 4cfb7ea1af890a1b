using System.Globalization;

namespace KpiPlanner.Web.Localization;

/// <summary>How the UI shows numbers, money, percents and dates: always by the current culture, never the server's.</summary>
public static partial class Formats
{
    /// <summary>Money with kopecks: <c>1 234 567,89 ₽</c> / <c>₽1,234,567.89</c>.</summary>
    public static string Money(decimal amount, CultureInfo? culture = null) =>
        amount.ToString("C2", culture ?? CultureInfo.CurrentCulture);

    /// <summary>A percent given as percent points (94.2857 → <c>94,3 %</c>), one decimal by default.</summary>
    public static string Percent(decimal percentPoints, int decimals = 1, CultureInfo? culture = null) =>
        (percentPoints / 100m).ToString("P" + decimals.ToString(CultureInfo.InvariantCulture), culture ?? CultureInfo.CurrentCulture);

    /// <summary>A weight as typed, without rounding it away: <c>40 %</c>, <c>12,5 %</c>, <c>33,33 %</c>.</summary>
    public static string Weight(decimal percentPoints, CultureInfo? culture = null) =>
        Percent(percentPoints, percentPoints == decimal.Truncate(percentPoints) ? 0 : percentPoints * 10m == decimal.Truncate(percentPoints * 10m) ? 1 : 2, culture);

    /// <summary>
    /// A completion as every table shows it: a percent; a raw value (days late, minutes to answer) as the number it is;
    /// +∞ (a lower-is-better KPI with fact 0: the top band) as «∞»; nothing when there is none.
    /// </summary>
    public static string Completion(KpiPlanner.Domain.Kpis.Completion? completion, int decimals = 1, CultureInfo? culture = null) => completion switch
    {
        null => string.Empty,
        { IsPositiveInfinity: true } => "∞",
        { IsRawValue: true } c => Plain(c.Value, 2, culture),
        { } c => Percent(c.Value, decimals, culture),
    };

    public static string Number(decimal value, int decimals = 0, CultureInfo? culture = null) =>
        value.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), culture ?? CultureInfo.CurrentCulture);

    /// <summary>A number with up to <paramref name="maxDecimals"/> decimals and no trailing zeros: <c>0,5</c>, <c>1</c>, <c>1 234,25</c>.</summary>
    public static string Plain(decimal value, int maxDecimals = 2, CultureInfo? culture = null) =>
        value.ToString("#,0." + new string('#', maxDecimals), culture ?? CultureInfo.CurrentCulture);

    /// <summary>
    /// Reads a number a person typed: "1 234,5" or "1234.5" in Russian, "1,234.5" in English (spaces and no-break
    /// spaces are ignored; the current culture's separators, or a plain point). Empty text is a null value; false when it is
    /// not a number.
    /// </summary>
    public static bool TryParseDecimal(string? text, out decimal? value, CultureInfo? culture = null)
    {
        value = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        var c = culture ?? CultureInfo.CurrentCulture;
        var trimmed = text.Trim();
        if (trimmed.Any(char.IsWhiteSpace) && !SpaceGrouped().IsMatch(trimmed))
        {
            // A space inside a number is a group separator ("1 234 567") or a typo ("4 5" is not 45): refused, not guessed.
            return false;
        }

        var compact = new string(text.Where(ch => !char.IsWhiteSpace(ch) && ch != '\u202F' && ch != '\u00A0').ToArray());
        // The culture's own form first, group separators included (English "1,234.5"; Russian groups are spaces, gone
        // by now), then a plain invariant "1234.5" — what the app itself shows must always read back.
        const NumberStyles plain = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint;
        if (decimal.TryParse(compact, plain | NumberStyles.AllowThousands, c, out var parsed)
            || decimal.TryParse(compact, plain, CultureInfo.InvariantCulture, out parsed))
        {
            value = parsed;
            return true;
        }

        return false;
    }

    /// <summary>A moment in the server's time zone, short date and time: <c>02.11.2026 10:15</c> / <c>11/2/2026 10:15 AM</c>.</summary>
    public static string DateTime(DateTimeOffset moment, CultureInfo? culture = null) =>
        moment.ToLocalTime().ToString("g", culture ?? CultureInfo.CurrentCulture);

    /// <summary><c>01.06.2026</c> / <c>6/1/2026</c>.</summary>
    public static string Date(DateOnly date, CultureInfo? culture = null) =>
        date.ToString("d", culture ?? CultureInfo.CurrentCulture);

    /// <summary>A one-off KPI's dates: <c>01.02.2026–01.03.2026</c> / <c>2/1/2026–3/1/2026</c>.</summary>
    public static string Dates(KpiPlanner.Domain.Schemes.OneOffPeriod period, CultureInfo? culture = null)
    {
        ArgumentNullException.ThrowIfNull(period);
        return Date(period.From, culture) + "–" + Date(period.To, culture);
    }

    /// <summary><c>июнь 2026</c> / <c>June 2026</c>.</summary>
    public static string Month(DateOnly month, CultureInfo? culture = null)
    {
        var c = culture ?? CultureInfo.CurrentCulture;
        var text = month.ToString("MMMM yyyy", c);
        return text;
    }

    /// <summary>Digits grouped by threes with spaces (any kind), an optional sign and an optional fraction: "1 234 567,89".</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"^[+-]?\d{1,3}(?:\s\d{3})+(?:[.,]\d*)?$")]
    private static partial System.Text.RegularExpressions.Regex SpaceGrouped();
}
