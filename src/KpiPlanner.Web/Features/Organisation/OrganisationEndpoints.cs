using KpiPlanner.Web.Hosting;
using System.Globalization;
using KpiPlanner.Infrastructure.Import;
using KpiPlanner.Infrastructure.Organisation;
using KpiPlanner.Web.Localization;
using KpiPlanner.Web.Security;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace KpiPlanner.Web.Features.Organisation;

/// <summary>The organisation's employee list in a spreadsheet: the template download and the import (also on the employees page).</summary>
internal static class OrganisationEndpoints
{
    /// <summary>The import's file limit (<see cref="ImportLimits.MaxFileBytes"/>, as for facts) and room for the multipart framing around it.</summary>
    internal const long MaxUploadBytes = ImportLimits.MaxFileBytes + (64 * 1024);

    /// <summary>The most errors a 400 lists; beyond them the answer gives the count (<c>errorCount</c>) and says so.</summary>
    internal const int MaxListedErrors = 100;

    public static IEndpointRouteBuilder MapOrganisationEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/organisation/template", TemplateAsync)
            .WithTags("Organisation")
            .WithName("OrganisationTemplate")
            .WithSummary("Download the organisation template (.xlsx or .csv) with every current employee: HR and the owner.")
            .WithDescription(
                "Columns (titles in the request's language): personnel number, last name, first name, middle name, e-mail, "
                + "department (a path under the company: «Коммерческая служба / Отдел продаж»), position, head of department "
                + "(да/нет, yes/no), hire date, leave date. format=xlsx (default) or csv.")
            .Produces<byte[]>(StatusCodes.Status200OK, OrganisationImportService.XlsxContentType, OrganisationImportService.CsvContentType)
            .Produces(StatusCodes.Status400BadRequest)
            .Produces(StatusCodes.Status401Unauthorized)
            .Produces(StatusCodes.Status403Forbidden)
            .RequireAuthorization(Policies.EditOrganisation);

