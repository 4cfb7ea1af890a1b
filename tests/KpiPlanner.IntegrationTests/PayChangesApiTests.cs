using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using KpiPlanner.Domain.Audit;
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
/// Adjustments and entered bonuses over HTTP (<c>/api/periods/{month}/adjustments</c>, <c>…/bonuses</c>) through the
/// pay page's own service: added with a reason, seen in the pay lines and the audit log; refused on a closed month
/// with 409, a missing reason with 400 at reason, and for those without the duty with 403 — each writing nothing.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class PayChangesApiTests(KpiAppFactory app) : IAsyncLifetime
{
    private static readonly string ThisMonth = Period.Key(TestClock.ThisMonth);
    private static readonly string NextMonth = Period.Key(TestClock.NextMonth);
    private static readonly string LastMonth = Period.Key(TestClock.LastMonth);

    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task HR_adds_an_adjustment_seen_in_the_pay_lines_and_audit_and_a_closed_month_or_a_missing_reason_writes_nothing()
    {
        var hr = await app.BearerClientAsync(DemoData.HrEmail);
        var employee = await EmployeeAsync("0103");
        Assert.Equal(HttpStatusCode.OK, (await hr.PostAsync($"/api/periods/{ThisMonth}/calculate", Body("{}"))).StatusCode);

        var before = await app.DatabaseFingerprintAsync();
        var refused = new (string Month, string Json, HttpStatusCode Status, string Path, string Code)[]
        {
            (ThisMonth, $$"""{ "employeeId": {{employee}}, "amount": -1500 }""", HttpStatusCode.BadRequest, "reason", "reason.required"),
            (ThisMonth, $$"""{ "employeeId": {{employee}}, "amount": 0, "reason": "ноль" }""", HttpStatusCode.BadRequest, "amount", "adjustment.zero"),
            (ThisMonth, """{ "amount": 100, "reason": "кому?" }""", HttpStatusCode.BadRequest, "employeeId", "request.required"),
            (ThisMonth, $$"""{ "employeeId": "{{employee}}x", "amount": 100, "reason": "x" }""", HttpStatusCode.BadRequest, "employeeId", "api.wrong_kind"),
            (LastMonth, $$"""{ "employeeId": {{employee}}, "amount": -1500, "reason": "Удержание" }""", HttpStatusCode.Conflict, "code", "period.closed"),
            (NextMonth, $$"""{ "employeeId": {{employee}}, "amount": -1500, "reason": "Удержание" }""", HttpStatusCode.Conflict, "code", "period.not_calculated"),
        };
        foreach (var (month, json, status, path, code) in refused)
        {
            using var problem = await Json(await hr.PostAsync($"/api/periods/{month}/adjustments", Body(json)), status);
            var actual = status == HttpStatusCode.Conflict
                ? problem.RootElement.GetProperty("code").GetString()
                : problem.RootElement.GetProperty("codes").GetProperty(path)[0].GetString();
            Assert.True(code == actual, $"{month} {json}: {actual}");
        }

        Assert.Equal(before, await app.DatabaseFingerprintAsync());

        using var added = await Json(await hr.PostAsync($"/api/periods/{ThisMonth}/adjustments",
            Body($$"""{ "employeeId": {{employee}}, "amount": -1500.50, "reason": "Удержание за ноутбук" }""")));
        Assert.Equal("calculated", added.RootElement.GetProperty("status").GetString());

        using var lines = await Json(await hr.GetAsync($"/api/periods/{ThisMonth}/pay-lines?pageSize=1000"));
        var line = lines.RootElement.GetProperty("items").EnumerateArray().Single(l => l.GetProperty("employeeId").GetInt32() == employee);
        Assert.Equal(-1500.50m, line.GetProperty("adjustments").GetDecimal());
        Assert.Equal("Удержание за ноутбук", line.GetProperty("adjustmentList")[0].GetProperty("reason").GetString());

        using var list = await Json(await hr.GetAsync($"/api/periods/{ThisMonth}/adjustments"));
        var item = list.RootElement.GetProperty("items").EnumerateArray().Single();
        Assert.Equal("0103", item.GetProperty("personnelNumber").GetString());
        Assert.Equal(DemoData.HrEmail, item.GetProperty("by").GetString());

        await using var db = app.CreateDbContext();
        var audit = await db.AuditLog.AsNoTracking().SingleAsync(a => a.Month == TestClock.ThisMonth && a.Action == AuditAction.AdjustmentAdded);
        Assert.Equal((DemoData.HrEmail, employee, "Удержание за ноутбук"), (audit.By, audit.EmployeeId!.Value, audit.Reason));
    }

    [Fact]
    public async Task The_owner_managers_employees_and_a_read_key_get_403_a_payrun_key_adjusts_under_its_name_and_a_revoked_one_gets_401()
    {
        var hr = await app.BearerClientAsync(DemoData.HrEmail);
        var employee = await EmployeeAsync("0103");
        Assert.Equal(HttpStatusCode.OK, (await hr.PostAsync($"/api/periods/{ThisMonth}/calculate", Body("{}"))).StatusCode);
        var json = $$"""{ "employeeId": {{employee}}, "amount": 700, "reason": "Доплата за наставничество" }""";

        var (_, read) = await KeyAsync("BI", ApiKeyScope.Read);
        var others = new List<HttpClient>();
        foreach (var email in new[] { DemoData.OwnerEmail, DemoData.ManagerEmail, DemoData.EmployeeEmail })
        {
            others.Add(await app.BearerClientAsync(email));
        }

        var before = await app.DatabaseFingerprintAsync();
        foreach (var client in others)
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync($"/api/periods/{ThisMonth}/adjustments", Body(json))).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PutAsync($"/api/periods/{ThisMonth}/bonuses/{employee}", Body("""{ "amount": 1 }"""))).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await KeyClient(read).PostAsync($"/api/periods/{ThisMonth}/adjustments", Body(json))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await KeyClient(read).GetAsync($"/api/periods/{ThisMonth}/adjustments")).StatusCode);
        Assert.Equal(before, await app.DatabaseFingerprintAsync());

        var (payRunKey, payRun) = await KeyAsync("1С: зарплата", ApiKeyScope.PayRun);
        Assert.Equal(HttpStatusCode.OK, (await KeyClient(payRun).PostAsync($"/api/periods/{ThisMonth}/adjustments", Body(json))).StatusCode);
        using var list = await Json(await KeyClient(payRun).GetAsync($"/api/periods/{ThisMonth}/adjustments"));
        Assert.Equal("api-key:1С: зарплата", list.RootElement.GetProperty("items")[0].GetProperty("by").GetString());

        // The four-eyes rule counts the key: having changed the month by hand, it cannot approve it alone; HR can.
        using var fourEyes = await Json(await KeyClient(payRun).PostAsync($"/api/periods/{ThisMonth}/approve", Body("{}")), HttpStatusCode.Conflict);
        Assert.Equal("period.four_eyes", fourEyes.RootElement.GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, (await hr.PostAsync($"/api/periods/{ThisMonth}/approve", Body("{}"))).StatusCode);

        await using (var services = app.Services.CreateAsyncScope())
        {
            Assert.True(await services.ServiceProvider.GetRequiredService<ApiKeysService>().RevokeAsync(await app.ActorAsync(DemoData.OwnerEmail), payRunKey));
        }

        before = await app.DatabaseFingerprintAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, (await KeyClient(payRun).PostAsync($"/api/periods/{ThisMonth}/adjustments", Body(json))).StatusCode);
        Assert.Equal(before, await app.DatabaseFingerprintAsync());
    }

    [Fact]
    public async Task A_bonus_entered_for_a_scheme_that_takes_one_counts_from_the_next_calculation_and_is_refused_for_one_that_does_not()
    {
        var hr = await app.BearerClientAsync(DemoData.HrEmail);
        var employee = await EmployeeAsync("0103");
        await using (var db = app.CreateDbContext())
        {
            var position = await db.Positions.Where(p => p.Name == DemoData.SalesManagerPosition).Select(p => p.Id).SingleAsync();
            var scale = await db.Scales.Where(s => s.Name == DemoData.Table3ScaleName).Select(s => s.Id).SingleAsync();
            using var created = await hr.PostAsync($"/api/schemes/{position}/versions", Body($$"""
                { "effectiveFrom": "{{NextMonth}}", "name": "С премией", "fixed": 15000, "plannedVariable": 15000, "bonus": { "kind": "entered" },
                  "kpis": [ { "name": "Объём продаж", "kpiCode": "sales_volume", "weight": 50, "scaleId": {{scale}} },
                            { "name": "Новые клиенты", "kpiCode": "new_clients", "weight": 50, "scaleId": {{scale}} } ] }
                """));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await hr.PostAsync($"/api/periods/{NextMonth}/calculate", Body("{}"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await hr.PostAsync($"/api/periods/{ThisMonth}/calculate", Body("{}"))).StatusCode);

        var before = await app.DatabaseFingerprintAsync();
        using var notEntered = await Json(await hr.PutAsync($"/api/periods/{ThisMonth}/bonuses/{employee}", Body("""{ "amount": 5000 }""")), HttpStatusCode.BadRequest);
        Assert.Equal("api.bonus_not_entered", notEntered.RootElement.GetProperty("codes").GetProperty("employeeId")[0].GetString());
        using var negative = await Json(await hr.PutAsync($"/api/periods/{NextMonth}/bonuses/{employee}", Body("""{ "amount": -1 }""")), HttpStatusCode.BadRequest);
        Assert.True(negative.RootElement.GetProperty("codes").TryGetProperty("amount", out _), negative.RootElement.ToString());
        Assert.Equal(before, await app.DatabaseFingerprintAsync());

        using var entered = await Json(await hr.PutAsync($"/api/periods/{NextMonth}/bonuses/{employee}", Body("""{ "amount": 5000 }""")));
        Assert.True(entered.RootElement.GetProperty("stale").GetBoolean());
        using var bonuses = await Json(await hr.GetAsync($"/api/periods/{NextMonth}/bonuses"));
        Assert.Equal(5000m, bonuses.RootElement.GetProperty("items").EnumerateArray().Single().GetProperty("amount").GetDecimal());

        Assert.Equal(HttpStatusCode.OK, (await hr.PostAsync($"/api/periods/{NextMonth}/calculate", Body("{}"))).StatusCode);
        using var lines = await Json(await hr.GetAsync($"/api/periods/{NextMonth}/pay-lines?pageSize=1000"));
        Assert.Equal(5000m, lines.RootElement.GetProperty("items").EnumerateArray().Single(l => l.GetProperty("employeeId").GetInt32() == employee)
            .GetProperty("bonus").GetDecimal());
    }

    private async Task<int> EmployeeAsync(string number)
    {
        await using var db = app.CreateDbContext();
        return await db.Employees.Where(e => e.PersonnelNumber == number).Select(e => e.Id).SingleAsync();
    }

    private async Task<(int Id, string Secret)> KeyAsync(string name, ApiKeyScope scope)
    {
        await using var services = app.Services.CreateAsyncScope();
        var result = await services.ServiceProvider.GetRequiredService<ApiKeysService>().CreateAsync(await app.ActorAsync(DemoData.OwnerEmail), name, scope, null);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Values));
        return (result.Key!.Id, result.Secret!);
    }

    private HttpClient KeyClient(string secret)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return client;
    }
}
