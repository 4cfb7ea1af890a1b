using KpiPlanner.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KpiPlanner.Web.Features.Organisation;

/// <summary>The organisation template download (the import itself runs on the employees page).</summary>
internal static class OrganisationEndpoints
{
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
}
