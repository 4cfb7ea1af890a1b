using KpiPlanner.Infrastructure.Identity;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.Data;
using Microsoft.Extensions.Localization;

namespace KpiPlanner.Web.Features.Account;

/// <summary>
/// Sign-in for the API (<c>POST /api/auth/login</c> → bearer tokens, <c>POST /api/auth/refresh</c>) and sign-out for
/// the UI. There is deliberately no registration endpoint: Owner and HR create accounts on the Users page.
/// </summary>
internal static class AccountEndpoints
{
    /// <summary>The sign-in services: the password check that answers alike for every e-mail, and refresh tokens.</summary>
    public static IServiceCollection AddAccountSignIn(this IServiceCollection services)
    {
        services.AddSingleton<SignInLockout>();
        services.AddScoped<PasswordCheck>();
        services.AddScoped<RefreshTokens>();
        return services;
    }

    public static void MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Authentication");

        auth.MapPost("/login", async Task<Results<SignInHttpResult, ProblemHttpResult>> (
            LoginRequest login, HttpContext http, PasswordCheck passwords, RefreshTokens refreshTokens, IStringLocalizer<SharedResource> l, CancellationToken cancellationToken) =>
        {
            // An unknown e-mail is answered exactly like a known one: the same 401, and the same 429 after as many
            // failures from the same address (PasswordCheck).
            var (result, user) = await passwords.CheckAsync(login.Email, login.Password, http.Connection.RemoteIpAddress);
            if (result.IsLockedOut)
            {
                return TypedResults.Problem(l["Login.LockedOut"].Value, statusCode: StatusCodes.Status429TooManyRequests);
            }

            // Disabled, or the employee has left: said only to the right password (KpiSignInManager).
            if (result.IsNotAllowed)
            {
                return TypedResults.Problem(l["Login.NotAllowed"].Value, statusCode: StatusCodes.Status403Forbidden);
            }

            if (user is null)
            {
                return TypedResults.Problem(l["Login.Failed"].Value, statusCode: StatusCodes.Status401Unauthorized);
            }

            // A new refresh token family; the bearer handler writes { tokenType, accessToken, expiresIn, refreshToken }.
            var principal = await refreshTokens.StartAsync(user, cancellationToken);
            return TypedResults.SignIn(principal, authenticationScheme: IdentityConstants.BearerScheme);
        })
        .AllowAnonymous()
        .WithSummary("Sign in with e-mail and password; returns a bearer access token and a refresh token.")
        .Produces<AccessTokenResponse>();

        // A refresh token is good once: the answer carries the next one. Every refusal is the same 401.
        auth.MapPost("/refresh", async Task<Results<SignInHttpResult, ChallengeHttpResult>> (
            RefreshRequest refresh, RefreshTokens refreshTokens, CancellationToken cancellationToken) =>
            await refreshTokens.ExchangeAsync(refresh.RefreshToken, cancellationToken) is { } principal
                ? TypedResults.SignIn(principal, authenticationScheme: IdentityConstants.BearerScheme)
                : TypedResults.Challenge())
        .AllowAnonymous()
        .WithSummary("Exchange a refresh token, once, for a new access token and the next refresh token.")
        .Produces<AccessTokenResponse>();

        // The sign-out form carries an antiforgery token: another site cannot sign a person out.
        app.MapPost("/account/logout", async Task<Results<RedirectHttpResult, BadRequest<string>>> (
            HttpContext http, IAntiforgery antiforgery, SignInManager<AppUser> signIn, RefreshTokens refreshTokens) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return TypedResults.BadRequest("The sign-out form is out of date: reload the page and sign out again.");
            }

            // Signing out ends the session on the server too: a new security stamp makes every cookie and token
            // issued to this account before now worthless (a copied cookie included), on every device; its refresh
            // token families are revoked as well.
            if (await signIn.UserManager.GetUserAsync(http.User) is { } user)
            {
                await signIn.UserManager.UpdateSecurityStampAsync(user);
                await refreshTokens.RevokeAllAsync(user.Id);
            }

            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect("/account/login");
        }).DisableAntiforgery().ExcludeFromDescription();
    }
}
