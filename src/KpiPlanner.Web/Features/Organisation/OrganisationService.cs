using KpiPlanner.Infrastructure;
using KpiPlanner.Infrastructure.Organisation;
using KpiPlanner.Web.Localization;
using KpiPlanner.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace KpiPlanner.Web.Features.Organisation;

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

    /// <summary>Refused because the row changed since the version the caller saw (the API answers 412).</summary>
    public bool Stale { get; init; }

    public static OrganisationResult Saved(int id) => new([], id);

    public static OrganisationResult Refused(string error, string? field = null) =>
        new([error]) { Fields = field is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [error] = field } };

    /// <summary>Several refusals, each about its field.</summary>
    public static OrganisationResult Refused(IReadOnlyList<(string Field, string Message)> errors) =>
        new(errors.Select(e => e.Message).Distinct().ToList()) { Fields = errors.Where(e => e.Field.Length > 0).DistinctBy(e => e.Message).ToDictionary(e => e.Message, e => e.Field) };
}

/// <summary>
/// The organisation for HR and the owner: the department tree and its heads, the positions and the employees' cards.
/// Asks who may (<see cref="Duty.EditOrganisation"/>), checks the form (the dialogs' validators), and leaves the
/// database to <see cref="OrganisationQueries"/> and <see cref="OrganisationEditor"/>; every refusal comes back as a
/// message in the person's language.
/// </summary>
public sealed class OrganisationService(IDbContextFactory<KpiDbContext> dbFactory, TimeProvider time, IStringLocalizer<OrganisationResource> l)
{
    /// <summary>The field of a department's head in its dialog (not part of <see cref="DepartmentInput"/>).</summary>
    public const string HeadField = OrganisationFields.Head;

    private readonly OrganisationQueries queries = new(dbFactory);
    private readonly OrganisationEditor editor = new(dbFactory);

    private DateOnly Today => DateOnly.FromDateTime(time.GetLocalNow().DateTime);

    // ---- Departments -------------------------------------------------------------------------------------------------

    /// <summary>All departments as a tree: each parent followed by its children (by name), with depth.</summary>
    public Task<IReadOnlyList<DepartmentRow>> DepartmentsAsync(UserContext actor, CancellationToken cancellationToken = default)
    {
        actor.Demand(Duty.EditOrganisation);
        return queries.DepartmentsAsync(Today, cancellationToken);
    }

    public async Task<OrganisationResult> AddDepartmentAsync(UserContext actor, DepartmentInput input, CancellationToken cancellationToken = default)
    {
        actor.Demand(Duty.EditOrganisation);
        return await Check(new DepartmentInputValidator(l, needsParent: true), input, cancellationToken)
            ?? Word(await editor.AddDepartmentAsync(input.Name, input.ParentId, cancellationToken));
    }

    /// <summary>Renames a department; <paramref name="version"/> (when not 0) is the row version the person saw.</summary>
    public async Task<OrganisationResult> RenameDepartmentAsync(UserContext actor, int departmentId, string name, uint version = 0, CancellationToken cancellationToken = default)
    {
        actor.Demand(Duty.EditOrganisation);
        return await Check(new DepartmentInputValidator(l, needsParent: false), new DepartmentInput { Name = name }, cancellationToken)
            ?? Word(await editor.RenameDepartmentAsync(departmentId, name, version, cancellationToken));
    }

    /// <summary>
    /// Renames a department and, when <see cref="DepartmentInput.ParentId"/> is set, puts it under that one, in one
    /// save (the API's PUT); the rules of <see cref="RenameDepartmentAsync"/> and <see cref="MoveDepartmentAsync"/>.
    /// </summary>
    public async Task<OrganisationResult> UpdateDepartmentAsync(UserContext actor, int departmentId, DepartmentInput input, uint version = 0, CancellationToken cancellationToken = default)
    {
        actor.Demand(Duty.EditOrganisation);
        return await Check(new DepartmentInputValidator(l, needsParent: false), input, cancellationToken)
            ?? Word(await editor.UpdateDepartmentAsync(departmentId, input.Name, input.ParentId, version, cancellationToken));
    }

    /// <summary>Puts a department under another one; never under itself or one of its own sub-departments.</summary>
    public async Task<OrganisationResult> MoveDepartmentAsync(UserContext actor, int departmentId, int? newParentId, uint version = 0, CancellationToken cancellationToken = default)
    {
        actor.Demand(Duty.EditOrganisation);
        return newParentId is { } parentId
            ? Word(await editor.MoveDepartmentAsync(departmentId, parentId, version, cancellationToken))
            : OrganisationResult.Refused(l["Validation.ParentRequired"], nameof(DepartmentInput.ParentId));
    }

