namespace KpiPlanner.Domain.Payroll;

/// <summary>
/// One day that differs from the usual week: a holiday or a transferred day off on a weekday
/// (<see cref="IsWorking"/> false), or a working Saturday/Sunday (<see cref="IsWorking"/> true).
/// </summary>
/// <param name="Date">The day.</param>
/// <param name="IsWorking">True for a working weekend day, false for a day off on a weekday.</param>
/// <param name="Note">Why ("Новогодние каникулы", "перенос с 4 января").</param>
public sealed record CalendarException(DateOnly Date, bool IsWorking, string? Note = null);

/// <summary>
/// The company's working-day calendar (производственный календарь): Monday to Friday are working days, Saturday and
/// Sunday are not, except for the listed <see cref="CalendarException"/>s. Hires and leavers within a month are
/// prorated by its working days (domain.md §6). HR can edit the exceptions; <see cref="RussianProductionCalendar"/>
/// supplies the official ones.
/// </summary>
public sealed class WorkCalendar
{
    private readonly Dictionary<DateOnly, bool> _exceptions;

    public WorkCalendar(IEnumerable<CalendarException> exceptions)
    {
        ArgumentNullException.ThrowIfNull(exceptions);
        _exceptions = new Dictionary<DateOnly, bool>();
        foreach (var exception in exceptions)
        {
            _exceptions[exception.Date] = exception.IsWorking;
        }
    }

    /// <summary>The plain five-day week, no holidays.</summary>
    public static WorkCalendar FiveDayWeek { get; } = new([]);

    public bool IsWorkingDay(DateOnly day) =>
        _exceptions.TryGetValue(day, out var working)
            ? working
            : day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);

    /// <summary>The working days from <paramref name="from"/> to <paramref name="to"/>, both included; 0 when reversed.</summary>
    public int WorkingDays(DateOnly from, DateOnly to)
    {
        var count = 0;
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            if (IsWorkingDay(day))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>The working days of the month that <paramref name="month"/> falls in.</summary>
    public int WorkingDaysInMonth(DateOnly month)
    {
        var first = new DateOnly(month.Year, month.Month, 1);
        return WorkingDays(first, first.AddMonths(1).AddDays(-1));
    }
}
