using System.Net;
using System.Text.Json;
using KpiPlanner.Infrastructure.Demo;
using KpiPlanner.Infrastructure.Identity;
using KpiPlanner.Testing;
using KpiPlanner.Web.Features.Account;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace KpiPlanner.IntegrationTests;

/// <summary>
/// Sign-in does not tell which e-mails have an account (issue 12): an unknown e-mail gets the same answers as a known
/// one with a wrong password, on the API and on the login page, lockout included (the smart lockout counts every
/// e-mail per address alike: these tests all come from one address).
/// </summary>
[Collection(AppCollection.Name)]
public sealed class SignInOracleTests(KpiAppFactory app) : IAsyncLifetime
{
    private const string Wrong = "Wrong123!";

    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_api_locks_an_unknown_email_after_as_many_failures_as_a_known_one_with_the_same_answers()
    {
        var client = app.CreateClient();
        var unknown = UnknownEmail();
        var attempts = app.Services.GetRequiredService<IOptions<IdentityOptions>>().Value.Lockout.MaxFailedAccessAttempts;
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            var known = await client.LoginAsync(DemoData.EmployeeEmail, Wrong);
            var nobody = await client.LoginAsync(unknown, Wrong);

            var expected = attempt < attempts ? HttpStatusCode.Unauthorized : HttpStatusCode.TooManyRequests;
            Assert.Equal(expected, known.StatusCode);
            Assert.Equal(expected, nobody.StatusCode);
            Assert.Equal(await ProblemAsync(known), await ProblemAsync(nobody));
        }

        // While locked, even the right password is refused, and the unknown e-mail is answered the same.
        var right = await client.LoginAsync(DemoData.EmployeeEmail, DemoData.Password);
        var again = await client.LoginAsync(unknown, DemoData.Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, again.StatusCode);
        Assert.Equal(await ProblemAsync(right), await ProblemAsync(again));
        Assert.Contains("заблокирован", (await ProblemAsync(again))["detail"], StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_login_page_locks_an_unknown_email_after_as_many_failures_as_a_known_one_with_the_same_messages()
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var unknown = UnknownEmail();
        var attempts = app.Services.GetRequiredService<IOptions<IdentityOptions>>().Value.Lockout.MaxFailedAccessAttempts;
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            var known = await LoginPageForm.SubmitAsync(client, DemoData.ManagerEmail, Wrong);
            var nobody = await LoginPageForm.SubmitAsync(client, unknown, Wrong);

            Assert.Equal(HttpStatusCode.OK, known.StatusCode);
            Assert.Equal(HttpStatusCode.OK, nobody.StatusCode);
            var message = await LoginPageForm.ErrorAsync(known);
            Assert.Equal(message, await LoginPageForm.ErrorAsync(nobody));
            Assert.Equal(attempt < attempts ? "Неверный e-mail или пароль." : LockedMessage, message);
        }

