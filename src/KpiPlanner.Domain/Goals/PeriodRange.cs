using System.Globalization;
using KpiPlanner.Domain.Planning;
using KpiPlanner.Domain.Validation;

namespace KpiPlanner.Domain.Goals;

/// <summary>The levels results are read at (domain.md §3): month, quarter, half-year, year.</summary>
public enum PeriodKind
{
    /// <summary>A calendar month: the level plans and facts are entered at.</summary>
    Month,
    /// <summary>Three months: January–March is the 1st quarter.</summary>
    Quarter,
    /// <summary>Six months: January–June is the 1st half-year.</summary>
    HalfYear,
    /// <summary>A calendar year.</summary>
    Year,
}

/// <summary>
/// A calendar period a goal is set for and results are read for: a month, quarter, half-year or year.
/// (Named <c>PeriodRange</c> so it does not clash with the monthly cycle's <c>Planning.Period</c> entity.)
/// <para>
/// <see cref="Number"/> counts within the year from 1: month 1–12, quarter 1–4, half-year 1–2, and 1 for a year.
/// The key (<see cref="ToString"/>, <see cref="TryParse"/>) is <c>2026-06</c>, <c>2026-Q2</c>, <c>2026-H1</c> or
/// <c>2026</c>. Periods order by start, then by length (a month before the quarter that starts with it).
/// </para>
/// </summary>
public sealed record PeriodRange : IComparable<PeriodRange>
{
    private static readonly string[] RuMonths =
    [
        "январь", "февраль", "март", "апрель", "май", "июнь",
        "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь",
    ];

    private static readonly string[] EnMonths =
    [
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ];

    private static readonly string[] Roman = ["I", "II", "III", "IV"];

    private PeriodRange(PeriodKind kind, int year, int number)
    {
        Kind = kind;
        Year = year;
        Number = number;
    }

    /// <summary>Month, quarter, half-year or year.</summary>
    public PeriodKind Kind { get; }

    /// <summary>The calendar year.</summary>
    public int Year { get; }

    /// <summary>1-based number within the year (month 1–12, quarter 1–4, half-year 1–2, year 1).</summary>
    public int Number { get; }

    /// <summary>A month; throws for a month outside 1–12 or a year outside 2–9998.</summary>
    public static PeriodRange Month(int year, int month) => Create(PeriodKind.Month, year, month);

    /// <summary>A quarter 1–4.</summary>
    public static PeriodRange Quarter(int year, int quarter) => Create(PeriodKind.Quarter, year, quarter);

    /// <summary>A half-year 1–2.</summary>
    public static PeriodRange HalfYear(int year, int half) => Create(PeriodKind.HalfYear, year, half);

    /// <summary>A calendar year.</summary>
    public static PeriodRange CalendarYear(int year) => Create(PeriodKind.Year, year, 1);

    /// <summary>The month a day falls in.</summary>
    public static PeriodRange OfMonth(DateOnly day) => Month(day.Year, day.Month);

    /// <summary>The period of <paramref name="kind"/> that contains <paramref name="day"/>.</summary>
    public static PeriodRange Containing(DateOnly day, PeriodKind kind) => OfMonth(day).Enclosing(kind);

