using KpiPlanner.Domain.Payroll;

namespace KpiPlanner.Domain.Tests.Payroll;

public class WorkCalendarTests
{
    // The published month totals of the Russian production calendar (consultant.ru, "Производственный календарь").
    [Theory]
    [InlineData(2025, new[] { 17, 20, 21, 22, 18, 19, 23, 21, 22, 23, 19, 22 })]
    [InlineData(2026, new[] { 15, 19, 21, 22, 19, 21, 23, 21, 22, 22, 20, 22 })]
    public void Russian_calendar_has_the_published_working_days_per_month(int year, int[] expected)
    {
        var calendar = RussianProductionCalendar.Calendar(year);
        var actual = Enumerable.Range(1, 12).Select(m => calendar.WorkingDaysInMonth(new DateOnly(year, m, 1))).ToArray();
        Assert.Equal(expected, actual);
        Assert.Equal(247, actual.Sum());
    }

    [Fact]
    public void A_working_saturday_counts_and_a_transferred_day_off_does_not()
    {
        var calendar = RussianProductionCalendar.Calendar(2025);
        Assert.True(calendar.IsWorkingDay(new DateOnly(2025, 11, 1)));   // Saturday, worked
        Assert.False(calendar.IsWorkingDay(new DateOnly(2025, 11, 3)));  // Monday, day off
        Assert.True(calendar.IsWorkingDay(new DateOnly(2025, 11, 5)));
    }

    [Fact]
    public void Unpublished_years_mark_the_statutory_holidays_on_weekdays_only()
    {
        var exceptions = RussianProductionCalendar.For(2030);
        Assert.All(exceptions, e => Assert.False(e.IsWorking));
        Assert.DoesNotContain(exceptions, e => e.Date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday);
        Assert.Contains(exceptions, e => e.Date == new DateOnly(2030, 6, 12)); // a Wednesday
    }

    [Fact]
    public void Five_day_week_counts_weekdays()
    {
        Assert.Equal(23, WorkCalendar.FiveDayWeek.WorkingDaysInMonth(new DateOnly(2026, 7, 1)));
        Assert.Equal(0, WorkCalendar.FiveDayWeek.WorkingDays(new DateOnly(2026, 7, 10), new DateOnly(2026, 7, 9)));
    }

    [Fact]
    public void Worked_time_of_a_hire_in_january_2026_counts_working_days_from_the_hire_date()
    {
        var calendar = RussianProductionCalendar.Calendar(2026);
        // Hired Monday 19 January: 19–30 January are 10 working days of January's 15.
        var worked = WorkedTime.In(new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 19), null, ProrationBasis.WorkingDays, calendar);
        Assert.Equal(new WorkedTime(10, 15, ProrationBasis.WorkingDays), worked);
        Assert.Equal(10m / 15m, worked.Share);
    }

    [Fact]
    public void Worked_time_of_a_leaver_by_calendar_days()
    {
        var worked = WorkedTime.In(new DateOnly(2026, 6, 1), new DateOnly(2020, 1, 1), new DateOnly(2026, 6, 10),
            ProrationBasis.CalendarDays, WorkCalendar.FiveDayWeek);
        Assert.Equal(new WorkedTime(10, 30, ProrationBasis.CalendarDays), worked);
    }

    [Fact]
    public void A_whole_month_is_share_one_exactly()
    {
        var worked = WorkedTime.In(new DateOnly(2026, 3, 1), new DateOnly(2020, 1, 1), null, ProrationBasis.WorkingDays,
            RussianProductionCalendar.Calendar(2026));
        Assert.True(worked.IsFullMonth);
        Assert.Equal(1m, worked.Share);
    }
}
