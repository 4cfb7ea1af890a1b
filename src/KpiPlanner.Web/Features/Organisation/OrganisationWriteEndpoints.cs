using System.Text.Json;
using KpiPlanner.Domain.Validation;
using KpiPlanner.Infrastructure.Organisation;
using KpiPlanner.Web.Hosting;
using KpiPlanner.Web.Localization;
using KpiPlanner.Web.Security;
using Microsoft.Extensions.Localization;

namespace KpiPlanner.Web.Features.Organisation;

/// <summary>
/// The organisation written over HTTP (decision 014, "Organisation writes"): departments, positions and employees
/// created (POST) and changed (PUT by id, with <c>If-Match</c>), and employees upserted in bulk by personnel number
/// (<c>OrganisationWriteEndpoints.Bulk.cs</c>). HR, the owner and an <c>organisation</c> key
/// (<see cref="Duty.EditOrganisation"/>, asked again by the services); the rules are the dialogs'
/// (<see cref="OrganisationService"/>) and the import's (<see cref="OrganisationImportService"/>), never a copy.
/// A refused change — 400, 404, 412, 428 — writes nothing.
/// </summary>
internal static partial class OrganisationWriteEndpoints
{
    private const string EmployeeExample = """
        { "personnelNumber": "0150", "lastName": "Смирнова", "firstName": "Ольга", "middleName": "Игоревна", "email": "o.smirnova@zerno.ru",
          "departmentId": 3, "positionId": 2, "hireDate": "2026-12-01", "leaveDate": null }
        """;

    public static IEndpointRouteBuilder MapOrganisationWriteEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Organisation").RequireAuthorization(Policies.EditOrganisation);

        api.MapPost("/departments", AddDepartmentAsync)
            .WithName("AddDepartment")
            .WithSummary("Add a department under another one: HR, the owner, an organisation key.")
            .WithDescription("name (required, unique among its siblings), parentId (required). 201 with the department and its ETag; "
                + "400 listing every error by field (name, parentId).")
            .Accepts<DepartmentRequest>("application/json")
            .Produces<DepartmentCardResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .Produces(StatusCodes.Status401Unauthorized)
            .Produces(StatusCodes.Status403Forbidden)
            .WithExample(StatusCodes.Status201Created,
                """{ "id": 12, "name": "Отдел закупок", "parentId": 1, "headId": null, "headName": null, "headcount": 0, "version": 1234 }""",
                """{ "name": "Отдел закупок", "parentId": 1 }""");

        api.MapPut("/departments/{id:int}", UpdateDepartmentAsync)
            .WithName("UpdateDepartment")
            .WithSummary("Rename a department and/or move it under another one (parentId), against the ETag read: both or neither.")
            .WithDescription("If-Match: the ETag of GET /api/departments/{id} (428 without it, 412 when the department changed since; "
                + "nothing is saved). parentId null keeps it where it is; never under itself or its own sub-department (400 at parentId).")
            .Accepts<DepartmentRequest>("application/json")
            .Produces<DepartmentCardResponse>()
            .ProducesValidationProblem()
            .Produces(StatusCodes.Status401Unauthorized)
            .Produces(StatusCodes.Status403Forbidden)
            .Produces(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired)
            .WithExample(StatusCodes.Status200OK,
                """{ "id": 12, "name": "Отдел снабжения", "parentId": 2, "headId": null, "headName": null, "headcount": 0, "version": 1240 }""",
                """{ "name": "Отдел снабжения", "parentId": 2 }""");

        api.MapPost("/positions", AddPositionAsync)
            .WithName("AddPosition")
            .WithSummary("Add a position: HR, the owner, an organisation key.")
            .WithDescription("name (required, unique). 201 with the position and its ETag; 400 listing the errors (name).")
            .Accepts<PositionRequest>("application/json")
            .Produces<PositionCardResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .Produces(StatusCodes.Status401Unauthorized)
            .Produces(StatusCodes.Status403Forbidden)
            .WithExample(StatusCodes.Status201Created, """{ "id": 9, "name": "Кладовщик", "headcount": 0, "version": 987 }""", """{ "name": "Кладовщик" }""");

