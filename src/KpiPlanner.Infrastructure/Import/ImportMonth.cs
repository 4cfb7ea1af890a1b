using System.Globalization;
using System.Text.RegularExpressions;

namespace KpiPlanner.Infrastructure.Import;

/// <summary>
/// The month of an import file's «Месяц» / «Month» cell, read the ways people and spreadsheets write it: <c>2026-12</c>,
/// <c>12.2026</c>, <c>01.12.2026</c>, <c>декабрь 2026</c>, <c>декабря 2026 г.</c>, <c>дек.26</c>, <c>December 2026</c>,
/// <c>Dec-26</c> (what Excel writes back to a CSV after it took the cell for a date), or a date cell of a workbook (a
/// <see cref="DateTime"/>, or the day number Excel keeps for one). Months from 2000-01 to 2100-12.
/// </summary>
public static partial class ImportMonth
{
    private static readonly DateOnly First = new(2000, 1, 1);
    private static readonly DateOnly Last = new(2100, 12, 1);

    private static readonly Dictionary<string, int> Names = Build();

    /// <summary>The month the cell names (its first day), or false when it names none.</summary>
    public static bool TryRead(object? cell, out DateOnly month)
    {
        month = default;
        DateOnly? found = cell switch
        {
            DateTime d => new DateOnly(d.Year, d.Month, 1),
            DateOnly d => new DateOnly(d.Year, d.Month, 1),
            decimal n => FromDayNumber((double)n),
            double n => FromDayNumber(n),
            int n => FromDayNumber(n),
            long n => FromDayNumber(n),
            string s => FromText(s),
            _ => null,
        };
        if (found is not { } value || value < First || value > Last)
        {
            return false;
        }

        month = value;
        return true;
    }

    /// <summary>Whether the cell is empty (no month given on this row).</summary>
    public static bool IsBlank(object? cell) => cell is null || (cell is string s && string.IsNullOrWhiteSpace(s));

    /// <summary>"2–5, 9, 12–14": row numbers as ranges, at most <paramref name="max"/> of them (then "…").</summary>
    public static string Ranges(IReadOnlyList<int> rows, int max = 10)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var parts = new List<string>();
        var i = 0;
        while (i < rows.Count)
        {
            if (parts.Count == max)
            {
                parts.Add("…");
                break;
            }

            var start = rows[i];
            var end = start;
            while (i + 1 < rows.Count && rows[i + 1] == end + 1)
            {
                end = rows[++i];
            }

            parts.Add(start == end
                ? start.ToString(CultureInfo.InvariantCulture)
                : string.Create(CultureInfo.InvariantCulture, $"{start}–{end}"));
            i++;
        }

        return string.Join(", ", parts);
    }

    /// <summary>An Excel day number of a date cell without a date format, in the months an import takes (2000–2100).</summary>
    private static DateOnly? FromDayNumber(double days) =>
        days is >= 36526 and < 73416 ? ImportDate.FromDayNumber(days) : null;

    private static DateOnly? FromText(string text)
    {
        var t = text.Trim().ToLowerInvariant().Replace('ё', 'е');
        if (t.Length == 0 || t.Length > 40)
        {
            return null;
        }

        Match m;
        if ((m = YearMonth().Match(t)).Success)
        {
            return Make(m.Groups["y"].Value, m.Groups["m"].Value);
        }

        if ((m = MonthYear().Match(t)).Success)
        {
            return Make(m.Groups["y"].Value, m.Groups["m"].Value);
        }

        if ((m = DayMonthYear().Match(t)).Success)
        {
            return Make(m.Groups["y"].Value, m.Groups["m"].Value);
        }

        if ((m = NamedMonth().Match(t)).Success && Names.TryGetValue(m.Groups["n"].Value, out var number))
        {
            var year = m.Groups["y"].Value;
            return Make(year.Length == 2 ? "20" + year : year, number.ToString(CultureInfo.InvariantCulture));
        }

        return null;
    }

    private static DateOnly? Make(string year, string month) =>
        int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out var y)
        && int.TryParse(month, NumberStyles.None, CultureInfo.InvariantCulture, out var m)
        && y is >= 1 and <= 9999 && m is >= 1 and <= 12
            ? new DateOnly(y, m, 1)
            : null;

    private static Dictionary<string, int> Build()
    {
        string[][] forms =
        [
            ["январь", "января", "янв", "january", "jan"],
            ["февраль", "февраля", "фев", "февр", "february", "feb"],
            ["март", "марта", "мар", "march", "mar"],
            ["апрель", "апреля", "апр", "april", "apr"],
            ["май", "мая", "may"],
            ["июнь", "июня", "июн", "june", "jun"],
            ["июль", "июля", "июл", "july", "jul"],
            ["август", "августа", "авг", "august", "aug"],
            ["сентябрь", "сентября", "сен", "сент", "september", "sep", "sept"],
            ["октябрь", "октября", "окт", "october", "oct"],
            ["ноябрь", "ноября", "ноя", "нояб", "november", "nov"],
            ["декабрь", "декабря", "дек", "december", "dec"],
        ];
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < forms.Length; i++)
        {
            foreach (var form in forms[i])
            {
                names[form] = i + 1;
            }
        }

        return names;
    }

    [GeneratedRegex(@"^(?<y>\d{4})\s*[-./]\s*(?<m>\d{1,2})$")]
    private static partial Regex YearMonth();

    [GeneratedRegex(@"^(?<m>\d{1,2})\s*[-./]\s*(?<y>\d{4})$")]
    private static partial Regex MonthYear();

    // 01.12.2026 or 2026-12-01 (a time after it is ignored); not 1/12/2026, which is January in an American Excel.
    [GeneratedRegex(@"^(?:\d{1,2}\.(?<m>\d{1,2})\.(?<y>\d{4})|(?<y>\d{4})-(?<m>\d{1,2})-\d{1,2})(?:[ t]\S.*)?$")]
    private static partial Regex DayMonthYear();

    // декабрь 2026, декабря 2026 г., дек.26, dec-26, december, 2026 (a comma), 1 декабря 2026.
    [GeneratedRegex(@"^(?:\d{1,2}\s+)?(?<n>[a-zа-я]+)\.?[\s\-.,/]*(?<y>\d{4}|\d{2})(?:\s*(?:г|года?)\.?)?$")]
    private static partial Regex NamedMonth();
}
