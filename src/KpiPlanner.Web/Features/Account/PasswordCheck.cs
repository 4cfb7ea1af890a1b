using KpiPlanner.Infrastructure.Identity;
using Microsoft.AspNetCore.Identity;

namespace KpiPlanner.Web.Features.Account;

/// <summary>
/// The e-mail and password check of both sign-in paths (the login page and <c>POST /api/auth/login</c>), which answers
/// alike whether the e-mail has an account or not: an unknown e-mail has its password verified against a dummy hash
/// (the same work, so the same time) and is locked after the same failures for the same time
/// (<see cref="UnknownAccountLockout"/>). A real account goes through Identity's own check and lockout — a disabled or
/// departed one too (<see cref="Security.KpiSignInManager"/>): a wrong password is an ordinary failure, and only the
/// right one gets <see cref="SignInResult.NotAllowed"/>, which is passed on so the person learns to contact HR.
/// </summary>
public sealed class PasswordCheck(SignInManager<AppUser> signIn, IPasswordHasher<AppUser> hasher, UnknownAccountLockout unknown)
{
    /// <summary>
    /// <see cref="SignInResult.Success"/> with the account, or <see cref="SignInResult.LockedOut"/>,
    /// <see cref="SignInResult.NotAllowed"/> (the right password of a disabled or departed account) or
    /// <see cref="SignInResult.Failed"/> without one. Nothing is signed in: the caller does that.
    /// </summary>
    public async Task<(SignInResult Result, AppUser? User)> CheckAsync(string? email, string? password)
    {
        email = email?.Trim() ?? string.Empty;
        password ??= string.Empty;
        if (email.Length > 0 && await signIn.UserManager.FindByNameAsync(email) is { } user)
        {
            // KpiSignInManager answers NotAllowed only to the right password: no oracle for anyone without it.
            var result = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
            return (result, result.Succeeded ? user : null);
        }

        // As CheckPasswordSignInAsync does for an account: a locked e-mail is refused before its password is looked at.
        var key = signIn.UserManager.NormalizeName(email) ?? string.Empty;
        if (unknown.IsLockedOut(key))
        {
            return (SignInResult.LockedOut, null);
        }

        _ = hasher.VerifyHashedPassword(new AppUser(), unknown.DummyHash(hasher), password);
        return (unknown.RecordFailure(key) ? SignInResult.LockedOut : SignInResult.Failed, null);
    }
}
