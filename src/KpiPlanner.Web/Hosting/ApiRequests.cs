using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using KpiPlanner.Domain.Planning;
using KpiPlanner.Domain.Validation;
using KpiPlanner.Web.Features.Pay;
using KpiPlanner.Web.Localization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KpiPlanner.Web.Hosting;

/// <summary>A page of a list: 1-based, at most <see cref="ApiRequests.MaxPageSize"/> items.</summary>
public readonly record struct PageRequest(int Page, int PageSize)
{
    public int Skip => (Page - 1) * PageSize;
}

/// <summary>
/// What the API's resource endpoints (the pay run, the organisation) read from an address and a query string: a month,
/// a page, an id — each refused with a coded error at its parameter's name, answered as one 400 validation problem in
/// the request's language (the same shape as <c>/api/pay/preview</c>'s: <c>errors</c> by path, <c>codes</c> beside them).
/// Query values are bound as text and parsed here, so <c>?page=abc</c> is a listed error too, never the framework's bare 400.
/// </summary>
internal static class ApiRequests
{
    public const int DefaultPageSize = 100;

    public const int MaxPageSize = 1000;

    /// <summary>The small bodies of the lifecycle steps (a reason of at most 1 000 characters, two flags).</summary>
    public const int MaxSmallBodyBytes = 64 * 1024;

    public const string BadMonth = "api.bad_month";
    public const string BadPage = "api.bad_page";
    public const string BadPageSize = "api.bad_page_size";
    public const string UnknownKpi = "api.unknown_kpi";
    public const string MatrixKpis = "api.matrix_kpis";
    public const string NotAnId = "api.not_an_id";
    public const string StepRefused = "api.step_refused";
    public const string BadDate = "api.bad_date";
    public const string BadRange = "api.bad_range";
    public const string BadKind = "api.bad_kind";

    public static IReadOnlyDictionary<string, string> EnglishTemplates { get; } = new Dictionary<string, string>
    {
        [BadMonth] = "The month \"{value}\" is not recognised: give it as YYYY-MM, from {first} to {last}, e.g. 2026-10.",
        [BadPage] = "The page \"{value}\" is not a page number: give a whole number from 1.",
        [BadPageSize] = "The page size \"{value}\" is not allowed: give a whole number from 1 to {max}.",
        [UnknownKpi] = "The scheme has no KPI \"{value}\": give the name of one of its KPIs.",
        [MatrixKpis] = "For the matrix give two different KPIs of the scheme, matrixRows and matrixColumns, or neither.",
        [NotAnId] = "\"{value}\" is not an id: give a whole number from 1.",
        [StepRefused] = "This step of the month cannot be taken now",
        [BadDate] = "The date \"{value}\" is not recognised: give it as YYYY-MM-DD, from {first} to {last}, e.g. 2026-11-30.",
        [BadRange] = "The period ends before it starts: {from} … {to}.",
        [BadKind] = "\"{value}\" is not a kind of entry: give one or more of {kinds}, separated by commas.",
    };

    /// <summary>An error with the English message filled in (invariant culture), like the domain's own.</summary>
    public static DomainError Error(string code, string path, params (string Name, object Value)[] args) =>
        DomainError.FromTemplate(EnglishTemplates[code], code, path, args);

    /// <summary>The month of an address (<c>2026-12</c>), or an error at <c>month</c>.</summary>
    public static DateOnly? Month(string? text, List<DomainError> errors)
    {
        if (Period.ParseMonth(text) is { } month)
        {
            return month;
        }

        errors.Add(Error(BadMonth, "month", ("value", text ?? string.Empty), ("first", SupportedMonths.FirstKey), ("last", SupportedMonths.LastKey)));
        return null;
    }

    /// <summary>The page asked for: <c>page</c> from 1 (default 1), <c>pageSize</c> from 1 to 1 000 (default 100).</summary>
    public static PageRequest Page(string? page, string? pageSize, List<DomainError> errors)
    {
        var number = 1;
        if (!string.IsNullOrWhiteSpace(page) && (!int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out number) || number < 1))
        {
            errors.Add(Error(BadPage, "page", ("value", page)));
            number = 1;
        }

        var size = DefaultPageSize;
        if (!string.IsNullOrWhiteSpace(pageSize)
            && (!int.TryParse(pageSize, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > MaxPageSize))
        {
            errors.Add(Error(BadPageSize, "pageSize", ("value", pageSize), ("max", MaxPageSize)));
            size = DefaultPageSize;
        }

        // Beyond this page number the skipped rows would not fit an int: no list is that long.
        if (errors.Count == 0 && (long)(number - 1) * size > int.MaxValue)
        {
            errors.Add(Error(BadPage, "page", ("value", page!)));
        }

        return new PageRequest(number, size);
    }

    /// <summary>An optional date of the query string (<c>2026-11-30</c>), within the supported months; an error at its name otherwise.</summary>
    public static DateOnly? Date(string? text, string name, List<DomainError> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            && Period.ParseMonth(Period.Key(Period.FirstDay(date))) is not null)
        {
            return date;
        }

