namespace KpiPlanner.Domain.Payroll;

/// <summary>How a month is shared for a person hired or leaving within it.</summary>
public enum ProrationBasis
{
    /// <summary>Working days of the company's calendar (the Russian default).</summary>
    WorkingDays,

    /// <summary>Calendar days.</summary>
    CalendarDays,
}

/// <summary>
/// The part of a month a person worked: <see cref="Worked"/> of <see cref="Total"/> days of the chosen
/// <see cref="Basis"/>. A full month is <c>Worked == Total</c>.
/// </summary>
public readonly record struct WorkedTime(int Worked, int Total, ProrationBasis Basis)
{
    public bool IsFullMonth => Worked == Total;

    /// <summary>Worked / total, exact (not rounded): the pay line multiplies by it before its one rounding.</summary>
    public decimal Share => Total == 0 ? 0m : IsFullMonth ? 1m : (decimal)Worked / Total;

    /// <summary>
    /// The days worked in <paramref name="month"/> between the hire date and the last working day (both included),
    /// counted by <paramref name="basis"/>.
    /// </summary>
    public static WorkedTime In(DateOnly month, DateOnly hireDate, DateOnly? leaveDate, ProrationBasis basis, WorkCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var first = new DateOnly(month.Year, month.Month, 1);
        var last = first.AddMonths(1).AddDays(-1);
        var from = hireDate > first ? hireDate : first;
        var to = leaveDate is { } leave && leave < last ? leave : last;
        return basis == ProrationBasis.CalendarDays
            ? new WorkedTime(Math.Max(0, to.DayNumber - from.DayNumber + 1), last.Day, basis)
            : new WorkedTime(calendar.WorkingDays(from, to), calendar.WorkingDaysInMonth(first), basis);
    }
}
