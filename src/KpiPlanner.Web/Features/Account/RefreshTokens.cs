using System.Globalization;
using System.Security.Claims;
using KpiPlanner.Infrastructure;
using KpiPlanner.Infrastructure.Identity;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace KpiPlanner.Web.Features.Account;

/// <summary>
/// Single-use, rotated refresh tokens. A bearer sign-in starts a token family: a <see cref="RefreshSession"/> row
/// whose id rides inside the refresh token (<see cref="SessionClaimType"/>). Exchanging a token marks its row used —
/// atomically, so two concurrent exchanges of one token cannot both succeed — and issues the next token of the family.
/// A used token presented again means it was copied: the whole family is revoked, so the token issued from it is
/// refused too. Every refusal looks the same to the caller.
/// </summary>
public sealed partial class RefreshTokens(
    KpiDbContext db,
    SignInManager<AppUser> signIn,
    IOptionsMonitor<BearerTokenOptions> bearer,
    TimeProvider time,
    ILogger<RefreshTokens> logger)
{
    /// <summary>The claim that carries the refresh session's id inside the tokens.</summary>
    public const string SessionClaimType = "kpi:refresh_session";

    private BearerTokenOptions Options => bearer.Get(IdentityConstants.BearerScheme);

    /// <summary>
    /// A password sign-in: starts a new family and returns the principal to sign in with the bearer scheme, carrying
    /// the first session's id. The account's own expired sessions are deleted on the way.
    /// </summary>
    public async Task<ClaimsPrincipal> StartAsync(AppUser user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        var now = time.GetUtcNow();
        await db.RefreshSessions.Where(s => s.UserId == user.Id && s.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
        var principal = await signIn.CreateUserPrincipalAsync(user);
        principal.Identities.First().AddClaim(new Claim("amr", "pwd"));
        return await IssueAsync(user.Id, Guid.NewGuid(), principal, now, cancellationToken);
    }

    /// <summary>
    /// The principal of the next token of the family, or null when the refresh token is refused: malformed, expired,
    /// unknown, used (which revokes its family), revoked, for an account whose security stamp changed or that may not
    /// sign in. A refusal changes nothing but the revocation on reuse.
    /// </summary>
    public async Task<ClaimsPrincipal?> ExchangeAsync(string? refreshToken, CancellationToken cancellationToken = default)
    {
        var ticket = Options.RefreshTokenProtector.Unprotect(refreshToken);
        var now = time.GetUtcNow();
        if (ticket?.Properties.ExpiresUtc is not { } expires || now >= expires
            || !Guid.TryParseExact(ticket.Principal.FindFirstValue(SessionClaimType), "N", out var id)
            || ticket.Principal.FindFirstValue(ClaimTypes.NameIdentifier) is not { } userId)
        {
            return null;
        }

        var session = await db.RefreshSessions.AsNoTracking()
            .Where(s => s.Id == id && s.UserId == userId)
            .Select(s => new
            {
                s.Family,
                s.ExpiresAt,
                s.UsedAt,
                Revoked = s.RevokedAt != null || db.RefreshSessions.Any(f => f.Family == s.Family && f.RevokedAt != null),
            })
            .SingleOrDefaultAsync(cancellationToken);
        if (session is null || session.Revoked || now >= session.ExpiresAt)
        {
            return null;
        }

        if (session.UsedAt is not null)
        {
            await RevokeFamilyAsync(userId, session.Family, now);
            return null;
        }

        if (await signIn.ValidateSecurityStampAsync(ticket.Principal) is not { } user || !await signIn.CanSignInAsync(user))
        {
            return null;
        }

        // Check and mark in one statement: of two concurrent exchanges of this token, one finds it unused.
        var marked = await db.RefreshSessions
            .Where(s => s.Id == id && s.UsedAt == null && s.RevokedAt == null && s.ExpiresAt > now
                && !db.RefreshSessions.Any(f => f.Family == s.Family && f.RevokedAt != null))
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.UsedAt, now), CancellationToken.None);
        if (marked == 0)
        {
            // Used meanwhile by a concurrent exchange: the token was presented twice, which is reuse all the same.
            if (await db.RefreshSessions.AsNoTracking().AnyAsync(s => s.Id == id && s.UsedAt != null && s.RevokedAt == null, CancellationToken.None))
            {
                await RevokeFamilyAsync(userId, session.Family, now);
            }

            return null;
        }

        await db.RefreshSessions.Where(s => s.UserId == user.Id && s.ExpiresAt <= now).ExecuteDeleteAsync(CancellationToken.None);
        var principal = await signIn.CreateUserPrincipalAsync(user);
        return await IssueAsync(user.Id, session.Family, principal, now, CancellationToken.None);
    }

    /// <summary>Revokes every refresh token of the account (signing out).</summary>
    public async Task RevokeAllAsync(string userId)
    {
        var now = time.GetUtcNow();
        await db.RefreshSessions.Where(s => s.UserId == userId && s.RevokedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.RevokedAt, now));
    }

    private async Task<ClaimsPrincipal> IssueAsync(string userId, Guid family, ClaimsPrincipal principal, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // The bearer handler stamps the refresh token with its clock's now + RefreshTokenExpiration, read a moment
        // later and kept to the whole second: the row expires with the token (at worst a second before it).
        var expires = now + Options.RefreshTokenExpiration;
        var session = new RefreshSession
        {
            Id = Guid.NewGuid(),
            UserId = userId,
            Family = family,
            IssuedAt = now,
            ExpiresAt = expires.AddTicks(-(expires.Ticks % TimeSpan.TicksPerSecond)),
        };
        db.RefreshSessions.Add(session);
        await db.SaveChangesAsync(cancellationToken);
        db.Entry(session).State = EntityState.Detached;
        principal.Identities.First().AddClaim(new Claim(SessionClaimType, session.Id.ToString("N", CultureInfo.InvariantCulture)));
        return principal;
    }

    private async Task RevokeFamilyAsync(string userId, Guid family, DateTimeOffset now)
    {
        await db.RefreshSessions.Where(s => s.Family == family && s.RevokedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.RevokedAt, now), CancellationToken.None);
        LogReuse(logger, userId, family);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A used refresh token was presented again for user {UserId}: it was copied, so its token family {Family} is revoked")]
    private static partial void LogReuse(ILogger logger, string userId, Guid family);
}
