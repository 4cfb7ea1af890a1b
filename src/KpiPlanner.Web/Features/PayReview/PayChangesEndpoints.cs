using System.ComponentModel;
using KpiPlanner.Domain.Validation;
using KpiPlanner.Web.Features.Pay;
using KpiPlanner.Web.Hosting;
using KpiPlanner.Web.Localization;
using KpiPlanner.Web.Security;

namespace KpiPlanner.Web.Features.PayReview;

/// <summary>The body of <c>POST /api/periods/{month}/adjustments</c>.</summary>
public sealed record AdjustmentRequest
{
    [Description("The employee whose calculated pay line is adjusted (the ids of GET /api/employees).")]
    public int? EmployeeId { get; init; }

    [Description("The amount, ₽: positive adds, negative deducts; not 0, whole kopecks.")]
    public decimal? Amount { get; init; }

    [Description("Why (required, at most 1 000 characters): kept with the adjustment and in the audit log.")]
    public string? Reason { get; init; }
}

/// <summary>The body of <c>PUT /api/periods/{month}/bonuses/{employeeId}</c>.</summary>
public sealed record BonusRequest
{
    [Description("The month's bonus, ₽: ≥ 0, whole kopecks. It counts from the next calculation on.")]
    public decimal? Amount { get; init; }
}

/// <summary>A month's adjustments, oldest first.</summary>
public sealed record AdjustmentsResponse(string Month, string Status, IReadOnlyList<AdjustmentRead> Items);

/// <summary>A month's entered bonuses, by name.</summary>
public sealed record BonusesResponse(string Month, string Status, IReadOnlyList<EnteredBonusRead> Items);

/// <summary>
/// A month's pay changed by hand over HTTP: adjustments (with their reasons) and bonuses entered per period — the pay
/// page's own <see cref="PayReviewService"/> calls, so the same rules: <see cref="Duty.AdjustPay"/> (HR, a payrun key),
/// never on one's own line, a calculated month that is neither approved nor closed (else 409, nothing written), the
/// month's row lock, the audit log naming the caller — who then cannot approve the month alone (four eyes).
/// An adjustment is never edited or removed (the page cannot either): a correcting one with the opposite amount is added.
/// </summary>
internal static class PayChangesEndpoints
{
    public const string BonusNotEntered = "api.bonus_not_entered";

    public const string BonusNotEnteredTemplate = "This person's scheme does not take a bonus entered per month (its bonus rule is not \"entered\").";

    public static IEndpointRouteBuilder MapPayChangesEndpoints(this IEndpointRouteBuilder app)
    {
        var period = app.MapGroup("/api/periods/{month}").WithTags("Pay run");

        period.MapGet("/adjustments", AdjustmentsAsync).WithName("ListAdjustments")
            .WithSummary("The month's adjustments, oldest first: who, how much, why, entered by whom and when.")
            .WithDescription("For HR, the owner and payrun keys. The pay lines (GET …/pay-lines) carry each person's adjustments too.")
            .Produces<AdjustmentsResponse>().ProducesValidationProblem()
            .Produces(StatusCodes.Status401Unauthorized).Produces(StatusCodes.Status403Forbidden)
            .RequireAuthorization(Policies.RunPayroll);

        period.MapPost("/adjustments", AdjustAsync).WithName("AddAdjustment")
            .WithSummary("Add an adjustment to a person's calculated pay line, with its reason.")
            .WithDescription("Body: { \"employeeId\": 12, \"amount\": -1500, \"reason\": \"…\" }. HR or a payrun key (not the owner, as on the pay page), "
                + "never on the caller's own line (pay.own_line). A missing reason, a zero amount or a person without a pay line this month "
                + "(adjustment.not_calculated) is a 400 at its field; an approved or closed month is a 409 (period.approved, period.closed). "
                + "Audited; the month's total changes at once, no recalculation needed.")
            .Accepts<AdjustmentRequest>("application/json")
            .Produces<PeriodResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .Produces(StatusCodes.Status401Unauthorized).Produces(StatusCodes.Status403Forbidden)
            .WithExample(StatusCodes.Status409Conflict, """
                { "type": "https://tools.ietf.org/html/rfc9110#section-15.5.10", "title": "Этот шаг периода сейчас невозможен", "status": 409,
                  "detail": "Период «ноябрь 2026» закрыт.", "code": "period.closed", "month": "2026-11", "periodStatus": "closed" }
                """, """{ "employeeId": 12, "amount": -1500, "reason": "Удержание за невозвращённый ноутбук" }""")
            .RequireAuthorization(Policies.AdjustPay);

        period.MapGet("/bonuses", BonusesAsync).WithName("ListEnteredBonuses")
            .WithSummary("The bonuses entered for the month (schemes whose bonus is entered per period), by name.")
            .WithDescription("For HR, the owner and payrun keys.")
            .Produces<BonusesResponse>().ProducesValidationProblem()
            .Produces(StatusCodes.Status401Unauthorized).Produces(StatusCodes.Status403Forbidden)
            .RequireAuthorization(Policies.RunPayroll);

        period.MapPut("/bonuses/{employeeId:int}", SetBonusAsync).WithName("SetEnteredBonus")
            .WithSummary("Enter (or change) a person's bonus for the month.")
            .WithDescription("Body: { \"amount\": 5000 }. For a person with a calculated pay line whose scheme's bonus is entered per period "
                + "(else 400 at employeeId). It counts from the next calculation on: the month becomes stale until recalculated. "
                + "HR or a payrun key, never for oneself; an approved or closed month is a 409. Audited with the amount before.")
            .Accepts<BonusRequest>("application/json")
            .Produces<PeriodResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .Produces(StatusCodes.Status401Unauthorized).Produces(StatusCodes.Status403Forbidden)
            .WithExample(StatusCodes.Status200OK, """
                { "month": "2026-12", "status": "calculated", "stale": true, "lines": 19, "total": 612450.00,
                  "calculated": { "at": "2026-12-20T09:12:00+00:00", "by": "hr@demo.local" }, "approved": null, "closed": null, "missingFactsCountedAsZero": false }
                """, """{ "amount": 5000 }""")
            .RequireAuthorization(Policies.AdjustPay);

        return app;
    }

