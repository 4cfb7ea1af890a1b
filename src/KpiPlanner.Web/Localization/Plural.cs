using System.Globalization;
using Microsoft.Extensions.Localization;

namespace KpiPlanner.Web.Localization;

/// <summary>
/// Plural forms through resources: a text that depends on a number has one key per CLDR plural category —
/// <c>Key.One</c>, <c>Key.Few</c>, <c>Key.Many</c>, <c>Key.Other</c> in Russian (1 день, 2 дня, 5 дней, 2,5 дня);
/// <c>Key.One</c> and <c>Key.Other</c> in English (1 day, 2 days), whose <c>Few</c> and <c>Many</c> repeat <c>Other</c> so
/// both languages hold the same keys.
/// </summary>
public static class Plural
{
    /// <summary>The text of <paramref name="key"/> for <paramref name="count"/>, formatted with <paramref name="arguments"/>.</summary>
    public static string Format(IStringLocalizer localizer, string key, decimal count, params object[] arguments)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        var text = localizer[key + "." + Category(count, CultureInfo.CurrentUICulture)];
        if (text.ResourceNotFound)
        {
            text = localizer[key + ".Other"];
        }

        return string.Format(CultureInfo.CurrentCulture, text.Value, arguments);
    }

    /// <summary>The CLDR plural category of <paramref name="count"/> in <paramref name="culture"/>'s language.</summary>
    public static string Category(decimal count, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        var whole = count == decimal.Truncate(count);
        if (culture.TwoLetterISOLanguageName != "ru")
        {
            return whole && Math.Abs(count) == 1m ? "One" : "Other";
        }

        if (!whole)
        {
            return "Other";
        }

        var n = decimal.ToInt64(decimal.Truncate(Math.Abs(count)) % 100m);
        var last = n % 10;
        if (last == 1 && n != 11)
        {
            return "One";
        }

        return (last is >= 2 and <= 4) && (n is < 12 or > 14) ? "Few" : "Many";
    }
}
