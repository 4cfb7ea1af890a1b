using System.Globalization;
using KpiPlanner.Domain.Goals;
using KpiPlanner.Domain.Planning;
using KpiPlanner.Web.Localization;
using KpiPlanner.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace KpiPlanner.Web.Features.Dashboard;

/// <summary>
/// <c>GET /api/dashboard/export?period=2026-Q2&amp;department=5&amp;employee=17</c>: the dashboard page's tables and
/// charts as an .xlsx workbook, with the same access rules as the page (403 outside a manager's subtree or for
/// another person's page).
/// </summary>
internal static class DashboardEndpoints
{
    public static IEndpointRouteBuilder MapDashboardEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/dashboard/export", ExportAsync)
            .WithTags("Dashboards")
            .WithName("DashboardExport")
            .WithSummary("Download a dashboard (company, department or employee) for a month, quarter, half-year or year as .xlsx.")
            .WithDescription("period: 2026-06, 2026-Q2, 2026-H1 or 2026 of a year from 2000 to 2100 (default: the current month); "
                + "anything else gets a 400 naming the parameter. One sheet per table or chart.")
            .Produces<byte[]>(StatusCodes.Status200OK, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            .ProducesValidationProblem()
            .RequireAuthorization();
        return app;
    }

    private static async Task<Results<FileContentHttpResult, ValidationProblem, ForbidHttpResult>> ExportAsync(
        HttpContext http, string? period, int? department, int? employee, DashboardService dashboards, IStringLocalizer<DashboardResource> d,
        TimeProvider time, CancellationToken ct)
    {
        PeriodRange range;
        if (string.IsNullOrWhiteSpace(period))
        {
            range = PeriodRange.OfMonth(DateOnly.FromDateTime(time.GetLocalNow().Date));
        }
        else if (PeriodRange.TryParse(period) is { IsValid: true } parsed)
        {
            range = parsed.Value!;
        }
        else
        {
            var message = string.Format(CultureInfo.CurrentCulture, d["Export.BadPeriod"], Quoted.Shorten(period),
                SupportedMonths.FirstYear.ToString(CultureInfo.InvariantCulture), SupportedMonths.LastYear.ToString(CultureInfo.InvariantCulture));
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["period"] = [message] }, detail: message, title: d["Export.RequestInvalid"]);
        }

        var user = await HttpUser.GetAsync(http, ct);
        var view = await dashboards.LoadAsync(user, range, department, employee, ct);
        if (view is null)
        {
            return TypedResults.Forbid();
        }

        var name = "dashboard-" + range + (view.DepartmentId is { } dep ? "-d" + dep.ToString(CultureInfo.InvariantCulture) : string.Empty)
            + (view.EmployeeId is { } e ? "-e" + e.ToString(CultureInfo.InvariantCulture) : string.Empty) + ".xlsx";
        return TypedResults.File(DashboardExport.Xlsx(view, d), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name);
    }
}
