namespace KpiPlanner.Infrastructure.Import;

/// <summary>
/// The one way an import file becomes rows, for the facts and the organisation import alike: an <c>.xlsx</c> streamed
/// by <see cref="XlsxSheetReader"/>, a <c>.csv</c> (or <c>.txt</c>) by the limited CSV reader — both within
/// <see cref="ImportLimits"/> (beyond one, <see cref="ImportLimitException"/> as the rows are enumerated), both checking
/// the cancellation token at every row. Row numbers are those a spreadsheet shows (the header is row 1); blank rows
/// come through as rows of blank cells, so that a caller counts them.
/// </summary>
public static class ImportRows
{
    /// <summary>The rows of <paramref name="file"/> by <paramref name="fileName"/>'s extension; null when it is neither .xlsx nor .csv.</summary>
    public static IEnumerable<(int Row, object?[] Cells)>? Open(Stream file, string? fileName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        return Path.GetExtension(fileName ?? string.Empty).ToLowerInvariant() switch
        {
            ".xlsx" => FactsFileReader.XlsxRows(file, cancellationToken),
            ".csv" or ".txt" => FactsFileReader.LimitedCsvRows(file, cancellationToken),
            _ => null,
        };
    }
}
