using System.Globalization;

namespace KpiPlanner.Domain.Planning;

/// <summary>
/// The months the app accepts from people and other systems: 2000-01 to 2100-12. Every month or period read from text —
/// <see cref="Period.ParseMonth"/> (<c>2026-06</c>) and <c>PeriodRange.TryParse</c> (<c>2026-Q2</c>, <c>2026</c>) —
/// is checked against this one range, so an address, a query or an API route naming year 1 or 9999 is a bad month like
/// <c>2026-13</c>, never a date that overflows when its neighbours (last year, the 24-month trend, the month's end) are
/// worked out. Dates computed inside the domain may step outside it (the year before 2000-01); only input is held to it.
/// </summary>
public static class SupportedMonths
{
    /// <summary>The first year accepted.</summary>
    public const int FirstYear = 2000;

    /// <summary>The last year accepted.</summary>
    public const int LastYear = 2100;

    /// <summary>The first month accepted: 1 January 2000.</summary>
    public static DateOnly First { get; } = new(FirstYear, 1, 1);

    /// <summary>The last month accepted: 1 December 2100.</summary>
    public static DateOnly Last { get; } = new(LastYear, 12, 1);

    /// <summary>"2000-01", for messages that name the range.</summary>
    public static string FirstKey => First.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>"2100-12", for messages that name the range.</summary>
    public static string LastKey => Last.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>True for a year from <see cref="FirstYear"/> to <see cref="LastYear"/>.</summary>
    public static bool ContainsYear(int year) => year is >= FirstYear and <= LastYear;

    /// <summary>True when the day falls in a supported month.</summary>
    public static bool Contains(DateOnly day) => ContainsYear(day.Year);
}
