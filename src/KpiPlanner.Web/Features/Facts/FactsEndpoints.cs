using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using KpiPlanner.Domain.Organisation;
using KpiPlanner.Domain.Planning;
using KpiPlanner.Infrastructure;
using KpiPlanner.Infrastructure.Import;
using KpiPlanner.Web.Features.Pay;
using KpiPlanner.Web.Localization;
using KpiPlanner.Web.Security;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

using KpiPlanner.Web.Hosting;

namespace KpiPlanner.Web.Features.Facts;

/// <summary>
/// The facts API for CRMs and accounting systems, the import of a facts file and the import template download. Managers
/// (for their department subtree), HR and the owner may call them; an employee gets 403. Bad input of any kind gets a
/// 400 validation problem listing every bad item or row, in the request's language, and nothing is written; a closed
/// month gets 409; never a 500.
/// </summary>
internal static class FactsEndpoints
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
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .Produces(StatusCodes.Status401Unauthorized)
            .Produces(StatusCodes.Status403Forbidden);

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

    private static async Task<Results<Ok<FactsPutResponse>, ValidationProblem, ProblemHttpResult>> PutFactsAsync(
        string month, HttpContext http, FactsImportService facts, IStringLocalizer<FactsResource> l, CancellationToken ct)
    {
        if (Month(month) is not { } period)
        {
            return BadMonth(month, l);
        }

        if (!http.Request.HasJsonContentType())
        {
            return TypedResults.Problem(l["facts.unsupported_media"], statusCode: StatusCodes.Status415UnsupportedMediaType);
        }

        var (root, problem) = await ReadJsonAsync(http.Request, l, ct);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new Dictionary<string, List<(string Code, string Message)>>(StringComparer.Ordinal);
        void Add(string path, string code, string message)
        {
            if (!errors.TryGetValue(path, out var list))
            {
                errors[path] = list = [];
            }

            if (!list.Any(e => e.Message == message))
            {
                list.Add((code, message));
            }
        }

        var items = new List<FactItem>();
        if (root.ValueKind != JsonValueKind.Object || !TryGetProperty(root, "facts", out var array) || array.ValueKind != JsonValueKind.Array)
        {
            Add("facts", "facts.facts_required", l["facts.facts_required"]);
            return Invalid(l, errors, l["facts.request_invalid"]);
        }

        if (array.GetArrayLength() is var count and > MaxItems)
        {
            return TooLarge(
                l["facts.too_many_items"].Value
                    .Replace("{count}", count.ToString("N0", CultureInfo.CurrentCulture), StringComparison.Ordinal)
                    .Replace("{max}", MaxItems.ToString("N0", CultureInfo.CurrentCulture), StringComparison.Ordinal),
                "facts.too_many_items",
                0,
                l);
        }

        var index = 0;
        var malformed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var element in array.EnumerateArray())
        {
            var path = $"facts[{index.ToString(CultureInfo.InvariantCulture)}]";
            index++;
            // A part refused here is passed on as null (missing), which the service always refuses too, so the batch
            // is refused and nothing is written; its "missing" error is dropped below in favour of the reason given here.
            if (element.ValueKind != JsonValueKind.Object)
            {
                Add(path, "facts.item_object", l["facts.item_object"]);
                items.Add(new FactItem(null, null, null, null));
                malformed.Add(path + ".employee");
                malformed.Add(path + ".kpi");
                malformed.Add(path + ".value");
                continue;
            }

            string? employee = null;
            int? employeeId = null;
            if (TryGetProperty(element, "employee", out var e))
            {
                switch (e.ValueKind)
                {
                    case JsonValueKind.String:
                        employee = e.GetString();
                        break;
                    case JsonValueKind.Number when e.TryGetInt32(out var id):
                        employeeId = id;
                        break;
                    case JsonValueKind.Null:
                        break;
                    default:
                        Add(path + ".employee", "facts.employee_type", l["facts.employee_type"]);
                        malformed.Add(path + ".employee");
                        break;
                }
            }

            string? kpi = null;
            if (TryGetProperty(element, "kpi", out var k))
            {
                if (k.ValueKind == JsonValueKind.String)
                {
                    kpi = k.GetString();
                }
                else if (k.ValueKind != JsonValueKind.Null)
                {
                    Add(path + ".kpi", "facts.kpi_type", l["facts.kpi_type"]);
                    malformed.Add(path + ".kpi");
                }
            }

            decimal? value = null;
            if (TryGetProperty(element, "value", out var v) && v.ValueKind != JsonValueKind.Null)
            {
                if (ReadValue(v, l) is { } refused)
                {
                    Add(path + ".value", refused.Code, refused.Message);
                    malformed.Add(path + ".value");
                }
                else
                {
                    value = v.ValueKind == JsonValueKind.Number ? v.GetDecimal() : ExactNumber(v.GetString());
                }
            }

            items.Add(new FactItem(employee, employeeId, kpi, value));
        }

        var result = await facts.PutFactsAsync(await UserAsync(http, ct), period, items, ct);
        foreach (var error in result.Errors.Where(e => !malformed.Contains(e.Path)))
        {
            Add(error.Path, error.Code, error.Message);
        }

        if (result.PeriodClosed)
        {
            return Closed(result.Errors.First(e => e.Code == FactsIssueCodes.PeriodClosed).Message, l);
        }

        if (errors.Count > 0)
        {
            return Invalid(l, errors, l["facts.request_invalid"], errorCount: errors.Values.Sum(e => e.Count));
        }

        return TypedResults.Ok(new FactsPutResponse(result.Applied, result.Unchanged));
    }

    private static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> TemplateAsync(
        string month, int? department, string? format, HttpContext http, FactsImportService facts, IStringLocalizer<FactsResource> l, CancellationToken ct)
    {
        var errors = new Dictionary<string, List<(string Code, string Message)>>(StringComparer.Ordinal);
        var period = Month(month);
        if (period is null)
        {
            errors["month"] = [("facts.bad_month", BadMonthMessage(month, l))];
        }

        if (department is null)
        {
            errors["department"] = [("facts.department_missing", l["facts.department_missing"])];
        }

        format = string.IsNullOrWhiteSpace(format) ? "xlsx" : format.Trim().ToLowerInvariant();
        if (format is not ("xlsx" or "csv"))
        {
            errors["format"] = [("facts.bad_format", l["facts.bad_format"])];
        }

        if (errors.Count > 0)
        {
            return Invalid(l, errors, l["facts.request_invalid"]);
        }

        var file = await facts.TemplateFileAsync(await UserAsync(http, ct), department!.Value, period!.Value, format, ct);
        if (file is null)
        {
            return TypedResults.Problem(l["facts.department_not_found"], statusCode: StatusCodes.Status404NotFound);
        }

        return TypedResults.File(file.Content, file.ContentType, file.FileName);
    }

    private static async Task<Results<Ok<FactsImportResponse>, ValidationProblem, ProblemHttpResult>> ImportAsync(
        string month, string? confirmMonth, HttpContext http, FactsImportService facts, IStringLocalizer<FactsResource> l, CancellationToken ct)
    {
        if (Month(month) is not { } period)
        {
            return BadMonth(month, l);
        }

        var confirmed = false;
        if (!string.IsNullOrWhiteSpace(confirmMonth))
        {
            if (Month(confirmMonth.Trim()) is not { } confirm)
            {
                return Invalid(
                    l,
                    new Dictionary<string, List<(string Code, string Message)>>(StringComparer.Ordinal)
                    {
                        ["confirmMonth"] = [("facts.bad_month", BadMonthMessage(confirmMonth, l))],
                    },
                    l["facts.request_invalid"]);
            }

            if (confirm != period)
            {
                return Invalid(
                    l,
                    new Dictionary<string, List<(string Code, string Message)>>(StringComparer.Ordinal)
                    {
                        ["confirmMonth"] = [("facts.confirm_month_mismatch", l["facts.confirm_month_mismatch"].Value
                            .Replace("{value}", Quoted.Shorten(confirmMonth), StringComparison.Ordinal)
                            .Replace("{key}", Period.Key(period), StringComparison.Ordinal))],
                    },
                    l["facts.request_invalid"]);
            }

            confirmed = true;
        }

        IFormFile? file;
        try
        {
            if (!http.Request.HasFormContentType)
            {
                return FileMissing(l);
            }

            // The server's own body limit (Kestrel: 30 000 000 bytes by default) is set to the import's, so that an
            // upload beyond it gets the import's 413 and not a broken form; the multipart framing gets a little room.
            if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            {
                size.MaxRequestBodySize = MaxUploadBytes;
            }

            if (http.Request.ContentLength > MaxUploadBytes)
            {
                return FileTooLarge(l);
            }

            var form = await http.Request.ReadFormAsync(ct);
            file = form.Files.GetFile("file") ?? form.Files.FirstOrDefault();
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // A body without a length (chunked) that went beyond the limit while it was read.
            return FileTooLarge(l);
        }
        catch (InvalidDataException e) when (e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase))
        {
            // The form reader's own limits (a section or value too long).
            return FileTooLarge(l);
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException or IOException)
        {
            // An empty or broken multipart body: there is no file to read.
            return FileMissing(l);
        }

        if (file is null || file.Length == 0)
        {
            return FileMissing(l);
        }

        if (file.Length > FactsImportService.MaxFileBytes)
        {
            return FileTooLarge(l);
        }

        await using var stream = file.OpenReadStream();
        var result = await facts.ImportAsync(await UserAsync(http, ct), period, stream, file.FileName, confirmed, ct);
        if (result.Succeeded)
        {
            return TypedResults.Ok(new FactsImportResponse(result.Applied, result.Unchanged));
        }

        if (result.TooLarge)
        {
            var limit = result.Errors.First(e => FactsIssueCodes.IsLimit(e.Code));
            return TooLarge(limit.Message, limit.Code, limit.Row, l);
        }

        var rows = result.Errors.Select(e => new FactsImportRowProblem(e.Row, e.Column, e.Code, e.Message)).ToArray();
        if (result.PeriodClosed)
        {
            return Closed(result.Errors.First(e => e.Code == FactsIssueCodes.PeriodClosed).Message, l);
        }

        var errors = new Dictionary<string, List<(string Code, string Message)>>(StringComparer.Ordinal);
        foreach (var error in result.Errors)
        {
            var key = error.Row == 0 ? "file" : $"rows[{error.Row.ToString(CultureInfo.InvariantCulture)}].{error.Column}";
            var message = error.Message;
            if (error.Code == FactsIssueCodes.MonthMissing)
            {
                // The API's way to confirm the month is a parameter: named where it goes, in words that name it.
                key = "confirmMonth";
                message = l["facts.month_missing_api"].Value
                    .Replace("{month}", Formats.Month(period, CultureInfo.CurrentCulture), StringComparison.Ordinal)
                    .Replace("{key}", Period.Key(period), StringComparison.Ordinal);
            }

            if (!errors.TryGetValue(key, out var list))
            {
                errors[key] = list = [];
            }

            list.Add((error.Code, message));
        }

        if (result.MonthRefused)
        {
            var monthProblem = new Dictionary<string, object?>
            {
                ["code"] = result.Errors[0].Code,
                ["month"] = Period.Key(period),
                ["fileMonth"] = result.FileMonth is { } fileMonth ? Period.Key(fileMonth) : null,
            };
            return Invalid(l, errors, l["facts.import_invalid"], rows.Where(r => r.Code != FactsIssueCodes.MonthMissing).ToArray(), monthProblem, result.Errors.Count);
        }

        return Invalid(l, errors, l["facts.import_invalid"], rows, errorCount: result.Errors.Count);
    }

    /// <summary>
    /// Why a fact's JSON value cannot be stored as it is, or null when it can (a number, or a number in a string as people
    /// write it, <c>"1 234,5"</c>): anything but a number or a string (<c>true</c>, <c>{"a":1}</c>, <c>[1]</c>) and a
    /// string that is no number (<c>"NaN"</c>, <c>"abc"</c>) is not a number; a number no decimal holds (<c>1e400</c>) is
    /// too large; more decimals than the database keeps (<c>0.00001</c>, <c>1e-400</c>) are refused rather than rounded
    /// away. Negative and too large values are the service's to refuse.
    /// </summary>
    private static (string Code, string Message)? ReadValue(JsonElement value, IStringLocalizer<FactsResource> l)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Number:
                var raw = value.GetRawText();
                if (!value.TryGetDecimal(out _))
                {
                    return Refused(FactsIssueCodes.TooLarge, raw);
                }

                return ImportNumber.DecimalPlaces(raw) > ImportNumber.Scale ? Refused(FactsIssueCodes.TooManyDecimals, raw) : null;
            case JsonValueKind.String:
                var text = value.GetString() ?? string.Empty;
                if (!ImportNumber.TryParseExact(text, out _, out var decimals))
                {
                    return Refused(FactsIssueCodes.NotANumber, text);
                }

                return decimals > ImportNumber.Scale ? Refused(FactsIssueCodes.TooManyDecimals, text) : null;
            default:
                return Refused(FactsIssueCodes.NotANumber, value.GetRawText());
        }

        (string Code, string Message) Refused(string code, string shown) => (code, l[code].Value
            .Replace("{value}", Quoted.Shorten(shown), StringComparison.Ordinal)
            .Replace("{max}", ImportNumber.Scale.ToString(CultureInfo.CurrentCulture), StringComparison.Ordinal));
    }

    private static decimal ExactNumber(string? text) =>
        ImportNumber.TryParseExact(text, out var number, out _) ? number : throw new InvalidOperationException("Checked by ReadValue.");

    private static bool TryGetProperty(JsonElement element, string name, out JsonElement value)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    private static DateOnly? Month(string month) => Period.ParseMonth(month);

    private static Task<UserContext> UserAsync(HttpContext http, CancellationToken ct) => HttpUser.GetAsync(http, ct);

    private static async Task<(JsonElement Root, ProblemHttpResult? Problem)> ReadJsonAsync(HttpRequest request, IStringLocalizer<FactsResource> l, CancellationToken ct)
    {
        var body = await RequestBody.ReadLimitedAsync(request, MaxBodyBytes, ct);
        if (body.Refused is { } refused)
        {
            return (default, TypedResults.Problem(refused.Message, statusCode: refused.StatusCode));
        }

        if (body.TooLarge)
        {
            return (default, TypedResults.Problem(
                l["facts.body_too_large"].Value.Replace("{max}", MaxBodyBytes.ToString("N0", CultureInfo.CurrentCulture), StringComparison.Ordinal),
                statusCode: StatusCodes.Status413PayloadTooLarge));
        }

        var json = body.Bytes;

        try
        {
            using var document = JsonDocument.Parse(json);
            return (document.RootElement.Clone(), null);
        }
        catch (JsonException e)
        {
            var message = l["facts.malformed_json"].Value
                .Replace("{line}", ((e.LineNumber ?? 0) + 1).ToString(CultureInfo.CurrentCulture), StringComparison.Ordinal)
                .Replace("{position}", ((e.BytePositionInLine ?? 0) + 1).ToString(CultureInfo.CurrentCulture), StringComparison.Ordinal);
            var details = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [PayRequestReader.PathOfSyntaxError(json.Span)] = [message] })
            {
                Status = StatusCodes.Status400BadRequest,
                Title = l["facts.request_invalid"],
                Type = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
            };
            return (default, TypedResults.Problem(details));
        }
    }

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

    private static ValidationProblem FileMissing(IStringLocalizer<FactsResource> l) =>
        Invalid(
            l,
            new Dictionary<string, List<(string Code, string Message)>>(StringComparer.Ordinal)
            {
                ["file"] = [("facts.file_missing", l["facts.file_missing"])],
            },
            l["facts.import_invalid"]);

    /// <summary>413: the upload is beyond <see cref="FactsImportService.MaxFileBytes"/>, in the request's language.</summary>
    private static ProblemHttpResult FileTooLarge(IStringLocalizer<FactsResource> l) =>
        TooLarge(
            l[FactsIssueCodes.FileTooLarge].Value.Replace("{max}", FactsImportService.MaxFileBytes.ToString("N0", CultureInfo.CurrentCulture), StringComparison.Ordinal),
            FactsIssueCodes.FileTooLarge,
            0,
            l);

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