        errors.Add(Error(BadDate, name, ("value", text), ("first", SupportedMonths.FirstKey + "-01"), ("last", SupportedMonths.LastKey + "-31")));
        return null;
    }

    /// <summary>An optional id of the query string (<c>department=5</c>): null when absent, an error when not a positive whole number.</summary>
    public static int? Id(string? text, string name, List<DomainError> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0)
        {
            return id;
        }

        errors.Add(Error(NotAnId, name, ("value", text)));
        return null;
    }

    /// <summary>The 400 of the API: every error by path in the request's language, with the stable codes beside them.</summary>
    public static ValidationProblem Invalid(IReadOnlyList<DomainError> errors, DomainErrorText text) =>
        TypedResults.ValidationProblem(
            text.ByPath(errors),
            title: text.Resource(PayRequestErrors.Invalid, PayRequestErrors.EnglishTemplates[PayRequestErrors.Invalid]),
            extensions: new Dictionary<string, object?>
            {
                ["codes"] = errors.GroupBy(e => e.Path, StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => g.Select(e => e.Code).Distinct(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal),
            });

    /// <summary>
    /// A small JSON object body (a lifecycle step's): an empty body reads as <c>{}</c>; anything but a JSON object, or
    /// beyond <see cref="MaxSmallBodyBytes"/>, is the problem to answer (400, 413, 415) in the request's language.
    /// </summary>
    public static async Task<(JsonElement Root, IResult? Problem)> ReadObjectAsync(HttpRequest request, DomainErrorText text, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadLimitedAsync(request, MaxSmallBodyBytes, cancellationToken);
        if (body.Refused is { } refused)
        {
            return (default, TypedResults.Problem(refused.Message, statusCode: refused.StatusCode));
        }

        if (body.TooLarge)
        {
            return (default, TypedResults.Problem(text.Message(PayRequestErrors.Create(PayRequestErrors.TooLarge, string.Empty, ("max", MaxSmallBodyBytes))),
                statusCode: StatusCodes.Status413PayloadTooLarge));
        }

        if (body.Bytes.Span.Trim(" \t\r\n"u8).IsEmpty)
        {
            return (JsonDocument.Parse("{}").RootElement.Clone(), null);
        }

        if (!request.HasJsonContentType())
        {
            return (default, TypedResults.Problem(
                text.Message(PayRequestErrors.UnsupportedMediaType, fallback: PayRequestErrors.EnglishTemplates[PayRequestErrors.UnsupportedMediaType]),
                statusCode: StatusCodes.Status415UnsupportedMediaType));
        }

        try
        {
            using var document = JsonDocument.Parse(body.Bytes);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? (document.RootElement.Clone(), null)
                : (default, Invalid([PayRequestErrors.Create(PayRequestErrors.NotAnObject, string.Empty)], text));
        }
        catch (JsonException e)
        {
            var error = PayRequestErrors.Create(PayRequestErrors.MalformedJson, PayRequestReader.PathOfSyntaxError(body.Bytes.Span),
                ("line", (e.LineNumber ?? 0) + 1), ("position", (e.BytePositionInLine ?? 0) + 1));
            return (default, Invalid([error], text));
        }
    }

    /// <summary>An optional boolean of a body (<c>"closeEarly": true</c>); false when absent or null, an error for any other kind.</summary>
    public static bool Flag(JsonElement root, string name, List<DomainError> errors) =>
        Property(root, name) is not { } value || value.ValueKind == JsonValueKind.Null ? false
        : value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean()
        : Refuse(errors, PayRequestErrors.Create(PayRequestErrors.NotABoolean, name), false);

    /// <summary>An optional text of a body (<c>"reason": "…"</c>); null when absent or null, an error for any other kind.</summary>
    public static string? Text(JsonElement root, string name, List<DomainError> errors) =>
        Property(root, name) is not { } value || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : Refuse<string?>(errors, PayRequestErrors.Create(PayRequestErrors.NotAString, name), null);

    /// <summary>Adds an example to the operation's document: of the body it takes, and of the answer with <paramref name="status"/>.</summary>
    public static RouteHandlerBuilder WithExample(this RouteHandlerBuilder builder, int status, string answer, string? body = null) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            if (body is not null && operation.RequestBody?.Content is { } requestContent)
            {
                foreach (var media in requestContent.Values)
                {
                    media.Example = JsonNode.Parse(body);
                }
            }

            if (operation.Responses?.TryGetValue(status.ToString(CultureInfo.InvariantCulture), out var response) == true && response.Content is { } content)
            {
                foreach (var media in content.Values)
                {
                    media.Example = JsonNode.Parse(answer);
                }
            }

            return Task.CompletedTask;
        });

    /// <summary>A property of a JSON object by its name, whatever its case; null when absent.</summary>
    internal static JsonElement? Property(JsonElement root, string name)
    {
        foreach (var property in root.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }

    /// <summary>Records <paramref name="error"/> and answers <paramref name="value"/> in its place.</summary>
    internal static T Refuse<T>(List<DomainError> errors, DomainError error, T value)
    {
        errors.Add(error);
        return value;
    }
}
