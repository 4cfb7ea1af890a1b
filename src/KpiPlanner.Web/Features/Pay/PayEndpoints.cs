using System.ComponentModel;
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
/// <c>POST /api/pay/check</c> (the pay over every combination of band outcomes, summarised). Any signed-in user may call them (the
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
    /// The most outcomes <c>/check</c> walks: the domain's own limit (7 KPIs × 5 bands = 78 125 fit). The answer is a
    /// summary of a few kilobytes whatever their number (the outcomes only a page at a time, on request), and the walk
    /// holds none of them, so the work stays bounded too.
    /// </summary>
    internal const int MaxCheckOutcomes = SchemeCheck.MaxOutcomes;

    private const string CheckExample = """
        { "count": 9, "min": 22500, "plan": 30000, "max": 37500, "bandCounts": [3, 3],
          "histogram": [ { "from": 22500, "to": 24000, "count": 1 }, { "from": 24000, "to": 25500, "count": 0 },
            { "from": 25500, "to": 27000, "count": 2 }, { "from": 27000, "to": 28500, "count": 0 }, { "from": 28500, "to": 30000, "count": 0 },
            { "from": 30000, "to": 31500, "count": 3 }, { "from": 31500, "to": 33000, "count": 0 }, { "from": 33000, "to": 34500, "count": 2 },
            { "from": 34500, "to": 36000, "count": 0 }, { "from": 36000, "to": 37500, "count": 1 } ],
          "matrix": { "rowKpi": "План продаж", "columnKpi": "План работ", "rowCoefficients": [0.5, 1, 1.5], "columnCoefficients": [0.5, 1, 1.5],
            "totals": [ [22500, 26250, 30000], [26250, 30000, 33750], [30000, 33750, 37500] ] },
          "warnings": [ { "path": "kpis", "code": "scheme.kpi_count_not_recommended", "message": "Обычно в мотивационной схеме 3–5 показателей, в этой — 2." } ],
          "page": null, "pageSize": null, "outcomes": null }
        """;

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
            .WithSummary("Check a motivation scheme: min, plan and max pay, a histogram over every combination of band outcomes, the two-KPI matrix; the outcomes a page at a time on request.")
            .WithDescription(
                "Walks every combination of the KPIs' bands, each band at its (end) coefficient, capped; plan = every KPI in "
                + "the band holding 100 %. plan/fact in the body are ignored. The answer is a summary: count, min, plan, max, "
                + "bandCounts, a histogram of the pay over all combinations (up to 10 equal-width buckets from min to max, "
                + "edges rounded to kopecks; each counts [from, to), the last [from, to]) and, for a scheme of exactly two KPIs "
                + "— or the two named by matrixRows and matrixColumns — the matrix: totals[r][c] is the pay with the first KPI "
                + "in band r and the second in band c, every other KPI in its plan band (the article's table 6; null beyond 2 500 cells). "
                + "The outcomes themselves are listed only with outcomes=true, one page (page from 1, default 1; pageSize 1–1000, "
                + "default 100; empty past the last), in the order of the combinations: the last KPI turning fastest, so 2 KPIs "
                + "read row by row. At most 100 000 combinations (7 KPIs × 5 bands = 78 125 fit; more get a 400 with code "
                + "check.too_many_outcomes). Invalid input — in the body or the query — gets a 400 listing every error by "
                + "field or parameter name, in the request's language (Accept-Language: ru-RU or en-US).")
            .Accepts<PayCheckRequest>("application/json")
            .Produces<PayCheckResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .Produces(StatusCodes.Status401Unauthorized)
            .WithExample(StatusCodes.Status200OK, CheckExample)
            .WithExample(StatusCodes.Status400BadRequest, """
                { "type": "https://tools.ietf.org/html/rfc9110#section-15.5.1", "title": "В данных есть ошибки: исправьте указанные поля.", "status": 400,
                  "errors": { "pageSize": [ "Размер страницы «5000» недопустим: укажите целое число от 1 до 1 000." ] },
                  "codes": { "pageSize": [ "api.bad_page_size" ] } }
                """);

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
        HttpContext http,
        [Description("true to list the outcomes (one page); default false: the summary only.")] string? outcomes,
        [Description("With outcomes=true: the page, from 1 (default 1).")] string? page,
        [Description("With outcomes=true: outcomes per page, 1–1000 (default 100).")] string? pageSize,
        [Description("The KPI (by name) whose bands are the matrix's rows; with matrixColumns. Default for a two-KPI scheme: the first.")] string? matrixRows,
        [Description("The KPI (by name) whose bands are the matrix's columns; with matrixRows. Default for a two-KPI scheme: the second.")] string? matrixColumns,
        CancellationToken cancellationToken)
    {
        var (request, errors, text, problem) = await ReadRequestAsync(http, PayRequestReader.ReadCheck, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var query = new List<DomainError>();
        var list = Flag(outcomes, "outcomes", query);
        var paging = ApiRequests.Page(page, pageSize, query);
        var scheme = PaySchemeMapper.Scheme(request.Fixed, request.PlannedVariable, request.Kpis, errors);
        var matrix = scheme is null ? null : MatrixKpis(scheme, matrixRows, matrixColumns, query);
        foreach (var error in query)
        {
            errors.Add(error);
        }

        if (scheme is null || errors.Count > 0)
        {
            return Invalid(errors.All, text);
        }

        var check = SchemeCheck.Summarize(scheme, matrix, MaxCheckOutcomes);
        if (!check.IsValid)
        {
            return Invalid(check.Errors, text);
        }

        var summary = check.Value;
        return TypedResults.Ok(new PayCheckResponse(
            summary.Count,
            summary.Min,
            summary.Plan,
            summary.Max,
            summary.BandCounts,
            [.. summary.Histogram.Select(b => new PayCheckBucket(b.From, b.To, b.Count))],
            summary.Matrix is { } m
                ? new PayCheckMatrix(scheme.Kpis[m.RowKpi].Name, scheme.Kpis[m.ColumnKpi].Name, m.RowCoefficients, m.ColumnCoefficients, m.Totals)
                : null,
            Warnings(scheme, text),
            list ? paging.Page : null,
            list ? paging.PageSize : null,
            list
                ? [.. summary.Outcomes(paging.Skip, paging.PageSize).Select(o => new PayCheckOutcome(o.BandIndexes, o.Coefficients, o.Variable, o.Total, o.Gated))]
                : null));
    }

    /// <summary>The two KPIs named for the matrix (both or neither, different, of the scheme), or null for the default.</summary>
    private static (int Rows, int Columns)? MatrixKpis(MotivationScheme scheme, string? rows, string? columns, List<DomainError> errors)
    {
        if (rows is null && columns is null)
        {
            return null;
        }

        int? Find(string? name, string path)
        {
            if (name is null)
            {
                return null;
            }

            var index = scheme.Kpis.ToList().FindIndex(k => string.Equals(k.Name, name, StringComparison.Ordinal));
            if (index < 0)
            {
                errors.Add(ApiRequests.Error(ApiRequests.UnknownKpi, path, ("value", name)));
                return null;
            }

            return index;
        }

        var before = errors.Count;
        var (row, column) = (Find(rows, "matrixRows"), Find(columns, "matrixColumns"));
        if (errors.Count > before)
        {
            return null;
        }

        if (row is not { } r || column is not { } c || r == c)
        {
            errors.Add(ApiRequests.Error(ApiRequests.MatrixKpis, rows is null ? "matrixRows" : "matrixColumns"));
            return null;
        }

        return (r, c);
    }

    /// <summary>A true/false of the query string (absent = false), or an error at its name.</summary>
    private static bool Flag(string? value, string name, List<DomainError> errors)
    {
        if (string.IsNullOrWhiteSpace(value) || string.Equals(value, "false", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (string.Equals(value, "true", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        errors.Add(PayRequestErrors.Create(PayRequestErrors.NotABoolean, name));
        return false;
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