        app.MapPost("/api/organisation/import", ImportAsync)
            .WithTags("Organisation")
            .WithName("ImportOrganisation")
            .WithSummary("Import departments, positions and employees from an .xlsx or .csv file (multipart field \"file\"): all or nothing.")
            .WithDescription(
                "The template's columns (any order, Russian or English titles). Any bad row gets a 400 listing the bad rows "
                + "(rows: row as the spreadsheet shows it, column, message; the first 100, with errorCount when there are more) and nothing is written. A file beyond the import "
                + "limits — 32 MiB, 20 000 rows (blank rows count), a text longer than an Excel cell, a CSV line over 64 KiB, "
                + "a value beyond column IV, a workbook unpacking far beyond its size — gets a 413 naming the limit (code).")
            .Accepts<IFormFile>("multipart/form-data")
            .Produces<OrganisationImportResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .Produces(StatusCodes.Status401Unauthorized)
            .Produces(StatusCodes.Status403Forbidden)
            .RequireAuthorization(Policies.EditOrganisation)
            .DisableAntiforgery();
        return app;
    }

    private static async Task<Results<FileContentHttpResult, BadRequest>> TemplateAsync(string? format, OrganisationImportService import, HttpContext http, CancellationToken ct)
    {
        format = string.IsNullOrWhiteSpace(format) ? "xlsx" : format.Trim().ToLowerInvariant();
        if (format is not ("xlsx" or "csv"))
        {
            return TypedResults.BadRequest();
        }

        var file = await import.TemplateAsync(await HttpUser.GetAsync(http, ct), format, ct);
        return TypedResults.File(file.Content, file.ContentType, file.FileName);
    }

    private static async Task<Results<Ok<OrganisationImportResponse>, ValidationProblem, ProblemHttpResult>> ImportAsync(
        HttpContext http, OrganisationImportService import, IStringLocalizer<OrganisationResource> l, CancellationToken ct)
    {
        var (check, file) = await Uploads.ReadFileAsync(http, MaxUploadBytes, ct);
        if (check == Uploads.Check.TooLarge)
        {
            return TooLarge(import, ImportLimit.FileSize, ImportLimits.MaxFileBytes, 0, l);
        }

        if (file is null)
        {
            return FileMissing(l);
        }

        if (file.Length > ImportLimits.MaxFileBytes)
        {
            return TooLarge(import, ImportLimit.FileSize, ImportLimits.MaxFileBytes, 0, l);
        }

        await using var stream = file.OpenReadStream();
        var result = await import.ImportAsync(await HttpUser.GetAsync(http, ct), stream, file.FileName, ct);
        if (result.Succeeded)
        {
            return TypedResults.Ok(OrganisationImportResponse.Of(result.Done));
        }

        if (result.Limit is { } limit)
        {
            var error = result.Errors[0];
            return TypedResults.Problem(error.Message, statusCode: StatusCodes.Status413PayloadTooLarge, title: l["Import.Limit.Title"],
                extensions: Extensions(limit, error.Row));
        }

        // At most the first 100 errors are listed (a file of 20 000 bad rows would answer megabytes); errorCount counts all.
        var listed = result.Errors.Take(MaxListedErrors).ToList();
        var errors = listed
            .GroupBy(e => e.Row == 0 ? "file" : $"rows[{e.Row.ToString(CultureInfo.InvariantCulture)}]", StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => string.IsNullOrEmpty(e.Column) ? e.Message : $"{e.Column}: {e.Message}").ToArray(), StringComparer.Ordinal);
        var extensions = new Dictionary<string, object?>
        {
            ["rows"] = listed.Select(e => new OrganisationImportRowProblem(e.Row, e.Column, e.Message)).ToArray(),
        };
        string? detail = null;
        if (result.Errors.Count > MaxListedErrors)
        {
            extensions["errorCount"] = result.Errors.Count;
            detail = l["Import.Api.MoreErrors"].Value
                .Replace("{shown}", MaxListedErrors.ToString("N0", CultureInfo.CurrentCulture), StringComparison.Ordinal)
                .Replace("{count}", result.Errors.Count.ToString("N0", CultureInfo.CurrentCulture), StringComparison.Ordinal);
        }

        return TypedResults.ValidationProblem(errors, detail: detail, title: l["Import.Api.Invalid"], extensions: extensions);
    }

    /// <summary>The code of a file beyond <paramref name="limit"/>: <c>org.import.file_size</c>, <c>org.import.rows</c>, ….</summary>
    internal static string LimitCode(ImportLimit limit) => limit switch
    {
        ImportLimit.FileSize => "org.import.file_size",
        ImportLimit.Unpacked => "org.import.unpacked",
        ImportLimit.Rows => "org.import.rows",
        ImportLimit.Columns => "org.import.columns",
        ImportLimit.CellsPerRow => "org.import.cells_per_row",
        ImportLimit.TextLength => "org.import.text_length",
        ImportLimit.SharedStrings => "org.import.shared_strings",
        ImportLimit.LineLength => "org.import.line_length",
        _ => throw new ArgumentOutOfRangeException(nameof(limit)),
    };

    private static Dictionary<string, object?> Extensions(ImportLimit limit, int row)
    {
        var extensions = new Dictionary<string, object?> { ["code"] = LimitCode(limit) };
        if (row > 0)
        {
            extensions["row"] = row;
        }

        return extensions;
    }

    private static ProblemHttpResult TooLarge(OrganisationImportService import, ImportLimit limit, long max, int row, IStringLocalizer<OrganisationResource> l) =>
        TypedResults.Problem(import.LimitMessage(limit, max), statusCode: StatusCodes.Status413PayloadTooLarge, title: l["Import.Limit.Title"], extensions: Extensions(limit, row));

    private static ValidationProblem FileMissing(IStringLocalizer<OrganisationResource> l) =>
        TypedResults.ValidationProblem(
            new Dictionary<string, string[]> { ["file"] = [l["Import.Api.FileMissing"]] },
            title: l["Import.Api.Invalid"]);
}

/// <summary>What an organisation import did.</summary>
public sealed record OrganisationImportResponse(
    int Created, int Updated, int Unchanged, IReadOnlyList<string> DepartmentsCreated, IReadOnlyList<string> PositionsCreated, int HeadsChanged)
{
    public static OrganisationImportResponse Of(OrganisationImportCounts done)
    {
        ArgumentNullException.ThrowIfNull(done);
        return new(done.Created, done.Updated, done.Unchanged, done.DepartmentsCreated, done.PositionsCreated, done.HeadsChanged);
    }
}

/// <summary>A bad row of an organisation import, as the API reports it beside the validation problem's errors (row 0: the file).</summary>
public sealed record OrganisationImportRowProblem(int Row, string Column, string Message);
