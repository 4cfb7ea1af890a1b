using KpiPlanner.Domain.Organisation;
using KpiPlanner.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.EntityFrameworkCore;

namespace KpiPlanner.Web.Security;

/// <summary>
/// The access scope of the caller: their account, current roles, the employee their account is linked to, and the
/// departments they lead (the subtrees of the departments they head, for a manager). Loaded from the database for each
/// request and each interactive call (<see cref="AccessScopes"/>), never kept for a circuit's life. Every service asks
/// it who may read and who may write what; pages only hide what it refuses. The rules, in one place:
/// <list type="bullet">
/// <item>the owner and HR read everyone; a manager reads the people of their team's departments and themselves; an
/// employee reads themselves;</item>
/// <item>plans and facts: written by whoever holds <see cref="Duty.PlanTeam"/> for the people they read — never their
/// own (nobody types the figures their own pay depends on);</item>
/// <item>adjustments and bonuses: <see cref="Duty.AdjustPay"/>, never on one's own pay line;</item>
/// <item>the other duties: <see cref="Duties"/>.</item>
/// </list>
/// </summary>
public sealed record UserContext(string UserId, string Email, IReadOnlyList<string> Roles, int? EmployeeId)
{
    private static readonly IReadOnlySet<int> None = new HashSet<int>();

    /// <summary>
    /// The departments a manager leads: those they head and every department below them. Empty for everyone else (the
    /// owner and HR read every department without it).
    /// </summary>
    public IReadOnlySet<int> TeamDepartments { get; init; } = None;

    /// <summary>
    /// The API key the call was made with (decision 016), or null for a person. A key has no roles: its duties are its
    /// scope's, and its department subtree (<see cref="TeamDepartments"/>) is what it reads and writes — or everything.
    /// </summary>
    public ApiKeyGrant? Key { get; init; }

    public bool IsInRole(string role) => Roles.Contains(role, StringComparer.Ordinal);

    /// <summary>
    /// The owner and HR see every department and person; a manager their subtree; an employee themselves; an API key
    /// its department's subtree, or everything when it is not limited to one.
    /// </summary>
    public bool SeesEverything => IsInRole(Domain.Organisation.Roles.Owner) || IsInRole(Domain.Organisation.Roles.HR) || Key is { DepartmentId: null };

    /// <summary>The role whose home page the user sees: the most powerful one they have.</summary>
    public string? HomeRole => Domain.Organisation.Roles.All.FirstOrDefault(IsInRole);

    /// <summary>True when the caller may read the figures of a department (and open it on a page).</summary>
    public bool MayReadDepartment(int departmentId) => SeesEverything || TeamDepartments.Contains(departmentId);

    /// <summary>True when the caller may read an employee (of <paramref name="departmentId"/>): their plans, facts, pay, documents.</summary>
    public bool MayRead(int employeeId, int departmentId) => employeeId == EmployeeId || MayReadDepartment(departmentId);

    /// <summary>True when the caller may write the plans and facts of an employee (of <paramref name="departmentId"/>).</summary>
    public bool MayWriteFigures(int employeeId, int departmentId) =>
        this.May(Duty.PlanTeam) && employeeId != EmployeeId && MayReadDepartment(departmentId);

    /// <summary>
    /// True when the caller may manage an account holding <paramref name="accountRoles"/> (edit it, reset its password,
    /// disable or enable it): user managers may, but only an owner manages an owner's or an HR user's account — HR
    /// cannot raise or unlock another HR, or themselves, past the owner's eyes.
    /// </summary>
    public bool MayManageAccount(IEnumerable<string> accountRoles)
    {
        ArgumentNullException.ThrowIfNull(accountRoles);
        return this.May(Duty.ManageUsers)
            && (IsInRole(Domain.Organisation.Roles.Owner) || !accountRoles.Any(r => r is Domain.Organisation.Roles.Owner or Domain.Organisation.Roles.HR));
    }

    /// <summary>True when the caller may adjust the pay line of an employee or enter their bonus: never their own.</summary>
    public bool MayAdjustPayOf(int employeeId) => this.May(Duty.AdjustPay) && employeeId != EmployeeId;

    /// <summary>No one: a sign-in that is no longer valid (or none). No role, no employee: every check refuses.</summary>
    public static UserContext Nobody { get; } = new(string.Empty, string.Empty, [], null);
}

/// <summary>The access scope as a filter on queries: the one rule of <see cref="UserContext"/>, applied in SQL.</summary>
public static class ScopedQueries
{
    /// <summary>The employees the caller may read (<see cref="UserContext.MayRead"/>).</summary>
    public static IQueryable<Employee> ReadableBy(this IQueryable<Employee> employees, UserContext user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.SeesEverything)
        {
            return employees;
        }

        var me = user.EmployeeId ?? -1;
        var team = user.TeamDepartments.ToArray();
        return employees.Where(e => e.Id == me || team.Contains(e.DepartmentId));
    }

    /// <summary>The same scope as <see cref="ReadableBy(IQueryable{Employee}, UserContext)"/>, for Infrastructure's SQL reads (the pay review's pages and totals).</summary>
    public static KpiPlanner.Infrastructure.Payroll.PeopleScope ReadScope(this UserContext user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.SeesEverything ? KpiPlanner.Infrastructure.Payroll.PeopleScope.All
            : KpiPlanner.Infrastructure.Payroll.PeopleScope.Of(user.EmployeeId, user.TeamDepartments);
    }

    /// <summary>The employees whose plans and facts the caller may write (<see cref="UserContext.MayWriteFigures"/>).</summary>
    public static IQueryable<Employee> WritableBy(this IQueryable<Employee> employees, UserContext user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var me = user.EmployeeId ?? -1;
        if (!user.May(Duty.PlanTeam))
        {
            return employees.Where(e => false);
        }

        if (user.SeesEverything)
        {
            return employees.Where(e => e.Id != me);
        }

        var team = user.TeamDepartments.ToArray();
        return employees.Where(e => e.Id != me && team.Contains(e.DepartmentId));
    }

    /// <summary>The departments the caller may read (<see cref="UserContext.MayReadDepartment"/>).</summary>
    public static IQueryable<Department> ReadableBy(this IQueryable<Department> departments, UserContext user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.SeesEverything)
        {
            return departments;
        }

        var team = user.TeamDepartments.ToArray();
        return departments.Where(d => team.Contains(d.Id));
    }

    /// <summary>The scope of a facts import or batch: whose figures the caller may write, and as whom it is recorded.</summary>
    public static async Task<KpiPlanner.Infrastructure.Import.FactsScope> FactsScopeAsync(this UserContext user, KpiDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(db);
        IReadOnlySet<int>? writable = user.SeesEverything && user.May(Duty.PlanTeam)
            ? null
            : (await db.Employees.AsNoTracking().WritableBy(user).Select(e => e.Id).ToListAsync(cancellationToken)).ToHashSet();
        return new KpiPlanner.Infrastructure.Import.FactsScope(writable, user.Email) { Self = user.EmployeeId };
    }
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
