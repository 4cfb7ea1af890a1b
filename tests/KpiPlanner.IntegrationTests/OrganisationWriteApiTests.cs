using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using KpiPlanner.Infrastructure.Demo;
using KpiPlanner.Testing;
using KpiPlanner.Web.Features.ApiKeys;
using KpiPlanner.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static KpiPlanner.IntegrationTests.PeriodsApiTests;

namespace KpiPlanner.IntegrationTests;

/// <summary>
/// The organisation written over HTTP (decision 014, "Organisation writes"): departments, positions and employees
/// created and changed through the dialogs' service, against the ETag read (412 stale, 428 without If-Match), employees
/// upserted in bulk through the import's rules; HR, the owner and an <c>organisation</c> key only; every refusal leaves
/// the database as it was (its fingerprint).
/// </summary>
[Collection(AppCollection.Name)]
public sealed class OrganisationWriteApiTests(KpiAppFactory app) : IAsyncLifetime
{
    private static readonly string Hired = TestClock.ThisMonth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    private static HttpRequestMessage Put(string url, string json, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = Body(json) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return request;
    }

    private static string ETag(HttpResponseMessage response) => response.Headers.ETag!.Tag;

    private async Task<int> DepartmentIdAsync(string name)
    {
        await using var db = app.CreateDbContext();
        return await db.Departments.Where(d => d.Name == name).Select(d => d.Id).SingleAsync();
    }

    private async Task<int> PositionIdAsync(string name)
    {
        await using var db = app.CreateDbContext();
        return await db.Positions.Where(p => p.Name == name).Select(p => p.Id).SingleAsync();
    }

    [Fact]
    public async Task HR_creates_and_changes_a_department_a_position_and_an_employee_against_the_ETag_read()
    {
        var hr = await app.BearerClientAsync(DemoData.HrEmail);
        var sales = await DepartmentIdAsync(DemoData.SalesDepartmentName);
        var shop = await DepartmentIdAsync(DemoData.CoffeeShopName);

        // A department under Sales, then renamed and moved under the coffee shop in one PUT.
        using var added = await hr.PostAsync("/api/departments", Body($$"""{ "name": "Отдел закупок", "parentId": {{sales}} }"""));
        using var department = await Json(added, HttpStatusCode.Created);
        var id = department.RootElement.GetProperty("id").GetInt32();
        Assert.Equal($"/api/departments/{id}", added.Headers.Location!.OriginalString);
        using var read = await hr.GetAsync($"/api/departments/{id}");
        Assert.Equal(ETag(added), ETag(read));
        using var changed = await hr.SendAsync(Put($"/api/departments/{id}", $$"""{ "name": "Отдел снабжения", "parentId": {{shop}} }""", ETag(read)));
        using var after = await Json(changed);
        Assert.Equal(("Отдел снабжения", shop), (after.RootElement.GetProperty("name").GetString(), after.RootElement.GetProperty("parentId").GetInt32()));
        Assert.NotEqual(ETag(read), ETag(changed));

        // A position, renamed.
        using var position = await hr.PostAsync("/api/positions", Body("""{ "name": "Кладовщик" }"""));
        var positionId = (await Json(position, HttpStatusCode.Created)).RootElement.GetProperty("id").GetInt32();
        using var renamed = await hr.SendAsync(Put($"/api/positions/{positionId}", """{ "name": "Старший кладовщик" }""", ETag(position)));
        Assert.Equal("Старший кладовщик", (await Json(renamed)).RootElement.GetProperty("name").GetString());

        // An employee hired into the new department and position, then corrected.
        var card = $$"""
            { "personnelNumber": "0950", "lastName": "Смирнова", "firstName": "Ольга", "email": "o.smirnova@demo.local",
              "departmentId": {{id}}, "positionId": {{positionId}}, "hireDate": "{{Hired}}" }
            """;
        using var hired = await hr.PostAsync("/api/employees", Body(card));
        using var hiredCard = await Json(hired, HttpStatusCode.Created);
        var employeeId = hiredCard.RootElement.GetProperty("id").GetInt32();
        Assert.Equal("Смирнова Ольга", hiredCard.RootElement.GetProperty("fullName").GetString());
        using var corrected = await hr.SendAsync(Put($"/api/employees/{employeeId}", card.Replace("Ольга", "Ольга\", \"middleName\": \"Игоревна", StringComparison.Ordinal).Replace(Hired, "1998-05-04", StringComparison.Ordinal), ETag(hired)));
        Assert.Equal("Смирнова Ольга Игоревна", (await Json(corrected)).RootElement.GetProperty("fullName").GetString());

        await using var db = app.CreateDbContext();
        var saved = await db.Employees.Include(e => e.Department).Include(e => e.Position).SingleAsync(e => e.Id == employeeId);
        Assert.Equal(("0950", "Игоревна", "Отдел снабжения", "Старший кладовщик"), (saved.PersonnelNumber, saved.MiddleName, saved.Department.Name, saved.Position.Name));
        Assert.Equal(new DateOnly(1998, 5, 4), saved.HireDate); // a card older than the months the app plans, as the dialog takes it
    }

