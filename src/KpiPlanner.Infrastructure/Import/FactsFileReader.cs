using System.Globalization;
using System.Text;
using CsvHelper;

namespace KpiPlanner.Infrastructure.Import;

/// <summary>
/// Reads an import file — <c>.xlsx</c> (the first sheet, streamed by <see cref="XlsxSheetReader"/>) or <c>.csv</c> (CsvHelper; the
/// delimiter <c>;</c>, <c>,</c> or tab is detected from the header; UTF-8 with or without BOM, and Windows-1251 as
/// saved by a Russian Excel's "CSV (разделители — запятые)") — into rows, checking each cell on its own: the numbers
/// (<see cref="ImportNumber"/>), negative values, missing employee or KPI, a row with neither plan nor fact. Row numbers
/// are those the person sees (the header is row 1); completely empty rows are skipped. Columns: <see cref="FactsColumns"/>.
/// </summary>
public static class FactsFileReader
{
    /// <summary>More rows than this (blank rows included, the header not) are refused as a whole: <see cref="ImportLimits.MaxRows"/>.</summary>
    public const int MaxRows = ImportLimits.MaxRows;

    /// <summary>Reads the whole file into a batch (rows, issues, columns).</summary>
    public static FactsBatch Read(Stream file, string fileName)
    {
        var reading = Open(file, fileName);
        var batch = new FactsBatch();
        batch.Rows.AddRange(reading.Rows);
        if (reading.Unusable)
        {
            batch.Rows.Clear();
        }

        batch.Issues.AddRange(reading.Issues);
        foreach (var (field, title) in reading.Columns)
        {
            batch.Columns[field] = title;
        }

        batch.Unusable = reading.Unusable;
        return batch;
    }

    /// <summary>
    /// Opens the file for one pass: its rows are read as <see cref="FactsReading.Rows"/> is enumerated (an .xlsx
    /// streamed by the Open XML SDK's reader), and the issues and columns fill in as they go. After the last row,
    /// <see cref="FactsReading.Unusable"/> says whether the file could be read as a table of facts at all.
    /// </summary>
    public static FactsReading Open(Stream file, string fileName) => Open(file, fileName, CancellationToken.None);

    /// <summary>
    /// <see cref="Open(Stream, string)"/> within <see cref="ImportLimits"/> (a file beyond one is unusable, with an issue
    /// naming the limit: <see cref="FactsIssueCodes.IsLimit"/>); <paramref name="cancellationToken"/> is checked at every
    /// row, and a cancelled read throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public static FactsReading Open(Stream file, string fileName, CancellationToken cancellationToken) =>
        Open(file, fileName, null, cancellationToken);

    /// <summary>
    /// <see cref="Open(Stream, string, CancellationToken)"/>, checking the file's month against <paramref name="month"/>
    /// (<see cref="FactsMonthCheck"/>): a file of another month (<see cref="FactsIssueCodes.MonthMismatch"/>), of several
    /// (<see cref="FactsIssueCodes.MixedMonths"/>, one issue per other month naming its rows) or, unless confirmed, of none
    /// (<see cref="FactsIssueCodes.MonthMissing"/>) gets a file issue — added as soon as it shows, so a streaming writer
    /// stops writing. A row without a month in a file whose other rows name one belongs to that month.
    /// </summary>
    public static FactsReading Open(Stream file, string fileName, FactsMonthCheck? month, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        var reading = new FactsReading();
        var cells = ImportRows.Open(file, fileName, cancellationToken);
        if (cells is null)
        {
            reading.Unusable = true;
            reading.Issues.Add(FactsIssue.Of(0, FactsField.File, null, FactsIssueCodes.UnsupportedFormat, ("file", fileName ?? string.Empty)));
            reading.Rows = [];
        }
        else
        {
            reading.Rows = Guarded(reading, Collect(reading, cells, month), fileName ?? string.Empty);
        }

        return reading;
    }

    /// <summary>A damaged workbook, a zip that is not a workbook, a broken quote in a CSV: one clear sentence.</summary>
    private static IEnumerable<FactInput> Guarded(FactsReading reading, IEnumerable<FactInput> rows, string fileName)
    {
        using var rowsEnumerator = rows.GetEnumerator();
        while (true)
        {
            try
            {
                if (!rowsEnumerator.MoveNext())
                {
                    yield break;
                }
            }
            catch (ImportLimitException e)
            {
                reading.Issues.RemoveAll(i => i.Field != FactsField.File || FactsIssueCodes.IsMonth(i.Code));
                reading.Unusable = true;
                reading.Issues.Add(FactsIssue.Of(e.Row, FactsField.File, null, FactsIssueCodes.Of(e.Limit), ("max", e.Max)));
                yield break;
            }
            catch (Exception e) when (e is not OutOfMemoryException and not OperationCanceledException)
            {
                reading.Issues.RemoveAll(i => i.Field != FactsField.File || FactsIssueCodes.IsMonth(i.Code));
                reading.Unusable = true;
                reading.Issues.Add(FactsIssue.Of(0, FactsField.File, null, FactsIssueCodes.Unreadable, ("file", fileName)));
                yield break;
            }

            yield return rowsEnumerator.Current;
        }
    }

