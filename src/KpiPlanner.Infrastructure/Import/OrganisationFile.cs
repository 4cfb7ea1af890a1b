namespace KpiPlanner.Infrastructure.Import;

/// <summary>A column of the organisation file.</summary>
public enum OrganisationColumn
{
    PersonnelNumber,
    FullName,
    LastName,
    FirstName,
    MiddleName,
    Email,
    Department,
    Position,
    Head,
    HireDate,
    LeaveDate,
}

/// <summary>One row of the organisation file: its number as the spreadsheet shows it and its cells by column.</summary>
public sealed record OrganisationFileRow(int Row, IReadOnlyDictionary<OrganisationColumn, object?> Cells)
{
    public object? this[OrganisationColumn column] => Cells.GetValueOrDefault(column);
}

/// <summary>
/// What is wrong with the file as a whole (the web layer words it): a stable code and its argument; for a file beyond
/// one of the import limits (<see cref="OrganisationFile.LimitExceeded"/>) the limit, its value and the row where it
/// showed (0 = the file).
/// </summary>
public sealed record OrganisationFileIssue(string Code, string? Argument = null, ImportLimit? Limit = null, long Max = 0, int Row = 0);

/// <summary>The organisation file read into rows; <see cref="Issue"/> set when it is not such a table at all.</summary>
public sealed class OrganisationSheet
{
    public List<OrganisationFileRow> Rows { get; } = [];

    /// <summary>The title of each column as the file's header writes it.</summary>
    public Dictionary<OrganisationColumn, string> Titles { get; } = [];

    public OrganisationFileIssue? Issue { get; set; }
}

/// <summary>The template's rows and column titles.</summary>
public sealed record OrganisationTemplateRow(
    string PersonnelNumber,
    string LastName,
    string FirstName,
    string? MiddleName,
    string? Email,
    string DepartmentPath,
    string Position,
    bool IsHead,
    DateOnly HireDate,
    DateOnly? LeaveDate);

/// <summary>
/// The spreadsheet of departments, positions and employees HR keeps: read as the facts import reads its files
/// (<see cref="ImportRows"/>: .xlsx streamed by the Open XML reader, .csv by CsvHelper, within <see cref="ImportLimits"/>),
/// the template written by MiniExcel. Columns are recognised by their header in Russian or English, any order, any
/// case; other columns are ignored:
/// <list type="table">
/// <item><term>personnel number (required)</term><description><c>Табельный номер</c>, <c>Таб. №</c>, <c>Personnel number</c></description></item>
/// <item><term>name</term><description><c>Фамилия</c>, <c>Имя</c>, <c>Отчество</c> — or one <c>ФИО</c> / <c>Full name</c> column
/// ("Иванов Иван Иванович")</description></item>
/// <item><term>e-mail</term><description><c>E-mail</c>, <c>Эл. почта</c></description></item>
/// <item><term>department</term><description><c>Подразделение</c>, <c>Отдел</c>, <c>Department</c>: a name, or a path
/// «Коммерческая служба / Отдел продаж»</description></item>
/// <item><term>position</term><description><c>Должность</c>, <c>Position</c></description></item>
/// <item><term>head flag</term><description><c>Руководитель подразделения</c>, <c>Руководитель</c>, <c>Head of department</c>: да / нет</description></item>
/// <item><term>dates</term><description><c>Дата приёма</c> / <c>Hire date</c>, <c>Дата увольнения</c> / <c>Leave date</c></description></item>
/// </list>
/// </summary>
public static class OrganisationFile
{
    /// <summary>
    /// More rows than this — every row after the header, blank ones included (a million empty rows cost what a million
    /// rows cost) — are refused as a whole, as a file beyond <see cref="ImportLimit.Rows"/>.
    /// </summary>
    public const int MaxRows = 20_000;

    public const string UnsupportedFormat = "org.file.unsupported_format";
    public const string Unreadable = "org.file.unreadable";
    public const string EmptyFile = "org.file.empty";
    public const string MissingColumns = "org.file.missing_columns";
    public const string TooManyRows = "org.file.too_many_rows";

    /// <summary>The file goes beyond one of <see cref="ImportLimits"/> (or <see cref="MaxRows"/>): the issue names it.</summary>
    public const string LimitExceeded = "org.file.limit";

