namespace KpiPlanner.Infrastructure.Import;

/// <summary>
/// Reads an import file of facts — <c>.xlsx</c> (the first sheet, streamed by <see cref="XlsxSheetReader"/>) or
/// <c>.csv</c> (<see cref="CsvSheetReader"/>), both through <see cref="ImportRows"/> — into rows, checking each cell on its own: the numbers
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
            catch (Exception e) when (e.InnerException is OperationCanceledException cancelled)
            {
                // A reader (CsvHelper) that wraps the request's cancellation is cancelled, not an unreadable file.
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(cancelled);
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

            if (cells.All(ImportCell.IsBlank))
            {
                continue;
            }

            if (kinds is null)
            {
                kinds = cells.Select(c => FactsColumns.Of(ImportCell.Text(c))).ToArray();
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
            var monthCell = ImportCell.Cell(cells, monthColumn);
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
                        ("value", ImportCell.Text(monthCell)?.Trim() ?? string.Empty)));
                }
            }

            var employee = ImportCell.Identifier(ImportCell.Cell(cells, number));
            if (employee is null)
            {
                employee = ImportCell.Identifier(ImportCell.Cell(cells, email));
            }

            var key = ImportCell.Identifier(ImportCell.Cell(cells, kpi));
            if (employee is null)
            {
                batch.Issues.Add(FactsIssue.Of(row, FactsField.Employee, batch.Column(FactsField.Employee), FactsIssueCodes.EmployeeMissing));
            }

            if (key is null)
            {
                batch.Issues.Add(FactsIssue.Of(row, FactsField.Kpi, batch.Column(FactsField.Kpi), FactsIssueCodes.KpiMissing));
            }

            var planCell = ImportCell.Cell(cells, plan);
            var factCell = ImportCell.Cell(cells, fact);
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
            batch.Columns[field] = ImportCell.Text(header[index])?.Trim() ?? string.Empty;
        }
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
        if (ImportCell.IsBlank(cell))
        {
            return true;
        }

        var ok = TryNumber(cell, out var parsed);
        string Shown() => ImportCell.Text(cell)?.Trim() ?? string.Empty;
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
