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
}
