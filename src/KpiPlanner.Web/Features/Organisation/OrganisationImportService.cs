using System.Globalization;
using KpiPlanner.Infrastructure;
using KpiPlanner.Infrastructure.Import;
using KpiPlanner.Infrastructure.Organisation;
using KpiPlanner.Web.Localization;
using KpiPlanner.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace KpiPlanner.Web.Features.Organisation;

/// <summary>A bad row of the organisation file: its number as the spreadsheet shows it, the column's title and the reason.</summary>
public sealed record OrganisationImportError(int Row, string Column, string Message);

/// <summary>What an import did, or (with errors) why it changed nothing.</summary>
/// <param name="Done">The importer's counts (<see cref="OrganisationImportCounts.None"/> when refused).</param>
/// <param name="Errors">Every bad row, in the person's language.</param>
public sealed record OrganisationImportResult(OrganisationImportCounts Done, IReadOnlyList<OrganisationImportError> Errors)
{
    public bool Succeeded => Errors.Count == 0;

    /// <summary>The import limit the file went beyond (then the one error names it; the API answers 413), or null.</summary>
    public ImportLimit? Limit { get; init; }

    public static OrganisationImportResult Refused(IReadOnlyList<OrganisationImportError> errors) => new(OrganisationImportCounts.None, errors);
}

/// <summary>The organisation template as a file to download.</summary>
public sealed record OrganisationTemplateFile(byte[] Content, string FileName, string ContentType);

/// <summary>
/// Departments, positions and employees from a spreadsheet (<see cref="OrganisationFile"/> lists the columns), all or
/// nothing. Employees are matched by personnel number: a new number hires, a known one updates the card, and an empty
/// cell of a known employee leaves that value as is. Departments are found or created from a path
/// («Коммерческая служба / Отдел продаж», under the company; a path may start with the company's name; a single name
/// must not be ambiguous), positions by name (created when new). «Руководитель подразделения: да» makes the person the
/// head of their department (and of no other one), «нет» vacates their post. Every bad row is reported with its row
/// number, column and reason in the person's language, and then nothing is written. Dates: <c>01.06.2026</c>,
/// <c>2026-06-01</c>, the culture's own form, or a date cell.
/// </summary>
public sealed class OrganisationImportService(IDbContextFactory<KpiDbContext> dbFactory, TimeProvider time, IStringLocalizer<OrganisationResource> l)
{
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string CsvContentType = "text/csv; charset=utf-8";

    /// <summary>The file's messages that name another row, and their words for the API's items.</summary>
    private static readonly Dictionary<string, string> BulkKeys = new(StringComparer.Ordinal)
    {
        ["Import.NumberRepeated"] = "Api.Bulk.NumberRepeated",
        ["Import.EmailRepeated"] = "Api.Bulk.EmailRepeated",
        ["Import.TwoHeads"] = "Api.Bulk.TwoHeads",
    };

    private readonly OrganisationImporter importer = new(dbFactory);

    private DateOnly Today => DateOnly.FromDateTime(time.GetLocalNow().DateTime);

    /// <summary>The template: the current organisation (every employee, with their department's path), .xlsx or .csv.</summary>
    public async Task<OrganisationTemplateFile> TemplateAsync(UserContext actor, string format, CancellationToken cancellationToken = default)
    {
        actor.Demand(Duty.EditOrganisation);
        var csv = string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase);
        if (!csv && !string.Equals(format, "xlsx", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException("The format is xlsx or csv.", nameof(format));
        }

        var rows = await importer.TemplateRowsAsync(cancellationToken);
        var english = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";
        var content = OrganisationFile.Template(rows, english, csv, l["Import.Yes"], l["Import.No"]);
        var name = $"{(english ? "employees" : "sotrudniki")}-{Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.{(csv ? "csv" : "xlsx")}";
        return new OrganisationTemplateFile(content, name, csv ? CsvContentType : XlsxContentType);
    }

    /// <summary>Imports the file (by <paramref name="fileName"/>'s extension): everything, or nothing and every bad row.</summary>
    public async Task<OrganisationImportResult> ImportAsync(UserContext actor, Stream file, string fileName, CancellationToken cancellationToken = default)
    {
        actor.Demand(Duty.EditOrganisation);
        ArgumentNullException.ThrowIfNull(file);
        var sheet = OrganisationFile.Read(file, fileName, cancellationToken);
        if (sheet.Issue is { } issue)
        {
            return OrganisationImportResult.Refused([new OrganisationImportError(issue.Row, string.Empty, FileMessage(issue))]) with { Limit = issue.Limit };
        }

        var outcome = await importer.ImportAsync(sheet, Today, (l["Import.Yes"], l["Import.No"]), cancellationToken);
        return new OrganisationImportResult(outcome.Done, [.. outcome.Errors.Select(e => new OrganisationImportError(e.Row, e.Column, Word(e)))]);
    }

