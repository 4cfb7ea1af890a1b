using System.Globalization;
using System.Text;
using MiniExcelLibs;

namespace KpiPlanner.Infrastructure.Import;

/// <summary>One row of an import template: an employee's KPI with its current plan and fact, and the employee's department.</summary>
public sealed record TemplateRow(string PersonnelNumber, string EmployeeName, string KpiKey, string KpiName, decimal? Plan, decimal? Fact)
{
    public string Department { get; init; } = string.Empty;
}

/// <summary>The template's column titles, in the person's language (they are among <see cref="FactsColumns"/>).</summary>
public sealed record TemplateHeaders(string Month, string Department, string PersonnelNumber, string Employee, string Kpi, string KpiName, string Plan, string Fact)
{
    public static TemplateHeaders Russian { get; } = new("Месяц", "Подразделение", "Табельный номер", "Сотрудник", "Показатель", "Название показателя", "План", "Факт");

    public static TemplateHeaders English { get; } = new("Month", "Department", "Personnel number", "Employee", "KPI", "KPI name", "Plan", "Fact");
}

/// <summary>
/// Writes the import template: <c>.xlsx</c> (plan and fact as number cells) or <c>.csv</c> (UTF-8 with BOM; for Russian
/// <c>;</c> and a decimal comma, as a Russian Excel expects; otherwise <c>,</c> and a decimal point). Every text cell goes
/// through <see cref="SpreadsheetText.Neutralise"/>. The first column names the month on every row («декабрь 2026», as
/// <paramref name="month"/> is written), so it survives sorting, filtering and rows copied from one file to another, and the
/// import refuses the file in another month (<see cref="FactsMonthCheck"/>); the department column is informational.
/// </summary>
public static class FactsTemplateWriter
{
    public static byte[] Xlsx(IEnumerable<TemplateRow> rows, TemplateHeaders headers, string month)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(headers);
        var sheet = rows.Select(r => (IDictionary<string, object?>)new Dictionary<string, object?>
        {
            [headers.Month] = month,
            [headers.Department] = SpreadsheetText.Neutralise(r.Department),
            [headers.PersonnelNumber] = SpreadsheetText.Neutralise(r.PersonnelNumber),
            [headers.Employee] = SpreadsheetText.Neutralise(r.EmployeeName),
            [headers.Kpi] = SpreadsheetText.Neutralise(r.KpiKey),
            [headers.KpiName] = SpreadsheetText.Neutralise(r.KpiName),
            [headers.Plan] = r.Plan,
            [headers.Fact] = r.Fact,
        }).ToList();
        if (sheet.Count == 0)
        {
            // A header row even for an empty team, so the file is still a template.
            sheet.Add(new Dictionary<string, object?>
            {
                [headers.Month] = null,
                [headers.Department] = null,
                [headers.PersonnelNumber] = null,
                [headers.Employee] = null,
                [headers.Kpi] = null,
                [headers.KpiName] = null,
                [headers.Plan] = null,
                [headers.Fact] = null,
            });
        }

        using var output = new MemoryStream();
        MiniExcel.SaveAs(output, sheet, printHeader: true, sheetName: "KPI", excelType: ExcelType.XLSX);
        return output.ToArray();
    }

    public static byte[] Csv(IEnumerable<TemplateRow> rows, TemplateHeaders headers, CultureInfo numberCulture, string month)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(numberCulture);
        var delimiter = numberCulture.NumberFormat.NumberDecimalSeparator == "," ? ';' : ',';
        var text = new StringBuilder();
        Line(text, delimiter, headers.Month, headers.Department, headers.PersonnelNumber, headers.Employee, headers.Kpi, headers.KpiName, headers.Plan, headers.Fact);
        foreach (var r in rows)
        {
            Line(
                text,
                delimiter,
                month,
                SpreadsheetText.Neutralise(r.Department),
                SpreadsheetText.Neutralise(r.PersonnelNumber),
                SpreadsheetText.Neutralise(r.EmployeeName),
                SpreadsheetText.Neutralise(r.KpiKey),
                SpreadsheetText.Neutralise(r.KpiName),
                Number(r.Plan, numberCulture),
                Number(r.Fact, numberCulture));
        }

        var encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);
        return [.. encoding.GetPreamble(), .. encoding.GetBytes(text.ToString())];
    }

    /// <summary>No group separators (Excel would read "1 234,5" as text), no trailing zeros.</summary>
    private static string Number(decimal? value, CultureInfo culture) =>
        value is { } v ? v.ToString("0.####", culture) : string.Empty;

    private static void Line(StringBuilder text, char delimiter, params string[] fields)
    {
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0)
            {
                text.Append(delimiter);
            }

            var field = fields[i];
            if (field.AsSpan().IndexOfAny([delimiter, '"', '\r', '\n']) >= 0)
            {
                text.Append('"').Append(field.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            }
            else
            {
                text.Append(field);
            }
        }

        text.Append("\r\n");
    }
}
