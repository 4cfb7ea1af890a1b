using KpiPlanner.Domain.Validation;
using KpiPlanner.Infrastructure.Organisation;
using KpiPlanner.Web.Hosting;
using KpiPlanner.Web.Localization;
using KpiPlanner.Web.Security;

namespace KpiPlanner.Web.Features.Organisation;

/// <summary>A department and the departments under it (the ones the caller may read).</summary>
/// <param name="ParentId">The parent department; null for the company and for the top of what the caller may read.</param>
/// <param name="Headcount">People working in it today (not counting its sub-departments).</param>
public sealed record DepartmentResponse(int Id, string Name, int? ParentId, int? HeadId, string? HeadName, int Headcount, IReadOnlyList<DepartmentResponse> Children);

/// <param name="Headcount">People holding it today (among those the caller may read).</param>
public sealed record PositionResponse(int Id, string Name, int Headcount);

/// <summary>One department, with its row version (also sent as the ETag).</summary>
public sealed record DepartmentCardResponse(int Id, string Name, int? ParentId, int? HeadId, string? HeadName, int Headcount, uint Version)
{
    public static DepartmentCardResponse Of(DepartmentRow d)
    {
        ArgumentNullException.ThrowIfNull(d);
        return new(d.Id, d.Name, d.ParentId, d.HeadId, d.HeadName, d.Headcount, d.Version);
    }
}

/// <summary>One position, with its row version (also sent as the ETag).</summary>
public sealed record PositionCardResponse(int Id, string Name, int Headcount, uint Version);

/// <summary>An employee in a list.</summary>
public sealed record EmployeeResponse(int Id, string PersonnelNumber, string FullName, string? Email, int DepartmentId, string Department, int PositionId,
    string Position, DateOnly HireDate, DateOnly? LeaveDate)
{
    public static EmployeeResponse Of(EmployeeRow e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new(e.Id, e.PersonnelNumber, e.FullName, e.Email, e.DepartmentId, e.Department, e.PositionId, e.Position, e.HireDate, e.LeaveDate);
    }
}

/// <summary>One page of employees and how many match in all.</summary>
public sealed record EmployeesResponse(int Page, int PageSize, int Total, IReadOnlyList<EmployeeResponse> Items);

/// <summary>An employee's card.</summary>
/// <param name="Version">The row version, also sent as the ETag: a later change of the card will be made against it.</param>
public sealed record EmployeeCardResponse(int Id, string PersonnelNumber, string LastName, string FirstName, string? MiddleName, string FullName, string? Email,
    int DepartmentId, string Department, int PositionId, string Position, DateOnly HireDate, DateOnly? LeaveDate, uint Version);

/// <summary>
/// The organisation read over HTTP, so an integrator learns the ids the facts API wants: the department tree, the
/// positions, the employees (paged, filtered) and one employee's card with its ETag. Any signed-in caller, each within
/// their scope (<see cref="OrganisationReader"/>); someone else's department or employee is a 404 like one that does
/// not exist.
/// </summary>
internal static class OrganisationReadEndpoints
{
    public static IEndpointRouteBuilder MapOrganisationReadEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Organisation").RequireAuthorization();

        api.MapGet("/departments", DepartmentsAsync)
            .WithName("Departments")
            .WithSummary("The department tree the caller may read: each department with its head, headcount and children.")
            .WithDescription("HR and the owner: the whole company from its root. A manager: the departments they head and every one below "
                + "them (the department they head is a root here). An employee: none.")
            .Produces<DepartmentResponse[]>()
            .Produces(StatusCodes.Status401Unauthorized)
            .WithExample(StatusCodes.Status200OK, """
                [ { "id": 1, "name": "ООО «Зерно»", "parentId": null, "headId": 1, "headName": "Соколова Мария Андреевна", "headcount": 2,
                    "children": [ { "id": 3, "name": "Отдел продаж", "parentId": 1, "headId": 5, "headName": "Кузнецов Андрей Павлович", "headcount": 14, "children": [] } ] } ]
                """);

        api.MapGet("/positions", PositionsAsync)
            .WithName("Positions")
            .WithSummary("The positions, by name, with how many people hold each today.")
            .WithDescription("HR and the owner: every position. Others: the positions held by the people they may read, counting only them.")
            .Produces<PositionResponse[]>()
            .Produces(StatusCodes.Status401Unauthorized)
            .WithExample(StatusCodes.Status200OK, """[ { "id": 2, "name": "Менеджер по продажам", "headcount": 13 } ]""");

        api.MapGet("/departments/{id:int}", DepartmentAsync)
            .WithName("Department")
            .WithSummary("One department, with its row version as the ETag (send it as If-Match to change the department).")
            .WithDescription("404 for a department the caller may not read, as for one that does not exist.")
            .Produces<DepartmentCardResponse>()
            .Produces(StatusCodes.Status401Unauthorized)
            .Produces(StatusCodes.Status404NotFound)
            .WithExample(StatusCodes.Status200OK, """
                { "id": 3, "name": "Отдел продаж", "parentId": 2, "headId": 5, "headName": "Кузнецов Андрей Павлович", "headcount": 14, "version": 1234 }
                """);

