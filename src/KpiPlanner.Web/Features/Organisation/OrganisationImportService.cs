using System.Globalization;
using KpiPlanner.Domain.Organisation;
using KpiPlanner.Infrastructure;
using KpiPlanner.Infrastructure.Import;
using KpiPlanner.Infrastructure.Postgres;
using KpiPlanner.Web.Localization;
using KpiPlanner.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace KpiPlanner.Web.Features.Organisation;

/// <summary>A bad row of the organisation file: its number as the spreadsheet shows it, the column's title and the reason.</summary>
public sealed record OrganisationImportError(int Row, string Column, string Message);

/// <summary>What an import did, or (with errors) why it changed nothing.</summary>
public sealed record OrganisationImportResult(
    int Created,
    int Updated,
    int Unchanged,
    IReadOnlyList<string> DepartmentsCreated,
    IReadOnlyList<string> PositionsCreated,
    int HeadsChanged,
    IReadOnlyList<OrganisationImportError> Errors)
{
    public bool Succeeded => Errors.Count == 0;

    /// <summary>The import limit the file went beyond (then the one error names it; the API answers 413), or null.</summary>
    public ImportLimit? Limit { get; init; }

    public static OrganisationImportResult Refused(IReadOnlyList<OrganisationImportError> errors) => new(0, 0, 0, [], [], 0, errors);
}

/// <summary>The organisation template as a file to download.</summary>
public sealed record OrganisationTemplateFile(byte[] Content, string FileName, string ContentType);

/// <summary>
/// Departments, positions and employees from a spreadsheet (<see cref="OrganisationFile"/> lists the columns), all or
/// nothing. Employees are matched by personnel number: a new number hires, a known one updates the card, and an empty
/// cell of a known employee leaves that value as is. Departments are found or created from a path
/// («Коммерческая служба / Отдел продаж», under the company; a path may start with the company's name; a single name
/// must not be ambiguous), positions by name (created when new). «Руководитель подразделения: да» makes the person the
/// head of their department (and of no other one), «нет» vacates their post. Every bad row is reported with its row
/// number, column and reason in the person's language, and then nothing is written. Dates: <c>01.06.2026</c>,
/// <c>2026-06-01</c>, the culture's own form, or a date cell.
/// </summary>
public sealed class OrganisationImportService(IDbContextFactory<KpiDbContext> dbFactory, TimeProvider time, IStringLocalizer<OrganisationResource> l)
{
    private IStringLocalizer<OrganisationResource> Text => l;

    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string CsvContentType = "text/csv; charset=utf-8";
    private const string PathSeparator = " / ";

    /// <summary>Levels of a department path in the file (the company's own level included).</summary>
    internal const int MaxPathLevels = 20;

    /// <summary>New departments one file may create: as many as it may have rows.</summary>
    internal const int MaxCreatedDepartments = OrganisationFile.MaxRows;

    private static readonly string[] Yes = ["да", "д", "yes", "y", "1", "+", "x", "х", "true", "истина", "руководитель", "head"];
    private static readonly string[] No = ["нет", "н", "no", "n", "0", "-", "false", "ложь"];

    private static IReadOnlyDictionary<OrganisationColumn, string> Titles =>
        CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? OrganisationFile.EnglishTitles : OrganisationFile.RussianTitles;

    private DateOnly Today => DateOnly.FromDateTime(time.GetLocalNow().DateTime);

