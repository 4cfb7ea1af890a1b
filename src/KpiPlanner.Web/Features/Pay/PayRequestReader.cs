using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using KpiPlanner.Domain;
using KpiPlanner.Domain.Validation;
using KpiPlanner.Infrastructure.Import;
using KpiPlanner.Web.Localization;

namespace KpiPlanner.Web.Features.Pay;

/// <summary>
/// Reads a pay request's JSON into the request records without ever failing on the first problem: every field of the
/// wrong type (a string where a number belongs, <c>"NaN"</c>, <c>1e400</c> which no decimal holds, an unknown
/// direction) is recorded with its path in the API's style (<c>kpis[1].weight</c>) and reading goes on, so the answer
/// lists every error at once. Numbers are read as <see cref="decimal"/> straight from the JSON text, never through
/// double (a number in a string, <c>"15000.50"</c>, is accepted like the app's other endpoints do; so is one as people type
/// it, <c>"1 234,5"</c>, read by the facts API's parser, <see cref="ImportNumber"/>). Property names match case-insensitively; unknown properties are ignored.
/// </summary>
internal sealed partial class PayRequestReader
{
    private readonly RequestErrors errors;

    private PayRequestReader(RequestErrors errors) => this.errors = errors;

    /// <summary>The body of <c>POST /api/pay/preview</c>.</summary>
    public static PayPreviewRequest ReadPreview(JsonElement root, RequestErrors errors) =>
        ReadObject(root, errors, reader => new PayPreviewRequest
        {
            Fixed = reader.Number(root, "fixed", string.Empty),
            PlannedVariable = reader.Number(root, "plannedVariable", string.Empty),
            Bonus = reader.Number(root, "bonus", string.Empty),
            Kpis = reader.List(root, "kpis", string.Empty, (kpi, path) => reader.PreviewKpi(kpi, path), new PayPreviewKpiRequest()),
        });

    /// <summary>The body of <c>POST /api/pay/check</c> (plan and fact, if present, are ignored).</summary>
    public static PayCheckRequest ReadCheck(JsonElement root, RequestErrors errors) =>
        ReadObject(root, errors, reader => new PayCheckRequest
        {
            Fixed = reader.Number(root, "fixed", string.Empty),
            PlannedVariable = reader.Number(root, "plannedVariable", string.Empty),
            Kpis = reader.List(root, "kpis", string.Empty, (kpi, path) => reader.SchemeKpi(kpi, path), new PaySchemeKpiRequest()),
        });

    /// <summary>A body read by <paramref name="read"/> when it is a JSON object; an empty request (and an error) otherwise.</summary>
    private static T ReadObject<T>(JsonElement root, RequestErrors errors, Func<PayRequestReader, T> read)
        where T : new()
    {
        var reader = new PayRequestReader(errors);
        return reader.IsObject(root, string.Empty) ? read(reader) : new T();
    }

