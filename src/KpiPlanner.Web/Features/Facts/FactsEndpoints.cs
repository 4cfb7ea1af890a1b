using System.Globalization;
using System.Security.Claims;
using KpiPlanner.Domain.Organisation;
using KpiPlanner.Domain.Planning;
using KpiPlanner.Infrastructure;
using KpiPlanner.Infrastructure.Import;
using KpiPlanner.Web.Features.Pay;
using KpiPlanner.Web.Hosting;
using KpiPlanner.Web.Localization;
using KpiPlanner.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace KpiPlanner.Web.Features.Facts;

/// <summary>
/// The facts API for CRMs and accounting systems, the import of a facts file and the import template download. Managers
/// (for their department subtree), HR and the owner may call them; an employee gets 403. Bad input of any kind gets a
/// 400 validation problem listing every bad item or row, in the request's language, and nothing is written; a closed
/// month gets 409; never a 500.
/// </summary>
internal static partial class FactsEndpoints
{
    /// <summary>100 000 facts are about 8 MB of JSON.</summary>
    internal const int MaxBodyBytes = 32 * 1024 * 1024;

    /// <summary>
    /// The most facts one PUT takes: as many as an import's rows (<see cref="ImportLimits.MaxRows"/>). 32 MiB of <c>{},</c>
    /// would otherwise be ten million items, each checked and answered.
    /// </summary>
    internal const int MaxItems = ImportLimits.MaxRows;

    /// <summary>
    /// The most errors a 400 lists (paths, or rows of a file); beyond them the answer says how many there are in all
    /// (<c>errorCount</c>), so that a batch or a file of 200 000 bad rows gets an answer of a few dozen kilobytes.
    /// </summary>
    internal const int MaxListedErrors = 100;

    /// <summary>The import's file limit (<see cref="FactsImportService.MaxFileBytes"/>) and room for the multipart framing around it.</summary>
    internal const long MaxUploadBytes = FactsImportService.MaxFileBytes + (64 * 1024);

