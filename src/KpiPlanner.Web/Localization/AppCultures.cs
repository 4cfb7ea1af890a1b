using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace KpiPlanner.Web.Localization;

/// <summary>
/// The two UI languages. Russian first: it is the default and the language of most users.
/// Numbers, money (₽) and dates follow the chosen culture: ru-RU <c>1 234 567,89 ₽</c> with a narrow no-break space
/// as the group separator and a no-break space before ₽ and %; en-US <c>₽1,234,567.89</c> with unambiguous dates
/// (<c>1 Jun 2026</c>).
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
        // A no-break space before ₽ and %, so a figure never wraps away from its unit in a narrow table cell.
        c.NumberFormat.CurrencySymbol = "\u00A0₽";
        c.NumberFormat.CurrencyPositivePattern = 1; // n$
        c.NumberFormat.CurrencyNegativePattern = 5; // -n$
        c.NumberFormat.PercentSymbol = "\u00A0%";
        c.NumberFormat.PercentPositivePattern = 1; // n%
        c.NumberFormat.PercentNegativePattern = 1; // -n%
        return CultureInfo.ReadOnly(c);
    }

    private static CultureInfo CreateEnglish()
    {
        var c = (CultureInfo)CultureInfo.GetCultureInfo(English).Clone();
        c.NumberFormat.CurrencySymbol = "₽";

        // Dates of a Russian company read the same to everyone: "1 Jun 2026", never the US-only "6/1/2026".
        c.DateTimeFormat.ShortDatePattern = "d MMM yyyy";
        return CultureInfo.ReadOnly(c);
    }
}
