using KpiPlanner.Domain.Planning;
using KpiPlanner.Domain.Scales;
using KpiPlanner.Domain.Validation;
using KpiPlanner.Web.Features.Pay;
using KpiPlanner.Web.Features.Scales;
using KpiPlanner.Web.Hosting;
using KpiPlanner.Web.Localization;
using KpiPlanner.Web.Security;

namespace KpiPlanner.Web.Features.Schemes;

/// <summary>
/// Motivation schemes over HTTP. A scheme is a position's (its id is the position's id) and effective-dated: a list of
/// versions, each in force from its first day until the next one starts. Listed, read whole (every version with its
/// dates, KPIs, weights, kinds, scales, one-off dates, bonus rule) and extended with a new version from a month, through
/// the scheme designer's own <see cref="SchemesService"/> — the same rules, the same refusal of a date already taken.
/// Read by HR, the owner and whole-company keys; written by <see cref="Duty.DesignSchemes"/>. A position's first version
/// creates its scheme: there is no separate "create".
/// </summary>
internal static class SchemesEndpoints
{
    private const string VersionExample = """
        { "effectiveFrom": "2027-01", "name": "Менеджер по продажам 50/50", "fixed": 15000, "plannedVariable": 15000, "proration": "workingDays",
          "bonus": { "kind": "threshold", "kpiName": "Объём продаж", "threshold": 120, "amount": 5000 },
          "kpis": [
            { "name": "Объём продаж", "kpiCode": "sales_volume", "weight": 50, "scaleId": 1 },
            { "name": "Новые клиенты", "kpiCode": "new_clients", "weight": 30, "direction": "higherIsBetter", "measurement": "ratio",
              "scale": { "cap": 1.5, "bands": [ { "to": 80, "coefficient": 0 }, { "to": 100, "toInclusive": true, "coefficient": 1 }, { "coefficient": 1.5 } ] } },
            { "name": "Мероприятие на 50 клиентов", "weight": 20, "oneOff": { "from": "2027-02-01", "to": "2027-03-01" },
              "scale": { "bands": [ { "to": 100, "coefficient": 0 }, { "coefficient": 1 } ] } } ] }
        """;

    private const string InvalidExample = """
        { "type": "https://tools.ietf.org/html/rfc9110#section-15.5.1", "title": "В данных есть ошибки: исправьте перечисленные поля.", "status": 400,
          "errors": { "effectiveFrom": ["С 01.01.2027 у должности уже есть версия схемы."], "kpis": ["Сумма весов — 90 %, а должна быть ровно 100 %."] },
          "codes": { "effectiveFrom": ["scheme.version_date_taken"], "kpis": ["scheme.weights_sum"] } }
        """;

