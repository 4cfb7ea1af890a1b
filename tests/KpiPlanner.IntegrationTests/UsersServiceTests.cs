using System.Globalization;
using KpiPlanner.Domain.Organisation;
using KpiPlanner.Infrastructure.Demo;
using KpiPlanner.Infrastructure.Identity;
using KpiPlanner.Testing;
using KpiPlanner.Web.Features.Users;
using KpiPlanner.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KpiPlanner.IntegrationTests;

[Collection(AppCollection.Name)]
public sealed class UsersServiceTests(KpiAppFactory app) : IAsyncLifetime
{
    private AsyncServiceScope scope;

    private UsersService Users => scope.ServiceProvider.GetRequiredService<UsersService>();

    private KpiPlanner.Web.Security.UserContext HrActor = null!;

    public async Task InitializeAsync()
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("ru-RU");
        await app.ResetAsync();
        scope = app.Services.CreateAsyncScope();
        HrActor = await app.ActorAsync(KpiPlanner.Infrastructure.Demo.DemoData.HrEmail);
    }

    public async Task DisposeAsync() => await scope.DisposeAsync();

    [Fact]
    public async Task HR_creates_an_account_with_a_role_linked_to_an_employee()
    {
        var hr = await Actor(DemoData.HrEmail);
        var petrova = (await Users.LinkableEmployeesAsync(HrActor, null)).Single(e => e.PersonnelNumber == "0102");

        var result = await Users.CreateAsync(new UserInput { Email = "petrova@demo.local", Password = "Secret123!", Roles = [Roles.Employee], Employee = petrova }, hr);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        var row = (await Users.ListAsync(HrActor)).Single(u => u.Email == "petrova@demo.local");
        Assert.Equal([Roles.Employee], row.Roles);
        Assert.Equal(petrova.Id, row.EmployeeId);
        Assert.DoesNotContain(await Users.LinkableEmployeesAsync(HrActor, null), e => e.Id == petrova.Id);
    }

    [Fact]
    public async Task A_duplicate_email_is_refused_in_the_users_language()
    {
        var hr = await Actor(DemoData.HrEmail);

        var result = await Users.CreateAsync(new UserInput { Email = DemoData.EmployeeEmail, Password = "Secret123!", Roles = [Roles.Employee] }, hr);

        var error = Assert.Single(result.Errors);
        Assert.Equal($"E-mail {DemoData.EmployeeEmail} уже занят другой учётной записью.", error);
    }

    [Fact]
    public async Task HR_cannot_grant_the_owner_role_but_an_owner_can()
    {
        var input = new UserInput { Email = "partner@demo.local", Password = "Secret123!", Roles = [Roles.Owner] };

        var byHr = await Users.CreateAsync(input, await Actor(DemoData.HrEmail));
        var byOwner = await Users.CreateAsync(input, await Actor(DemoData.OwnerEmail));

        Assert.False(byHr.Succeeded);
        Assert.Contains("собственник", Assert.Single(byHr.Errors), StringComparison.OrdinalIgnoreCase);
        Assert.True(byOwner.Succeeded, string.Join("; ", byOwner.Errors));
    }

    [Fact]
    public async Task Nobody_can_take_away_their_own_right_to_manage_users()
    {
        var hr = await Actor(DemoData.HrEmail);
        var self = (await Users.ListAsync(HrActor)).Single(u => u.Email == DemoData.HrEmail);

        var result = await Users.UpdateAsync(self.Id, new UserInput { Email = self.Email, Roles = [Roles.Employee] }, hr);

        Assert.False(result.Succeeded);
        Assert.Equal([Roles.HR], (await Users.ListAsync(HrActor)).Single(u => u.Email == DemoData.HrEmail).Roles);
    }

    [Fact]
    public async Task Changing_roles_replaces_them()
    {
        var owner = await Actor(DemoData.OwnerEmail);
        var manager = (await Users.ListAsync(HrActor)).Single(u => u.Email == DemoData.ManagerEmail);
        var employees = await Users.LinkableEmployeesAsync(HrActor, manager.EmployeeId);

        var result = await Users.UpdateAsync(
            manager.Id,
            new UserInput { Email = manager.Email, Roles = [Roles.Manager, Roles.HR], Employee = employees.Single(e => e.Id == manager.EmployeeId) },
            owner);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal([Roles.HR, Roles.Manager], (await Users.ListAsync(HrActor)).Single(u => u.Email == DemoData.ManagerEmail).Roles);
    }

    [Fact]
    public async Task A_password_reset_lifts_a_lockout_and_the_new_password_works()
    {
        var identity = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = (await identity.FindByEmailAsync(DemoData.EmployeeEmail))!;
        await identity.SetLockoutEndDateAsync(user, app.Clock.GetUtcNow().AddMinutes(5));

        var result = await Users.ResetPasswordAsync(user.Id, "Fresh123!", await Actor(DemoData.HrEmail));

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        var response = await app.CreateClient().LoginAsync(DemoData.EmployeeEmail, "Fresh123!");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task HR_cannot_reset_the_owners_password()
    {
        var owner = (await Users.ListAsync(HrActor)).Single(u => u.Email == DemoData.OwnerEmail);

        var result = await Users.ResetPasswordAsync(owner.Id, "Fresh123!", await Actor(DemoData.HrEmail));

        Assert.False(result.Succeeded);
    }

    [Fact]
    public async Task Only_the_owner_changes_another_hr_users_roles_or_password()
    {
        var owner = await Actor(DemoData.OwnerEmail);
        var hr = await Actor(DemoData.HrEmail);
        var created = await Users.CreateAsync(new UserInput { Email = "hr2@demo.local", Password = "Secret123!", Roles = [Roles.HR] }, owner);
        Assert.True(created.Succeeded, string.Join("; ", created.Errors));
        var second = (await Users.ListAsync(owner)).Single(u => u.Email == "hr2@demo.local");

        var raise = await Users.CreateAsync(new UserInput { Email = "hr3@demo.local", Password = "Secret123!", Roles = [Roles.HR] }, hr);
        var demote = await Users.UpdateAsync(second.Id, new UserInput { Email = second.Email, Roles = [Roles.Employee] }, hr);
        var reset = await Users.ResetPasswordAsync(second.Id, "Hijacked123!", hr);

        Assert.Contains("собственник", Assert.Single(raise.Errors), StringComparison.OrdinalIgnoreCase);
        Assert.False(demote.Succeeded);
        Assert.False(reset.Succeeded);
        Assert.Equal([Roles.HR], (await Users.ListAsync(owner)).Single(u => u.Email == "hr2@demo.local").Roles);
        Assert.DoesNotContain(await Users.ListAsync(owner), u => u.Email == "hr3@demo.local");
        Assert.True((await Users.ResetPasswordAsync(second.Id, "Fresh123!", owner)).Succeeded);
    }

    [Fact]
    public async Task An_owner_cannot_take_away_their_own_owner_role()
    {
        var owner = await Actor(DemoData.OwnerEmail);
        var self = (await Users.ListAsync(owner)).Single(u => u.Email == DemoData.OwnerEmail);

        var result = await Users.UpdateAsync(self.Id, new UserInput { Email = self.Email, Roles = [Roles.HR] }, owner);

        Assert.False(result.Succeeded);
        Assert.Equal([Roles.Owner], (await Users.ListAsync(owner)).Single(u => u.Email == DemoData.OwnerEmail).Roles);
    }

    private async Task<UserContext> Actor(string email)
    {
        await using var db = app.CreateDbContext();
        var user = await db.Users.SingleAsync(u => u.Email == email);
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == user.Id select r.Name!).ToListAsync();
        return new UserContext(user.Id, email, roles, user.EmployeeId);
    }
}
