using System.Security.Claims;
using KpiPlanner.Infrastructure;
using KpiPlanner.Infrastructure.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace KpiPlanner.Web.Security;

/// <summary>
/// Identity's sign-in with the offboarding rule (<see cref="AccessScopes.MaySignIn"/>): a disabled account, or one whose
/// employee left before today, does not sign in — neither on the login page nor at <c>POST /api/auth/login</c> — and
/// its refresh tokens are refused. "Today" is the injected clock's.
/// <para>
/// Identity asks <see cref="CanSignInAsync"/> before it checks the password, so anyone typing the e-mail with any
/// password would learn that the account exists and is disabled, and could guess its password without ever being
/// locked out. Here a refused account answers "not allowed" only to the right password; a wrong one is a failure
/// like any other and counts towards the lockout.
/// </para>
/// </summary>
public sealed class KpiSignInManager(
    UserManager<AppUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<AppUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<AppUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<AppUser> confirmation,
    IDbContextFactory<KpiDbContext> dbFactory,
    TimeProvider time)
    : SignInManager<AppUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task<bool> CanSignInAsync(AppUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!await base.CanSignInAsync(user))
        {
            return false;
        }

        DateOnly? leaveDate = null;
        if (user.EmployeeId is { } employeeId)
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            leaveDate = await db.Employees.Where(e => e.Id == employeeId).Select(e => e.LeaveDate).SingleOrDefaultAsync();
        }

        return AccessScopes.MaySignIn(user.DisabledAt, leaveDate, DateOnly.FromDateTime(time.GetLocalNow().Date));
    }

    public override async Task<SignInResult> CheckPasswordSignInAsync(AppUser user, string password, bool lockoutOnFailure)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (await CanSignInAsync(user))
        {
            return await base.CheckPasswordSignInAsync(user, password, lockoutOnFailure);
        }

        // The account may not sign in. Only the right password learns so; anything else is an ordinary failure.
        if (await IsLockedOut(user))
        {
            return await LockedOut(user);
        }

        if (await UserManager.CheckPasswordAsync(user, password))
        {
            Logger.LogInformation("Sign-in refused for {UserId}: the account is disabled or its employee has left.", user.Id);
            return SignInResult.NotAllowed;
        }

        if (UserManager.SupportsUserLockout && lockoutOnFailure)
        {
            await UserManager.AccessFailedAsync(user);
            if (await UserManager.IsLockedOutAsync(user))
            {
                return await LockedOut(user);
            }
        }

        return SignInResult.Failed;
    }

    /// <summary>
    /// The refresh endpoint (and the cookie's periodic check) ask this: a token of a disabled or departed account is
    /// worth nothing, even though a departure alone does not change the security stamp.
    /// </summary>
    public override async Task<AppUser?> ValidateSecurityStampAsync(ClaimsPrincipal? principal)
    {
        var user = await base.ValidateSecurityStampAsync(principal);
        return user is not null && await CanSignInAsync(user) ? user : null;
    }
}
