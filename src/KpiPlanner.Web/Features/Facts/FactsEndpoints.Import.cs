using System.Globalization;
using System.Security.Claims;
using KpiPlanner.Domain.Organisation;
using KpiPlanner.Domain.Planning;
using KpiPlanner.Infrastructure;
using KpiPlanner.Infrastructure.Import;
using KpiPlanner.Web.Features.Pay;
using KpiPlanner.Web.Hosting;
using KpiPlanner.Web.Localization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace KpiPlanner.Web.Features.Facts;

// GET /api/periods/{month}/template and POST /api/periods/{month}/import: the facts file both ways.
internal static partial class FactsEndpoints
{
    private static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> TemplateAsync(
        string month, int? department, string? format, HttpContext http, FactsImportService facts, IStringLocalizer<FactsResource> l, CancellationToken ct)
    {
        var errors = new Dictionary<string, List<(string Code, string Message)>>(StringComparer.Ordinal);
        var period = Month(month);
        if (period is null)
        {
            errors["month"] = [("facts.bad_month", BadMonthMessage(month, l))];
        }

        if (department is null)
        {
            errors["department"] = [("facts.department_missing", l["facts.department_missing"])];
        }

        format = string.IsNullOrWhiteSpace(format) ? "xlsx" : format.Trim().ToLowerInvariant();
        if (format is not ("xlsx" or "csv"))
        {
            errors["format"] = [("facts.bad_format", l["facts.bad_format"])];
        }

        if (errors.Count > 0)
        {
            return Invalid(l, errors, l["facts.request_invalid"]);
        }

        var file = await facts.TemplateFileAsync(await UserAsync(http, ct), department!.Value, period!.Value, format, ct);
        if (file is null)
        {
            return TypedResults.Problem(l["facts.department_not_found"], statusCode: StatusCodes.Status404NotFound);
        }

        return TypedResults.File(file.Content, file.ContentType, file.FileName);
    }

    private static async Task<Results<Ok<FactsImportResponse>, ValidationProblem, ProblemHttpResult>> ImportAsync(
        string month, string? confirmMonth, HttpContext http, FactsImportService facts, IStringLocalizer<FactsResource> l, CancellationToken ct)
    {
        if (Month(month) is not { } period)
        {
            return BadMonth(month, l);
        }

        var confirmed = false;
        if (!string.IsNullOrWhiteSpace(confirmMonth))
        {
            if (Month(confirmMonth.Trim()) is not { } confirm)
            {
                return Invalid(
                    l,
                    new Dictionary<string, List<(string Code, string Message)>>(StringComparer.Ordinal)
                    {
                        ["confirmMonth"] = [("facts.bad_month", BadMonthMessage(confirmMonth, l))],
                    },
                    l["facts.request_invalid"]);
            }

            if (confirm != period)
            {
                return Invalid(
                    l,
                    new Dictionary<string, List<(string Code, string Message)>>(StringComparer.Ordinal)
                    {
                        ["confirmMonth"] = [("facts.confirm_month_mismatch", l["facts.confirm_month_mismatch"].Value
                            .Replace("{value}", Quoted.Shorten(confirmMonth), StringComparison.Ordinal)
                            .Replace("{key}", Period.Key(period), StringComparison.Ordinal))],
                    },
                    l["facts.request_invalid"]);
            }

            confirmed = true;
        }

        var (check, file) = await Uploads.ReadFileAsync(http, MaxUploadBytes, ct);
        if (check == Uploads.Check.TooLarge)
        {
            return FileTooLarge(l);
        }

        if (file is null)
        {
            return FileMissing(l);
        }

        if (file.Length > FactsImportService.MaxFileBytes)
        {
            return FileTooLarge(l);
        }

        await using var stream = file.OpenReadStream();
        var result = await facts.ImportAsync(await UserAsync(http, ct), period, stream, file.FileName, confirmed, ct);
        if (result.Succeeded)
        {
            return TypedResults.Ok(new FactsImportResponse(result.Applied, result.Unchanged));
        }

        if (result.TooLarge)
        {
            var limit = result.Errors.First(e => FactsIssueCodes.IsLimit(e.Code));
            return TooLarge(limit.Message, limit.Code, limit.Row, l);
        }

        var rows = result.Errors.Select(e => new FactsImportRowProblem(e.Row, e.Column, e.Code, e.Message)).ToArray();
        if (result.PeriodClosed)
        {
            return Closed(result.Errors.First(e => e.Code == FactsIssueCodes.PeriodClosed).Message, l);
        }

        var errors = new Dictionary<string, List<(string Code, string Message)>>(StringComparer.Ordinal);
        foreach (var error in result.Errors)
        {
            var key = error.Row == 0 ? "file" : $"rows[{error.Row.ToString(CultureInfo.InvariantCulture)}].{error.Column}";
            var message = error.Message;
            if (error.Code == FactsIssueCodes.MonthMissing)
            {
                // The API's way to confirm the month is a parameter: named where it goes, in words that name it.
                key = "confirmMonth";
                message = l["facts.month_missing_api"].Value
                    .Replace("{month}", Formats.Month(period, CultureInfo.CurrentCulture), StringComparison.Ordinal)
                    .Replace("{key}", Period.Key(period), StringComparison.Ordinal);
            }

            if (!errors.TryGetValue(key, out var list))
            {
                errors[key] = list = [];
            }

            list.Add((error.Code, message));
        }

        if (result.MonthRefused)
        {
            var monthProblem = new Dictionary<string, object?>
            {
                ["code"] = result.Errors[0].Code,
                ["month"] = Period.Key(period),
                ["fileMonth"] = result.FileMonth is { } fileMonth ? Period.Key(fileMonth) : null,
            };
            return Invalid(l, errors, l["facts.import_invalid"], rows.Where(r => r.Code != FactsIssueCodes.MonthMissing).ToArray(), monthProblem, result.Errors.Count);
        }

        return Invalid(l, errors, l["facts.import_invalid"], rows, errorCount: result.Errors.Count);
    }

    private static ValidationProblem FileMissing(IStringLocalizer<FactsResource> l) =>
        Invalid(
            l,
            new Dictionary<string, List<(string Code, string Message)>>(StringComparer.Ordinal)
            {
                ["file"] = [("facts.file_missing", l["facts.file_missing"])],
            },
            l["facts.import_invalid"]);

    /// <summary>413: the upload is beyond <see cref="FactsImportService.MaxFileBytes"/>, in the request's language.</summary>
    private static ProblemHttpResult FileTooLarge(IStringLocalizer<FactsResource> l) =>
        TooLarge(
            l[FactsIssueCodes.FileTooLarge].Value.Replace("{max}", FactsImportService.MaxFileBytes.ToString("N0", CultureInfo.CurrentCulture), StringComparison.Ordinal),
            FactsIssueCodes.FileTooLarge,
            0,
            l);
}
