using System.Net;
using System.Text.Json;
using KpiPlanner.Infrastructure.Demo;
using KpiPlanner.Testing;
using KpiPlanner.Web.Features.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static KpiPlanner.IntegrationTests.PeriodsApiTests;

namespace KpiPlanner.IntegrationTests;

/// <summary>
/// The organisation read over HTTP (<c>/api/departments</c>, <c>/api/positions</c>, <c>/api/employees</c>): what the
/// facts API's ids are, scoped as the UI is — HR and the owner everything, a manager their subtree, an employee
/// themselves — someone else's employee or department a 404 like one that does not exist; the card's ETag is its row version.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class OrganisationApiTests(KpiAppFactory app) : IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task HR_reads_the_whole_department_tree_the_positions_and_every_employee_page_by_page()
    {
        var hr = await app.BearerClientAsync(DemoData.HrEmail);
        await using var db = app.CreateDbContext();
        var people = await db.Employees.CountAsync();

        using var tree = await Json(await hr.GetAsync("/api/departments"));
        var root = Assert.Single(tree.RootElement.EnumerateArray());
        Assert.Equal(DemoData.CompanyName, root.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("parentId").ValueKind);
        var children = root.GetProperty("children").EnumerateArray().ToList();
        Assert.Contains(children, c => c.GetProperty("name").GetString() == DemoData.SalesDepartmentName && c.GetProperty("headName").GetString()!.StartsWith("Кузнецов", StringComparison.Ordinal));
        Assert.Contains(children, c => c.GetProperty("name").GetString() == DemoData.CoffeeShopName);
        Assert.All(children, c => Assert.Equal(root.GetProperty("id").GetInt32(), c.GetProperty("parentId").GetInt32()));
        Assert.Equal(await db.Departments.CountAsync(), 1 + children.Count);

        using var positions = await Json(await hr.GetAsync("/api/positions"));
        Assert.Equal(await db.Positions.CountAsync(), positions.RootElement.GetArrayLength());
        Assert.Contains(positions.RootElement.EnumerateArray(), p => p.GetProperty("name").GetString() == DemoData.SalesManagerPosition && p.GetProperty("headcount").GetInt32() >= 13);

        using var all = await Json(await hr.GetAsync("/api/employees?pageSize=1000"));
        Assert.Equal(people, all.RootElement.GetProperty("total").GetInt32());
        var ids = all.RootElement.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetInt32()).ToList();
        Assert.Equal(people, ids.Distinct().Count());
        var paged = new List<int>();
        for (var page = 1; page <= (people + 6) / 7; page++)
        {
            using var one = await Json(await hr.GetAsync($"/api/employees?page={page}&pageSize=7"));
            paged.AddRange(one.RootElement.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetInt32()));
        }

        Assert.Equal(ids, paged);

        using var found = await Json(await hr.GetAsync("/api/employees?search=" + Uri.EscapeDataString(DemoData.EmployeeEmail)));
        var ivanov = Assert.Single(found.RootElement.GetProperty("items").EnumerateArray());
        Assert.Equal("0101", ivanov.GetProperty("personnelNumber").GetString());

        var shop = await db.Departments.Where(d => d.Name == DemoData.CoffeeShopName).Select(d => d.Id).SingleAsync();
        using var baristas = await Json(await hr.GetAsync($"/api/employees?department={shop}"));
        Assert.Equal(await db.Employees.CountAsync(e => e.DepartmentId == shop), baristas.RootElement.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_manager_reads_their_subtree_and_another_teams_employee_is_answered_as_no_one()
    {
        await using var db = app.CreateDbContext();
        var sales = await db.Departments.Where(d => d.Name == DemoData.SalesDepartmentName).Select(d => d.Id).SingleAsync();
        var shop = await db.Departments.Where(d => d.Name == DemoData.CoffeeShopName).Select(d => d.Id).SingleAsync();
        var barista = await app.EmployeeIdAsync("0202");
        var manager = await app.BearerClientAsync(DemoData.ManagerEmail);

        using var tree = await Json(await manager.GetAsync("/api/departments"));
        var root = Assert.Single(tree.RootElement.EnumerateArray());
        Assert.Equal(sales, root.GetProperty("id").GetInt32());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("parentId").ValueKind);

        using var team = await Json(await manager.GetAsync("/api/employees?pageSize=1000"));
        var numbers = team.RootElement.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("personnelNumber").GetString()).ToList();
        Assert.Equal(await db.Employees.CountAsync(e => e.DepartmentId == sales), numbers.Count);
        Assert.Contains("0100", numbers); // themselves
        Assert.DoesNotContain("0202", numbers);

        using var positions = await Json(await manager.GetAsync("/api/positions"));
        Assert.DoesNotContain(positions.RootElement.EnumerateArray(), p => p.GetProperty("name").GetString() == "Бариста");

        foreach (var (theirs, none) in new[]
        {
            ($"/api/employees/{barista}", "/api/employees/987654"),
            ($"/api/employees?department={shop}", "/api/employees?department=987654"),
        })
        {
            using var a = await manager.GetAsync(theirs);
            using var b = await manager.GetAsync(none);
            Assert.Equal(HttpStatusCode.NotFound, a.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, b.StatusCode);
            Assert.Equal(await b.Content.ReadAsStringAsync(), await a.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task An_employee_reads_themselves_only()
    {
        var me = await app.EmployeeIdAsync("0101");
        var employee = await app.BearerClientAsync(DemoData.EmployeeEmail);

        using var tree = await Json(await employee.GetAsync("/api/departments"));
        Assert.Equal(0, tree.RootElement.GetArrayLength());
        using var list = await Json(await employee.GetAsync("/api/employees"));
        Assert.Equal([me], list.RootElement.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetInt32()));
        using var positions = await Json(await employee.GetAsync("/api/positions"));
        var position = Assert.Single(positions.RootElement.EnumerateArray());
        Assert.Equal(DemoData.SalesManagerPosition, position.GetProperty("name").GetString());
        Assert.Equal(1, position.GetProperty("headcount").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await employee.GetAsync($"/api/employees/{me}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await employee.GetAsync($"/api/employees/{await app.EmployeeIdAsync("0102")}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync("/api/employees")).StatusCode);
    }

    [Fact]
    public async Task The_employee_card_carries_its_row_version_as_the_ETag_and_a_change_of_the_card_changes_it()
    {
        var id = await app.EmployeeIdAsync("0103");
        var hr = await app.BearerClientAsync(DemoData.HrEmail);

        using var first = await hr.GetAsync($"/api/employees/{id}");
        using var card = await Json(first);
        var version = card.RootElement.GetProperty("version").GetUInt32();
        Assert.Equal($"\"{version}\"", first.Headers.ETag?.Tag);
        Assert.Equal("0103", card.RootElement.GetProperty("personnelNumber").GetString());

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var organisation = scope.ServiceProvider.GetRequiredService<OrganisationService>();
            var actor = await app.ActorAsync(DemoData.HrEmail);
            var input = (await organisation.EmployeeAsync(actor, id))!;
            input.MiddleName = "Изменённое";
            Assert.True((await organisation.UpdateEmployeeAsync(actor, id, input)).Succeeded);
        }

        using var second = await hr.GetAsync($"/api/employees/{id}");
        using var changed = await Json(second);
        Assert.Equal("Изменённое", changed.RootElement.GetProperty("middleName").GetString());
        Assert.NotEqual(first.Headers.ETag?.Tag, second.Headers.ETag?.Tag);
        Assert.Equal($"\"{changed.RootElement.GetProperty("version").GetUInt32()}\"", second.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task Bad_paging_and_ids_get_a_400_listing_each_in_the_requests_language()
    {
        var english = await app.BearerClientAsync(DemoData.HrEmail, "en-US");
        using var bad = await Json(await english.GetAsync("/api/employees?page=0&pageSize=5000&department=-3"), HttpStatusCode.BadRequest);
        var errors = bad.RootElement.GetProperty("errors");
        Assert.Contains("whole number from 1", errors.GetProperty("page")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("1,000", errors.GetProperty("pageSize")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal("api.not_an_id", bad.RootElement.GetProperty("codes").GetProperty("department")[0].GetString());

        var russian = await app.BearerClientAsync(DemoData.HrEmail);
        using var ru = await Json(await russian.GetAsync("/api/employees?pageSize=0"), HttpStatusCode.BadRequest);
        Assert.Contains("Размер страницы", ru.RootElement.GetProperty("errors").GetProperty("pageSize")[0].GetString(), StringComparison.Ordinal);
    }
}
