using KpiPlanner.Domain.Goals;
using KpiPlanner.Domain.Planning;

namespace KpiPlanner.Domain.Tests.Planning;

/// <summary>
/// Months and periods read from text are held to one range, 2000-01 to 2100-12: year 1 or 9999 is a bad month like
/// 2026-13, so no caller ever works out a neighbour of a date at the edge of the calendar.
/// </summary>
public class SupportedMonthsTests
{
    [Theory]
    [InlineData("2000-01", 2000, 1)]
    [InlineData("2026-06", 2026, 6)]
    [InlineData("2100-12", 2100, 12)]
    public void Months_inside_the_range_parse(string text, int year, int month) =>
        Assert.Equal(new DateOnly(year, month, 1), Period.ParseMonth(text));

    [Theory]
    [InlineData("9999-12")]
    [InlineData("0001-01")]
    [InlineData("1999-12")]
    [InlineData("2101-01")]
    [InlineData("2026-13")]
    [InlineData("0002")]
    [InlineData("")]
    [InlineData(null)]
    public void Months_outside_the_range_are_bad_months(string? text) => Assert.Null(Period.ParseMonth(text));

    [Theory]
    [InlineData("2000-01")]
    [InlineData("2000")]
    [InlineData("2000-Q1")]
    [InlineData("2100-H2")]
    [InlineData("2100-12")]
    [InlineData("2100")]
    public void Periods_inside_the_range_parse(string key) => Assert.Equal(key, PeriodRange.TryParse(key).GetValueOrThrow().ToString());

    [Theory]
    [InlineData("0002")]
    [InlineData("0002-Q1")]
    [InlineData("0001-01")]
    [InlineData("9999-12")]
    [InlineData("9998")]
    [InlineData("1999-H2")]
    [InlineData("2101")]
    [InlineData("2101-01")]
    public void Periods_outside_the_range_are_refused_naming_the_range(string key)
    {
        var error = Assert.Single(PeriodRange.TryParse(key).Errors);

        Assert.Equal(GoalErrors.PeriodInvalid, error.Code);
        Assert.Contains("from 2000 to 2100", error.Message, StringComparison.Ordinal);
        Assert.Equal("2000", error.Args["first"]);
        Assert.Equal("2100", error.Args["last"]);
    }

    [Fact]
    public void The_edges_of_the_range_still_have_neighbours()
    {
        // Last year of the first month and the month after the last are worked out by dashboards and splits.
        var first = PeriodRange.TryParse("2000-01").GetValueOrThrow();
        var last = PeriodRange.TryParse("2100").GetValueOrThrow();

        Assert.Equal("1999-01", first.SameLastYear.ToString());
        Assert.Equal("1999-12", first.Previous.ToString());
        Assert.Equal("2101", last.Next.ToString());
        Assert.Equal(SupportedMonths.First, Period.ParseMonth(SupportedMonths.FirstKey));
        Assert.Equal(SupportedMonths.Last, Period.ParseMonth(SupportedMonths.LastKey));
    }
}
