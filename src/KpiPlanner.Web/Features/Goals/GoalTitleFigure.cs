using System.Globalization;
using System.Text.RegularExpressions;

namespace KpiPlanner.Web.Features.Goals;

/// <summary>
/// A money figure the owner wrote in a goal's title («Кофейня: 200 000 ₽ прибыли в месяц») against the plan the goal's
/// top node has in the month shown. Issue 17: after a raise the title still said 200 000 ₽ while the plan was 250 000 ₽.
/// The title is the owner's own text and is never rewritten; the page says when it names another figure than the plan.
/// </summary>
public static partial class GoalTitleFigure
{
    /// <summary>The money figures of a title: «200 000 ₽», «200000 руб.», «1,5 млн ₽», «200 тыс. ₽», «₽200,000» is not one.</summary>
    public static IReadOnlyList<decimal> MoneyIn(string? title)
    {
        var figures = new List<decimal>();
        foreach (Match m in Money().Matches(title ?? string.Empty))
        {
            var whole = Regex.Replace(m.Groups["n"].Value, @"[\s\u00A0\u202F,]", string.Empty);
            var text = m.Groups["f"].Success ? whole + "." + m.Groups["f"].Value : whole;
            if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            {
                continue;
            }

            var scale = m.Groups["m"].Value.ToLowerInvariant() switch
            {
                var s when s.StartsWith("тыс", StringComparison.Ordinal) || s == "k" => 1_000m,
                var s when s.StartsWith("млн", StringComparison.Ordinal) => 1_000_000m,
                _ => 1m,
            };
            figures.Add(value * scale);
        }

        return figures;
    }

    /// <summary>
    /// The title's first money figure when the title names money and none of it is a plan of <paramref name="plans"/>
    /// (the goal's top nodes this month); null when the title names no money, or names a plan.
    /// </summary>
    public static decimal? Stale(string? title, IReadOnlyCollection<decimal> plans)
    {
        ArgumentNullException.ThrowIfNull(plans);
        var figures = MoneyIn(title);
        return figures.Count == 0 || plans.Count == 0 || figures.Any(f => plans.Contains(f)) ? null : figures[0];
    }

    // A number (digits grouped by spaces, or by commas in the English way), an optional fraction after "," or ".", an
    // optional "тыс."/"млн"/"k", then the rouble: ₽, руб(.), рублей, р., RUB (not a word that merely starts with «руб»).
    [GeneratedRegex(@"(?<![\d.,])(?<n>\d{1,3}(?:[ \u00A0\u202F]\d{3})+|\d{1,3}(?:,\d{3})+|\d+)(?:[.,](?<f>\d{1,2})(?!\d))?\s*(?<m>тыс\.?|млн\.?|k)?\s*(?:₽|руб(?:л[а-яё]*|\.)?(?![а-яё])|р\.|rub\b)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Money();
}