    /// <summary>
    /// The field path (<c>kpis[1].weight</c>) at which a body stops being valid JSON, found by reading it again token by
    /// token; empty when the problem is at the root (e.g. an empty body).
    /// </summary>
    public static string PathOfSyntaxError(ReadOnlySpan<byte> json)
    {
        var frames = new List<(bool IsArray, int Index, string? Property)>();
        var reader = new Utf8JsonReader(json);
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        frames[^1] = (false, -1, reader.GetString());
                        break;
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        NextElement(frames);
                        frames.Add((reader.TokenType == JsonTokenType.StartArray, -1, null));
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        frames.RemoveAt(frames.Count - 1);
                        break;
                    default:
                        NextElement(frames);
                        break;
                }
            }
        }
        catch (JsonException)
        {
            // The reader stopped where the JSON breaks; the frames say where that is.
        }
        catch (InvalidOperationException)
        {
            // A property name that is not valid UTF-8: same answer.
        }

        var path = string.Empty;
        foreach (var (isArray, index, property) in frames)
        {
            if (isArray && index >= 0)
            {
                path = Paths.Index(path, index);
            }
            else if (!isArray && property is not null)
            {
                path = Paths.Join(path, property);
            }
        }

        return path;

        static void NextElement(List<(bool IsArray, int Index, string? Property)> frames)
        {
            if (frames.Count > 0 && frames[^1].IsArray)
            {
                frames[^1] = frames[^1] with { Index = frames[^1].Index + 1 };
            }
        }
    }

    // The scheme's fields first, then the period's figures: the errors come in the body's order either way.
    private PayPreviewKpiRequest PreviewKpi(JsonElement kpi, string path) => new(SchemeKpi(kpi, path))
    {
        Plan = Number(kpi, "plan", path),
        Fact = Number(kpi, "fact", path),
        Base = Number(kpi, "base", path),
    };

    private PaySchemeKpiRequest SchemeKpi(JsonElement kpi, string path) => new()
    {
        Name = Text(kpi, "name", path),
        Weight = Number(kpi, "weight", path),
        Direction = Direction(kpi, "direction", path),
        Gate = Number(kpi, "gate", path),
        Measure = Measure(kpi, "measure", path),
        Scale = Scale(kpi, "scale", path),
    };

    private PayScaleRequest? Scale(JsonElement kpi, string name, string parent)
    {
        if (!TryGet(kpi, name, out var scale))
        {
            return null;
        }

        var path = Paths.Join(parent, name);
        if (!IsObject(scale, path))
        {
            return null;
        }

        return new PayScaleRequest
        {
            Cap = Number(scale, "cap", path),
            Bands = List(scale, "bands", path, Band, new PayBandRequest()),
        };
    }

    private PayBandRequest Band(JsonElement band, string path) => new()
    {
        From = Number(band, "from", path),
        To = Number(band, "to", path),
        ToInclusive = Bool(band, "toInclusive", path),
        Coefficient = Number(band, "coefficient", path),
        CoefficientTo = Number(band, "coefficientTo", path),
        Label = Text(band, "label", path),
    };

    /// <summary>
    /// A list of objects; an element that is not an object is reported and kept as <paramref name="placeholder"/> so
    /// that the indexes of the others (and their paths) stay right.
    /// </summary>
    private List<T>? List<T>(JsonElement parent, string name, string parentPath, Func<JsonElement, string, T> read, T placeholder)
    {
        if (!TryGet(parent, name, out var array))
        {
            return null;
        }

        var path = Paths.Join(parentPath, name);
        if (array.ValueKind != JsonValueKind.Array)
        {
            errors.Add(path, PayRequestErrors.NotAnArray);
            return null;
        }

        var items = new List<T>(array.GetArrayLength());
        var index = 0;
        foreach (var element in array.EnumerateArray())
        {
            var itemPath = Paths.Index(path, index++);
            items.Add(IsObject(element, itemPath) ? read(element, itemPath) : placeholder);
        }

        return items;
    }

    private bool IsObject(JsonElement element, string path)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            return true;
        }

        errors.Add(path, PayRequestErrors.NotAnObject);
        return false;
    }

    /// <summary>A number read exactly as decimal; null when absent or JSON null. Anything else is reported.</summary>
    private decimal? Number(JsonElement parent, string name, string parentPath)
    {
        if (!TryGet(parent, name, out var value))
        {
            return null;
        }

        var path = Paths.Join(parentPath, name);
        if (value.ValueKind == JsonValueKind.String && value.GetString() is { } text && PlainDecimal().IsMatch(text))
        {
            // The app's JSON options (web defaults) read numbers from strings too, and its OpenAPI document says so:
            // "15000.50" is accepted, parsed exactly as decimal. "NaN", "Infinity", "1e5" and the like are not numbers.
            if (decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var parsed))
            {
                return Exact(parsed, ImportNumber.DecimalPlaces(text), text, path);
            }
        }
        else if (value.ValueKind == JsonValueKind.String && value.GetString() is { } typed
            && ImportNumber.TryParseExact(typed, out var read, out var places))
        {
            // A number as people type it reads as the facts API reads it (one parser, ImportNumber): "1 234,5", "1234,50".
            return Exact(read, places, typed, path);
        }
        else if (value.ValueKind != JsonValueKind.Number)
        {
            errors.Add(path, PayRequestErrors.NotANumber, ("value", Quoted.Shorten(value.GetRawText())));
            return null;
        }
        else if (value.TryGetDecimal(out var number))
        {
            var raw = value.GetRawText();
            return Exact(number, ImportNumber.DecimalPlaces(raw), raw, path);
        }

        // A JSON number that no decimal holds (1e400, 33 digits): far beyond numeric(18,2).
        errors.Add(DomainErrors.Create(DomainErrors.NumberOutOfRange, path,
            ("value", Quoted.Shorten(value.GetRawText())), ("max", Money.MaxAmount)));
        return null;
    }

    /// <summary>
    /// <paramref name="number"/> when it is the number <paramref name="text"/> writes; null (and an error) when decimal
    /// rounded it, i.e. the text has more than 28 decimal places (<paramref name="decimals"/>; <c>1e-400</c> would
    /// silently become 0).
    /// </summary>
    private decimal? Exact(decimal number, int decimals, string text, string path)
    {
        if (decimals <= MaxDecimalPlaces)
        {
            return number;
        }

        errors.Add(path, PayRequestErrors.TooManyDecimals, ("value", Quoted.Shorten(text)), ("max", MaxDecimalPlaces));
        return null;
    }

    private string? Text(JsonElement parent, string name, string parentPath)
    {
        if (!TryGet(parent, name, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(Paths.Join(parentPath, name), PayRequestErrors.NotAString);
            return null;
        }

        return value.GetString();
    }

    private bool? Bool(JsonElement parent, string name, string parentPath)
    {
        if (!TryGet(parent, name, out var value))
        {
            return null;
        }

        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }

        errors.Add(Paths.Join(parentPath, name), PayRequestErrors.NotABoolean);
        return null;
    }

    private PayDirection? Direction(JsonElement parent, string name, string parentPath) =>
        OneOf(parent, name, parentPath, PayRequestErrors.UnknownDirection,
            ("higherIsBetter", PayDirection.HigherIsBetter), ("lowerIsBetter", PayDirection.LowerIsBetter));

    private PayMeasure? Measure(JsonElement parent, string name, string parentPath) =>
        OneOf(parent, name, parentPath, PayRequestErrors.UnknownMeasure,
            ("ratio", PayMeasure.Ratio), ("growth", PayMeasure.Growth));

    /// <summary>One of the named values (case-insensitive), or an <paramref name="unknownCode"/> error quoting what was sent.</summary>
    private T? OneOf<T>(JsonElement parent, string name, string parentPath, string unknownCode, params (string Name, T Value)[] options)
        where T : struct
    {
        if (!TryGet(parent, name, out var value))
        {
            return null;
        }

        var text = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        foreach (var (option, result) in options)
        {
            if (string.Equals(text, option, StringComparison.OrdinalIgnoreCase))
            {
                return result;
            }
        }

        errors.Add(Paths.Join(parentPath, name), unknownCode, ("value", Quoted.Shorten(text ?? value.GetRawText())));
        return null;
    }

    /// <summary>The property (names compared case-insensitively; the last of duplicates wins), unless absent or null.</summary>
    private static bool TryGet(JsonElement parent, string name, out JsonElement value)
    {
        value = default;
        var found = false;
        foreach (var property in parent.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                found = value.ValueKind != JsonValueKind.Null;
            }
        }

        return found;
    }

    /// <summary>A number written as a string in plain notation (the pattern the app's OpenAPI document states).</summary>
    [GeneratedRegex(@"^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex PlainDecimal();

    /// <summary>The most decimal places a <see cref="decimal"/> keeps: a number with more would be rounded, not read.</summary>
    private const int MaxDecimalPlaces = 28;
}
