using System.Globalization;
using System.Resources;

namespace KpiPlanner.Web.Features.Documents;

/// <summary>
/// The documents' texts (<see cref="DocumentsResource"/>) in one explicit culture — a document's language is the
/// request's, not the thread's — with named placeholders (<c>{month}</c>) filled in.
/// </summary>
internal sealed class DocumentText(CultureInfo culture)
{
    private static readonly ResourceManager Resources =
        new("KpiPlanner.Web.Resources.DocumentsResource", typeof(DocumentsResource).Assembly);

    public CultureInfo Culture { get; } = culture;

    public string this[string key] =>
        Resources.GetString(key, Culture) ?? throw new InvalidOperationException($"The text «{key}» is missing from DocumentsResource.");

    public string Format(string key, params (string Name, string Value)[] values)
    {
        var text = this[key];
        foreach (var (name, value) in values)
        {
            text = text.Replace("{" + name + "}", value, StringComparison.Ordinal);
        }

        return text;
    }
}
