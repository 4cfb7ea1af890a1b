using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using KpiPlanner.Domain.Audit;
using KpiPlanner.Domain.Organisation;
using KpiPlanner.Infrastructure.Demo;
using KpiPlanner.Infrastructure.Identity;
using KpiPlanner.Testing;
using KpiPlanner.Web.Features.Users;
using KpiPlanner.Web.Security;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KpiPlanner.IntegrationTests;

/// <summary>
/// Offboarding (issue 12): the owner and HR disable and enable accounts with a reason, audited; a disabled account, or
/// one whose employee left before today, signs in nowhere and every sign-in it already holds dies on its next call.
/// </summary>
[Collection(AppCollection.Name)]
public sealed partial class OffboardingTests(KpiAppFactory app) : IAsyncLifetime
{
    private const string Reason = "Уволена 05.12, приказ № 42";
    private static readonly string Payroll = $"/api/periods/{FactsTestSupport.MonthKey(TestClock.LastMonth)}/payroll";
    private const string AnyApi = "/openapi/v1.json"; // any signed-in account reads it

    private AsyncServiceScope scope;

    private UsersService Users => scope.ServiceProvider.GetRequiredService<UsersService>();

    public async Task InitializeAsync()
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("ru-RU");
        await app.ResetAsync();
        scope = app.Services.CreateAsyncScope();
    }

    public async Task DisposeAsync() => await scope.DisposeAsync();

    // ---- The service: who may disable whom, and what it writes ----

    [Fact]
    public async Task Hr_disables_an_employee_account_with_a_reason_the_stamp_changes_and_the_audit_log_says_who_and_why()
    {
        var hr = await app.ActorAsync(DemoData.HrEmail);
        var before = await AccountAsync(DemoData.EmployeeEmail);

        var result = await Users.DisableAsync(hr, before.Id, "  " + Reason + "  ");

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        var after = await AccountAsync(DemoData.EmployeeEmail);
        Assert.NotNull(after.DisabledAt);
        Assert.Equal(DemoData.HrEmail, after.DisabledBy);
        Assert.Equal(Reason, after.DisabledReason);
        Assert.NotEqual(before.SecurityStamp, after.SecurityStamp);
        Assert.Equal(before.PasswordHash, after.PasswordHash);
        Assert.Equal(before.EmployeeId, after.EmployeeId); // the link stays for history

        var entry = Assert.Single(await AuditAsync());
        Assert.Equal(AuditAction.AccountDisabled, entry.Action);
        Assert.Equal(DemoData.HrEmail, entry.By);
        Assert.Equal(before.EmployeeId, entry.EmployeeId);
        Assert.Equal(Reason, entry.Reason);
        Assert.Equal(DemoData.EmployeeEmail, entry.NewValue);
        Assert.Null(entry.Month);

        var row = (await Users.ListAsync(hr)).Single(u => u.Email == DemoData.EmployeeEmail);
        Assert.Equal(new Disabling(TestClock.Today, DemoData.HrEmail, Reason), row.Disabled);
        Assert.False((await Users.ListAsync(hr)).Single(u => u.Email == DemoData.ManagerEmail).IsDisabled);
    }

    [Fact]
    public async Task Enabling_clears_the_three_fields_and_writes_its_own_audit_entry()
    {
        var owner = await app.ActorAsync(DemoData.OwnerEmail);
        var id = (await AccountAsync(DemoData.ManagerEmail)).Id;
        Assert.True((await Users.DisableAsync(owner, id, Reason)).Succeeded);

        var result = await Users.EnableAsync(owner, id, "Вернулся из длительного отпуска");

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        var account = await AccountAsync(DemoData.ManagerEmail);
        Assert.Null(account.DisabledAt);
        Assert.Null(account.DisabledBy);
        Assert.Null(account.DisabledReason);
        Assert.Equal([AuditAction.AccountDisabled, AuditAction.AccountEnabled], (await AuditAsync()).Select(a => a.Action));
        var enabled = (await AuditAsync())[1];
        Assert.Equal((DemoData.OwnerEmail, "Вернулся из длительного отпуска", account.EmployeeId), (enabled.By, enabled.Reason, enabled.EmployeeId));
        Assert.Null((await Users.ListAsync(owner)).Single(u => u.Email == DemoData.ManagerEmail).Disabled);
    }

    [Theory]
    [InlineData(DemoData.ManagerEmail)]
    [InlineData(DemoData.EmployeeEmail)]
    [InlineData(null)] // a sign-in that is no longer valid
    public async Task A_caller_without_the_right_to_manage_users_is_refused_and_nothing_changes(string? email)
    {
        var caller = email is null ? UserContext.Nobody : await app.ActorAsync(email);
        var target = (await AccountAsync(DemoData.EmployeeEmail)).Id;
        var before = await SnapshotAsync();

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Users.DisableAsync(caller, target, Reason));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Users.EnableAsync(caller, target, Reason));

        Assert.Equal(before, await SnapshotAsync());
    }

    [Theory]
    [InlineData(DemoData.OwnerEmail)]
    [InlineData(Hr2)]
    public async Task Hr_cannot_disable_an_owner_or_another_hr_user_and_nothing_changes(string target)
    {
        await CreateAsync(Hr2, Roles.HR);
        var id = (await AccountAsync(target)).Id;
        var before = await SnapshotAsync();

        var result = await Users.DisableAsync(await app.ActorAsync(DemoData.HrEmail), id, Reason);

        Assert.Equal("Отключать и включать учётные записи HR и собственника может только собственник.", Assert.Single(result.Errors));
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task Hr_cannot_enable_a_disabled_hr_user_but_the_owner_can()
    {
        var owner = await app.ActorAsync(DemoData.OwnerEmail);
        await CreateAsync(Hr2, Roles.HR);
        var id = (await AccountAsync(Hr2)).Id;
        Assert.True((await Users.DisableAsync(owner, id, Reason)).Succeeded);
        var before = await SnapshotAsync();

        var byHr = await Users.EnableAsync(await app.ActorAsync(DemoData.HrEmail), id, "Вернулась");

        Assert.False(byHr.Succeeded);
        Assert.Equal(before, await SnapshotAsync());
        Assert.True((await Users.EnableAsync(owner, id, "Вернулась")).Succeeded);
    }

    [Theory]
    [InlineData(DemoData.HrEmail)]
    [InlineData(DemoData.OwnerEmail)]
    public async Task Nobody_disables_their_own_account(string email)
    {
        var self = await app.ActorAsync(email);
        var before = await SnapshotAsync();

        var result = await Users.DisableAsync(self, self.UserId, Reason);

        Assert.Equal("Нельзя отключить или включить собственную учётную запись: попросите об этом другого HR или собственника.", Assert.Single(result.Errors));
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task An_owner_disables_another_owner_but_never_the_last_enabled_one()
    {
        var owner = await app.ActorAsync(DemoData.OwnerEmail);
        await CreateAsync("partner@demo.local", Roles.Owner);
        var partner = (await AccountAsync("partner@demo.local")).Id;

        // While the demo owner may sign in, the partner can go.
        Assert.True((await Users.DisableAsync(owner, partner, Reason)).Succeeded);
        Assert.True((await Users.EnableAsync(owner, partner, "Вернулся")).Succeeded);

        // The demo owner's account is disabled meanwhile (another owner did it): the partner is the last one left.
        await using (var db = app.CreateDbContext())
        {
            await db.Users.Where(u => u.Email == DemoData.OwnerEmail)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.DisabledAt, TestClock.Now).SetProperty(u => u.DisabledBy, "partner@demo.local").SetProperty(u => u.DisabledReason, "Продал долю"));
        }

        var before = await SnapshotAsync();
        var result = await Users.DisableAsync(owner, partner, Reason);

        Assert.Equal("Это последний действующий собственник: его учётную запись нельзя отключить. Сначала назначьте собственником кого-то ещё.", Assert.Single(result.Errors));
        Assert.Equal(before, await SnapshotAsync());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public async Task A_reason_is_required_and_the_message_names_the_field(string? reason)
    {
        var id = (await AccountAsync(DemoData.EmployeeEmail)).Id;
        var before = await SnapshotAsync();

        var result = await Users.DisableAsync(await app.ActorAsync(DemoData.HrEmail), id, reason);

        Assert.Equal("Заполните поле «Причина»: она попадёт в журнал изменений.", Assert.Single(result.Errors));
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task A_reason_of_500_characters_is_kept_and_501_are_refused_in_the_users_language()
    {
        var hr = await app.ActorAsync(DemoData.HrEmail);
        var id = (await AccountAsync(DemoData.EmployeeEmail)).Id;
        var before = await SnapshotAsync();

        var tooLong = await Users.DisableAsync(hr, id, new string('я', AppUser.MaxDisabledReasonLength + 1));
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en-US");
        var tooLongEnglish = await Users.DisableAsync(hr, id, new string('я', AppUser.MaxDisabledReasonLength + 1));

        Assert.Equal("Поле «Причина» длиннее 500 символов: сократите текст.", Assert.Single(tooLong.Errors));
        Assert.Equal("The Reason field is longer than 500 characters: shorten it.", Assert.Single(tooLongEnglish.Errors));
        Assert.Equal(before, await SnapshotAsync());

        var longest = new string('я', AppUser.MaxDisabledReasonLength);
        Assert.True((await Users.DisableAsync(hr, id, "  " + longest + "\n")).Succeeded);
        Assert.Equal(longest, (await AccountAsync(DemoData.EmployeeEmail)).DisabledReason);
        Assert.Equal(longest, Assert.Single(await AuditAsync()).Reason);
    }

    [Fact]
    public async Task Disabling_twice_enabling_an_enabled_account_or_an_unknown_id_changes_nothing()
    {
        var hr = await app.ActorAsync(DemoData.HrEmail);
        var id = (await AccountAsync(DemoData.EmployeeEmail)).Id;
        Assert.True((await Users.DisableAsync(hr, id, Reason)).Succeeded);
        var before = await SnapshotAsync();

        var twice = await Users.DisableAsync(hr, id, "Ещё раз");
        var enableEnabled = await Users.EnableAsync(hr, (await AccountAsync(DemoData.ManagerEmail)).Id, "Зачем-то");
        var unknown = await Users.DisableAsync(hr, "no-such-account", Reason);

        Assert.Equal($"Учётная запись {DemoData.EmployeeEmail} уже отключена.", Assert.Single(twice.Errors));
        Assert.Equal($"Учётная запись {DemoData.ManagerEmail} не отключена.", Assert.Single(enableEnabled.Errors));
        Assert.Equal("Учётная запись не найдена: возможно, её уже удалили.", Assert.Single(unknown.Errors));
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task The_list_shows_an_account_whose_employee_left_before_today()
    {
        await SetLeaveDateAsync("0101", TestClock.Today.AddDays(-1));
        await SetLeaveDateAsync("0100", TestClock.Today);

        var rows = await Users.ListAsync(await app.ActorAsync(DemoData.HrEmail));

        Assert.Equal(TestClock.Today.AddDays(-1), rows.Single(u => u.Email == DemoData.EmployeeEmail).LeftOn);
        Assert.Null(rows.Single(u => u.Email == DemoData.ManagerEmail).LeftOn); // still here today
    }

    // ---- Sign-in and the sign-ins an account already holds ----

    [Fact]
    public async Task A_disabled_accounts_bearer_token_refresh_token_and_cookie_are_refused_on_their_next_call()
    {
        var (bearer, refresh) = await SignInAsync(DemoData.HrEmail);
        var browser = CookieClient();
        Assert.True(await FormSignInAsync(browser, DemoData.HrEmail, DemoData.Password));
        Assert.Equal(HttpStatusCode.OK, (await bearer.GetAsync(Payroll)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/users")).StatusCode);

        await DisableAsync(DemoData.HrEmail);

        Assert.Equal(HttpStatusCode.Unauthorized, (await bearer.GetAsync(Payroll)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(refresh)).StatusCode);
        var page = await browser.GetAsync("/users");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/account/login", page.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_disabled_account_does_not_sign_in_and_is_told_so_only_with_the_right_password()
    {
        await DisableAsync(DemoData.EmployeeEmail);
        var client = app.CreateClient();

        var right = await client.LoginAsync(DemoData.EmployeeEmail, DemoData.Password);
        var wrong = await client.LoginAsync(DemoData.EmployeeEmail, "Wrong123!");
        var unknown = await client.LoginAsync("nobody@demo.local", "Wrong123!");

        Assert.Equal(HttpStatusCode.Forbidden, right.StatusCode);
        Assert.Equal("Учётная запись отключена или срок работы в компании закончился: войти нельзя. Обратитесь в HR.", await DetailAsync(right));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(await DetailAsync(unknown), await DetailAsync(wrong));
        Assert.DoesNotContain("accessToken", await right.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The login page: the same.
        Assert.Contains("Обратитесь в HR.", await LoginPageMessageAsync(DemoData.EmployeeEmail, DemoData.Password), StringComparison.Ordinal);
        Assert.Equal("Неверный e-mail или пароль.", await LoginPageMessageAsync(DemoData.EmployeeEmail, "Wrong123!"));

        // A wrong password still counts towards the lockout, as for anyone (two so far): three more and it is locked here.
        for (var attempt = 3; attempt < 5; attempt++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.LoginAsync(DemoData.EmployeeEmail, "Wrong123!")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.LoginAsync(DemoData.EmployeeEmail, "Wrong123!")).StatusCode);
    }

    [Fact]
    public async Task Re_enabling_lets_the_person_sign_in_again_with_their_password()
    {
        await DisableAsync(DemoData.EmployeeEmail);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.CreateClient().LoginAsync(DemoData.EmployeeEmail, DemoData.Password)).StatusCode);

        var id = (await AccountAsync(DemoData.EmployeeEmail)).Id;
        Assert.True((await Users.EnableAsync(await app.ActorAsync(DemoData.HrEmail), id, "Ошибочно отключена")).Succeeded);

        var (client, _) = await SignInAsync(DemoData.EmployeeEmail);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(AnyApi)).StatusCode);
        Assert.True(await FormSignInAsync(CookieClient(), DemoData.EmployeeEmail, DemoData.Password));
    }

    [Fact]
    public async Task Someone_who_left_yesterday_cannot_sign_in_and_their_tokens_and_cookie_die_without_any_change_to_the_account()
    {
        var (bearer, refresh) = await SignInAsync(DemoData.ManagerEmail);
        var browser = CookieClient();
        Assert.True(await FormSignInAsync(browser, DemoData.ManagerEmail, DemoData.Password));
        Assert.Equal(HttpStatusCode.OK, (await bearer.GetAsync(AnyApi)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/plans")).StatusCode);
        var stamp = (await AccountAsync(DemoData.ManagerEmail)).SecurityStamp;

        await SetLeaveDateAsync("0100", TestClock.Today.AddDays(-1));

        Assert.Equal(stamp, (await AccountAsync(DemoData.ManagerEmail)).SecurityStamp);
        Assert.Equal(HttpStatusCode.Unauthorized, (await bearer.GetAsync(AnyApi)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(refresh)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/plans")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.CreateClient().LoginAsync(DemoData.ManagerEmail, DemoData.Password)).StatusCode);
        Assert.Contains("Обратитесь в HR.", await LoginPageMessageAsync(DemoData.ManagerEmail, DemoData.Password), StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_the_leave_date_itself_the_person_still_signs_in_and_works()
    {
        await SetLeaveDateAsync("0101", TestClock.Today);

        var (client, refresh) = await SignInAsync(DemoData.EmployeeEmail);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(AnyApi)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await RefreshAsync(refresh)).StatusCode);
        Assert.True(await FormSignInAsync(CookieClient(), DemoData.EmployeeEmail, DemoData.Password));
    }

    // ---- Helpers ----

    private const string Hr2 = "hr2@demo.local";

    private async Task CreateAsync(string email, string role)
    {
        var created = await Users.CreateAsync(new UserInput { Email = email, Password = "Secret123!", Roles = [role] }, await app.ActorAsync(DemoData.OwnerEmail));
        Assert.True(created.Succeeded, string.Join("; ", created.Errors));
    }

    private async Task DisableAsync(string email)
    {
        var result = await Users.DisableAsync(await app.ActorAsync(DemoData.OwnerEmail), (await AccountAsync(email)).Id, Reason);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
    }

    private async Task<AppUser> AccountAsync(string email)
    {
        await using var db = app.CreateDbContext();
        return await db.Users.AsNoTracking().SingleAsync(u => u.Email == email);
    }

    private async Task<List<AuditEntry>> AuditAsync()
    {
        await using var db = app.CreateDbContext();
        return await db.AuditLog.AsNoTracking().Where(a => a.Action == AuditAction.AccountDisabled || a.Action == AuditAction.AccountEnabled)
            .OrderBy(a => a.Id).ToListAsync();
    }

    private async Task SetLeaveDateAsync(string personnelNumber, DateOnly lastDay)
    {
        await using var db = app.CreateDbContext();
        var employee = await db.Employees.SingleAsync(e => e.PersonnelNumber == personnelNumber);
        employee.Leave(lastDay);
        await db.SaveChangesAsync();
    }

    /// <summary>Every account row as stored, their roles, and the size of the audit log: a refused call changes none.</summary>
    private async Task<string> SnapshotAsync()
    {
        await using var db = app.CreateDbContext();
        var users = await db.Users.AsNoTracking().OrderBy(u => u.Id).ToListAsync();
        var roles = await db.UserRoles.OrderBy(r => r.UserId).ThenBy(r => r.RoleId).Select(r => r.UserId + ":" + r.RoleId).ToListAsync();
        var audit = await db.AuditLog.CountAsync();
        return string.Join("\n", users.Select(u => string.Join("|", u.Id, u.Email, u.SecurityStamp, u.ConcurrencyStamp, u.PasswordHash, u.EmployeeId,
                u.LockoutEnd?.ToString("O", CultureInfo.InvariantCulture), u.AccessFailedCount, u.DisabledAt?.ToString("O", CultureInfo.InvariantCulture), u.DisabledBy, u.DisabledReason)))
            + "\n" + string.Join(",", roles) + "\naudit:" + audit.ToString(CultureInfo.InvariantCulture);
    }

    private async Task<(HttpClient Client, string RefreshToken)> SignInAsync(string email)
    {
        var client = app.CreateClient();
        var response = await client.LoginAsync(email, DemoData.Password);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", json.RootElement.GetProperty("accessToken").GetString());
        return (client, json.RootElement.GetProperty("refreshToken").GetString()!);
    }

    private async Task<HttpResponseMessage> RefreshAsync(string refreshToken) =>
        await app.CreateClient().PostAsJsonAsync("/api/auth/refresh", new { refreshToken });

    /// <summary>A browser-like client: keeps cookies, does not follow redirects, asks for Russian.</summary>
    private HttpClient CookieClient()
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ru-RU");
        return client;
    }

    /// <summary>
    /// Signs in through the login page's form (the cookie path): true when the page sends the browser on to the home
    /// page, false when it answers with a message (see <see cref="LoginPageMessageAsync"/>).
    /// </summary>
    private static async Task<bool> FormSignInAsync(HttpClient client, string email, string password)
    {
        var response = await PostLoginFormAsync(client, email, password);
        var to = response.Headers.Location;
        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.OK, $"{(int)response.StatusCode} → {to}");
        return response.StatusCode is HttpStatusCode.Redirect && to is not null && (to.IsAbsoluteUri ? to.AbsolutePath : to.OriginalString) == "/";
    }

    private async Task<string> LoginPageMessageAsync(string email, string password)
    {
        var response = await PostLoginFormAsync(CookieClient(), email, password);
        var html = await response.Content.ReadAsStringAsync();
        var match = LoginError().Match(html);
        Assert.True(match.Success, $"No message on the login page ({(int)response.StatusCode}).");
        return WebUtility.HtmlDecode(match.Groups[1].Value).Trim();
    }

    private static async Task<HttpResponseMessage> PostLoginFormAsync(HttpClient client, string email, string password)
    {
        var form = await client.GetStringAsync("/account/login");
        var token = AntiforgeryToken().Match(form);
        Assert.True(token.Success, "The login page has no antiforgery token.");
        return await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        }));
    }

    private static async Task<string> DetailAsync(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("detail").GetString()!;
    }

    [GeneratedRegex("<input[^>]*name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    [GeneratedRegex("data-testid=\"login-error\">([^<]*)<")]
    private static partial Regex LoginError();
}
