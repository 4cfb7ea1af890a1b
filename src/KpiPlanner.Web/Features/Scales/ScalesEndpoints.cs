using System.Globalization;
using KpiPlanner.Domain.Validation;
using KpiPlanner.Web.Features.Pay;
using KpiPlanner.Web.Features.Schemes;
using KpiPlanner.Web.Hosting;
using KpiPlanner.Web.Localization;
using KpiPlanner.Web.Security;

namespace KpiPlanner.Web.Features.Scales;

/// <summary>
/// The library of coefficient scales over HTTP: list, read, create, replace — through the scale editor's own
/// <see cref="ScalesService"/> (the domain's band rules, a unique name, the row version). A library scale is not
/// effective-dated: a scheme KPI copies its bands when the scheme is saved, so replacing them never changes a version
/// already saved or a month already paid (decision 016, "Scales and schemes"). Read by HR, the owner and whole-company
/// keys; written by <see cref="Duty.DesignSchemes"/> (HR, the owner, a <c>design</c> key).
/// </summary>
internal static class ScalesEndpoints
{
    private const string ScaleExample = """
        { "id": 1, "name": "Статья, таблица 3", "version": 815, "updatedAt": "2026-11-23T14:00:00+00:00", "cap": null,
          "bands": [ { "from": 0, "to": 50, "toInclusive": false, "coefficient": 0, "coefficientTo": null, "label": "план не выполнен" },
                     { "from": 50, "to": 90, "toInclusive": false, "coefficient": 0.5, "coefficientTo": null, "label": null },
                     { "from": 90, "to": 100, "toInclusive": true, "coefficient": 1, "coefficientTo": null, "label": "план выполнен" },
                     { "from": 100, "to": null, "toInclusive": false, "coefficient": 1.2, "coefficientTo": null, "label": null } ] }
        """;

    private const string BodyExample = """
        { "name": "Три уровня", "cap": 1.5,
          "bands": [ { "to": 80, "coefficient": 0.5 }, { "to": 100, "toInclusive": true, "coefficient": 1 }, { "coefficient": 1.5 } ] }
        """;

    private const string InvalidExample = """
        { "type": "https://tools.ietf.org/html/rfc9110#section-15.5.1", "title": "В данных есть ошибки: исправьте перечисленные поля.", "status": 400,
          "errors": { "bands[1].from": ["Полоса начинается с 95, а предыдущая заканчивается на 80: между ними разрыв."], "bands[2].coefficient": ["Заполните это поле."] },
          "codes": { "bands[1].from": ["scale.gap"], "bands[2].coefficient": ["request.required"] } }
        """;

    public static IEndpointRouteBuilder MapScalesEndpoints(this IEndpointRouteBuilder app)
    {
        var scales = app.MapGroup("/api/scales").WithTags("Scales and schemes");

        app.MapGet("/api/scales", ListAsync).WithTags("Scales and schemes").WithName("ListScales")
            .WithSummary("The library of coefficient scales, by name.")
            .WithDescription("For HR, the owner and API keys of the whole company (any scope). The bands are in GET /api/scales/{id}.")
            .Produces<ScaleListResponse>().Produces(StatusCodes.Status401Unauthorized).Produces(StatusCodes.Status403Forbidden)
            .RequireAuthorization();

        scales.MapGet("/{id:int}", GetAsync).WithName("GetScale")
            .WithSummary("A scale of the library with its bands; ETag = its version.")
            .WithDescription("Send the ETag back as If-Match to replace the bands (PUT). 404 for an unknown id.")
            .Produces<ScaleResponse>().Produces(StatusCodes.Status401Unauthorized).Produces(StatusCodes.Status403Forbidden).Produces(StatusCodes.Status404NotFound)
            .WithExample(StatusCodes.Status200OK, ScaleExample)
            .RequireAuthorization();

        Write(app.MapPost("/api/scales", CreateAsync).WithTags("Scales and schemes"), "CreateScale", "Create a scale in the library (201, its address in Location).",
                "Bands lowest first, contiguous from 0 % to +∞: a band's from may be left out (it starts where the band before ends, "
                + "as in the scale editor); each boundary belongs to one band (toInclusive); only the last band is open. Every error is "
                + "listed at its path (bands[1].from); a name already in the library is a 400 at name. HR, the owner, a design key.")
            .Produces<ScaleResponse>(StatusCodes.Status201Created)
            .WithExample(StatusCodes.Status400BadRequest, InvalidExample, BodyExample);

        Write(scales.MapPut("/{id:int}", ReplaceAsync), "ReplaceScale", "Rename a scale or replace its bands: If-Match with its ETag.",
                "The same body and rules as POST. Without If-Match 428; with a stale one (someone saved it since) 412 and nothing changes; If-Match: * replaces whatever is stored. "
                + "Schemes keep the bands they copied: a saved scheme version and a paid month never change with the library.")
            .Produces<ScaleResponse>()
            .Produces(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired)
            .WithExample(StatusCodes.Status200OK, ScaleExample, BodyExample);

        return app;
    }