    public static IEndpointRouteBuilder MapFactsEndpoints(this IEndpointRouteBuilder app)
    {
        var periods = app.MapGroup("/api/periods/{month}").WithTags("Facts")
            .RequireAuthorization(Policies.PlanTeam);

        periods.MapPut("/facts", PutFactsAsync)
            .WithName("PutFacts")
            .WithSummary("Set a batch of facts of a month (yyyy-MM): all or nothing, idempotent.")
            .WithDescription(
                "Body: { \"facts\": [ { \"employee\": 17 | \"ivanov@firm.ru\" | \"0101\", \"kpi\": \"sales_volume\", \"value\": 330000 } ] }. "
                + "employee is the employee's id (a JSON number), e-mail or personnel number (a string; a string of digits "
                + "that is no one's personnel number is read as an id); kpi is the KPI's key in the employee's scheme for "
                + "that month (the catalogue code, or a custom KPI's name). Only facts are set; plans stay as they are. "
                + "The same batch twice changes nothing the second time (applied 0, all unchanged). Any bad item — unknown "
                + "employee, not in your team, KPI not in the scheme, not a number (a value of the wrong JSON type, NaN, 1e400), "
                + "negative, more than 4 decimals (never rounded), duplicate — gets a 400 listing "
                + "the bad items by path (facts[3].employee; the first 100, with errorCount when there are more) and nothing "
                + "is written. More than 200 000 items get a 413 (code facts.too_many_items). A closed month gets 409. A manager "
                + "writes only for their department subtree; HR and the owner for everyone.")
            .Accepts<FactsPutRequest>("application/json")
            .Produces<FactsPutResponse>()
            .ProducesBatchRefusals();

        app.MapGroup("/api/periods/{month}").WithTags("Plans").RequireAuthorization(Policies.PlanTeam)
            .MapPut("/plans", PutPlansAsync)
            .WithName("PutPlans")
            .WithSummary("Set a batch of plans of a month (yyyy-MM): all or nothing, idempotent.")
            .WithDescription(
                "Body: { \"plans\": [ { \"employee\": 17 | \"ivanov@firm.ru\" | \"0101\", \"kpi\": \"sales_volume\", \"value\": 400000 } ] }. "
                + "The same reader, rules, scope and limits as PUT /api/periods/{month}/facts, for the plan: only plans are set, "
                + "facts stay as they are. value is the plan as the plan grid stores it: the value planned for the month (for a "
                + "growth KPI the value to reach, not the growth percent; its base comes from the stored facts). An aggregated "
                + "KPI (an index measured from its parts) takes no plan: facts.kpi_is_index. The same batch twice changes "
                + "nothing the second time (applied 0, all unchanged). Any bad item — unknown employee, not in your team, your "
                + "own line, KPI not in the scheme, a value of the wrong JSON type, negative, more than 4 decimals, duplicate — "
                + "gets a 400 listing the bad items by path (plans[3].employee; the first 100, with errorCount when there are "
                + "more) and nothing is written. More than 200 000 items get a 413 (code facts.too_many_plans). A closed month "
                + "gets 409 (code facts.period_closed). A manager (or a key limited to a department) writes only for their "
                + "department subtree; HR and the owner for everyone.")
            .Accepts<PlansPutRequest>("application/json")
            .Produces<PlansPutResponse>()
            .ProducesBatchRefusals();

        periods.MapGet("/template", TemplateAsync)
            .WithName("FactsTemplate")
            .WithSummary("Download the import template of a department for a month: .xlsx or .csv.")
            .WithDescription(
                "Every employee of the department (and its sub-departments) × every KPI of their scheme that month, with "
                + "the current plan and fact. Columns: month (on every row, «декабрь 2026» / «December 2026»: the import "
                + "checks it), department (informational), personnel number, employee, KPI key, KPI name, plan, fact "
                + "(titles in the request's language). CSV: UTF-8 with BOM; Russian: ';' and a decimal comma, English: ',' and a "
                + "decimal point. Text cells starting with = + - @ get a leading apostrophe so no spreadsheet runs them.")
            .Produces<byte[]>(StatusCodes.Status200OK, FactsImportService.XlsxContentType, FactsImportService.CsvContentType)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .Produces(StatusCodes.Status401Unauthorized)
            .Produces(StatusCodes.Status403Forbidden);

        periods.MapPost("/import", ImportAsync)
            .WithName("ImportFacts")
            .WithSummary("Import plans and facts of a month from an .xlsx or .csv file (multipart field \"file\"): all or nothing.")
            .WithDescription(
                "Columns by header, Russian or English, any order: Табельный номер / Personnel number (or E-mail), "
                + "Сотрудник / Employee (informational), Показатель / KPI (the key), План / Plan, Факт / Fact (either "
                + "may be empty: an empty cell leaves the stored value as is). Numbers as 1 234,5 or 1234.5. CSV: ';' "
                + "',' or tab, UTF-8 (with or without BOM) or Windows-1251. Any bad row gets a 400 listing the bad rows "
                + "(row number as the spreadsheet shows it, header = 1; column; reason — the first 100, with errorCount and "
                + "a detail when there are more) and nothing is written. A closed "
                + "month gets 409. "
                + "The month: the template's Месяц / Month column names it on every row (2026-12, 12.2026, декабрь 2026, "
                + "December 2026 and what Excel makes of them, such as дек.26, are all read; an empty cell belongs to the "
                + "month of the other rows). A file of another month than the address's gets a 400 with code "
                + "facts.month_mismatch naming both months (extensions month and fileMonth, yyyy-MM); rows of several "
                + "months get facts.mixed_months naming the rows of each other month; nothing is written. A file that names "
                + "no month (an old template, a hand-made file) is imported only with confirmMonth equal to the address's "
                + "month (POST /api/periods/2027-01/import?confirmMonth=2027-01); without it the answer is a 400 with code "
                + "facts.month_missing under confirmMonth, and a confirmMonth of another month is a 400 with code "
                + "facts.confirm_month_mismatch. The department column is informational: every row is checked by its "
                + "employee against your access (someone outside your team is facts.unknown_employee).")
            .Accepts<IFormFile>("multipart/form-data")
            .Produces<FactsImportResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .Produces(StatusCodes.Status401Unauthorized)
            .Produces(StatusCodes.Status403Forbidden)
            .DisableAntiforgery();

        return app;
    }

