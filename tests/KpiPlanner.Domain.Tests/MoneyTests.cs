namespace KpiPlanner.Domain.Tests;

public class MoneyTests
{
    [Theory]
    [InlineData("0.125", "0.13")]     // banker's rounding would give 0.12
    [InlineData("0.145", "0.15")]     // banker's rounding would give 0.14
    [InlineData("2.675", "2.68")]     // as a double 2.675 is 2.67499999…, which rounds to 2.67
    [InlineData("1.005", "1.01")]     // as a double 1.005 is 1.00499999…, which rounds to 1.00
    [InlineData("7500.025", "7500.03")]
    [InlineData("-0.125", "-0.13")]   // a negative half goes away from zero
    [InlineData("-2.675", "-2.68")]
    [InlineData("0.124999", "0.12")]
    [InlineData("26250", "26250")]
    public void Money_rounds_to_kopecks_half_away_from_zero(string amount, string expected) =>
        Assert.Equal(Build.D(expected), Money.Round(Build.D(amount)));

    [Fact]
    public void Binary_floating_point_and_bankers_rounding_would_lose_a_kopeck_where_the_rule_does_not()
    {
        Assert.True(1.005 * 100 < 100.5);                 // the double nearest 1.005 lies below it: 1.00
        Assert.Equal(0.12m, Math.Round(0.125m, 2));       // .NET's default is banker's rounding (to even)
        Assert.Equal(1.01m, Money.Round(1.005m));
        Assert.Equal(0.13m, Money.Round(0.125m));
    }

    [Theory]
    [InlineData("9999999999999999.99", true)]
    [InlineData("-9999999999999999.99", true)]
    [InlineData("10000000000000000", false)]
    [InlineData("-10000000000000000.00", false)]
    public void Money_range_is_what_numeric_18_2_holds(string amount, bool inRange) =>
        Assert.Equal(inRange, Money.IsInRange(Build.D(amount)));

    [Theory]
    [InlineData("15000", true)]
    [InlineData("15000.50", true)]
    [InlineData("15000.505", false)]
    public void An_amount_is_whole_kopecks_with_at_most_two_decimals(string amount, bool whole) =>
        Assert.Equal(whole, Money.IsWholeKopecks(Build.D(amount)));
}
