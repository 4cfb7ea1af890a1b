using System.Text.Json;
using KpiPlanner.Domain.Validation;
using KpiPlanner.Web.Hosting;
using KpiPlanner.Web.Localization;
using KpiPlanner.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KpiPlanner.Web.Features.PayReview;

/// <summary>
/// The pay run over HTTP: where a month stands, its lifecycle steps and its pay lines. The steps are those of the pay
/// page — the same <see cref="PayReviewService"/> calls, so the same rules, row lock and audit log (who is the account
/// calling) — for HR and the owner. A step the month's state refuses is a 409 naming why (<c>code</c>); a reason that is
/// missing is a 400 at <c>reason</c>; a refused step writes nothing. The pay lines are read within the caller's scope.
/// </summary>
internal static class PeriodEndpoints
{
    private const string PeriodExample = """
        { "month": "2026-11", "status": "approved", "stale": false, "lines": 19, "total": 612450.00,
          "calculated": { "at": "2026-12-01T09:12:00+00:00", "by": "hr@demo.local" },
          "approved": { "at": "2026-12-02T10:00:00+00:00", "by": "owner@demo.local" }, "closed": null, "missingFactsCountedAsZero": false }
        """;

    private const string ConflictExample = """
        { "type": "https://tools.ietf.org/html/rfc9110#section-15.5.10", "title": "Этот шаг периода сейчас невозможен", "status": 409,
          "detail": "Период «ноябрь 2026» ещё не утверждён: сначала утвердите расчёт.", "code": "period.not_approved", "month": "2026-11", "periodStatus": "calculated" }
        """;

    private const string BadMonthExample = """
        { "type": "https://tools.ietf.org/html/rfc9110#section-15.5.1", "title": "В данных есть ошибки: исправьте перечисленные поля.", "status": 400,
          "errors": { "month": ["Месяц «2026-13» не распознан: укажите его как ГГГГ-ММ, с 2000-01 по 2100-12, например 2026-10."] },
          "codes": { "month": ["api.bad_month"] } }
        """;

    public static IEndpointRouteBuilder MapPeriodEndpoints(this IEndpointRouteBuilder app)
    {
        var period = app.MapGroup("/api/periods/{month}").WithTags("Pay run");

        Step(app.MapGet("/api/periods/{month}", GetAsync).WithTags("Pay run"), "GetPeriod", "Where a month (yyyy-MM) stands: status, who calculated, approved and closed it and when, stale or not.",
                "For HR and the owner. A month nothing happened to yet is open with no lines. stale: plans, facts or entered bonuses changed "
                + "after the last calculation — approving and closing are refused until it is recalculated.")
            .Produces<PeriodResponse>()
            .WithExample(StatusCodes.Status200OK, PeriodExample);

        Step(period.MapPost("/calculate", CalculateAsync), "CalculatePeriod", "Calculate (or recalculate) the month's pay: every pay line replaced in one transaction.",
                "Each person employed in the month with the scheme version in force then; hires and leavers prorated. Refused with 409 "
                + "once the month is approved (revoke the approval first) or closed. No body.")
            .Produces<CalculateResponse>()
            .WithExample(StatusCodes.Status200OK, "{ \"period\": " + PeriodExample + ", \"lines\": 19, \"changed\": 2, \"withoutScheme\": [] }");

        Step(period.MapPost("/approve", ApproveAsync), "ApprovePeriod", "Approve the calculated month.",
                "Refused with 409 before a calculation (period.not_calculated), when plans or facts changed since (period.stale), "
                + "when already approved or closed, and — the four-eyes rule — when the caller is the only person who changed the "
                + "month's pay by hand (period.four_eyes). No body.")
            .Produces<PeriodResponse>();

        Step(period.MapPost("/close", CloseAsync), "ClosePeriod", "Close the approved month for good: its plans, facts and pay no longer change.",
                "Body (optional): { \"countMissingAsZero\": true, \"closeEarly\": true }. With plans or facts missing the close is refused with "
                + "409 period.missing_facts and the list of who misses what (missing) unless countMissingAsZero; a month not over yet "
                + "is refused with 409 period.not_over unless closeEarly. Both decisions are recorded in the audit log.")
            .Accepts<CloseRequest>(isOptional: true, "application/json")
            .Produces<PeriodResponse>()
            .WithExample(StatusCodes.Status409Conflict, ConflictExample, "{ \"countMissingAsZero\": true, \"closeEarly\": false }");

        Step(period.MapPost("/reopen", ReopenAsync), "ReopenPeriod", "Re-open a closed month, with a reason (kept in the audit log).",
                "Body: { \"reason\": \"…\" } (required, at most 1 000 characters; a missing one is a 400 at reason). The month becomes "
                + "calculated again: correct, recalculate, approve and close it anew. Refused with 409 unless closed.")
            .Accepts<ReasonRequest>(isOptional: true, "application/json")
            .Produces<PeriodResponse>()
            .WithExample(StatusCodes.Status200OK, PeriodExample.Replace("\"approved\", \"stale\"", "\"calculated\", \"stale\"", StringComparison.Ordinal),
                "{ \"reason\": \"Факты продаж за месяц исправлены по данным 1С\" }");

        Step(period.MapPost("/revoke-approval", RevokeAsync), "RevokePeriodApproval", "Take back the month's approval, with a reason, to correct and recalculate it.",
                "Body: { \"reason\": \"…\" } (required). Refused with 409 unless approved.")
            .Accepts<ReasonRequest>(isOptional: true, "application/json")
            .Produces<PeriodResponse>();

        period.MapGet("/pay-lines", PayLinesAsync)
            .WithName("PayLines")
            .WithSummary("The month's pay lines, each with its explanation: one page, by name.")
            .WithDescription(
                "page from 1 (default 1), pageSize 1–1000 (default 100); department keeps the lines paid in that department and its "
                + "sub-departments. Signed-in callers see the lines of the people they may read: HR and the owner everyone, a manager "
                + "their team and themselves, an employee themselves; a department outside that scope is answered as one that does not "
                + "exist (404). A month not calculated has no lines. Each line: fixed, variable, bonus, adjustments (with reasons), "
                + "total, and per KPI plan, fact, completion, band, coefficient, weight and contribution.")
            .Produces<PayLinesResponse>()
            .ProducesValidationProblem()
            .Produces(StatusCodes.Status401Unauthorized)
            .Produces(StatusCodes.Status404NotFound)
            .WithExample(StatusCodes.Status400BadRequest, BadMonthExample)
            .RequireAuthorization();

        return app;
    }

