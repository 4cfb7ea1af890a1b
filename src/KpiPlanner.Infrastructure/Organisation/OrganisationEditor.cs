using KpiPlanner.Domain.Organisation;
using KpiPlanner.Infrastructure.Postgres;
using Microsoft.EntityFrameworkCore;

namespace KpiPlanner.Infrastructure.Organisation;

/// <summary>
/// Why a change was refused: the input field it is about (one of <see cref="OrganisationFields"/>, "" for the whole
/// change) and the reason as a message key of the organisation's resources with its arguments (the web layer words it).
/// </summary>
public sealed record OrganisationRefusal(string Field, string Key, IReadOnlyList<object?> Arguments)
{
    public static OrganisationRefusal Of(string key, params object?[] arguments) => new(string.Empty, key, arguments);

    public OrganisationRefusal On(string? field) => this with { Field = field ?? string.Empty };
}

/// <summary>The outcome of a change: the id of what was saved, or the refusals (then nothing was saved).</summary>
public sealed record OrganisationChange(int? Id, IReadOnlyList<OrganisationRefusal> Refusals)
{
    public static OrganisationChange Saved(int id) => new(id, []);

    public static implicit operator OrganisationChange(OrganisationRefusal refusal) => new(null, [refusal]);
}

/// <summary>The input fields a refusal can name (the properties of the web forms' inputs).</summary>
public static class OrganisationFields
{
    public const string Name = "Name";
    public const string ParentId = "ParentId";
    public const string Head = "HeadId";
    public const string PersonnelNumber = "PersonnelNumber";
    public const string Email = "Email";
    public const string DepartmentId = "DepartmentId";
    public const string PositionId = "PositionId";
}

/// <summary>An employee's card as a form sends it, already checked for form (required fields, lengths, dates).</summary>
public sealed record EmployeeCardChange(
    string PersonnelNumber,
    string LastName,
    string FirstName,
    string? MiddleName,
    string? Email,
    int? DepartmentId,
    int? PositionId,
    DateOnly HireDate,
    DateOnly? LeaveDate,
    uint Version);

/// <summary>
/// The organisation's changes: departments (add, rename, move, head), positions and employees' cards. Each call uses
/// its own short-lived context and one SaveChanges; a name or number taken meanwhile, or a row someone else changed
/// (its version), comes back as a refusal, never as an exception.
/// </summary>
public sealed partial class OrganisationEditor(IDbContextFactory<KpiDbContext> dbFactory)
{
    /// <summary>The unique index on lower(email) (migration EmployeeEmailUniqueAndVersions).</summary>
    internal const string EmailIndex = "ux_employees_email";

    public async Task<OrganisationChange> AddDepartmentAsync(string name, int? parentId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var parent = await db.Departments.SingleOrDefaultAsync(d => d.Id == parentId, cancellationToken);
        if (parent is null)
        {
            return OrganisationRefusal.Of("Errors.DepartmentNotFound");
        }

        name = name.Trim();
        var taken = OrganisationRefusal.Of("Errors.DepartmentNameTaken", name, parent.Name).On(OrganisationFields.Name);
        if (await NameTakenUnder(db, parent.Id, name, null, cancellationToken))
        {
            return taken;
        }

        var department = new Department(name, parent);
        db.Departments.Add(department);
        return await SaveAsync(db, () => department.Id, taken, cancellationToken);
    }

    /// <summary>Renames a department; <paramref name="version"/> (when not 0) is the row version the person saw.</summary>
    public Task<OrganisationChange> RenameDepartmentAsync(int departmentId, string name, uint version = 0, CancellationToken cancellationToken = default) =>
        UpdateDepartmentAsync(departmentId, name, null, version, cancellationToken);

    /// <summary>Puts a department under another one; never under itself or one of its own sub-departments.</summary>
    public Task<OrganisationChange> MoveDepartmentAsync(int departmentId, int newParentId, uint version = 0, CancellationToken cancellationToken = default) =>
        UpdateDepartmentAsync(departmentId, null, newParentId, version, cancellationToken);

    /// <summary>
    /// Renames a department (<paramref name="name"/> not null) and/or puts it under another one
    /// (<paramref name="newParentId"/> not null; never under itself or one of its own sub-departments), in one save:
    /// both, or neither. <paramref name="version"/> (when not 0) is the row version the person saw.
    /// </summary>
    public async Task<OrganisationChange> UpdateDepartmentAsync(int departmentId, string? name, int? newParentId, uint version = 0, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var department = await db.Departments.Include(d => d.Parent).SingleOrDefaultAsync(d => d.Id == departmentId, cancellationToken);
        var parent = newParentId is { } parentId ? await db.Departments.SingleOrDefaultAsync(d => d.Id == parentId, cancellationToken) : department?.Parent;
        if (department is null || (newParentId is not null && parent is null))
        {
            return OrganisationRefusal.Of("Errors.DepartmentNotFound");
        }

        if (Stale(db, department, version))
        {
            return OrganisationRefusal.Of("Errors.DepartmentChanged", department.Name);
        }

        var moves = parent is not null && department.ParentId != parent.Id;
        name = name?.Trim() ?? department.Name;
        if (!moves && name == department.Name && newParentId is not null)
        {
            return OrganisationChange.Saved(department.Id);
        }

        if (moves)
        {
            var tree = new DepartmentTree(await db.Departments.AsNoTracking().Select(d => new ValueTuple<int, int?>(d.Id, d.ParentId)).ToListAsync(cancellationToken));
            if (tree.Subtree(department.Id).Contains(parent!.Id))
            {
                return (parent.Id == department.Id
                    ? OrganisationRefusal.Of("Errors.MoveUnderItself", department.Name)
                    : OrganisationRefusal.Of("Errors.MoveUnderDescendant", department.Name, parent.Name)).On(OrganisationFields.ParentId);
            }
        }

        var taken = OrganisationRefusal.Of("Errors.DepartmentNameTaken", name, parent?.Name ?? string.Empty)
            .On(moves && name == department.Name ? OrganisationFields.ParentId : OrganisationFields.Name);
        if (await NameTakenUnder(db, parent?.Id, name, department.Id, cancellationToken))
        {
            return taken;
        }

        department.Rename(name);
        if (moves)
        {
            department.MoveUnder(parent!);
        }

        return await SaveAsync(db, () => department.Id, taken, cancellationToken);
    }

