using System.Globalization;
using KpiPlanner.Domain.Kpis;
using KpiPlanner.Web.Localization;
using Microsoft.Extensions.Localization;

namespace KpiPlanner.Web.Features.Plans;

/// <summary>How the plan grid writes its figures and hints: shared by the page (header, totals) and its rows (<see cref="PlanRow"/>).</summary>
internal static class PlanGridText
{
    public static string Show(decimal? value) => value is { } v ? Formats.Plain(v, 4) : string.Empty;

    public static string Band(Completion? completion) => completion switch
    {
        null or { IsRawValue: true } => string.Empty,
        { IsPositiveInfinity: true } => "above",
        { Value: < 50m } => "low",
        { Value: < 90m } => "below",
        { Value: <= 100m } => "target",
        _ => "above",
    };

    /// <summary>Where a growth KPI's base comes from this month, and how growth is measured from it.</summary>
    public static string BaseTitle(IStringLocalizer l, GrowthBase growthBase, DateOnly month) => growthBase.MonthOf(month) is { } baseMonth
        ? string.Format(CultureInfo.CurrentCulture, l["Plans.BaseFromMonth"], baseMonth.ToDateTime(TimeOnly.MinValue))
        : l["Plans.BaseFixed"];

    public static string NoBaseTitle(IStringLocalizer l, GrowthBase growthBase, DateOnly month) =>
        string.Format(CultureInfo.CurrentCulture, l["Plans.NoBase"], (growthBase.MonthOf(month) ?? month).ToDateTime(TimeOnly.MinValue));

    /// <summary>An aggregated KPI's parts, e.g. «Звонки 40 % + Встречи 30 % + Документы 30 %», in the hint of its cells.</summary>
    public static string IndexHint(IStringLocalizer l, KpiPlanner.Domain.Schemes.SchemeKpi kpi) =>
        string.Format(CultureInfo.CurrentCulture, l["Plans.IndexHint"], IndexFormula.Parts(kpi));
}
