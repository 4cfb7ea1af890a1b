using KpiPlanner.Infrastructure.Demo;
using KpiPlanner.Testing;
using KpiPlanner.Web.Features.Documents;
using KpiPlanner.Web.Features.Home;
using KpiPlanner.Web.Features.Organisation;
using KpiPlanner.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KpiPlanner.IntegrationTests;

/// <summary>
/// A head who leaves the company heads nothing from the day after their leave date: they lose their team at once (their
/// sign-in ends), the organisation shows the post vacant, and the people of the department see no manager on their page
/// or on the scheme document they sign. On the leave date itself they are still the head.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class DepartedHeadTests(KpiAppFactory app) : IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData(-1, false)] // left yesterday: no longer the head
    [InlineData(0, true)] // leaves today: still the head until the day ends
    public async Task The_sales_head_who_left_heads_nothing_from_the_day_after(int leftDaysFromToday, bool stillHead)
    {
        string managerAccount;
        int sales, member;
        await using (var db = app.CreateDbContext())
        {
            var head = await db.Employees.SingleAsync(e => e.PersonnelNumber == "0100");
            head.ChangeDates(head.HireDate, TestClock.Today.AddDays(leftDaysFromToday));
            await db.SaveChangesAsync();
            managerAccount = await db.Users.Where(u => u.Email == DemoData.ManagerEmail).Select(u => u.Id).SingleAsync();
            sales = await db.Departments.Where(d => d.Name == DemoData.SalesDepartmentName).Select(d => d.Id).SingleAsync();
            member = await db.Employees.Where(e => e.PersonnelNumber == "0102").Select(e => e.Id).SingleAsync();
        }

        var owner = await app.ActorAsync(DemoData.OwnerEmail);
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;

        await using (var db = app.CreateDbContext())
        {
            var manager = await AccessScopes.ForAccountAsync(db, managerAccount, TestClock.Today);
            Assert.Equal(stillHead, manager is not null && manager.TeamDepartments.Contains(sales));
        }

        var row = (await services.GetRequiredService<OrganisationService>().DepartmentsAsync(owner)).Single(d => d.Id == sales);
        Assert.Equal(stillHead, row.HeadName is not null);
        Assert.Equal(stillHead, row.HeadId is not null);

        var card = await services.GetRequiredService<HomeService>().GetEmployeeAsync(owner, member);
        Assert.Equal(stillHead, card!.ManagerName is not null);

        var document = await services.GetRequiredService<SchemeDocumentService>().GetAsync(owner, member, TestClock.ThisMonth);
        Assert.Equal(SchemeDocumentStatus.Ok, document.Status);
        Assert.Equal(stillHead, document.Model!.HeadName is not null);
    }
}