    /// <summary>
    /// The API's bulk upsert (<c>PUT /api/employees</c>): <paramref name="sheet"/>'s rows are the request's items (row
    /// n = item n − 1, the titles the JSON fields), checked and written by the same importer as a file, all or nothing.
    /// An error's row is its item's number from 1 (0: the whole batch); a repeated personnel number is reported at both
    /// items, and "already in row n" reads "already in item [n − 1]".
    /// </summary>
    public async Task<OrganisationImportResult> UpsertAsync(UserContext actor, OrganisationSheet sheet, CancellationToken cancellationToken = default)
    {
        actor.Demand(Duty.EditOrganisation);
        ArgumentNullException.ThrowIfNull(sheet);
        var outcome = await importer.ImportAsync(sheet, Today, ("true", "false"), cancellationToken);
        var errors = new List<OrganisationImportError>();
        foreach (var e in outcome.Errors)
        {
            if (BulkKeys.TryGetValue(e.Key, out var key) && e.Arguments is [.., int first])
            {
                var item = "[" + (first - 1).ToString(CultureInfo.InvariantCulture) + "]";
                errors.Add(new OrganisationImportError(e.Row, e.Column, l[key, [.. e.Arguments.Take(e.Arguments.Count - 1).Select(a => a ?? string.Empty), item]]));
                if (e.Key == "Import.NumberRepeated")
                {
                    var other = "[" + (e.Row - 1).ToString(CultureInfo.InvariantCulture) + "]";
                    errors.Add(new OrganisationImportError(first, e.Column, l[key, e.Arguments[0] ?? string.Empty, other]));
                }
            }
            else
            {
                errors.Add(new OrganisationImportError(e.Row, e.Column, Word(e)));
            }
        }

        return new OrganisationImportResult(outcome.Done, errors);
    }

    /// <summary>An issue in the person's language: dates as the culture writes them, quoted values cut to <see cref="Quoted.MaxLength"/>.</summary>
    private string Word(OrganisationImportIssue issue) =>
        l[issue.Key, [.. issue.Arguments.Select(a => a switch
        {
            null => string.Empty,
            string text => Quoted.Shorten(text),
            DateOnly date => Formats.Date(date),
            object other => other,
        })]];

    private string FileMessage(OrganisationFileIssue issue) => issue.Code switch
    {
        OrganisationFile.UnsupportedFormat => l["Import.File.UnsupportedFormat", Quoted.Shorten(issue.Argument)],
        OrganisationFile.Unreadable => l["Import.File.Unreadable", Quoted.Shorten(issue.Argument)],
        OrganisationFile.EmptyFile => l["Import.File.Empty"],
        OrganisationFile.LimitExceeded when issue.Limit is { } limit => LimitMessage(limit, issue.Max),
        _ => l["Import.File.MissingColumns", OrganisationImporter.Titles[OrganisationColumn.PersonnelNumber], OrganisationImporter.Titles[OrganisationColumn.LastName], OrganisationImporter.Titles[OrganisationColumn.FirstName]],
    };

    /// <summary>The words for a file beyond <paramref name="limit"/> (<paramref name="max"/> shown in the request's culture): the 413's detail.</summary>
    public string LimitMessage(ImportLimit limit, long max) =>
        l[LimitKey(limit), max.ToString("N0", CultureInfo.CurrentCulture)];

    /// <summary>The resource key (and the API's problem code) of a file beyond <paramref name="limit"/>.</summary>
    public static string LimitKey(ImportLimit limit) => limit switch
    {
        ImportLimit.FileSize => "Import.Limit.FileSize",
        ImportLimit.Unpacked => "Import.Limit.Unpacked",
        ImportLimit.Rows => "Import.File.TooManyRows",
        ImportLimit.Columns => "Import.Limit.Columns",
        ImportLimit.CellsPerRow => "Import.Limit.CellsPerRow",
        ImportLimit.TextLength => "Import.Limit.TextLength",
        ImportLimit.SharedStrings => "Import.Limit.SharedStrings",
        ImportLimit.LineLength => "Import.Limit.LineLength",
        _ => throw new ArgumentOutOfRangeException(nameof(limit)),
    };
}
