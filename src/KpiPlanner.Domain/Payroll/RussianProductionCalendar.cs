namespace KpiPlanner.Domain.Payroll;

/// <summary>
/// The official Russian production calendar: the non-working holidays of the Labour Code (art. 112) and the
/// government's yearly transfers of days off. 2025 (decree of 4 Oct 2024 No. 1335: 247 working days) and 2026
/// (decree of 24 Sep 2025 No. 1466: 247 working days) are listed as published; for any other year only the statutory
/// holidays that fall on weekdays are marked, without transfers, and HR should check that year against the decree.
/// </summary>
public static class RussianProductionCalendar
{
    /// <summary>The years whose transfers are known exactly.</summary>
    public static IReadOnlyList<int> PublishedYears { get; } = [2025, 2026];

    /// <summary>The exceptions to the five-day week in <paramref name="year"/>.</summary>
    public static IReadOnlyList<CalendarException> For(int year) => year switch
    {
        2025 =>
        [
            .. Days(2025, 1, 1, 8, "Новогодние каникулы и Рождество"),
            Off(2025, 5, 1, "Праздник Весны и Труда"),
            Off(2025, 5, 2, "перенос с 4 января"),
            Off(2025, 5, 8, "перенос с 5 января"),
            Off(2025, 5, 9, "День Победы"),
            Off(2025, 6, 12, "День России"),
            Off(2025, 6, 13, "перенос с 1 ноября"),
            new CalendarException(new DateOnly(2025, 11, 1), true, "рабочая суббота"),
            Off(2025, 11, 3, "перенос с 1 ноября"),
            Off(2025, 11, 4, "День народного единства"),
            Off(2025, 12, 31, "перенос с 5 января"),
        ],
        2026 =>
        [
            .. Days(2026, 1, 1, 8, "Новогодние каникулы и Рождество"),
            Off(2026, 1, 9, "перенос с 3 января"),
            Off(2026, 2, 23, "День защитника Отечества"),
            Off(2026, 3, 9, "перенос с 8 марта"),
            Off(2026, 5, 1, "Праздник Весны и Труда"),
            Off(2026, 5, 11, "перенос с 9 мая"),
            Off(2026, 6, 12, "День России"),
            Off(2026, 11, 4, "День народного единства"),
            Off(2026, 12, 31, "перенос с 4 января"),
        ],
        _ => Statutory(year).ToList(),
    };

    /// <summary>The calendar of the given years.</summary>
    public static WorkCalendar Calendar(params int[] years) => new(years.SelectMany(For));

    private static IEnumerable<CalendarException> Statutory(int year)
    {
        (int Month, int Day, string Note)[] holidays =
        [
            (1, 1, "Новогодние каникулы"), (1, 2, "Новогодние каникулы"), (1, 3, "Новогодние каникулы"),
            (1, 4, "Новогодние каникулы"), (1, 5, "Новогодние каникулы"), (1, 6, "Новогодние каникулы"),
            (1, 7, "Рождество Христово"), (1, 8, "Новогодние каникулы"), (2, 23, "День защитника Отечества"),
            (3, 8, "Международный женский день"), (5, 1, "Праздник Весны и Труда"), (5, 9, "День Победы"),
            (6, 12, "День России"), (11, 4, "День народного единства"),
        ];
        return holidays
            .Select(h => new DateOnly(year, h.Month, h.Day))
            .Where(d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            .Select(d => new CalendarException(d, false, holidays.First(h => h.Month == d.Month && h.Day == d.Day).Note))
            .ToList();
    }

    private static IEnumerable<CalendarException> Days(int year, int month, int first, int last, string note) =>
        Enumerable.Range(first, last - first + 1)
            .Select(d => new DateOnly(year, month, d))
            .Where(d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            .Select(d => new CalendarException(d, false, note));

    private static CalendarException Off(int year, int month, int day, string note) => new(new DateOnly(year, month, day), false, note);
}
