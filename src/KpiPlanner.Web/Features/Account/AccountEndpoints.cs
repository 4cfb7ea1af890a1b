using KpiPlanner.Infrastructure.Identity;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.Data;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace KpiPlanner.Web.Features.Account;

/// <summary>
/// Sign-in for the API (<c>POST /api/auth/login</c> → bearer tokens, <c>POST /api/auth/refresh</c>) and sign-out for
/// the UI. There is deliberately no registration endpoint: Owner and HR create accounts on the Users page.
/// </summary>
internal static class AccountEndpoints
{
    public static void MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Authentication");

        auth.MapPost("/login", async Task<Results<EmptyHttpResult, ProblemHttpResult>> (LoginRequest login, SignInManager<AppUser> signIn) =>
        {
            signIn.AuthenticationScheme = IdentityConstants.BearerScheme;
            var result = await signIn.PasswordSignInAsync(login.Email, login.Password, isPersistent: false, lockoutOnFailure: true);
            if (result.IsLockedOut)
            {
                return TypedResults.Problem("Too many failed attempts: the account is locked for a few minutes.", statusCode: StatusCodes.Status429TooManyRequests);
            }

            // Disabled, or the employee has left: said only to the right password (KpiSignInManager).
            if (result.IsNotAllowed)
            {
                var l = signIn.Context.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
                return TypedResults.Problem(l["Login.NotAllowed"].Value, statusCode: StatusCodes.Status403Forbidden);
            }

            // The bearer handler has already written { tokenType, accessToken, expiresIn, refreshToken }.
            return result.Succeeded
                ? TypedResults.Empty
                : TypedResults.Problem("Wrong e-mail or password.", statusCode: StatusCodes.Status401Unauthorized);
        })
        .AllowAnonymous()
        .WithSummary("Sign in with e-mail and password; returns a bearer access token and a refresh token.")
        .Produces<AccessTokenResponse>();

        auth.MapPost("/refresh", async Task<Results<SignInHttpResult, UnauthorizedHttpResult, ChallengeHttpResult>> (
            RefreshRequest refresh, SignInManager<AppUser> signIn, IOptionsMonitor<BearerTokenOptions> bearer, TimeProvider time) =>
        {
            var protector = bearer.Get(IdentityConstants.BearerScheme).RefreshTokenProtector;
            var ticket = protector.Unprotect(refresh.RefreshToken);
            if (ticket?.Properties.ExpiresUtc is not { } expires || time.GetUtcNow() >= expires
                || await signIn.ValidateSecurityStampAsync(ticket.Principal) is not { } user)
            {
                return TypedResults.Challenge();
            }

            var principal = await signIn.CreateUserPrincipalAsync(user);
            return TypedResults.SignIn(principal, authenticationScheme: IdentityConstants.BearerScheme);
        })
        .AllowAnonymous()
        .WithSummary("Exchange a refresh token for a new access token.")
        .Produces<AccessTokenResponse>();

        // The sign-out form carries an antiforgery token: another site cannot sign a person out.
        app.MapPost("/account/logout", async Task<Results<RedirectHttpResult, BadRequest<string>>> (HttpContext http, IAntiforgery antiforgery, SignInManager<AppUser> signIn) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return TypedResults.BadRequest("The sign-out form is out of date: reload the page and sign out again.");
            }

            // Signing out ends the session on the server too: a new security stamp makes every cookie and token
            // issued to this account before now worthless (a copied cookie included), on every device.
            if (await signIn.UserManager.GetUserAsync(http.User) is { } user)
            {
                await signIn.UserManager.UpdateSecurityStampAsync(user);
            }

            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect("/account/login");
        }).DisableAntiforgery().ExcludeFromDescription();
    }
}
