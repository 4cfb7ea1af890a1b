using System.Globalization;
using KpiPlanner.Domain.Planning;
using Microsoft.Extensions.Time.Testing;

namespace KpiPlanner.Testing;

/// <summary>
/// The one "today" of a test run. Every test that depends on the date reads it from here, and the app under test runs
/// on a <see cref="FakeTimeProvider"/> set to it — never on the wall clock. By default it is the day the run starts;
/// <c>KPI_TEST_TODAY=yyyy-MM-dd</c> moves it, so the whole suite can be run as if on any date (a month end, a year
/// boundary, 29 February). The pinned moment is 10:00 UTC of that day: well inside the day in any time zone Russia uses.
/// </summary>
public static class TestClock
{
    public const string Variable = "KPI_TEST_TODAY";

    /// <summary>The test run's today.</summary>
    public static DateOnly Today { get; } = Read();

    /// <summary>The pinned moment the app's clock starts from: 10:00 UTC on <see cref="Today"/>.</summary>
    public static DateTimeOffset Now => new(Today.ToDateTime(new TimeOnly(10, 0)), TimeSpan.Zero);

    /// <summary>The first day of today's month.</summary>
    public static DateOnly ThisMonth => Period.FirstDay(Today);

    public static DateOnly LastMonth => ThisMonth.AddMonths(-1);

    public static DateOnly NextMonth => ThisMonth.AddMonths(1);

    /// <summary>
    /// A clock for one app host: it starts at <see cref="Now"/> and ticks one millisecond each time it is read, so that
    /// what happens later is stamped later (a fact typed after a calculation makes it stale) while the day stays put.
    /// </summary>
    public static FakeTimeProvider CreateProvider()
    {
        var clock = new FakeTimeProvider(Now) { AutoAdvanceAmount = TimeSpan.FromMilliseconds(1) };
        clock.SetLocalTimeZone(TimeZoneInfo.Utc);
        return clock;
    }

    /// <summary>
    /// A clock for an app that a real browser drives: it starts at <see cref="Now"/> and runs at the wall clock's speed,
    /// with real timers (MudBlazor's input debouncing waits on the app's clock; a clock that stands still would never
    /// let a search box fire). The date is pinned all the same.
    /// </summary>
    public static TimeProvider CreateRunningProvider() => new RunningClock(Now);

    private sealed class RunningClock(DateTimeOffset start) : TimeProvider
    {
        private readonly long started = System.GetTimestamp();

        public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

        public override DateTimeOffset GetUtcNow() => start + System.GetElapsedTime(started);
    }

    private static DateOnly Read()
    {
        var text = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(text))
        {
            // The run's start, read once, through the same abstraction the app uses.
            return DateOnly.FromDateTime(TimeProvider.System.GetLocalNow().DateTime);
        }

        return DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : throw new InvalidOperationException($"{Variable}='{text}' is not a date: write it as yyyy-MM-dd, e.g. 2027-01-01.");
    }
}
