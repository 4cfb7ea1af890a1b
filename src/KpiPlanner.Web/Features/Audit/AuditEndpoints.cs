using KpiPlanner.Domain.Audit;
using KpiPlanner.Domain.Validation;
using KpiPlanner.Web.Hosting;
using KpiPlanner.Web.Localization;
using KpiPlanner.Web.Security;

namespace KpiPlanner.Web.Features.Audit;

/// <summary>The audit log over HTTP (issue 15): <c>GET /api/audit?from=&amp;to=&amp;kind=&amp;employee=&amp;page=&amp;pageSize=</c>.</summary>
public static class AuditEndpoints
{
    /// <summary>The answer: the page asked for, the total matching, the entries newest first.</summary>
    public sealed record AuditResponse(int Page, int PageSize, int Total, IReadOnlyList<AuditItem> Items);

    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/audit", ReadAsync)
            .WithName("AuditLog")
            .WithTags("Audit")
            .WithSummary("The audit log, newest first, one page: HR and the owner.")
            .WithDescription(
                "from and to are days (YYYY-MM-DD, inclusive, in the server's time zone); kind is one or more of the kinds, "
                + "separated by commas (periodCalculated, periodApproved, approvalRevoked, periodClosed, periodReopened, adjustmentAdded, "
                + "bonusEntered, missingFactsCountedAsZero, valueChanged, accountDisabled, accountEnabled, fourEyesWaived, "
                + "closedBeforeMonthEnd); employee is an employee id; page from 1, pageSize 1–1000 (default 100). Each entry: when, "
                + "who (a person's e-mail, or api-key:<name> for a machine), the kind, the month and person it concerns, the value "
                + "before and after, and the reason. The log is append-only.")
            .Produces<AuditResponse>()
            .ProducesValidationProblem()
            .Produces(StatusCodes.Status401Unauthorized)
            .Produces(StatusCodes.Status403Forbidden)
            .RequireAuthorization(Policies.RunPayroll);
        return app;
    }

    private static async Task<IResult> ReadAsync(string? from, string? to, string? kind, string? employee, string? page, string? pageSize,
        HttpContext http, AuditReader reader, CancellationToken ct)
    {
        var text = DomainErrorText.For(http.RequestServices);
        var errors = new List<DomainError>();
        var first = ApiRequests.Date(from, "from", errors);
        var last = ApiRequests.Date(to, "to", errors);
        if (first is { } f && last is { } l && l < f)
        {
            errors.Add(ApiRequests.Error(ApiRequests.BadRange, "to", ("from", f.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
                ("to", l.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))));
        }

        var kinds = Kinds(kind, errors);
        var employeeId = ApiRequests.Id(employee, "employee", errors);
        var paging = ApiRequests.Page(page, pageSize, errors);
        if (errors.Count > 0)
        {
            return ApiRequests.Invalid(errors, text);
        }

        var result = await reader.ReadAsync(await HttpUser.GetAsync(http, ct), new AuditQuery(first, last, kinds, employeeId, paging), ct);
        return TypedResults.Ok(new AuditResponse(paging.Page, paging.PageSize, result.Total, result.Items));
    }

    /// <summary>The kinds asked for (<c>periodClosed,valueChanged</c>); an error at <c>kind</c> for any that is none.</summary>
    private static HashSet<AuditAction>? Kinds(string? text, List<DomainError> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var kinds = new HashSet<AuditAction>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (AuditKinds.Parse(part) is { } action)
            {
                kinds.Add(action);
            }
            else
            {
                errors.Add(ApiRequests.Error(ApiRequests.BadKind, "kind", ("value", part.Length > 100 ? part[..100] + "…" : part),
                    ("kinds", string.Join(", ", AuditKinds.All))));
                break;
            }
        }

        return kinds;
    }
}
