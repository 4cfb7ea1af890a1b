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
            ".xlsx" => XlsxRows(file, cancellationToken),
            ".csv" or ".txt" => CsvSheetReader.Rows(file, cancellationToken),
            _ => null,
        };
    }

    /// <summary>The rows of the first sheet, numbered as Excel shows them (<see cref="XlsxSheetReader"/>).</summary>
    private static IEnumerable<(int Row, object?[] Cells)> XlsxRows(Stream file, CancellationToken cancellationToken)
    {
        var seekable = Seekable(file, cancellationToken);
        try
        {
            foreach (var row in XlsxSheetReader.Rows(seekable, cancellationToken))
            {
                yield return row;
            }
        }
        finally
        {
            if (seekable != file)
            {
                seekable.Dispose();
            }
        }
    }

    /// <summary>The file itself when it can seek, else a copy in a temporary file (at most <see cref="ImportLimits.MaxFileBytes"/>).</summary>
    internal static Stream Seekable(Stream file, CancellationToken cancellationToken)
    {
        if (file.CanSeek)
        {
            if (file.Length - file.Position > ImportLimits.MaxFileBytes)
            {
                throw new ImportLimitException(ImportLimit.FileSize, ImportLimits.MaxFileBytes);
            }

            return file;
        }

        var copy = new FileStream(Path.GetTempFileName(), FileMode.Open, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose);
        try
        {
            var buffer = new byte[64 * 1024];
            int read;
            while ((read = file.Read(buffer)) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (copy.Length + read > ImportLimits.MaxFileBytes)
                {
                    throw new ImportLimitException(ImportLimit.FileSize, ImportLimits.MaxFileBytes);
                }

                copy.Write(buffer, 0, read);
            }

            copy.Position = 0;
            return copy;
        }
        catch
        {
            copy.Dispose();
            throw;
        }
    }
}
