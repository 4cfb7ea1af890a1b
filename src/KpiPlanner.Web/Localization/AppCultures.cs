using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace KpiPlanner.Web.Localization;

/// <summary>
/// The two UI languages. Russian first: it is the default and the language of most users.
/// Numbers, money (₽) and dates follow the chosen culture: ru-RU <c>1 234 567,89 ₽</c> with a narrow no-break space
/// as the group separator; en-US <c>₽1,234,567.89</c>.
/// </summary>
public static class AppCultures
{
    public const string Russian = "ru-RU";
    public const string English = "en-US";

    public static readonly CultureInfo RussianCulture = CreateRussian();
    public static readonly CultureInfo EnglishCulture = CreateEnglish();

    public static IReadOnlyList<CultureInfo> All { get; } = [RussianCulture, EnglishCulture];

    public static CultureInfo Get(string? name) =>
        All.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? All.FirstOrDefault(c => string.Equals(c.TwoLetterISOLanguageName, name, StringComparison.OrdinalIgnoreCase))
        ?? RussianCulture;

    public static void Configure(RequestLocalizationOptions options)
    {
        options.DefaultRequestCulture = new RequestCulture(RussianCulture);
        options.SupportedCultures = [.. All];
        options.SupportedUICultures = [.. All];
        options.FallBackToParentCultures = true;
        options.FallBackToParentUICultures = true;

        // The cookie (set by the language switch) wins; then the browser's Accept-Language; else Russian.
        options.RequestCultureProviders =
        [
            new CookieRequestCultureProvider(),
            new AcceptLanguageHeaderRequestCultureProvider(),
        ];
    }

    private static CultureInfo CreateRussian()
    {
        var c = (CultureInfo)CultureInfo.GetCultureInfo(Russian).Clone();
        const string narrowNoBreakSpace = "\u202F";
        c.NumberFormat.NumberGroupSeparator = narrowNoBreakSpace;
        c.NumberFormat.CurrencyGroupSeparator = narrowNoBreakSpace;
        c.NumberFormat.PercentGroupSeparator = narrowNoBreakSpace;
        c.NumberFormat.CurrencySymbol = "₽";
        return CultureInfo.ReadOnly(c);
    }

    private static CultureInfo CreateEnglish()
    {
        var c = (CultureInfo)CultureInfo.GetCultureInfo(English).Clone();
        c.NumberFormat.CurrencySymbol = "₽";
        return CultureInfo.ReadOnly(c);
    }
}