        api.MapGet("/positions/{id:int}", PositionAsync)
            .WithName("Position")
            .WithSummary("One position, with its row version as the ETag (send it as If-Match to rename the position).")
            .WithDescription("404 for a position the caller does not see in the list of positions.")
            .Produces<PositionCardResponse>()
            .Produces(StatusCodes.Status401Unauthorized)
            .Produces(StatusCodes.Status404NotFound)
            .WithExample(StatusCodes.Status200OK, """{ "id": 2, "name": "Менеджер по продажам", "headcount": 13, "version": 987 }""");

        api.MapGet("/employees", EmployeesAsync)
            .WithName("Employees")
            .WithSummary("The employees the caller may read, by name: one page.")
            .WithDescription("page from 1 (default 1), pageSize 1–1000 (default 100); department keeps that department and its sub-departments "
                + "(one outside the caller's scope is a 404, as one that does not exist); search matches the name, personnel number or "
                + "e-mail. Leavers are listed too (leaveDate). HR and the owner: everyone; a manager: their team and themselves; an employee: themselves.")
            .Produces<EmployeesResponse>()
            .ProducesValidationProblem()
            .Produces(StatusCodes.Status401Unauthorized)
            .Produces(StatusCodes.Status404NotFound)
            .WithExample(StatusCodes.Status200OK, """
                { "page": 1, "pageSize": 100, "total": 1, "items": [ { "id": 7, "personnelNumber": "0101", "fullName": "Иванов Иван Сергеевич",
                  "email": "employee@demo.local", "departmentId": 3, "department": "Отдел продаж", "positionId": 2, "position": "Менеджер по продажам",
                  "hireDate": "2024-03-01", "leaveDate": null } ] }
                """);

        api.MapGet("/employees/{id:int}", EmployeeAsync)
            .WithName("Employee")
            .WithSummary("One employee's card, with its row version as the ETag.")
            .WithDescription("404 for an employee the caller may not read, as for one that does not exist. The ETag (and version) is the "
                + "card's row version: it changes with every change of the card.")
            .Produces<EmployeeCardResponse>()
            .Produces(StatusCodes.Status401Unauthorized)
            .Produces(StatusCodes.Status404NotFound);

        return app;
    }

    private static async Task<IResult> DepartmentsAsync(HttpContext http, OrganisationReader reader, CancellationToken ct)
    {
        var rows = await reader.DepartmentsAsync(await HttpUser.GetAsync(http, ct), ct);
        var children = rows.ToLookup(d => d.ParentId);
        DepartmentResponse Node(DepartmentRow d) =>
            new(d.Id, d.Name, d.ParentId, d.HeadId, d.HeadName, d.Headcount, [.. children[d.Id].Select(Node)]);
        return TypedResults.Ok(children[null].Select(Node).ToArray());
    }

    private static async Task<IResult> PositionsAsync(HttpContext http, OrganisationReader reader, CancellationToken ct) =>
        TypedResults.Ok((await reader.PositionsAsync(await HttpUser.GetAsync(http, ct), ct)).Select(p => new PositionResponse(p.Id, p.Name, p.Headcount)).ToArray());

    private static async Task<IResult> DepartmentAsync(int id, HttpContext http, OrganisationReader reader, CancellationToken ct)
    {
        if (await reader.DepartmentAsync(await HttpUser.GetAsync(http, ct), id, ct) is not { } d)
        {
            return TypedResults.NotFound();
        }

        http.Response.Headers.ETag = OrganisationRequests.ETag(d.Version);
        return TypedResults.Ok(DepartmentCardResponse.Of(d));
    }

    private static async Task<IResult> PositionAsync(int id, HttpContext http, OrganisationReader reader, CancellationToken ct)
    {
        if (await reader.PositionAsync(await HttpUser.GetAsync(http, ct), id, ct) is not { } p)
        {
            return TypedResults.NotFound();
        }

        http.Response.Headers.ETag = OrganisationRequests.ETag(p.Version);
        return TypedResults.Ok(new PositionCardResponse(p.Id, p.Name, p.Headcount, p.Version));
    }

    private static async Task<IResult> EmployeesAsync(string? page, string? pageSize, string? department, string? search, HttpContext http,
        OrganisationReader reader, CancellationToken ct)
    {
        var errors = new List<DomainError>();
        var paging = ApiRequests.Page(page, pageSize, errors);
        var departmentId = ApiRequests.Id(department, "department", errors);
        if (errors.Count > 0)
        {
            return ApiRequests.Invalid(errors, DomainErrorText.For(http.RequestServices));
        }

        return await reader.EmployeesAsync(await HttpUser.GetAsync(http, ct), search, departmentId, paging, ct) is not { } found
            ? TypedResults.NotFound()
            : TypedResults.Ok(new EmployeesResponse(paging.Page, paging.PageSize, found.Total, [.. found.Rows.Select(EmployeeResponse.Of)]));
    }

    private static async Task<IResult> EmployeeAsync(int id, HttpContext http, OrganisationReader reader, CancellationToken ct)
    {
        if (await reader.EmployeeAsync(await HttpUser.GetAsync(http, ct), id, ct) is not { } e)
        {
            return TypedResults.NotFound();
        }

        http.Response.Headers.ETag = OrganisationRequests.ETag(e.Version);
        var r = e.Row;
        return TypedResults.Ok(new EmployeeCardResponse(r.Id, r.PersonnelNumber, e.LastName, e.FirstName, e.MiddleName, r.FullName, r.Email, r.DepartmentId,
            r.Department, r.PositionId, r.Position, r.HireDate, r.LeaveDate, e.Version));
    }
}