    /// <summary>The people who can head a department: those who work in it now.</summary>
    public Task<IReadOnlyList<HeadOption>> HeadCandidatesAsync(UserContext actor, int departmentId, CancellationToken cancellationToken = default)
    {
        actor.Demand(Duty.EditOrganisation);
        return queries.HeadCandidatesAsync(departmentId, Today, cancellationToken);
    }

    /// <summary>
    /// Appoints an employee of the department as its head, or vacates the post when <paramref name="employeeId"/> is
    /// null. A person heads one department: a post they still held elsewhere is vacated.
    /// </summary>
    public async Task<OrganisationResult> AppointHeadAsync(UserContext actor, int departmentId, int? employeeId, uint version = 0, CancellationToken cancellationToken = default)
    {
        actor.Demand(Duty.EditOrganisation);
        return Word(await editor.AppointHeadAsync(departmentId, employeeId, Today, version, cancellationToken));
    }

    // ---- Positions ---------------------------------------------------------------------------------------------------

    public Task<IReadOnlyList<PositionRow>> PositionsAsync(UserContext actor, CancellationToken cancellationToken = default)
    {
        actor.Demand(Duty.EditOrganisation);
        return queries.PositionsAsync(Today, cancellationToken);
    }

    public async Task<OrganisationResult> AddPositionAsync(UserContext actor, PositionInput input, CancellationToken cancellationToken = default)
    {
        actor.Demand(Duty.EditOrganisation);
        return await Check(new PositionInputValidator(l), input, cancellationToken)
            ?? Word(await editor.AddPositionAsync(input.Name, cancellationToken));
    }

    /// <summary>Renames a position; <paramref name="version"/> (when not 0) is the row version the caller saw.</summary>
    public async Task<OrganisationResult> RenamePositionAsync(UserContext actor, int positionId, PositionInput input, uint version = 0, CancellationToken cancellationToken = default)
    {
        actor.Demand(Duty.EditOrganisation);
        return await Check(new PositionInputValidator(l), input, cancellationToken)
            ?? Word(await editor.RenamePositionAsync(positionId, input.Name, version, cancellationToken));
    }

    // ---- Employees ---------------------------------------------------------------------------------------------------

    /// <summary>
    /// Employees, by name. <paramref name="search"/> matches the name, the personnel number or the e-mail;
    /// <paramref name="departmentId"/> keeps the people of that department and of its sub-departments.
    /// </summary>
    public Task<IReadOnlyList<EmployeeRow>> EmployeesAsync(UserContext actor, string? search = null, int? departmentId = null, CancellationToken cancellationToken = default)
    {
        actor.Demand(Duty.EditOrganisation);
        return queries.EmployeesAsync(search, departmentId, cancellationToken);
    }

    /// <summary>An employee's card as the edit form holds it; null when there is no such employee.</summary>
    public async Task<EmployeeInput?> EmployeeAsync(UserContext actor, int employeeId, CancellationToken cancellationToken = default)
    {
        actor.Demand(Duty.EditOrganisation);
        return await queries.EmployeeAsync(employeeId, cancellationToken) is not { } e
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
                Version = e.Version,
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

        var card = new EmployeeCardChange(input.PersonnelNumber, input.LastName, input.FirstName, input.MiddleName, input.Email, input.DepartmentId, input.PositionId,
            DateOnly.FromDateTime(input.HireDate!.Value), input.LeaveDate is { } leave ? DateOnly.FromDateTime(leave) : null, input.Version);
        return Word(await editor.SaveEmployeeAsync(employeeId, card, cancellationToken));
    }

    // ---- Helpers -----------------------------------------------------------------------------------------------------

    private static async Task<OrganisationResult?> Check<T>(FluentValidation.AbstractValidator<T> validator, T input, CancellationToken cancellationToken)
    {
        var result = await validator.ValidateAsync(input, cancellationToken);
        return result.IsValid ? null : OrganisationResult.Refused(result.Errors.Select(e => (e.PropertyName, e.ErrorMessage)).ToList());
    }

    /// <summary>The editor's outcome in the person's language (dates as the culture writes them).</summary>
    private OrganisationResult Word(OrganisationChange change) =>
        change.Id is { } id && change.Refusals.Count == 0
            ? OrganisationResult.Saved(id)
            : OrganisationResult.Refused([.. change.Refusals.Select(r => (r.Field, l[r.Key, [.. r.Arguments.Select(a => a is DateOnly date ? Formats.Date(date) : a ?? string.Empty)]].Value))])
                with { Stale = change.Refusals.Any(r => r.Key is "Errors.DepartmentChanged" or "Errors.EmployeeChanged" or "Errors.PositionChanged") };
}
