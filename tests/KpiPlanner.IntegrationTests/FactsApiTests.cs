using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using KpiPlanner.Infrastructure.Demo;
using KpiPlanner.Testing;
using Microsoft.EntityFrameworkCore;
using static KpiPlanner.IntegrationTests.FactsTestSupport;

namespace KpiPlanner.IntegrationTests;

/// <summary>
/// The facts API (<c>PUT /api/periods/{yyyy-MM}/facts</c>), the import endpoint and the template download over HTTP:
/// idempotent, atomic, scoped by role, closed months refused with 409, never a 500.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class FactsApiTests(KpiAppFactory app) : IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private static string FactsUrl(DateOnly month) => $"/api/periods/{MonthKey(month)}/facts";

    private Task<HttpClient> ClientAsync(string email) => app.BearerClientAsync(email);

    private static object Body(params object[] facts) => new { facts };

    [Fact]
    public async Task The_same_batch_twice_applies_once_and_then_reports_everything_unchanged()
    {
        var client = await ClientAsync(DemoData.HrEmail);
        var month = CurrentMonth;
        var id = await app.EmployeeIdAsync("0103");
        var body = Body(
            new { employee = "0101", kpi = "sales_volume", value = 123_456.78m },
            new { employee = (object)id, kpi = "client_meetings", value = 44m },
            new { employee = DemoData.EmployeeEmail, kpi = "client_meetings", value = 39.5m });

        var first = await client.PutAsJsonAsync(FactsUrl(month), body);
        var second = await client.PutAsJsonAsync(FactsUrl(month), body);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        using var one = JsonDocument.Parse(await first.Content.ReadAsStringAsync());
        Assert.Equal(3, one.RootElement.GetProperty("applied").GetInt32() + one.RootElement.GetProperty("unchanged").GetInt32());
        Assert.True(one.RootElement.GetProperty("applied").GetInt32() >= 2);
        var snapshot = await app.SnapshotAsync(month);
        using var two = JsonDocument.Parse(await second.Content.ReadAsStringAsync());
        Assert.Equal(0, two.RootElement.GetProperty("applied").GetInt32());
        Assert.Equal(3, two.RootElement.GetProperty("unchanged").GetInt32());
        Assert.Equal(snapshot, await app.SnapshotAsync(month));
        Assert.Equal(123_456.78m, (await app.ValueAsync("0101", month, DemoData.SalesKpi))!.Fact);
        Assert.Equal(44m, (await app.ValueAsync("0103", month, DemoData.MeetingsKpi))!.Fact);
        Assert.Equal(39.5m, (await app.ValueAsync("0101", month, DemoData.MeetingsKpi))!.Fact);
    }

    [Fact]
    public async Task Any_bad_item_applies_nothing_and_every_bad_item_is_listed_by_path()
    {
        var client = await ClientAsync(DemoData.HrEmail);
        var month = CurrentMonth;
        var snapshot = await app.SnapshotAsync(month);
        var json = """
            { "facts": [
              { "employee": "0101", "kpi": "sales_volume", "value": 1 },
              { "employee": "nobody@nowhere", "kpi": "sales_volume", "value": 1 },
              { "employee": "0102", "kpi": "revenue", "value": 1 },
              { "employee": "0103", "kpi": "sales_volume", "value": -1 },
              { "employee": "0104", "kpi": "sales_volume", "value": "много" },
              { "employee": "0101", "kpi": "sales_volume", "value": 2 },
              { "employee": true, "kpi": 5 },
              { "employee": "0105", "kpi": "sales_volume", "value": 1e400 }
            ] }
            """;

        var response = await client.PutAsync(FactsUrl(month), new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var errors = problem.RootElement.GetProperty("errors");
        var paths = errors.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(
            ["facts[1].employee", "facts[2].kpi", "facts[3].value", "facts[4].value", "facts[5].kpi", "facts[6].employee", "facts[6].kpi", "facts[6].value", "facts[7].value"],
            paths);
        Assert.Contains("nobody@nowhere", errors.GetProperty("facts[1].employee")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("facts[0]", errors.GetProperty("facts[5].kpi")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal("facts.unknown_employee", problem.RootElement.GetProperty("codes").GetProperty("facts[1].employee")[0].GetString());
        Assert.Equal(snapshot, await app.SnapshotAsync(month));
    }

    [Fact]
    public async Task Malformed_json_and_a_bad_month_get_400_never_500()
    {
        var client = await ClientAsync(DemoData.HrEmail);

        var malformed = await client.PutAsync(FactsUrl(CurrentMonth), new StringContent("{ \"facts\": [ {", Encoding.UTF8, "application/json"));
        var noFacts = await client.PutAsJsonAsync(FactsUrl(CurrentMonth), new { items = 1 });
        var badMonth = await client.PutAsJsonAsync("/api/periods/2026-13/facts", Body());
        var text = await client.PutAsync(FactsUrl(CurrentMonth), new StringContent("facts", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noFacts.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badMonth.StatusCode);
        Assert.Contains("2026-13", await badMonth.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
    }

    [Fact]
    public async Task A_closed_period_is_refused_by_the_api_with_409_and_a_clear_message()
    {
        var month = CurrentMonth.AddMonths(-1);
        await app.CloseAsync(month);
        var snapshot = await app.SnapshotAsync(month);
        var client = await ClientAsync(DemoData.HrEmail);

        var response = await client.PutAsJsonAsync(FactsUrl(month), Body(new { employee = "0101", kpi = "sales_volume", value = 1m }));
        using var content = new MultipartFormDataContent { { new ByteArrayContent(Csv("Табельный номер;Показатель;Факт\n0101;sales_volume;1\n")), "file", "f.csv" } };
        var import = await client.PostAsync($"/api/periods/{MonthKey(month)}/import?confirmMonth={MonthKey(month)}", content);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("закрыт", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, import.StatusCode);
        Assert.Equal(snapshot, await app.SnapshotAsync(month));
    }

    [Fact]
    public async Task A_manager_cannot_put_facts_for_another_departments_employee_and_is_answered_as_for_no_one()
    {
        var client = await ClientAsync(DemoData.ManagerEmail);
        var month = CurrentMonth;
        var snapshot = await app.SnapshotAsync(month);

        var response = await client.PutAsJsonAsync(FactsUrl(month), Body(
            new { employee = "0101", kpi = "sales_volume", value = 1m },
            new { employee = "0202", kpi = "sales_volume", value = 1m }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("facts.unknown_employee", problem.RootElement.GetProperty("codes").GetProperty("facts[1].employee")[0].GetString());
        Assert.Equal(snapshot, await app.SnapshotAsync(month));

        // Someone else's employee and one who does not exist get the same answer, word for word but the name.
        var nobody = await client.PutAsJsonAsync(FactsUrl(month), Body(
            new { employee = "0101", kpi = "sales_volume", value = 1m },
            new { employee = "9202", kpi = "sales_volume", value = 1m }));
        Assert.Equal(HttpStatusCode.BadRequest, nobody.StatusCode);
        Assert.Equal(WithoutTrace(await response.Content.ReadAsStringAsync()).Replace("0202", "9202", StringComparison.Ordinal),
            WithoutTrace(await nobody.Content.ReadAsStringAsync()));
        Assert.Equal(snapshot, await app.SnapshotAsync(month));

        var own = await client.PutAsJsonAsync(FactsUrl(month), Body(new { employee = "0101", kpi = "sales_volume", value = 1m }));
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }

    [Fact]
    public async Task A_manager_cannot_import_facts_for_another_departments_employee()
    {
        var client = await ClientAsync(DemoData.ManagerEmail);
        var snapshot = await app.SnapshotAsync(CurrentMonth);
        using var content = new MultipartFormDataContent { { new ByteArrayContent(Csv("Табельный номер;Показатель;Факт\n0101;sales_volume;1\n0203;sales_volume;1\n")), "file", "f.csv" } };

        var response = await client.PostAsync($"/api/periods/{MonthKey(CurrentMonth)}/import?confirmMonth={MonthKey(CurrentMonth)}", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var row = problem.RootElement.GetProperty("rows").EnumerateArray().Single();
        Assert.Equal(3, row.GetProperty("row").GetInt32());
        Assert.Equal("Табельный номер", row.GetProperty("column").GetString());
        Assert.Equal("facts.unknown_employee", row.GetProperty("code").GetString());
        Assert.Equal(snapshot, await app.SnapshotAsync(CurrentMonth));
    }

    [Fact]
    public async Task An_employee_gets_403_from_every_facts_endpoint()
    {
        var client = await ClientAsync(DemoData.EmployeeEmail);

        var put = await client.PutAsJsonAsync(FactsUrl(CurrentMonth), Body(new { employee = "0101", kpi = "sales_volume", value = 1m }));
        var template = await client.GetAsync($"/api/periods/{MonthKey(CurrentMonth)}/template?department=1&format=csv");
        using var content = new MultipartFormDataContent { { new ByteArrayContent(Csv("Табельный номер;Показатель;Факт\n0101;sales_volume;1\n")), "file", "f.csv" } };
        var import = await client.PostAsync($"/api/periods/{MonthKey(CurrentMonth)}/import?confirmMonth={MonthKey(CurrentMonth)}", content);
        var anonymous = await app.CreateClient().PutAsJsonAsync(FactsUrl(CurrentMonth), Body());

        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, template.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, import.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task The_template_downloads_with_its_content_type_and_name_and_imports_back_over_http()
    {
        var client = await ClientAsync(DemoData.ManagerEmail);
        await using var db = app.CreateDbContext();
        var sales = await db.Departments.Where(d => d.Name == DemoData.SalesDepartmentName).Select(d => d.Id).SingleAsync();
        var coffee = await db.Departments.Where(d => d.Name == DemoData.CoffeeShopName).Select(d => d.Id).SingleAsync();
        var month = MonthKey(CurrentMonth);

        var csv = await client.GetAsync($"/api/periods/{month}/template?department={sales}&format=csv");
        var xlsx = await client.GetAsync($"/api/periods/{month}/template?department={sales}&format=xlsx");
        var other = await client.GetAsync($"/api/periods/{month}/template?department={coffee}&format=xlsx");
        var badFormat = await client.GetAsync($"/api/periods/{month}/template?department={sales}&format=pdf");

        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        Assert.Equal($"kpi-{month}-otdel-prodazh.csv", csv.Content.Headers.ContentDisposition!.FileName?.Trim('"'));
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType!.MediaType);
        Assert.Equal($"kpi-{month}-otdel-prodazh.xlsx", xlsx.Content.Headers.ContentDisposition!.FileName?.Trim('"'));
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badFormat.StatusCode);

        // Fill the facts of the CSV (plans as they are) and import it back.
        var text = Encoding.UTF8.GetString((await csv.Content.ReadAsByteArrayAsync()).AsSpan(3));
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var filled = lines.Take(1).Concat(lines.Skip(1).Select(l => l[..(l.LastIndexOf(';') + 1)] + "5,5"));
        using var content = new MultipartFormDataContent { { new ByteArrayContent(Csv(string.Join("\r\n", filled))), "file", "kpi.csv" } };
        var import = await client.PostAsync($"/api/periods/{month}/import", content);

        Assert.Equal(HttpStatusCode.OK, import.StatusCode);
        Assert.Equal(5.5m, (await app.ValueAsync("0104", CurrentMonth, DemoData.SalesKpi))!.Fact);
    }

    [Fact]
    public async Task An_import_without_a_file_gets_400()
    {
        var client = await ClientAsync(DemoData.HrEmail);

        var response = await client.PostAsync($"/api/periods/{MonthKey(CurrentMonth)}/import", new MultipartFormDataContent());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"file\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_facts_endpoints()
    {
        var client = await ClientAsync(DemoData.HrEmail);

        var document = await client.GetStringAsync("/openapi/v1.json");

        Assert.Contains("/api/periods/{month}/facts", document, StringComparison.Ordinal);
        Assert.Contains("/api/periods/{month}/template", document, StringComparison.Ordinal);
        Assert.Contains("/api/periods/{month}/import", document, StringComparison.Ordinal);
        Assert.Contains("\"Facts\"", document, StringComparison.Ordinal);

        // The import's month rules (issue 16, item 1).
        Assert.Contains("confirmMonth", document, StringComparison.Ordinal);
        Assert.Contains("facts.month_mismatch", document, StringComparison.Ordinal);
        Assert.Contains("facts.month_missing", document, StringComparison.Ordinal);
    }

    /// <summary>A problem body without its per-request trace id.</summary>
    private static string WithoutTrace(string body) => System.Text.RegularExpressions.Regex.Replace(body, "\"traceId\":\"[^\"]*\"", string.Empty);
}