    /// <summary>The template's column titles in Russian (the default) and English; each is among the recognised aliases.</summary>
    public static readonly IReadOnlyDictionary<OrganisationColumn, string> RussianTitles = new Dictionary<OrganisationColumn, string>
    {
        [OrganisationColumn.PersonnelNumber] = "Табельный номер",
        [OrganisationColumn.LastName] = "Фамилия",
        [OrganisationColumn.FirstName] = "Имя",
        [OrganisationColumn.MiddleName] = "Отчество",
        [OrganisationColumn.Email] = "E-mail",
        [OrganisationColumn.Department] = "Подразделение",
        [OrganisationColumn.Position] = "Должность",
        [OrganisationColumn.Head] = "Руководитель подразделения",
        [OrganisationColumn.HireDate] = "Дата приёма",
        [OrganisationColumn.LeaveDate] = "Дата увольнения",
    };

    public static readonly IReadOnlyDictionary<OrganisationColumn, string> EnglishTitles = new Dictionary<OrganisationColumn, string>
    {
        [OrganisationColumn.PersonnelNumber] = "Personnel number",
        [OrganisationColumn.LastName] = "Last name",
        [OrganisationColumn.FirstName] = "First name",
        [OrganisationColumn.MiddleName] = "Middle name",
        [OrganisationColumn.Email] = "E-mail",
        [OrganisationColumn.Department] = "Department",
        [OrganisationColumn.Position] = "Position",
        [OrganisationColumn.Head] = "Head of department",
        [OrganisationColumn.HireDate] = "Hire date",
        [OrganisationColumn.LeaveDate] = "Leave date",
    };

    private static readonly Dictionary<string, OrganisationColumn> Aliases = new(StringComparer.Ordinal)
    {
        ["табельный номер"] = OrganisationColumn.PersonnelNumber,
        ["таб номер"] = OrganisationColumn.PersonnelNumber,
        ["таб №"] = OrganisationColumn.PersonnelNumber,
        ["табельный №"] = OrganisationColumn.PersonnelNumber,
        ["personnel number"] = OrganisationColumn.PersonnelNumber,
        ["personnel no"] = OrganisationColumn.PersonnelNumber,
        ["employee number"] = OrganisationColumn.PersonnelNumber,
        ["employee no"] = OrganisationColumn.PersonnelNumber,
        ["фио"] = OrganisationColumn.FullName,
        ["сотрудник"] = OrganisationColumn.FullName,
        ["full name"] = OrganisationColumn.FullName,
        ["employee"] = OrganisationColumn.FullName,
        ["name"] = OrganisationColumn.FullName,
        ["фамилия"] = OrganisationColumn.LastName,
        ["last name"] = OrganisationColumn.LastName,
        ["surname"] = OrganisationColumn.LastName,
        ["имя"] = OrganisationColumn.FirstName,
        ["first name"] = OrganisationColumn.FirstName,
        ["отчество"] = OrganisationColumn.MiddleName,
        ["middle name"] = OrganisationColumn.MiddleName,
        ["patronymic"] = OrganisationColumn.MiddleName,
        ["e-mail"] = OrganisationColumn.Email,
        ["email"] = OrganisationColumn.Email,
        ["эл почта"] = OrganisationColumn.Email,
        ["электронная почта"] = OrganisationColumn.Email,
        ["почта"] = OrganisationColumn.Email,
        ["подразделение"] = OrganisationColumn.Department,
        ["отдел"] = OrganisationColumn.Department,
        ["структурное подразделение"] = OrganisationColumn.Department,
        ["department"] = OrganisationColumn.Department,
        ["department path"] = OrganisationColumn.Department,
        ["должность"] = OrganisationColumn.Position,
        ["position"] = OrganisationColumn.Position,
        ["job title"] = OrganisationColumn.Position,
        ["руководитель подразделения"] = OrganisationColumn.Head,
        ["руководитель отдела"] = OrganisationColumn.Head,
        ["руководитель"] = OrganisationColumn.Head,
        ["head of department"] = OrganisationColumn.Head,
        ["department head"] = OrganisationColumn.Head,
        ["head"] = OrganisationColumn.Head,
        ["дата приема"] = OrganisationColumn.HireDate,
        ["дата приема на работу"] = OrganisationColumn.HireDate,
        ["hire date"] = OrganisationColumn.HireDate,
        ["hired"] = OrganisationColumn.HireDate,
        ["дата увольнения"] = OrganisationColumn.LeaveDate,
        ["leave date"] = OrganisationColumn.LeaveDate,
        ["last working day"] = OrganisationColumn.LeaveDate,
    };

