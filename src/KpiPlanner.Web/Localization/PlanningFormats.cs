using System.Globalization;

namespace KpiPlanner.Web.Localization;

/// <summary>Formats of the planning pages that <see cref="Formats"/> does not have.</summary>
public static class PlanningFormats
{
    /// <summary>A change in percent points with its sign: <c>+8,4 %</c>, <c>−3,0 %</c>, <c>0,0 %</c>.</summary>
    public static string Change(decimal percentPoints, CultureInfo? culture = null)
    {
        var text = Formats.Percent(percentPoints, 1, culture);
        return Math.Round(percentPoints, 1, MidpointRounding.AwayFromZero) > 0 ? "+" + text : text;
    }

    /// <summary>A share in percent with two decimals at most: <c>8,33 %</c>, <c>10 %</c>.</summary>
    public static string Share(decimal percentPoints, CultureInfo? culture = null)
    {
        var c = culture ?? CultureInfo.CurrentCulture;
        var pattern = c.NumberFormat.PercentPositivePattern switch
        {
            0 => "{0} %",
            1 => "{0}%",
            2 => "%{0}",
            _ => "% {0}",
        };
        return string.Format(c, pattern.Replace("%", c.NumberFormat.PercentSymbol, StringComparison.Ordinal),
            Formats.Plain(percentPoints, 2, c));
    }
}
