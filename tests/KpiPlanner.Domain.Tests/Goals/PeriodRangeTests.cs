using KpiPlanner.Domain.Goals;

namespace KpiPlanner.Domain.Tests.Goals;

public class PeriodRangeTests
{
    private static PeriodRange P(string key) => PeriodRange.TryParse(key).GetValueOrThrow();

    [Theory]
    [InlineData("2026-06", "июнь 2026", "June 2026")]
    [InlineData("2026-01", "январь 2026", "January 2026")]
    [InlineData("2026-Q2", "II квартал 2026", "Q2 2026")]
    [InlineData("2026-H1", "I полугодие 2026", "H1 2026")]
    [InlineData("2026", "2026 год", "2026")]
    public void Labels_read_naturally_in_russian_and_english(string key, string ru, string en)
    {
        Assert.Equal(ru, P(key).Label(Build.Ru));
        Assert.Equal(en, P(key).Label(Build.En));
    }

    [Theory]
    [InlineData("2026-06")]
    [InlineData("2026-Q4")]
    [InlineData("2026-H2")]
    [InlineData("2026")]
    public void Keys_round_trip(string key) => Assert.Equal(key, P(key).ToString());

    [Theory]
    [InlineData("2026-13")]
    [InlineData("2026-Q5")]
    [InlineData("2026-H3")]
    [InlineData("26-06")]
    [InlineData("июнь")]
    [InlineData("")]
    [InlineData(null)]
    public void Bad_keys_are_refused(string? key) =>
        Assert.Equal(GoalErrors.PeriodInvalid, Assert.Single(PeriodRange.TryParse(key).Errors).Code);

    [Fact]
    public void Lowercase_q_and_h_are_accepted() => Assert.Equal(PeriodRange.Quarter(2026, 2), P("2026-q2"));

    [Theory]
    [InlineData("2026", 12, "2026-01", "2026-12")]
    [InlineData("2026-H2", 6, "2026-07", "2026-12")]
    [InlineData("2026-Q2", 3, "2026-04", "2026-06")]
    [InlineData("2026-06", 1, "2026-06", "2026-06")]
    public void Months_of_a_period(string key, int count, string first, string last)
    {
        var months = P(key).Months;
        Assert.Equal(count, months.Count);
        Assert.Equal(first, months[0].ToString());
        Assert.Equal(last, months[^1].ToString());
    }

    [Fact]
    public void A_year_goes_down_to_half_years_quarters_and_months()
    {
        var year = PeriodRange.CalendarYear(2026);
        Assert.Equal(["2026-H1", "2026-H2"], year.Children.Select(p => p.ToString()));
        Assert.Equal(["2026-Q3", "2026-Q4"], P("2026-H2").Children.Select(p => p.ToString()));
        Assert.Equal(["2026-04", "2026-05", "2026-06"], P("2026-Q2").Children.Select(p => p.ToString()));
        Assert.Empty(P("2026-06").Children);
        Assert.Equal(4, year.PartsOf(PeriodKind.Quarter).Count);
    }

    [Theory]
    [InlineData("2026-Q2", "2026-06", true)]
    [InlineData("2026-Q2", "2026-07", false)]
    [InlineData("2026-H1", "2026-Q2", true)]
    [InlineData("2026", "2026-H2", true)]
    [InlineData("2026", "2025-12", false)]
    [InlineData("2026-06", "2026-Q2", false)]
    [InlineData("2026-06", "2026-06", true)]
    public void Contains_is_wholly_inside(string outer, string inner, bool expected) =>
        Assert.Equal(expected, P(outer).Contains(P(inner)));

    [Fact]
    public void Enclosing_same_last_year_previous_and_next()
    {
        var june = PeriodRange.Month(2026, 6);
        Assert.Equal(P("2026-Q2"), june.Enclosing(PeriodKind.Quarter));
        Assert.Equal(P("2026-H1"), june.Enclosing(PeriodKind.HalfYear));
        Assert.Equal(P("2025-06"), june.SameLastYear);
        Assert.Equal(P("2025-Q4"), P("2026-Q1").Previous);
        Assert.Equal(P("2027-01"), P("2026-12").Next);
        Assert.Equal(PeriodRange.Quarter(2026, 3), PeriodRange.Containing(new DateOnly(2026, 8, 15), PeriodKind.Quarter));
        Assert.True(june.Contains(new DateOnly(2026, 6, 30)));
        Assert.False(june.Contains(new DateOnly(2026, 7, 1)));
    }

    [Theory]
    [InlineData("2024-02", 29)]
    [InlineData("2026-02", 28)]
    [InlineData("2026-06", 30)]
    [InlineData("2024", 366)]
    [InlineData("2026", 365)]
    public void Days_are_calendar_days(string key, int days) => Assert.Equal(days, P(key).Days);

    [Fact]
    public void Periods_order_by_start_then_length()
    {
        PeriodRange[] periods = [P("2026"), P("2026-Q1"), P("2026-01"), P("2025-12")];
        Assert.Equal(["2025-12", "2026-01", "2026-Q1", "2026"], periods.Order().Select(p => p.ToString()));
    }
}
