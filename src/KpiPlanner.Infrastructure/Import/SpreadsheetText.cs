namespace KpiPlanner.Infrastructure.Import;

/// <summary>
/// Text written into a spreadsheet we hand out: a cell starting with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c> (or a tab or
/// carriage return) would be run as a formula by Excel or LibreOffice (CSV/formula injection), so it gets a leading
/// apostrophe and stays text. Only for text columns; numbers are written as numbers.
/// </summary>
public static class SpreadsheetText
{
    public static bool IsFormulaStart(char c) => c is '=' or '+' or '-' or '@' or '\t' or '\r';

    public static string Neutralise(string? text) =>
        string.IsNullOrEmpty(text) ? string.Empty : IsFormulaStart(text[0]) ? "'" + text : text;
}
