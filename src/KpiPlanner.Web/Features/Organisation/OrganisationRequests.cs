using System.Globalization;
using System.Text.Json;
using KpiPlanner.Domain.Validation;
using KpiPlanner.Web.Features.Pay;
using KpiPlanner.Web.Hosting;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Primitives;

namespace KpiPlanner.Web.Features.Organisation;

/// <summary>A department to add (<c>parentId</c> required) or change (<c>parentId</c> null: where it is).</summary>
public sealed record DepartmentRequest(string? Name, int? ParentId);

/// <summary>A position to add or rename.</summary>
public sealed record PositionRequest(string? Name);

/// <summary>An employee's card to hire or correct: every field, as the employee dialog has them.</summary>
public sealed record EmployeeRequest(string? PersonnelNumber, string? LastName, string? FirstName, string? MiddleName, string? Email,
    int? DepartmentId, int? PositionId, DateOnly? HireDate, DateOnly? LeaveDate);

/// <summary>
/// One item of the bulk upsert: the organisation file's columns as JSON fields (department as a path
/// «Коммерческая служба / Отдел продаж», position by name, created when new). A field left out or null of a known
/// employee keeps its value, as an empty cell of the file does.
/// </summary>
public sealed record EmployeeUpsertItem(string PersonnelNumber, string? LastName, string? FirstName, string? MiddleName, string? Email,
    string? Department, string? Position, bool? Head, string? HireDate, string? LeaveDate);

/// <summary>
/// What the organisation's write endpoints read from a request: a JSON body's typed fields (a field of the wrong JSON
/// type is an error at its path, in the shape of <see cref="ApiRequests"/>) and the <c>If-Match</c> header.
/// </summary>
internal static class OrganisationRequests
{
    /// <summary>The code of a refusal by the organisation's rules (the message is the service's, in the request's language).</summary>
    public const string Refused = "org.refused";

    /// <summary>The code of a refusal by the organisation import's rules, for an item of the bulk upsert.</summary>
    public const string ItemRefused = "org.import.item";

    /// <summary>A text field: absent or null is null; any other JSON kind an error at its path.</summary>
    public static string? Text(JsonElement root, string name, string prefix, List<DomainError> errors) =>
        Property(root, name) is not { } value || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : Refuse<string?>(errors, PayRequestErrors.Create(PayRequestErrors.NotAString, prefix + name), null);

    /// <summary>A flag: absent or null is null; any other kind than true/false an error.</summary>
    public static bool? Flag(JsonElement root, string name, string prefix, List<DomainError> errors) =>
        Property(root, name) is not { } value || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean()
        : Refuse<bool?>(errors, PayRequestErrors.Create(PayRequestErrors.NotABoolean, prefix + name), null);

    /// <summary>An id: absent or null is null; anything but a whole number from 1 an error.</summary>
    public static int? Id(JsonElement root, string name, List<DomainError> errors)
    {
        if (Property(root, name) is not { } value || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var id) && id > 0)
        {
            return id;
        }

        errors.Add(ApiRequests.Error(ApiRequests.NotAnId, name, ("value", value.ToString())));
        return null;
    }

    /// <summary>A date <c>YYYY-MM-DD</c> from 1900 to 2200: absent or null is null; anything else an error.</summary>
    public static DateOnly? Date(JsonElement root, string name, List<DomainError> errors)
    {
        if (Property(root, name) is not { } value || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(PayRequestErrors.Create(PayRequestErrors.NotAString, name));
            return null;
        }

        // The years the organisation file takes (a card may be older than the months the app plans: hired in 1998).
        var text = value.GetString() ?? string.Empty;
        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) && date.Year is >= 1900 and <= 2200)
        {
            return date;
        }

        errors.Add(ApiRequests.Error(ApiRequests.BadDate, name, ("value", text), ("first", "1900-01-01"), ("last", "2200-12-31")));
        return null;
    }

    /// <summary>The service's refusals as the API's errors: each at its field (camelCase), "" for the whole change.</summary>
    public static List<DomainError> Errors(OrganisationResult result) =>
        [.. result.ByField.Select(e => new DomainError(Field(e.Field), Refused, e.Message, new Dictionary<string, object>()))];

    /// <summary>An input's property as the JSON names it: <c>PersonnelNumber</c> → <c>personnelNumber</c>.</summary>
    public static string Field(string property) =>
        property.Length == 0 ? property : char.ToLowerInvariant(property[0]) + property[1..];

    /// <summary>A row version as an ETag: <c>"123"</c>.</summary>
    public static string ETag(uint version) => "\"" + version.ToString(CultureInfo.InvariantCulture) + "\"";

    /// <summary>
    /// The versions <c>If-Match</c> names (<c>"123"</c>, <c>W/"123"</c>, a list), an empty list for <c>*</c> (any
    /// version), or null when the header is missing. An entity tag that is no version of ours is kept as 0, which no
    /// row has, so it never matches.
    /// </summary>
    public static IReadOnlyList<uint>? IfMatch(HttpRequest request)
    {
        if (!request.Headers.TryGetValue("If-Match", out StringValues values) || StringValues.IsNullOrEmpty(values))
        {
            return null;
        }

        var tags = values.SelectMany(v => (v ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        if (tags.Contains("*"))
        {
            return [];
        }

        return
        [
            .. tags.Select(t => t.StartsWith("W/", StringComparison.Ordinal) ? t[2..] : t)
                .Select(t => t.Length >= 2 && t[0] == '"' && t[^1] == '"'
                    && uint.TryParse(t[1..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0u),
        ];
    }

    /// <summary>
    /// The <c>If-Match</c> check of a change: null (go on, against the returned version; 0 for <c>*</c>), or the
    /// problem to answer — 428 when the header is missing, 412 when it names no longer the row's current version.
    /// </summary>
    public static (uint Version, IResult? Problem) Precondition(HttpRequest request, uint current, IStringLocalizer<OrganisationResource> l)
    {
        if (IfMatch(request) is not { } tags)
        {
            return (0, TypedResults.Problem(l["Api.IfMatchRequired"], statusCode: StatusCodes.Status428PreconditionRequired));
        }

        if (tags.Count == 0)
        {
            return (0, null);
        }

        return tags.Contains(current) ? (current, null) : (0, Stale(l));
    }

    /// <summary>The 412 of a change made against an older version: nothing was saved.</summary>
    public static IResult Stale(IStringLocalizer<OrganisationResource> l) =>
        TypedResults.Problem(l["Api.Stale"], statusCode: StatusCodes.Status412PreconditionFailed);

    private static JsonElement? Property(JsonElement root, string name) => ApiRequests.Property(root, name);

    private static T Refuse<T>(List<DomainError> errors, DomainError error, T value) => ApiRequests.Refuse(errors, error, value);
}