    /// <summary>
    /// Appoints an employee of the department as its head, or vacates the post when <paramref name="employeeId"/> is
    /// null. A person heads one department: a post they still held elsewhere is vacated.
    /// </summary>
    public async Task<OrganisationChange> AppointHeadAsync(int departmentId, int? employeeId, DateOnly today, uint version = 0, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var department = await db.Departments.SingleOrDefaultAsync(d => d.Id == departmentId, cancellationToken);
        if (department is null)
        {
            return OrganisationRefusal.Of("Errors.DepartmentNotFound");
        }

        if (Stale(db, department, version))
        {
            return OrganisationRefusal.Of("Errors.DepartmentChanged", department.Name);
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
                return OrganisationRefusal.Of("Errors.EmployeeNotFound");
            }

            if (head.DepartmentId != department.Id)
            {
                return OrganisationRefusal.Of("Errors.HeadNotInDepartment", head.FullName, department.Name).On(OrganisationFields.Head);
            }

            if (head.LeaveDate is { } left && left < today)
            {
                return OrganisationRefusal.Of("Errors.HeadHasLeft", head.FullName, left).On(OrganisationFields.Head);
            }

            foreach (var other in await db.Departments.Where(d => d.HeadId == head.Id && d.Id != department.Id).ToListAsync(cancellationToken))
            {
                other.ClearHead();
            }

            department.AppointHead(head);
        }

        return await SaveAsync(db, () => department.Id, OrganisationRefusal.Of("Errors.Conflict"), cancellationToken);
    }

    public async Task<OrganisationChange> AddPositionAsync(string name, CancellationToken cancellationToken = default)
    {
        name = name.Trim();
        var taken = OrganisationRefusal.Of("Errors.PositionNameTaken", name).On(OrganisationFields.Name);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await PositionTaken(db, name, null, cancellationToken))
        {
            return taken;
        }

        var position = new Position(name);
        db.Positions.Add(position);
        return await SaveAsync(db, () => position.Id, taken, cancellationToken);
    }

    /// <summary>Renames a position; <paramref name="version"/> (when not 0) is the row version the caller saw.</summary>
    public async Task<OrganisationChange> RenamePositionAsync(int positionId, string name, uint version = 0, CancellationToken cancellationToken = default)
    {
        name = name.Trim();
        var taken = OrganisationRefusal.Of("Errors.PositionNameTaken", name).On(OrganisationFields.Name);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var position = await db.Positions.SingleOrDefaultAsync(p => p.Id == positionId, cancellationToken);
        if (position is null)
        {
            return OrganisationRefusal.Of("Errors.PositionNotFound");
        }

        if (Stale(db, position, version))
        {
            return OrganisationRefusal.Of("Errors.PositionChanged", position.Name);
        }

        if (await PositionTaken(db, name, positionId, cancellationToken))
        {
            return taken;
        }

        position.Rename(name);
        return await SaveAsync(db, () => position.Id, taken, cancellationToken, conflict: OrganisationRefusal.Of("Errors.PositionChanged", name));
    }

    private static Task<bool> NameTakenUnder(KpiDbContext db, int? parentId, string name, int? except, CancellationToken cancellationToken)
    {
        var pattern = Like.Escape(name);
        return db.Departments.AnyAsync(d => d.ParentId == parentId && EF.Functions.ILike(d.Name, pattern, "\\") && d.Id != except, cancellationToken);
    }

    private static Task<bool> PositionTaken(KpiDbContext db, string name, int? except, CancellationToken cancellationToken)
    {
        var pattern = Like.Escape(name);
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
    private static async Task<OrganisationChange> SaveAsync(KpiDbContext db, Func<int> id, OrganisationRefusal duplicate, CancellationToken cancellationToken,
        OrganisationRefusal? conflict = null, OrganisationRefusal? emailTaken = null)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return OrganisationChange.Saved(id());
        }
        catch (DbUpdateConcurrencyException)
        {
            return conflict ?? OrganisationRefusal.Of("Errors.Conflict");
        }
        catch (DbUpdateException e) when (DatabaseError.IsUniqueViolation(e, out var index))
        {
            return index == EmailIndex && emailTaken is not null ? emailTaken : duplicate;
        }
        catch (DbUpdateException e) when (DatabaseError.IsCheckOrForeignKeyViolation(e))
        {
            return OrganisationRefusal.Of("Errors.Conflict");
        }
    }
}
