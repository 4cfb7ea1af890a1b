using System.Collections;
using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using KpiPlanner.Web;

namespace KpiPlanner.IntegrationTests;

/// <summary>The Planning texts (splits in time, roll-up rules, year over year) exist in Russian (the default) and English with the same keys and placeholders.</summary>
public sealed partial class PlanningResourceTests
{
    private static readonly ResourceManager Resources = new("KpiPlanner.Web.Resources.PlanningResource", typeof(PlanningResource).Assembly);

    [Fact]
    public void Russian_and_English_have_the_same_keys_and_placeholders_and_no_empty_text()
    {
        var russian = Read(CultureInfo.InvariantCulture);
        var english = Read(CultureInfo.GetCultureInfo("en"));

        Assert.NotEmpty(russian);
        Assert.Equal(russian.Keys.Order(StringComparer.Ordinal), english.Keys.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(russian.Concat(english), t => string.IsNullOrWhiteSpace(t.Value));
        Assert.DoesNotContain(russian.Keys, k => Placeholders(russian[k]) != Placeholders(english[k]));
        Assert.Equal("Год назад", Resources.GetString("YoY.LastYear", CultureInfo.GetCultureInfo("ru-RU")));
        Assert.Equal("Last year", Resources.GetString("YoY.LastYear", CultureInfo.GetCultureInfo("en-US")));
    }

    private static Dictionary<string, string?> Read(CultureInfo culture)
    {
        var set = Resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false)
            ?? throw new InvalidOperationException($"No resources for the culture «{culture.Name}».");
        return set.Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => e.Value as string, StringComparer.Ordinal);
    }

    private static string Placeholders(string? text) =>
        string.Join(",", PlaceholderPattern().Matches(text ?? string.Empty).Select(m => m.Value).Order(StringComparer.Ordinal));

    [GeneratedRegex(@"\{[a-z0-9_]+\}")]
    private static partial Regex PlaceholderPattern();
}
