namespace KpiPlanner.Infrastructure.Import;

/// <summary>Which part of a row (or the whole file) an issue is about.</summary>
public enum FactsField
{
    File,
    Employee,
    Kpi,
    Plan,
    Fact,
    Month,
}

/// <summary>
/// One KPI value to write: a row of an import file (<see cref="Row"/> = the row number the person sees, header = 1) or
/// an item of the facts API (<see cref="Row"/> = its index in the batch). An empty plan or fact means "leave as is".
/// </summary>
/// <param name="Employee">Personnel number or e-mail (and, for the API, the employee's id as text).</param>
/// <param name="EmployeeId">The employee's id when the API sent a JSON number.</param>
public readonly record struct FactInput(int Row, string? Employee, int? EmployeeId, string? Kpi, decimal? Plan, decimal? Fact);

/// <summary>
/// Something wrong with a row, a cell or the whole file, as a stable code (<see cref="FactsIssueCodes"/>) with named
/// arguments; the web layer turns it into the person's language. <see cref="Column"/> is the column's title as written
/// in the file's header, when there is one.
/// </summary>
public sealed record FactsIssue(int Row, FactsField Field, string? Column, string Code, IReadOnlyDictionary<string, object> Args)
{
    public static FactsIssue Of(int row, FactsField field, string? column, string code, params (string Name, object Value)[] args) =>
        new(row, field, column, code, args.ToDictionary(a => a.Name, a => a.Value, StringComparer.Ordinal));
}

/// <summary>The stable codes of import and facts API issues (the resource keys of their texts).</summary>
public static class FactsIssueCodes
{
    public const string UnsupportedFormat = "facts.unsupported_format";
    public const string Unreadable = "facts.unreadable";
    public const string EmptyFile = "facts.empty_file";
    public const string TooManyRows = "facts.too_many_rows";
    public const string MissingColumn = "facts.missing_column";
    public const string PeriodClosed = "facts.period_closed";
    public const string EmployeeMissing = "facts.employee_missing";
    public const string UnknownEmployee = "facts.unknown_employee";
    public const string OwnLine = "facts.own_line";
    public const string NotEmployed = "facts.not_employed";
    public const string KpiMissing = "facts.kpi_missing";
    public const string NoScheme = "facts.no_scheme";
    public const string KpiNotInScheme = "facts.kpi_not_in_scheme";
    public const string KpiIsIndex = "facts.kpi_is_index";
    public const string KpiNotDue = "facts.kpi_not_due";
    public const string NotANumber = "facts.not_a_number";
    public const string Negative = "facts.negative";
    public const string TooLarge = "facts.too_large";
    public const string TooManyDecimals = "facts.too_many_decimals";
    public const string NothingToApply = "facts.nothing_to_apply";
    public const string ValueMissing = "facts.value_missing";
    public const string Duplicate = "facts.duplicate";

    // The file's month against the month it goes into (FactsMonthCheck): the file is refused as a whole, nothing written.
    public const string MonthMismatch = "facts.month_mismatch";
    public const string MixedMonths = "facts.mixed_months";
    public const string MonthMissing = "facts.month_missing";
    public const string MonthUnreadable = "facts.month_unreadable";

    /// <summary>Whether <paramref name="code"/> is about the file's month (then it is the only thing worth saying).</summary>
    public static bool IsMonth(string code) => code is MonthMismatch or MixedMonths or MonthMissing;

    // A file beyond one of ImportLimits: refused as a whole, the limit named ({max}).
    public const string FileTooLarge = "facts.file_too_large";
    public const string UnpackedTooLarge = "facts.unpacked_too_large";
    public const string TooManyColumns = "facts.too_many_columns";
    public const string TooManyCells = "facts.too_many_cells";
    public const string TextTooLong = "facts.text_too_long";
    public const string TooManyTexts = "facts.too_many_texts";
    public const string LineTooLong = "facts.line_too_long";

    /// <summary>The code of a file beyond <paramref name="limit"/>.</summary>
    public static string Of(ImportLimit limit) => limit switch
    {
        ImportLimit.FileSize => FileTooLarge,
        ImportLimit.Unpacked => UnpackedTooLarge,
        ImportLimit.Rows => TooManyRows,
        ImportLimit.Columns => TooManyColumns,
        ImportLimit.CellsPerRow => TooManyCells,
        ImportLimit.TextLength => TextTooLong,
        ImportLimit.SharedStrings => TooManyTexts,
        ImportLimit.LineLength => LineTooLong,
        _ => throw new ArgumentOutOfRangeException(nameof(limit)),
    };

    /// <summary>Whether <paramref name="code"/> says the file goes beyond a limit (the API answers 413).</summary>
    public static bool IsLimit(string code) =>
        code is FileTooLarge or UnpackedTooLarge or TooManyRows or TooManyColumns or TooManyCells or TextTooLong or TooManyTexts or LineTooLong;
}

/// <summary>A file read into rows: the values to write, what is already wrong with it, and its columns' titles.</summary>
public sealed class FactsBatch
{
    public List<FactInput> Rows { get; } = [];

    public List<FactsIssue> Issues { get; } = [];

    /// <summary>The title of each column as the file's header writes it.</summary>
    public Dictionary<FactsField, string> Columns { get; } = [];

    /// <summary>True when the file could not be read as a table of facts at all (no point in checking rows).</summary>
    public bool Unusable { get; set; }

    public string? Column(FactsField field) => Columns.TryGetValue(field, out var title) ? title : null;
}

/// <summary>
/// A file being read in one pass (<see cref="FactsFileReader.Open"/>): <see cref="Rows"/> reads as it is enumerated,
/// and <see cref="Issues"/>, <see cref="Columns"/> and <see cref="Unusable"/> fill in as it goes — a cell's issue is
/// added before its row is yielded.
/// </summary>
public sealed class FactsReading
{
    public IEnumerable<FactInput> Rows { get; internal set; } = [];

    public List<FactsIssue> Issues { get; } = [];

    /// <summary>The title of each column as the file's header writes it (known once the header is read).</summary>
    public Dictionary<FactsField, string> Columns { get; } = [];

    /// <summary>True when the file could not be read as a table of facts at all (final after the last row).</summary>
    public bool Unusable { get; set; }

    /// <summary>The one month the file's rows name (final after the last row); null when they name none, or several.</summary>
    public DateOnly? FileMonth { get; internal set; }

    public string? Column(FactsField field) => Columns.TryGetValue(field, out var title) ? title : null;
}

/// <summary>
/// The month a file goes into, checked against the file's own «Месяц» / «Month» column (<see cref="FactsFileReader"/>):
/// a file of another month, or of several, is refused as a whole; a file that names no month (an old template, a
/// hand-made file) only when <paramref name="MissingConfirmed"/> says the person confirmed <paramref name="Target"/>.
/// </summary>
public sealed record FactsMonthCheck(DateOnly Target, bool MissingConfirmed);

/// <summary>
/// Whom the caller may write for (null = everyone) and the name written to <c>updated_by</c>. <see cref="Self"/> is the
/// caller's own employee, whose figures they never write (their pay depends on them), whatever <see cref="Employees"/> says.
/// </summary>
public sealed record FactsScope(IReadOnlySet<int>? Employees, string? Actor)
{
    public int? Self { get; init; }
}

/// <summary>How many rows changed, how many already held these values, and every issue (nothing written when any).</summary>
public sealed record FactsApplyResult(int Applied, int Unchanged, IReadOnlyList<FactsIssue> Issues);
