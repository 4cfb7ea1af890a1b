using System.Text.Json;

namespace KpiPlanner.Web.Components.Shared;

/// <summary>
/// What a form holds, as text, to tell whether it differs from what was loaded or saved (properties marked
/// <see cref="System.Text.Json.Serialization.JsonIgnoreAttribute"/> — previews, read-only captions — do not count).
/// </summary>
public static class FormFingerprint
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = false };

    public static string Of(object? model) => model is null ? string.Empty : JsonSerializer.Serialize(model, model.GetType(), Options);
}
