using KpiPlanner.Domain.Organisation;
using KpiPlanner.Domain.Planning;
using KpiPlanner.Domain.Validation;
using KpiPlanner.Infrastructure;
using KpiPlanner.Infrastructure.Payroll;
using KpiPlanner.Web.Localization;
using KpiPlanner.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace KpiPlanner.Web.Features.PayReview;

/// <summary>
/// <c>GET /api/periods/{yyyy-MM}/payroll?format=xlsx|csv|csv-semicolon</c>: the payroll export of a closed month, for
/// HR and the owner. An unclosed month is refused (409) — payroll gets only what can no longer change.
/// </summary>
internal static class PayrollEndpoints
{
    public static IEndpointRouteBuilder MapPayrollEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/periods/{month}/payroll", ExportAsync)
            .WithTags("Payroll")
            .WithName("PayrollExport")
            .WithSummary("Download the payroll export of a closed month (.xlsx, .csv, or .csv with ';' for ru-RU Excel).")
            .WithDescription("Columns: personnel number, name, department, position, fixed, variable, bonus, adjustments, total. "
                + "Only a closed month is exported (409 otherwise). Text cells starting with =, +, -, @ are neutralised with a leading apostrophe.")
            .Produces<Stream>(StatusCodes.Status200OK, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "text/csv")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .Produces(StatusCodes.Status401Unauthorized)
            .Produces(StatusCodes.Status403Forbidden)
            .RequireAuthorization(Policies.RunPayroll);
        return app;
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportAsync(
        string month, string? format, IDbContextFactory<KpiDbContext> dbFactory, IStringLocalizer<PayResource> l, DomainErrorText errors,
        CancellationToken ct)
    {
        if (Period.ParseMonth(month) is not { } first)
        {
            return TypedResults.Problem(l["Export.BadMonth", Quoted.Shorten(month), SupportedMonths.FirstKey, SupportedMonths.LastKey], statusCode: StatusCodes.Status400BadRequest);
        }

        format = string.IsNullOrWhiteSpace(format) ? "xlsx" : format.Trim().ToLowerInvariant();
        if (format is not ("xlsx" or "csv" or "csv-semicolon"))
        {
            return TypedResults.Problem(l["Export.BadFormat"], statusCode: StatusCodes.Status400BadRequest);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var period = await db.Periods.AsNoTracking().SingleOrDefaultAsync(p => p.Month == first, ct);
        if (period?.IsClosed != true)
        {
            return TypedResults.Problem(errors.Message(DomainErrors.Create(DomainErrors.PeriodNotClosed, "month", ("month", new Month(first)))),
                statusCode: StatusCodes.Status409Conflict);
        }

        var rows = await PayrollExport.RowsAsync(db, first, ct);
        var headers = new PayrollExportHeaders(l["Export.PersonnelNumber"], l["Export.Name"], l["Export.Department"], l["Export.Position"],
            l["Export.Fixed"], l["Export.Variable"], l["Export.Bonus"], l["Export.Adjustments"], l["Export.Total"]);
        var name = "payroll-" + Period.Key(first);
        return format switch
        {
            "xlsx" => TypedResults.File(PayrollExport.Xlsx(rows, headers, new PayrollExportSheets(l["Export.Sheet", Period.Key(first)], l["Export.TotalsSheet"], l["Export.People"], l["Export.CompanyTotal"])), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name + ".xlsx"),
            "csv" => TypedResults.File(PayrollExport.Csv(rows, headers, semicolon: false), "text/csv; charset=utf-8", name + ".csv"),
            _ => TypedResults.File(PayrollExport.Csv(rows, headers, semicolon: true), "text/csv; charset=utf-8", name + "-semicolon.csv"),
        };
    }
}
