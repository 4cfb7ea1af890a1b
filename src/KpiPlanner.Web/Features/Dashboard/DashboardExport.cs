using System.Globalization;
using KpiPlanner.Infrastructure.Import;
using Microsoft.Extensions.Localization;
using MiniExcelLibs;

namespace KpiPlanner.Web.Features.Dashboard;

/// <summary>
/// Every table and chart of a dashboard page as one workbook, one sheet each (KPIs, goals, trend, drill-down, heat map,
/// funnel, pay fund, forecasts, plan accuracy). Numbers stay numbers (completions in percent points, amounts in
/// roubles); names that could start a formula are neutralised.
/// </summary>
public static class DashboardExport
{
    public static byte[] Xlsx(DashboardView view, IStringLocalizer<DashboardResource> d)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(d);
        var culture = CultureInfo.CurrentUICulture;
        static string? Text(string? s) => s is null ? null : SpreadsheetText.Neutralise(s);
        static decimal? Pct(Standing s) => s.Completion is { IsPositiveInfinity: false } c ? c.Value : null;
        var sheets = new Dictionary<string, object>();

        var kpis = view.Kpis.Select(k => new Dictionary<string, object?>
        {
            [d["Kpi"]] = Text(k.Kpi.Name),
            [d["Export.Rule"]] = d["Rule." + k.Kpi.Rule].Value,
            [d["Plan"]] = k.Current.Plan,
            [d["Fact"]] = k.Current.Fact,
            [d["Export.PlanToDate"]] = k.Current.PlanToDate,
            [d["Export.Completion"]] = Pct(k.Standing),
            [d["Export.Coefficient"]] = k.Standing.Coefficient,
            [d["Export.Band"]] = k.Standing.ToDate ? d["ToDate.Export"].Value : Text(k.Standing.Band),
            [d["LastYear"]] = k.LastYearFact,
            [d["Export.Change"]] = k.ChangePercent,
        }).ToList();
        if (kpis.Count == 0)
        {
            kpis.Add(new Dictionary<string, object?> { [d["Kpi"]] = d["Empty"].Value });
        }

