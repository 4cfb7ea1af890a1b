using Microsoft.Extensions.Localization;
using KpiPlanner.Web.Localization;

namespace KpiPlanner.Web.Security;

/// <summary>
/// A browser signed in with the cookie sends that cookie to the API whichever site made the request. A write to the API
/// (any method but GET, HEAD, OPTIONS) that rides on the cookie must therefore come from a page of this site: when the
/// browser names another origin (or <c>null</c>) in <c>Origin</c>, the request is refused with 403 before it reaches
/// the endpoint. Bearer-token clients are not browsers riding on a cookie and are not asked; the pages' own form posts
/// are guarded by antiforgery tokens.
/// </summary>
public static class CrossSiteRequests
{
    public static IApplicationBuilder UseCrossSiteRequestGuard(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (IsForeignCookieWrite(context.Request))
        {
            var l = context.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
            await TypedResults.Problem(l["Security.ForeignOrigin"].Value, statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(context);
            return;
        }

        await next(context);
    });

    private static bool IsForeignCookieWrite(HttpRequest request)
    {
        if (!request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
            || HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method)
            || request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            || request.Cookies.Count == 0
            || !request.Headers.TryGetValue("Origin", out var origin))
        {
            return false;
        }

        var own = $"{request.Scheme}://{request.Host}";
        return !string.Equals(origin.ToString(), own, StringComparison.OrdinalIgnoreCase);
    }
}