    /// <summary>Months in a period of this kind.</summary>
    public static int MonthsIn(PeriodKind kind) => kind switch
    {
        PeriodKind.Month => 1,
        PeriodKind.Quarter => 3,
        PeriodKind.HalfYear => 6,
        PeriodKind.Year => 12,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>The first day.</summary>
    public DateOnly Start => new(Year, FirstMonth, 1);

    /// <summary>The last day (inclusive).</summary>
    public DateOnly End => Start.AddMonths(MonthCount).AddDays(-1);

    /// <summary>Calendar days: 30 for June, 28 or 29 for February, 365 or 366 for a year. <c>days(period)</c> in formulas.</summary>
    public int Days => End.DayNumber - Start.DayNumber + 1;

    /// <summary>How many months the period spans.</summary>
    public int MonthCount => MonthsIn(Kind);

    /// <summary>The first month's number (1–12).</summary>
    public int FirstMonth => ((Number - 1) * MonthCount) + 1;

    /// <summary>The months of the period, in order (a month is its own only month).</summary>
    public IReadOnlyList<PeriodRange> Months =>
        Enumerable.Range(FirstMonth, MonthCount).Select(m => Month(Year, m)).ToArray();

    /// <summary>The days of the period, in order.</summary>
    public IReadOnlyList<DateOnly> Dates =>
        Enumerable.Range(0, Days).Select(i => Start.AddDays(i)).ToArray();

    /// <summary>
    /// The next level down: a year's 2 half-years, a half-year's 2 quarters, a quarter's 3 months; empty for a month.
    /// </summary>
    public IReadOnlyList<PeriodRange> Children => Kind switch
    {
        PeriodKind.Year => [HalfYear(Year, 1), HalfYear(Year, 2)],
        PeriodKind.HalfYear => [Quarter(Year, (2 * Number) - 1), Quarter(Year, 2 * Number)],
        PeriodKind.Quarter => Months,
        PeriodKind.Month => [],
        _ => throw new ArgumentOutOfRangeException(nameof(Kind)),
    };

    /// <summary>The periods of <paramref name="kind"/> inside this one (a year's 4 quarters); itself for its own kind.</summary>
    public IReadOnlyList<PeriodRange> PartsOf(PeriodKind kind)
    {
        if (kind > Kind)
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "A period has no parts of a longer kind.");
        }

