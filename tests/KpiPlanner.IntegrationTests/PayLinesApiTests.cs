using System.Net;
using System.Text.Json;
using KpiPlanner.Domain.Planning;
using KpiPlanner.Infrastructure.Demo;
using KpiPlanner.Testing;
using Microsoft.EntityFrameworkCore;
using static KpiPlanner.IntegrationTests.PeriodsApiTests;

namespace KpiPlanner.IntegrationTests;

/// <summary>
/// <c>GET /api/periods/{yyyy-MM}/pay-lines</c>: each line with its explanation, paged, and only the lines of the people
/// the caller may read — HR everyone, a manager their team, an employee themselves; another team's department is a
/// 404 like one that does not exist.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class PayLinesApiTests(KpiAppFactory app) : IAsyncLifetime
{
    private static readonly string LastMonth = Period.Key(TestClock.LastMonth);

    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task HR_reads_every_line_of_a_month_with_its_explanation_page_by_page()
    {
        var hr = await app.BearerClientAsync(DemoData.HrEmail);
        await using var db = app.CreateDbContext();
        var stored = await db.PayLines.AsNoTracking().Where(l => l.Month == TestClock.LastMonth).ToListAsync();
        Assert.True(stored.Count > 10, $"{stored.Count} lines in the demo's last month");

        using var all = await Json(await hr.GetAsync($"/api/periods/{LastMonth}/pay-lines"));
        Assert.Equal("closed", all.RootElement.GetProperty("status").GetString());
        Assert.Equal(stored.Count, all.RootElement.GetProperty("total").GetInt32());
        Assert.Equal(100, all.RootElement.GetProperty("pageSize").GetInt32());
        var items = all.RootElement.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(stored.Count, items.Count);
        foreach (var item in items)
        {
            var line = stored.Single(l => l.EmployeeId == item.GetProperty("employeeId").GetInt32());
            Assert.Equal(line.Variable, item.GetProperty("variable").GetDecimal());
            Assert.Equal(line.Fixed + line.Variable + line.Bonus + item.GetProperty("adjustments").GetDecimal(), item.GetProperty("total").GetDecimal());
            var kpis = item.GetProperty("explanation").GetProperty("kpis").EnumerateArray().ToList();
            Assert.Equal(line.Explanation.Kpis.Count, kpis.Count);
            Assert.Equal(line.Explanation.Kpis.Sum(k => k.Contribution), kpis.Sum(k => k.GetProperty("contribution").GetDecimal()));
            Assert.Equal(line.Explanation.Kpis[0].Coefficient, kpis[0].GetProperty("coefficient").GetDecimal());
            Assert.False(string.IsNullOrEmpty(kpis[0].GetProperty("measurement").GetString()));
        }

        // Pages of 5 add up to the whole list, in the same order, with no line twice.
        var paged = new List<int>();
        for (var page = 1; page <= (stored.Count + 4) / 5; page++)
        {
            using var one = await Json(await hr.GetAsync($"/api/periods/{LastMonth}/pay-lines?page={page}&pageSize=5"));
            paged.AddRange(one.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("employeeId").GetInt32()));
        }

        Assert.Equal(items.Select(i => i.GetProperty("employeeId").GetInt32()), paged);
        using var beyond = await Json(await hr.GetAsync($"/api/periods/{LastMonth}/pay-lines?page=1000&pageSize=1000"));
        Assert.Empty(beyond.RootElement.GetProperty("items").EnumerateArray());
        Assert.Equal(stored.Count, beyond.RootElement.GetProperty("total").GetInt32());

        // A month nobody calculated has no lines.
        using var next = await Json(await hr.GetAsync($"/api/periods/{Period.Key(TestClock.NextMonth)}/pay-lines"));
        Assert.Equal("open", next.RootElement.GetProperty("status").GetString());
        Assert.Equal(0, next.RootElement.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Paging_out_of_bounds_is_a_400_listing_every_bad_parameter()
    {
        var hr = await app.BearerClientAsync(DemoData.HrEmail);

        using var bad = await Json(await hr.GetAsync("/api/periods/2026-13/pay-lines?page=0&pageSize=1001&department=abc"), HttpStatusCode.BadRequest);
        var codes = bad.RootElement.GetProperty("codes");
        Assert.Equal("api.bad_month", codes.GetProperty("month")[0].GetString());
        Assert.Equal("api.bad_page", codes.GetProperty("page")[0].GetString());
        Assert.Equal("api.bad_page_size", codes.GetProperty("pageSize")[0].GetString());
        Assert.Equal("api.not_an_id", codes.GetProperty("department")[0].GetString());
        Assert.Contains("1001", bad.RootElement.GetProperty("errors").GetProperty("pageSize")[0].GetString(), StringComparison.Ordinal);

        foreach (var query in new[] { "pageSize=0", "pageSize=-5", "page=-1", "page=x", "pageSize=1.5", "page=99999999999" })
        {
            using var response = await hr.GetAsync($"/api/periods/{LastMonth}/pay-lines?{query}");
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{query}: {(int)response.StatusCode}");
        }

        using var max = await Json(await hr.GetAsync($"/api/periods/{LastMonth}/pay-lines?pageSize=1000"));
        Assert.Equal(1000, max.RootElement.GetProperty("pageSize").GetInt32());

        var english = await app.BearerClientAsync(DemoData.HrEmail, "en-US");
        using var en = await Json(await english.GetAsync($"/api/periods/{LastMonth}/pay-lines?pageSize=1001"), HttpStatusCode.BadRequest);
        Assert.Contains("from 1 to 1", en.RootElement.GetProperty("errors").GetProperty("pageSize")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_manager_reads_their_teams_lines_only_and_another_department_is_answered_as_none()
    {
        await using var db = app.CreateDbContext();
        var sales = await db.Departments.Where(d => d.Name == DemoData.SalesDepartmentName).Select(d => d.Id).SingleAsync();
        var marketing = await db.Departments.Where(d => d.Name == DemoData.MarketingDepartmentName).Select(d => d.Id).SingleAsync();
        var salesLines = await db.PayLines.Where(l => l.Month == TestClock.LastMonth && l.DepartmentId == sales).Select(l => l.EmployeeId).OrderBy(i => i).ToListAsync();
        Assert.True(await db.PayLines.AnyAsync(l => l.Month == TestClock.LastMonth && l.DepartmentId == marketing), "the demo pays marketers too");
        var manager = await app.BearerClientAsync(DemoData.ManagerEmail);

        using var team = await Json(await manager.GetAsync($"/api/periods/{LastMonth}/pay-lines"));
        Assert.Equal(salesLines, team.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("employeeId").GetInt32()).Order());
        Assert.Equal(salesLines.Count, team.RootElement.GetProperty("total").GetInt32());
        using var filtered = await Json(await manager.GetAsync($"/api/periods/{LastMonth}/pay-lines?department={sales}"));
        Assert.Equal(salesLines.Count, filtered.RootElement.GetProperty("total").GetInt32());

        using var theirs = await manager.GetAsync($"/api/periods/{LastMonth}/pay-lines?department={marketing}");
        using var none = await manager.GetAsync($"/api/periods/{LastMonth}/pay-lines?department=987654");
        Assert.Equal(HttpStatusCode.NotFound, theirs.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        Assert.Equal(await none.Content.ReadAsStringAsync(), await theirs.Content.ReadAsStringAsync());

        // HR filters by the marketing department and gets its lines only.
        var hr = await app.BearerClientAsync(DemoData.HrEmail);
        using var hrMarketing = await Json(await hr.GetAsync($"/api/periods/{LastMonth}/pay-lines?department={marketing}"));
        Assert.All(hrMarketing.RootElement.GetProperty("items").EnumerateArray(), i => Assert.Equal(marketing, i.GetProperty("departmentId").GetInt32()));
        Assert.True(hrMarketing.RootElement.GetProperty("total").GetInt32() > 0);
    }

    [Fact]
    public async Task An_employee_reads_their_own_line_only()
    {
        var me = await app.EmployeeIdAsync("0101");
        var employee = await app.BearerClientAsync(DemoData.EmployeeEmail);

        using var mine = await Json(await employee.GetAsync($"/api/periods/{LastMonth}/pay-lines"));
        Assert.Equal([me], mine.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("employeeId").GetInt32()));
        Assert.Equal(1, mine.RootElement.GetProperty("total").GetInt32());

        await using var db = app.CreateDbContext();
        var sales = await db.Departments.Where(d => d.Name == DemoData.SalesDepartmentName).Select(d => d.Id).SingleAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await employee.GetAsync($"/api/periods/{LastMonth}/pay-lines?department={sales}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync($"/api/periods/{LastMonth}/pay-lines")).StatusCode);
    }
}
