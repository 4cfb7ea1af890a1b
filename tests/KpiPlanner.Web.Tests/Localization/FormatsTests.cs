using KpiPlanner.Web.Localization;

namespace KpiPlanner.Web.Tests.Localization;

public sealed class FormatsTests
{
    private static readonly System.Globalization.CultureInfo Ru = AppCultures.RussianCulture;
    private static readonly System.Globalization.CultureInfo En = AppCultures.EnglishCulture;

    [Fact]
    public void Russian_money_groups_by_narrow_no_break_spaces_with_a_comma_and_the_rouble_sign_after()
    {
        var text = Formats.Money(1_234_567.89m, Ru);

        // A no-break space before the sign keeps it on the line of its figure.
        Assert.Equal("1\u202F234\u202F567,89\u00A0₽", text);
    }

    [Fact]
    public void English_money_puts_the_rouble_sign_first_and_groups_by_commas()
    {
        Assert.Equal("₽1,234,567.89", Formats.Money(1_234_567.89m, En));
    }

    [Fact]
    public void A_percent_has_one_decimal_by_default_in_both_languages()
    {
        Assert.Equal("94,3\u00A0%", Formats.Percent(94.2857m, culture: Ru));
        Assert.Equal("94.3%", Formats.Percent(94.2857m, culture: En));
    }

    [Fact]
    public void Large_numbers_are_grouped_the_Russian_way()
    {
        Assert.Equal("12\u202F345", Formats.Number(12_345m, culture: Ru));
        Assert.Equal("12,345", Formats.Number(12_345m, culture: En));
    }

    [Fact]
    public void Dates_are_day_month_year_in_Russian_and_unambiguous_in_English()
    {
        var date = new DateOnly(2026, 6, 1);

        Assert.Equal("01.06.2026", Formats.Date(date, Ru));
        Assert.Equal("1 Jun 2026", Formats.Date(date, En));
    }

    [Fact]
    public void A_month_is_named_in_the_nominative()
    {
        var month = new DateOnly(2026, 6, 1);

        Assert.Equal("июнь 2026", Formats.Month(month, Ru));
        Assert.Equal("June 2026", Formats.Month(month, En));
    }

    [Fact]
    public void Without_a_culture_the_current_one_is_used()
    {
        var previous = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = Ru;
            Assert.Equal("01.06.2026", Formats.Date(new DateOnly(2026, 6, 1)));
            System.Globalization.CultureInfo.CurrentCulture = En;
            Assert.Equal("1 Jun 2026", Formats.Date(new DateOnly(2026, 6, 1)));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = previous;
        }
    }

    [Theory]
    [InlineData("ru-RU", "1\u202F234,5", "1234.5")]
    [InlineData("ru-RU", "1 234,5", "1234.5")]
    [InlineData("ru-RU", "1234.5", "1234.5")]
    [InlineData("en-US", "1,234.5", "1234.5")]
    [InlineData("en-US", "200,000", "200000")]
    [InlineData("en-US", "1234.5", "1234.5")]
    public void What_the_app_shows_and_what_people_type_reads_back_as_the_same_number(string culture, string text, string expected)
    {
        var c = culture == "ru-RU" ? Ru : En;

        Assert.True(Formats.TryParseDecimal(text, out var value, c));
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), value);
        Assert.True(Formats.TryParseDecimal(Formats.Plain(value!.Value, 4, c), out var again, c));
        Assert.Equal(value, again);
    }

    [Theory]
    [InlineData("4 5")]
    [InlineData("12 34")]
    [InlineData("1 2345")]
    [InlineData("1234 567")]
    [InlineData("1 234,5 6")]
    public void A_space_that_is_not_a_group_separator_is_refused_not_read_as_one_number(string text)
    {
        Assert.False(Formats.TryParseDecimal(text, out _, Ru));
        Assert.False(Formats.TryParseDecimal(text, out _, En));
    }

    [Theory]
    [InlineData(" 350 000 ", "350000")]
    [InlineData("-1 234 567,5", "-1234567.5")]
    [InlineData("12\u00A0345", "12345")]
    public void Spaces_between_groups_of_three_digits_are_group_separators(string text, string expected)
    {
        Assert.True(Formats.TryParseDecimal(System.Text.RegularExpressions.Regex.Unescape(text), out var value, Ru));
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), value);
    }

    [Fact]
    public void Text_that_is_not_a_number_is_refused_in_both_languages()
    {
        Assert.False(Formats.TryParseDecimal("сто тысяч", out _, Ru));
        Assert.False(Formats.TryParseDecimal("a lot", out _, En));
    }
}
