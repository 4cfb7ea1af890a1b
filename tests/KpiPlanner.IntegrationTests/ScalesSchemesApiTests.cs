using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using KpiPlanner.Domain.Planning;
using KpiPlanner.Infrastructure.Demo;
using KpiPlanner.Testing;
using KpiPlanner.Web.Features.ApiKeys;
using KpiPlanner.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static KpiPlanner.IntegrationTests.PeriodsApiTests;

namespace KpiPlanner.IntegrationTests;

/// <summary>
/// Scales and motivation schemes over HTTP (<c>/api/scales</c>, <c>/api/schemes</c>): listed, read whole, created and
/// extended by a new version through the editor's and the designer's services — their rules, their refusals (a gap
/// between bands, weights not summing to 100, a month that already starts a version), each a 400 at its field path
/// that writes nothing; a stale ETag 412; HR and the owner, whole-company keys reading, design keys writing.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ScalesSchemesApiTests(KpiAppFactory app) : IAsyncLifetime
{
    private static readonly string NextMonth = Period.Key(TestClock.NextMonth);

    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task HR_lists_reads_creates_and_replaces_a_scale_and_a_refused_one_writes_nothing()
    {
        var hr = await app.BearerClientAsync(DemoData.HrEmail);
        using var list = await Json(await hr.GetAsync("/api/scales"));
        var table3 = list.RootElement.GetProperty("items").EnumerateArray().Single(s => s.GetProperty("name").GetString() == DemoData.Table3ScaleName);
        Assert.True(table3.GetProperty("bands").GetInt32() >= 3);

        using var one = await hr.GetAsync($"/api/scales/{table3.GetProperty("id").GetInt32()}");
        using (var scale = await Json(one))
        {
            var bands = scale.RootElement.GetProperty("bands");
            Assert.Equal(0m, bands[0].GetProperty("from").GetDecimal());
            Assert.Equal(JsonValueKind.Null, bands[bands.GetArrayLength() - 1].GetProperty("to").ValueKind);
            Assert.Equal($"\"{scale.RootElement.GetProperty("version").GetUInt32()}\"", one.Headers.ETag?.Tag);
        }

        // Refused, all errors at once at their paths, nothing written: a gap, a missing coefficient; a name already taken.
        var before = await app.DatabaseFingerprintAsync();
        using var gap = await Json(await hr.PostAsync("/api/scales", Body("""
            { "name": "Разрыв", "bands": [ { "to": 80, "coefficient": 0.5 }, { "from": 95, "to": 100, "coefficient": 1 }, { } ] }
            """)), HttpStatusCode.BadRequest);
        var codes = gap.RootElement.GetProperty("codes");
        Assert.True(codes.TryGetProperty("bands[1].from", out _), codes.ToString());
        Assert.Equal("request.required", codes.GetProperty("bands[2].coefficient")[0].GetString());
        using var taken = await Json(await hr.PostAsync("/api/scales", Body($$"""{ "name": "{{DemoData.Table3ScaleName}}", "bands": [ { "coefficient": 1 } ] }""")), HttpStatusCode.BadRequest);
        Assert.Equal("name.taken", taken.RootElement.GetProperty("codes").GetProperty("name")[0].GetString());
        using var wrongKind = await Json(await hr.PostAsync("/api/scales", Body("""{ "name": "x", "bands": [ { "coefficient": "много" } ] }""")), HttpStatusCode.BadRequest);
        Assert.Equal("api.wrong_kind", wrongKind.RootElement.GetProperty("codes").GetProperty("bands[0].coefficient")[0].GetString());
        Assert.Contains("Заполните", gap.RootElement.GetProperty("errors").GetProperty("bands[2].coefficient")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await app.DatabaseFingerprintAsync());

        // In the request's language.
        var english = await app.BearerClientAsync(DemoData.HrEmail, "en-US");
        using var inEnglish = await Json(await english.PostAsync("/api/scales", Body("""{ "bands": [ { "coefficient": 1 } ] }""")), HttpStatusCode.BadRequest);
        Assert.Equal("The data has errors: fix the fields listed.", inEnglish.RootElement.GetProperty("title").GetString());
        Assert.Equal("name.required", inEnglish.RootElement.GetProperty("codes").GetProperty("name")[0].GetString());

        using var created = await hr.PostAsync("/api/scales", Body("""
            { "name": "Три уровня API", "cap": 1.5, "bands": [ { "to": 80, "coefficient": 0.5 }, { "to": 100, "toInclusive": true, "coefficient": 1 }, { "coefficient": 1.5 } ] }
            """));
        using var createdJson = await Json(created, HttpStatusCode.Created);
        var id = createdJson.RootElement.GetProperty("id").GetInt32();
        Assert.Equal($"/api/scales/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal(80m, createdJson.RootElement.GetProperty("bands")[1].GetProperty("from").GetDecimal());
        var etag = created.Headers.ETag!.Tag;

        // Replacing needs the ETag: none 428, a stale one 412, both writing nothing; the right one saves.
        const string replacement = """{ "name": "Три уровня API", "bands": [ { "to": 90, "coefficient": 0 }, { "coefficient": 1 } ] }""";
        before = await app.DatabaseFingerprintAsync();
        Assert.Equal(HttpStatusCode.PreconditionRequired, (await hr.PutAsync($"/api/scales/{id}", Body(replacement))).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await Put(hr, $"/api/scales/{id}", replacement, "\"1\"")).StatusCode);
        Assert.Equal(before, await app.DatabaseFingerprintAsync());
        using var replaced = await Put(hr, $"/api/scales/{id}", replacement, etag);
        using var replacedJson = await Json(replaced);
        Assert.Equal(2, replacedJson.RootElement.GetProperty("bands").GetArrayLength());
        Assert.NotEqual(etag, replaced.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await Put(hr, $"/api/scales/{id}", replacement, etag)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Put(hr, $"/api/scales/{id}", replacement, "*")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await hr.GetAsync("/api/scales/987654")).StatusCode);
    }

    [Fact]
    public async Task HR_reads_a_schemes_versions_and_adds_one_from_next_month_and_a_taken_month_or_bad_scheme_writes_nothing()
    {
        var hr = await app.BearerClientAsync(DemoData.HrEmail);
        var position = await SalesPositionAsync();
        var scaleId = await ScaleIdAsync();

        using var list = await Json(await hr.GetAsync("/api/schemes"));
        var sales = list.RootElement.GetProperty("items").EnumerateArray().Single(s => s.GetProperty("id").GetInt32() == position);
        Assert.Equal(DemoData.SalesManagerPosition, sales.GetProperty("position").GetString());
        Assert.True(sales.GetProperty("versions").GetInt32() >= 1);

        using var scheme = await Json(await hr.GetAsync($"/api/schemes/{position}"));
        var versions = scheme.RootElement.GetProperty("versions");
        var current = versions.EnumerateArray().Single(v => v.GetProperty("inForce").GetBoolean());
        Assert.Equal(100m, current.GetProperty("kpis").EnumerateArray().Sum(k => k.GetProperty("weight").GetDecimal()));
        Assert.True(current.GetProperty("kpis")[0].GetProperty("scale").GetProperty("bands").GetArrayLength() > 1);
        Assert.Equal("ratio", current.GetProperty("kpis")[0].GetProperty("measurement").GetString());

        var body = $$"""
            { "effectiveFrom": "{{NextMonth}}", "name": "Продажи API", "fixed": 16000, "plannedVariable": 14000,
              "bonus": { "kind": "entered" },
              "kpis": [
                { "name": "Объём продаж", "kpiCode": "sales_volume", "weight": 60, "scaleId": {{scaleId}} },
                { "name": "Новые клиенты", "kpiCode": "new_clients", "weight": 30, "scale": { "bands": [ { "to": 100, "coefficient": 0 }, { "coefficient": 1 } ] } },
                { "name": "Мероприятие", "weight": 10, "oneOff": { "from": "{{TestClock.NextMonth:yyyy-MM-dd}}", "to": "{{TestClock.NextMonth.AddDays(20):yyyy-MM-dd}}" },
                  "scale": { "bands": [ { "to": 100, "coefficient": 0 }, { "coefficient": 1 } ] } } ] }
            """;

        // A bad scheme: every error at its path, nothing written.
        var before = await app.DatabaseFingerprintAsync();
        using var bad = await Json(await hr.PostAsync($"/api/schemes/{position}/versions", Body("""
            { "effectiveFrom": "2026-13", "name": "Плохая", "fixed": 10000,
              "kpis": [ { "name": "A", "weight": 50, "measurement": "guess", "scale": { "bands": [ { "to": 50, "coefficient": 0 }, { "from": 60, "coefficient": 1 } ] } },
                        { "name": "B", "weight": 40 }, { "name": "C", "weight": 10, "scaleId": 987654 } ] }
            """)), HttpStatusCode.BadRequest);
        var codes = bad.RootElement.GetProperty("codes");
        Assert.Equal("api.bad_month", codes.GetProperty("effectiveFrom")[0].GetString());
        Assert.Equal("request.required", codes.GetProperty("plannedVariable")[0].GetString());
        Assert.Equal("api.unknown_value", codes.GetProperty("kpis[0].measurement")[0].GetString());
        Assert.True(codes.TryGetProperty("kpis[0].scale.bands[1].from", out _), codes.ToString());
        Assert.Equal("request.required", codes.GetProperty("kpis[1].scale")[0].GetString());
        Assert.Equal("api.unknown_scale", codes.GetProperty("kpis[2].scaleId")[0].GetString());
        using var weights = await Json(await hr.PostAsync($"/api/schemes/{position}/versions", Body(body.Replace("\"weight\": 60", "\"weight\": 50", StringComparison.Ordinal))), HttpStatusCode.BadRequest);
        Assert.Equal("scheme.weights_sum", weights.RootElement.GetProperty("codes").GetProperty("kpis")[0].GetString());
        Assert.Equal(before, await app.DatabaseFingerprintAsync());

        using var created = await Json(await hr.PostAsync($"/api/schemes/{position}/versions", Body(body)), HttpStatusCode.Created);
        var version = created.RootElement.GetProperty("version");
        Assert.Equal($"{NextMonth}-01", version.GetProperty("effectiveFrom").GetString());
        Assert.Equal(DemoData.HrEmail, version.GetProperty("updatedBy").GetString());
        Assert.Equal("entered", version.GetProperty("bonus").GetProperty("kind").GetString());
        Assert.NotNull(version.GetProperty("kpis")[2].GetProperty("oneOff").GetProperty("to").GetString());

        using var after = await Json(await hr.GetAsync($"/api/schemes/{position}"));
        var all = after.RootElement.GetProperty("versions").EnumerateArray().ToList();
        Assert.Equal(versions.GetArrayLength() + 1, all.Count);
        Assert.Equal(TestClock.NextMonth.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), all[^2].GetProperty("effectiveTo").GetString());

        // The same month again: refused as the designer refuses it, at effectiveFrom, nothing written.
        before = await app.DatabaseFingerprintAsync();
        using var again = await Json(await hr.PostAsync($"/api/schemes/{position}/versions", Body(body)), HttpStatusCode.BadRequest);
        Assert.Equal("scheme.version_date_taken", again.RootElement.GetProperty("codes").GetProperty("effectiveFrom")[0].GetString());
        Assert.Equal(before, await app.DatabaseFingerprintAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await hr.PostAsync("/api/schemes/987654/versions", Body(body))).StatusCode);

        // A version as read is a body: sent back from a later month it makes the same scheme (bands copied, kinds kept).
        var read = System.Text.Json.Nodes.JsonNode.Parse(current.GetRawText())!;
        read["effectiveFrom"] = TestClock.NextMonth.AddMonths(1).ToString("yyyy-MM-01", System.Globalization.CultureInfo.InvariantCulture);
        using var copied = await Json(await hr.PostAsync($"/api/schemes/{position}/versions", Body(read.ToJsonString())), HttpStatusCode.Created);
        var copy = copied.RootElement.GetProperty("version");
        Assert.Equal(current.GetProperty("kpis").GetRawText(), copy.GetProperty("kpis").GetRawText());
        Assert.Equal(current.GetProperty("fixed").GetDecimal(), copy.GetProperty("fixed").GetDecimal());
    }

    [Fact]
    public async Task Managers_employees_and_keys_without_the_scope_get_403_a_design_key_writes_and_a_revoked_key_gets_401()
    {
        var position = await SalesPositionAsync();
        var version = $$"""
            { "effectiveFrom": "{{NextMonth}}", "name": "Ключ", "fixed": 15000, "plannedVariable": 15000,
              "kpis": [ { "name": "Объём продаж", "kpiCode": "sales_volume", "weight": 100, "scaleId": {{await ScaleIdAsync()}} } ] }
            """;
        foreach (var email in new[] { DemoData.ManagerEmail, DemoData.EmployeeEmail })
        {
            var client = await app.BearerClientAsync(email);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/scales")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/api/schemes/{position}")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync($"/api/schemes/{position}/versions", Body(version))).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync("/api/scales", Body("""{ "name": "x", "bands": [ { "coefficient": 1 } ] }"""))).StatusCode);
        }

        var (_, read) = await KeyAsync("BI: чтение", ApiKeyScope.Read);
        var (_, limited) = await KeyAsync("BI: продажи", ApiKeyScope.Read, await SalesDepartmentAsync());
        var (designKey, design) = await KeyAsync("Конструктор схем", ApiKeyScope.Design);
        Assert.Equal(HttpStatusCode.OK, (await KeyClient(read).GetAsync($"/api/schemes/{position}")).StatusCode); // records the key's last use
        var before = await app.DatabaseFingerprintAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await KeyClient(read).PostAsync($"/api/schemes/{position}/versions", Body(version))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await KeyClient(limited).GetAsync("/api/scales")).StatusCode);
        Assert.Equal(before, await app.DatabaseFingerprintAsync());

        using var created = await Json(await KeyClient(design).PostAsync($"/api/schemes/{position}/versions", Body(version)), HttpStatusCode.Created);
        Assert.Equal("api-key:Конструктор схем", created.RootElement.GetProperty("version").GetProperty("updatedBy").GetString());

        await using (var services = app.Services.CreateAsyncScope())
        {
            Assert.True(await services.ServiceProvider.GetRequiredService<ApiKeysService>().RevokeAsync(await app.ActorAsync(DemoData.OwnerEmail), designKey));
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await KeyClient(design).GetAsync("/api/scales")).StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_describes_each_operation_with_an_example_and_its_errors()
    {
        var hr = await app.BearerClientAsync(DemoData.HrEmail);
        using var document = await Json(await hr.GetAsync("/openapi/v1.json"));
        var paths = document.RootElement.GetProperty("paths");
        var operations = new (string Path, string Method, string Id, string[] Statuses)[]
        {
            ("/api/scales", "get", "ListScales", ["200", "401", "403"]),
            ("/api/scales", "post", "CreateScale", ["201", "400", "401", "403"]),
            ("/api/scales/{id}", "get", "GetScale", ["200", "401", "403", "404"]),
            ("/api/scales/{id}", "put", "ReplaceScale", ["200", "400", "401", "403", "404", "412", "428"]),
            ("/api/schemes", "get", "ListSchemes", ["200", "401", "403"]),
            ("/api/schemes/{id}", "get", "GetScheme", ["200", "401", "403", "404"]),
            ("/api/schemes/{id}/versions", "post", "CreateSchemeVersion", ["201", "400", "401", "403", "404", "409"]),
            ("/api/periods/{month}/adjustments", "get", "ListAdjustments", ["200", "400", "401", "403"]),
            ("/api/periods/{month}/adjustments", "post", "AddAdjustment", ["200", "400", "401", "403", "409"]),
            ("/api/periods/{month}/bonuses", "get", "ListEnteredBonuses", ["200", "400", "401", "403"]),
            ("/api/periods/{month}/bonuses/{employeeId}", "put", "SetEnteredBonus", ["200", "400", "401", "403", "409"]),
        };
        foreach (var (path, method, id, statuses) in operations)
        {
            Assert.True(paths.TryGetProperty(path, out var item), $"{path} is not in the document");
            Assert.True(item.TryGetProperty(method, out var operation), $"{method} {path} is not in the document");
            Assert.Equal(id, operation.GetProperty("operationId").GetString());
            Assert.False(string.IsNullOrWhiteSpace(operation.GetProperty("summary").GetString()));
            foreach (var status in statuses)
            {
                Assert.True(operation.GetProperty("responses").TryGetProperty(status, out _), $"{method} {path}: no {status}");
            }

            if (method is "post" or "put")
            {
                Assert.True(operation.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").TryGetProperty("example", out _),
                    $"{method} {path}: no example body");
            }
        }
    }

    private static async Task<HttpResponseMessage> Put(HttpClient client, string url, string json, string ifMatch)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = Body(json) };
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return await client.SendAsync(request);
    }

    private async Task<(int Id, string Secret)> KeyAsync(string name, ApiKeyScope scope, int? department = null)
    {
        await using var services = app.Services.CreateAsyncScope();
        var result = await services.ServiceProvider.GetRequiredService<ApiKeysService>().CreateAsync(await app.ActorAsync(DemoData.OwnerEmail), name, scope, department);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Values));
        return (result.Key!.Id, result.Secret!);
    }

    private HttpClient KeyClient(string secret)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return client;
    }

    private async Task<int> SalesPositionAsync()
    {
        await using var db = app.CreateDbContext();
        return await db.Positions.Where(p => p.Name == DemoData.SalesManagerPosition).Select(p => p.Id).SingleAsync();
    }

    private async Task<int> SalesDepartmentAsync()
    {
        await using var db = app.CreateDbContext();
        return await db.Departments.Where(d => d.Name == DemoData.SalesDepartmentName).Select(d => d.Id).SingleAsync();
    }

    private async Task<int> ScaleIdAsync()
    {
        await using var db = app.CreateDbContext();
        return await db.Scales.Where(s => s.Name == DemoData.Table3ScaleName).Select(s => s.Id).SingleAsync();
    }
}