    private static async Task<IResult> AdjustmentsAsync(string month, HttpContext http, PayChangesReader changes, PayRunReader reader, CancellationToken ct)
    {
        var errors = new List<DomainError>();
        if (ApiRequests.Month(month, errors) is not { } first)
        {
            return ApiRequests.Invalid(errors, DomainErrorText.For(http.RequestServices));
        }

        var user = await HttpUser.GetAsync(http, ct);
        var state = await reader.PeriodAsync(user, first, ct);
        return TypedResults.Ok(new AdjustmentsResponse(month, PeriodApiNames.Of(state.Status), await changes.AdjustmentsAsync(user, first, ct)));
    }

    private static async Task<IResult> BonusesAsync(string month, HttpContext http, PayChangesReader changes, PayRunReader reader, CancellationToken ct)
    {
        var errors = new List<DomainError>();
        if (ApiRequests.Month(month, errors) is not { } first)
        {
            return ApiRequests.Invalid(errors, DomainErrorText.For(http.RequestServices));
        }

        var user = await HttpUser.GetAsync(http, ct);
        var state = await reader.PeriodAsync(user, first, ct);
        return TypedResults.Ok(new BonusesResponse(month, PeriodApiNames.Of(state.Status), await changes.BonusesAsync(user, first, ct)));
    }

    private static Task<IResult> AdjustAsync(string month, HttpContext http, PayReviewService review, PayRunReader reader, CancellationToken ct) =>
        PeriodEndpoints.RunAsync<PeriodResponse>(month, http, reader, true, async (user, first, body) =>
        {
            var errors = new List<DomainError>();
            var request = TypedBody.From<AdjustmentRequest>(body, errors);
            if (request is null)
            {
                return (errors, PeriodResponse.Of);
            }

            Required(request.EmployeeId, "employeeId", errors);
            Required(request.Amount, "amount", errors);
            if (errors.Count > 0)
            {
                return (errors, PeriodResponse.Of);
            }

            return (await review.AdjustAsync(user, first, request.EmployeeId!.Value, request.Amount!.Value, request.Reason, ct), PeriodResponse.Of);
        }, ct);

    private static Task<IResult> SetBonusAsync(string month, int employeeId, HttpContext http, PayReviewService review, PayRunReader reader, CancellationToken ct) =>
        PeriodEndpoints.RunAsync<PeriodResponse>(month, http, reader, true, async (user, first, body) =>
        {
            var errors = new List<DomainError>();
            var request = TypedBody.From<BonusRequest>(body, errors);
            if (request is null)
            {
                return (errors, PeriodResponse.Of);
            }

            Required(request.Amount, "amount", errors);
            var line = await review.DetailAsync(user, first, employeeId, ct);
            if (line is null)
            {
                errors.Add(DomainErrors.Create(DomainErrors.AdjustmentNotCalculated, "employeeId", ("month", new KpiPlanner.Domain.Planning.Month(first))));
            }
            else if (!line.TakesEnteredBonus)
            {
                errors.Add(DomainError.FromTemplate(BonusNotEnteredTemplate, BonusNotEntered, "employeeId"));
            }

            return errors.Count > 0
                ? (errors, PeriodResponse.Of)
                : ([.. (await review.SetBonusAsync(user, first, employeeId, request.Amount!.Value, ct)).Select(e => e.Path == "bonus" ? e with { Path = "amount" } : e)],
                    PeriodResponse.Of);
        }, ct);

    private static void Required<T>(T? value, string path, List<DomainError> errors)
        where T : struct
    {
        if (value is null)
        {
            errors.Add(PayRequestErrors.Create(PayRequestErrors.Required, path));
        }
    }
}
