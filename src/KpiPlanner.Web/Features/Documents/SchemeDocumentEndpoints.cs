using System.Globalization;
using System.Security.Claims;
using KpiPlanner.Domain.Organisation;
using KpiPlanner.Domain.Planning;
using KpiPlanner.Infrastructure;
using KpiPlanner.Web.Localization;
using KpiPlanner.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace KpiPlanner.Web.Features.Documents;

/// <summary>
/// <c>GET /api/employees/{id}/scheme-document.pdf?month=yyyy-MM&amp;culture=ru|en</c>: the employee's motivation scheme
/// document as PDF. Any signed-in user may call it; <see cref="SchemeDocumentService"/> decides whose document they may
/// get; an unknown employee and one the caller may not see both get the same 404; no scheme in force that month: 404 with a message saying so; a bad month
/// or language: 400. The language is <c>culture</c> when given, else the request's (the language cookie, then
/// Accept-Language); problems are worded in it too.
/// </summary>
internal static class SchemeDocumentEndpoints
{
    public const string PdfContentType = "application/pdf";

    /// <summary>The link the pages use: the current month unless one is given, in the given language.</summary>
    public static string Url(int employeeId, CultureInfo culture, DateOnly? month = null) =>
        $"/api/employees/{employeeId.ToString(CultureInfo.InvariantCulture)}/scheme-document.pdf?culture={culture.TwoLetterISOLanguageName}"
        + (month is { } m ? "&month=" + Period.Key(m) : string.Empty);

    public static IEndpointRouteBuilder MapSchemeDocumentEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/employees/{id:int}/scheme-document.pdf", GetAsync)
            .WithTags("Documents")
            .WithName("SchemeDocument")
            .WithSummary("Download an employee's motivation scheme document (PDF) for a month.")
            .WithDescription(
                "The scheme of the employee's position in force that month (default: the current month): position, KPIs "
                + "with weights and how each is measured, each scale with its meanings, the pay formula, the check (min / "
                + "plan / max, and the whole matrix for two KPIs) and lines to sign. month = yyyy-MM; culture = ru or en "
                + "(default: the request's language). HR and the owner get anyone's, a manager their department subtree's, "
                + "everyone their own; anyone else's is answered like an unknown id: 404.")
            .Produces<byte[]>(StatusCodes.Status200OK, PdfContentType)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .Produces(StatusCodes.Status401Unauthorized);
        return app;
    }

    private static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> GetAsync(
        int id, string? month, string? culture, HttpContext http, SchemeDocumentService documents, CancellationToken ct)
    {
        var language = Culture(culture);
        var text = new DocumentText(language ?? AppCultures.Get(CultureInfo.CurrentUICulture.Name));
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (language is null)
        {
            errors["culture"] = [text.Format("Documents.BadCulture", ("culture", Quoted.Shorten(culture)))];
        }

        DateOnly? period = string.IsNullOrWhiteSpace(month) ? documents.CurrentMonth : Period.ParseMonth(month.Trim());
        if (period is null)
        {
            errors["month"] = [text.Format("Documents.BadMonth", ("month", Quoted.Shorten(month)),
                ("first", SupportedMonths.FirstKey), ("last", SupportedMonths.LastKey))];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: text["Documents.RequestInvalid"]);
        }

        var result = await documents.GetAsync(await HttpUser.GetAsync(http, ct), id, period!.Value, ct);
        switch (result.Status)
        {
            // "No such employee" and "not yours" get the same answer: the API does not tell who exists.
            case SchemeDocumentStatus.NotFound:
            case SchemeDocumentStatus.Forbidden:
                return TypedResults.Problem(text["Documents.NotFound"], statusCode: StatusCodes.Status404NotFound);
            case SchemeDocumentStatus.NoScheme:
                return TypedResults.Problem(
                    text.Format("Documents.NoScheme",
                        ("employee", result.EmployeeName ?? string.Empty),
                        ("month", Formats.Month(period.Value, text.Culture)),
                        ("position", result.Position ?? string.Empty)),
                    statusCode: StatusCodes.Status404NotFound,
                    title: text["Documents.NoSchemeTitle"],
                    extensions: new Dictionary<string, object?> { ["code"] = "documents.no_scheme" });
            case SchemeDocumentStatus.Ok:
            default:
                var model = result.Model!;
                var pdf = SchemeDocumentBuilder.Build(model, text.Culture);
                return TypedResults.File(pdf, PdfContentType, model.FileName);
        }
    }

    /// <summary>The document's language: the query's (ru, en, ru-RU, en-US), null when it names another; the request's when absent.</summary>
    private static CultureInfo? Culture(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return AppCultures.Get(CultureInfo.CurrentUICulture.Name);
        }

        name = name.Trim();
        return AppCultures.All.FirstOrDefault(c =>
            string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase)
            || string.Equals(c.TwoLetterISOLanguageName, name, StringComparison.OrdinalIgnoreCase));
    }
}
