using System.Globalization;
using System.Text;

namespace KpiPlanner.Domain.Validation;

/// <summary>
/// One problem with user input (or, for warnings, one piece of advice), addressed to the field a person must fix.
/// </summary>
/// <param name="Path">
/// The field in the API's camelCase JSON shape, e.g. <c>kpis[1].scale.bands[2].to</c>, <c>fixed</c>;
/// empty when the problem is with the whole object.
/// </param>
/// <param name="Code">A stable code listed in <see cref="DomainErrors"/>; the web layer translates it.</param>
/// <param name="Message">The English default message, numbers formatted with the invariant culture.</param>
/// <param name="Args">The values named in the message template (<c>{sum}</c> → <c>Args["sum"]</c>).</param>
public sealed record DomainError(string Path, string Code, string Message, IReadOnlyDictionary<string, object> Args)
{
    /// <summary>
    /// An error of <paramref name="code"/> whose English message is <paramref name="template"/> with its <c>{name}</c>s
    /// filled in from <paramref name="args"/> (numbers in the invariant culture). Every error vocabulary builds with it.
    /// </summary>
    public static DomainError FromTemplate(string template, string code, string path, params (string Name, object Value)[] args)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(args);
        var values = new Dictionary<string, object>(args.Length);
        var message = new StringBuilder(template);
        foreach (var (name, value) in args)
        {
            values[name] = value;
            message.Replace("{" + name + "}", value is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : value.ToString() ?? string.Empty);
        }

        return new DomainError(path, code, message.ToString(), values);
    }

    /// <summary>The same error, its path placed under <paramref name="prefix"/> (e.g. <c>kpis[1]</c>).</summary>
    public DomainError WithPrefix(string prefix) => this with { Path = Paths.Join(prefix, Path) };

    /// <inheritdoc/>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{(Path.Length == 0 ? "(root)" : Path)}: {Code}: {Message}");
}

/// <summary>Builds field paths in the API's JSON shape.</summary>
public static class Paths
{
    /// <summary>Joins <c>kpis[1]</c> and <c>scale.cap</c> into <c>kpis[1].scale.cap</c>; an empty side is skipped.</summary>
    public static string Join(string prefix, string member)
    {
        if (prefix.Length == 0)
        {
            return member;
        }

        if (member.Length == 0)
        {
            return prefix;
        }

        return member[0] == '[' ? prefix + member : prefix + "." + member;
    }

    /// <summary><c>bands</c>, 2 → <c>bands[2]</c>.</summary>
    public static string Index(string collection, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"{collection}[{index}]");
}
