using System.Globalization;

namespace KpiPlanner.Domain;

/// <summary>A text shipped by the product in both languages of its users (catalogue names, preset labels).</summary>
/// <param name="Ru">Russian, as the users' documents say it.</param>
/// <param name="En">English.</param>
public sealed record LocalizedText(string Ru, string En)
{
    /// <summary>The Russian text for a Russian culture, the English one otherwise.</summary>
    public string For(CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        return culture.TwoLetterISOLanguageName == "ru" ? Ru : En;
    }
}
