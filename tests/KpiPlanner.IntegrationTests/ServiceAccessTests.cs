using System.Text;
using KpiPlanner.Domain.Goals;
using KpiPlanner.Infrastructure.Demo;
using KpiPlanner.Testing;
using KpiPlanner.Web.Features.Goals;
using KpiPlanner.Web.Features.Organisation;
using KpiPlanner.Web.Features.Scales;
using KpiPlanner.Web.Features.Schemes;
using KpiPlanner.Web.Features.Users;
using KpiPlanner.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KpiPlanner.IntegrationTests;

/// <summary>
/// The services decide who may do what, whoever calls them: a page that forgot to hide a button, an endpoint or a
/// test calling them directly gets the same refusal, and a refused call leaves the database as it was.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ServiceAccessTests(KpiAppFactory app) : IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData(DemoData.ManagerEmail)]
    [InlineData(DemoData.EmployeeEmail)]
    [InlineData(null)] // a sign-in that is no longer valid
    public async Task Organisation_scales_schemes_goals_splits_and_users_refuse_a_caller_without_the_duty(string? email)
    {
        var caller = email is null ? UserContext.Nobody : await app.ActorAsync(email);
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var organisation = services.GetRequiredService<OrganisationService>();
        var import = services.GetRequiredService<OrganisationImportService>();
        var scales = services.GetRequiredService<ScalesService>();
        var schemes = services.GetRequiredService<SchemesService>();
        var goals = services.GetRequiredService<GoalsService>();
        var splits = services.GetRequiredService<TimeSplitService>();
        var users = services.GetRequiredService<UsersService>();
        int company, position, scale, goal, someone;
        string hrUser;
        await using (var db = app.CreateDbContext())
        {
            company = await db.Departments.Where(d => d.Name == DemoData.CompanyName).Select(d => d.Id).SingleAsync();
            position = await db.Positions.Where(p => p.Name == DemoData.SalesManagerPosition).Select(p => p.Id).SingleAsync();
            scale = await db.Scales.Select(s => s.Id).FirstAsync();
            goal = await db.Goals.Select(g => g.Id).FirstAsync();
            someone = await db.Employees.Where(e => e.PersonnelNumber == "0102").Select(e => e.Id).SingleAsync();
            hrUser = await db.Users.Where(u => u.Email == DemoData.HrEmail).Select(u => u.Id).SingleAsync();
        }

        var before = await SnapshotAsync();
        var calls = new Dictionary<string, Func<Task>>
        {
            ["organisation.departments"] = () => organisation.DepartmentsAsync(caller),
            ["organisation.add department"] = () => organisation.AddDepartmentAsync(caller, new DepartmentInput { Name = "Тайный отдел", ParentId = company }),
            ["organisation.rename department"] = () => organisation.RenameDepartmentAsync(caller, company, "Переименовано"),
            ["organisation.update department"] = () => organisation.UpdateDepartmentAsync(caller, company, new DepartmentInput { Name = "Переименовано" }),
            ["organisation.rename position"] = () => organisation.RenamePositionAsync(caller, position, new PositionInput { Name = "Переименовано" }),
            ["organisation.appoint head"] = () => organisation.AppointHeadAsync(caller, company, someone),
            ["organisation.positions"] = () => organisation.PositionsAsync(caller),
            ["organisation.add position"] = () => organisation.AddPositionAsync(caller, new PositionInput { Name = "Тайная должность" }),
            ["organisation.employees"] = () => organisation.EmployeesAsync(caller),
            ["organisation.employee"] = () => organisation.EmployeeAsync(caller, someone),
            ["organisation.template"] = () => import.TemplateAsync(caller, "csv"),
            ["organisation.import"] = () => import.ImportAsync(caller, new MemoryStream(Encoding.UTF8.GetBytes("Табельный номер;Фамилия\n0999;Тестов\n")), "org.csv"),
            ["organisation.upsert"] = () => import.UpsertAsync(caller, Sheet()),
            ["scales.list"] = () => scales.ListAsync(caller),
            ["scales.get"] = () => scales.GetAsync(caller, scale),
            ["scales.delete"] = () => scales.DeleteAsync(caller, scale),
            ["schemes.list"] = () => schemes.ListAsync(caller),
            ["schemes.versions"] = () => schemes.VersionsAsync(caller, position),
            ["schemes.get"] = () => schemes.GetAsync(caller, position, null),
            ["goals.list"] = () => goals.ListAsync(caller),
            ["goals.load"] = () => goals.LoadAsync(caller, goal, TestClock.ThisMonth),
            ["goals.rename"] = () => goals.RenameAsync(caller, goal, 0, "Переименовано", "intruder"),
            ["splits.load"] = () => splits.LoadAsync(caller, goal, "profit", PeriodRange.CalendarYear(TestClock.Today.Year)),
            ["users.list"] = () => users.ListAsync(caller),
            ["users.linkable"] = () => users.LinkableEmployeesAsync(caller, null),
            ["users.create"] = () => users.CreateAsync(new UserInput { Email = "intruder@demo.local", Password = "Secret123!", Roles = ["Owner"] }, caller),
            ["users.reset password"] = () => users.ResetPasswordAsync(hrUser, "Hijacked123!", caller),
            ["users.disable"] = () => users.DisableAsync(caller, hrUser, "Тайно"),
            ["users.enable"] = () => users.EnableAsync(caller, hrUser, "Тайно"),
        };

        foreach (var (name, call) in calls)
        {
            var refused = await Record.ExceptionAsync(call);
            Assert.True(refused is UnauthorizedAccessException, $"{name}: {refused?.GetType().Name ?? "allowed"} for {email ?? "nobody"}");
        }

        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task Hr_holds_the_duties_the_owner_grants_them()
    {
        var hr = await app.ActorAsync(DemoData.HrEmail);
        await using var scope = app.Services.CreateAsyncScope();

        Assert.NotEmpty(await scope.ServiceProvider.GetRequiredService<OrganisationService>().DepartmentsAsync(hr));
        Assert.NotEmpty(await scope.ServiceProvider.GetRequiredService<SchemesService>().ListAsync(hr));
        Assert.NotEmpty(await scope.ServiceProvider.GetRequiredService<ScalesService>().ListAsync(hr));
        Assert.NotEmpty(await scope.ServiceProvider.GetRequiredService<GoalsService>().ListAsync(hr));
        Assert.NotEmpty(await scope.ServiceProvider.GetRequiredService<UsersService>().ListAsync(hr));
    }

    /// <summary>One bulk-upsert row: a hire that would be written if the caller were let through.</summary>
    private static KpiPlanner.Infrastructure.Import.OrganisationSheet Sheet()
    {
        var sheet = new KpiPlanner.Infrastructure.Import.OrganisationSheet();
        sheet.Rows.Add(new KpiPlanner.Infrastructure.Import.OrganisationFileRow(1, new Dictionary<KpiPlanner.Infrastructure.Import.OrganisationColumn, object?>
        {
            [KpiPlanner.Infrastructure.Import.OrganisationColumn.PersonnelNumber] = "0998",
            [KpiPlanner.Infrastructure.Import.OrganisationColumn.LastName] = "Тестов",
        }));
        return sheet;
    }

    private async Task<string> SnapshotAsync()
    {
        await using var db = app.CreateDbContext();
        var parts = new[]
        {
            string.Join(",", await db.Departments.OrderBy(d => d.Id).Select(d => d.Id + ":" + d.Name + ":" + d.HeadId).ToListAsync()),
            string.Join(",", await db.Positions.OrderBy(p => p.Id).Select(p => p.Id + ":" + p.Name).ToListAsync()),
            string.Join(",", await db.Employees.OrderBy(e => e.Id).Select(e => e.Id + ":" + e.PersonnelNumber + ":" + e.LastName).ToListAsync()),
            string.Join(",", await db.Scales.OrderBy(s => s.Id).Select(s => s.Id).ToListAsync()),
            string.Join(",", await db.Users.OrderBy(u => u.Id).Select(u => u.Id + ":" + u.PasswordHash + ":" + u.SecurityStamp + ":" + u.DisabledReason).ToListAsync()),
            (await db.AuditLog.CountAsync()).ToString(System.Globalization.CultureInfo.InvariantCulture),
            string.Join(",", await db.UserRoles.OrderBy(r => r.UserId).ThenBy(r => r.RoleId).Select(r => r.UserId + ":" + r.RoleId).ToListAsync()),
        };
        return string.Join("\n", parts);
    }
}
