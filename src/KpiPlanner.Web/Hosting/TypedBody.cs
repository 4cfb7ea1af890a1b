using System.Text.Json;
using KpiPlanner.Domain.Validation;
using KpiPlanner.Web.Features.Pay;
using KpiPlanner.Web.Localization;

namespace KpiPlanner.Web.Hosting;

/// <summary>
/// A small JSON object body read into a request record whose fields are all nullable (the scales', schemes' and
/// adjustments' endpoints): what <see cref="ApiRequests.ReadObjectAsync"/> refuses (413, 415, bad JSON, not an object)
/// is answered as there; a value of the wrong kind (text where a number belongs) is a 400 at its field's path
/// (<c>kpis[1].weight</c>, <c>api.wrong_kind</c>). Missing fields are left null for the endpoint to report, with the
/// domain's own errors, all at once. Numbers are read as <see cref="decimal"/> from the JSON text, never through double.
/// </summary>
internal static class TypedBody
{
    public const string WrongKind = "api.wrong_kind";

    public const string WrongKindTemplate = "This value is of the wrong kind: see the field's type in the API reference (a number, text, true/false, a list or an object).";

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request, DomainErrorText text, CancellationToken cancellationToken)
        where T : class
    {
        var (root, problem) = await ApiRequests.ReadObjectAsync(request, text, cancellationToken);
        if (problem is not null)
        {
            return (null, problem);
        }

        try
        {
            return (root.Deserialize<T>(Options), null);
        }
        catch (JsonException e)
        {
            return (null, ApiRequests.Invalid([Error(PathOf(e.Path))], text));
        }
    }

    /// <summary>A body already read as a JSON object, into <typeparamref name="T"/>; null with the error added when a value is of the wrong kind.</summary>
    public static T? From<T>(JsonElement root, List<DomainError> errors)
        where T : class
    {
        try
        {
            return root.Deserialize<T>(Options);
        }
        catch (JsonException e)
        {
            errors.Add(Error(PathOf(e.Path)));
            return null;
        }
    }

    public static DomainError Error(string path) => DomainError.FromTemplate(WrongKindTemplate, WrongKind, path);

    /// <summary>The API's path of a serializer's JSON path: <c>$.kpis[1].weight</c> → <c>kpis[1].weight</c>.</summary>
    internal static string PathOf(string? jsonPath)
    {
        var path = jsonPath ?? string.Empty;
        path = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        return path.Length > 0 ? char.ToLowerInvariant(path[0]) + path[1..] : path;
    }
}
