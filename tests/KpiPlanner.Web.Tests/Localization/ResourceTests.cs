using System.Collections;
using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;

namespace KpiPlanner.Web.Tests.Localization;

public sealed partial class ResourceTests
{
    private static readonly ResourceManager Resources = new("KpiPlanner.Web.Resources.SharedResource", typeof(SharedResource).Assembly);

    [Fact]
    public void Russian_and_English_resources_have_exactly_the_same_keys()
    {
        var russian = Read(CultureInfo.InvariantCulture);
        var english = Read(CultureInfo.GetCultureInfo("en"));

        Assert.NotEmpty(russian);
        Assert.Empty(russian.Keys.Except(english.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal)); // missing in English
        Assert.Empty(english.Keys.Except(russian.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal)); // missing in Russian
    }

    [Theory]
    [InlineData("")]
    [InlineData("en")]
    public void No_resource_text_is_empty(string culture)
    {
        var texts = Read(CultureInfo.GetCultureInfo(culture));

        Assert.Empty(texts.Where(t => string.IsNullOrWhiteSpace(t.Value)).Select(t => t.Key));
    }

    [Fact]
    public void Both_languages_use_the_same_placeholders_in_each_text()
    {
        var russian = Read(CultureInfo.InvariantCulture);
        var english = Read(CultureInfo.GetCultureInfo("en"));

        var mismatches = russian.Keys.Intersect(english.Keys, StringComparer.Ordinal)
            .Where(key => Placeholders(russian[key]) != Placeholders(english[key]))
            .Select(key => $"{key}: «{russian[key]}» / «{english[key]}»")
            .ToList();

        Assert.Empty(mismatches);
    }

    [Fact]
    public void The_default_texts_are_Russian()
    {
        Assert.Equal("Главная", Resources.GetString("Nav.Home", CultureInfo.InvariantCulture));
        Assert.Equal("Home", Resources.GetString("Nav.Home", CultureInfo.GetCultureInfo("en-US")));
        Assert.Equal("Главная", Resources.GetString("Nav.Home", CultureInfo.GetCultureInfo("ru-RU")));
    }

    private static Dictionary<string, string?> Read(CultureInfo culture)
    {
        var set = Resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false)
            ?? throw new InvalidOperationException($"No resources for the culture «{culture.Name}».");
        return set.Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => e.Value as string, StringComparer.Ordinal);
    }

    private static string Placeholders(string? text) =>
        string.Join(",", PlaceholderPattern().Matches(text ?? string.Empty).Select(m => m.Groups[1].Value).Distinct().Order(StringComparer.Ordinal));

    [GeneratedRegex(@"\{(\d+)[^}]*\}")]
    private static partial Regex PlaceholderPattern();
}
