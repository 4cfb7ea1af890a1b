using KpiPlanner.Domain.Organisation;
using KpiPlanner.Domain.Planning;
using KpiPlanner.Testing;
using KpiPlanner.Web.Features.Users;
using KpiPlanner.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace KpiPlanner.Web.Tests.Browser;

/// <summary>Rights taken away take effect in an open tab and for a copied cookie, not at the next sign-in.</summary>
public sealed class RevocationTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task Hr_whose_role_the_owner_takes_away_is_sent_to_the_sign_in_page_and_the_old_cookie_opens_nothing()
    {
        await Fixture.App.ResetAsync();
        var hr = await SignedInPageAsync(HrEmail);
        await hr.GotoAsync("/pay/" + Period.Key(TestClock.ThisMonth));
        await Expect(hr.GetByTestId("pay-ready")).ToBeAttachedAsync();
        var cookies = await hr.Context.CookiesAsync();

        // The owner, on the users page, makes HR an ordinary employee.
        await using (var scope = Fixture.App.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UsersService>();
            var owner = await OwnerAsync();
            var row = (await users.ListAsync(owner)).Single(u => u.Email == HrEmail);
            var link = row.EmployeeId is { } id ? (await users.LinkableEmployeesAsync(owner, id)).Single(e => e.Id == id) : null;
            var saved = await users.UpdateAsync(row.Id, new UserInput { Email = HrEmail, Roles = [Roles.Employee], Employee = link }, owner);
            Assert.True(saved.Succeeded, string.Join("; ", saved.Errors));
        }

        // HR's next action in the open tab is refused, and within the revalidation interval the tab is signed out.
        await hr.GetByTestId("pay-calculate").ClickAsync();
        await Expect(hr).ToHaveURLAsync(LoginUrl, new() { Timeout = (BrowserApp.RevalidationSeconds * 1000) + BrowserFixture.Timeout });
        await using (var db = Fixture.App.CreateDbContext())
        {
            Assert.NotEqual(PeriodStatus.Calculated, (await db.Periods.SingleAsync(p => p.Month == TestClock.ThisMonth)).Status);
        }

        // A copy of the cookie taken before the change opens nothing.
        var copy = await NewPageAsync();
        await copy.Context.AddCookiesAsync(cookies.Select(Copy));
        await copy.GotoAsync("/pay/" + Period.Key(TestClock.ThisMonth));
        await Expect(copy).ToHaveURLAsync(LoginUrl);
    }

    [Fact]
    public async Task After_signing_out_a_copy_of_the_cookie_taken_before_opens_nothing()
    {
        await Fixture.App.ResetAsync();
        var page = await SignedInPageAsync(ManagerEmail);
        await page.GotoAsync("/plans");
        await WaitUntilInteractiveAsync(page);
        var cookies = await page.Context.CookiesAsync();

        await page.GetByTestId("user-menu").GetByRole(AriaRole.Button).ClickAsync();
        await SubmitAndWaitForNewPageAsync(page, page.GetByTestId("sign-out"));
        await Expect(page).ToHaveURLAsync(LoginUrl);

        var copy = await NewPageAsync();
        await copy.Context.AddCookiesAsync(cookies.Select(Copy));
        await copy.GotoAsync("/plans");
        await Expect(copy).ToHaveURLAsync(LoginUrl);
        var response = await copy.APIRequest.PutAsync($"/api/periods/{Period.Key(TestClock.ThisMonth)}/facts", new() { DataObject = new { facts = Array.Empty<object>() } });
        Assert.Equal(401, response.Status);
    }

    private static Cookie Copy(BrowserContextCookiesResult c) => new()
    {
        Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path, Expires = c.Expires, HttpOnly = c.HttpOnly, Secure = c.Secure, SameSite = c.SameSite,
    };

    private async Task<UserContext> OwnerAsync()
    {
        await using var db = Fixture.App.CreateDbContext();
        var user = await db.Users.SingleAsync(u => u.Email == OwnerEmail);
        return new UserContext(user.Id, OwnerEmail, [Roles.Owner], user.EmployeeId);
    }
}
