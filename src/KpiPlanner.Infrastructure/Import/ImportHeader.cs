using System.Text;

namespace KpiPlanner.Infrastructure.Import;

/// <summary>
/// A column header as both imports compare it with their aliases: lower case, «ё» as «е», no dots or quotes, a trailing
/// <c>:</c> or <c>*</c> dropped, runs of spaces and underscores as one space («Таб. №» → «таб №», «Last_Name» → «last name»).
/// </summary>
public static class ImportHeader
{
    public static string Normalise(string header)
    {
        var text = new StringBuilder(header.Length);
        var space = false;
        foreach (var raw in header.Trim().TrimEnd(':', '*').ToLowerInvariant())
        {
            var c = raw == 'ё' ? 'е' : raw;
            if (c == '.' || c == '\'' || c == '"')
            {
                continue;
            }

            if (char.IsWhiteSpace(c) || c == '_')
            {
                space = text.Length > 0;
                continue;
            }

            if (space)
            {
                text.Append(' ');
                space = false;
            }

            text.Append(c);
        }

        return text.ToString();
    }
}
