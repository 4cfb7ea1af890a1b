using System.Globalization;
using HttpStatusCode = System.Net.HttpStatusCode;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using KpiPlanner.Domain.Organisation;
using KpiPlanner.Domain.Planning;
using KpiPlanner.Testing;
using KpiPlanner.Web.Features.Users;
using KpiPlanner.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace KpiPlanner.Web.Tests.Browser;

/// <summary>
/// Rights taken away — a role, the account itself (disabled), the password — take effect in an open tab, for a copied
/// cookie and for a bearer token issued before, not at the next sign-in.
/// </summary>
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
    public async Task Hr_whose_account_the_owner_disables_on_the_users_page_is_signed_out_and_the_old_bearer_token_is_refused()
    {
        await Fixture.App.ResetAsync();
        using var api = new HttpClient { BaseAddress = Fixture.App.BaseAddress };
        var token = await BearerTokenAsync(api, HrEmail);
        var hr = await SignedInPageAsync(HrEmail);
        await hr.GotoAsync("/pay/" + Period.Key(TestClock.ThisMonth));
        await Expect(hr.GetByTestId("pay-ready")).ToBeAttachedAsync();
        Assert.Equal(HttpStatusCode.OK, (await PayrollAsync(api, token)).StatusCode);

        // The owner disables HR through the users page's dialog, with a reason.
        var owner = await SignedInPageAsync(OwnerEmail);
        await owner.GotoAsync("/users");
        await WaitUntilInteractiveAsync(owner);
        var row = owner.GetByTestId("users-grid").Locator("tr", new() { HasText = HrEmail });
        await Expect(row.GetByTestId("user-disable")).ToBeVisibleAsync();
        await Expect(owner.GetByTestId("users-grid").Locator("tr", new() { HasText = OwnerEmail }).GetByTestId("user-disable")).ToHaveCountAsync(0); // not oneself
        await row.GetByTestId("user-disable").ClickAsync();
        var dialog = owner.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToContainTextAsync(HrEmail);
        await dialog.GetByTestId("state-save").ClickAsync();
        await Expect(dialog).ToContainTextAsync("Заполните поле «Причина»"); // the reason is required, said next to the field
        await dialog.GetByTestId("state-reason").FillAsync("Уволена 5 декабря, приказ № 42");
        await ScreenshotAsync(owner, "users-disable-dialog");
        await dialog.GetByTestId("state-save").ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);

        // HR's next action in the open tab is refused, and within the revalidation interval the tab is signed out.
        await NextActionIsRefusedAsync(hr, hr.GetByTestId("pay-calculate"));
        await using (var db = Fixture.App.CreateDbContext())
        {
            Assert.NotEqual(PeriodStatus.Calculated, (await db.Periods.SingleAsync(p => p.Month == TestClock.ThisMonth)).Status);
        }

        await Expect(row.GetByTestId("user-disabled")).ToHaveTextAsync(
            $"Отключена с {TestClock.Today.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture)}, отключил(а) {OwnerEmail}: Уволена 5 декабря, приказ № 42");
        await Expect(row.GetByTestId("user-enable")).ToBeVisibleAsync();
        await ScreenshotAsync(owner, "users-disabled");

        // The bearer token HR got before is refused, and signing in again says why.
        Assert.Equal(HttpStatusCode.Unauthorized, (await PayrollAsync(api, token)).StatusCode);
        await FillLoginFormAsync(hr, HrEmail, DemoPassword);
        await Expect(hr.GetByTestId("login-error")).ToHaveTextAsync("Учётная запись отключена или срок работы в компании закончился: войти нельзя. Обратитесь в HR.");
        await ScreenshotAsync(hr, "login-disabled");

        // The owner enables the account again: HR signs in.
        await row.GetByTestId("user-enable").ClickAsync();
        await dialog.GetByTestId("state-reason").FillAsync("Отключена по ошибке");
        await dialog.GetByTestId("state-save").ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(row.GetByTestId("user-state")).ToHaveTextAsync("Активна");
        await SignInAsync(hr, HrEmail);
    }

    [Fact]
    public async Task Hr_whose_password_the_owner_resets_is_signed_out_and_the_old_bearer_token_is_refused()
    {
        await Fixture.App.ResetAsync();
        using var api = new HttpClient { BaseAddress = Fixture.App.BaseAddress };
        var token = await BearerTokenAsync(api, HrEmail);
        var hr = await SignedInPageAsync(HrEmail);
        await hr.GotoAsync("/pay/" + Period.Key(TestClock.ThisMonth));
        await Expect(hr.GetByTestId("pay-ready")).ToBeAttachedAsync();
        Assert.Equal(HttpStatusCode.OK, (await PayrollAsync(api, token)).StatusCode);

        var owner = await SignedInPageAsync(OwnerEmail);
        await owner.GotoAsync("/users");
        await WaitUntilInteractiveAsync(owner);
        var row = owner.GetByTestId("users-grid").Locator("tr", new() { HasText = HrEmail });
        await row.GetByRole(AriaRole.Button, new() { Name = "Сбросить пароль" }).ClickAsync();
        var dialog = owner.GetByRole(AriaRole.Dialog);
        await dialog.GetByTestId("reset-password").FillAsync("Another123!");
        await dialog.GetByTestId("reset-save").ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(owner.GetByText($"Пароль для {HrEmail} изменён.")).ToBeVisibleAsync();

        await NextActionIsRefusedAsync(hr, hr.GetByTestId("pay-calculate"));
        await using (var db = Fixture.App.CreateDbContext())
        {
            Assert.NotEqual(PeriodStatus.Calculated, (await db.Periods.SingleAsync(p => p.Month == TestClock.ThisMonth)).Status);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await PayrollAsync(api, token)).StatusCode);
        await SignInAsync(hr, HrEmail, "Another123!");
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

    /// <summary>
    /// The tab's next action is refused and the tab ends on the sign-in page within the revalidation interval. The
    /// click goes through the UI, which takes longer than the interval here (2 s), so the tab's own revalidation may
    /// already have sent it to the sign-in page: that is the same refusal, and the click then has nothing to press.
    /// </summary>
    private static async Task NextActionIsRefusedAsync(IPage tab, ILocator action)
    {
        try
        {
            await action.ClickAsync(new() { Timeout = 5_000 });
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            // Revalidation got there first: the button went away with the page while the tab moves to the sign-in page
            // (the check below says where it ends, and the callers check that nothing was done).
        }

        await Expect(tab).ToHaveURLAsync(LoginUrl, new() { Timeout = (BrowserApp.RevalidationSeconds * 1000) + BrowserFixture.Timeout });
    }

    private static async Task<string> BearerTokenAsync(HttpClient api, string email)
    {
        var response = await api.PostAsJsonAsync("/api/auth/login", new { email, password = DemoPassword });
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("accessToken").GetString()!;
    }

    private static async Task<HttpResponseMessage> PayrollAsync(HttpClient api, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/periods/{Period.Key(TestClock.LastMonth)}/payroll");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await api.SendAsync(request);
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