    /// <summary>What a header cell names; null for anything else.</summary>
    public static OrganisationColumn? ColumnOf(string? header) =>
        header is not null && Aliases.TryGetValue(ImportHeader.Normalise(header), out var column) ? column : null;

    /// <summary>The template (the current organisation, .xlsx or .csv): <see cref="OrganisationTemplateWriter.Write"/>.</summary>
    public static byte[] Template(IEnumerable<OrganisationTemplateRow> rows, bool english, bool csv, string yes, string no) =>
        OrganisationTemplateWriter.Write(rows, english, csv, yes, no);

    /// <summary>Reads an .xlsx (first sheet) or .csv file; completely empty rows are skipped; the header is row 1 as shown.</summary>
    public static OrganisationSheet Read(Stream file, string fileName) => Read(file, fileName, CancellationToken.None);

    /// <summary>
    /// <see cref="Read(Stream, string)"/> through the import's one reader (<see cref="ImportRows"/>, as the facts
    /// import reads): within <see cref="ImportLimits"/> and <see cref="MaxRows"/>, checked while the file streams —
    /// a file beyond one gets a <see cref="LimitExceeded"/> issue naming it and no rows. A cancelled read throws
    /// <see cref="OperationCanceledException"/>.
    /// </summary>
    public static OrganisationSheet Read(Stream file, string fileName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        var sheet = new OrganisationSheet();
        var rows = ImportRows.Open(file, fileName, cancellationToken);
        if (rows is null)
        {
            sheet.Issue = new OrganisationFileIssue(UnsupportedFormat, fileName);
            return sheet;
        }

        try
        {
            Collect(sheet, rows);
        }
        catch (ImportLimitException e)
        {
            sheet.Rows.Clear();
            sheet.Issue = new OrganisationFileIssue(LimitExceeded, fileName, e.Limit, e.Max, e.Row);
        }
        catch (Exception e) when (e is not OutOfMemoryException and not OperationCanceledException)
        {
            sheet.Rows.Clear();
            sheet.Issue = new OrganisationFileIssue(Unreadable, fileName);
        }

        return sheet;
    }

    private static void Collect(OrganisationSheet sheet, IEnumerable<(int Row, object?[] Cells)> rows)
    {
        OrganisationColumn?[]? columns = null;
        var count = 0;
        foreach (var (row, cells) in rows)
        {
            // Every row counts, blank ones too; the header does not (nor blank rows above it: they count among the rest).
            if (++count > MaxRows + 1)
            {
                throw new ImportLimitException(ImportLimit.Rows, MaxRows, row);
            }

            if (cells.All(ImportCell.IsBlank))
            {
                continue;
            }

            if (columns is null)
            {
                columns = cells.Select(c => ColumnOf(ImportCell.Text(c))).ToArray();
                for (var i = 0; i < columns.Length; i++)
                {
                    if (columns[i] is { } column && !sheet.Titles.ContainsKey(column))
                    {
                        // A title is quoted in every message about its column: at most 100 characters of it.
                        var title = ImportCell.Text(cells[i])?.Trim() ?? string.Empty;
                        sheet.Titles[column] = title.Length > 100 ? string.Concat(title.AsSpan(0, 100), "…") : title;
                    }
                }

                var hasName = sheet.Titles.ContainsKey(OrganisationColumn.FullName)
                    || sheet.Titles.ContainsKey(OrganisationColumn.LastName) || sheet.Titles.ContainsKey(OrganisationColumn.FirstName);
                if (!sheet.Titles.ContainsKey(OrganisationColumn.PersonnelNumber) || !hasName)
                {
                    sheet.Issue = new OrganisationFileIssue(MissingColumns);
                    return;
                }

                continue;
            }

            var values = new Dictionary<OrganisationColumn, object?>();
            for (var i = 0; i < columns.Length && i < cells.Length; i++)
            {
                if (columns[i] is { } column && !values.ContainsKey(column))
                {
                    values[column] = ImportCell.IsBlank(cells[i]) ? null : cells[i];
                }
            }

            sheet.Rows.Add(new OrganisationFileRow(row, values));
        }

        if (columns is null)
        {
            sheet.Issue = new OrganisationFileIssue(EmptyFile);
        }
    }
}
