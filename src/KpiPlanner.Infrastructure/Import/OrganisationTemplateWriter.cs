using System.Globalization;
using System.Text;
using MiniExcelLibs;
using MiniExcelLibs.Attributes;
using MiniExcelLibs.OpenXml;

namespace KpiPlanner.Infrastructure.Import;

/// <summary>Writes the organisation template (<see cref="OrganisationFile"/> reads it back): .xlsx by MiniExcel, or .csv.</summary>
public static class OrganisationTemplateWriter
{
    /// <summary>
    /// The template: the current organisation, one employee per row, dates as date cells (.xlsx) or as text
    /// (.csv; UTF-8 with BOM; Russian <c>;</c> and 01.06.2026, English <c>,</c> and 2026-06-01). Text cells go through <see cref="SpreadsheetText.Neutralise"/>.
    /// </summary>
    public static byte[] Write(IEnumerable<OrganisationTemplateRow> rows, bool english, bool csv, string yes, string no)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var titles = english ? OrganisationFile.EnglishTitles : OrganisationFile.RussianTitles;
        // Russian dd.MM.yyyy; English ISO (never a slashed date, which reads differently in the US and the UK).
        var dateText = english ? "yyyy-MM-dd" : "dd.MM.yyyy";
        var order = new[]
        {
            OrganisationColumn.PersonnelNumber, OrganisationColumn.LastName, OrganisationColumn.FirstName, OrganisationColumn.MiddleName,
            OrganisationColumn.Email, OrganisationColumn.Department, OrganisationColumn.Position, OrganisationColumn.Head,
            OrganisationColumn.HireDate, OrganisationColumn.LeaveDate,
        };
        object? Value(OrganisationTemplateRow r, OrganisationColumn c) => c switch
        {
            OrganisationColumn.PersonnelNumber => SpreadsheetText.Neutralise(r.PersonnelNumber),
            OrganisationColumn.LastName => SpreadsheetText.Neutralise(r.LastName),
            OrganisationColumn.FirstName => SpreadsheetText.Neutralise(r.FirstName),
            OrganisationColumn.MiddleName => SpreadsheetText.Neutralise(r.MiddleName),
            OrganisationColumn.Email => SpreadsheetText.Neutralise(r.Email),
            OrganisationColumn.Department => SpreadsheetText.Neutralise(r.DepartmentPath),
            OrganisationColumn.Position => SpreadsheetText.Neutralise(r.Position),
            OrganisationColumn.Head => r.IsHead ? yes : no,
            OrganisationColumn.HireDate => csv ? r.HireDate.ToString(dateText, CultureInfo.InvariantCulture) : r.HireDate.ToDateTime(TimeOnly.MinValue),
            OrganisationColumn.LeaveDate => r.LeaveDate is { } left ? (csv ? left.ToString(dateText, CultureInfo.InvariantCulture) : left.ToDateTime(TimeOnly.MinValue)) : null,
            _ => null,
        };

        if (csv)
        {
            var delimiter = english ? ',' : ';';
            var text = new StringBuilder();
            Line(text, delimiter, order.Select(c => titles[c]));
            foreach (var r in rows)
            {
                Line(text, delimiter, order.Select(c => Value(r, c)?.ToString() ?? string.Empty));
            }

            var encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);
            return [.. encoding.GetPreamble(), .. encoding.GetBytes(text.ToString())];
        }

        var sheet = rows.Select(r => (IDictionary<string, object?>)order.ToDictionary(c => titles[c], c => Value(r, c))).ToList();
        if (sheet.Count == 0)
        {
            sheet.Add(order.ToDictionary(c => titles[c], _ => (object?)null));
        }

        var dateFormat = english ? "yyyy-mm-dd" : "dd.mm.yyyy";
        var configuration = new OpenXmlConfiguration
        {
            DynamicColumns =
            [
                .. order.Select(c => new DynamicExcelColumn(titles[c])
                {
                    Width = c switch
                    {
                        OrganisationColumn.Department => 40,
                        OrganisationColumn.Position or OrganisationColumn.Email or OrganisationColumn.Head => 28,
                        _ => 18,
                    },
                    Format = c is OrganisationColumn.HireDate or OrganisationColumn.LeaveDate ? dateFormat : null,
                }),
            ],
        };
        using var output = new MemoryStream();
        MiniExcel.SaveAs(output, sheet, printHeader: true, sheetName: english ? "Employees" : "Сотрудники", excelType: ExcelType.XLSX, configuration: configuration);
        return output.ToArray();
    }

    private static void Line(StringBuilder text, char delimiter, IEnumerable<string> fields)
    {
        var first = true;
        foreach (var field in fields)
        {
            if (!first)
            {
                text.Append(delimiter);
            }

            first = false;
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