    /// <summary>The metadata every pay-run step shares: its name and words, HR and the owner only, 400 / 409 problems.</summary>
    private static RouteHandlerBuilder Step(RouteHandlerBuilder builder, string name, string summary, string description) =>
        builder.WithName(name).WithSummary(summary).WithDescription(description)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .Produces(StatusCodes.Status401Unauthorized)
            .Produces(StatusCodes.Status403Forbidden)
            .RequireAuthorization(Policies.RunPayroll);

    private static async Task<IResult> GetAsync(string month, HttpContext http, PayRunReader reader, CancellationToken ct)
    {
        var errors = new List<DomainError>();
        return ApiRequests.Month(month, errors) is not { } first
            ? ApiRequests.Invalid(errors, DomainErrorText.For(http.RequestServices))
            : TypedResults.Ok(PeriodResponse.Of(await reader.PeriodAsync(await HttpUser.GetAsync(http, ct), first, ct)));
    }

    private static Task<IResult> CalculateAsync(string month, HttpContext http, PayReviewService review, PayRunReader reader, CancellationToken ct) =>
        RunAsync<CalculateResponse>(month, http, reader, false, async (user, first, _) =>
        {
            var run = await review.CalculateAsync(user, first, ct);
            return (run.Errors, state => new CalculateResponse(PeriodResponse.Of(state), run.Lines, run.Changed, run.WithoutScheme));
        }, ct);

    private static Task<IResult> ApproveAsync(string month, HttpContext http, PayReviewService review, PayRunReader reader, CancellationToken ct) =>
        RunAsync<PeriodResponse>(month, http, reader, false, async (user, first, _) => (await review.ApproveAsync(user, first, ct), PeriodResponse.Of), ct);

    private static Task<IResult> CloseAsync(string month, HttpContext http, PayReviewService review, PayRunReader reader, CancellationToken ct)
    {
        IReadOnlyList<KpiPlanner.Infrastructure.Payroll.MissingFacts> missing = [];
        return RunAsync<PeriodResponse>(month, http, reader, true, async (user, first, body) =>
        {
            var errors = new List<DomainError>();
            var countMissing = ApiRequests.Flag(body, "countMissingAsZero", errors);
            var early = ApiRequests.Flag(body, "closeEarly", errors);
            if (errors.Count > 0)
            {
                return (errors, PeriodResponse.Of);
            }

            var result = await review.CloseAsync(user, first, countMissing, early, ct);
            missing = result.Missing;
            return (result.Errors, PeriodResponse.Of);
        }, ct, () => missing.Count == 0 ? null : [.. missing.Select(m => new MissingFactsResponse(m.EmployeeId, m.PersonnelNumber, m.Name, m.Kpis))]);
    }

