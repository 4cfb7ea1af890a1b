using System.Text.Json;
using KpiPlanner.Domain.Check;
using KpiPlanner.Domain.Pay;
using KpiPlanner.Domain.Schemes;
using KpiPlanner.Domain.Validation;
using KpiPlanner.Web.Localization;
using Microsoft.AspNetCore.Http.HttpResults;

using KpiPlanner.Web.Hosting;

namespace KpiPlanner.Web.Features.Pay;

/// <summary>
/// The stateless pay engine over HTTP: <c>POST /api/pay/preview</c> (the pay of one period from plans and facts) and
/// <c>POST /api/pay/check</c> (the pay in every combination of band outcomes). Any signed-in user may call them (the
/// app's fallback policy); nothing is stored.
/// <para>
/// The body is read here, not by model binding, so that bad input of any kind — malformed JSON, a string or
/// <c>1e400</c> where a decimal belongs, missing fields, and every rule of the domain — gets a 400 validation problem
/// listing every error by field path (<c>kpis[1].scale.bands[2].to</c>) in the request's language, never a 500.
/// </para>
/// </summary>
internal static class PayEndpoints
{
    /// <summary>A scheme of 7 KPIs with a dozen bands each is a few kilobytes; anything near this is not a scheme.</summary>
    internal const int MaxBodyBytes = 1024 * 1024;

    /// <summary>
    /// The most outcomes <c>/check</c> lists: 5 KPIs × 5 bands, the article's largest check. Each outcome repeats every KPI's
    /// band and coefficient, so the domain's own limit (<see cref="SchemeCheck.MaxOutcomes"/>, 100 000) let a 2 KB scheme
    /// of 7 KPIs get a 10 MB answer; at this limit the answer stays below the body limit the endpoint accepts.
    /// </summary>
    internal const int MaxCheckOutcomes = 3_125;

    /// <summary>The most fields with errors a 400 lists; beyond them <c>errorCount</c> counts every error.</summary>
    internal const int MaxListedPaths = 100;

    public static IEndpointRouteBuilder MapPayEndpoints(this IEndpointRouteBuilder app)
    {
        var pay = app.MapGroup("/api/pay").WithTags("Pay");

        pay.MapPost("/preview", PreviewAsync)
            .WithName("PayPreview")
            .WithSummary("Calculate one period's pay from a motivation scheme and each KPI's plan and fact.")
            .WithDescription(
                "For each KPI: completion (percent, exact: fact / plan, plan / fact when lower is better, or for measure growth "
                + "(fact − base) / (plan − base)) → band → coefficient (capped) → weight × coefficient; "
                + "variable = planned variable × Σ, rounded once to kopecks half away from zero (0 when a gate KPI is "
                + "below its threshold); total = fixed + variable + bonus. Nothing is stored. Invalid input gets a 400 "
                + "listing every error by field path, in the request's language (Accept-Language: ru-RU or en-US).")
            .Accepts<PayPreviewRequest>("application/json")
            .Produces<PayPreviewResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .Produces(StatusCodes.Status401Unauthorized);

        pay.MapPost("/check", CheckAsync)
            .WithName("PayCheck")
            .WithSummary("Check a motivation scheme: the pay in every combination of band outcomes, with min, plan and max.")
            .WithDescription(
                "Enumerates every combination of the KPIs' bands (the last KPI turning fastest, so 2 KPIs read row by "
                + "row like the article's table 6), each band at its (end) coefficient, capped. Plan = every KPI in the "
                + "band holding 100 %. plan/fact in the body are ignored. At most 3 125 outcomes (5 KPIs × 5 bands; more get a "
                + "400 with code check.too_many_outcomes). Invalid input gets "
                + "a 400 listing every error by field path.")
            .Accepts<PayCheckRequest>("application/json")
            .Produces<PayCheckResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .Produces(StatusCodes.Status401Unauthorized);

        return app;
    }

