namespace KpiPlanner.Web.Validation;

/// <summary>
/// The errors of one save, placed where the person is looking: each error whose field path a control on the form owns
/// is shown under that control (<see cref="For"/>); an error no control owns stays in <see cref="Other"/> for the short
/// summary beside the save button, so no message is ever lost. <see cref="First"/> names the control to scroll to.
/// </summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, string> byPath = new(StringComparer.Ordinal);
    private readonly Dictionary<string, object?> refused = new(StringComparer.Ordinal);
    private Func<string, object?>? valueOf;
    private readonly List<string> other = [];

    /// <summary>The messages no control owns (a rule about the whole form, e.g. the weights' sum), in order.</summary>
    public IReadOnlyList<string> Other => other;

    /// <summary>The path of the first error placed at a control, in the order the errors came; null when none.</summary>
    public string? First { get; private set; }

    /// <summary>True when the last save was refused for any reason.</summary>
    public bool Any => AnyPlaced || other.Count > 0;

    /// <summary>True when at least one error sits at a control (the summary then only points at the marked fields).</summary>
    public bool AnyPlaced => byPath.Keys.Any(path => For(path) is not null);

    /// <summary>
    /// Replaces the errors. <paramref name="owns"/> says whether a control on the form owns a path; the first message of
    /// a path is shown at its control, a second one for the same path joins it. With <paramref name="valueOf"/> (the
    /// field's current value by path) a message goes as soon as the person changes the refused value.
    /// </summary>
    public void Set(IEnumerable<(string Path, string Message)> errors, Func<string, bool> owns, Func<string, object?>? valueOf = null)
    {
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentNullException.ThrowIfNull(owns);
        Clear();
        this.valueOf = valueOf;
        foreach (var (path, message) in errors)
        {
            if (!owns(path))
            {
                if (!other.Contains(message, StringComparer.Ordinal))
                {
                    other.Add(message);
                }

                continue;
            }

            First ??= path;
            refused[path] = valueOf?.Invoke(path);
            byPath[path] = byPath.TryGetValue(path, out var before) && before != message ? before + " " + message : message;
        }
    }

    public void Clear()
    {
        byPath.Clear();
        refused.Clear();
        other.Clear();
        First = null;
    }

    public bool Has(string path) => For(path) is not null;

    /// <summary>The message at the field of <paramref name="path"/>; null when none, or when its value has changed since.</summary>
    public string? For(string path) =>
        byPath.TryGetValue(path, out var message) && (valueOf is null || Equals(valueOf(path), refused[path])) ? message : null;

    /// <summary>The placed errors whose path starts with <paramref name="prefix"/> (e.g. <c>bands[2].</c>), by path.</summary>
    public IEnumerable<(string Path, string Message)> Under(string prefix) =>
        byPath.Where(e => e.Key.StartsWith(prefix, StringComparison.Ordinal) && For(e.Key) is not null).OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => (e.Key, e.Value));

    /// <summary>Forgets the error of one field (the person has changed it since).</summary>
    public void Remove(string path)
    {
        byPath.Remove(path);
        refused.Remove(path);
    }
}
