using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using KpiPlanner.Domain.Organisation;
using KpiPlanner.Infrastructure.Demo;
using KpiPlanner.Testing;
using KpiPlanner.Web.Features.Users;
using KpiPlanner.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KpiPlanner.IntegrationTests;

/// <summary>
/// Rights taken away take effect on the next call: an access token, a refresh token and the roles in them are only as
/// good as the account is now (issue: who may see and change what).
/// </summary>
[Collection(AppCollection.Name)]
public sealed class RevocationTests(KpiAppFactory app) : IAsyncLifetime
{
    private static readonly string Payroll = $"/api/periods/{FactsTestSupport.MonthKey(TestClock.LastMonth)}/payroll";

    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Hr_demoted_to_employee_loses_the_payroll_and_the_refresh_token_on_the_next_call()
    {
        var (hr, refresh) = await SignInAsync(DemoData.HrEmail);
        Assert.Equal(HttpStatusCode.OK, (await hr.GetAsync(Payroll)).StatusCode);

        await AsOwnerAsync(async (users, owner) =>
        {
            var row = (await users.ListAsync(owner)).Single(u => u.Email == DemoData.HrEmail);
            var input = new UserInput { Email = row.Email, Roles = [Roles.Employee], Employee = await LinkAsync(users, owner, row.EmployeeId) };
            Assert.True((await users.UpdateAsync(row.Id, input, owner)).Succeeded);
        });

        Assert.Equal(HttpStatusCode.Unauthorized, (await hr.GetAsync(Payroll)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(refresh)).StatusCode);

        // Signing in again gives the new rights only: an employee does not download the payroll.
        var (again, _) = await SignInAsync(DemoData.HrEmail);
        Assert.Equal(HttpStatusCode.Forbidden, (await again.GetAsync(Payroll)).StatusCode);
    }

    [Fact]
    public async Task A_password_reset_ends_the_tokens_issued_before_it()
    {
        var (hr, refresh) = await SignInAsync(DemoData.HrEmail);
        Assert.Equal(HttpStatusCode.OK, (await hr.GetAsync(Payroll)).StatusCode);

        await AsOwnerAsync(async (users, owner) =>
        {
            var row = (await users.ListAsync(owner)).Single(u => u.Email == DemoData.HrEmail);
            Assert.True((await users.ResetPasswordAsync(row.Id, "Another123!", owner)).Succeeded);
        });

        Assert.Equal(HttpStatusCode.Unauthorized, (await hr.GetAsync(Payroll)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(refresh)).StatusCode);
        var (fresh, _) = await SignInAsync(DemoData.HrEmail, "Another123!");
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync(Payroll)).StatusCode);
    }

    [Fact]
    public async Task Signing_out_in_the_browser_ends_the_access_and_refresh_tokens_issued_before_it()
    {
        var (hr, refresh) = await SignInAsync(DemoData.HrEmail);
        Assert.Equal(HttpStatusCode.OK, (await hr.GetAsync(Payroll)).StatusCode);

        // The same person signs in on the page and signs out there (the sign-out form carries an antiforgery token).
        var browser = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Redirect, (await LoginPageForm.SubmitAsync(browser, DemoData.HrEmail, DemoData.Password)).StatusCode);
        var token = await LoginPageForm.AntiforgeryTokenAsync(browser);
        var signOut = await browser.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal("/account/login", signOut.Headers.Location!.OriginalString);

        Assert.Equal(HttpStatusCode.Unauthorized, (await hr.GetAsync(Payroll)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(refresh)).StatusCode);
        await using var db = app.CreateDbContext();
        var userId = await db.Users.Where(u => u.Email == DemoData.HrEmail).Select(u => u.Id).SingleAsync();
        Assert.All(await db.RefreshSessions.Where(s => s.UserId == userId).ToListAsync(), s => Assert.NotNull(s.RevokedAt));
    }

    [Fact]
    public async Task Static_files_read_no_caller_while_pages_drop_a_sign_in_that_is_no_longer_valid()
    {
        var browser = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Redirect, (await LoginPageForm.SubmitAsync(browser, DemoData.HrEmail, DemoData.Password)).StatusCode);
        await using (var db = app.CreateDbContext())
        {
            await db.Users.Where(u => u.Email == DemoData.HrEmail).ExecuteUpdateAsync(u => u.SetProperty(x => x.SecurityStamp, "changed elsewhere"));
        }

        // A style sheet is the same for everyone: it is served without looking the caller up (no query, no sign-out).
        var css = await browser.GetAsync("/app.css");
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.False(css.Headers.TryGetValues("Set-Cookie", out _), "a static file must not touch the sign-in");

        // A page looks the caller up and drops the stale sign-in: the cookie is deleted and the sign-in page answers.
        var home = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.StartsWith("/account/login", home.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Contains(home.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Identity.Application=;", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Roles_are_read_from_the_database_on_every_call_not_from_the_token()
    {
        // An employee promoted to HR needs no new token: the next call has the new role.
        var (employee, _) = await SignInAsync(DemoData.EmployeeEmail);
        Assert.Equal(HttpStatusCode.Forbidden, (await employee.GetAsync(Payroll)).StatusCode);

        await using (var db = app.CreateDbContext())
        {
            var user = await db.Users.SingleAsync(u => u.Email == DemoData.EmployeeEmail);
            var hrRole = await db.Roles.SingleAsync(r => r.Name == Roles.HR);
            db.UserRoles.Add(new Microsoft.AspNetCore.Identity.IdentityUserRole<string> { UserId = user.Id, RoleId = hrRole.Id });
            await db.SaveChangesAsync();
        }

        Assert.Equal(HttpStatusCode.OK, (await employee.GetAsync(Payroll)).StatusCode);
    }

    [Fact]
    public async Task A_removed_account_is_refused_on_the_next_call()
    {
        var (manager, _) = await SignInAsync(DemoData.ManagerEmail);
        int sales;
        await using (var db = app.CreateDbContext())
        {
            sales = await db.Departments.Where(d => d.Name == DemoData.SalesDepartmentName).Select(d => d.Id).SingleAsync();
        }

        var facts = $"/api/periods/{FactsTestSupport.MonthKey(TestClock.ThisMonth)}/template?department={sales}&format=csv";
        Assert.Equal(HttpStatusCode.OK, (await manager.GetAsync(facts)).StatusCode);

        await using (var db = app.CreateDbContext())
        {
            await db.Users.Where(u => u.Email == DemoData.ManagerEmail).ExecuteDeleteAsync();
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await manager.GetAsync(facts)).StatusCode);
    }

    private async Task<(HttpClient Client, string RefreshToken)> SignInAsync(string email, string password = DemoData.Password)
    {
        var client = app.CreateClient();
        var response = await client.LoginAsync(email, password);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", json.RootElement.GetProperty("accessToken").GetString());
        return (client, json.RootElement.GetProperty("refreshToken").GetString()!);
    }

    private async Task<HttpResponseMessage> RefreshAsync(string refreshToken) =>
        await app.CreateClient().PostAsJsonAsync("/api/auth/refresh", new { refreshToken });

    private async Task AsOwnerAsync(Func<UsersService, UserContext, Task> action)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await action(scope.ServiceProvider.GetRequiredService<UsersService>(), await app.ActorAsync(DemoData.OwnerEmail));
    }

    private static async Task<EmployeeOption?> LinkAsync(UsersService users, UserContext owner, int? employeeId) =>
        employeeId is { } id ? (await users.LinkableEmployeesAsync(owner, id)).Single(e => e.Id == id) : null;
}
