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
            var target = !string.IsNullOrEmpty(redirectUri) && redirectUri.StartsWith('/') && !redirectUri.StartsWith("//", StringComparison.Ordinal)
                ? redirectUri
                : "/";
            return Results.LocalRedirect(target);
        }).AllowAnonymous().ExcludeFromDescription();
    }
}