    private static RouteHandlerBuilder Write(RouteHandlerBuilder builder, string name, string summary, string description) =>
        builder.WithName(name).WithSummary(summary).WithDescription(description)
            .Accepts<ScaleRequest>("application/json")
            .ProducesValidationProblem()
            .Produces(StatusCodes.Status401Unauthorized)
            .Produces(StatusCodes.Status403Forbidden)
            .RequireAuthorization(Policies.DesignSchemes);

    /// <summary>403 unless the caller reads scales and schemes (<see cref="ScalesService.MayRead"/>): what the service would refuse.</summary>
    internal static async Task<UserContext?> ReaderAsync(HttpContext http, CancellationToken ct)
    {
        var user = await HttpUser.GetAsync(http, ct);
        return ScalesService.MayRead(user) ? user : null;
    }

    private static async Task<IResult> ListAsync(HttpContext http, ScalesService service, CancellationToken ct)
    {
        if (await ReaderAsync(http, ct) is not { } user)
        {
            return TypedResults.Forbid();
        }

        var rows = await service.ListAsync(user, ct);
        return TypedResults.Ok(new ScaleListResponse([.. rows.Select(r => new ScaleListItem(r.Id, r.Name, r.Spec.Bands.Count, r.Spec.Cap, r.UpdatedAt))]));
    }

    private static async Task<IResult> GetAsync(int id, HttpContext http, ScalesService service, CancellationToken ct)
    {
        if (await ReaderAsync(http, ct) is not { } user)
        {
            return TypedResults.Forbid();
        }

        return await AnswerAsync(http, service, user, id, ct) is { } scale ? TypedResults.Ok(scale) : TypedResults.NotFound();
    }

    private static Task<IResult> CreateAsync(HttpContext http, ScalesService service, CancellationToken ct) =>
        SaveAsync(http, service, null, ct);

    private static Task<IResult> ReplaceAsync(int id, HttpContext http, ScalesService service, CancellationToken ct) =>
        SaveAsync(http, service, id, ct);

    private static async Task<IResult> SaveAsync(HttpContext http, ScalesService service, int? id, CancellationToken ct)
    {
        var text = DomainErrorText.For(http.RequestServices);
        var user = await HttpUser.GetAsync(http, ct);
        uint version = 0;
        if (id is { } existing)
        {
            if (await service.FindAsync(user, existing, ct) is not { } found)
            {
                return TypedResults.NotFound();
            }

            var ifMatch = http.Request.Headers.IfMatch.ToString().Trim().Trim('"');
            if (ifMatch.Length == 0)
            {
                return TypedResults.Problem(text.Resource(IfMatchRequired, "Send the scale's ETag as If-Match (GET it first)."), statusCode: StatusCodes.Status428PreconditionRequired);
            }

            if (ifMatch == "*")
            {
                version = found.Version; // any version: whatever is stored now
            }
            else if (!uint.TryParse(ifMatch.StartsWith("W/", StringComparison.Ordinal) ? ifMatch[2..].Trim('"') : ifMatch, NumberStyles.None, CultureInfo.InvariantCulture, out version))
            {
                return Stale(text);
            }
        }

        var (body, problem) = await TypedBody.ReadAsync<ScaleRequest>(http.Request, text, ct);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new RequestErrors();
        var spec = SchemeApiMapper.LibraryScale(body!, errors);
        if (spec is null)
        {
            return ApiRequests.Invalid(errors.All, text);
        }

        var saved = await service.SaveAsync(user, id, version, body!.Name ?? string.Empty, spec, ct);
        if (saved.Conflict)
        {
            return Stale(text);
        }

        if (!saved.Succeeded)
        {
            return ApiRequests.Invalid(saved.Errors, text);
        }

        var answer = (await AnswerAsync(http, service, user, saved.Id!.Value, ct))!;
        return id is null ? TypedResults.Created($"/api/scales/{saved.Id}", answer) : TypedResults.Ok(answer);
    }

    private const string IfMatchRequired = "api.if_match_required";
    private const string StaleVersion = "api.stale_version";

    private static IResult Stale(DomainErrorText text) =>
        TypedResults.Problem(text.Resource(StaleVersion, "Someone saved it since you read it: read it again (GET) and send its new ETag."),
            statusCode: StatusCodes.Status412PreconditionFailed, extensions: new Dictionary<string, object?> { ["code"] = StaleVersion });

    /// <summary>The scale as answered, with its version as the ETag header; null for an unknown id.</summary>
    private static async Task<ScaleResponse?> AnswerAsync(HttpContext http, ScalesService service, UserContext user, int id, CancellationToken ct)
    {
        if (await service.FindAsync(user, id, ct) is not { } found)
        {
            return null;
        }

        http.Response.Headers.ETag = $"\"{found.Version.ToString(CultureInfo.InvariantCulture)}\"";
        return new ScaleResponse(id, found.Row.Name, found.Version, found.Row.UpdatedAt, found.Row.Spec.Cap, SchemeApiMapper.Bands(found.Row.Spec));
    }
}