    [Fact]
    public async Task A_stale_or_missing_If_Match_and_an_unknown_id_change_nothing()
    {
        var hr = await app.BearerClientAsync(DemoData.HrEmail);
        var shop = await DepartmentIdAsync(DemoData.CoffeeShopName);
        var positionId = await PositionIdAsync(DemoData.SalesManagerPosition);
        var employeeId = await app.EmployeeIdAsync("0102");
        using var department = await hr.GetAsync($"/api/departments/{shop}");
        using var position = await hr.GetAsync($"/api/positions/{positionId}");
        using var employee = await hr.GetAsync($"/api/employees/{employeeId}");
        using var cardJson = await Json(employee);
        var card = cardJson.RootElement;
        var body = $$"""
            { "personnelNumber": "0102", "lastName": "{{card.GetProperty("lastName").GetString()}}", "firstName": "Другое",
              "departmentId": {{card.GetProperty("departmentId").GetInt32()}}, "positionId": {{card.GetProperty("positionId").GetInt32()}},
              "hireDate": "{{card.GetProperty("hireDate").GetString()}}" }
            """;

        // Someone changes each of them after they were read.
        using (var db = app.CreateDbContext())
        {
            await db.Departments.Where(d => d.Id == shop).ExecuteUpdateAsync(s => s.SetProperty(d => d.Name, d => d.Name));
            await db.Positions.Where(p => p.Id == positionId).ExecuteUpdateAsync(s => s.SetProperty(p => p.Name, p => p.Name));
            await db.Employees.Where(e => e.Id == employeeId).ExecuteUpdateAsync(s => s.SetProperty(e => e.Email, e => e.Email));
        }

        var before = await app.DatabaseFingerprintAsync();
        var stale = new[]
        {
            Put($"/api/departments/{shop}", """{ "name": "Кофейня" }""", ETag(department)),
            Put($"/api/positions/{positionId}", """{ "name": "Продавец" }""", ETag(position)),
            Put($"/api/employees/{employeeId}", body, ETag(employee)),
            Put($"/api/employees/{employeeId}", body, "\"not-a-version\""),
        };
        foreach (var request in stale)
        {
            using var response = await hr.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.PreconditionFailed, $"{request.RequestUri}: {(int)response.StatusCode} {text}");
            Assert.Contains("ETag", text, StringComparison.Ordinal);
        }