    public static IEndpointRouteBuilder MapSchemesEndpoints(this IEndpointRouteBuilder app)
    {
        var schemes = app.MapGroup("/api/schemes").WithTags("Scales and schemes");

        app.MapGet("/api/schemes", ListAsync).WithTags("Scales and schemes").WithName("ListSchemes")
            .WithSummary("Every position with its motivation scheme: the version in force today, and how many versions it has.")
            .WithDescription("The id of a scheme is its position's id. A position without a scheme yet is listed with versions 0. "
                + "For HR, the owner and API keys of the whole company (any scope).")
            .Produces<SchemeListResponse>().Produces(StatusCodes.Status401Unauthorized).Produces(StatusCodes.Status403Forbidden)
            .RequireAuthorization();

        schemes.MapGet("/{id:int}", GetAsync).WithName("GetScheme")
            .WithSummary("A position's scheme: every version, oldest first, with its dates and the whole scheme.")
            .WithDescription("effectiveTo is the day before the next version starts (null for the last). Each KPI carries its own copy of its "
                + "scale's bands, its kind (measurement), direction, gate, aggregation, growth base, index parts and one-off dates. "
                + "404 for an unknown position.")
            .Produces<SchemeResponse>().Produces(StatusCodes.Status401Unauthorized).Produces(StatusCodes.Status403Forbidden).Produces(StatusCodes.Status404NotFound)
            .RequireAuthorization();

        schemes.MapPost("/{id:int}/versions", CreateVersionAsync).WithName("CreateSchemeVersion")
            .WithSummary("Add a version of a position's scheme from a month (201): earlier months keep the version they were paid by.")
            .WithDescription("Body: effectiveFrom (yyyy-MM) and the whole scheme, in the shape GET answers — a KPI's scale inline, or scaleId to copy "
                + "a library scale's bands as the designer does. The designer's rules: 1–7 KPIs, weights summing to exactly 100, contiguous "
                + "bands, names unique, one-off dates within 12 months, index parts… Every error is listed at its path (kpis[1].scale.bands[0].to); "
                + "a month that already starts a version of the position is a 400 at effectiveFrom (scheme.version_date_taken); nothing is "
                + "written. Advice that does not block (3–5 KPIs) comes back as warnings. HR, the owner, a design key.")
            .Accepts<SchemeVersionRequest>("application/json")
            .Produces<SchemeVersionCreated>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .Produces(StatusCodes.Status401Unauthorized).Produces(StatusCodes.Status403Forbidden).Produces(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithExample(StatusCodes.Status400BadRequest, InvalidExample, VersionExample)
            .RequireAuthorization(Policies.DesignSchemes);

        return app;
    }

    private static async Task<IResult> ListAsync(HttpContext http, SchemesService service, CancellationToken ct)
    {
        if (await ScalesEndpoints.ReaderAsync(http, ct) is not { } user)
        {
            return TypedResults.Forbid();
        }

        var rows = await service.ListAsync(user, ct);
        return TypedResults.Ok(new SchemeListResponse([.. rows.Select(r => new SchemeListItem(r.PositionId, r.Position, r.Headcount, r.Versions,
            r.Current?.Id, r.Current is { } c ? SchemeApiMapper.Date(c.EffectiveFrom) : null, r.Current?.Name, r.Current?.Fixed,
            r.Current?.PlannedVariable, r.Current?.KpiCount))]));
    }

    private static async Task<IResult> GetAsync(int id, HttpContext http, SchemesService service, CancellationToken ct)
    {
        if (await ScalesEndpoints.ReaderAsync(http, ct) is not { } user)
        {
            return TypedResults.Forbid();
        }

        return await service.HistoryAsync(user, id, ct) is { } history ? TypedResults.Ok(Answer(history)) : TypedResults.NotFound();
    }

    private static async Task<IResult> CreateVersionAsync(int id, HttpContext http, SchemesService schemes, ScalesService scales, CancellationToken ct)
    {
        var text = DomainErrorText.For(http.RequestServices);
        var user = await HttpUser.GetAsync(http, ct);
        if (await schemes.HistoryAsync(user, id, ct) is null)
        {
            return TypedResults.NotFound();
        }

        var (body, problem) = await TypedBody.ReadAsync<SchemeVersionRequest>(http.Request, text, ct);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new RequestErrors();
        DateOnly? month = null;
        if (body!.EffectiveFrom is null)
        {
            errors.Add("effectiveFrom", PayRequestErrors.Required);
        }
        else
        {
            var refused = new List<DomainError>();
            // yyyy-MM, or the first day of a month as the versions are answered (2027-01-01), so a version read can be sent back.
            var from = body.EffectiveFrom.Trim();
            month = ApiRequests.Month(from.Length == 10 && from.EndsWith("-01", StringComparison.Ordinal) ? from[..7] : from, refused);
            foreach (var error in refused)
            {
                errors.Add(error with { Path = "effectiveFrom" });
            }
        }

        // A KPI's scaleId copies that library scale's bands, read through the scale editor's service.
        var library = new Dictionary<int, ScaleSpec?>();
        foreach (var scaleId in body.Kpis?.Where(k => k?.ScaleId is not null).Select(k => k!.ScaleId!.Value).Distinct() ?? [])
        {
            library[scaleId] = (await scales.FindAsync(user, scaleId, ct))?.Row.Spec;
        }

        var spec = SchemeApiMapper.Scheme(body, scaleId => library.GetValueOrDefault(scaleId), errors);
        if (spec is null || month is null)
        {
            return ApiRequests.Invalid(errors.All, text);
        }

        var model = SchemeEditModel.From(spec);
        model.PositionId = id;
        model.EffectiveFrom = month.Value.ToDateTime(TimeOnly.MinValue);
        var saved = await schemes.SaveAsync(user, model, asNewVersion: true, by: user.Email, ct);
        if (saved.Conflict)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict);
        }

        if (!saved.Succeeded)
        {
            return ApiRequests.Invalid(saved.Errors, text);
        }

        var history = Answer((await schemes.HistoryAsync(user, id, ct))!);
        var version = history.Versions.Single(v => v.Id == saved.VersionId);
        return TypedResults.Created($"/api/schemes/{id}",
            new SchemeVersionCreated(version, [.. saved.Warnings.Select(w => new PayWarning(w.Path, w.Code, text.Message(w)))]));
    }

    private static SchemeResponse Answer(SchemeHistory history) =>
        new(history.PositionId, history.Position, history.Headcount, history.CurrentVersionId,
            [.. history.Versions.Select((v, i) => SchemeApiMapper.Version(v, i + 1 < history.Versions.Count ? history.Versions[i + 1].EffectiveFrom : null,
                v.Id == history.CurrentVersionId))]);
}
