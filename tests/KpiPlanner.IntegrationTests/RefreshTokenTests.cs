using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using KpiPlanner.Infrastructure.Demo;
using KpiPlanner.Infrastructure.Identity;
using KpiPlanner.Testing;
using KpiPlanner.Web.Features.Account;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KpiPlanner.IntegrationTests;

/// <summary>
/// A refresh token is good once (issue 12): exchanging it gives the next one of the same family; a used token
/// presented again revokes the whole family; every refusal is the same 401 and changes nothing else.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class RefreshTokenTests(KpiAppFactory app) : IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_refresh_token_works_once_and_its_reuse_revokes_the_token_issued_from_it()
    {
        var login = await LoginAsync(DemoData.ManagerEmail);

        var first = await RefreshAsync(login.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var next = await TokensAsync(first);
        Assert.NotEqual(login.RefreshToken, next.RefreshToken);

        var again = await RefreshAsync(login.RefreshToken);
        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(next.RefreshToken)).StatusCode);

        // Both rows of the family are revoked; the first was used, the second never was.
        var rows = await SessionsAsync(DemoData.ManagerEmail);
        Assert.Equal(2, rows.Count);
        Assert.Single(rows.Select(r => r.Family).Distinct());
        Assert.All(rows, r => Assert.NotNull(r.RevokedAt));
        Assert.Single(rows, r => r.UsedAt is not null);

        // Presented again, the revoked tokens are refused and change nothing more.
        var revoked = await AllSessionsAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(login.RefreshToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(next.RefreshToken)).StatusCode);
        Assert.Equal(revoked, await AllSessionsAsync());
    }

    [Fact]
    public async Task Each_refresh_gives_the_next_token_of_the_family_and_a_working_access_token()
    {
        var tokens = await LoginAsync(DemoData.HrEmail);
        for (var i = 0; i < 3; i++)
        {
            var response = await RefreshAsync(tokens.RefreshToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            tokens = await TokensAsync(response);
        }

        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/openapi/v1.json")).StatusCode);

        var rows = await SessionsAsync(DemoData.HrEmail);
        Assert.Equal(4, rows.Count);
        Assert.Single(rows.Select(r => r.Family).Distinct());
        Assert.Equal(3, rows.Count(r => r.UsedAt is not null));
        Assert.All(rows, r => Assert.Null(r.RevokedAt));

        // The row's expiry is the refresh token's: issued now, for BearerTokenOptions.RefreshTokenExpiration (the
        // token keeps it to the whole second).
        var expiration = app.Services.GetRequiredService<IOptionsMonitor<BearerTokenOptions>>().Get(IdentityConstants.BearerScheme).RefreshTokenExpiration;
        Assert.All(rows, r => Assert.InRange(r.ExpiresAt - r.IssuedAt, expiration - TimeSpan.FromSeconds(1), expiration));
        var ticket = Protector().Unprotect(tokens.RefreshToken)!;
        var last = rows.Single(r => r.UsedAt is null);
        Assert.Equal(last.Id.ToString("N"), ticket.Principal.FindFirstValue(RefreshTokens.SessionClaimType));
        Assert.InRange(ticket.Properties.ExpiresUtc!.Value - last.ExpiresAt, TimeSpan.Zero, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Of_two_concurrent_refreshes_of_one_token_exactly_one_succeeds()
    {
        for (var round = 0; round < 5; round++)
        {
            var login = await LoginAsync(DemoData.EmployeeEmail);
            using var start = new SemaphoreSlim(0);
            var racers = Enumerable.Range(0, 2).Select(async _ =>
            {
                await start.WaitAsync();
                return await RefreshAsync(login.RefreshToken);
            }).ToList();
            start.Release(2);
            var answers = await Task.WhenAll(racers);

            Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
            Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Unauthorized);
        }
    }

    [Fact]
    public async Task A_refused_refresh_leaves_the_refresh_sessions_as_they_were()
    {
        var login = await LoginAsync(DemoData.OwnerEmail);
        var used = await LoginAsync(DemoData.OwnerEmail);
        Assert.Equal(HttpStatusCode.OK, (await RefreshAsync(used.RefreshToken)).StatusCode);
        var foreign = SessionId(Protector().Unprotect((await LoginAsync(DemoData.EmployeeEmail)).RefreshToken)!);
        var before = await AllSessionsAsync();

        var valid = Protector().Unprotect(login.RefreshToken)!;
        string[] refused =
        [
            "not-a-token",
            string.Empty,
            login.RefreshToken[..^4] + "AAAA",
            // A bearer access token is not a refresh token.
            login.AccessToken,
            // Expired (the ticket says so), otherwise valid.
            Protector().Protect(new AuthenticationTicket(valid.Principal, new AuthenticationProperties { ExpiresUtc = app.Clock.GetUtcNow().AddSeconds(-1) }, valid.AuthenticationScheme)),
            // Unknown to the table: a session id that was never issued.
            Protector().Protect(WithSession(valid, Guid.NewGuid())),
            // Someone else's session id in the owner's token.
            Protector().Protect(WithSession(valid, foreign)),
        ];
        foreach (var token in refused)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(token)).StatusCode);
        }

        Assert.Equal(before, await AllSessionsAsync());

        // An expired row is refused too, and stays as it is (no reuse, nothing revoked).
        await using (var db = app.CreateDbContext())
        {
            var id = SessionId(valid);
            await db.RefreshSessions.Where(s => s.Id == id).ExecuteUpdateAsync(u => u.SetProperty(s => s.ExpiresAt, app.Clock.GetUtcNow().AddSeconds(-1)));
        }

        before = await AllSessionsAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(login.RefreshToken)).StatusCode);
        Assert.Equal(before, await AllSessionsAsync());
    }

    [Fact]
    public async Task A_changed_security_stamp_refuses_the_refresh_token_and_changes_no_session()
    {
        var login = await LoginAsync(DemoData.HrEmail);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            await users.UpdateSecurityStampAsync((await users.FindByEmailAsync(DemoData.HrEmail))!);
        }

        var before = await AllSessionsAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(login.RefreshToken)).StatusCode);
        Assert.Equal(before, await AllSessionsAsync());
    }

    [Fact]
    public async Task An_account_that_may_no_longer_sign_in_cannot_refresh()
    {
        // CanSignInAsync decides; here it refuses an account whose e-mail is not confirmed (a host that requires it).
        await using var strict = app.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
            s.Configure<IdentityOptions>(o => o.SignIn.RequireConfirmedEmail = true)));
        var login = await LoginAsync(DemoData.EmployeeEmail, strict.CreateClient());
        await using (var db = app.CreateDbContext())
        {
            await db.Users.Where(u => u.Email == DemoData.EmployeeEmail).ExecuteUpdateAsync(u => u.SetProperty(x => x.EmailConfirmed, false));
        }

        var before = await AllSessionsAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, (await strict.CreateClient().PostAsJsonAsync("/api/auth/refresh", new { refreshToken = login.RefreshToken })).StatusCode);
        Assert.Equal(before, await AllSessionsAsync());
    }

    [Fact]
    public async Task Signing_in_again_deletes_the_accounts_expired_sessions_only()
    {
        var old = await LoginAsync(DemoData.ManagerEmail);
        var current = await LoginAsync(DemoData.ManagerEmail);
        var otherAccount = await LoginAsync(DemoData.EmployeeEmail);
        var expiredId = SessionId(Protector().Unprotect(old.RefreshToken)!);
        var otherId = SessionId(Protector().Unprotect(otherAccount.RefreshToken)!);
        await using (var db = app.CreateDbContext())
        {
            var past = app.Clock.GetUtcNow().AddMinutes(-1);
            await db.RefreshSessions.Where(s => s.Id == expiredId || s.Id == otherId).ExecuteUpdateAsync(u => u.SetProperty(s => s.ExpiresAt, past));
        }

        await LoginAsync(DemoData.ManagerEmail);

        var ids = (await AllSessionsAsync()).Select(r => r.Id).ToList();
        Assert.DoesNotContain(expiredId, ids);
        Assert.Contains(otherId, ids);
        Assert.Contains(SessionId(Protector().Unprotect(current.RefreshToken)!), ids);
    }

    private static AuthenticationTicket WithSession(AuthenticationTicket ticket, Guid session)
    {
        var identity = new ClaimsIdentity(
            ticket.Principal.Claims.Where(c => c.Type != RefreshTokens.SessionClaimType).Append(new Claim(RefreshTokens.SessionClaimType, session.ToString("N"))),
            ticket.Principal.Identity!.AuthenticationType);
        return new AuthenticationTicket(new ClaimsPrincipal(identity), ticket.Properties, ticket.AuthenticationScheme);
    }

    private static Guid SessionId(AuthenticationTicket ticket) => Guid.ParseExact(ticket.Principal.FindFirstValue(RefreshTokens.SessionClaimType)!, "N");

    private ISecureDataFormat<AuthenticationTicket> Protector() =>
        app.Services.GetRequiredService<IOptionsMonitor<BearerTokenOptions>>().Get(IdentityConstants.BearerScheme).RefreshTokenProtector;

    private async Task<Tokens> LoginAsync(string email, HttpClient? client = null)
    {
        var response = await (client ?? app.CreateClient()).LoginAsync(email, DemoData.Password);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await TokensAsync(response);
    }

    private static async Task<Tokens> TokensAsync(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return new Tokens(json.RootElement.GetProperty("accessToken").GetString()!, json.RootElement.GetProperty("refreshToken").GetString()!);
    }

    private async Task<HttpResponseMessage> RefreshAsync(string refreshToken) =>
        await app.CreateClient().PostAsJsonAsync("/api/auth/refresh", new { refreshToken });

    private async Task<List<RefreshSession>> SessionsAsync(string email)
    {
        await using var db = app.CreateDbContext();
        var userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
        return await db.RefreshSessions.AsNoTracking().Where(s => s.UserId == userId).OrderBy(s => s.IssuedAt).ToListAsync();
    }

    private async Task<List<SessionRow>> AllSessionsAsync()
    {
        await using var db = app.CreateDbContext();
        return await db.RefreshSessions.AsNoTracking().OrderBy(s => s.Id)
            .Select(s => new SessionRow(s.Id, s.UserId, s.Family, s.IssuedAt, s.ExpiresAt, s.UsedAt, s.RevokedAt))
            .ToListAsync();
    }

    private sealed record Tokens(string AccessToken, string RefreshToken);

    private sealed record SessionRow(Guid Id, string UserId, Guid Family, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt, DateTimeOffset? UsedAt, DateTimeOffset? RevokedAt);
}
