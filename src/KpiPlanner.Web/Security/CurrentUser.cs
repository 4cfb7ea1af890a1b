using KpiPlanner.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.EntityFrameworkCore;

namespace KpiPlanner.Web.Security;

/// <summary>Who is using this circuit: their account, roles and the employee their account is linked to.</summary>
public sealed record UserContext(string UserId, string Email, IReadOnlyList<string> Roles, int? EmployeeId)
{
    public bool IsInRole(string role) => Roles.Contains(role, StringComparer.Ordinal);

    /// <summary>The owner and HR see every department and person; a manager their subtree; an employee themselves.</summary>
    public bool SeesEverything => IsInRole(Domain.Organisation.Roles.Owner) || IsInRole(Domain.Organisation.Roles.HR);

    /// <summary>The role whose home page the user sees: the most powerful one they have.</summary>
    public string? HomeRole => Domain.Organisation.Roles.All.FirstOrDefault(IsInRole);

    /// <summary>No one: a sign-in that is no longer valid (or none). No role, no employee: every check refuses.</summary>
    public static UserContext Nobody { get; } = new(string.Empty, string.Empty, [], null);
}

/// <summary>
/// Who is using this circuit, read from the database on every call (<see cref="AccessScopes"/>): a role taken away, a
/// password reset or a sign-out elsewhere takes effect on the tab's next action, not when the circuit ends. A sign-in
/// that is no longer valid gets <see cref="UserContext.Nobody"/>, whom every service refuses.
/// </summary>
public sealed class CurrentUser(AuthenticationStateProvider authentication, IDbContextFactory<KpiDbContext> dbFactory, IServiceProvider services,
    NavigationManager navigation)
{
    public async Task<UserContext> GetAsync(CancellationToken cancellationToken = default)
    {
        var principal = (await authentication.GetAuthenticationStateAsync()).User;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await AccessScopes.LoadAsync(db, principal, AccessScopes.StampClaimType(services), AccessScopes.Today(services), cancellationToken) is { } user)
        {
            return user;
        }

        if (principal.Identity?.IsAuthenticated == true)
        {
            // The sign-in is no longer valid: the tab becomes anonymous now and goes to the sign-in page (whatever the
            // page was doing is refused: the caller is nobody).
            if (authentication is ServerAuthenticationStateProvider server)
            {
                server.SetAuthenticationState(Task.FromResult(new AuthenticationState(new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity()))));
            }

            var returnUrl = Uri.EscapeDataString("/" + navigation.ToBaseRelativePath(navigation.Uri));
            navigation.NavigateTo($"account/login?returnUrl={returnUrl}", forceLoad: true);
        }

        return UserContext.Nobody;
    }
}

/// <summary>The signed-in user of an HTTP request (API endpoints), like <see cref="CurrentUser"/> for pages.</summary>
public static class HttpUser
{
    public static async Task<UserContext> GetAsync(HttpContext http, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (http.Items.TryGetValue(typeof(UserContext), out var known) && known is UserContext user)
        {
            return user;
        }

        var dbFactory = http.RequestServices.GetRequiredService<IDbContextFactory<KpiDbContext>>();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await AccessScopes.LoadAsync(db, http.User, AccessScopes.StampClaimType(http.RequestServices), AccessScopes.Today(http.RequestServices), cancellationToken) ?? UserContext.Nobody;
    }
}
