using System.Globalization;
using KpiPlanner.Domain.Organisation;
using KpiPlanner.Infrastructure.Import;
using Microsoft.EntityFrameworkCore;

namespace KpiPlanner.Infrastructure.Organisation;

/// <summary>
/// Everything an organisation file would change, checked row by row before anything is written (this part: the rows'
/// values; <c>.Departments.cs</c> finds or creates the departments of a path, <c>.Apply.cs</c> writes it all).
/// </summary>
internal sealed partial class OrganisationImportPlan
{
    private static readonly string[] Yes = ["да", "д", "yes", "y", "1", "+", "x", "х", "true", "истина", "руководитель", "head"];
    private static readonly string[] No = ["нет", "н", "no", "n", "0", "-", "false", "ложь"];

    private readonly KpiDbContext db;
    private readonly DateOnly today;
    private readonly string yesWord;
    private readonly string noWord;
    private readonly OrganisationSheet sheet;
    private readonly List<Department> departments;
    private readonly List<Position> positions;
    private readonly List<Employee> employees;
    private readonly Dictionary<string, Department> createdDepartments = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Position> createdPositions = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<OrganisationRowPlan> rows = [];

    private OrganisationImportPlan(KpiDbContext db, OrganisationSheet sheet, DateOnly today, (string Yes, string No) words, List<Department> departments, List<Position> positions, List<Employee> employees)
    {
        this.db = db;
        this.today = today;
        (yesWord, noWord) = words;
        this.sheet = sheet;
        this.departments = departments;
        this.positions = positions;
        this.employees = employees;
    }

    public List<OrganisationImportIssue> Errors { get; } = [];

    public static async Task<OrganisationImportPlan> LoadAsync(KpiDbContext db, OrganisationSheet sheet, DateOnly today, (string Yes, string No) words, CancellationToken cancellationToken)
    {
        // Tracked: what the file changes is saved by one SaveChanges, and a card changed meanwhile is a conflict (xmin).
        var departments = await db.Departments.ToListAsync(cancellationToken);
        var positions = await db.Positions.ToListAsync(cancellationToken);
        var employees = await db.Employees.ToListAsync(cancellationToken);
        return new OrganisationImportPlan(db, sheet, today, words, departments, positions, employees);
    }

    private string Title(OrganisationColumn column) =>
        sheet.Titles.TryGetValue(column, out var title) && title.Length > 0 ? title
        : OrganisationImporter.Titles.GetValueOrDefault(column) ?? OrganisationImporter.Titles[OrganisationColumn.LastName];

    private void Error(int row, OrganisationColumn column, string key, params object?[] arguments) => Errors.Add(new OrganisationImportIssue(row, Title(column), key, arguments));