    private static async Task<Results<Ok<PayPreviewResponse>, ValidationProblem, ProblemHttpResult>> PreviewAsync(
        HttpContext http, CancellationToken cancellationToken)
    {
        var (request, errors, text, problem) = await ReadRequestAsync(http, PayRequestReader.ReadPreview, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var scheme = PaySchemeMapper.Scheme(request.Fixed, request.PlannedVariable, request.Kpis, errors);
        var results = PaySchemeMapper.Results(request.Kpis, errors);
        var bonus = PaySchemeMapper.Bonus(request.Bonus, errors);
        if (scheme is null || errors.Count > 0)
        {
            return Invalid(errors.All, text);
        }

        var pay = PayCalculator.Calculate(scheme, results, bonus);
        if (!pay.IsValid)
        {
            return Invalid(pay.Errors, text);
        }

        return TypedResults.Ok(ToResponse(pay.Value, scheme, request.Kpis!, text));
    }

    private static async Task<Results<Ok<PayCheckResponse>, ValidationProblem, ProblemHttpResult>> CheckAsync(
        HttpContext http, CancellationToken cancellationToken)
    {
        var (request, errors, text, problem) = await ReadRequestAsync(http, PayRequestReader.ReadCheck, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var scheme = PaySchemeMapper.Scheme(request.Fixed, request.PlannedVariable, request.Kpis, errors);
        if (scheme is null)
        {
            return Invalid(errors.All, text);
        }

        var check = SchemeCheck.Run(scheme, MaxCheckOutcomes);
        if (!check.IsValid)
        {
            return Invalid(check.Errors, text);
        }

        return TypedResults.Ok(ToResponse(check.Value, scheme, text));
    }

    private static PayPreviewResponse ToResponse(PayResult pay, MotivationScheme scheme,
        IReadOnlyList<PayPreviewKpiRequest> requested, DomainErrorText text) => new(
        [
            .. pay.Kpis.Select((k, i) => new PayPreviewKpiResult(
                k.Name,
                k.Weight,
                k.Completion.IsPositiveInfinity ? null : k.Completion.Value,
                k.Completion.IsPositiveInfinity,
                k.Coefficient,
                k.Capped,
                k.BandLabel,
                k.BandIndex,
                k.WeightedCoefficient,
                k.Contribution,
                k.GateFailed,
                PaySchemeMapper.MeasureUsed(requested[i]))),
        ],
        pay.WeightedSum,
        pay.Fixed,
        pay.PlannedVariable,
        pay.Variable,
        pay.Bonus,
        pay.Total,
        pay.Gated,
        pay.GatedBy,
        Warnings(scheme, text));

    private static PayCheckResponse ToResponse(CheckResult check, MotivationScheme scheme, DomainErrorText text) => new(
        [.. check.Outcomes.Select(o => new PayCheckOutcome(o.BandIndexes, o.Coefficients, o.Variable, o.Total, o.Gated))],
        check.Min,
        check.Plan,
        check.Max,
        check.BandCounts,
        Warnings(scheme, text));

    private static PayWarning[] Warnings(MotivationScheme scheme, DomainErrorText text) =>
        [.. scheme.Warnings.Select(w => new PayWarning(w.Path, w.Code, text.Message(w)))];

    /// <summary>
    /// The request <paramref name="read"/> makes of the body, with the errors it found and the caller's language; or
    /// the problem to answer when the body is not JSON at all (see <see cref="ReadBodyAsync"/>).
    /// </summary>
    private static async Task<(T Request, RequestErrors Errors, DomainErrorText Text, ProblemHttpResult? Problem)> ReadRequestAsync<T>(
        HttpContext http, Func<JsonElement, RequestErrors, T> read, CancellationToken cancellationToken)
        where T : class
    {
        var text = DomainErrorText.For(http.RequestServices);
        var errors = new RequestErrors();
        var (root, problem) = await ReadBodyAsync(http.Request, text, cancellationToken);
        return problem is not null ? (null!, errors, text, problem) : (read(root, errors), errors, text, null);
    }

    /// <summary>
    /// The body as JSON, or the problem to answer: 415 when it is not JSON, 413 when too large, 400 (with the path where
    /// it breaks) when it does not parse.
    /// </summary>
    private static async Task<(JsonElement Root, ProblemHttpResult? Problem)> ReadBodyAsync(
        HttpRequest request, DomainErrorText text, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
        {
            return (default, TypedResults.Problem(
                text.Message(PayRequestErrors.UnsupportedMediaType, fallback: PayRequestErrors.EnglishTemplates[PayRequestErrors.UnsupportedMediaType]),
                statusCode: StatusCodes.Status415UnsupportedMediaType));
        }

        var body = await RequestBody.ReadLimitedAsync(request, MaxBodyBytes, cancellationToken);
        if (body.Refused is { } refused)
        {
            return (default, TypedResults.Problem(refused.Message, statusCode: refused.StatusCode));
        }

        if (body.TooLarge)
        {
            var tooLarge = PayRequestErrors.Create(PayRequestErrors.TooLarge, string.Empty, ("max", MaxBodyBytes));
            return (default, TypedResults.Problem(text.Message(tooLarge), statusCode: StatusCodes.Status413PayloadTooLarge));
        }

        var json = body.Bytes;

        try
        {
            // Cloned so the element outlives the document; a scheme is small.
            using var document = JsonDocument.Parse(json);
            return (document.RootElement.Clone(), null);
        }
        catch (JsonException e)
        {
            var error = PayRequestErrors.Create(PayRequestErrors.MalformedJson, PayRequestReader.PathOfSyntaxError(json.Span),
                ("line", (e.LineNumber ?? 0) + 1), ("position", (e.BytePositionInLine ?? 0) + 1));
            return (default, ToProblem([error], text));
        }
    }

    private static ValidationProblem Invalid(IReadOnlyList<DomainError> errors, DomainErrorText text)
    {
        var (listed, detail, extensions) = Listed(errors, text);
        return TypedResults.ValidationProblem(
            text.ByPath(listed),
            detail: detail,
            title: text.Resource(PayRequestErrors.Invalid, PayRequestErrors.EnglishTemplates[PayRequestErrors.Invalid]),
            extensions: extensions);
    }

    /// <summary>
    /// The errors a 400 lists: those of the first <see cref="MaxListedPaths"/> paths (a scale of 50 000 empty bands
    /// would otherwise answer megabytes), with <c>codes</c>, and — when some were left out — <c>errorCount</c> and a
    /// detail saying so in the request's language.
    /// </summary>
    private static (IReadOnlyList<DomainError> Listed, string? Detail, Dictionary<string, object?> Extensions) Listed(
        IReadOnlyList<DomainError> errors, DomainErrorText text)
    {
        var paths = new HashSet<string>(StringComparer.Ordinal);
        var listed = errors.Where(e => paths.Contains(e.Path) || (paths.Count < MaxListedPaths && paths.Add(e.Path))).ToList();
        var extensions = new Dictionary<string, object?> { ["codes"] = Codes(listed) };
        if (listed.Count == errors.Count)
        {
            return (listed, null, extensions);
        }

        extensions["errorCount"] = errors.Count;
        var more = PayRequestErrors.Create(PayRequestErrors.MoreErrors, string.Empty, ("shown", MaxListedPaths), ("count", errors.Count));
        return (listed, text.Message(more), extensions);
    }

    /// <summary>A malformed body as a validation problem too (same shape as every other 400), wrapped for the body reader.</summary>
    private static ProblemHttpResult ToProblem(IReadOnlyList<DomainError> errors, DomainErrorText text)
    {
        var (listed, detail, extensions) = Listed(errors, text);
        var details = new HttpValidationProblemDetails(text.ByPath(listed))
        {
            Status = StatusCodes.Status400BadRequest,
            Title = text.Resource(PayRequestErrors.Invalid, PayRequestErrors.EnglishTemplates[PayRequestErrors.Invalid]),
            Detail = detail,
            Type = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        };
        foreach (var (name, value) in extensions)
        {
            details.Extensions[name] = value;
        }

        return TypedResults.Problem(details);
    }

    /// <summary>The stable codes by path, beside the messages: <c>{ "kpis": ["scheme.weights_sum"] }</c>.</summary>
    private static Dictionary<string, string[]> Codes(IEnumerable<DomainError> errors) =>
        errors.GroupBy(e => e.Path, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Code).Distinct(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
}
