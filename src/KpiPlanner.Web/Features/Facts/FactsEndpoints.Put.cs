using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using KpiPlanner.Domain.Organisation;
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

// PUT /api/periods/{month}/facts and …/plans: the JSON batch, read item by item, every bad item named.
internal static partial class FactsEndpoints
{
    private static Task<Results<Ok<FactsPutResponse>, ValidationProblem, ProblemHttpResult>> PutFactsAsync(
        string month, HttpContext http, FactsImportService facts, IStringLocalizer<FactsResource> l, CancellationToken ct) =>
        PutBatchAsync(month, http, FigureBatch.Facts, facts.PutFactsAsync, r => new FactsPutResponse(r.Applied, r.Unchanged), l, ct);

    private static Task<Results<Ok<PlansPutResponse>, ValidationProblem, ProblemHttpResult>> PutPlansAsync(
        string month, HttpContext http, FactsImportService facts, IStringLocalizer<FactsResource> l, CancellationToken ct) =>
        PutBatchAsync(month, http, FigureBatch.Plans, facts.PutPlansAsync, r => new PlansPutResponse(r.Applied, r.Unchanged), l, ct);

    /// <summary>
    /// The JSON batch of facts or of plans: read item by item (a part of the wrong JSON type is named at its path), then
    /// checked and written all or nothing by <paramref name="apply"/>; the same limits, refusals and answers for both.
    /// </summary>
    private static async Task<Results<Ok<TResponse>, ValidationProblem, ProblemHttpResult>> PutBatchAsync<TResponse>(
        string month, HttpContext http, FigureBatch batch,
        Func<UserContext, DateOnly, IReadOnlyList<FactItem>, CancellationToken, Task<FactsBatchResult>> apply,
        Func<FactsBatchResult, TResponse> answer, IStringLocalizer<FactsResource> l, CancellationToken ct)
    {
        if (Month(month) is not { } period)
        {
            return BadMonth(month, l);
        }

        if (!http.Request.HasJsonContentType())
        {
            return TypedResults.Problem(l["facts.unsupported_media"], statusCode: StatusCodes.Status415UnsupportedMediaType);
        }

        var (root, problem) = await ReadJsonAsync(http.Request, l[batch.InvalidKey], l, ct);
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
        if (root.ValueKind != JsonValueKind.Object || !TryGetProperty(root, batch.Array, out var array) || array.ValueKind != JsonValueKind.Array)
        {
            Add(batch.Array, batch.RequiredKey, l[batch.RequiredKey]);
            return Invalid(l, errors, l[batch.InvalidKey]);
        }

        if (array.GetArrayLength() is var count and > MaxItems)
        {
            return TooLarge(
                l[batch.TooManyKey].Value
                    .Replace("{count}", count.ToString("N0", CultureInfo.CurrentCulture), StringComparison.Ordinal)
                    .Replace("{max}", MaxItems.ToString("N0", CultureInfo.CurrentCulture), StringComparison.Ordinal),
                batch.TooManyKey,
                0,
                l);
        }

        var index = 0;
        var malformed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var element in array.EnumerateArray())
        {
            var path = $"{batch.Array}[{index.ToString(CultureInfo.InvariantCulture)}]";
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

        var result = await apply(await UserAsync(http, ct), period, items, ct);
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
            return Invalid(l, errors, l[batch.InvalidKey], errorCount: errors.Values.Sum(e => e.Count));
        }

        return TypedResults.Ok(answer(result));
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

    private static async Task<(JsonElement Root, ProblemHttpResult? Problem)> ReadJsonAsync(HttpRequest request, string title, IStringLocalizer<FactsResource> l, CancellationToken ct)
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
                Title = title,
                Type = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
            };
            return (default, TypedResults.Problem(details));
        }
    }
}
