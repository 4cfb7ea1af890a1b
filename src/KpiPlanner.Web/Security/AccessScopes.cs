using System.Security.Claims;
using KpiPlanner.Domain.Organisation;
using KpiPlanner.Infrastructure;
using KpiPlanner.Infrastructure.Organisation;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace KpiPlanner.Web.Security;

/// <summary>
/// Who the caller is, read from the database on every call — never from what the sign-in put in a cookie, a token or
/// a circuit. A sign-in is honoured only while the account exists and its security stamp is the one it was signed in
/// with: changing a person's roles or employee link, resetting their password and signing out all change the stamp,
/// so every cookie, bearer token and open tab issued before stops working on its next call. The roles are the
/// database's, so a role taken away is gone at once. A disabled account, or one whose employee left before today
/// (offboarding), is refused like a stale sign-in: from the day after the leave date, whatever it still holds.
/// </summary>
public static class AccessScopes
{
    /// <summary>The security stamp claim Identity writes into every cookie and token it issues.</summary>
    public static string StampClaimType(IServiceProvider services) =>
        services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity.SecurityStampClaimType;

    /// <summary>Today for the offboarding rule: the date of the injected clock in its own time zone (tests pin it).</summary>
    public static DateOnly Today(IServiceProvider services) =>
        DateOnly.FromDateTime(services.GetRequiredService<TimeProvider>().GetLocalNow().Date);

    /// <summary>
    /// The offboarding rule, the same for signing in (<see cref="KpiSignInManager"/>) and for every later call: an
    /// account may be used while nobody disabled it and its employee, if any, has not left before <paramref name="today"/>
    /// — on the leave date itself the person still signs in.
    /// </summary>
    public static bool MaySignIn(DateTimeOffset? disabledAt, DateOnly? leaveDate, DateOnly today) =>
        disabledAt is null && !(leaveDate < today);

    /// <summary>
    /// The caller's current rights, or null when the sign-in is no longer valid (or there is none), the account is
    /// disabled or its employee left before <paramref name="today"/>.
    /// </summary>
    public static async Task<UserContext?> LoadAsync(KpiDbContext db, ClaimsPrincipal principal, string stampClaimType, DateOnly today,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(principal);
        if (principal.Identity?.IsAuthenticated != true || principal.FindFirstValue(ClaimTypes.NameIdentifier) is not { } id)
        {
            return null;
        }

        if (principal.FindFirstValue(ApiKeys.KeyClaimType) is { } key)
        {
            // A machine's key (decision 016): read again now, so a revoked key is refused on this very call.
            return int.TryParse(key, System.Globalization.CultureInfo.InvariantCulture, out var keyId) ? await ApiKeys.LoadAsync(db, keyId, today, cancellationToken) : null;
        }

        var account = await db.Users.AsNoTracking()
            .Where(u => u.Id == id)
            .Select(u => new
            {
                u.Email,
                u.SecurityStamp,
                u.EmployeeId,
                u.DisabledAt,
                LeaveDate = u.Employee == null ? null : u.Employee.LeaveDate,
                Heads = db.Departments.Any(d => d.HeadId != null && d.HeadId == u.EmployeeId),
                Roles = db.UserRoles.Where(ur => ur.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name).ToList(),
            })
            .SingleOrDefaultAsync(cancellationToken);
        if (account is null || account.SecurityStamp is null
            || !string.Equals(principal.FindFirstValue(stampClaimType), account.SecurityStamp, StringComparison.Ordinal)
            || !MaySignIn(account.DisabledAt, account.LeaveDate, today))
        {
            return null;
        }

        var roles = Roles.All.Where(r => account.Roles.Contains(r)).ToList();
        var user = new UserContext(id, account.Email ?? string.Empty, roles, account.EmployeeId);
        return account.Heads ? await WithTeamAsync(db, user, cancellationToken) : user;
    }

    /// <summary>
    /// The scope of an account as it stands in the database, without a sign-in to check (tests, and work the system
    /// does on someone's behalf). Null for an unknown or disabled account, and — when <paramref name="today"/> is
    /// given — for one whose employee left before it.
    /// </summary>
    public static async Task<UserContext?> ForAccountAsync(KpiDbContext db, string userId, DateOnly? today = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var stamp = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.SecurityStamp).SingleOrDefaultAsync(cancellationToken);
        if (stamp is null)
        {
            return null;
        }

        const string StampType = "AspNet.Identity.SecurityStamp";
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, userId), new Claim(StampType, stamp)], "scope");
        return await LoadAsync(db, new ClaimsPrincipal(identity), StampType, today ?? DateOnly.MinValue, cancellationToken);
    }

    /// <summary>
    /// A manager's team: the departments they head and every department below them, in one recursive query. Only the
    /// Manager role leads a team (the owner and HR read everything anyway; heading a department without the role gives
    /// no rights).
    /// </summary>
    public static async Task<UserContext> WithTeamAsync(KpiDbContext db, UserContext user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        if (user.SeesEverything || !user.IsInRole(Roles.Manager) || user.EmployeeId is not { } me)
        {
            return user;
        }

        return user with { TeamDepartments = await ManagerTeam.DepartmentsAsync(db, me, cancellationToken) };
    }

    /// <summary>The principal with its role claims replaced by the account's current roles.</summary>
    public static ClaimsPrincipal WithRoles(ClaimsPrincipal principal, IReadOnlyList<string> roles)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var identity = principal.Identities.First(i => i.IsAuthenticated);
        var fresh = new ClaimsIdentity(identity.Claims.Where(c => c.Type != identity.RoleClaimType), identity.AuthenticationType, identity.NameClaimType, identity.RoleClaimType);
        fresh.AddClaims(roles.Select(r => new Claim(identity.RoleClaimType, r)));
        return new ClaimsPrincipal(fresh);
    }

    /// <summary>
    /// Every HTTP request (pages, the Blazor hub, the API; cookie or bearer): a sign-in that is no longer valid is
    /// dropped (the cookie is deleted) before authorization runs, and a valid one carries the account's current roles.
    /// The caller's scope is kept for the request, so <see cref="HttpUser"/> reads the database once.
    /// </summary>
    public static IApplicationBuilder UseCurrentAccess(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.User.Identity?.IsAuthenticated == true && context.GetEndpoint()?.Metadata.GetMetadata<NoCallerNeeded>() is null)
        {
            var dbFactory = context.RequestServices.GetRequiredService<IDbContextFactory<KpiDbContext>>();
            UserContext? scope;
            await using (var db = await dbFactory.CreateDbContextAsync(context.RequestAborted))
            {
                scope = await LoadAsync(db, context.User, StampClaimType(context.RequestServices), Today(context.RequestServices), context.RequestAborted);
            }

            if (scope is null)
            {
                var bearer = context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);
                context.User = new ClaimsPrincipal(new ClaimsIdentity());
                if (!bearer)
                {
                    await context.SignOutAsync(IdentityConstants.ApplicationScheme);
                }
            }
            else
            {
                context.User = WithRoles(context.User, scope.Roles);
                context.Items[typeof(UserContext)] = scope;
            }
        }

        await next(context);
    });
}

/// <summary>
/// Marks endpoints that carry no company data and answer everyone alike (the static files: scripts, styles, fonts):
/// <see cref="AccessScopes.UseCurrentAccess"/> reads no caller for them, so a page load does not cost one query per file.
/// </summary>
public sealed class NoCallerNeeded
{
    public static NoCallerNeeded Instance { get; } = new();
}
