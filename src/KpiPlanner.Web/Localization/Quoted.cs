namespace KpiPlanner.Web.Localization;

/// <summary>
/// A value someone sent (a cell, a JSON field, a query parameter) as an error message quotes it: whole when short, else
/// its first <see cref="MaxLength"/> characters and an ellipsis — enough to recognise it, never a copy of a 10 MB cell.
/// </summary>
public static class Quoted
{
    /// <summary>The most characters of a value a message quotes.</summary>
    public const int MaxLength = 100;

    /// <summary><paramref name="text"/>, cut to <see cref="MaxLength"/> characters (never inside a surrogate pair) and "…".</summary>
    public static string Shorten(string? text)
    {
        if (text is null)
        {
            return string.Empty;
        }

        if (text.Length <= MaxLength)
        {
            return text;
        }

        var cut = char.IsHighSurrogate(text[MaxLength - 1]) ? MaxLength - 1 : MaxLength;
        return string.Concat(text.AsSpan(0, cut), "…");
    }
}
