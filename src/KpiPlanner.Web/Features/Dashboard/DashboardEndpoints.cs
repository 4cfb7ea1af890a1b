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
        app.MapGet("/api/dashboard", GetAsync)
            .WithTags("Dashboards")
            .WithName("Dashboard")
            .WithSummary("The dashboard's figures (company, department or employee) for a month, quarter, half-year or year, as JSON.")
            .WithDescription("period: 2026-06, 2026-Q2, 2026-H1 or 2026 of a year from 2000 to 2100 (default: the current month); "
                + "department and employee choose the level as on the page. The same figures the page shows, with the same access: "
                + "a manager their subtree, an employee their own page (403 otherwise). A period holding today's month is read to "
                + "date: its completions are against the plan due by today, with no band (standing.toDate).")
            .Produces<DashboardResponse>()
            .ProducesValidationProblem()
            .Produces(StatusCodes.Status401Unauthorized)
            .Produces(StatusCodes.Status403Forbidden)
            .RequireAuthorization();

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

    private static async Task<Results<Ok<DashboardResponse>, ValidationProblem, ForbidHttpResult>> GetAsync(
        HttpContext http, string? period, int? department, int? employee, DashboardService dashboards, IStringLocalizer<DashboardResource> d,
        TimeProvider time, CancellationToken ct)
    {
        if (RangeOf(period, d, time, out var range) is { } invalid)
        {
            return invalid;
        }

        var view = await dashboards.LoadAsync(await HttpUser.GetAsync(http, ct), range, department, employee, ct);
        return view is null ? TypedResults.Forbid() : TypedResults.Ok(DashboardResponse.Of(view));
    }

    /// <summary>The period asked for (default: today's month), or the 400 naming <c>period</c> in the request's language.</summary>
    private static ValidationProblem? RangeOf(string? period, IStringLocalizer<DashboardResource> d, TimeProvider time, out PeriodRange range)
    {
        if (string.IsNullOrWhiteSpace(period))
        {
            range = PeriodRange.OfMonth(DateOnly.FromDateTime(time.GetLocalNow().Date));
            return null;
        }

        if (PeriodRange.TryParse(period) is { IsValid: true } parsed)
        {
            range = parsed.Value!;
            return null;
        }

        range = PeriodRange.OfMonth(DateOnly.FromDateTime(time.GetLocalNow().Date));
        var message = string.Format(CultureInfo.CurrentCulture, d["Export.BadPeriod"], Quoted.Shorten(period),
            SupportedMonths.FirstYear.ToString(CultureInfo.InvariantCulture), SupportedMonths.LastYear.ToString(CultureInfo.InvariantCulture));
        return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["period"] = [message] }, detail: message, title: d["Export.RequestInvalid"]);
    }

    private static async Task<Results<FileContentHttpResult, ValidationProblem, ForbidHttpResult>> ExportAsync(
        HttpContext http, string? period, int? department, int? employee, DashboardService dashboards, IStringLocalizer<DashboardResource> d,
        TimeProvider time, CancellationToken ct)
    {
        if (RangeOf(period, d, time, out var range) is { } invalid)
        {
            return invalid;
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
