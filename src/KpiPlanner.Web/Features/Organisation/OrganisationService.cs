using KpiPlanner.Domain.Organisation;
using KpiPlanner.Infrastructure;
using KpiPlanner.Infrastructure.Postgres;
using KpiPlanner.Web.Localization;
using KpiPlanner.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace KpiPlanner.Web.Features.Organisation;

/// <summary>
/// A department in tree order: its depth, its head and how many people work in it now (not counting sub-departments);
/// <see cref="Version"/> is its row version as read, so a change made over someone else's is refused.
/// </summary>
public sealed record DepartmentRow(int Id, string Name, int? ParentId, int Depth, int? HeadId, string? HeadName, int Headcount, uint Version = 0);

public sealed record PositionRow(int Id, string Name, int Headcount);

public sealed record EmployeeRow(
    int Id,
    string PersonnelNumber,
    string FullName,
    string? Email,
    int DepartmentId,
    string Department,
    int PositionId,
    string Position,
    DateOnly HireDate,
    DateOnly? LeaveDate);

/// <summary>A person one can appoint as a head: an employee of the department.</summary>
public sealed record HeadOption(int Id, string FullName, string PersonnelNumber);

/// <summary>
/// The outcome of a change: empty errors means it was saved; <see cref="Id"/> is the id of what was saved.
/// <see cref="Fields"/> names the input field (the input's property, e.g. <c>PersonnelNumber</c>) an error is about,
/// so a form shows it under that field.
/// </summary>
public sealed record OrganisationResult(IReadOnlyList<string> Errors, int? Id = null)
{
    public bool Succeeded => Errors.Count == 0;

    /// <summary>The field of each error that belongs to one, by message.</summary>
    public IReadOnlyDictionary<string, string> Fields { get; init; } = new Dictionary<string, string>();

    /// <summary>Each error with its field ("" for a refusal of the whole change).</summary>
    public IEnumerable<(string Field, string Message)> ByField => Errors.Select(e => (Fields.GetValueOrDefault(e) ?? string.Empty, e));

    public static OrganisationResult Saved(int id) => new([], id);

    public static OrganisationResult Refused(string error, string? field = null) =>
        new([error]) { Fields = field is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [error] = field } };

    /// <summary>Several refusals, each about its field.</summary>
    public static OrganisationResult Refused(IReadOnlyList<(string Field, string Message)> errors) =>
        new(errors.Select(e => e.Message).Distinct().ToList()) { Fields = errors.Where(e => e.Field.Length > 0).DistinctBy(e => e.Message).ToDictionary(e => e.Message, e => e.Field) };
}

/// <summary>
/// The organisation for HR and the owner: the department tree and its heads, the positions and the employees' cards.
/// Every call uses its own short-lived database context; every refusal comes back as a message in the person's language.
/// </summary>
public sealed class OrganisationService(IDbContextFactory<KpiDbContext> dbFactory, TimeProvider time, IStringLocalizer<OrganisationResource> l)
{
    private DateOnly Today => DateOnly.FromDateTime(time.GetLocalNow().DateTime);

    // ---- Departments -------------------------------------------------------------------------------------------------

    /// <summary>All departments as a tree: each parent followed by its children (by name), with depth.</summary>
    public async Task<IReadOnlyList<DepartmentRow>> DepartmentsAsync(UserContext actor, CancellationToken cancellationToken = default)
    {
        actor.Demand(Duty.EditOrganisation);
        var today = Today;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var departments = await db.Departments.AsNoTracking()
            .Select(d => new
            {
                d.Id,
                d.Name,
                d.ParentId,
                // A head who left the company heads nothing from the day after their leave date: the post shows vacant.
                HeadId = d.Head == null || d.Head.LeaveDate < today ? null : d.HeadId,
                HeadName = d.Head == null || d.Head.LeaveDate < today ? null : d.Head.LastName + " " + d.Head.FirstName + (d.Head.MiddleName == null ? "" : " " + d.Head.MiddleName),
                Headcount = db.Employees.Count(e => e.DepartmentId == d.Id && e.HireDate <= today && (e.LeaveDate == null || e.LeaveDate >= today)),
                Version = EF.Property<uint>(d, Concurrency.Version),
            })
            .ToListAsync(cancellationToken);
        var tree = new DepartmentTree(departments.Select(d => (d.Id, d.ParentId)));
        var ids = departments.Select(d => d.Id).ToHashSet();
        var children = departments.ToLookup(d => d.ParentId is { } p && ids.Contains(p) ? p : (int?)null);
        var rows = new List<DepartmentRow>();
        var visited = new HashSet<int>();

        void Walk(int? parentId)
        {
            foreach (var d in children[parentId].OrderBy(d => d.Name, StringComparer.CurrentCulture))
            {
                if (!visited.Add(d.Id))
                {
                    continue;
                }

                rows.Add(new DepartmentRow(d.Id, d.Name, d.ParentId, tree.Depth(d.Id), d.HeadId, d.HeadName, d.Headcount, d.Version));
                Walk(d.Id);
            }
        }

        Walk(null);
        return rows;
    }