        sheets[Sheet(d, "Export.Sheet.Kpis", view)] = kpis;
        Add(sheets, Sheet(d, "Export.Sheet.Goals", view), view.Goals.Select(g => new Dictionary<string, object?>
        {
            [d["Export.Goal"]] = Text(g.Goal),
            [d["Kpi"]] = Text(g.Node),
            [d["Plan"]] = g.Plan,
            [d["Fact"]] = g.Fact,
            [d["Goals.Estimate"]] = g.Fact is null ? g.Estimate : null,
            [d["Export.Completion"]] = Pct(g.Standing),
            [d["LastYear"]] = g.LastYearFact,
            [d["Export.Change"]] = g.ChangePercent,
        }));
        Add(sheets, Sheet(d, "Export.Sheet.Trend", view), view.KpiList.SelectMany(k => view.Trend[k.Key].Select(p => new Dictionary<string, object?>
        {
            [d["Kpi"]] = Text(k.Name),
            [d["Month"]] = p.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture),
            [d["Plan"]] = p.Plan,
            [d["Fact"]] = p.Fact,
            [d["LastYear"]] = p.LastYearFact,
            [d["Export.Completion"]] = p.Completion is { IsPositiveInfinity: false } c ? c.Value : null,
        })));
        Add(sheets, Sheet(d, "Export.Sheet.Drill", view), view.Rows.Select(r =>
        {
            var row = new Dictionary<string, object?> { [d["Drill.Row"]] = Text(r.Name), [d["Drill.People"]] = r.People };
            foreach (var k in view.KpiList)
            {
                var st = r.Kpis.GetValueOrDefault(k.Key) ?? Standing.None;
                row[k.Name + ", %"] = Pct(st);
                row[k.Name + ", ×"] = st.Coefficient;
            }

            row[d["Drill.Variable"]] = r.Variable;
            row[d["Drill.PlannedVariable"]] = r.PlannedVariable;
            return row;
        }));
        Add(sheets, Sheet(d, "Export.Sheet.Heat", view), view.KpiList.SelectMany(k => (view.HeatByKpi.GetValueOrDefault(k.Key) ?? [])
            .Select(h => new Dictionary<string, object?>
            {
                [d["Drill.Row"]] = Text(view.Rows.FirstOrDefault(r => r.Id == h.RowId)?.Name ?? view.Title),
                [d["Kpi"]] = Text(k.Name),
                [d["Month"]] = h.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture),
                [d["Export.Completion"]] = Pct(h.Standing),
            })));
        Add(sheets, Sheet(d, "Export.Sheet.Funnel", view), view.Funnel.Select(f => new Dictionary<string, object?>
        {
            [d["Export.Stage"]] = Text(f.Name),
            [d["Plan"]] = f.Plan,
            [d["Fact"]] = f.Fact,
            [d["Export.FactConversion"]] = f.FactConversion,
            [d["Export.PlanConversion"]] = f.PlanConversion,
            [d["Export.ConversionUnit"]] = f.FactConversion is null && f.PlanConversion is null ? null : f.IsAmountPerUnit ? "₽" : "%",
        }));
        Add(sheets, Sheet(d, "Export.Sheet.Pay", view), view.PayFund.Select(p => new Dictionary<string, object?>
        {
            [d["Month"]] = p.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture),
            [d["Pay.Planned"]] = p.Planned,
            [d["Pay.Earned"]] = p.Earned,
            [d["Drill.People"]] = p.People,
        }));
        Add(sheets, Sheet(d, "Export.Sheet.PayRows", view), view.PayFundRows.Select(p => new Dictionary<string, object?>
        {
            [d["Drill.Row"]] = Text(p.Name),
            [d["Pay.Planned"]] = p.Planned,
            [d["Pay.Earned"]] = p.Earned,
        }));
        Add(sheets, Sheet(d, "Export.Sheet.Forecast", view), view.Forecasts.Select(f => new Dictionary<string, object?>
        {
            [d["Kpi"]] = Text(f.Kpi.Name),
            [d["Forecast.MonthSoFar"]] = f.Month?.SoFar,
            [d["Forecast.Month"]] = f.Month?.Forecast,
            [d["Export.MonthPlan"]] = f.MonthPlan,
            [d["Forecast.Quarter"]] = f.Quarter?.Forecast,
            [d["Export.QuarterPlan"]] = f.QuarterPlan,
            [d["Forecast.Check"]] = f.Month is { NeedsChecking: true } || f.Quarter is { NeedsChecking: true } ? Text(d["Forecast.Check"]) : null,
        }));
        Add(sheets, Sheet(d, "Export.Sheet.Accuracy", view), view.Accuracy.Select(a => new Dictionary<string, object?>
        {
            [d["Accuracy.Manager"]] = Text(a.Manager),
            [d["Accuracy.Departments"]] = Text(string.Join(", ", a.Departments)),
            [d["Accuracy.Cells"]] = a.Accuracy.Cells,
            [d["Accuracy.Deviation"]] = a.Accuracy.MeanAbsoluteDeviation,
            [d["Accuracy.Bias"]] = a.Accuracy.Bias,
            [d["Accuracy.Beaten"]] = a.Accuracy.BeatenShare,
        }));

        using var output = new MemoryStream();
        MiniExcel.SaveAs(output, sheets, printHeader: true, excelType: ExcelType.XLSX);
        return output.ToArray();
    }

    private static void Add(Dictionary<string, object> sheets, string name, IEnumerable<Dictionary<string, object?>> rows)
    {
        var list = rows.ToList();
        if (list.Count > 0)
        {
            sheets[name] = list;
        }
    }

    private static string Sheet(IStringLocalizer<DashboardResource> d, string key, DashboardView view)
    {
        var name = d[key].Value;
        return name.Length <= 31 ? name : name[..31];
    }
}
