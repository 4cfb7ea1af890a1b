using KpiPlanner.Domain.Audit;
using KpiPlanner.Domain.Organisation;
using KpiPlanner.Infrastructure;
using KpiPlanner.Infrastructure.Identity;
using KpiPlanner.Infrastructure.Postgres;
using KpiPlanner.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace KpiPlanner.Web.Features.Users;

/// <summary>
/// One account on the users page, with its state: locked out after wrong passwords, disabled (since when, by whom, why),
/// or its employee gone (the leave date before today): the last two cannot sign in.
/// </summary>
public sealed record UserRow(string Id, string Email, IReadOnlyList<string> Roles, int? EmployeeId, string? EmployeeName, bool LockedOut,
    Disabling? Disabled = null, DateOnly? LeftOn = null)
{
    public bool IsDisabled => Disabled is not null;
}

/// <summary>Why an account is disabled: the day (in the server's time zone), who did it (their e-mail) and the reason given.</summary>
public sealed record Disabling(DateOnly Since, string By, string Reason);

/// <summary>The outcome of a change: empty errors means it was saved.</summary>
public sealed record SaveResult(IReadOnlyList<string> Errors)
{
    public static readonly SaveResult Ok = new([]);

    public bool Succeeded => Errors.Count == 0;
}

/// <summary>
/// Accounts, roles, links to employees, password resets and disabling (offboarding), for Owner and HR. Only an owner
/// may grant, take away or touch the Owner and HR roles, reset their passwords or disable their accounts; nobody can
/// take away their own right to manage users or disable themselves.
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
                u.NormalizedUserName,
                u.DisabledAt,
                u.DisabledBy,
                u.DisabledReason,
                LeaveDate = u.Employee == null ? null : u.Employee.LeaveDate,
            })
            .ToListAsync(cancellationToken);
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id select new { ur.UserId, r.Name })
            .ToListAsync(cancellationToken);
        var byUser = roles.ToLookup(r => r.UserId, r => r.Name!);
        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(time.GetLocalNow().Date);
        using var scope = scopes.CreateScope();
        var lockout = scope.ServiceProvider.GetService<Account.SignInLockout>(); // locked by guesses from many addresses
        var ceilingReached = lockout is null ? new HashSet<string>() : await lockout.LockedForUnknownAddressesAsync(cancellationToken);
        return users
            .Select(u => new UserRow(u.Id, u.Email ?? string.Empty, Order(byUser[u.Id]), u.EmployeeId, u.Employee,
                u.LockoutEnd > now || ceilingReached.Contains(u.NormalizedUserName ?? string.Empty),
                u.DisabledAt is { } at ? new Disabling(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, time.LocalTimeZone).Date), u.DisabledBy ?? string.Empty, u.DisabledReason ?? string.Empty) : null,
                u.LeaveDate < today ? u.LeaveDate : null))
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

    public Task<SaveResult> UpdateAsync(string userId, UserInput input, UserContext actor) =>
        ChangeAccountAsync(userId, actor, async (users, user) =>
        {
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
        });

    public Task<SaveResult> ResetPasswordAsync(string userId, string newPassword, UserContext actor) =>
        ChangeAccountAsync(userId, actor, async (users, user) =>
        {
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
            using (var scope = scopes.CreateScope())
            {
                // ...and the smart lockout's counts of the e-mail, from every address (in the database, for every instance).
                if (scope.ServiceProvider.GetService<Account.SignInLockout>() is { } lockout)
                {
                    await lockout.ReleaseAsync(user.NormalizedUserName ?? string.Empty);
                }
            }

            return SaveResult.Ok;
        });

    /// <summary>
    /// Offboarding: the account stops working at once — no sign-in, and every cookie, bearer token, refresh token and open
    /// tab of it is refused on its next call (a new security stamp; <see cref="AccessScopes"/> refuses a disabled account
    /// too). Its data and its link to the employee stay for history. Only an owner disables an owner or an HR user;
    /// nobody disables themselves; the last enabled owner stays. The reason is required and goes to the audit log.
    /// </summary>
    public Task<SaveResult> DisableAsync(UserContext actor, string userId, string? reason, CancellationToken cancellationToken = default) =>
        ChangeStateAsync(actor, userId, reason, disable: true, cancellationToken);

    /// <summary>Lets a disabled account sign in again (with a reason, audited); the same people may do it as may disable it.</summary>
    public Task<SaveResult> EnableAsync(UserContext actor, string userId, string? reason, CancellationToken cancellationToken = default) =>
        ChangeStateAsync(actor, userId, reason, disable: false, cancellationToken);

    private async Task<SaveResult> ChangeStateAsync(UserContext actor, string userId, string? reason, bool disable, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        actor.Demand(Duty.ManageUsers);
        var why = reason?.Trim() ?? string.Empty;
        if (ReasonError(l, why) is { } invalid)
        {
            return new SaveResult([invalid]);
        }

        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var db = scope.ServiceProvider.GetRequiredService<KpiDbContext>(); // the context Identity's store saves with
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

            // One change of an account's state at a time: two owners cannot disable each other at the same moment.
            await db.Database.LockAccountStateAsync(cancellationToken);
            var user = await users.FindByIdAsync(userId);
            if (user is null)
            {
                return new SaveResult([l["Users.NotFound"]]);
            }

            if (user.Id == actor.UserId)
            {
                return new SaveResult([l["Users.CannotDisableSelf"]]);
            }

            var roles = await users.GetRolesAsync(user);
            if (!actor.MayManageAccount(roles))
            {
                return new SaveResult([l["Users.OnlyOwnerDisablesHr"]]);
            }

            if (disable != (user.DisabledAt is null))
            {
                return new SaveResult([disable ? l["Users.AlreadyDisabled", user.Email ?? string.Empty] : l["Users.NotDisabled", user.Email ?? string.Empty]]);
            }

            if (disable && roles.Contains(Roles.Owner) && !await OtherEnabledOwnerAsync(db, user.Id, cancellationToken))
            {
                return new SaveResult([l["Users.LastOwner"]]);
            }

            var now = time.GetUtcNow();
            user.DisabledAt = disable ? now : null;
            user.DisabledBy = disable ? actor.Email : null;
            user.DisabledReason = disable ? why : null;

            // The account goes in NewValue: an account need not be linked to an employee.
            db.AuditLog.Add(new AuditEntry(now, actor.Email, disable ? AuditAction.AccountDisabled : AuditAction.AccountEnabled, month: null,
                user.EmployeeId, oldValue: null, newValue: user.Email, why));

            // Saves the account and the audit entry together. Disabling ends every sign-in of the account at once;
            // enabling needs no new stamp (a disabled account holds no valid sign-in).
            var saved = disable ? await users.UpdateSecurityStampAsync(user) : await users.UpdateAsync(user);
            if (!saved.Succeeded)
            {
                return Errors(saved);
            }

            await transaction.CommitAsync(cancellationToken);
            return SaveResult.Ok;
        });
    }

    /// <summary>The reason for disabling or enabling an account: required, at most <see cref="AppUser.MaxDisabledReasonLength"/> characters.</summary>
    public static string? ReasonError(IStringLocalizer<SharedResource> l, string? reason)
    {
        ArgumentNullException.ThrowIfNull(l);
        var why = reason?.Trim() ?? string.Empty;
        return why.Length == 0 ? l["Users.Validation.ReasonRequired"].Value
            : why.Length > AppUser.MaxDisabledReasonLength ? l["Users.Validation.ReasonTooLong", AppUser.MaxDisabledReasonLength].Value
            : null;
    }

    /// <summary>Another owner who may still sign in (not disabled, not gone before today).</summary>
    private Task<bool> OtherEnabledOwnerAsync(KpiDbContext db, string userId, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(time.GetLocalNow().Date);
        return (from ur in db.UserRoles
                join r in db.Roles on ur.RoleId equals r.Id
                join u in db.Users on ur.UserId equals u.Id
                where r.Name == Roles.Owner && u.Id != userId && u.DisabledAt == null
                      && (u.Employee == null || u.Employee.LeaveDate == null || u.Employee.LeaveDate >= today)
                select u.Id).AnyAsync(cancellationToken);
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

    /// <summary>
    /// One change of an existing account by someone who manages users: the account's manager and the account, in one
    /// scope of Identity's services; an unknown account is refused before <paramref name="change"/> runs.
    /// </summary>
    private async Task<SaveResult> ChangeAccountAsync(string userId, UserContext actor, Func<UserManager<AppUser>, AppUser, Task<SaveResult>> change)
    {
        actor.Demand(Duty.ManageUsers);
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByIdAsync(userId);
        return user is null ? new SaveResult([l["Users.NotFound"]]) : await change(users, user);
    }

    private static SaveResult Errors(IdentityResult result) => new(result.Errors.Select(e => e.Description).Distinct().ToList());
}