    /// <summary>The template: the current organisation (every employee, with their department's path), .xlsx or .csv.</summary>
    public async Task<OrganisationTemplateFile> TemplateAsync(UserContext actor, string format, CancellationToken cancellationToken = default)
    {
        actor.Demand(Duty.EditOrganisation);
        var csv = string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase);
        if (!csv && !string.Equals(format, "xlsx", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException("The format is xlsx or csv.", nameof(format));
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var departments = await db.Departments.AsNoTracking().Select(d => new { d.Id, d.Name, d.ParentId, d.HeadId }).ToListAsync(cancellationToken);
        var byId = departments.ToDictionary(d => d.Id);
        var roots = departments.Count(d => d.ParentId is null);
        string PathOf(int id)
        {
            var names = new List<string>();
            var seen = new HashSet<int>();
            for (var d = byId.GetValueOrDefault(id); d is not null && seen.Add(d.Id); d = d.ParentId is { } p ? byId.GetValueOrDefault(p) : null)
            {
                names.Add(d.Name);
            }

            names.Reverse();
            // Under the company the company's name is left out (as people write it); the company itself keeps its name.
            return string.Join(PathSeparator, names.Count > 1 && roots == 1 ? names.Skip(1) : names);
        }

        var heads = departments.Where(d => d.HeadId is not null).Select(d => (d.HeadId!.Value, d.Id)).ToHashSet();
        var employees = await db.Employees.AsNoTracking()
            .OrderBy(e => e.LastName).ThenBy(e => e.FirstName).ThenBy(e => e.PersonnelNumber)
            .Select(e => new { e.PersonnelNumber, e.LastName, e.FirstName, e.MiddleName, e.Email, e.Id, e.DepartmentId, Position = e.Position.Name, e.HireDate, e.LeaveDate })
            .ToListAsync(cancellationToken);
        var rows = employees.Select(e => new OrganisationTemplateRow(
            e.PersonnelNumber, e.LastName, e.FirstName, e.MiddleName, e.Email, PathOf(e.DepartmentId), e.Position,
            heads.Contains((e.Id, e.DepartmentId)), e.HireDate, e.LeaveDate));
        var english = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";
        var content = OrganisationFile.Template(rows, english, csv, l["Import.Yes"], l["Import.No"]);
        var name = $"{(english ? "employees" : "sotrudniki")}-{Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.{(csv ? "csv" : "xlsx")}";
        return new OrganisationTemplateFile(content, name, csv ? CsvContentType : XlsxContentType);
    }

    /// <summary>Imports the file (by <paramref name="fileName"/>'s extension): everything, or nothing and every bad row.</summary>
    public async Task<OrganisationImportResult> ImportAsync(UserContext actor, Stream file, string fileName, CancellationToken cancellationToken = default)
    {
        actor.Demand(Duty.EditOrganisation);
        ArgumentNullException.ThrowIfNull(file);
        var sheet = OrganisationFile.Read(file, fileName, cancellationToken);
        if (sheet.Issue is { } issue)
        {
            return OrganisationImportResult.Refused([new OrganisationImportError(issue.Row, string.Empty, FileMessage(issue))]) with { Limit = issue.Limit };
        }

        // The database's retrying strategy may run the whole thing again (a dropped connection): each attempt starts
        // from scratch with its own context, and everything is written in one transaction.
        await using var strategyContext = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await strategyContext.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var plan = await ImportPlan.LoadAsync(db, this, sheet, ct);
            plan.Check();
            if (plan.Errors.Count > 0)
            {
                return OrganisationImportResult.Refused([.. plan.Errors.OrderBy(e => e.Row)]);
            }

            try
            {
                return await plan.ApplyAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                return OrganisationImportResult.Refused([new OrganisationImportError(0, string.Empty, l["Import.ChangedMeanwhile"])]);
            }
            catch (DbUpdateException e) when (DatabaseError.IsUniqueViolation(e))
            {
                return OrganisationImportResult.Refused([new OrganisationImportError(0, string.Empty, l["Import.ChangedMeanwhile"])]);
            }
        }, cancellationToken);
    }

    private string FileMessage(OrganisationFileIssue issue) => issue.Code switch
    {
        OrganisationFile.UnsupportedFormat => l["Import.File.UnsupportedFormat", Quoted.Shorten(issue.Argument)],
        OrganisationFile.Unreadable => l["Import.File.Unreadable", Quoted.Shorten(issue.Argument)],
        OrganisationFile.EmptyFile => l["Import.File.Empty"],
        OrganisationFile.LimitExceeded when issue.Limit is { } limit => LimitMessage(limit, issue.Max),
        _ => l["Import.File.MissingColumns", Titles[OrganisationColumn.PersonnelNumber], Titles[OrganisationColumn.LastName], Titles[OrganisationColumn.FirstName]],
    };

    /// <summary>The words for a file beyond <paramref name="limit"/> (<paramref name="max"/> shown in the request's culture): the 413's detail.</summary>
    public string LimitMessage(ImportLimit limit, long max) =>
        l[LimitKey(limit), max.ToString("N0", CultureInfo.CurrentCulture)];

    /// <summary>The resource key (and the API's problem code) of a file beyond <paramref name="limit"/>.</summary>
    public static string LimitKey(ImportLimit limit) => limit switch
    {
        ImportLimit.FileSize => "Import.Limit.FileSize",
        ImportLimit.Unpacked => "Import.Limit.Unpacked",
        ImportLimit.Rows => "Import.File.TooManyRows",
        ImportLimit.Columns => "Import.Limit.Columns",
        ImportLimit.CellsPerRow => "Import.Limit.CellsPerRow",
        ImportLimit.TextLength => "Import.Limit.TextLength",
        ImportLimit.SharedStrings => "Import.Limit.SharedStrings",
        ImportLimit.LineLength => "Import.Limit.LineLength",
        _ => throw new ArgumentOutOfRangeException(nameof(limit)),
    };

    /// <summary>Reads a date as people type it: dd.MM.yyyy, ISO, the culture's short form, or a date cell.</summary>
    internal static bool TryDate(object? cell, CultureInfo culture, out DateOnly date)
    {
        date = default;
        switch (cell)
        {
            case DateTime dt:
                date = DateOnly.FromDateTime(dt);
                return true;
            case DateOnly d:
                date = d;
                return true;
            case double serial when serial is >= 1 and < 2_958_466 && serial == Math.Floor(serial):
                // A date cell whose format was lost shows as Excel's day number.
                date = DateOnly.FromDateTime(DateTime.FromOADate(serial));
                return true;
            case decimal serial when serial is >= 1 and < 2_958_466 && serial == decimal.Floor(serial):
                date = DateOnly.FromDateTime(DateTime.FromOADate((double)serial));
                return true;
            case string text:
                text = text.Trim();
                string[] formats = ["dd.MM.yyyy", "d.M.yyyy", "yyyy-MM-dd", "dd.MM.yy", "d.M.yy", "yyyy-MM-ddTHH:mm:ss", "dd.MM.yyyy H:mm:ss", "dd.MM.yyyy HH:mm"];
                if (DateOnly.TryParseExact(text, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
                {
                    return true;
                }

                // The culture's own form ("1 Jun 2026", "1 июня 2026"), but never a slashed date: 06/01 is June to some, January to others.
                if (DateTime.TryParseExact(text, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var withTime)
                    || (!text.Contains('/', StringComparison.Ordinal) && DateTime.TryParse(text, culture, DateTimeStyles.None, out withTime)))
                {
                    date = DateOnly.FromDateTime(withTime);
                    return true;
                }

                return false;
            default:
                return false;
        }
    }

    /// <summary>Everything the file would change, checked row by row before anything is written.</summary>
    private sealed class ImportPlan
    {
        private readonly KpiDbContext db;
        private readonly OrganisationImportService service;
        private readonly OrganisationSheet sheet;
        private readonly List<Department> departments;
        private readonly List<Position> positions;
        private readonly List<Employee> employees;
        private readonly Dictionary<string, Department> createdDepartments = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, Position> createdPositions = new(StringComparer.OrdinalIgnoreCase);
        private readonly List<RowPlan> rows = [];

        private ImportPlan(KpiDbContext db, OrganisationImportService service, OrganisationSheet sheet, List<Department> departments, List<Position> positions, List<Employee> employees)
        {
            this.db = db;
            this.service = service;
            this.sheet = sheet;
            this.departments = departments;
            this.positions = positions;
            this.employees = employees;
        }

        public List<OrganisationImportError> Errors { get; } = [];

        private IStringLocalizer<OrganisationResource> L => service.Text;

        public static async Task<ImportPlan> LoadAsync(KpiDbContext db, OrganisationImportService service, OrganisationSheet sheet, CancellationToken cancellationToken)
        {
            // Tracked: what the file changes is saved by one SaveChanges, and a card changed meanwhile is a conflict (xmin).
            var departments = await db.Departments.ToListAsync(cancellationToken);
            var positions = await db.Positions.ToListAsync(cancellationToken);
            var employees = await db.Employees.ToListAsync(cancellationToken);
            return new ImportPlan(db, service, sheet, departments, positions, employees);
        }

        private string Title(OrganisationColumn column) =>
            sheet.Titles.TryGetValue(column, out var title) && title.Length > 0 ? title
            : OrganisationImportService.Titles.GetValueOrDefault(column) ?? OrganisationImportService.Titles[OrganisationColumn.LastName];

        private void Error(int row, OrganisationColumn column, string message) => Errors.Add(new OrganisationImportError(row, Title(column), message));

        public void Check()
        {
            var culture = CultureInfo.CurrentCulture;
            var today = service.Today;
            var byNumber = employees.ToDictionary(e => e.PersonnelNumber, StringComparer.OrdinalIgnoreCase);
            var byNumberWithoutZeros = employees.GroupBy(e => e.PersonnelNumber.TrimStart('0'), StringComparer.OrdinalIgnoreCase)
                .Where(g => g.Count() == 1).ToDictionary(g => g.Key, g => g.Single(), StringComparer.OrdinalIgnoreCase);
            var seenNumbers = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            var seenEmails = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            var headsByDepartment = new Dictionary<Department, int>();

            foreach (var file in sheet.Rows)
            {
                var row = file.Row;
                var errorsBefore = Errors.Count;

                // Personnel number: the key.
                var number = FactsFileReader.Identifier(file[OrganisationColumn.PersonnelNumber]);
                if (number is null)
                {
                    Error(row, OrganisationColumn.PersonnelNumber, L["Import.NumberMissing"]);
                    continue;
                }

                if (number.Length > 50)
                {
                    Error(row, OrganisationColumn.PersonnelNumber, L["Validation.PersonnelNumberTooLong", 50]);
                    continue;
                }

                var existing = byNumber.GetValueOrDefault(number)
                    ?? (file[OrganisationColumn.PersonnelNumber] is double or decimal && number.All(char.IsAsciiDigit)
                        ? byNumberWithoutZeros.GetValueOrDefault(number.TrimStart('0'))
                        : null);
                number = existing?.PersonnelNumber ?? number;
                if (seenNumbers.TryGetValue(number, out var firstRow))
                {
                    Error(row, OrganisationColumn.PersonnelNumber, L["Import.NumberRepeated", Quoted.Shorten(number), firstRow]);
                    continue;
                }

                seenNumbers[number] = row;

                // Name: Фамилия / Имя / Отчество, or one ФИО column.
                var last = Text(file[OrganisationColumn.LastName]);
                var first = Text(file[OrganisationColumn.FirstName]);
                var middle = Text(file[OrganisationColumn.MiddleName]);
                var nameColumn = OrganisationColumn.LastName;
                if (last is null && first is null && Text(file[OrganisationColumn.FullName]) is { } full)
                {
                    nameColumn = OrganisationColumn.FullName;
                    var parts = full.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    last = parts[0];
                    first = parts.Length > 1 ? parts[1] : null;
                    middle = parts.Length > 2 ? string.Join(' ', parts[2..]) : middle;
                }

                if (existing is null && last is null)
                {
                    Error(row, nameColumn, L["Validation.LastNameRequired"]);
                }

                if (existing is null && first is null)
                {
                    Error(row, nameColumn == OrganisationColumn.FullName ? nameColumn : OrganisationColumn.FirstName,
                        nameColumn == OrganisationColumn.FullName ? L["Import.FullNameIncomplete"] : L["Validation.FirstNameRequired"]);
                }

                CheckLength(row, nameColumn, last, 100, "Validation.LastNameTooLong");
                CheckLength(row, nameColumn == OrganisationColumn.FullName ? nameColumn : OrganisationColumn.FirstName, first, 100, "Validation.FirstNameTooLong");
                CheckLength(row, nameColumn == OrganisationColumn.FullName ? nameColumn : OrganisationColumn.MiddleName, middle, 100, "Validation.MiddleNameTooLong");

                // E-mail: a valid address no one else has (in the database or the file).
                var email = Text(file[OrganisationColumn.Email]);
                if (email is not null)
                {
                    if (!LooksLikeEmail(email))
                    {
                        Error(row, OrganisationColumn.Email, L["Import.EmailInvalid", Quoted.Shorten(email)]);
                    }
                    else if (email.Length > 256)
                    {
                        Error(row, OrganisationColumn.Email, L["Validation.EmailTooLong", 256]);
                    }
                    else if (seenEmails.TryGetValue(email, out var emailRow))
                    {
                        Error(row, OrganisationColumn.Email, L["Import.EmailRepeated", Quoted.Shorten(email), emailRow]);
                    }
                    else
                    {
                        seenEmails[email] = row;
                        var owner = employees.FirstOrDefault(e => e != existing && string.Equals(e.Email, email, StringComparison.OrdinalIgnoreCase));
                        if (owner is not null && !Releases(owner, email))
                        {
                            Error(row, OrganisationColumn.Email, L["Errors.EmailTaken", Quoted.Shorten(email), Quoted.Shorten(owner.FullName)]);
                        }
                    }
                }

                // Department: found or created from its path.
                Department? department = null;
                if (Text(file[OrganisationColumn.Department]) is { } path)
                {
                    department = ResolveDepartment(row, path);
                }
                else if (existing is null)
                {
                    Error(row, OrganisationColumn.Department, L["Import.DepartmentMissing"]);
                }

                // Position: found by name or created.
                Position? position = null;
                if (Text(file[OrganisationColumn.Position]) is { } positionName)
                {
                    if (positionName.Length > 200)
                    {
                        Error(row, OrganisationColumn.Position, L["Validation.PositionNameTooLong", 200]);
                    }
                    else
                    {
                        position = positions.FirstOrDefault(p => string.Equals(p.Name, positionName, StringComparison.OrdinalIgnoreCase))
                            ?? createdPositions.GetValueOrDefault(positionName);
                        if (position is null)
                        {
                            position = new Position(positionName);
                            createdPositions[positionName] = position;
                        }
                    }
                }
                else if (existing is null)
                {
                    Error(row, OrganisationColumn.Position, L["Import.PositionMissing"]);
                }

                // Dates.
                var hired = Date(row, OrganisationColumn.HireDate, file[OrganisationColumn.HireDate], culture);
                var left = Date(row, OrganisationColumn.LeaveDate, file[OrganisationColumn.LeaveDate], culture);
                if (existing is null && file[OrganisationColumn.HireDate] is null)
                {
                    Error(row, OrganisationColumn.HireDate, L["Import.HireDateMissing"]);
                }

                var finalHired = hired ?? existing?.HireDate;
                var finalLeft = left ?? existing?.LeaveDate;
                if (finalHired is { } h && finalLeft is { } lft && lft < h)
                {
                    Error(row, OrganisationColumn.LeaveDate, L["Validation.LeaveBeforeHire", Formats.Date(h)]);
                }

                // Head flag.
                bool? head = null;
                if (Text(file[OrganisationColumn.Head]) is { } flag)
                {
                    var word = flag.Trim().TrimEnd('.').ToLowerInvariant();
                    head = Yes.Contains(word) ? true : No.Contains(word) ? false : null;
                    if (head is null)
                    {
                        Error(row, OrganisationColumn.Head, L["Import.HeadFlagInvalid", Quoted.Shorten(flag), service.Text["Import.Yes"], service.Text["Import.No"]]);
                    }
                }

                var finalDepartment = department ?? existing?.Department;
                if (head == true && finalDepartment is not null)
                {
                    if (finalLeft is { } gone && gone < today)
                    {
                        Error(row, OrganisationColumn.Head, L["Errors.HeadHasLeft", Quoted.Shorten($"{last ?? existing?.LastName} {first ?? existing?.FirstName}".Trim()), Formats.Date(gone)]);
                    }
                    else if (headsByDepartment.TryGetValue(finalDepartment, out var headRow))
                    {
                        Error(row, OrganisationColumn.Head, L["Import.TwoHeads", Quoted.Shorten(finalDepartment.Name), headRow]);
                    }
                    else
                    {
                        headsByDepartment[finalDepartment] = row;
                    }
                }

                if (Errors.Count == errorsBefore)
                {
                    rows.Add(new RowPlan(row, existing, number, last, first, middle, email, department, position, hired, left, head));
                }
            }

            bool Releases(Employee owner, string email)
            {
                // The other holder of the address gives it up in this same file (gets another address).
                var ownRow = sheet.Rows.FirstOrDefault(r => string.Equals(FactsFileReader.Identifier(r[OrganisationColumn.PersonnelNumber]), owner.PersonnelNumber, StringComparison.OrdinalIgnoreCase));
                return ownRow is not null && Text(ownRow[OrganisationColumn.Email]) is { } other && !string.Equals(other, email, StringComparison.OrdinalIgnoreCase);
            }

            if (sheet.Rows.Count == 0)
            {
                Errors.Add(new OrganisationImportError(0, string.Empty, service.Text["Import.File.NoRows"]));
            }
        }

        private void CheckLength(int row, OrganisationColumn column, string? text, int max, string key)
        {
            if (text is not null && text.Length > max)
            {
                Error(row, column, L[key, max]);
            }
        }

        private DateOnly? Date(int row, OrganisationColumn column, object? cell, CultureInfo culture)
        {
            if (cell is null)
            {
                return null;
            }

            if (TryDate(cell, culture, out var date) && date.Year is >= 1900 and <= 2200)
            {
                return date;
            }

            Error(row, column, L["Import.DateInvalid", Quoted.Shorten(Text(cell)), Formats.Date(new DateOnly(2026, 6, 1))]);
            return null;
        }

        /// <summary>
        /// «A / B / C» under the company (or from the company when it starts with its name); the first part may also be
        /// a department anywhere whose name is unique. Missing parts are created (once per file).
        /// </summary>
        private Department? ResolveDepartment(int row, string path)
        {
            // Counted before it is split: «a / a / a / …» 16 000 levels deep in one 64 KiB line is refused for what it costs to count.
            if (path.AsSpan().Count('/') + path.AsSpan().Count('\\') >= MaxPathLevels)
            {
                Error(row, OrganisationColumn.Department, L["Import.DepartmentPathTooDeep", Quoted.Shorten(path), MaxPathLevels]);
                return null;
            }

            var parts = path.Split(['/', '\\'], StringSplitOptions.TrimEntries);
            if (parts.Any(p => p.Length == 0))
            {
                Error(row, OrganisationColumn.Department, L["Import.DepartmentPathEmptyPart", Quoted.Shorten(path)]);
                return null;
            }

            if (parts.FirstOrDefault(p => p.Length > 200) is { } tooLong)
            {
                Error(row, OrganisationColumn.Department, L["Validation.DepartmentNameTooLong", 200]);
                return null;
            }

            EnsureIndex();
            Department? current;
            var start = 0;
            var named = byName!.GetValueOrDefault(parts[0]) ?? [];
            var root = roots!.FirstOrDefault(r => string.Equals(r.Name, parts[0], StringComparison.OrdinalIgnoreCase));
            if (root is not null)
            {
                current = root;
                start = 1;
            }
            else if (named.Count == 1)
            {
                current = named[0];
                start = 1;
            }
            else if (named.Count > 1)
            {
                var paths = string.Join("; ", named.Take(10).Select(PathOf).Order(StringComparer.CurrentCulture));
                Error(row, OrganisationColumn.Department, L["Import.DepartmentAmbiguous", Quoted.Shorten(parts[0]), Quoted.Shorten(paths)]);
                return null;
            }
            else
            {
                // New at the top level: under the company (or a new top department when there is no single company).
                current = roots!.Count == 1 ? roots[0] : null;
            }

            for (var i = start; i < parts.Length; i++)
            {
                var parent = current;
                if (!children!.TryGetValue((parent, parts[i].ToUpperInvariant()), out var child))
                {
                    if (createdDepartments.Count >= MaxCreatedDepartments)
                    {
                        Error(row, OrganisationColumn.Department, L["Import.DepartmentsTooMany", MaxCreatedDepartments]);
                        return null;
                    }

                    child = new Department(parts[i], parent);
                    createdDepartments[PathOf(child)] = child;
                    Index(child);
                }

                current = child;
            }

            return current;
        }

        /// <summary>Departments by name, by parent and name, and the top ones: found in constant time however many a file creates.</summary>
        private Dictionary<string, List<Department>>? byName;
        private Dictionary<(Department? Parent, string Name), Department>? children;
        private List<Department>? roots;

        private void EnsureIndex()
        {
            if (byName is not null)
            {
                return;
            }

            byName = new Dictionary<string, List<Department>>(StringComparer.OrdinalIgnoreCase);
            children = [];
            roots = [];
            foreach (var d in departments)
            {
                Index(d);
            }
        }

        private void Index(Department d)
        {
            if (!byName!.TryGetValue(d.Name, out var list))
            {
                byName[d.Name] = list = [];
            }

            list.Add(d);
            var parent = ParentOf(d);
            children!.TryAdd((parent, d.Name.ToUpperInvariant()), d);
            if (d.Parent is null && d.ParentId is null)
            {
                roots!.Add(d);
            }
        }

        private Department? ParentOf(Department d) => d.Parent ?? (d.ParentId is { } id ? departments.FirstOrDefault(p => p.Id == id) : null);

        private string PathOf(Department d)
        {
            var names = new List<string>();
            var seen = new HashSet<Department>();
            for (var x = d; x is not null && seen.Add(x); x = ParentOf(x))
            {
                names.Add(x.Name);
            }

            names.Reverse();
            return string.Join(PathSeparator, names);
        }

        /// <summary>The path as the template writes it: without the company's name when there is one company.</summary>
        private string ShownPath(Department d)
        {
            var path = PathOf(d);
            var roots = departments.Where(r => r.ParentId is null).ToList();
            return roots.Count == 1 && path.StartsWith(roots[0].Name + PathSeparator, StringComparison.Ordinal)
                ? path[(roots[0].Name.Length + PathSeparator.Length)..]
                : path;
        }

        public async Task<OrganisationImportResult> ApplyAsync(CancellationToken cancellationToken)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            foreach (var department in createdDepartments.Values)
            {
                db.Departments.Add(department);
            }

            foreach (var position in createdPositions.Values)
            {
                db.Positions.Add(position);
            }

            var created = 0;
            var touched = new List<(Employee Employee, RowPlan Row)>();
            foreach (var row in rows)
            {
                Employee employee;
                if (row.Existing is null)
                {
                    employee = new Employee(row.Number, row.LastName!, row.FirstName!, row.MiddleName, row.Department!, row.Position!, row.Hired!.Value, row.Email);
                    if (row.Left is { } left)
                    {
                        employee.Leave(left);
                    }

                    db.Employees.Add(employee);
                    created++;
                }
                else
                {
                    employee = row.Existing;
                    employee.ChangeDetails(row.Number, row.LastName ?? employee.LastName, row.FirstName ?? employee.FirstName,
                        row.MiddleName ?? employee.MiddleName, row.Email ?? employee.Email);
                    if (row.Department is not null || row.Position is not null)
                    {
                        employee.Transfer(row.Department ?? employee.Department, row.Position ?? employee.Position);
                    }

                    employee.ChangeDates(row.Hired ?? employee.HireDate, row.Left ?? employee.LeaveDate);
                }

                touched.Add((employee, row));
            }

            db.ChangeTracker.DetectChanges();
            var updated = touched.Count(t => t.Row.Existing is not null && db.Entry(t.Employee).State == EntityState.Modified);
            await db.SaveChangesAsync(cancellationToken);

            // Heads, once everyone has an id: a head works in the department they head, and heads only that one.
            var heads = 0;
            var all = departments.Concat(createdDepartments.Values).ToList();
            var byId = all.ToDictionary(d => d.Id);
            // Who heads what before this loop: only the loop's own person's posts change in their turn (once each).
            var headed = all.Where(d => d.HeadId is not null).ToLookup(d => d.HeadId!.Value);
            foreach (var (employee, row) in touched)
            {
                foreach (var other in headed[employee.Id].Where(d => d.HeadId == employee.Id && d.Id != employee.DepartmentId))
                {
                    other.ClearHead();
                    heads++;
                }

                var own = byId[employee.DepartmentId];
                if (row.Head == true && own.HeadId != employee.Id)
                {
                    foreach (var other in headed[employee.Id].Where(d => d.HeadId == employee.Id && d != own))
                    {
                        other.ClearHead();
                    }

                    own.AppointHead(employee);
                    heads++;
                }
                else if (row.Head == false && own.HeadId == employee.Id)
                {
                    own.ClearHead();
                    heads++;
                }
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new OrganisationImportResult(
                created,
                updated,
                rows.Count - created - updated,
                [.. createdDepartments.Values.Select(ShownPath).Order(StringComparer.CurrentCulture)],
                [.. createdPositions.Values.Select(p => p.Name).Order(StringComparer.CurrentCulture)],
                heads,
                []);
        }

        private static string? Text(object? cell)
        {
            var text = cell switch
            {
                null => null,
                string s => s,
                double d when d == Math.Floor(d) && Math.Abs(d) < 1e15 => d.ToString("0", CultureInfo.InvariantCulture),
                decimal m when m == decimal.Floor(m) => decimal.Floor(m).ToString("0", CultureInfo.InvariantCulture),
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                _ => cell.ToString(),
            };
            text = text?.Trim();
            if (string.IsNullOrEmpty(text))
            {
                return null;
            }

            return text.Length > 1 && text[0] == '\'' && SpreadsheetText.IsFormulaStart(text[1]) ? text[1..] : text;
        }

        private static bool LooksLikeEmail(string email)
        {
            var at = email.IndexOf('@', StringComparison.Ordinal);
            return at > 0 && at == email.LastIndexOf('@') && at < email.Length - 1 && !email.Any(char.IsWhiteSpace);
        }
    }

    private sealed record RowPlan(
        int Row,
        Employee? Existing,
        string Number,
        string? LastName,
        string? FirstName,
        string? MiddleName,
        string? Email,
        Department? Department,
        Position? Position,
        DateOnly? Hired,
        DateOnly? Left,
        bool? Head);
}
