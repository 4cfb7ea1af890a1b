using System.Globalization;
using System.Text;
using KpiPlanner.Domain.Planning;
using KpiPlanner.Infrastructure.Import;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using MiniExcelLibs.Attributes;
using MiniExcelLibs.OpenXml;

namespace KpiPlanner.Infrastructure.Payroll;

/// <summary>One person's line of the payroll export.</summary>
public sealed record PayrollExportRow(
    string PersonnelNumber, string Name, string Department, string Position,
    decimal Fixed, decimal Variable, decimal Bonus, decimal Adjustments, decimal Total);

/// <summary>The column titles, in the reader's language (1C:ZUP maps them on import).</summary>
public sealed record PayrollExportHeaders(
    string PersonnelNumber, string Name, string Department, string Position,
    string Fixed, string Variable, string Bonus, string Adjustments, string Total);

/// <summary>The .xlsx's sheet names (the lines, with the month; the totals) and the totals' labels, in the reader's language.</summary>
public sealed record PayrollExportSheets(string Lines, string Totals, string People, string CompanyTotal);

/// <summary>
/// The payroll export of a closed month: one row per person — personnel number, name, department, position, fixed,
/// variable, bonus, adjustments, total — as .xlsx (numbers as numbers) or .csv (UTF-8 with BOM so Excel reads the
/// Cyrillic; comma-separated with a decimal point, or the semicolon variant with a decimal comma that ru-RU Excel
/// opens by double-click). Text cells that would start a formula are neutralised.
/// </summary>
public static class PayrollExport
{
    /// <summary>The rows of a month's pay lines plus adjustments, by department and name.</summary>
    public static async Task<IReadOnlyList<PayrollExportRow>> RowsAsync(KpiDbContext db, DateOnly month, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        month = Period.FirstDay(month);
        var adjustments = await db.PayAdjustments.AsNoTracking().Where(a => a.Month == month)
            .GroupBy(a => a.EmployeeId).Select(g => new { g.Key, Sum = g.Sum(a => a.Amount) })
            .ToDictionaryAsync(a => a.Key, a => a.Sum, cancellationToken);
        var lines = await (
                from l in db.PayLines.AsNoTracking()
                join e in db.Employees on l.EmployeeId equals e.Id
                join d in db.Departments on l.DepartmentId equals d.Id
                join p in db.Positions on l.PositionId equals p.Id
                where l.Month == month
                select new { l.EmployeeId, e.PersonnelNumber, e.LastName, e.FirstName, e.MiddleName, Department = d.Name, Position = p.Name, l.Fixed, l.Variable, l.Bonus, l.Total })
            .ToListAsync(cancellationToken);
        return lines
            .Select(l =>
            {
                var adjustment = adjustments.GetValueOrDefault(l.EmployeeId);
                var name = KpiPlanner.Domain.Organisation.Employee.FormatFullName(l.LastName, l.FirstName, l.MiddleName);
                return new PayrollExportRow(l.PersonnelNumber, name, l.Department, l.Position, l.Fixed, l.Variable, l.Bonus, adjustment, l.Total + adjustment);
            })
            .OrderBy(r => r.Department, StringComparer.Create(CultureInfo.GetCultureInfo("ru-RU"), false))
            .ThenBy(r => r.Name, StringComparer.Create(CultureInfo.GetCultureInfo("ru-RU"), false))
            .ToList();
    }