    public void Check()
    {
        var culture = CultureInfo.CurrentCulture;
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
            var number = ImportCell.Identifier(file[OrganisationColumn.PersonnelNumber]);
            if (number is null)
            {
                Error(row, OrganisationColumn.PersonnelNumber, "Import.NumberMissing");
                continue;
            }

            if (number.Length > OrganisationLimits.PersonnelNumber)
            {
                Error(row, OrganisationColumn.PersonnelNumber, "Validation.PersonnelNumberTooLong", OrganisationLimits.PersonnelNumber);
                continue;
            }

            var existing = byNumber.GetValueOrDefault(number)
                ?? (file[OrganisationColumn.PersonnelNumber] is double or decimal && number.All(char.IsAsciiDigit)
                    ? byNumberWithoutZeros.GetValueOrDefault(number.TrimStart('0'))
                    : null);
            number = existing?.PersonnelNumber ?? number;
            if (seenNumbers.TryGetValue(number, out var firstRow))
            {
                Error(row, OrganisationColumn.PersonnelNumber, "Import.NumberRepeated", number, firstRow);
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
                Error(row, nameColumn, "Validation.LastNameRequired");
            }

            if (existing is null && first is null)
            {
                Error(row, nameColumn == OrganisationColumn.FullName ? nameColumn : OrganisationColumn.FirstName,
                    nameColumn == OrganisationColumn.FullName ? "Import.FullNameIncomplete" : "Validation.FirstNameRequired");
            }

            CheckLength(row, nameColumn, last, OrganisationLimits.PersonName, "Validation.LastNameTooLong");
            CheckLength(row, nameColumn == OrganisationColumn.FullName ? nameColumn : OrganisationColumn.FirstName, first, OrganisationLimits.PersonName, "Validation.FirstNameTooLong");
            CheckLength(row, nameColumn == OrganisationColumn.FullName ? nameColumn : OrganisationColumn.MiddleName, middle, OrganisationLimits.PersonName, "Validation.MiddleNameTooLong");

            // E-mail: a valid address no one else has (in the database or the file).
            var email = Text(file[OrganisationColumn.Email]);
            if (email is not null)
            {
                if (!LooksLikeEmail(email))
                {
                    Error(row, OrganisationColumn.Email, "Import.EmailInvalid", email);
                }
                else if (email.Length > OrganisationLimits.Email)
                {
                    Error(row, OrganisationColumn.Email, "Validation.EmailTooLong", OrganisationLimits.Email);
                }
                else if (seenEmails.TryGetValue(email, out var emailRow))
                {
                    Error(row, OrganisationColumn.Email, "Import.EmailRepeated", email, emailRow);
                }
                else
                {
                    seenEmails[email] = row;
                    var owner = employees.FirstOrDefault(e => e != existing && string.Equals(e.Email, email, StringComparison.OrdinalIgnoreCase));
                    if (owner is not null && !Releases(owner, email))
                    {
                        Error(row, OrganisationColumn.Email, "Errors.EmailTaken", email, owner.FullName);
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
                Error(row, OrganisationColumn.Department, "Import.DepartmentMissing");
            }

            // Position: found by name or created.
            Position? position = null;
            if (Text(file[OrganisationColumn.Position]) is { } positionName)
            {
                if (positionName.Length > OrganisationLimits.PositionName)
                {
                    Error(row, OrganisationColumn.Position, "Validation.PositionNameTooLong", OrganisationLimits.PositionName);
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
                Error(row, OrganisationColumn.Position, "Import.PositionMissing");
            }

            // Dates.
            var hired = Date(row, OrganisationColumn.HireDate, file[OrganisationColumn.HireDate], culture);
            var left = Date(row, OrganisationColumn.LeaveDate, file[OrganisationColumn.LeaveDate], culture);
            if (existing is null && file[OrganisationColumn.HireDate] is null)
            {
                Error(row, OrganisationColumn.HireDate, "Import.HireDateMissing");
            }

            var finalHired = hired ?? existing?.HireDate;
            var finalLeft = left ?? existing?.LeaveDate;
            if (finalHired is { } h && finalLeft is { } lft && lft < h)
            {
                Error(row, OrganisationColumn.LeaveDate, "Validation.LeaveBeforeHire", h);
            }

            // Head flag.
            bool? head = null;
            if (Text(file[OrganisationColumn.Head]) is { } flag)
            {
                var word = flag.Trim().TrimEnd('.').ToLowerInvariant();
                head = Yes.Contains(word) ? true : No.Contains(word) ? false : null;
                if (head is null)
                {
                    Error(row, OrganisationColumn.Head, "Import.HeadFlagInvalid", flag, yesWord, noWord);
                }
            }

            var finalDepartment = department ?? existing?.Department;
            if (head == true && finalDepartment is not null)
            {
                if (finalLeft is { } gone && gone < today)
                {
                    Error(row, OrganisationColumn.Head, "Errors.HeadHasLeft", $"{last ?? existing?.LastName} {first ?? existing?.FirstName}".Trim(), gone);
                }
                else if (headsByDepartment.TryGetValue(finalDepartment, out var headRow))
                {
                    Error(row, OrganisationColumn.Head, "Import.TwoHeads", finalDepartment.Name, headRow);
                }
                else
                {
                    headsByDepartment[finalDepartment] = row;
                }
            }

            if (Errors.Count == errorsBefore)
            {
                rows.Add(new OrganisationRowPlan(row, existing, number, last, first, middle, email, department, position, hired, left, head));
            }
        }

        bool Releases(Employee owner, string email)
        {
            // The other holder of the address gives it up in this same file (gets another address).
            var ownRow = sheet.Rows.FirstOrDefault(r => string.Equals(ImportCell.Identifier(r[OrganisationColumn.PersonnelNumber]), owner.PersonnelNumber, StringComparison.OrdinalIgnoreCase));
            return ownRow is not null && Text(ownRow[OrganisationColumn.Email]) is { } other && !string.Equals(other, email, StringComparison.OrdinalIgnoreCase);
        }

        if (sheet.Rows.Count == 0)
        {
            Errors.Add(new OrganisationImportIssue(0, string.Empty, "Import.File.NoRows", []));
        }
    }

    private void CheckLength(int row, OrganisationColumn column, string? text, int max, string key)
    {
        if (text is not null && text.Length > max)
        {
            Error(row, column, key, max);
        }
    }

    private DateOnly? Date(int row, OrganisationColumn column, object? cell, CultureInfo culture)
    {
        if (cell is null)
        {
            return null;
        }

        if (ImportDate.TryRead(cell, culture, out var date) && date.Year is >= 1900 and <= 2200)
        {
            return date;
        }

        Error(row, column, "Import.DateInvalid", Text(cell), new DateOnly(2026, 6, 1));
        return null;
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
