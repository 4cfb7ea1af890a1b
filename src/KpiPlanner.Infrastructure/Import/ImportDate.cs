using System.Globalization;

namespace KpiPlanner.Infrastructure.Import;

/// <summary>A date in an imported cell: the one reader of Excel's day numbers and of dates people type.</summary>
public static class ImportDate
{
    /// <summary>Excel's day number of a date cell whose format was lost (2000-01-01 is 36526), whole days from day 1 to 9999-12-31.</summary>
    public static DateOnly? FromDayNumber(double days) =>
        days is >= 1 and < 2_958_466 && Math.Abs(days - Math.Round(days)) < 1e-9 ? DateOnly.FromDateTime(DateTime.FromOADate(days)) : null;

    /// <summary>Reads a date as people type it: dd.MM.yyyy, ISO, the culture's short form, or a date cell.</summary>
    public static bool TryRead(object? cell, CultureInfo culture, out DateOnly date)
    {
        date = default;
        switch (cell)
        {
            case DateTime dt:
                date = DateOnly.FromDateTime(dt);
                return true;
            case DateOnly d:
                date = d;
                return true;
            case double serial when serial == Math.Floor(serial) && FromDayNumber(serial) is { } fromDouble:
                // A date cell whose format was lost shows as Excel's day number.
                date = fromDouble;
                return true;
            case decimal serial when serial == decimal.Floor(serial) && FromDayNumber((double)serial) is { } fromDecimal:
                date = fromDecimal;
                return true;
            case string text:
                text = text.Trim();
                string[] formats = ["dd.MM.yyyy", "d.M.yyyy", "yyyy-MM-dd", "dd.MM.yy", "d.M.yy", "yyyy-MM-ddTHH:mm:ss", "dd.MM.yyyy H:mm:ss", "dd.MM.yyyy HH:mm"];
                if (DateOnly.TryParseExact(text, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
                {
                    return true;
                }

                // The culture's own form ("1 Jun 2026", "1 июня 2026"), but never a slashed date: 06/01 is June to some, January to others.
                if (DateTime.TryParseExact(text, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var withTime)
                    || (!text.Contains('/', StringComparison.Ordinal) && DateTime.TryParse(text, culture, DateTimeStyles.None, out withTime)))
                {
                    date = DateOnly.FromDateTime(withTime);
                    return true;
                }

                return false;
            default:
                return false;
        }
    }
}
