using System.Globalization;
using System.Text;
using KpiPlanner.Domain.Organisation;
using KpiPlanner.Domain.Planning;
using KpiPlanner.Infrastructure;
using KpiPlanner.Infrastructure.Import;
using KpiPlanner.Web.Features.Plans;
using KpiPlanner.Web.Localization;
using KpiPlanner.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace KpiPlanner.Web.Features.Facts;

/// <summary>
/// All-or-nothing import of plans and facts from .xlsx and .csv, the batch behind the facts API, and the import
/// template. Everyone writes only for the people they may plan for — a manager their headed department subtree
/// (never themselves), HR and the owner everyone — and nobody writes into a closed month. Every bad row is reported
/// (row number, column, reason in the person's language) and then nothing is written. The file's columns are listed in
/// <see cref="FactsColumns"/>; numbers in <see cref="ImportNumber"/>; the rules and the single batched upsert in
/// <see cref="FactsImporter"/>.
/// </summary>
public sealed class FactsImportService(
    IDbContextFactory<KpiDbContext> dbFactory,
    TimeProvider time,
    IStringLocalizer<FactsResource> l,
    PlansService plans)
{
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string CsvContentType = "text/csv; charset=utf-8";

    /// <summary>The largest file the import takes, on the grid and through the API (<see cref="ImportLimits.MaxFileBytes"/>).</summary>
    public const long MaxFileBytes = ImportLimits.MaxFileBytes;

    /// <summary>
    /// Imports plans and facts of <paramref name="month"/> from an .xlsx or .csv file (by <paramref name="fileName"/>'s
    /// extension). An empty plan or fact cell leaves the stored value as is. A file beyond <see cref="ImportLimits"/> is
    /// refused as a whole, naming the limit (<see cref="ImportResult.TooLarge"/>); <paramref name="ct"/> stops the reading
    /// and the writing at the next row (<see cref="OperationCanceledException"/>, nothing written).
    /// <para>
    /// The file's «Месяц» / «Month» column must name <paramref name="month"/>: a file of another month, or of several, is
    /// refused as a whole naming both (<see cref="ImportResult.MonthRefused"/>). A file that names no month is written only
    /// when <paramref name="monthConfirmed"/> says the person confirmed <paramref name="month"/> for it; otherwise it is
    /// refused with <see cref="ImportResult.NeedsMonthConfirmation"/> and nothing is read beyond its header.
    /// </para>
    /// </summary>
    public async Task<ImportResult> ImportAsync(UserContext user, DateOnly month, Stream file, string fileName, bool monthConfirmed, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(file);
        month = Period.FirstDay(month);
        // The file is read while it is checked and written (FactsImporter streams it): its own issues fill in as it goes.
        var reading = FactsFileReader.Open(file, fileName, new FactsMonthCheck(month, monthConfirmed), ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var scope = await user.FactsScopeAsync(db, ct);
        var result = await new FactsImporter(db, time).ApplyAsync(month, reading.Rows, reading.Issues, scope, reading.Columns, acceptIds: false, ct);
        if (reading.Unusable)
        {
            // Not a table of facts at all (format, header, damaged file, too many rows): only that is worth saying.
            return new ImportResult { Month = month, Errors = RowErrors(reading.Issues) };
        }

        if (reading.Issues.Where(i => FactsIssueCodes.IsMonth(i.Code)).ToList() is { Count: > 0 } wrongMonth)
        {
            // A file of another month: its rows' own issues (checked against this month) would only confuse.
            return new ImportResult { Month = month, FileMonth = reading.FileMonth, Errors = RowErrors(wrongMonth) };
        }

        return new ImportResult { Month = month, FileMonth = reading.FileMonth, Applied = result.Applied, Unchanged = result.Unchanged, Errors = RowErrors(result.Issues) };
    }

    /// <summary>
    /// The facts API's batch: sets the fact of each item (plans are left as they are), all or nothing. Errors carry the
    /// item's path (<c>facts[3].employee</c>). An item without its employee, KPI or value is an error, so a caller that
    /// refused part of an item itself (a value of the wrong JSON type) passes null there and the batch is refused. A
    /// value with more than 4 decimals is refused, not rounded.
    /// </summary>
    public Task<FactsBatchResult> PutFactsAsync(UserContext user, DateOnly month, IReadOnlyList<FactItem> items, CancellationToken ct = default) =>
        PutBatchAsync(user, month, items, FigureBatch.Facts, ct);

    /// <summary>
    /// The plans API's batch (<c>PUT /api/periods/{month}/plans</c>): sets the plan of each item (facts are left as they
    /// are), by the same rules and scope as <see cref="PutFactsAsync"/>; errors carry <c>plans[3].value</c>. The plan is
    /// stored as the grid stores it: the value planned for the month (for a growth KPI the value to reach, not the growth
    /// percent); an aggregated KPI takes none (<c>facts.kpi_is_index</c>).
    /// </summary>
    public Task<FactsBatchResult> PutPlansAsync(UserContext user, DateOnly month, IReadOnlyList<FactItem> items, CancellationToken ct = default) =>
        PutBatchAsync(user, month, items, FigureBatch.Plans, ct);

    private async Task<FactsBatchResult> PutBatchAsync(UserContext user, DateOnly month, IReadOnlyList<FactItem> items, FigureBatch batch, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(items);
        var field = batch.Field;
        var issues = new List<FactsIssue>();
        var rows = new List<FactInput>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var employee = string.IsNullOrWhiteSpace(item.Employee) ? null : item.Employee.Trim();
            var kpi = string.IsNullOrWhiteSpace(item.Kpi) ? null : item.Kpi.Trim();
            if (employee is null && item.EmployeeId is null)
            {
                issues.Add(FactsIssue.Of(i, FactsField.Employee, null, FactsIssueCodes.EmployeeMissing));
            }

            if (kpi is null)
            {
                issues.Add(FactsIssue.Of(i, FactsField.Kpi, null, FactsIssueCodes.KpiMissing));
            }

            decimal? value = null;
            if (item.Value is not { } raw)
            {
                issues.Add(FactsIssue.Of(i, field, null, FactsIssueCodes.ValueMissing));
            }
            else if (raw < 0)
            {
                issues.Add(FactsIssue.Of(i, field, null, FactsIssueCodes.Negative, ("value", raw)));
            }
            else if (ImportNumber.IsTooLarge(raw))
            {
                issues.Add(FactsIssue.Of(i, field, null, FactsIssueCodes.TooLarge, ("value", raw)));
            }
            else if (!ImportNumber.FitsScale(raw))
            {
                // numeric(20, 4) would round it: 0.00001 would be stored as 0. Refused, never silently changed.
                issues.Add(FactsIssue.Of(i, field, null, FactsIssueCodes.TooManyDecimals,
                    ("value", raw), ("max", ImportNumber.Scale)));
            }
            else
            {
                value = raw;
            }

            rows.Add(field == FactsField.Plan
                ? new FactInput(i, employee, item.EmployeeId, kpi, value, null)
                : new FactInput(i, employee, item.EmployeeId, kpi, null, value));
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var scope = await user.FactsScopeAsync(db, ct);
        var result = await new FactsImporter(db, time).ApplyAsync(month, rows, issues, scope, columns: null, acceptIds: true, ct);
        return new FactsBatchResult(result.Applied, result.Unchanged, [.. result.Issues.Select(i => ItemError(i, batch.Array))]);
    }

    /// <summary>
    /// The import template of a department (and its sub-departments) for a month: every employee × KPI of their scheme,
    /// with the current plan and fact. <paramref name="format"/> is "xlsx" or "csv".
    /// </summary>
    /// <exception cref="UnauthorizedAccessException">The department is not one the person may plan for.</exception>
    public async Task<byte[]> TemplateAsync(UserContext user, int departmentId, DateOnly month, string format, CancellationToken ct = default) =>
        (await TemplateFileAsync(user, departmentId, month, format, ct))?.Content
        ?? throw new UnauthorizedAccessException("The department is not in the person's scope.");

    /// <summary>The template with its file name (<c>kpi-2026-12-otdel-prodazh.xlsx</c>); null outside the person's scope.</summary>
    public async Task<TemplateFile?> TemplateFileAsync(UserContext user, int departmentId, DateOnly month, string format, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        var csv = string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase);
        if (!csv && !string.Equals(format, "xlsx", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException("The format is xlsx or csv.", nameof(format));
        }

        month = Period.FirstDay(month);
        var grid = await plans.LoadAsync(user, departmentId, month, ct);
        if (grid is null)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var ids = grid.Rows.Select(r => r.EmployeeId).ToList();
        var numbers = await db.Employees.AsNoTracking().Where(e => ids.Contains(e.Id))
            .ToDictionaryAsync(e => e.Id, e => e.PersonnelNumber, ct);
        var names = grid.Columns.ToDictionary(c => c.Key, c => c.Name, StringComparer.Ordinal);
        var rows = grid.Rows.SelectMany(r => r.Cells.Where(c => c.TakesFigures).Select(c => new TemplateRow( // an index is measured from its parts; a one-off KPI typed in its month
            numbers.GetValueOrDefault(r.EmployeeId, string.Empty), r.Name, c.Key, names.GetValueOrDefault(c.Key, c.Key), c.SavedPlan, c.SavedFact)
        {
            Department = r.Department,
        }));
        var english = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";
        var headers = english ? TemplateHeaders.English : TemplateHeaders.Russian;
        // «декабрь 2026» on every row: what the person reads, and what the import checks against the month it goes into.
        var monthText = Formats.Month(month, english ? AppCultures.EnglishCulture : AppCultures.RussianCulture);
        var content = csv
            ? FactsTemplateWriter.Csv(rows, headers, english ? CultureInfo.InvariantCulture : AppCultures.RussianCulture, monthText)
            : FactsTemplateWriter.Xlsx(rows, headers, monthText);
        var name = $"kpi-{Period.Key(month)}-{Slug(grid.Department.Name)}.{(csv ? "csv" : "xlsx")}";
        return new TemplateFile(content, name, csv ? CsvContentType : XlsxContentType);
    }

    /// <summary>"Отдел продаж" → "otdel-prodazh": a file name every system can carry.</summary>
    public static string Slug(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var slug = new StringBuilder(text.Length * 2);
        foreach (var c in text.ToLowerInvariant())
        {
            var latin = c switch
            {
                'а' => "a", 'б' => "b", 'в' => "v", 'г' => "g", 'д' => "d", 'е' or 'ё' or 'э' => "e", 'ж' => "zh",
                'з' => "z", 'и' => "i", 'й' or 'ы' => "y", 'к' => "k", 'л' => "l", 'м' => "m", 'н' => "n", 'о' => "o",
                'п' => "p", 'р' => "r", 'с' => "s", 'т' => "t", 'у' => "u", 'ф' => "f", 'х' => "kh", 'ц' => "ts",
                'ч' => "ch", 'ш' => "sh", 'щ' => "shch", 'ъ' or 'ь' => string.Empty, 'ю' => "yu", 'я' => "ya",
                _ when char.IsAsciiLetterOrDigit(c) => c.ToString(),
                _ => "-",
            };
            if (latin == "-" && (slug.Length == 0 || slug[^1] == '-'))
            {
                continue;
            }

            slug.Append(latin);
        }

        var result = slug.ToString().Trim('-');
        return result.Length == 0 ? "team" : result;
    }

    private List<ImportRowError> RowErrors(IEnumerable<FactsIssue> issues) =>
        [.. issues.Select(i => new ImportRowError(i.Row, i.Column ?? ColumnTitle(i), Message(i, array: null)) { Code = i.Code })];

    private FactItemError ItemError(FactsIssue issue, string array)
    {
        var path = issue.Field switch
        {
            FactsField.File => string.Empty,
            FactsField.Employee => $"{array}[{issue.Row}].employee",
            FactsField.Kpi => $"{array}[{issue.Row}].kpi",
            _ => $"{array}[{issue.Row}].value",
        };
        return new FactItemError(path, issue.Code, Message(issue, array));
    }

    private string ColumnTitle(FactsIssue issue) => issue.Field switch
    {
        FactsField.Employee => l["facts.column.employee"],
        FactsField.Kpi => l["facts.column.kpi"],
        FactsField.Plan => l["facts.column.plan"],
        FactsField.Fact => l["facts.column.fact"],
        FactsField.Month => l["facts.column.month"],
        _ => string.Empty,
    };

    /// <summary>
    /// The issue's text in the current UI language, its arguments formatted in the current culture; a text someone sent
    /// (a cell, an employee, a KPI key) is quoted up to <see cref="Quoted.MaxLength"/> characters.
    /// </summary>
    private string Message(FactsIssue issue, string? array)
    {
        var file = array is null;
        var code = issue.Code == FactsIssueCodes.Duplicate && !file ? "facts.duplicate_item" : issue.Code;
        var text = l[code];
        var template = text.ResourceNotFound ? code : text.Value;
        var culture = CultureInfo.CurrentCulture;
        var message = new StringBuilder(template);
        foreach (var (name, value) in issue.Args)
        {
            var shown = (name, value) switch
            {
                ("column", string column) => l["facts.column." + column].Value,
                ("first", int row) when !file => $"{array}[{row.ToString(CultureInfo.InvariantCulture)}]",
                ("keys", string keys) => keys,
                (_, string sent) => Quoted.Shorten(sent),
                (_, DateOnly month) => Formats.Month(month, culture),
                (_, KpiPlanner.Domain.Schemes.OneOffPeriod period) => Formats.Dates(period, culture),
                (_, decimal d) => d.ToString("#,##0.############################", culture),
                (_, int n) => n.ToString(culture),
                (_, long n) => n.ToString("N0", culture),
                (_, IFormattable f) => f.ToString(null, culture),
                _ => value.ToString() ?? string.Empty,
            };
            message.Replace("{" + name + "}", shown);
        }

        return message.ToString();
    }
}