    /// <summary>The refusals a JSON batch (facts or plans) may answer with, for the OpenAPI document.</summary>
    private static RouteHandlerBuilder ProducesBatchRefusals(this RouteHandlerBuilder builder) => builder
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
        .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
        .Produces(StatusCodes.Status401Unauthorized)
        .Produces(StatusCodes.Status403Forbidden);

    private static DateOnly? Month(string month) => Period.ParseMonth(month);

    private static Task<UserContext> UserAsync(HttpContext http, CancellationToken ct) => HttpUser.GetAsync(http, ct);

    /// <summary>
    /// The 400 of a batch or a file: at most <see cref="MaxListedErrors"/> paths (and rows); beyond them the first ones,
    /// with <c>errorCount</c> (every error) and a <c>detail</c> saying so in the request's language.
    /// </summary>
    private static ValidationProblem Invalid(
        IStringLocalizer<FactsResource> l, Dictionary<string, List<(string Code, string Message)>> errors, string title, FactsImportRowProblem[]? rows = null,
        Dictionary<string, object?>? more = null, int errorCount = 0)
    {
        string? detail = null;
        var extensions = new Dictionary<string, object?>();
        if (errors.Count > MaxListedErrors || rows?.Length > MaxListedErrors)
        {
            errors = errors.Take(MaxListedErrors).ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
            rows = rows?.Take(MaxListedErrors).ToArray();
            errorCount = Math.Max(errorCount, MaxListedErrors);
            detail = l["facts.more_errors"].Value
                .Replace("{shown}", MaxListedErrors.ToString("N0", CultureInfo.CurrentCulture), StringComparison.Ordinal)
                .Replace("{count}", errorCount.ToString("N0", CultureInfo.CurrentCulture), StringComparison.Ordinal);
            extensions["errorCount"] = errorCount;
        }

        extensions["codes"] = errors.ToDictionary(e => e.Key, e => e.Value.Select(x => x.Code).Distinct(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
        if (rows is not null)
        {
            extensions["rows"] = rows;
        }

        foreach (var (name, value) in more ?? [])
        {
            extensions[name] = value;
        }

        return TypedResults.ValidationProblem(
            errors.ToDictionary(e => e.Key, e => e.Value.Select(x => x.Message).ToArray(), StringComparer.Ordinal),
            detail: detail,
            title: title,
            extensions: extensions);
    }

    private static ValidationProblem BadMonth(string month, IStringLocalizer<FactsResource> l) =>
        Invalid(
            l,
            new Dictionary<string, List<(string Code, string Message)>>(StringComparer.Ordinal)
            {
                ["month"] = [("facts.bad_month", BadMonthMessage(month, l))],
            },
            l["facts.request_invalid"]);

    /// <summary>"«9999-12» is not a month: … from 2000-01 to 2100-12 …" in the request's language.</summary>
    private static string BadMonthMessage(string month, IStringLocalizer<FactsResource> l) =>
        l["facts.bad_month"].Value
            .Replace("{month}", Quoted.Shorten(month), StringComparison.Ordinal)
            .Replace("{first}", SupportedMonths.FirstKey, StringComparison.Ordinal)
            .Replace("{last}", SupportedMonths.LastKey, StringComparison.Ordinal);

    /// <summary>413 naming the limit the file went beyond (its code and, when known, the row where it showed).</summary>
    private static ProblemHttpResult TooLarge(string message, string code, int row, IStringLocalizer<FactsResource> l)
    {
        var extensions = new Dictionary<string, object?> { ["code"] = code };
        if (row > 0)
        {
            extensions["row"] = row;
        }

        return TypedResults.Problem(message, statusCode: StatusCodes.Status413PayloadTooLarge, title: l["facts.import_too_large_title"], extensions: extensions);
    }

    private static ProblemHttpResult Closed(string message, IStringLocalizer<FactsResource> l) =>
        TypedResults.Problem(message, statusCode: StatusCodes.Status409Conflict, title: l["facts.period_closed_title"],
            extensions: new Dictionary<string, object?> { ["code"] = FactsIssueCodes.PeriodClosed });
}
