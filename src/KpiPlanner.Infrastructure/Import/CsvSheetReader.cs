using System.Text;
using CsvHelper;

namespace KpiPlanner.Infrastructure.Import;

/// <summary>
/// A <c>.csv</c> file as rows (CsvHelper): the delimiter <c>;</c>, <c>,</c> or tab detected from the header; UTF-8 with or
/// without BOM, and Windows-1251 as saved by a Russian Excel's "CSV (разделители — запятые)"; within <see cref="ImportLimits"/>.
/// </summary>
internal static class CsvSheetReader
{
    /// <summary>
    /// The records of a CSV file within <see cref="ImportLimits"/>, streamed: one pass checks the encoding (UTF-8, else
    /// Windows-1251) and the length of every line (<see cref="ImportLimits.MaxLineBytes"/>) without holding the text,
    /// then CsvHelper reads the records from the stream; values stand in the first <see cref="ImportLimits.MaxColumns"/>
    /// fields, and a record has at most <see cref="ImportLimits.MaxCellsPerRow"/>.
    /// </summary>
    internal static IEnumerable<(int Row, object?[] Cells)> Rows(Stream file, CancellationToken cancellationToken)
    {
        var seekable = ImportRows.Seekable(file, cancellationToken);
        try
        {
            var start = seekable.Position;
            var utf8 = Scan(seekable, cancellationToken);
            Encoding? encoding = null;
            if (!utf8)
            {
                Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
                encoding = Encoding.GetEncoding(1251);
            }

            seekable.Position = start;
            var delimiter = DetectDelimiter(seekable, encoding ?? Encoding.UTF8);
            seekable.Position = start;
            var options = new CsvReaderOptions
            {
                Separator = delimiter,
                HasHeader = false,
                SkipEmptyLines = false,
                AllowLineBreaksInQuotes = true,
                FieldCountMismatch = CsvFieldCountHandling.Allow,
                MissingField = CsvMissingFieldHandling.ReturnEmpty,
                MalformedData = CsvMalformedDataHandling.Recover,
                Encoding = encoding,
                // Lines were measured already; a record of several lines (a quoted line break) stops here.
                MaxRecordSize = 2 * ImportLimits.MaxLineBytes,
            };
            using var reader = CsvReader.Create(seekable, options, true);
            var row = 0;
            while (true)
            {
                bool more;
                try
                {
                    more = reader.Read();
                }
                catch (CsvFormatException e) when (e.Message.Contains("MaxRecordSize", StringComparison.Ordinal))
                {
                    throw new ImportLimitException(ImportLimit.LineLength, ImportLimits.MaxLineBytes, row + 1);
                }

                if (!more)
                {
                    yield break;
                }

                cancellationToken.ThrowIfCancellationRequested();
                row = checked((int)reader.RowNumber);
                var count = reader.FieldCount;
                if (count > ImportLimits.MaxCellsPerRow)
                {
                    throw new ImportLimitException(ImportLimit.CellsPerRow, ImportLimits.MaxCellsPerRow, row);
                }

                var width = Math.Min(count, ImportLimits.MaxColumns);
                for (var i = width; i < count; i++)
                {
                    if (!reader.IsEmpty(i))
                    {
                        throw new ImportLimitException(ImportLimit.Columns, ImportLimits.MaxColumns, row);
                    }
                }

                var cells = new object?[width];
                for (var i = 0; i < cells.Length; i++)
                {
                    cells[i] = reader.GetString(i);
                }

                yield return (row, cells);
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

    /// <summary>
    /// One pass over the bytes: whether they are UTF-8 (a BOM skipped), and every line within
    /// <see cref="ImportLimits.MaxLineBytes"/> (else <see cref="ImportLimitException"/> with the line's number).
    /// </summary>
    private static bool Scan(Stream file, CancellationToken cancellationToken)
    {
        var decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetDecoder();
        var utf8 = true;
        var buffer = new byte[64 * 1024];
        // GetChars, not GetCharCount: only it carries a character split between two reads over to the next one.
        var chars = new char[buffer.Length + 16];
        var line = 1;
        var length = 0;
        var first = true;
        int read;
        while ((read = file.Read(buffer)) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var bytes = buffer.AsSpan(0, read);
            if (first)
            {
                first = false;
                if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
                {
                    bytes = bytes[3..];
                }
            }

            if (utf8)
            {
                try
                {
                    decoder.GetChars(bytes, chars, flush: false);
                }
                catch (DecoderFallbackException)
                {
                    utf8 = false;
                }
            }

            var rest = bytes;
            while (true)
            {
                var end = rest.IndexOfAny((byte)'\n', (byte)'\r');
                if (end < 0)
                {
                    length += rest.Length;
                    break;
                }

                length += end;
                if (length > ImportLimits.MaxLineBytes)
                {
                    throw new ImportLimitException(ImportLimit.LineLength, ImportLimits.MaxLineBytes, line);
                }

                line += rest[end] == (byte)'\n' ? 1 : 0;
                length = 0;
                rest = rest[(end + 1)..];
            }

            if (length > ImportLimits.MaxLineBytes)
            {
                throw new ImportLimitException(ImportLimit.LineLength, ImportLimits.MaxLineBytes, line);
            }
        }

        if (utf8)
        {
            try
            {
                decoder.GetChars([], chars, flush: true);
            }
            catch (DecoderFallbackException)
            {
                utf8 = false;
            }
        }

        return utf8;
    }

    /// <summary><see cref="DetectDelimiter(string)"/> of the file's first line (at most a line's limit of it).</summary>
    private static char DetectDelimiter(Stream file, Encoding encoding)
    {
        using var text = new StreamReader(file, encoding, detectEncodingFromByteOrderMarks: true, bufferSize: 4096, leaveOpen: true);
        var start = new char[ImportLimits.MaxLineBytes];
        var read = text.ReadBlock(start, 0, start.Length);
        return DetectDelimiter(new string(start, 0, read));
    }

    /// <summary>The delimiter used most in the first non-empty line, outside quotes; <c>;</c> when none is.</summary>
    private static char DetectDelimiter(string text)
    {
        int semicolons = 0, commas = 0, tabs = 0;
        var quoted = false;
        var seen = false;
        foreach (var c in text)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && (c == '\n' || c == '\r'))
            {
                if (seen)
                {
                    break;
                }
            }
            else if (!quoted)
            {
                seen |= !char.IsWhiteSpace(c);
                semicolons += c == ';' ? 1 : 0;
                commas += c == ',' ? 1 : 0;
                tabs += c == '\t' ? 1 : 0;
            }
        }

        return tabs > semicolons && tabs > commas ? '\t' : commas > semicolons ? ',' : ';';
    }
}