        var right = await LoginPageForm.SubmitAsync(client, DemoData.ManagerEmail, DemoData.Password);
        var again = await LoginPageForm.SubmitAsync(client, unknown, DemoData.Password);
        Assert.Equal(LockedMessage, await LoginPageForm.ErrorAsync(right));
        Assert.Equal(LockedMessage, await LoginPageForm.ErrorAsync(again));
    }

    [Fact]
    public async Task The_page_and_the_api_share_the_count_of_an_unknown_email_as_they_do_for_an_account()
    {
        var page = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var api = app.CreateClient();
        var unknown = UnknownEmail();
        for (var attempt = 1; attempt < 5; attempt++)
        {
            await LoginPageForm.SubmitAsync(page, DemoData.HrEmail, Wrong);
            await LoginPageForm.SubmitAsync(page, unknown, Wrong);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await api.LoginAsync(DemoData.HrEmail, Wrong)).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await api.LoginAsync(unknown, Wrong)).StatusCode);
    }

    [Fact]
    public async Task An_unknown_email_is_locked_for_the_lockout_time_then_counts_again_from_zero()
    {
        var clock = Assert.IsType<FakeTimeProvider>(app.Clock);
        var lockout = app.Services.GetRequiredService<IOptions<IdentityOptions>>().Value.Lockout;
        var client = app.CreateClient();
        var unknown = UnknownEmail().ToUpperInvariant();
        for (var attempt = 0; attempt < lockout.MaxFailedAccessAttempts; attempt++)
        {
            await client.LoginAsync(unknown, Wrong);
        }

        // The count is per e-mail whatever its letter case, as for an account.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.LoginAsync(unknown.ToLowerInvariant(), Wrong)).StatusCode);
        clock.Advance(lockout.DefaultLockoutTimeSpan - TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.LoginAsync(unknown, Wrong)).StatusCode);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.LoginAsync(unknown, Wrong)).StatusCode);
        for (var attempt = 2; attempt < lockout.MaxFailedAccessAttempts; attempt++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.LoginAsync(unknown, Wrong)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.LoginAsync(unknown, Wrong)).StatusCode);
    }

    [Fact]
    public async Task The_lockout_remembers_a_bounded_number_of_emails_and_addresses()
    {
        // The app's own rule with fewer entries (the default 10 000 would take minutes of round trips here).
        var clock = new FakeTimeProvider(TestClock.Now) { AutoAdvanceAmount = TimeSpan.FromMilliseconds(1) };
        var lockout = new SignInLockout(clock, Options.Create(new IdentityOptions()), new SignInCounters(app.ConnectionString)) { MaxEntries = 100 };
        for (var i = 0; i < lockout.MaxEntries * 3; i++)
        {
            await lockout.RecordFailureAsync($"FLOOD{i}@EXAMPLE.COM", $"10.0.{i / 256 % 256}.{i % 256}");
            Assert.True(await lockout.CountAsync() <= lockout.MaxEntries);
        }

        // A recent e-mail is still counted: the longest-idle ones made room.
        for (var i = 0; i < 4; i++)
        {
            Assert.False(await lockout.RecordFailureAsync("RECENT@EXAMPLE.COM", "192.0.2.1"));
        }

        Assert.True(await lockout.RecordFailureAsync("RECENT@EXAMPLE.COM", "192.0.2.1"));
        Assert.True(await lockout.IsLockedOutAsync("RECENT@EXAMPLE.COM", "192.0.2.1"));
        Assert.False(await lockout.IsLockedOutAsync("RECENT@EXAMPLE.COM", "192.0.2.2")); // from another address it is not locked
        Assert.True(await lockout.CountAsync() <= lockout.MaxEntries);

        // Known addresses are bounded alike.
        for (var i = 0; i < lockout.MaxEntries * 2; i++)
        {
            await lockout.RecordSuccessAsync($"PERSON{i}@EXAMPLE.COM", "192.0.2.9");
            Assert.True(await lockout.CountAsync() <= lockout.MaxEntries);
        }
    }

    [Fact]
    public async Task A_password_reset_lifts_the_emails_locks_from_every_address_and_a_known_address_outlives_the_ceiling()
    {
        var clock = new FakeTimeProvider(TestClock.Now);
        var lockout = new SignInLockout(clock, Options.Create(new IdentityOptions()), new SignInCounters(app.ConnectionString));
        await lockout.RecordSuccessAsync("OWNER@EXAMPLE.COM", "192.0.2.1");
        for (var i = 0; i < SignInLockout.AccountCeiling; i++)
        {
            await lockout.RecordFailureAsync("OWNER@EXAMPLE.COM", i % 2 == 0 ? "198.51.100.1" : $"203.0.113.{i}");
        }

        Assert.True(await lockout.IsLockedOutAsync("OWNER@EXAMPLE.COM", "198.51.100.1"));
        Assert.True(await lockout.IsLockedOutAsync("OWNER@EXAMPLE.COM", "203.0.113.250"));
        Assert.True(await lockout.IsLockedForUnknownAddressesAsync("OWNER@EXAMPLE.COM"));
        Assert.False(await lockout.IsLockedOutAsync("OWNER@EXAMPLE.COM", "192.0.2.1")); // known: it signed in from there

        await lockout.ReleaseAsync("OWNER@EXAMPLE.COM");

        Assert.False(await lockout.IsLockedOutAsync("OWNER@EXAMPLE.COM", "198.51.100.1"));
        Assert.False(await lockout.IsLockedOutAsync("OWNER@EXAMPLE.COM", "203.0.113.250"));
        Assert.False(await lockout.IsLockedForUnknownAddressesAsync("OWNER@EXAMPLE.COM"));
    }

    private const string LockedMessage = "Слишком много неудачных попыток. Вход заблокирован на 5 минут; попробуйте позже или попросите HR сбросить пароль.";

    private static string UnknownEmail() => $"nobody-{Guid.NewGuid():N}@demo.local";

    // The problem details without the request's own trace id.
    private static async Task<Dictionary<string, string>> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.EnumerateObject().Where(p => p.Name != "traceId").ToDictionary(p => p.Name, p => p.Value.ToString());
    }
}