        var size = MonthsIn(kind);
        return Enumerable.Range(0, MonthCount / size)
            .Select(i => Create(kind, Year, ((FirstMonth - 1) / size) + 1 + i))
            .ToArray();
    }

    /// <summary>The period of <paramref name="kind"/> (same or longer) that contains this one: June → Q2 → H1 → 2026.</summary>
    public PeriodRange Enclosing(PeriodKind kind)
    {
        if (kind < Kind)
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "A period is not inside a shorter kind.");
        }

        return Create(kind, Year, ((FirstMonth - 1) / MonthsIn(kind)) + 1);
    }

    /// <summary>True when <paramref name="other"/> lies wholly inside this period (a period contains itself).</summary>
    public bool Contains(PeriodRange other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return other.Start >= Start && other.End <= End;
    }

    /// <summary>True when the day lies inside the period.</summary>
    public bool Contains(DateOnly day) => day >= Start && day <= End;

    /// <summary>The same period of the previous year (year-over-year, seasonality).</summary>
    public PeriodRange SameLastYear => Create(Kind, Year - 1, Number);

    /// <summary>The period of the same kind just before (May for June, Q4 2025 for Q1 2026).</summary>
    public PeriodRange Previous =>
        Number > 1 ? Create(Kind, Year, Number - 1) : Create(Kind, Year - 1, 12 / MonthCount);

    /// <summary>The period of the same kind just after.</summary>
    public PeriodRange Next =>
        Number < 12 / MonthCount ? Create(Kind, Year, Number + 1) : Create(Kind, Year + 1, 1);

    /// <summary>
    /// The label people read: ru «июнь 2026», «II квартал 2026», «I полугодие 2026», «2026 год»;
    /// en "June 2026", "Q2 2026", "H1 2026", "2026". Russian for a Russian culture, English otherwise.
    /// </summary>
    public string Label(CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        var ru = culture.TwoLetterISOLanguageName == "ru";
        var year = Year.ToString(CultureInfo.InvariantCulture);
        return (Kind, ru) switch
        {
            (PeriodKind.Month, true) => RuMonths[Number - 1] + " " + year,
            (PeriodKind.Month, false) => EnMonths[Number - 1] + " " + year,
            (PeriodKind.Quarter, true) => Roman[Number - 1] + " квартал " + year,
            (PeriodKind.Quarter, false) => "Q" + Number.ToString(CultureInfo.InvariantCulture) + " " + year,
            (PeriodKind.HalfYear, true) => Roman[Number - 1] + " полугодие " + year,
            (PeriodKind.HalfYear, false) => "H" + Number.ToString(CultureInfo.InvariantCulture) + " " + year,
            (PeriodKind.Year, true) => year + " год",
            (PeriodKind.Year, false) => year,
            _ => throw new ArgumentOutOfRangeException(nameof(culture)),
        };
    }

    /// <summary>The key: <c>2026-06</c>, <c>2026-Q2</c>, <c>2026-H1</c>, <c>2026</c>.</summary>
    public override string ToString()
    {
        var year = Year.ToString("D4", CultureInfo.InvariantCulture);
        var number = Number.ToString(CultureInfo.InvariantCulture);
        return Kind switch
        {
            PeriodKind.Month => year + "-" + Number.ToString("D2", CultureInfo.InvariantCulture),
            PeriodKind.Quarter => year + "-Q" + number,
            PeriodKind.HalfYear => year + "-H" + number,
            PeriodKind.Year => year,
            _ => throw new ArgumentOutOfRangeException(nameof(Kind)),
        };
    }

    /// <summary>
    /// Reads a key (<c>2026-06</c>, <c>2026-Q2</c>, <c>2026-H1</c>, <c>2026</c>; Q and H in either case) of a year in
    /// <see cref="SupportedMonths"/> (2000 to 2100): <c>0002-Q1</c> or <c>9999</c> is refused like <c>2026-13</c>.
    /// </summary>
    public static Result<PeriodRange> TryParse(string? text, string path = "period")
    {
        var value = text?.Trim() ?? string.Empty;
        var parsed = Read(value);
        return parsed is null
            ? Result<PeriodRange>.Failure(GoalErrors.Create(GoalErrors.PeriodInvalid, path, ("value", value),
                ("first", SupportedMonths.FirstYear.ToString(CultureInfo.InvariantCulture)),
                ("last", SupportedMonths.LastYear.ToString(CultureInfo.InvariantCulture))))
            : Result<PeriodRange>.Success(parsed);
    }

    /// <inheritdoc/>
    public int CompareTo(PeriodRange? other)
    {
        if (other is null)
        {
            return 1;
        }

        var byStart = Start.CompareTo(other.Start);
        return byStart != 0 ? byStart : Kind.CompareTo(other.Kind);
    }

    private static PeriodRange? Read(string value)
    {
        static bool Int(string s, out int n) =>
            int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out n);

        if (value.Length == 4 && Int(value, out var y) && SupportedMonths.ContainsYear(y))
        {
            return CalendarYear(y);
        }

        if (value.Length < 6 || value[4] != '-' || !Int(value[..4], out var year) || !SupportedMonths.ContainsYear(year))
        {
            return null;
        }

        var rest = value[5..];
        if (rest.Length == 2 && Int(rest, out var month) && month is >= 1 and <= 12)
        {
            return Month(year, month);
        }

        if (rest.Length == 2 && Int(rest[1..], out var n))
        {
            return char.ToUpperInvariant(rest[0]) switch
            {
                'Q' when n is >= 1 and <= 4 => Quarter(year, n),
                'H' when n is >= 1 and <= 2 => HalfYear(year, n),
                _ => null,
            };
        }

        return null;
    }

    private static bool InYears(int year) => year is >= 2 and <= 9998;

    private static PeriodRange Create(PeriodKind kind, int year, int number)
    {
        if (!InYears(year))
        {
            throw new ArgumentOutOfRangeException(nameof(year), year, "A year from 2 to 9998.");
        }

        if (number < 1 || number > 12 / MonthsIn(kind))
        {
            throw new ArgumentOutOfRangeException(nameof(number), number, "Out of range for " + kind + ".");
        }

        return new PeriodRange(kind, year, number);
    }
}
