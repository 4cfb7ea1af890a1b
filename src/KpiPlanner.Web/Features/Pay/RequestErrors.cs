using KpiPlanner.Domain.Validation;

namespace KpiPlanner.Web.Features.Pay;

/// <summary>
/// The errors of one request: those found reading the JSON or its required fields (which make every domain error at or
/// under the same path redundant), then the domain's.
/// </summary>
internal sealed class RequestErrors
{
    private readonly List<DomainError> list = [];
    private readonly HashSet<string> inputPaths = new(StringComparer.Ordinal);

    public IReadOnlyList<DomainError> All => list;

    public int Count => list.Count;

    /// <summary>An input problem (wrong type, missing field) at <paramref name="path"/>.</summary>
    public void Add(string path, string code, params (string Name, object Value)[] args) =>
        Add(PayRequestErrors.Create(code, path, args));

    /// <summary>An input problem already shaped as an error.</summary>
    public void Add(DomainError error)
    {
        list.Add(error);
        inputPaths.Add(error.Path);
    }

    /// <summary>Whether an input problem was already reported at <paramref name="path"/>.</summary>
    public bool HasInputErrorAt(string path) => inputPaths.Contains(path);

    /// <summary>
    /// Adds the domain's errors, except those at or under a path whose input was already refused (the domain only saw
    /// a stand-in value there) and those <paramref name="skip"/> says are consequences of refused input.
    /// </summary>
    public void AddDomain(IEnumerable<DomainError> errors, Func<DomainError, bool>? skip = null)
    {
        foreach (var error in errors)
        {
            if (!IsUnderInputError(error.Path) && skip?.Invoke(error) != true)
            {
                list.Add(error);
            }
        }
    }

    /// <summary>
    /// Whether <paramref name="path"/> is, or lies under, a refused input's path: its own prefixes (cut at each <c>.</c>
    /// and <c>[</c>) are looked up, so that 50 000 bad bands cost 50 000 look-ups, not 50 000² comparisons.
    /// </summary>
    private bool IsUnderInputError(string path)
    {
        if (inputPaths.Contains(string.Empty) || inputPaths.Contains(path))
        {
            return true;
        }

        for (var i = 1; i < path.Length; i++)
        {
            if (path[i] is '.' or '[' && inputPaths.Contains(path[..i]))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>
/// Codes of the API's input errors (the JSON itself, before the domain sees it), with their English texts; the Russian
/// and English resources of <see cref="Localization.DomainErrorText"/> hold the same codes.
/// </summary>
internal static class PayRequestErrors
{
    public const string Invalid = "request.invalid";
    public const string MalformedJson = "request.malformed_json";
    public const string Required = "request.required";
    public const string NotANumber = "request.not_a_number";
    public const string TooManyDecimals = "request.too_many_decimals";
    public const string NotAString = "request.not_a_string";
    public const string NotABoolean = "request.not_a_boolean";
    public const string NotAnObject = "request.not_an_object";
    public const string NotAnArray = "request.not_an_array";
    public const string UnknownDirection = "request.unknown_direction";
    public const string UnknownMeasure = "request.unknown_measure";
    public const string BaseWithoutGrowth = "request.base_without_growth";
    public const string UnsupportedMediaType = "request.unsupported_media_type";
    public const string TooLarge = "request.too_large";
    public const string MoreErrors = "request.more_errors";

    public static IReadOnlyDictionary<string, string> EnglishTemplates { get; } = new Dictionary<string, string>
    {
        [Invalid] = "The data has errors: fix the fields listed.",
        [MalformedJson] = "The request is not valid JSON: error at line {line}, position {position}.",
        [Required] = "Fill in this field.",
        [NotANumber] = "A number is needed here, not {value}.",
        [TooManyDecimals] = "The number {value} has more than {max} decimal places and cannot be computed exactly: round it.",
        [NotAString] = "Text is needed here.",
        [NotABoolean] = "A value of true or false is needed here.",
        [NotAnObject] = "An object { … } is expected here.",
        [NotAnArray] = "A list [ … ] is expected here.",
        [UnknownDirection] = "Unknown direction \"{value}\": use higherIsBetter (higher is better) or lowerIsBetter (lower is better).",
        [UnknownMeasure] = "Unknown measure \"{value}\": use ratio (fact against plan) or growth (growth from a base).",
        [BaseWithoutGrowth] = "A base is only used by a growth KPI: add \"measure\": \"growth\" or remove the base.",
        [UnsupportedMediaType] = "Send the data as JSON (Content-Type: application/json).",
        [TooLarge] = "The request is too large: at most {max} bytes.",
        [MoreErrors] = "Only the first {shown} fields with errors are listed; {count} errors in all.",
    };

    /// <summary>An error with the English message filled in (invariant culture), like the domain's own.</summary>
    public static DomainError Create(string code, string path, params (string Name, object Value)[] args) =>
        DomainError.FromTemplate(EnglishTemplates[code], code, path, args);
}
