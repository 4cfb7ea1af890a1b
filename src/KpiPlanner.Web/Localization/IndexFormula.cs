using KpiPlanner.Domain.Payroll;

namespace KpiPlanner.Web.Localization;

/// <summary>
/// An aggregated KPI's line on a pay explanation, with the person's own numbers:
/// «40 % × 110 % (Звонки) + 30 % × 90 % (Встречи) + 30 % × 100 % (Документы) = 101 %». A part without its figures
/// shows «—» and the index no result. Used by the pay review and the employee's statement alike.
/// </summary>
public static class IndexFormula
{
    /// <summary>An aggregated KPI's parts and weights as the scheme states them: «Звонки 40 % + Встречи 30 % + …».</summary>
    public static string Parts(KpiPlanner.Domain.Schemes.SchemeKpi kpi)
    {
        ArgumentNullException.ThrowIfNull(kpi);
        return string.Join(" + ", kpi.Parts.Select(p => string.Create(System.Globalization.CultureInfo.CurrentCulture, $"{p.Kpi} {p.Weight:0.##} %")));
    }

    /// <summary>The formula, or null when the KPI is not an aggregated one.</summary>
    public static string? Of(KpiExplanation kpi)
    {
        ArgumentNullException.ThrowIfNull(kpi);
        if (kpi.Parts is not { Count: > 0 } parts)
        {
            return null;
        }

        var terms = string.Join(" + ", parts.Select(p =>
            $"{Formats.Weight(p.Weight)} × {(p.CountedPercent is { } c ? Formats.Percent(c) : "—")} ({p.Kpi})"));
        var result = kpi.Missing == MissingFigure.None && kpi.CompletionPercent is { } total ? Formats.Percent(total) : "—";
        return terms + " = " + result;
    }
}
