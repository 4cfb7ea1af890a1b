using System.Collections;
using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using KpiPlanner.Web;

namespace KpiPlanner.IntegrationTests;

/// <summary>
/// The pay review's texts exist in Russian (the default) and English with the same keys and placeholders, and every
/// key the pages ask for exists (a missing key would show its name to HR).
/// </summary>
public sealed partial class PayResourceTests
{
    private static readonly ResourceManager Resources = new("KpiPlanner.Web.Resources.PayResource", typeof(PayResource).Assembly);

    [Fact]
    public void Russian_and_English_have_the_same_keys_and_placeholders_and_no_empty_text()
    {
        var russian = Read(CultureInfo.InvariantCulture);
        var english = Read(CultureInfo.GetCultureInfo("en"));

        Assert.NotEmpty(russian);
        Assert.Equal(russian.Keys.Order(StringComparer.Ordinal), english.Keys.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(russian.Concat(english), t => string.IsNullOrWhiteSpace(t.Value));
        Assert.DoesNotContain(russian.Keys, k => Placeholders(russian[k]) != Placeholders(english[k]));
        Assert.Equal("Утвердить", Resources.GetString("Approve", CultureInfo.GetCultureInfo("ru-RU")));
        Assert.Equal("Approve", Resources.GetString("Approve", CultureInfo.GetCultureInfo("en-US")));
    }

    [Fact]
    public void Every_key_the_pages_use_exists()
    {
        var russian = Read(CultureInfo.InvariantCulture);
        var source = FindSource();
        var used = Directory.EnumerateFiles(source, "*.razor", SearchOption.AllDirectories)
            .Where(f => File.ReadAllText(f).Contains("IStringLocalizer<PayResource> P", StringComparison.Ordinal))
            .SelectMany(f => KeyPattern().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .Where(k => !k.EndsWith('.'))
            .Distinct()
            .ToList();
        Assert.NotEmpty(used);
        Assert.DoesNotContain(used, k => !russian.ContainsKey(k));
    }

    private static string FindSource()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "KpiPlanner.Web");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("src/KpiPlanner.Web not found above " + AppContext.BaseDirectory);
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

    [GeneratedRegex(@"\bP\[""([^""]+)""")]
    private static partial Regex KeyPattern();
}
