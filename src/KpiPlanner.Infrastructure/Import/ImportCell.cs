using System.Globalization;

namespace KpiPlanner.Infrastructure.Import;

/// <summary>A cell of an import file (<see cref="ImportRows"/>), as both imports read it: blank or not, its text, an identifier.</summary>
public static class ImportCell
{
    /// <summary>The cell at <paramref name="index"/>; null for a column the file lacks (index -1) or a short row.</summary>
    public static object? Cell(object?[] cells, int index) => index >= 0 && index < cells.Length ? cells[index] : null;

    /// <summary>Nothing, or only white space.</summary>
    public static bool IsBlank(object? cell) => cell is null || (cell is string s && string.IsNullOrWhiteSpace(s));

    /// <summary>The cell as text (numbers invariant); null for nothing.</summary>
    public static string? Text(object? cell) => cell switch
    {
        null => null,
        string s => s,
        // The .xlsx reader hands numbers over as decimals already; a double can only come from another source and
        // becomes a decimal here, at the file boundary, so no arithmetic ever happens in floating point.
        double d => ImportNumber.TryFromDouble(d, out var value) ? value.ToString(CultureInfo.InvariantCulture) : d.ToString(CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => cell.ToString(),
    };

    /// <summary>
    /// A personnel number, e-mail or KPI key: trimmed, and without the apostrophe our own template puts before a
    /// text starting with <c>= + - @</c> (so a spreadsheet never runs it).
    /// </summary>
    public static string? Identifier(object? cell)
    {
        var text = Text(cell)?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (text.Length > 1 && text[0] == '\'' && SpreadsheetText.IsFormulaStart(text[1]))
        {
            text = text[1..];
        }

        return text;
    }
}
