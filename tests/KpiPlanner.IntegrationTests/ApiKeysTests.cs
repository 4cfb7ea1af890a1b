using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
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
using static KpiPlanner.IntegrationTests.FactsTestSupport;

namespace KpiPlanner.IntegrationTests;

/// <summary>
/// API keys for machines (decision 016): the owner creates a key and sees its secret once; the key calls the API as a
/// caller with its scope's duties and department subtree, decided by the same access scope as people; what it writes
/// names it; a revoked key gets 401 on its very next call; a refusal leaves no trace; only an owner manages keys.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ApiKeysTests(KpiAppFactory app) : IAsyncLifetime
{
    private static readonly string NextMonth = Period.Key(TestClock.NextMonth);

    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<(ApiKeyRow Key, string Secret)> CreateAsync(string name, ApiKeyScope scope, int? department = null)
    {
        await using var services = app.Services.CreateAsyncScope();
        var keys = services.ServiceProvider.GetRequiredService<ApiKeysService>();
        var result = await keys.CreateAsync(await app.ActorAsync(DemoData.OwnerEmail), name, scope, department);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Values));
        return (result.Key!, result.Secret!);
    }

    private async Task<bool> RevokeAsync(int id)
    {
        await using var services = app.Services.CreateAsyncScope();
        return await services.ServiceProvider.GetRequiredService<ApiKeysService>().RevokeAsync(await app.ActorAsync(DemoData.OwnerEmail), id);
    }

    private HttpClient KeyClient(string secret)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ru-RU");
        return client;
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task A_key_is_created_used_named_in_what_it_writes_and_refused_with_401_at_once_when_revoked()
    {
        var (key, secret) = await CreateAsync("1С: факты", ApiKeyScope.Figures);
        Assert.StartsWith("kpk_", secret, StringComparison.Ordinal);
        Assert.True(secret.Length >= 40);
        Assert.Equal(secret[..12], key.Prefix);
        await using (var db = app.CreateDbContext())
        {
            var row = await db.ApiKeys.AsNoTracking().SingleAsync(k => k.Id == key.Id);
            Assert.NotEqual(secret, row.SecretHash);
            Assert.Equal(ApiKeys.Hash(secret), row.SecretHash);
            Assert.Equal(64, row.SecretHash.Length);
        }

        var client = KeyClient(secret);
        using var plans = await client.PutAsync($"/api/periods/{NextMonth}/plans", Json("""{"plans":[{"employee":"0101","kpi":"sales_volume","value":500000}]}"""));
        using var facts = await client.PutAsync($"/api/periods/{NextMonth}/facts", Json("""{"facts":[{"employee":"0101","kpi":"sales_volume","value":450000}]}"""));
        Assert.Equal(HttpStatusCode.OK, plans.StatusCode);
        Assert.Equal(HttpStatusCode.OK, facts.StatusCode);
        var value = await app.ValueAsync("0101", TestClock.NextMonth, DemoData.SalesKpi);
        Assert.Equal((500_000m, 450_000m), (value!.Plan!.Value, value.Fact!.Value));
        Assert.Equal("api-key:1С: факты", value.UpdatedBy);

        // A key is no person: it cannot run the pay run with this scope, nor sign in to pages.
        using var calculate = await client.PostAsync($"/api/periods/{NextMonth}/calculate", Json("{}"));
        Assert.Equal(HttpStatusCode.Forbidden, calculate.StatusCode);

        Assert.True(await RevokeAsync(key.Id));
        var before = await app.DatabaseFingerprintAsync();
        using var refused = await client.PutAsync($"/api/periods/{NextMonth}/plans", Json("""{"plans":[{"employee":"0101","kpi":"sales_volume","value":1}]}"""));
        using var read = await client.GetAsync("/api/employees");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, read.StatusCode);
        Assert.Equal(before, await app.DatabaseFingerprintAsync());
        Assert.False(await RevokeAsync(key.Id)); // already revoked: nothing more changes

        // A made-up key of the right shape, and no key at all, get the same 401.
        using var madeUp = await KeyClient("kpk_" + new string('A', 43)).GetAsync("/api/employees");
        Assert.Equal(HttpStatusCode.Unauthorized, madeUp.StatusCode);
    }

    [Fact]
    public async Task A_key_works_through_its_last_day_then_gets_401_and_records_only_its_successful_calls()
    {
        var today = DateOnly.FromDateTime(app.Clock.GetLocalNow().Date);
        var owner = await app.ActorAsync(DemoData.OwnerEmail);
        ApiKeyCreated created;
        await using (var services = app.Services.CreateAsyncScope())
        {
            var keys = services.ServiceProvider.GetRequiredService<ApiKeysService>();
            var before = await app.DatabaseFingerprintAsync();
            var refused = await keys.CreateAsync(owner, "BI: отчёты", ApiKeyScope.Read, null, validDays: 0);
            Assert.Equal(["validity"], refused.Errors.Keys);
            Assert.Equal(before, await app.DatabaseFingerprintAsync());
            created = await keys.CreateAsync(owner, "BI: отчёты", ApiKeyScope.Read, null, validDays: 30);
        }

        Assert.Equal(today.AddDays(30), created.Key!.ExpiresOn);
        Assert.Null(created.Key.LastUsedAt);
        var client = KeyClient(created.Secret!);
        async Task<DateTimeOffset?> LastUsedAsync()
        {
            await using var db = app.CreateDbContext();
            return await db.ApiKeys.Where(k => k.Id == created.Key.Id).Select(k => k.LastUsedAt).SingleAsync();
        }

        // A refused call leaves no trace, not even "last used"; a call that succeeds records it before its answer.
        var untouched = await app.DatabaseFingerprintAsync();
        using (var bad = await client.GetAsync("/api/periods/2026-13/pay-lines"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        }

        Assert.Equal(untouched, await app.DatabaseFingerprintAsync());
        Assert.Null(await LastUsedAsync());
        using (var ok = await client.GetAsync("/api/departments"))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        Assert.NotNull(await LastUsedAsync());

        // Its last day it still works; the day after, 401 like a revoked key.
        async Task<HttpStatusCode> OnLastDayAsync(DateOnly last)
        {
            await using (var db = app.CreateDbContext())
            {
                await db.ApiKeys.Where(k => k.Id == created.Key.Id).ExecuteUpdateAsync(k => k.SetProperty(x => x.ExpiresOn, last));
            }

            using var response = await client.GetAsync("/api/departments");
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, await OnLastDayAsync(today));
        Assert.Equal(HttpStatusCode.Unauthorized, await OnLastDayAsync(today.AddDays(-1)));
    }

    [Fact]
    public async Task A_read_only_key_reads_the_organisation_and_pay_lines_and_its_writes_get_403_leaving_no_trace()
    {
        var (_, secret) = await CreateAsync("BI", ApiKeyScope.Read);
        var client = KeyClient(secret);

        using var employees = await client.GetAsync("/api/employees?pageSize=1000");
        using var departments = await client.GetAsync("/api/departments");
        using var lines = await client.GetAsync($"/api/periods/{Period.Key(TestClock.LastMonth)}/pay-lines");
        Assert.Equal(HttpStatusCode.OK, employees.StatusCode);
        Assert.Equal(HttpStatusCode.OK, departments.StatusCode);
        Assert.Equal(HttpStatusCode.OK, lines.StatusCode);
        await using (var db = app.CreateDbContext())
        {
            using var list = JsonDocument.Parse(await employees.Content.ReadAsStringAsync());
            Assert.Equal(await db.Employees.CountAsync(), list.RootElement.GetProperty("items").GetArrayLength());
        }

        var before = await app.DatabaseFingerprintAsync();
        using var plans = await client.PutAsync($"/api/periods/{NextMonth}/plans", Json("""{"plans":[{"employee":"0101","kpi":"sales_volume","value":1}]}"""));
        using var facts = await client.PutAsync($"/api/periods/{NextMonth}/facts", Json("""{"facts":[{"employee":"0101","kpi":"sales_volume","value":1}]}"""));
        using var calculate = await client.PostAsync($"/api/periods/{NextMonth}/calculate", Json("{}"));
        using var status = await client.GetAsync($"/api/periods/{NextMonth}");
        using var import = await client.PostAsync("/api/organisation/import", new MultipartFormDataContent { { new ByteArrayContent([]), "file", "o.csv" } });
        Assert.Equal(HttpStatusCode.Forbidden, plans.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, facts.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, calculate.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, status.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, import.StatusCode);
        Assert.Equal(before, await app.DatabaseFingerprintAsync());

        // The key works on the API only: a page does not take it.
        using var noRedirect = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        noRedirect.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        using var page = await noRedirect.GetAsync("/dashboard");
        Assert.True(page.StatusCode == HttpStatusCode.Unauthorized
            || (page.StatusCode == HttpStatusCode.Redirect && page.Headers.Location!.OriginalString.Contains("/account/login", StringComparison.Ordinal)),
            $"{page.StatusCode}: a page must not take a key");
    }

    [Fact]
    public async Task A_key_limited_to_a_department_is_answered_for_other_departments_as_a_manager_is()
    {
        await using var db = app.CreateDbContext();
        var shop = await db.Departments.Where(d => d.Name == DemoData.CoffeeShopName).Select(d => d.Id).SingleAsync();
        var salesEmployee = await app.EmployeeIdAsync("0102");
        var barista = await app.EmployeeIdAsync("0202");
        var (_, secret) = await CreateAsync("Касса кофейни", ApiKeyScope.Figures, shop);
        var client = KeyClient(secret);
        var before = await app.DatabaseFingerprintAsync();

        using var theirs = await client.PutAsync($"/api/periods/{NextMonth}/plans", Json("""{"plans":[{"employee":"0102","kpi":"sales_volume","value":1}]}"""));
        using var none = await client.PutAsync($"/api/periods/{NextMonth}/plans", Json("""{"plans":[{"employee":"9102","kpi":"sales_volume","value":1}]}"""));
        Assert.Equal(HttpStatusCode.BadRequest, theirs.StatusCode);
        using (var problem = JsonDocument.Parse(await theirs.Content.ReadAsStringAsync()))
        {
            Assert.Equal("facts.unknown_employee", problem.RootElement.GetProperty("codes").GetProperty("plans[0].employee")[0].GetString());
        }

        Assert.Equal(Normalised(await none.Content.ReadAsStringAsync()), Normalised(await theirs.Content.ReadAsStringAsync()).Replace("0102", "9102", StringComparison.Ordinal));
        using var card = await client.GetAsync($"/api/employees/{salesEmployee}");
        using var missing = await client.GetAsync("/api/employees/987654");
        Assert.Equal(HttpStatusCode.NotFound, card.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(before, await app.DatabaseFingerprintAsync());

        using var list = JsonDocument.Parse(await client.GetStringAsync("/api/employees?pageSize=1000"));
        var shopPeople = await db.Employees.Where(e => e.DepartmentId == shop).Select(e => e.Id).OrderBy(i => i).ToListAsync();
        Assert.Equal(shopPeople, list.RootElement.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetInt32()).Order().ToList());
        var sales = await db.Departments.Where(d => d.Name == DemoData.SalesDepartmentName).Select(d => d.Id).SingleAsync();
        using var export = await client.GetAsync($"/api/dashboard/export?period={NextMonth}");
        using var otherExport = await client.GetAsync($"/api/dashboard/export?period={NextMonth}&department={sales}");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode); // its own department, as its manager would see it
        using var noExport = await client.GetAsync($"/api/dashboard/export?period={NextMonth}&department=987654");
        Assert.Equal(noExport.StatusCode, otherExport.StatusCode); // another department as one that does not exist
        Assert.True(otherExport.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden, otherExport.StatusCode.ToString());
        using var own = await client.PutAsync($"/api/periods/{NextMonth}/plans", Json($$"""{"plans":[{"employee":{{barista}},"kpi":"revenue","value":160000}]}"""));
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }

    [Fact]
    public async Task A_pay_run_key_calculates_and_the_audit_log_names_the_key()
    {
        var (_, secret) = await CreateAsync("Расчёт из 1С", ApiKeyScope.PayRun);
        var client = KeyClient(secret);

        using var calculated = await client.PostAsync($"/api/periods/{NextMonth}/calculate", Json("{}"));
        using var status = await client.GetAsync($"/api/periods/{NextMonth}");

        Assert.Equal(HttpStatusCode.OK, calculated.StatusCode);
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        using var period = JsonDocument.Parse(await status.Content.ReadAsStringAsync());
        Assert.Equal("api-key:Расчёт из 1С", period.RootElement.GetProperty("calculated").GetProperty("by").GetString());
        await using var db = app.CreateDbContext();
        var entry = await db.AuditLog.AsNoTracking().SingleAsync(a => a.Month == TestClock.NextMonth && a.Action == AuditAction.PeriodCalculated);
        Assert.Equal("api-key:Расчёт из 1С", entry.By);
    }

    [Fact]
    public async Task A_pay_run_key_runs_a_month_as_the_readme_shows_plans_facts_calculate_approve_close_pay_lines_export()
    {
        var (_, secret) = await CreateAsync("1С", ApiKeyScope.PayRun);
        var client = KeyClient(secret);
        async Task<HttpResponseMessage> Ok(Task<HttpResponseMessage> call)
        {
            var response = await call;
            Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage!.RequestUri}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            return response;
        }

        await Ok(client.GetAsync("/api/employees?pageSize=1000"));
        await Ok(client.PutAsync($"/api/periods/{NextMonth}/plans", Json("""{"plans":[{"employee":"0101","kpi":"sales_volume","value":400000},{"employee":"0101","kpi":"client_meetings","value":40}]}""")));
        await Ok(client.PutAsync($"/api/periods/{NextMonth}/facts", Json("""{"facts":[{"employee":"0101","kpi":"sales_volume","value":412000},{"employee":"0101","kpi":"client_meetings","value":38}]}""")));
        await Ok(client.PostAsync($"/api/periods/{NextMonth}/calculate", null));
        await Ok(client.PostAsync($"/api/periods/{NextMonth}/approve", null));
        await Ok(client.PostAsync($"/api/periods/{NextMonth}/close", Json("""{"countMissingAsZero":true,"closeEarly":true}"""))); // next month is not over yet
        using var lines = JsonDocument.Parse(await (await Ok(client.GetAsync($"/api/periods/{NextMonth}/pay-lines?pageSize=1000"))).Content.ReadAsStringAsync());
        Assert.True(lines.RootElement.GetProperty("items").GetArrayLength() > 10);
        using var export = await Ok(client.GetAsync($"/api/periods/{NextMonth}/payroll?format=xlsx"));
        Assert.True((await export.Content.ReadAsByteArrayAsync()).Length > 0);

        await using var db = app.CreateDbContext();
        var steps = await db.AuditLog.AsNoTracking().Where(a => a.Month == TestClock.NextMonth
            && (a.Action == AuditAction.PeriodCalculated || a.Action == AuditAction.PeriodApproved || a.Action == AuditAction.PeriodClosed)).ToListAsync();
        Assert.Equal(3, steps.Count);
        Assert.All(steps, a => Assert.Equal("api-key:1С", a.By));
    }

    [Fact]
    public async Task A_correction_made_with_a_key_after_the_calculation_is_in_the_audit_log_under_the_keys_name()
    {
        var (_, payRun) = await CreateAsync("Расчёт", ApiKeyScope.PayRun);
        var (_, figures) = await CreateAsync("CRM", ApiKeyScope.Figures);
        using var calculated = await KeyClient(payRun).PostAsync($"/api/periods/{NextMonth}/calculate", Json("{}"));
        Assert.Equal(HttpStatusCode.OK, calculated.StatusCode);

        using var corrected = await KeyClient(figures).PutAsync($"/api/periods/{NextMonth}/facts", Json("""{"facts":[{"employee":"0102","kpi":"sales_volume","value":123456}]}"""));

        Assert.Equal(HttpStatusCode.OK, corrected.StatusCode);
        await using var db = app.CreateDbContext();
        var employee = await app.EmployeeIdAsync("0102");
        var entry = await db.AuditLog.AsNoTracking()
            .SingleAsync(a => a.Month == TestClock.NextMonth && a.Action == AuditAction.ValueChanged && a.EmployeeId == employee);
        Assert.Equal("api-key:CRM", entry.By);
    }

    [Fact]
    public async Task Each_key_is_rate_limited_on_its_own_with_the_apps_limiter()
    {
        var limits = app.Services.GetRequiredService<KpiPlanner.Web.Hosting.RateLimits>();
        var saved = limits.ApiPerMinute;
        try
        {
            var (_, first) = await CreateAsync("BI 1", ApiKeyScope.Read);
            var (_, second) = await CreateAsync("BI 2", ApiKeyScope.Read);
            limits.ApiPerMinute = Random.Shared.Next(5, 40); // a fresh partition (keyed by the limit)
            var client = KeyClient(first);
            for (var i = 0; i < limits.ApiPerMinute; i++)
            {
                Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/departments")).StatusCode);
            }

            using var refused = await client.GetAsync("/api/departments");
            using var other = await KeyClient(second).GetAsync("/api/departments");
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.NotNull(refused.Headers.RetryAfter);
            Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        }
        finally
        {
            limits.ApiPerMinute = saved;
        }
    }

    [Fact]
    public async Task Only_an_owner_manages_keys_and_bad_input_creates_nothing()
    {
        var (key, secret) = await CreateAsync("BI", ApiKeyScope.Read);
        await using var services = app.Services.CreateAsyncScope();
        var keys = services.ServiceProvider.GetRequiredService<ApiKeysService>();
        await using var db = app.CreateDbContext();
        var keyCaller = await ApiKeys.LoadAsync(db, key.Id, DateOnly.FromDateTime(app.Clock.GetLocalNow().Date), CancellationToken.None);
        Assert.NotNull(keyCaller);
        var before = await app.DatabaseFingerprintAsync();

        foreach (var who in new[] { await app.ActorAsync(DemoData.HrEmail), await app.ActorAsync(DemoData.ManagerEmail), await app.ActorAsync(DemoData.EmployeeEmail), keyCaller, UserContext.Nobody })
        {
            await Assert.ThrowsAsync<UnauthorizedAccessException>(() => keys.ListAsync(who));
            await Assert.ThrowsAsync<UnauthorizedAccessException>(() => keys.CreateAsync(who, "x", ApiKeyScope.PayRun, null));
            await Assert.ThrowsAsync<UnauthorizedAccessException>(() => keys.RevokeAsync(who, key.Id));
        }

        var owner = await app.ActorAsync(DemoData.OwnerEmail);
        var shop = await db.Departments.Where(d => d.Name == DemoData.CoffeeShopName).Select(d => d.Id).SingleAsync();
        Assert.Equal(["name"], (await keys.CreateAsync(owner, "BI", ApiKeyScope.Read, null)).Errors.Keys);
        Assert.Equal(["name"], (await keys.CreateAsync(owner, "  ", ApiKeyScope.Read, null)).Errors.Keys);
        Assert.Equal(["name"], (await keys.CreateAsync(owner, new string('x', 101), ApiKeyScope.Read, null)).Errors.Keys);
        Assert.Equal(["department"], (await keys.CreateAsync(owner, "pay", ApiKeyScope.PayRun, shop)).Errors.Keys);
        Assert.Equal(["department"], (await keys.CreateAsync(owner, "design", ApiKeyScope.Design, shop)).Errors.Keys);
        Assert.Equal(["department"], (await keys.CreateAsync(owner, "nowhere", ApiKeyScope.Figures, 987_654)).Errors.Keys);
        Assert.Equal(before, await app.DatabaseFingerprintAsync());

        var listed = Assert.Single(await keys.ListAsync(owner));
        Assert.Equal(("BI", secret[..12], ApiKeyScope.Read, DemoData.OwnerEmail), (listed.Name, listed.Prefix, listed.Scope, listed.CreatedBy));
    }

    private static string Normalised(string body) => System.Text.RegularExpressions.Regex.Replace(body, "\"traceId\":\"[^\"]*\"", string.Empty);
}
