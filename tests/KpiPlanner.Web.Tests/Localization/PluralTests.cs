using System.Globalization;
using KpiPlanner.Web.Localization;

namespace KpiPlanner.Web.Tests.Localization;

/// <summary>Plural forms through resources: the category picks the key (1 день, 2 дня, 5 дней, 2,5 дня; 1 day, 2 days).</summary>
public class PluralTests
{
    [Theory]
    [InlineData("1", "One")]
    [InlineData("21", "One")]
    [InlineData("101", "One")]
    [InlineData("11", "Many")]
    [InlineData("111", "Many")]
    [InlineData("2", "Few")]
    [InlineData("4", "Few")]
    [InlineData("22", "Few")]
    [InlineData("12", "Many")]
    [InlineData("14", "Many")]
    [InlineData("5", "Many")]
    [InlineData("0", "Many")]
    [InlineData("-1", "One")]
    [InlineData("2.5", "Other")]
    public void Russian_has_one_few_many_and_a_form_for_fractions(string count, string category) =>
        Assert.Equal(category, Plural.Category(decimal.Parse(count, CultureInfo.InvariantCulture), AppCultures.RussianCulture));

    [Theory]
    [InlineData("1", "One")]
    [InlineData("-1", "One")]
    [InlineData("0", "Other")]
    [InlineData("2", "Other")]
    [InlineData("21", "Other")]
    [InlineData("1.5", "Other")]
    public void English_has_one_and_other(string count, string category) =>
        Assert.Equal(category, Plural.Category(decimal.Parse(count, CultureInfo.InvariantCulture), AppCultures.EnglishCulture));
}
