using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using KpiPlanner.Infrastructure.Demo;
using KpiPlanner.Testing;
using static KpiPlanner.IntegrationTests.FactsTestSupport;

namespace KpiPlanner.IntegrationTests;

/// <summary>
/// The plans API (<c>PUT /api/periods/{yyyy-MM}/plans</c>): the facts batch's reader and rules for the plan — idempotent,
/// atomic, scoped like the grid, a closed month a 409 —, and every refusal leaves every table as it was.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class PlansApiTests(KpiAppFactory app) : IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private static string PlansUrl(DateOnly month) => $"/api/periods/{MonthKey(month)}/plans";

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Plans_are_set_once_and_the_same_batch_again_changes_nothing_facts_stay()
    {
        var client = await app.BearerClientAsync(DemoData.HrEmail);
        var month = TestClock.NextMonth;
        var id = await app.EmployeeIdAsync("0103");
        var factBefore = (await app.ValueAsync("0101", month, DemoData.SalesKpi))?.Fact;
        var body = new
        {
            plans = new object[]
            {
                new { employee = "0101", kpi = DemoData.SalesKpi, value = 412_345.5m },
                new { employee = (object)id, kpi = DemoData.MeetingsKpi, value = 40m },
                new { employee = "0202", kpi = DemoData.RevenueKpi, value = 151_000m }, // growth: the value to reach, as the grid stores it
            },
        };

        using var first = await client.PutAsJsonAsync(PlansUrl(month), body);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        using var one = JsonDocument.Parse(await first.Content.ReadAsStringAsync());
        Assert.Equal(3, one.RootElement.GetProperty("applied").GetInt32() + one.RootElement.GetProperty("unchanged").GetInt32());
        var after = await app.DatabaseFingerprintAsync();

        using var second = await client.PutAsJsonAsync(PlansUrl(month), body);
        using var two = JsonDocument.Parse(await second.Content.ReadAsStringAsync());
        Assert.Equal(0, two.RootElement.GetProperty("applied").GetInt32());
        Assert.Equal(3, two.RootElement.GetProperty("unchanged").GetInt32());
        Assert.Equal(after, await app.DatabaseFingerprintAsync());

        Assert.Equal(412_345.5m, (await app.ValueAsync("0101", month, DemoData.SalesKpi))!.Plan);
        Assert.Equal(factBefore, (await app.ValueAsync("0101", month, DemoData.SalesKpi))!.Fact);
        Assert.Equal(40m, (await app.ValueAsync("0103", month, DemoData.MeetingsKpi))!.Plan);
        Assert.Equal(151_000m, (await app.ValueAsync("0202", month, DemoData.RevenueKpi))!.Plan);
        Assert.Equal(DemoData.HrEmail, (await app.ValueAsync("0101", month, DemoData.SalesKpi))!.UpdatedBy);
    }

    [Fact]
    public async Task Any_bad_item_or_wrong_json_type_is_listed_by_its_plans_path_and_nothing_is_written()
    {
        var client = await app.BearerClientAsync(DemoData.HrEmail);
        var month = TestClock.NextMonth;
        var before = await app.DatabaseFingerprintAsync();
        var json = $$"""
            { "plans": [
              { "employee": "0101", "kpi": "sales_volume", "value": 1 },
              { "employee": "nobody@nowhere", "kpi": "sales_volume", "value": 1 },
              { "employee": "0202", "kpi": "{{DemoData.ServiceIndexName}}", "value": 1 },
              { "employee": "0103", "kpi": "sales_volume", "value": -1 },
              { "employee": "0104", "kpi": "sales_volume", "value": "много" },
              { "employee": "0101", "kpi": "sales_volume", "value": 2 },
              { "employee": true, "kpi": 5, "value": [1] },
              { "employee": {"id": 1}, "kpi": null, "value": {"a": 1} },
              { "employee": "0105", "kpi": "sales_volume", "value": 1e400 },
              { "employee": 1.5, "kpi": "sales_volume", "value": 0.00001 },
              "0101",
              { "employee": "0105", "kpi": "sales_volume" }
            ] }
            """;

        using var response = await client.PutAsync(PlansUrl(month), Json(json));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Планы не приняты: исправьте ошибки. Ничего не сохранено.", problem.RootElement.GetProperty("title").GetString());
        var codes = problem.RootElement.GetProperty("codes");
        string Code(string path) => codes.GetProperty(path)[0].GetString()!;
        Assert.Equal("facts.unknown_employee", Code("plans[1].employee"));
        Assert.Equal("facts.kpi_is_index", Code("plans[2].kpi"));
        Assert.Equal("facts.negative", Code("plans[3].value"));
        Assert.Equal("facts.not_a_number", Code("plans[4].value"));
        Assert.Equal("facts.duplicate", Code("plans[5].kpi"));
        Assert.Equal("facts.employee_type", Code("plans[6].employee"));
        Assert.Equal("facts.kpi_type", Code("plans[6].kpi"));
        Assert.Equal("facts.not_a_number", Code("plans[6].value"));
        Assert.Equal("facts.employee_type", Code("plans[7].employee"));
        Assert.Equal("facts.not_a_number", Code("plans[7].value"));
        Assert.Equal("facts.too_large", Code("plans[8].value"));
        Assert.Equal("facts.employee_type", Code("plans[9].employee"));
        Assert.Equal("facts.too_many_decimals", Code("plans[9].value"));
        Assert.Equal("facts.item_object", Code("plans[10]"));
        Assert.Equal("facts.value_missing", Code("plans[11].value"));
        Assert.Contains("plans[0]", problem.RootElement.GetProperty("errors").GetProperty("plans[5].kpi")[0].GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(problem.RootElement.GetProperty("errors").EnumerateObject(), p => p.Name.StartsWith("facts", StringComparison.Ordinal));
        Assert.Equal(before, await app.DatabaseFingerprintAsync());
    }

    [Fact]
    public async Task Malformed_bodies_a_bad_month_and_another_media_type_are_refused_and_change_nothing()
    {
        var client = await app.BearerClientAsync(DemoData.HrEmail, "en-US");
        var before = await app.DatabaseFingerprintAsync();

        using var malformed = await client.PutAsync(PlansUrl(TestClock.NextMonth), Json("{ \"plans\": [ {"));
        using var noPlans = await client.PutAsync(PlansUrl(TestClock.NextMonth), Json("""{ "facts": [] }"""));
        using var notAnArray = await client.PutAsync(PlansUrl(TestClock.NextMonth), Json("""{ "plans": 5 }"""));
        using var badMonth = await client.PutAsync("/api/periods/2026-13/plans", Json("""{ "plans": [] }"""));
        using var text = await client.PutAsync(PlansUrl(TestClock.NextMonth), new StringContent("plans", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Contains("The plans were not accepted", await malformed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, noPlans.StatusCode);
        Assert.Contains("A plans array is required", await noPlans.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, notAnArray.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badMonth.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
        Assert.Equal(before, await app.DatabaseFingerprintAsync());
    }

    [Fact]
    public async Task A_closed_month_is_a_409_with_the_facts_shape_and_nothing_changes()
    {
        var month = TestClock.LastMonth;
        await app.CloseAsync(month);
        var client = await app.BearerClientAsync(DemoData.HrEmail);
        var before = await app.DatabaseFingerprintAsync(); // after signing in: a sign-in writes its refresh session

        using var response = await client.PutAsJsonAsync(PlansUrl(month), new { plans = new[] { new { employee = "0101", kpi = DemoData.SalesKpi, value = 1m } } });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("facts.period_closed", problem.RootElement.GetProperty("code").GetString());
        Assert.Contains("закрыт", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await app.DatabaseFingerprintAsync());
    }

    [Fact]
    public async Task A_manager_plans_only_their_subtree_never_their_own_line_and_an_employee_gets_403()
    {
        var manager = await app.BearerClientAsync(DemoData.ManagerEmail);
        var employee = await app.BearerClientAsync(DemoData.EmployeeEmail);
        var month = TestClock.NextMonth;
        var before = await app.DatabaseFingerprintAsync();

        using var theirs = await manager.PutAsJsonAsync(PlansUrl(month), new { plans = new object[]
        {
            new { employee = "0102", kpi = DemoData.SalesKpi, value = 1m },
            new { employee = "0202", kpi = DemoData.RevenueKpi, value = 1m },
        } });
        using var none = await manager.PutAsJsonAsync(PlansUrl(month), new { plans = new object[]
        {
            new { employee = "0102", kpi = DemoData.SalesKpi, value = 1m },
            new { employee = "9202", kpi = DemoData.RevenueKpi, value = 1m },
        } });

        Assert.Equal(HttpStatusCode.BadRequest, theirs.StatusCode);
        using (var problem = JsonDocument.Parse(await theirs.Content.ReadAsStringAsync()))
        {
            Assert.Equal("facts.unknown_employee", problem.RootElement.GetProperty("codes").GetProperty("plans[1].employee")[0].GetString());
        }

        Assert.Equal(WithoutTrace(await none.Content.ReadAsStringAsync()), WithoutTrace(await theirs.Content.ReadAsStringAsync()).Replace("0202", "9202", StringComparison.Ordinal));
        using var refused = await employee.PutAsJsonAsync(PlansUrl(month), new { plans = new[] { new { employee = "0102", kpi = DemoData.SalesKpi, value = 1m } } });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        using var anonymous = await app.CreateClient().PutAsJsonAsync(PlansUrl(month), new { plans = Array.Empty<object>() });
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(before, await app.DatabaseFingerprintAsync());

        using var own = await manager.PutAsJsonAsync(PlansUrl(month), new { plans = new[] { new { employee = "0102", kpi = DemoData.SalesKpi, value = 7m } } });
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(7m, (await app.ValueAsync("0102", month, DemoData.SalesKpi))!.Plan);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_plans_endpoint()
    {
        var client = await app.BearerClientAsync(DemoData.HrEmail);

        var document = await client.GetStringAsync("/openapi/v1.json");

        Assert.Contains("/api/periods/{month}/plans", document, StringComparison.Ordinal);
        Assert.Contains("\"PutPlans\"", document, StringComparison.Ordinal);
        Assert.Contains("PlansPutRequest", document, StringComparison.Ordinal);
        Assert.Contains("facts.kpi_is_index", document, StringComparison.Ordinal);

        // One bearer scheme for people's tokens and machines' keys (decision 016).
        using var json = JsonDocument.Parse(document);
        var bearer = json.RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        Assert.Equal("bearer", bearer.GetProperty("scheme").GetString());
        Assert.Contains("kpk_", bearer.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    private static string WithoutTrace(string body) => System.Text.RegularExpressions.Regex.Replace(body, "\"traceId\":\"[^\"]*\"", string.Empty);
}
