using KpiPlanner.Domain.Organisation;
using KpiPlanner.Infrastructure;
using KpiPlanner.Infrastructure.Identity;
using KpiPlanner.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace KpiPlanner.Web.Features.Users;

public sealed record UserRow(string Id, string Email, IReadOnlyList<string> Roles, int? EmployeeId, string? EmployeeName, bool LockedOut);

/// <summary>The outcome of a change: empty errors means it was saved.</summary>
public sealed record SaveResult(IReadOnlyList<string> Errors)
{
    public static readonly SaveResult Ok = new([]);

    public bool Succeeded => Errors.Count == 0;
}

/// <summary>
/// Accounts, roles, links to employees and password resets, for Owner and HR. Only an owner may grant, take away or
/// touch the Owner role, and nobody can take away their own right to manage users.
/// Each call runs in its own scope, so Identity gets a fresh database context per operation.
/// </summary>
public sealed class UsersService(IServiceScopeFactory scopes, IDbContextFactory<KpiDbContext> dbFactory, IStringLocalizer<SharedResource> l, TimeProvider time)
{
    public async Task<IReadOnlyList<UserRow>> ListAsync(UserContext actor, CancellationToken cancellationToken = default)
    {
        actor.Demand(Duty.ManageUsers);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var users = await db.Users.AsNoTracking()
            .OrderBy(u => u.Email)
            .Select(u => new
            {
                u.Id,
                u.Email,
                u.EmployeeId,
                Employee = u.Employee == null ? null : u.Employee.LastName + " " + u.Employee.FirstName + (u.Employee.MiddleName == null ? "" : " " + u.Employee.MiddleName),
                u.LockoutEnd,
            })
            .ToListAsync(cancellationToken);
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id select new { ur.UserId, r.Name })
            .ToListAsync(cancellationToken);
        var byUser = roles.ToLookup(r => r.UserId, r => r.Name!);
        var now = time.GetUtcNow();
        return users
            .Select(u => new UserRow(u.Id, u.Email ?? string.Empty, Order(byUser[u.Id]), u.EmployeeId, u.Employee, u.LockoutEnd > now))
            .ToList();
    }

    /// <summary>Employees that an account can be linked to: those without one, plus the account's own.</summary>
    public async Task<IReadOnlyList<EmployeeOption>> LinkableEmployeesAsync(UserContext actor, int? current, CancellationToken cancellationToken = default)
    {
        actor.Demand(Duty.ManageUsers);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Employees.AsNoTracking()
            .Where(e => e.Id == current || !db.Users.Any(u => u.EmployeeId == e.Id))
            .OrderBy(e => e.LastName).ThenBy(e => e.FirstName)
            .Select(e => new EmployeeOption(e.Id, e.LastName + " " + e.FirstName + (e.MiddleName == null ? "" : " " + e.MiddleName), e.PersonnelNumber))
            .ToListAsync(cancellationToken);
    }

    public async Task<SaveResult> CreateAsync(UserInput input, UserContext actor)
    {
        actor.Demand(Duty.ManageUsers);
        if (RoleRefusal(actor, [], input.Roles) is { } refusal)
        {
            return new SaveResult([refusal]);
        }

        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var email = input.Email.Trim();
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, EmployeeId = input.Employee?.Id };
        var created = await users.CreateAsync(user, input.Password);
        if (!created.Succeeded)
        {
            return Errors(created);
        }

        var roles = await users.AddToRolesAsync(user, input.Roles.Where(Roles.IsKnown));
        return roles.Succeeded ? SaveResult.Ok : Errors(roles);
    }

    public async Task<SaveResult> UpdateAsync(string userId, UserInput input, UserContext actor)
    {
        actor.Demand(Duty.ManageUsers);
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return new SaveResult([l["Users.NotFound"]]);
        }

        var current = await users.GetRolesAsync(user);
        var wanted = input.Roles.Where(Roles.IsKnown).ToList();
        if (RoleRefusal(actor, current, wanted) is { } refusal)
        {
            return new SaveResult([refusal]);
        }

        if (user.Id == actor.UserId && ((!wanted.Contains(Roles.Owner) && !wanted.Contains(Roles.HR))
            || (current.Contains(Roles.Owner) && !wanted.Contains(Roles.Owner))))
        {
            return new SaveResult([l["Users.CannotDemoteSelf"]]);
        }

        var linkChanged = user.EmployeeId != input.Employee?.Id;
        user.EmployeeId = input.Employee?.Id;
        var updated = await users.UpdateAsync(user);
        if (!updated.Succeeded)
        {
            return Errors(updated);
        }

        var removed = await users.RemoveFromRolesAsync(user, current.Except(wanted));
        if (!removed.Succeeded)
        {
            return Errors(removed);
        }

        var added = await users.AddToRolesAsync(user, wanted.Except(current));
        if (!added.Succeeded)
        {
            return Errors(added);
        }

        // New rights take effect at once: every cookie, token and open tab issued before this change stops working.
        var rolesChanged = !current.ToHashSet().SetEquals(wanted);
        if (rolesChanged || linkChanged)
        {
            var stamped = await users.UpdateSecurityStampAsync(user);
            return stamped.Succeeded ? SaveResult.Ok : Errors(stamped);
        }

        return SaveResult.Ok;
    }

    public async Task<SaveResult> ResetPasswordAsync(string userId, string newPassword, UserContext actor)
    {
        actor.Demand(Duty.ManageUsers);
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return new SaveResult([l["Users.NotFound"]]);
        }

        if (RoleRefusal(actor, await users.GetRolesAsync(user), []) is { } refusal)
        {
            return new SaveResult([refusal]);
        }

        var token = await users.GeneratePasswordResetTokenAsync(user);
        var reset = await users.ResetPasswordAsync(user, token, newPassword);
        if (!reset.Succeeded)
        {
            return Errors(reset);
        }

        // A reset also lifts a lockout, so the person can sign in with the new password at once.
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        return SaveResult.Ok;
    }

    /// <summary>
    /// Separation of duties: only an owner grants, takes away or changes the Owner and HR roles and resets an owner's or
    /// an HR user's password — HR cannot raise another HR, or themselves, past the owner's eyes.
    /// </summary>
    private string? RoleRefusal(UserContext actor, IEnumerable<string> current, IEnumerable<string> wanted)
    {
        if (actor.IsInRole(Roles.Owner))
        {
            return null;
        }

        var roles = current.Concat(wanted).ToList();
        return roles.Contains(Roles.Owner) ? l["Users.OnlyOwnerTouchesOwner"].Value
            : roles.Contains(Roles.HR) ? l["Users.OnlyOwnerTouchesHr"].Value
            : null;
    }

    private static IReadOnlyList<string> Order(IEnumerable<string> roles) => Roles.All.Where(roles.Contains).ToList();

    private static SaveResult Errors(IdentityResult result) => new(result.Errors.Select(e => e.Description).Distinct().ToList());
}