        api.MapPut("/positions/{id:int}", RenamePositionAsync)
            .WithName("RenamePosition")
            .WithSummary("Rename a position, against the ETag read.")
            .WithDescription("If-Match: the ETag of GET /api/positions/{id} (428 without it, 412 when the position changed since).")
            .Accepts<PositionRequest>("application/json")
            .Produces<PositionCardResponse>()
            .ProducesValidationProblem()
            .Produces(StatusCodes.Status401Unauthorized)
            .Produces(StatusCodes.Status403Forbidden)
            .Produces(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired)
            .WithExample(StatusCodes.Status200OK, """{ "id": 9, "name": "Старший кладовщик", "headcount": 0, "version": 990 }""", """{ "name": "Старший кладовщик" }""");

        api.MapPost("/employees", HireAsync)
            .WithName("AddEmployee")
            .WithSummary("Hire a person: the employee card's fields, checked as the employee dialog checks them.")
            .WithDescription("personnelNumber, lastName, firstName, departmentId, positionId, hireDate (YYYY-MM-DD) required; middleName, "
                + "email, leaveDate optional. A personnel number or e-mail someone else has, an unknown department or position: 400 at that field. "
                + "201 with the card and its ETag.")
            .Accepts<EmployeeRequest>("application/json")
            .Produces<EmployeeCardResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .Produces(StatusCodes.Status401Unauthorized)
            .Produces(StatusCodes.Status403Forbidden)
            .WithExample(StatusCodes.Status400BadRequest, """
                { "title": "The request has errors", "status": 400, "errors": { "personnelNumber": ["The personnel number 0101 is already Иванов Иван's."] },
                  "codes": { "personnelNumber": ["org.refused"] } }
                """, EmployeeExample);

        api.MapPut("/employees/{id:int}", CorrectEmployeeAsync)
            .WithName("UpdateEmployee")
            .WithSummary("Correct an employee's card (every field, as for POST), against the ETag read.")
            .WithDescription("If-Match: the ETag of GET /api/employees/{id} (428 without it, 412 when the card changed since; nothing is saved). "
                + "Moved out of the department they head, the person leaves that post.")
            .Accepts<EmployeeRequest>("application/json")
            .Produces<EmployeeCardResponse>()
            .ProducesValidationProblem()
            .Produces(StatusCodes.Status401Unauthorized)
            .Produces(StatusCodes.Status403Forbidden)
            .Produces(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired)
            .WithExample(StatusCodes.Status412PreconditionFailed, """
                { "title": "Precondition Failed", "status": 412, "detail": "The record has changed since you read it (the ETag in If-Match is stale). Nothing was saved: read it again and retry." }
                """, EmployeeExample);

