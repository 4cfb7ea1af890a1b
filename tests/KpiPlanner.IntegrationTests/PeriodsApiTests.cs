using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using KpiPlanner.Domain.Audit;
using KpiPlanner.Domain.Planning;
using KpiPlanner.Infrastructure.Demo;
using KpiPlanner.Testing;
using Microsoft.EntityFrameworkCore;

namespace KpiPlanner.IntegrationTests;

/// <summary>
/// The pay run over HTTP (<c>/api/periods/{yyyy-MM}</c>): a month calculated, approved, closed and re-opened through
/// the pay page's own service calls, with its audit log; every wrong step a 409 (a missing reason a 400) that leaves
/// the database as it was. The demo's this month is open, next month untouched, last month closed.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class PeriodsApiTests(KpiAppFactory app) : IAsyncLifetime
{
    private static readonly string ThisMonth = Period.Key(TestClock.ThisMonth);
    private static readonly string NextMonth = Period.Key(TestClock.NextMonth);
    private static readonly string LastMonth = Period.Key(TestClock.LastMonth);

    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task HR_runs_a_month_over_http_calculate_approve_close_and_reopen_each_step_in_the_audit_log()
    {
        var hr = await app.BearerClientAsync(DemoData.HrEmail);

        using var open = await Json(await hr.GetAsync($"/api/periods/{ThisMonth}"));
        Assert.Equal("open", open.RootElement.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, open.RootElement.GetProperty("calculated").ValueKind);

        using var calculated = await Json(await Post(hr, "calculate"), HttpStatusCode.OK);
        var lines = calculated.RootElement.GetProperty("lines").GetInt32();
        Assert.True(lines > 10, $"{lines} lines");
        var period = calculated.RootElement.GetProperty("period");
        Assert.Equal("calculated", period.GetProperty("status").GetString());
        Assert.Equal(DemoData.HrEmail, period.GetProperty("calculated").GetProperty("by").GetString());
        Assert.False(period.GetProperty("stale").GetBoolean());
        Assert.Equal(lines, period.GetProperty("lines").GetInt32());

        using var approved = await Json(await Post(hr, "approve"), HttpStatusCode.OK);
        Assert.Equal("approved", approved.RootElement.GetProperty("status").GetString());
        Assert.Equal(DemoData.HrEmail, approved.RootElement.GetProperty("approved").GetProperty("by").GetString());

        // This month is not over (today is in it): closing needs the explicit "close early", and it changes nothing without it.
        var before = await app.DatabaseFingerprintAsync();
        using var refused = await Json(await Post(hr, "close", "{}"), HttpStatusCode.Conflict);
        Assert.Contains(refused.RootElement.GetProperty("code").GetString(), new[] { "period.not_over", "period.missing_facts" });
        Assert.Equal("approved", refused.RootElement.GetProperty("periodStatus").GetString());
        Assert.Equal(before, await app.DatabaseFingerprintAsync());

        using var closed = await Json(await Post(hr, "close", """{ "countMissingAsZero": true, "closeEarly": true }"""), HttpStatusCode.OK);
        Assert.Equal("closed", closed.RootElement.GetProperty("status").GetString());
        Assert.Equal(DemoData.HrEmail, closed.RootElement.GetProperty("closed").GetProperty("by").GetString());

        // A closed month's facts are refused by the facts API, as before.
        using var fact = await hr.PutAsJsonAsync($"/api/periods/{ThisMonth}/facts", new { facts = new[] { new { employee = "0101", kpi = "sales_volume", value = 1m } } });
        Assert.Equal(HttpStatusCode.Conflict, fact.StatusCode);

        using var reopened = await Json(await Post(hr, "reopen", """{ "reason": "Факты продаж исправлены по данным 1С" }"""), HttpStatusCode.OK);
        Assert.Equal("calculated", reopened.RootElement.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, reopened.RootElement.GetProperty("closed").ValueKind);

        await using var db = app.CreateDbContext();
        var audit = await db.AuditLog.AsNoTracking().Where(a => a.Month == TestClock.ThisMonth).OrderBy(a => a.Id).ToListAsync();
        var steps = audit.Where(a => a.Action is AuditAction.PeriodCalculated or AuditAction.PeriodApproved or AuditAction.PeriodClosed or AuditAction.PeriodReopened).ToList();
        Assert.Equal([AuditAction.PeriodCalculated, AuditAction.PeriodApproved, AuditAction.PeriodClosed, AuditAction.PeriodReopened], steps.Select(a => a.Action));
        Assert.All(steps, a => Assert.Equal(DemoData.HrEmail, a.By));
        Assert.Equal("Факты продаж исправлены по данным 1С", steps[^1].Reason);
        Assert.Contains(audit, a => a.Action == AuditAction.ClosedBeforeMonthEnd);
    }

    [Fact]
    public async Task A_wrong_lifecycle_step_is_a_409_naming_why_and_changes_nothing()
    {
        var hr = await app.BearerClientAsync(DemoData.HrEmail);
        var english = await app.BearerClientAsync(DemoData.OwnerEmail, "en-US");
        var before = await app.DatabaseFingerprintAsync();

        var cases = new (HttpClient Client, string Month, string Step, string Body, string Code)[]
        {
            (hr, NextMonth, "approve", "", "period.not_calculated"),
            (hr, NextMonth, "close", """{ "countMissingAsZero": true, "closeEarly": true }""", "period.not_calculated"),
            (hr, NextMonth, "reopen", """{ "reason": "проверка" }""", "period.not_calculated"),
            (hr, ThisMonth, "approve", "", "period.not_calculated"),
            (hr, ThisMonth, "close", "{}", "period.not_"), // not calculated, or open and so not approved
            (hr, LastMonth, "calculate", "", "period.closed"),
            (hr, LastMonth, "approve", "", "period.closed"),
            (hr, LastMonth, "revoke-approval", """{ "reason": "проверка" }""", "period.closed"),
            (english, LastMonth, "close", "{}", "period.closed"),
        };
        foreach (var (client, month, step, body, code) in cases)
        {
            using var response = await client.PostAsync($"/api/periods/{month}/{step}", Body(body));
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Conflict, $"{step} {month}: {(int)response.StatusCode} {text}");
            using var problem = JsonDocument.Parse(text);
            Assert.StartsWith(code, problem.RootElement.GetProperty("code").GetString(), StringComparison.Ordinal);
            Assert.Equal(month, problem.RootElement.GetProperty("month").GetString());
            Assert.False(string.IsNullOrWhiteSpace(problem.RootElement.GetProperty("detail").GetString()));
        }

        Assert.Equal(before, await app.DatabaseFingerprintAsync());

        // In the request's language.
        using var ru = await Json(await Post(hr, "approve", month: LastMonth), HttpStatusCode.Conflict);
        Assert.Contains("закрыт", ru.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        using var en = await Json(await Post(english, "approve", month: LastMonth), HttpStatusCode.Conflict);
        Assert.Contains("is closed", en.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("This step of the month cannot be taken now", en.RootElement.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Closing_with_facts_missing_lists_who_misses_what_and_a_calculated_month_cannot_be_calculated_once_approved()
    {
        var hr = await app.BearerClientAsync(DemoData.HrEmail);
        Assert.Equal(HttpStatusCode.OK, (await Post(hr, "calculate")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Post(hr, "approve")).StatusCode);
        var before = await app.DatabaseFingerprintAsync();

        // The demo's newcomer, hired on the 1st of this month, has reported nothing yet.
        using var missing = await Json(await Post(hr, "close", """{ "closeEarly": true }"""), HttpStatusCode.Conflict);
        Assert.Equal("period.missing_facts", missing.RootElement.GetProperty("code").GetString());
        Assert.Contains(missing.RootElement.GetProperty("missing").EnumerateArray(),
            m => m.GetProperty("personnelNumber").GetString() == DemoData.NewcomerNumber && m.GetProperty("kpis").GetArrayLength() > 0);
        using var recalculate = await Json(await Post(hr, "calculate"), HttpStatusCode.Conflict);
        Assert.Equal("period.approved", recalculate.RootElement.GetProperty("code").GetString());
        Assert.Equal(before, await app.DatabaseFingerprintAsync());

        using var revoked = await Json(await Post(hr, "revoke-approval", """{ "reason": "Пересчитать после исправления фактов" }"""), HttpStatusCode.OK);
        Assert.Equal("calculated", revoked.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Bad_months_bodies_and_reasons_get_400_at_their_field_and_change_nothing()
    {
        var hr = await app.BearerClientAsync(DemoData.HrEmail);
        Assert.Equal(HttpStatusCode.OK, (await Post(hr, "calculate")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Post(hr, "approve")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Post(hr, "close", """{ "countMissingAsZero": true, "closeEarly": true }""")).StatusCode);
        var before = await app.DatabaseFingerprintAsync();

        var cases = new (string Url, string? Body, string Path, string Code)[]
        {
            ("/api/periods/2026-13/calculate", "", "month", "api.bad_month"),
            ("/api/periods/9999-01/approve", "", "month", "api.bad_month"),
            ($"/api/periods/{ThisMonth}/reopen", "{}", "reason", "reason.required"),
            ($"/api/periods/{ThisMonth}/reopen", null, "reason", "reason.required"),
            ($"/api/periods/{ThisMonth}/reopen", """{ "reason": "   " }""", "reason", "reason.required"),
            ($"/api/periods/{ThisMonth}/reopen", """{ "reason": 5 }""", "reason", "request.not_a_string"),
            ($"/api/periods/{ThisMonth}/reopen", "{ \"reason\": \"" + new string('x', 1001) + "\" }", "reason", "reason.too_long"),
            ($"/api/periods/{ThisMonth}/close", """{ "closeEarly": "yes" }""", "closeEarly", "request.not_a_boolean"),
            ($"/api/periods/{ThisMonth}/reopen", """{ "reason": """, "*", "request.malformed_json"),
            ($"/api/periods/{ThisMonth}/reopen", "[]", "", "request.not_an_object"),
        };
        foreach (var (url, body, path, code) in cases)
        {
            using var response = await hr.PostAsync(url, body is null ? null : Body(body));
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{url} {body}: {(int)response.StatusCode} {text}");
            using var problem = JsonDocument.Parse(text);
            var errors = problem.RootElement.GetProperty("errors");
            var at = path == "*" ? errors.EnumerateObject().First().Name : path;
            Assert.True(errors.TryGetProperty(at, out var messages), text);
            Assert.False(string.IsNullOrWhiteSpace(messages[0].GetString()));
            Assert.Equal(code, problem.RootElement.GetProperty("codes").GetProperty(at)[0].GetString());
        }

        using var plain = await hr.PostAsync($"/api/periods/{ThisMonth}/reopen", new StringContent("reason=x", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, plain.StatusCode);
        Assert.Equal(before, await app.DatabaseFingerprintAsync());

        using var en = await app.BearerClientAsync(DemoData.HrEmail, "en-US");
        using var english = await Json(await en.PostAsync($"/api/periods/{ThisMonth}/reopen", Body("{}")), HttpStatusCode.BadRequest);
        Assert.Contains("reason", english.RootElement.GetProperty("errors").GetProperty("reason")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_HR_and_the_owner_see_where_a_month_stands_and_take_its_steps()
    {
        foreach (var email in new[] { DemoData.ManagerEmail, DemoData.EmployeeEmail })
        {
            var client = await app.BearerClientAsync(email);
            var before = await app.DatabaseFingerprintAsync();
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/api/periods/{ThisMonth}")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await Post(client, "calculate")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await Post(client, "reopen", """{ "reason": "x" }""", LastMonth)).StatusCode);
            Assert.Equal(before, await app.DatabaseFingerprintAsync());
        }

        var owner = await app.BearerClientAsync(DemoData.OwnerEmail);
        using var last = await Json(await owner.GetAsync($"/api/periods/{LastMonth}"), HttpStatusCode.OK);
        Assert.Equal("closed", last.RootElement.GetProperty("status").GetString());
        Assert.True(last.RootElement.GetProperty("lines").GetInt32() > 0);
        Assert.True(last.RootElement.GetProperty("total").GetDecimal() > 0m);
        Assert.Equal(JsonValueKind.Object, last.RootElement.GetProperty("closed").ValueKind);
    }

    [Fact]
    public async Task The_openapi_document_describes_each_step_with_its_errors_and_examples()
    {
        var client = await app.BearerClientAsync(DemoData.HrEmail);
        using var document = await Json(await client.GetAsync("/openapi/v1.json"));
        var paths = document.RootElement.GetProperty("paths");

        var close = paths.GetProperty("/api/periods/{month}/close").GetProperty("post");
        Assert.Equal("ClosePeriod", close.GetProperty("operationId").GetString());
        Assert.True(close.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").TryGetProperty("example", out _));
        var responses = close.GetProperty("responses");
        foreach (var status in new[] { "200", "400", "401", "403", "409" })
        {
            Assert.True(responses.TryGetProperty(status, out _), $"close: no {status}");
        }

        Assert.Equal("period.not_approved", responses.GetProperty("409").GetProperty("content").EnumerateObject().First().Value.GetProperty("example").GetProperty("code").GetString());
        Assert.True(paths.GetProperty("/api/periods/{month}").GetProperty("get").GetProperty("responses").GetProperty("200").GetProperty("content")
            .GetProperty("application/json").TryGetProperty("example", out _));
        foreach (var path in new[] { "/api/periods/{month}/pay-lines", "/api/departments", "/api/positions", "/api/employees", "/api/employees/{id}" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is not in the document");
        }
    }

    private static Task<HttpResponseMessage> Post(HttpClient client, string step, string body = "", string? month = null) =>
        client.PostAsync($"/api/periods/{month ?? ThisMonth}/{step}", Body(body));

    private static StringContent Body(string json) =>
        json.Length == 0 ? new StringContent(string.Empty) : new StringContent(json, Encoding.UTF8, "application/json");

    internal static async Task<JsonDocument> Json(HttpResponseMessage response, HttpStatusCode? expected = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == (expected ?? HttpStatusCode.OK), $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text);
    }
}