        foreach (var url in new[] { $"/api/departments/{shop}", $"/api/positions/{positionId}", $"/api/employees/{employeeId}" })
        {
            using var response = await hr.SendAsync(Put(url, body, null));
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == (HttpStatusCode)428, $"{url}: {(int)response.StatusCode} {text}");
            Assert.Contains("If-Match", text, StringComparison.Ordinal);
        }

        foreach (var url in new[] { "/api/departments/987654", "/api/positions/987654", "/api/employees/987654" })
        {
            using var response = await hr.SendAsync(Put(url, body, "\"1\""));
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await hr.GetAsync("/api/departments/987654")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await hr.GetAsync("/api/positions/987654")).StatusCode);
        Assert.Equal(before, await app.DatabaseFingerprintAsync());
    }

    [Fact]
    public async Task Bad_input_is_a_400_listing_every_error_by_field_in_the_requests_language_and_writes_nothing()
    {
        var hr = await app.BearerClientAsync(DemoData.HrEmail, "en-US");
        var sales = await DepartmentIdAsync(DemoData.SalesDepartmentName);
        var positionId = await PositionIdAsync(DemoData.SalesManagerPosition);
        var before = await app.DatabaseFingerprintAsync();

        using var taken = await hr.PostAsync("/api/employees", Body($$"""
            { "personnelNumber": "0101", "lastName": "Новый", "firstName": "Человек", "departmentId": {{sales}}, "positionId": {{positionId}}, "hireDate": "{{Hired}}" }
            """));
        using var takenJson = await Json(taken, HttpStatusCode.BadRequest);
        Assert.Contains("0101", takenJson.RootElement.GetProperty("errors").GetProperty("personnelNumber")[0].GetString(), StringComparison.Ordinal);

        using var malformed = await hr.PostAsync("/api/employees", Body("""{ "personnelNumber": 7, "lastName": "", "firstName": "X", "departmentId": "a", "hireDate": "1.2.3" }"""));
        using var malformedJson = await Json(malformed, HttpStatusCode.BadRequest);
        var errors = malformedJson.RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty("personnelNumber", out _) && errors.TryGetProperty("departmentId", out _) && errors.TryGetProperty("hireDate", out _), errors.ToString());

        using var missing = await hr.PostAsync("/api/employees", Body("""{ "firstName": "X" }"""));
        using var missingJson = await Json(missing, HttpStatusCode.BadRequest);
        var fields = missingJson.RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.Superset(new HashSet<string> { "personnelNumber", "lastName", "departmentId", "positionId", "hireDate" }, fields);
        Assert.StartsWith("Last name", missingJson.RootElement.GetProperty("errors").GetProperty("lastName")[0].GetString(), StringComparison.Ordinal);

        using var department = await hr.PostAsync("/api/departments", Body($$"""{ "name": "{{DemoData.CoffeeShopName}}", "parentId": {{await DepartmentIdAsync(DemoData.CompanyName)}} }"""));
        Assert.True((await Json(department, HttpStatusCode.BadRequest)).RootElement.GetProperty("errors").TryGetProperty("name", out _));
        using var underItself = await hr.SendAsync(Put($"/api/departments/{sales}", $$"""{ "name": "{{DemoData.SalesDepartmentName}}", "parentId": {{sales}} }""", "*"));
        Assert.True((await Json(underItself, HttpStatusCode.BadRequest)).RootElement.GetProperty("errors").TryGetProperty("parentId", out _));
        using var notJson = await hr.PostAsync("/api/positions", new StringContent("name=x", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, notJson.StatusCode);

        Assert.Equal(before, await app.DatabaseFingerprintAsync());
    }

    [Fact]
    public async Task The_bulk_upsert_creates_and_updates_by_personnel_number_all_or_nothing()
    {
        var hr = await app.BearerClientAsync(DemoData.HrEmail, "en-US");
        var before = await app.DatabaseFingerprintAsync();

        // A repeated personnel number: both items named, nothing written.
        using var repeated = await hr.PutAsync("/api/employees", Body($$"""
            [ { "personnelNumber": "0960", "lastName": "А", "firstName": "Б", "department": "{{DemoData.SalesDepartmentName}}", "position": "Кладовщик", "hireDate": "{{Hired}}" },
              { "personnelNumber": "0101", "email": "ivanov.new@demo.local" },
              { "personnelNumber": "0960", "lastName": "В", "firstName": "Г", "department": "{{DemoData.SalesDepartmentName}}", "position": "Кладовщик", "hireDate": "{{Hired}}" } ]
            """));
        using var repeatedJson = await Json(repeated, HttpStatusCode.BadRequest);
        var errors = repeatedJson.RootElement.GetProperty("errors");
        Assert.Contains("[0]", errors.GetProperty("[2].personnelNumber")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("[2]", errors.GetProperty("[0].personnelNumber")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await app.DatabaseFingerprintAsync());

        // One bad item (a hire without a hire date, a bad e-mail) refuses the good ones too.
        using var oneBad = await hr.PutAsync("/api/employees", Body($$"""
            [ { "personnelNumber": "0961", "lastName": "А", "firstName": "Б", "department": "{{DemoData.SalesDepartmentName}}", "position": "Кладовщик", "hireDate": "{{Hired}}" },
              { "personnelNumber": "0962", "lastName": "В", "firstName": "Г", "department": "{{DemoData.SalesDepartmentName}}", "position": "Кладовщик", "email": "nope" } ]
            """));
        using var oneBadJson = await Json(oneBad, HttpStatusCode.BadRequest);
        var badFields = oneBadJson.RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("[1].hireDate", badFields);
        Assert.Contains("[1].email", badFields);
        Assert.DoesNotContain(badFields, f => f.StartsWith("[0]", StringComparison.Ordinal));
        using var notArray = await hr.PutAsync("/api/employees", Body("""{ "personnelNumber": "0961" }"""));
        Assert.Equal(HttpStatusCode.BadRequest, notArray.StatusCode);
        using var empty = await hr.PutAsync("/api/employees", Body("[]"));
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal(before, await app.DatabaseFingerprintAsync());

        // The good batch: one hire (with a new position and department), one update, one unchanged.
        using var ok = await hr.PutAsync("/api/employees", Body($$"""
            [ { "personnelNumber": "0961", "lastName": "Орлова", "firstName": "Анна", "department": "{{DemoData.SalesDepartmentName}} / Склад", "position": "Кладовщик", "hireDate": "{{Hired}}", "head": true },
              { "personnelNumber": "0101", "email": "ivanov.new@demo.local" },
              { "personnelNumber": "0102" } ]
            """));
        using var counts = await Json(ok);
        Assert.Equal((1, 1, 1), (counts.RootElement.GetProperty("created").GetInt32(), counts.RootElement.GetProperty("updated").GetInt32(), counts.RootElement.GetProperty("unchanged").GetInt32()));
        Assert.Equal(["Кладовщик"], counts.RootElement.GetProperty("positionsCreated").EnumerateArray().Select(p => p.GetString()));
        await using var db = app.CreateDbContext();
        var orlova = await db.Employees.Include(e => e.Department).SingleAsync(e => e.PersonnelNumber == "0961");
        Assert.Equal("Склад", orlova.Department.Name);
        Assert.Equal(orlova.Id, orlova.Department.HeadId);
        Assert.Equal("ivanov.new@demo.local", await db.Employees.Where(e => e.PersonnelNumber == "0101").Select(e => e.Email).SingleAsync());
    }

    [Fact]
    public async Task A_manager_and_an_employee_get_403_and_another_teams_department_reads_as_none()
    {
        var shop = await DepartmentIdAsync(DemoData.CoffeeShopName);
        var employeeId = await app.EmployeeIdAsync("0102");
        // Signing in records a refresh session: both sign in before the fingerprint.
        var manager = await app.BearerClientAsync(DemoData.ManagerEmail);
        var employee = await app.BearerClientAsync(DemoData.EmployeeEmail);
        var before = await app.DatabaseFingerprintAsync();
        foreach (var client in new[] { manager, employee })
        {
            using var add = await client.PostAsync("/api/positions", Body("""{ "name": "Кладовщик" }"""));
            using var put = await client.SendAsync(Put($"/api/employees/{employeeId}", """{ "personnelNumber": "0102" }""", "*"));
            using var bulk = await client.PutAsync("/api/employees", Body("""[ { "personnelNumber": "0102", "firstName": "X" } ]"""));
            Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (add.StatusCode, put.StatusCode, bulk.StatusCode));
        }

        using var theirs = await manager.GetAsync($"/api/departments/{shop}");
        using var none = await manager.GetAsync("/api/departments/987654");
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (theirs.StatusCode, none.StatusCode));
        Assert.Equal(HttpStatusCode.OK, (await manager.GetAsync($"/api/departments/{await DepartmentIdAsync(DemoData.SalesDepartmentName)}")).StatusCode);
        Assert.Equal(before, await app.DatabaseFingerprintAsync());
    }

    [Fact]
    public async Task An_organisation_key_writes_a_read_key_gets_403_and_a_revoked_key_401()
    {
        await using var services = app.Services.CreateAsyncScope();
        var keys = services.ServiceProvider.GetRequiredService<ApiKeysService>();
        var owner = await app.ActorAsync(DemoData.OwnerEmail);
        var hrSystem = await keys.CreateAsync(owner, "Кадровая система", ApiKeyScope.Organisation, null);
        var bi = await keys.CreateAsync(owner, "BI", ApiKeyScope.Read, null);
        Assert.True(hrSystem.Succeeded && bi.Succeeded);
        var limited = await keys.CreateAsync(owner, "Оргструктура отдела", ApiKeyScope.Organisation, await DepartmentIdAsync(DemoData.SalesDepartmentName));
        Assert.True(limited.Errors.ContainsKey("department"));

        HttpClient Client(string secret)
        {
            var client = app.CreateClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
            return client;
        }

        using var created = await Client(hrSystem.Secret!).PostAsync("/api/positions", Body("""{ "name": "Кладовщик" }"""));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        Assert.True(await keys.RevokeAsync(owner, hrSystem.Key!.Id));
        var before = await app.DatabaseFingerprintAsync();
        using var readOnly = await Client(bi.Secret!).PostAsync("/api/positions", Body("""{ "name": "Курьер" }"""));
        Assert.Equal(HttpStatusCode.Forbidden, readOnly.StatusCode);
        using var revoked = await Client(hrSystem.Secret!).PostAsync("/api/positions", Body("""{ "name": "Курьер" }"""));
        Assert.Equal(HttpStatusCode.Unauthorized, revoked.StatusCode);
        Assert.Equal(before, await app.DatabaseFingerprintAsync());
    }

    [Fact]
    public async Task Every_write_is_documented_with_its_body_example_and_error_answers()
    {
        var hr = await app.BearerClientAsync(DemoData.HrEmail);
        using var json = JsonDocument.Parse(await hr.GetStringAsync("/openapi/v1.json"));
        var paths = json.RootElement.GetProperty("paths");
        foreach (var (path, method, success, errors) in new[]
        {
            ("/api/departments", "post", "201", new[] { "400", "401", "403" }),
            ("/api/departments/{id}", "put", "200", new[] { "400", "401", "403", "404", "412", "428" }),
            ("/api/positions", "post", "201", new[] { "400", "401", "403" }),
            ("/api/positions/{id}", "put", "200", new[] { "400", "401", "403", "404", "412", "428" }),
            ("/api/employees", "post", "201", new[] { "400", "401", "403" }),
            ("/api/employees", "put", "200", new[] { "400", "401", "403", "413" }),
            ("/api/employees/{id}", "put", "200", new[] { "400", "401", "403", "404", "412", "428" }),
        })
        {
            var operation = paths.GetProperty(path).GetProperty(method);
            Assert.False(string.IsNullOrEmpty(operation.GetProperty("summary").GetString()));
            Assert.True(operation.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").TryGetProperty("example", out _), $"{method} {path}: no body example");
            var responses = operation.GetProperty("responses");
            Assert.All(errors.Prepend(success), status => Assert.True(responses.TryGetProperty(status, out _), $"{method} {path}: no {status}"));
        }

        Assert.True(paths.GetProperty("/api/departments/{id}").GetProperty("get").GetProperty("responses").TryGetProperty("404", out _));
    }
}