    /// <summary>
    /// The .xlsx: the lines on the first sheet (named with the month, e.g. «Выплаты 2026-11»; one row per person, so
    /// 1C:ZUP imports it as is), money as numbers formatted «# ##0,00», widths that fit; the totals on a second sheet —
    /// per department (people, fixed, variable, bonus, adjustments, total) and the company.
    /// </summary>
    public static byte[] Xlsx(IEnumerable<PayrollExportRow> rows, PayrollExportHeaders headers, PayrollExportSheets sheets)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(sheets);
        var all = rows.ToList();
        var lines = all.Select(r => new Dictionary<string, object?>
        {
            [headers.PersonnelNumber] = SpreadsheetText.Neutralise(r.PersonnelNumber),
            [headers.Name] = SpreadsheetText.Neutralise(r.Name),
            [headers.Department] = SpreadsheetText.Neutralise(r.Department),
            [headers.Position] = SpreadsheetText.Neutralise(r.Position),
            [headers.Fixed] = r.Fixed,
            [headers.Variable] = r.Variable,
            [headers.Bonus] = r.Bonus,
            [headers.Adjustments] = r.Adjustments,
            [headers.Total] = r.Total,
        }).ToList();
        var totals = all.GroupBy(r => r.Department)
            .Select(g => Totals(headers, sheets, SpreadsheetText.Neutralise(g.Key), g.ToList()))
            .Append(Totals(headers, sheets, sheets.CompanyTotal, all))
            .ToList();
        var money = new[] { headers.Fixed, headers.Variable, headers.Bonus, headers.Adjustments, headers.Total }
            .Select(h => new DynamicExcelColumn(h) { Format = MoneyFormat, Width = 18 });
        var configuration = new OpenXmlConfiguration
        {
            DynamicColumns =
            [
                new DynamicExcelColumn(headers.PersonnelNumber) { Width = 16 },
                new DynamicExcelColumn(headers.Name) { Width = 36 },
                new DynamicExcelColumn(headers.Department) { Width = 30 },
                new DynamicExcelColumn(headers.Position) { Width = 28 },
                new DynamicExcelColumn(sheets.People) { Width = 12 },
                .. money,
            ],
        };
        using var output = new MemoryStream();
        MiniExcel.SaveAs(output, new Dictionary<string, object>
        {
            [SheetName(sheets.Lines)] = lines,
            [SheetName(sheets.Totals)] = totals,
        }, printHeader: true, excelType: ExcelType.XLSX, configuration: configuration);
        return output.ToArray();
    }

    /// <summary>Money cells: digits grouped, two decimals (Excel shows the reader's separators).</summary>
    private const string MoneyFormat = "#,##0.00";

    private static Dictionary<string, object?> Totals(PayrollExportHeaders headers, PayrollExportSheets sheets, string department, IReadOnlyList<PayrollExportRow> rows) => new()
    {
        [headers.Department] = department,
        [sheets.People] = rows.Count,
        [headers.Fixed] = rows.Sum(r => r.Fixed),
        [headers.Variable] = rows.Sum(r => r.Variable),
        [headers.Bonus] = rows.Sum(r => r.Bonus),
        [headers.Adjustments] = rows.Sum(r => r.Adjustments),
        [headers.Total] = rows.Sum(r => r.Total),
    };

    /// <summary>A sheet name Excel accepts: none of <c>[]:*?/\</c>, at most 31 characters.</summary>
    private static string SheetName(string name)
    {
        var clean = new string([.. name.Where(c => "[]:*?/\\".IndexOf(c, StringComparison.Ordinal) < 0)]).Trim();
        return clean.Length <= 31 ? clean : clean[..31];
    }

    /// <param name="semicolon">True for the ru-RU Excel variant: <c>;</c> between fields and a decimal comma.</param>
    public static byte[] Csv(IEnumerable<PayrollExportRow> rows, PayrollExportHeaders headers, bool semicolon)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(headers);
        var separator = semicolon ? ";" : ",";
        var number = semicolon ? new NumberFormatInfo { NumberDecimalSeparator = "," } : NumberFormatInfo.InvariantInfo;
        var text = new StringBuilder();
        Line(text, separator, [headers.PersonnelNumber, headers.Name, headers.Department, headers.Position, headers.Fixed, headers.Variable,
            headers.Bonus, headers.Adjustments, headers.Total]);
        foreach (var r in rows)
        {
            Line(text, separator,
            [
                SpreadsheetText.Neutralise(r.PersonnelNumber), SpreadsheetText.Neutralise(r.Name), SpreadsheetText.Neutralise(r.Department),
                SpreadsheetText.Neutralise(r.Position), r.Fixed.ToString("0.00", number), r.Variable.ToString("0.00", number),
                r.Bonus.ToString("0.00", number), r.Adjustments.ToString("0.00", number), r.Total.ToString("0.00", number),
            ]);
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    private static void Line(StringBuilder text, string separator, IReadOnlyList<string> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                text.Append(separator);
            }

            var field = fields[i];
            var quote = field.Contains(separator, StringComparison.Ordinal) || field.Contains('"', StringComparison.Ordinal)
                || field.Contains('\n', StringComparison.Ordinal) || field.Contains('\r', StringComparison.Ordinal);
            text.Append(quote ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field);
        }

        text.Append("\r\n");
    }
}
