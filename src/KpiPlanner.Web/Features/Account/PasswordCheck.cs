using KpiPlanner.Infrastructure.Identity;
using Microsoft.AspNetCore.Identity;

namespace KpiPlanner.Web.Features.Account;

/// <summary>
/// The e-mail and password check of both sign-in paths (the login page and <c>POST /api/auth/login</c>), which answers
/// alike whether the e-mail has an account or not: an unknown e-mail has its password verified against a dummy hash
/// (the same work, so the same time), and every e-mail, known or not, is counted by the same smart lockout
/// (<see cref="SignInLockout"/>: per e-mail and network address, with a ceiling per e-mail). A real account's password
/// goes through Identity's check (its lockout is not used for counting) — a disabled or departed one too
/// (<see cref="Security.KpiSignInManager"/>): a wrong password is an ordinary failure, and only the right one gets
/// <see cref="SignInResult.NotAllowed"/>, which is passed on so the person learns to contact HR.
/// </summary>
public sealed class PasswordCheck(SignInManager<AppUser> signIn, IPasswordHasher<AppUser> hasher, SignInLockout lockout)
{
    /// <summary>
    /// <see cref="SignInResult.Success"/> with the account, or <see cref="SignInResult.LockedOut"/>,
    /// <see cref="SignInResult.NotAllowed"/> (the right password of a disabled or departed account) or
    /// <see cref="SignInResult.Failed"/> without one. <paramref name="address"/> is the client's network address (after
    /// a configured proxy's forwarded headers). Nothing is signed in: the caller does that.
    /// </summary>
    public async Task<(SignInResult Result, AppUser? User)> CheckAsync(string? email, string? password, System.Net.IPAddress? address)
    {
        email = email?.Trim() ?? string.Empty;
        password ??= string.Empty;
        var key = signIn.UserManager.NormalizeName(email) ?? string.Empty;
        var from = address?.ToString() ?? "local";

        // A locked e-mail is refused before its password is looked at, whether it has an account or not.
        if (await lockout.IsLockedOutAsync(key, from))
        {
            return (SignInResult.LockedOut, null);
        }

        SignInResult result;
        AppUser? user = null;
        if (email.Length > 0 && await signIn.UserManager.FindByNameAsync(email) is { } account)
        {
            // KpiSignInManager answers NotAllowed only to the right password: no oracle for anyone without it.
            result = await signIn.CheckPasswordSignInAsync(account, password, lockoutOnFailure: false);
            user = result.Succeeded ? account : null;
        }
        else
        {
            _ = hasher.VerifyHashedPassword(new AppUser(), lockout.DummyHash(hasher), password);
            result = SignInResult.Failed;
        }

        if (result.Succeeded)
        {
            await lockout.RecordSuccessAsync(key, from);
            return (result, user);
        }

        // A lockout set on the account itself (Identity's LockoutEnd) and "not allowed" are passed on as they are.
        if (result.IsLockedOut || result.IsNotAllowed)
        {
            return (result, null);
        }

        return (await lockout.RecordFailureAsync(key, from) ? SignInResult.LockedOut : SignInResult.Failed, null);
    }
}