    public async Task<OrganisationResult> AddDepartmentAsync(UserContext actor, DepartmentInput input, CancellationToken cancellationToken = default)
    {
        actor.Demand(Duty.EditOrganisation);
        if (await Check(new DepartmentInputValidator(l, needsParent: true), input, cancellationToken) is { } invalid)
        {
            return invalid;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var parent = await db.Departments.SingleOrDefaultAsync(d => d.Id == input.ParentId, cancellationToken);
        if (parent is null)
        {
            return OrganisationResult.Refused(l["Errors.DepartmentNotFound"]);
        }

        var name = input.Name.Trim();
        if (await NameTakenUnder(db, parent.Id, name, null, cancellationToken))
        {
            return OrganisationResult.Refused(l["Errors.DepartmentNameTaken", name, parent.Name], nameof(DepartmentInput.Name));
        }

        var department = new Department(name, parent);
        db.Departments.Add(department);
        return await SaveAsync(db, () => department.Id, l["Errors.DepartmentNameTaken", name, parent.Name], cancellationToken, duplicateField: nameof(DepartmentInput.Name));
    }

    /// <summary>Renames a department; <paramref name="version"/> (when not 0) is the row version the person saw.</summary>
    public async Task<OrganisationResult> RenameDepartmentAsync(UserContext actor, int departmentId, string name, uint version = 0, CancellationToken cancellationToken = default)
    {
        actor.Demand(Duty.EditOrganisation);
        if (await Check(new DepartmentInputValidator(l, needsParent: false), new DepartmentInput { Name = name }, cancellationToken) is { } invalid)
        {
            return invalid;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var department = await db.Departments.Include(d => d.Parent).SingleOrDefaultAsync(d => d.Id == departmentId, cancellationToken);
        if (department is null)
        {
            return OrganisationResult.Refused(l["Errors.DepartmentNotFound"]);
        }

        if (Stale(db, department, version))
        {
            return OrganisationResult.Refused(l["Errors.DepartmentChanged", department.Name]);
        }

        name = name.Trim();
        var parentName = department.Parent?.Name ?? string.Empty;
        if (await NameTakenUnder(db, department.ParentId, name, department.Id, cancellationToken))
        {
            return OrganisationResult.Refused(l["Errors.DepartmentNameTaken", name, parentName], nameof(DepartmentInput.Name));
        }

        department.Rename(name);
        return await SaveAsync(db, () => department.Id, l["Errors.DepartmentNameTaken", name, parentName], cancellationToken, duplicateField: nameof(DepartmentInput.Name));
    }

    /// <summary>Puts a department under another one; never under itself or one of its own sub-departments.</summary>
    public async Task<OrganisationResult> MoveDepartmentAsync(UserContext actor, int departmentId, int? newParentId, uint version = 0, CancellationToken cancellationToken = default)
    {
        actor.Demand(Duty.EditOrganisation);
        if (newParentId is null)
        {
            return OrganisationResult.Refused(l["Validation.ParentRequired"], nameof(DepartmentInput.ParentId));
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var department = await db.Departments.SingleOrDefaultAsync(d => d.Id == departmentId, cancellationToken);
        var parent = await db.Departments.SingleOrDefaultAsync(d => d.Id == newParentId, cancellationToken);
        if (department is null || parent is null)
        {
            return OrganisationResult.Refused(l["Errors.DepartmentNotFound"]);
        }

        if (Stale(db, department, version))
        {
            return OrganisationResult.Refused(l["Errors.DepartmentChanged", department.Name]);
        }

        if (department.ParentId == parent.Id)
        {
            return OrganisationResult.Saved(department.Id);
        }

        var tree = new DepartmentTree(await db.Departments.AsNoTracking().Select(d => new ValueTuple<int, int?>(d.Id, d.ParentId)).ToListAsync(cancellationToken));
        if (tree.Subtree(department.Id).Contains(parent.Id))
        {
            return OrganisationResult.Refused(parent.Id == department.Id
                ? l["Errors.MoveUnderItself", department.Name]
                : l["Errors.MoveUnderDescendant", department.Name, parent.Name], nameof(DepartmentInput.ParentId));
        }

        if (await NameTakenUnder(db, parent.Id, department.Name, department.Id, cancellationToken))
        {
            return OrganisationResult.Refused(l["Errors.DepartmentNameTaken", department.Name, parent.Name], nameof(DepartmentInput.ParentId));
        }

        department.MoveUnder(parent);
        return await SaveAsync(db, () => department.Id, l["Errors.DepartmentNameTaken", department.Name, parent.Name], cancellationToken, duplicateField: nameof(DepartmentInput.ParentId));
    }

    /// <summary>The people who can head a department: those who work in it now.</summary>
    public async Task<IReadOnlyList<HeadOption>> HeadCandidatesAsync(UserContext actor, int departmentId, CancellationToken cancellationToken = default)
    {
        actor.Demand(Duty.EditOrganisation);
        var today = Today;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Employees.AsNoTracking()
            .Where(e => e.DepartmentId == departmentId && (e.LeaveDate == null || e.LeaveDate >= today))
            .OrderBy(e => e.LastName).ThenBy(e => e.FirstName)
            .Select(e => new HeadOption(e.Id, e.LastName + " " + e.FirstName + (e.MiddleName == null ? "" : " " + e.MiddleName), e.PersonnelNumber))
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Appoints an employee of the department as its head, or vacates the post when <paramref name="employeeId"/> is
    /// null. A person heads one department: a post they still held elsewhere is vacated.
    /// </summary>
    public async Task<OrganisationResult> AppointHeadAsync(UserContext actor, int departmentId, int? employeeId, uint version = 0, CancellationToken cancellationToken = default)
    {
        actor.Demand(Duty.EditOrganisation);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var department = await db.Departments.SingleOrDefaultAsync(d => d.Id == departmentId, cancellationToken);
        if (department is null)
        {
            return OrganisationResult.Refused(l["Errors.DepartmentNotFound"]);
        }

        if (Stale(db, department, version))
        {
            return OrganisationResult.Refused(l["Errors.DepartmentChanged", department.Name]);
        }

        if (employeeId is null)
        {
            department.ClearHead();
        }
        else
        {
            var head = await db.Employees.SingleOrDefaultAsync(e => e.Id == employeeId, cancellationToken);
            if (head is null)
            {
                return OrganisationResult.Refused(l["Errors.EmployeeNotFound"]);
            }

            if (head.DepartmentId != department.Id)
            {
                return OrganisationResult.Refused(l["Errors.HeadNotInDepartment", head.FullName, department.Name], HeadField);
            }

            if (head.LeaveDate is { } left && left < Today)
            {
                return OrganisationResult.Refused(l["Errors.HeadHasLeft", head.FullName, Formats.Date(left)], HeadField);
            }

            foreach (var other in await db.Departments.Where(d => d.HeadId == head.Id && d.Id != department.Id).ToListAsync(cancellationToken))
            {
                other.ClearHead();
            }

            department.AppointHead(head);
        }

        return await SaveAsync(db, () => department.Id, l["Errors.Conflict"], cancellationToken);
    }

    // ---- Positions ---------------------------------------------------------------------------------------------------

    public async Task<IReadOnlyList<PositionRow>> PositionsAsync(UserContext actor, CancellationToken cancellationToken = default)
    {
        actor.Demand(Duty.EditOrganisation);
        var today = Today;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Positions.AsNoTracking()
            .Select(p => new PositionRow(
                p.Id,
                p.Name,
                db.Employees.Count(e => e.PositionId == p.Id && e.HireDate <= today && (e.LeaveDate == null || e.LeaveDate >= today))))
            .ToListAsync(cancellationToken);
        return rows.OrderBy(p => p.Name, StringComparer.CurrentCulture).ToList();
    }

    public async Task<OrganisationResult> AddPositionAsync(UserContext actor, PositionInput input, CancellationToken cancellationToken = default)
    {
        actor.Demand(Duty.EditOrganisation);
        if (await Check(new PositionInputValidator(l), input, cancellationToken) is { } invalid)
        {
            return invalid;
        }

        var name = input.Name.Trim();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await PositionTaken(db, name, null, cancellationToken))
        {
            return OrganisationResult.Refused(l["Errors.PositionNameTaken", name], nameof(PositionInput.Name));
        }

        var position = new Position(name);
        db.Positions.Add(position);
        return await SaveAsync(db, () => position.Id, l["Errors.PositionNameTaken", name], cancellationToken, duplicateField: nameof(PositionInput.Name));
    }

    public async Task<OrganisationResult> RenamePositionAsync(UserContext actor, int positionId, PositionInput input, CancellationToken cancellationToken = default)
    {
        actor.Demand(Duty.EditOrganisation);
        if (await Check(new PositionInputValidator(l), input, cancellationToken) is { } invalid)
        {
            return invalid;
        }

        var name = input.Name.Trim();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var position = await db.Positions.SingleOrDefaultAsync(p => p.Id == positionId, cancellationToken);
        if (position is null)
        {
            return OrganisationResult.Refused(l["Errors.PositionNotFound"]);
        }

        if (await PositionTaken(db, name, positionId, cancellationToken))
        {
            return OrganisationResult.Refused(l["Errors.PositionNameTaken", name], nameof(PositionInput.Name));
        }

        position.Rename(name);
        return await SaveAsync(db, () => position.Id, l["Errors.PositionNameTaken", name], cancellationToken, duplicateField: nameof(PositionInput.Name));
    }

    // ---- Employees ---------------------------------------------------------------------------------------------------

    /// <summary>
    /// Employees, by name. <paramref name="search"/> matches the name, the personnel number or the e-mail;
    /// <paramref name="departmentId"/> keeps the people of that department and of its sub-departments.
    /// </summary>
    public async Task<IReadOnlyList<EmployeeRow>> EmployeesAsync(UserContext actor, string? search = null, int? departmentId = null, CancellationToken cancellationToken = default)
    {
        actor.Demand(Duty.EditOrganisation);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.Employees.AsNoTracking();
        if (departmentId is { } id)
        {
            var tree = new DepartmentTree(await db.Departments.AsNoTracking().Select(d => new ValueTuple<int, int?>(d.Id, d.ParentId)).ToListAsync(cancellationToken));
            var ids = tree.Subtree(id).ToList();
            query = query.Where(e => ids.Contains(e.DepartmentId));
        }

        if (!string.IsNullOrWhiteSpace(search))
        {
            var pattern = "%" + EscapeLike(search.Trim()) + "%";
            query = query.Where(e =>
                EF.Functions.ILike(e.LastName + " " + e.FirstName + " " + (e.MiddleName ?? ""), pattern, "\\")
                || EF.Functions.ILike(e.PersonnelNumber, pattern, "\\")
                || (e.Email != null && EF.Functions.ILike(e.Email, pattern, "\\")));
        }

        return await query
            .OrderBy(e => e.LastName).ThenBy(e => e.FirstName).ThenBy(e => e.PersonnelNumber)
            .Select(e => new EmployeeRow(
                e.Id,
                e.PersonnelNumber,
                e.LastName + " " + e.FirstName + (e.MiddleName == null ? "" : " " + e.MiddleName),
                e.Email,
                e.DepartmentId,
                e.Department.Name,
                e.PositionId,
                e.Position.Name,
                e.HireDate,
                e.LeaveDate))
            .ToListAsync(cancellationToken);
    }

    /// <summary>An employee's card as the edit form holds it; null when there is no such employee.</summary>
    public async Task<EmployeeInput?> EmployeeAsync(UserContext actor, int employeeId, CancellationToken cancellationToken = default)
    {
        actor.Demand(Duty.EditOrganisation);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var e = await db.Employees.SingleOrDefaultAsync(e => e.Id == employeeId, cancellationToken);
        return e is null
            ? null
            : new EmployeeInput
            {
                PersonnelNumber = e.PersonnelNumber,
                LastName = e.LastName,
                FirstName = e.FirstName,
                MiddleName = e.MiddleName,
                Email = e.Email,
                DepartmentId = e.DepartmentId,
                PositionId = e.PositionId,
                HireDate = e.HireDate.ToDateTime(TimeOnly.MinValue),
                LeaveDate = e.LeaveDate?.ToDateTime(TimeOnly.MinValue),
                Version = db.VersionOf(e),
            };
    }

    public Task<OrganisationResult> CreateEmployeeAsync(UserContext actor, EmployeeInput input, CancellationToken cancellationToken = default)
    {
        actor.Demand(Duty.EditOrganisation);
        return SaveEmployeeAsync(null, input, cancellationToken);
    }

    public Task<OrganisationResult> UpdateEmployeeAsync(UserContext actor, int employeeId, EmployeeInput input, CancellationToken cancellationToken = default)
    {
        actor.Demand(Duty.EditOrganisation);
        return SaveEmployeeAsync(employeeId, input, cancellationToken);
    }

    private async Task<OrganisationResult> SaveEmployeeAsync(int? employeeId, EmployeeInput input, CancellationToken cancellationToken)
    {
        if (await Check(new EmployeeInputValidator(l), input, cancellationToken) is { } invalid)
        {
            return invalid;
        }

        var number = input.PersonnelNumber.Trim();
        var email = string.IsNullOrWhiteSpace(input.Email) ? null : input.Email.Trim();
        var hired = DateOnly.FromDateTime(input.HireDate!.Value);
        DateOnly? left = input.LeaveDate is { } leave ? DateOnly.FromDateTime(leave) : null;

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var errors = new List<(string Field, string Message)>();
        var department = await db.Departments.SingleOrDefaultAsync(d => d.Id == input.DepartmentId, cancellationToken);
        var position = await db.Positions.SingleOrDefaultAsync(p => p.Id == input.PositionId, cancellationToken);
        if (department is null)
        {
            errors.Add((nameof(EmployeeInput.DepartmentId), l["Validation.DepartmentRequired"]));
        }

        if (position is null)
        {
            errors.Add((nameof(EmployeeInput.PositionId), l["Validation.PositionRequired"]));
        }

        var numberOwner = await db.Employees.AsNoTracking()
            .Where(e => e.PersonnelNumber == number && e.Id != employeeId)
            .Select(e => e.LastName + " " + e.FirstName)
            .FirstOrDefaultAsync(cancellationToken);
        if (numberOwner is not null)
        {
            errors.Add((nameof(EmployeeInput.PersonnelNumber), l["Errors.PersonnelNumberTaken", number, numberOwner]));
        }

        if (email is not null)
        {
            var emailPattern = EscapeLike(email);
            var emailOwner = await db.Employees.AsNoTracking()
                .Where(e => e.Email != null && EF.Functions.ILike(e.Email, emailPattern, "\\") && e.Id != employeeId)
                .Select(e => e.LastName + " " + e.FirstName)
                .FirstOrDefaultAsync(cancellationToken);
            if (emailOwner is not null)
            {
                errors.Add((nameof(EmployeeInput.Email), l["Errors.EmailTaken", email, emailOwner]));
            }
        }

        if (errors.Count > 0)
        {
            return OrganisationResult.Refused(errors);
        }

        Employee employee;
        if (employeeId is null)
        {
            employee = new Employee(number, input.LastName, input.FirstName, input.MiddleName, department!, position!, hired, email);
            if (left is { } last)
            {
                employee.Leave(last);
            }

            db.Employees.Add(employee);
        }
        else
        {
            var existing = await db.Employees.SingleOrDefaultAsync(e => e.Id == employeeId, cancellationToken);
            if (existing is null)
            {
                return OrganisationResult.Refused(l["Errors.EmployeeNotFound"]);
            }

            employee = existing;
            if (input.Version != 0)
            {
                db.ExpectVersion(employee, input.Version);
            }

            // Moved out of the department they head: the post there is vacated (a head works in their department).
            if (employee.DepartmentId != department!.Id)
            {
                foreach (var headed in await db.Departments.Where(d => d.HeadId == employee.Id).ToListAsync(cancellationToken))
                {
                    headed.ClearHead();
                }
            }

            employee.ChangeDetails(number, input.LastName, input.FirstName, input.MiddleName, email);
            employee.Transfer(department!, position!);
            employee.ChangeDates(hired, left);
        }

        return await SaveAsync(db, () => employee.Id, l["Errors.PersonnelNumberTakenNow", number], cancellationToken, duplicateField: nameof(EmployeeInput.PersonnelNumber),
            conflict: l["Errors.EmployeeChanged", $"{input.LastName} {input.FirstName}".Trim()], emailTaken: email is null ? null : l["Errors.EmailTakenNow", email].Value);
    }

    // ---- Helpers -----------------------------------------------------------------------------------------------------

    private static async Task<OrganisationResult?> Check<T>(FluentValidation.AbstractValidator<T> validator, T input, CancellationToken cancellationToken)
    {
        var result = await validator.ValidateAsync(input, cancellationToken);
        return result.IsValid ? null : OrganisationResult.Refused(result.Errors.Select(e => (e.PropertyName, e.ErrorMessage)).ToList());
    }

    private static Task<bool> NameTakenUnder(KpiDbContext db, int? parentId, string name, int? except, CancellationToken cancellationToken)
    {
        var pattern = EscapeLike(name);
        return db.Departments.AnyAsync(d => d.ParentId == parentId && EF.Functions.ILike(d.Name, pattern, "\\") && d.Id != except, cancellationToken);
    }

    private static Task<bool> PositionTaken(KpiDbContext db, string name, int? except, CancellationToken cancellationToken)
    {
        var pattern = EscapeLike(name);
        return db.Positions.AnyAsync(p => EF.Functions.ILike(p.Name, pattern, "\\") && p.Id != except, cancellationToken);
    }

    /// <summary>True when the person saw an older version of <paramref name="entity"/> than the one in the database.</summary>
    private static bool Stale(KpiDbContext db, object entity, uint version)
    {
        if (version == 0)
        {
            return false;
        }

        db.ExpectVersion(entity, version);
        return db.VersionOf(entity) != version;
    }

    /// <summary>
    /// Saves; a uniqueness race (someone saved the same name or number meanwhile) comes back as
    /// <paramref name="duplicate"/> (or <paramref name="emailTaken"/> for the e-mail index), a change made over someone
    /// else's as <paramref name="conflict"/>.
    /// </summary>
    private async Task<OrganisationResult> SaveAsync(KpiDbContext db, Func<int> id, string duplicate, CancellationToken cancellationToken,
        string? duplicateField = null, string? conflict = null, string? emailTaken = null)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return OrganisationResult.Saved(id());
        }
        catch (DbUpdateConcurrencyException)
        {
            return OrganisationResult.Refused(conflict ?? l["Errors.Conflict"]);
        }
        catch (DbUpdateException e) when (DatabaseError.IsUniqueViolation(e, out var index))
        {
            return index == EmailIndex && emailTaken is not null
                ? OrganisationResult.Refused(emailTaken, nameof(EmployeeInput.Email))
                : OrganisationResult.Refused(duplicate, duplicateField);
        }
        catch (DbUpdateException e) when (DatabaseError.IsCheckOrForeignKeyViolation(e))
        {
            return OrganisationResult.Refused(l["Errors.Conflict"]);
        }
    }

    /// <summary>The field of a department's head in its dialog (not part of <see cref="DepartmentInput"/>).</summary>
    public const string HeadField = "HeadId";

    /// <summary>The unique index on lower(email) (migration EmployeeEmailUniqueAndVersions).</summary>
    internal const string EmailIndex = "ux_employees_email";

    internal static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
