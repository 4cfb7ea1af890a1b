using System.Security.Claims;
using KpiPlanner.Domain.Organisation;
using KpiPlanner.Infrastructure;
using Microsoft.AspNetCore.Components.Authorization;
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
}

public sealed class CurrentUser(AuthenticationStateProvider authentication, IDbContextFactory<KpiDbContext> dbFactory)
{
    private UserContext? cached;

    public async Task<UserContext> GetAsync(CancellationToken cancellationToken = default)
    {
        if (cached is not null)
        {
            return cached;
        }

        var principal = (await authentication.GetAuthenticationStateAsync()).User;
        var id = principal.FindFirstValue(ClaimTypes.NameIdentifier)
            ?? throw new InvalidOperationException("No signed-in user.");
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var employeeId = await db.Users.Where(u => u.Id == id).Select(u => u.EmployeeId).SingleOrDefaultAsync(cancellationToken);
        var roles = Roles.All.Where(principal.IsInRole).ToList();
        cached = new UserContext(id, principal.Identity?.Name ?? string.Empty, roles, employeeId);
        return cached;
    }
}

/// <summary>The signed-in user of an HTTP request (API endpoints), like <see cref="CurrentUser"/> for pages.</summary>
public static class HttpUser
{
    public static async Task<UserContext> GetAsync(HttpContext http, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(http);
        var principal = http.User;
        var id = principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? string.Empty;
        var dbFactory = http.RequestServices.GetRequiredService<IDbContextFactory<KpiDbContext>>();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var employeeId = await db.Users.Where(u => u.Id == id).Select(u => u.EmployeeId).SingleOrDefaultAsync(cancellationToken);
        var roles = Roles.All.Where(principal.IsInRole).ToList();
        return new UserContext(id, principal.Identity?.Name ?? string.Empty, roles, employeeId);
    }
}
