using Microsoft.AspNetCore.Localization;

namespace KpiPlanner.Web.Localization;

internal static class CultureEndpoints
{
    /// <summary>
    /// <c>GET /culture/{name}?redirectUri=/x</c>: remembers the language in a cookie for a year and goes back.
    /// Open to everyone, so the login page can switch too; only local redirects are followed.
    /// </summary>
    public static void MapCultureSwitch(this IEndpointRouteBuilder app)
    {
        app.MapGet("/culture/{name}", (string name, string? redirectUri, HttpContext http, TimeProvider time) =>
        {
            var culture = AppCultures.Get(name);
            http.Response.Cookies.Append(
                CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture, culture)),
                new CookieOptions { Expires = time.GetUtcNow().AddYears(1), IsEssential = true, HttpOnly = false, SameSite = SameSiteMode.Lax });
            return Results.LocalRedirect(LocalTarget(redirectUri));
        }).AllowAnonymous().ExcludeFromDescription();
    }

    /// <summary>
    /// <paramref name="redirectUri"/> when it is a path on this site, else "/". A browser reads <c>/\evil.example</c>
    /// like <c>//evil.example</c> (another site), so a backslash second is refused as well as a slash, and so is any
    /// control character — the same rule as ASP.NET Core's <c>IsLocalUrl</c> for paths, so the local redirect never
    /// throws on what passes here.
    /// </summary>
    internal static string LocalTarget(string? redirectUri)
    {
        if (string.IsNullOrEmpty(redirectUri) || redirectUri[0] != '/')
        {
            return "/";
        }

        if (redirectUri.Length > 1 && redirectUri[1] is '/' or '\\')
        {
            return "/";
        }

        foreach (var c in redirectUri.AsSpan(1))
        {
            if (char.IsControl(c))
            {
                return "/";
            }
        }

        return redirectUri;
    }
}