    /// <summary>The rows of the first sheet, numbered as Excel shows them (<see cref="XlsxSheetReader"/>).</summary>
    internal static IEnumerable<(int Row, object?[] Cells)> XlsxRows(Stream file, CancellationToken cancellationToken)
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
    private static Stream Seekable(Stream file, CancellationToken cancellationToken)
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

    /// <summary>
    /// The records of a CSV file within <see cref="ImportLimits"/>, streamed: one pass checks the encoding (UTF-8, else
    /// Windows-1251) and the length of every line (<see cref="ImportLimits.MaxLineBytes"/>) without holding the text,
    /// then CsvHelper reads the records from the stream; values stand in the first <see cref="ImportLimits.MaxColumns"/>
    /// fields, and a record has at most <see cref="ImportLimits.MaxCellsPerRow"/>.
    /// </summary>
    internal static IEnumerable<(int Row, object?[] Cells)> LimitedCsvRows(Stream file, CancellationToken cancellationToken)
    {
        var seekable = Seekable(file, cancellationToken);
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

    private static IEnumerable<FactInput> Collect(FactsReading batch, IEnumerable<(int Row, object?[] Cells)> rows, FactsMonthCheck? check)
    {
        FactsColumns.Kind[]? kinds = null;
        int number = -1, email = -1, kpi = -1, plan = -1, fact = -1, monthColumn = -1;
        // The rows of each month the file names, in order.
        var months = new SortedDictionary<DateOnly, List<int>>();
        var foreign = false;
        var data = 0;
        var count = 0;
        foreach (var (row, cells) in rows)
        {
            // Every row counts, blank ones too (a million empty rows cost what a million rows cost); the header does not.
            if (++count > MaxRows + 1)
            {
                batch.Issues.Clear();
                batch.Unusable = true;
                batch.Issues.Add(FactsIssue.Of(row, FactsField.File, null, FactsIssueCodes.TooManyRows, ("max", (long)MaxRows)));
                yield break;
            }

            if (cells.All(IsBlank))
            {
                continue;
            }

            if (kinds is null)
            {
                kinds = cells.Select(c => FactsColumns.Of(Text(c))).ToArray();
                number = Array.IndexOf(kinds, FactsColumns.Kind.PersonnelNumber);
                email = Array.IndexOf(kinds, FactsColumns.Kind.Email);
                kpi = Array.IndexOf(kinds, FactsColumns.Kind.Kpi);
                plan = Array.IndexOf(kinds, FactsColumns.Kind.Plan);
                fact = Array.IndexOf(kinds, FactsColumns.Kind.Fact);
                monthColumn = Array.IndexOf(kinds, FactsColumns.Kind.Month);
                Title(batch, FactsField.Month, cells, monthColumn);
                Title(batch, FactsField.Employee, cells, number >= 0 ? number : email);
                Title(batch, FactsField.Kpi, cells, kpi);
                Title(batch, FactsField.Plan, cells, plan);
                Title(batch, FactsField.Fact, cells, fact);
                if (number < 0 && email < 0)
                {
                    batch.Issues.Add(FactsIssue.Of(row, FactsField.Employee, null, FactsIssueCodes.MissingColumn, ("column", "employee")));
                }

                if (kpi < 0)
                {
                    batch.Issues.Add(FactsIssue.Of(row, FactsField.Kpi, null, FactsIssueCodes.MissingColumn, ("column", "kpi")));
                }

                if (plan < 0 && fact < 0)
                {
                    batch.Issues.Add(FactsIssue.Of(row, FactsField.Fact, null, FactsIssueCodes.MissingColumn, ("column", "plan_or_fact")));
                }

                if (batch.Issues.Count > 0)
                {
                    batch.Unusable = true;
                    yield break;
                }

                if (monthColumn < 0 && check is { MissingConfirmed: false })
                {
                    // No month in the file: nothing is read until the person confirms the month it goes into.
                    batch.Issues.Add(FactsIssue.Of(0, FactsField.File, null, FactsIssueCodes.MonthMissing, ("month", check.Target)));
                    yield break;
                }

                continue;
            }

            data++;
            var monthCell = Cell(cells, monthColumn);
            if (!ImportMonth.IsBlank(monthCell))
            {
                if (ImportMonth.TryRead(monthCell, out var rowMonth))
                {
                    if (!months.TryGetValue(rowMonth, out var list))
                    {
                        months[rowMonth] = list = [];
                    }

                    list.Add(row);
                    if (check is not null && rowMonth != check.Target && !foreign)
                    {
                        // Said at once so that nothing more is written; the final words come after the last row.
                        foreign = true;
                        batch.Issues.Add(FactsIssue.Of(0, FactsField.File, null, FactsIssueCodes.MonthMismatch, ("file", rowMonth), ("month", check.Target)));
                    }
                }
                else
                {
                    batch.Issues.Add(FactsIssue.Of(row, FactsField.Month, batch.Column(FactsField.Month), FactsIssueCodes.MonthUnreadable,
                        ("value", Text(monthCell)?.Trim() ?? string.Empty)));
                }
            }

            var employee = Identifier(Cell(cells, number));
            if (employee is null)
            {
                employee = Identifier(Cell(cells, email));
            }

            var key = Identifier(Cell(cells, kpi));
            if (employee is null)
            {
                batch.Issues.Add(FactsIssue.Of(row, FactsField.Employee, batch.Column(FactsField.Employee), FactsIssueCodes.EmployeeMissing));
            }

            if (key is null)
            {
                batch.Issues.Add(FactsIssue.Of(row, FactsField.Kpi, batch.Column(FactsField.Kpi), FactsIssueCodes.KpiMissing));
            }

            var planCell = Cell(cells, plan);
            var factCell = Cell(cells, fact);
            var planOk = Number(batch, row, FactsField.Plan, planCell, out var planValue);
            var factOk = Number(batch, row, FactsField.Fact, factCell, out var factValue);
            if (planOk && factOk && planValue is null && factValue is null)
            {
                var field = fact >= 0 ? FactsField.Fact : FactsField.Plan;
                batch.Issues.Add(FactsIssue.Of(row, field, batch.Column(field), FactsIssueCodes.NothingToApply));
            }

            yield return new FactInput(row, employee, null, key, planValue, factValue);
        }

        if (kinds is null)
        {
            batch.Unusable = true;
            batch.Issues.Add(FactsIssue.Of(0, FactsField.File, null, FactsIssueCodes.EmptyFile));
            yield break;
        }

        batch.FileMonth = months.Count == 1 ? months.Keys.Single() : null;
        if (check is not null && data > 0)
        {
            // (A header without rows writes nothing, whatever its month: nothing to ask.)
            batch.Issues.RemoveAll(i => FactsIssueCodes.IsMonth(i.Code));
            batch.Issues.AddRange(MonthIssues(months, check, batch.Column(FactsField.Month)));
        }
    }

    /// <summary>What is wrong with the months a file's rows name, for a file going into <paramref name="check"/>'s month.</summary>
    private static IEnumerable<FactsIssue> MonthIssues(SortedDictionary<DateOnly, List<int>> months, FactsMonthCheck check, string? column)
    {
        if (months.Count == 0)
        {
            // A month column left empty is no month either.
            if (!check.MissingConfirmed)
            {
                yield return FactsIssue.Of(0, FactsField.File, null, FactsIssueCodes.MonthMissing, ("month", check.Target));
            }

            yield break;
        }

        if (months.Count == 1)
        {
            var only = months.Keys.Single();
            if (only != check.Target)
            {
                yield return FactsIssue.Of(0, FactsField.File, null, FactsIssueCodes.MonthMismatch, ("file", only), ("month", check.Target));
            }

            yield break;
        }

        foreach (var (month, rows) in months.Where(m => m.Key != check.Target).OrderBy(m => m.Value[0]))
        {
            yield return FactsIssue.Of(rows[0], FactsField.Month, column, FactsIssueCodes.MixedMonths,
                ("rows", ImportMonth.Ranges(rows)), ("file", month), ("month", check.Target));
        }
    }

    private static void Title(FactsReading batch, FactsField field, object?[] header, int index)
    {
        if (index >= 0)
        {
            batch.Columns[field] = Text(header[index])?.Trim() ?? string.Empty;
        }
    }

    private static object? Cell(object?[] cells, int index) => index >= 0 && index < cells.Length ? cells[index] : null;

    private static bool IsBlank(object? cell) => cell is null || (cell is string s && string.IsNullOrWhiteSpace(s));

    private static string? Text(object? cell) => cell switch
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

    private static bool TryNumber(object? cell, out decimal value)
    {
        switch (cell)
        {
            case double d:
                return ImportNumber.TryFromDouble(d, out value);
            case decimal m:
                value = ImportNumber.Round(m);
                return true;
            case int i:
                value = i;
                return true;
            case long l:
                value = l;
                return true;
            case string s:
                return ImportNumber.TryParse(s, out value);
            default:
                value = 0m;
                return false;
        }
    }

    /// <summary>False (and an issue) when the cell holds something that is not a non-negative number.</summary>
    private static bool Number(FactsReading batch, int row, FactsField field, object? cell, out decimal? value)
    {
        value = null;
        if (IsBlank(cell))
        {
            return true;
        }

        var ok = TryNumber(cell, out var parsed);
        string Shown() => Text(cell)?.Trim() ?? string.Empty;
        if (!ok)
        {
            batch.Issues.Add(FactsIssue.Of(row, field, batch.Column(field), FactsIssueCodes.NotANumber, ("value", Shown())));
            return false;
        }

        if (parsed < 0)
        {
            batch.Issues.Add(FactsIssue.Of(row, field, batch.Column(field), FactsIssueCodes.Negative, ("value", parsed)));
            return false;
        }

        if (ImportNumber.IsTooLarge(parsed))
        {
            batch.Issues.Add(FactsIssue.Of(row, field, batch.Column(field), FactsIssueCodes.TooLarge, ("value", Shown())));
            return false;
        }

        value = parsed;
        return true;
    }
}
