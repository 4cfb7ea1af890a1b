using System.Globalization;
using System.Text.Json;
using KpiPlanner.Domain.Validation;
using KpiPlanner.Infrastructure.Import;
using KpiPlanner.Web.Features.Pay;
using KpiPlanner.Web.Hosting;
using KpiPlanner.Web.Localization;
using KpiPlanner.Web.Security;
using Microsoft.Extensions.Localization;

namespace KpiPlanner.Web.Features.Organisation;

// PUT /api/employees: the bulk upsert by personnel number — the organisation file's rows as a JSON array, all or nothing.
internal static partial class OrganisationWriteEndpoints
{
    /// <summary>The most items one request upserts: as many as the organisation file may have rows.</summary>
    internal const int MaxBulkItems = OrganisationFile.MaxRows;

    /// <summary>The largest body the bulk upsert reads (20 000 items of about 400 bytes, and room).</summary>
    internal const int MaxBulkBytes = 16 * 1024 * 1024;

    /// <summary>The JSON fields of an item, as the file's columns (an error's column is its field).</summary>
    private static readonly (string Field, OrganisationColumn Column)[] BulkFields =
    [
        ("personnelNumber", OrganisationColumn.PersonnelNumber),
        ("lastName", OrganisationColumn.LastName),
        ("firstName", OrganisationColumn.FirstName),
        ("middleName", OrganisationColumn.MiddleName),
        ("email", OrganisationColumn.Email),
        ("department", OrganisationColumn.Department),
        ("position", OrganisationColumn.Position),
        ("hireDate", OrganisationColumn.HireDate),
        ("leaveDate", OrganisationColumn.LeaveDate),
    ];

    private static void MapBulk(RouteGroupBuilder api) =>
        api.MapPut("/employees", UpsertEmployeesAsync)
            .WithName("UpsertEmployees")
            .WithSummary("Create or update employees by personnel number, all or nothing: the organisation import's rules over JSON.")
            .WithDescription("A JSON array (at most 20 000 items) of { personnelNumber, lastName, firstName, middleName, email, department "
                + "(a path under the company: \"Коммерческая служба / Отдел продаж\", created when new), position (by name, created when new), "
                + "head (true: the head of their department; false: not the head of any), hireDate, leaveDate (YYYY-MM-DD) }. A new number hires "
                + "(names, department, position and hire date required); a known one updates the card, and a field left out or null keeps its value. "
                + "Any bad item gets a 400 listing every error at its item's path ([3].email; a repeated personnel number at both items) and "
                + "nothing is written. No If-Match: the personnel number is the key, and a card changed while the batch is written refuses it all.")
            .Accepts<EmployeeUpsertItem[]>("application/json")
            .Produces<OrganisationImportResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .Produces(StatusCodes.Status401Unauthorized)
            .Produces(StatusCodes.Status403Forbidden)
            .WithExample(StatusCodes.Status200OK,
                """{ "created": 1, "updated": 1, "unchanged": 0, "departmentsCreated": [], "positionsCreated": ["Кладовщик"], "headsChanged": 0 }""",
                """
                [ { "personnelNumber": "0150", "lastName": "Смирнова", "firstName": "Ольга", "department": "Коммерческая служба / Отдел продаж",
                    "position": "Кладовщик", "hireDate": "2026-12-01" },
                  { "personnelNumber": "0101", "email": "i.ivanov@zerno.ru" } ]
                """);

    private static async Task<IResult> UpsertEmployeesAsync(HttpContext http, OrganisationImportService import, IStringLocalizer<OrganisationResource> l, CancellationToken ct)
    {
        var text = DomainErrorText.For(http.RequestServices);
        var body = await RequestBody.ReadLimitedAsync(http.Request, MaxBulkBytes, ct);
        if (body.Refused is { } refused)
        {
            return TypedResults.Problem(refused.Message, statusCode: refused.StatusCode);
        }

        if (body.TooLarge)
        {
            return TypedResults.Problem(text.Message(PayRequestErrors.Create(PayRequestErrors.TooLarge, string.Empty, ("max", MaxBulkBytes))),
                statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        if (!http.Request.HasJsonContentType())
        {
            return TypedResults.Problem(text.Message(PayRequestErrors.UnsupportedMediaType, fallback: PayRequestErrors.EnglishTemplates[PayRequestErrors.UnsupportedMediaType]),
                statusCode: StatusCodes.Status415UnsupportedMediaType);
        }

        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(body.Bytes);
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            return Invalid(http, [PayRequestErrors.Create(PayRequestErrors.MalformedJson, PayRequestReader.PathOfSyntaxError(body.Bytes.Span),
                ("line", (e.LineNumber ?? 0) + 1), ("position", (e.BytePositionInLine ?? 0) + 1))]);
        }

        if (root.ValueKind != JsonValueKind.Array)
        {
            return Invalid(http, [PayRequestErrors.Create(PayRequestErrors.NotAnArray, string.Empty)]);
        }

        var count = root.GetArrayLength();
        if (count == 0 || count > MaxBulkItems)
        {
            var message = count == 0 ? l["Api.Bulk.NoItems"].Value : l["Api.Bulk.TooMany", MaxBulkItems.ToString("N0", CultureInfo.CurrentCulture)].Value;
            return count == 0
                ? Invalid(http, [new DomainError(string.Empty, OrganisationRequests.ItemRefused, message, new Dictionary<string, object>())])
                : TypedResults.Problem(message, statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        var errors = new List<DomainError>();
        var sheet = ReadSheet(root, errors);
        if (errors.Count > 0)
        {
            return Invalid(http, errors);
        }

        var result = await import.UpsertAsync(await HttpUser.GetAsync(http, ct), sheet, ct);
        if (!result.Succeeded)
        {
            return Invalid(http, [.. result.Errors.Select(e => new DomainError(
                e.Row == 0 ? string.Empty : Paths.Join(Item(e.Row - 1), e.Column), OrganisationRequests.ItemRefused, e.Message, new Dictionary<string, object>()))]);
        }

        return TypedResults.Ok(OrganisationImportResponse.Of(result.Done));
    }

    /// <summary>The items as the file's rows (row n + 1 = item n), each field of the wrong JSON type an error at its path.</summary>
    private static OrganisationSheet ReadSheet(JsonElement root, List<DomainError> errors)
    {
        var sheet = new OrganisationSheet();
        foreach (var (field, column) in BulkFields)
        {
            sheet.Titles[column] = field;
        }

        sheet.Titles[OrganisationColumn.Head] = "head";
        var index = 0;
        foreach (var item in root.EnumerateArray())
        {
            var path = Item(index);
            index++;
            if (item.ValueKind != JsonValueKind.Object)
            {
                errors.Add(PayRequestErrors.Create(PayRequestErrors.NotAnObject, path));
                continue;
            }

            var cells = new Dictionary<OrganisationColumn, object?>();
            foreach (var (field, column) in BulkFields)
            {
                cells[column] = OrganisationRequests.Text(item, field, path + ".", errors);
            }

            cells[OrganisationColumn.Head] = OrganisationRequests.Flag(item, "head", path + ".", errors) switch
            {
                true => "true",
                false => "false",
                null => null,
            };
            sheet.Rows.Add(new OrganisationFileRow(index, cells));
        }

        return sheet;
    }

    private static string Item(int index) => "[" + index.ToString(CultureInfo.InvariantCulture) + "]";
}