    private static Task<IResult> ReopenAsync(string month, HttpContext http, PayReviewService review, PayRunReader reader, CancellationToken ct) =>
        RunAsync<PeriodResponse>(month, http, reader, true, async (user, first, body) =>
        {
            var errors = new List<DomainError>();
            var reason = ApiRequests.Text(body, "reason", errors);
            return (errors.Count > 0 ? errors : await review.ReopenAsync(user, first, reason, ct), PeriodResponse.Of);
        }, ct);

    private static Task<IResult> RevokeAsync(string month, HttpContext http, PayReviewService review, PayRunReader reader, CancellationToken ct) =>
        RunAsync<PeriodResponse>(month, http, reader, true, async (user, first, body) =>
        {
            var errors = new List<DomainError>();
            var reason = ApiRequests.Text(body, "reason", errors);
            return (errors.Count > 0 ? errors : await review.RevokeApprovalAsync(user, first, reason, ct), PeriodResponse.Of);
        }, ct);

    /// <summary>
    /// One lifecycle step: the month and the body read (400 / 413 / 415 before anything runs), the step, then the month as
    /// it stands after it. Errors at a field of the body (<c>reason</c>, a flag of the wrong kind) are a 400; the month's
    /// state refusing the step is a 409 with the refusal's code and, for a close, who misses what.
    /// </summary>
    internal static async Task<IResult> RunAsync<T>(
        string month, HttpContext http, PayRunReader reader, bool readsBody,
        Func<UserContext, DateOnly, JsonElement, Task<(IReadOnlyList<DomainError> Errors, Func<PeriodState, T> Answer)>> step,
        CancellationToken ct, Func<MissingFactsResponse[]?>? missing = null)
    {
        var text = DomainErrorText.For(http.RequestServices);
        var errors = new List<DomainError>();
        if (ApiRequests.Month(month, errors) is not { } first)
        {
            return ApiRequests.Invalid(errors, text);
        }

        var body = default(JsonElement);
        if (readsBody)
        {
            (body, var problem) = await ApiRequests.ReadObjectAsync(http.Request, text, ct);
            if (problem is not null)
            {
                return problem;
            }
        }

        var user = await HttpUser.GetAsync(http, ct);
        var (refused, answer) = await step(user, first, body);
        if (refused.Count > 0 && refused.All(e => e.Path == "reason" || !e.Code.StartsWith("period.", StringComparison.Ordinal)))
        {
            return ApiRequests.Invalid(refused, text);
        }

        var state = await reader.PeriodAsync(user, first, ct);
        if (refused.Count > 0)
        {
            var extensions = new Dictionary<string, object?>
            {
                ["code"] = refused[0].Code,
                ["month"] = KpiPlanner.Domain.Planning.Period.Key(first),
                ["periodStatus"] = PeriodApiNames.Of(state.Status),
            };
            if (missing?.Invoke() is { } people)
            {
                extensions["missing"] = people;
            }

            return TypedResults.Problem(string.Join(" ", refused.Select(text.Message)), statusCode: StatusCodes.Status409Conflict,
                title: text.Message(ApiRequests.StepRefused, fallback: ApiRequests.EnglishTemplates[ApiRequests.StepRefused]), extensions: extensions);
        }

        return TypedResults.Ok(answer(state));
    }

    private static async Task<IResult> PayLinesAsync(string month, string? page, string? pageSize, string? department, HttpContext http, PayRunReader reader,
        CancellationToken ct)
    {
        var text = DomainErrorText.For(http.RequestServices);
        var errors = new List<DomainError>();
        var first = ApiRequests.Month(month, errors);
        var paging = ApiRequests.Page(page, pageSize, errors);
        var departmentId = ApiRequests.Id(department, "department", errors);
        if (errors.Count > 0)
        {
            return ApiRequests.Invalid(errors, text);
        }

        var lines = await reader.PayLinesAsync(await HttpUser.GetAsync(http, ct), first!.Value, departmentId, paging, ct);
        return lines is null
            ? TypedResults.NotFound()
            : TypedResults.Ok(new PayLinesResponse(KpiPlanner.Domain.Planning.Period.Key(first.Value), PeriodApiNames.Of(lines.Status), paging.Page, paging.PageSize,
                lines.Total, [.. lines.Items.Select(PayLineResponse.Of)]));
    }
}