        MapBulk(api);
        return app;
    }

    private static Task<IResult> AddDepartmentAsync(HttpContext http, OrganisationService organisation, OrganisationReader reader, CancellationToken ct) =>
        AddAsync(http, ReadDepartment, (user, input) => organisation.AddDepartmentAsync(user, input, ct), (user, id) => reader.DepartmentAsync(user, id, ct),
            "departments", d => d.Version, DepartmentCardResponse.Of, ct);

    private static Task<IResult> UpdateDepartmentAsync(int id, HttpContext http, OrganisationService organisation, OrganisationReader reader,
        IStringLocalizer<OrganisationResource> l, CancellationToken ct) =>
        UpdateAsync(http, user => reader.DepartmentAsync(user, id, ct), d => d.Version, ReadDepartment,
            (user, input, version) => organisation.UpdateDepartmentAsync(user, id, input, version, ct), DepartmentCardResponse.Of, l, ct);

    private static Task<IResult> AddPositionAsync(HttpContext http, OrganisationService organisation, OrganisationReader reader, CancellationToken ct) =>
        AddAsync(http, ReadPosition, (user, input) => organisation.AddPositionAsync(user, input, ct), (user, id) => reader.PositionAsync(user, id, ct),
            "positions", p => p.Version, PositionCard, ct);

    private static Task<IResult> RenamePositionAsync(int id, HttpContext http, OrganisationService organisation, OrganisationReader reader,
        IStringLocalizer<OrganisationResource> l, CancellationToken ct) =>
        UpdateAsync(http, user => reader.PositionAsync(user, id, ct), p => p.Version, ReadPosition,
            (user, input, version) => organisation.RenamePositionAsync(user, id, input, version, ct), PositionCard, l, ct);

    private static Task<IResult> HireAsync(HttpContext http, OrganisationService organisation, OrganisationReader reader, CancellationToken ct) =>
        AddAsync(http, ReadEmployee, (user, input) => organisation.CreateEmployeeAsync(user, input, ct), (user, id) => reader.EmployeeAsync(user, id, ct),
            "employees", e => e.Version, Card, ct);

    private static Task<IResult> CorrectEmployeeAsync(int id, HttpContext http, OrganisationService organisation, OrganisationReader reader,
        IStringLocalizer<OrganisationResource> l, CancellationToken ct) =>
        UpdateAsync(http, user => reader.EmployeeAsync(user, id, ct), e => e.Version, ReadEmployee,
            (user, input, version) =>
            {
                // "*" (version 0) changes the card whatever its version; otherwise the editor refuses a card changed meanwhile.
                input.Version = version;
                return organisation.UpdateEmployeeAsync(user, id, input, ct);
            },
            Card, l, ct);

    /// <summary>
    /// A POST: the body read into its input, the service's add, then the saved item read back — 201 at
    /// <c>/api/{collection}/{id}</c> with its ETag — or the refusal (400 at each field).
    /// </summary>
    private static async Task<IResult> AddAsync<TInput, TSaved, TBody>(HttpContext http, Func<JsonElement, List<DomainError>, TInput> read,
        Func<UserContext, TInput, Task<OrganisationResult>> add, Func<UserContext, int, Task<TSaved?>> load, string collection,
        Func<TSaved, uint> versionOf, Func<TSaved, TBody> body, CancellationToken ct)
        where TSaved : class
    {
        var (input, refused) = await InputAsync(http, read, ct);
        if (refused is not null)
        {
            return refused;
        }

        var user = await HttpUser.GetAsync(http, ct);
        var result = await add(user, input!);
        return result.Id is { } id && await load(user, id) is { } saved
            ? Created(http, $"/api/{collection}/{id}", versionOf(saved), body(saved))
            : Refused(http, result);
    }

    /// <summary>
    /// A PUT by id (<see cref="ChangeAsync"/>: 404, 428/412, the body), the service's change against the version read,
    /// then the saved item read back — 200 with its new ETag — or 412 when it changed meanwhile, or the refusal.
    /// </summary>
    private static async Task<IResult> UpdateAsync<TSaved, TInput, TBody>(HttpContext http, Func<UserContext, Task<TSaved?>> load,
        Func<TSaved, uint> versionOf, Func<JsonElement, List<DomainError>, TInput> read,
        Func<UserContext, TInput, uint, Task<OrganisationResult>> save, Func<TSaved, TBody> body, IStringLocalizer<OrganisationResource> l,
        CancellationToken ct)
        where TSaved : class
    {
        var change = await ChangeAsync(http, load, versionOf, read, l, ct);
        if (change.Refused is not null)
        {
            return change.Refused;
        }

        var result = await save(change.User, change.Input!, change.Version);
        return result.Succeeded && await load(change.User) is { } saved
            ? Ok(http, versionOf(saved), body(saved))
            : result.Stale ? OrganisationRequests.Stale(l) : Refused(http, result);
    }

    /// <summary>A write's body read into its input: the request's own problem, or a 400 listing every error at its field.</summary>
    private static async Task<(TInput? Input, IResult? Refused)> InputAsync<TInput>(HttpContext http, Func<JsonElement, List<DomainError>, TInput> read,
        CancellationToken ct)
    {
        var (root, problem) = await ApiRequests.ReadObjectAsync(http.Request, DomainErrorText.For(http.RequestServices), ct);
        if (problem is not null)
        {
            return (default, problem);
        }

        var errors = new List<DomainError>();
        var input = read(root, errors);
        return errors.Count > 0 ? (default, Invalid(http, errors)) : (input, null);
    }

    /// <summary>
    /// A change against an item the caller may see: 404 when they may not (or it does not exist), 428/412 on its ETag
    /// (<see cref="OrganisationRequests.Precondition"/>), then the body as <see cref="InputAsync"/> reads it.
    /// </summary>
    private static async Task<(UserContext User, uint Version, TInput? Input, IResult? Refused)> ChangeAsync<TCurrent, TInput>(HttpContext http,
        Func<UserContext, Task<TCurrent?>> load, Func<TCurrent, uint> versionOf, Func<JsonElement, List<DomainError>, TInput> read,
        IStringLocalizer<OrganisationResource> l, CancellationToken ct)
        where TCurrent : class
    {
        var user = await HttpUser.GetAsync(http, ct);
        if (await load(user) is not { } current)
        {
            return (user, 0, default, TypedResults.NotFound());
        }

        var (version, precondition) = OrganisationRequests.Precondition(http.Request, versionOf(current), l);
        var (input, refused) = await InputAsync(http, read, ct);
        return (user, version, input, precondition ?? refused);
    }

    private static DepartmentInput ReadDepartment(JsonElement root, List<DomainError> errors) => new()
    {
        Name = OrganisationRequests.Text(root, "name", string.Empty, errors) ?? string.Empty,
        ParentId = OrganisationRequests.Id(root, "parentId", errors),
    };

    private static PositionInput ReadPosition(JsonElement root, List<DomainError> errors) => new()
    {
        Name = OrganisationRequests.Text(root, "name", string.Empty, errors) ?? string.Empty,
    };

    private static EmployeeInput ReadEmployee(JsonElement root, List<DomainError> errors) => new()
    {
        PersonnelNumber = OrganisationRequests.Text(root, "personnelNumber", string.Empty, errors) ?? string.Empty,
        LastName = OrganisationRequests.Text(root, "lastName", string.Empty, errors) ?? string.Empty,
        FirstName = OrganisationRequests.Text(root, "firstName", string.Empty, errors) ?? string.Empty,
        MiddleName = OrganisationRequests.Text(root, "middleName", string.Empty, errors),
        Email = OrganisationRequests.Text(root, "email", string.Empty, errors),
        DepartmentId = OrganisationRequests.Id(root, "departmentId", errors),
        PositionId = OrganisationRequests.Id(root, "positionId", errors),
        HireDate = OrganisationRequests.Date(root, "hireDate", errors)?.ToDateTime(TimeOnly.MinValue),
        LeaveDate = OrganisationRequests.Date(root, "leaveDate", errors)?.ToDateTime(TimeOnly.MinValue),
    };

    private static EmployeeCardResponse Card(EmployeeDetail e) =>
        new(e.Row.Id, e.Row.PersonnelNumber, e.LastName, e.FirstName, e.MiddleName, e.Row.FullName, e.Row.Email, e.Row.DepartmentId,
            e.Row.Department, e.Row.PositionId, e.Row.Position, e.Row.HireDate, e.Row.LeaveDate, e.Version);

    private static PositionCardResponse PositionCard(PositionRow p) => new(p.Id, p.Name, p.Headcount, p.Version);

    private static IResult Created<T>(HttpContext http, string location, uint version, T body)
    {
        http.Response.Headers.ETag = OrganisationRequests.ETag(version);
        return TypedResults.Created(location, body);
    }

    private static IResult Ok<T>(HttpContext http, uint version, T body)
    {
        http.Response.Headers.ETag = OrganisationRequests.ETag(version);
        return TypedResults.Ok(body);
    }

    private static IResult Invalid(HttpContext http, IReadOnlyList<DomainError> errors) =>
        ApiRequests.Invalid(errors, DomainErrorText.For(http.RequestServices));

    /// <summary>The service's refusal: a 400 listing each error at its field (a saved row the caller cannot read back is no refusal).</summary>
    private static IResult Refused(HttpContext http, OrganisationResult result) =>
        Invalid(http, result.Succeeded ? [] : OrganisationRequests.Errors(result));
}
