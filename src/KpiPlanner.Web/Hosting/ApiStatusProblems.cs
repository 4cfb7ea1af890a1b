using KpiPlanner.Web.Localization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Localization;

namespace KpiPlanner.Web.Hosting;

/// <summary>
/// Problem details for the API answers the framework sends without a body: 415 (a body that is not JSON, refused by
/// routing before the endpoint runs) and 405 (a method the address does not take), in the request's language. Other
/// statuses keep their own answers (an API 404 stays empty, as "no such thing" and "not yours" must read alike).
/// </summary>
internal static class ApiStatusProblems
{
    public static async Task WriteAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var key = http.Response.StatusCode switch
        {
            StatusCodes.Status415UnsupportedMediaType => "Api.UnsupportedMediaType",
            StatusCodes.Status405MethodNotAllowed => "Api.MethodNotAllowed",
            _ => null,
        };
        if (key is null)
        {
            return;
        }

        // This runs after the localization middleware has returned: take the request's language again.
        if (http.Features.Get<Microsoft.AspNetCore.Localization.IRequestCultureFeature>() is { } requested)
        {
            System.Globalization.CultureInfo.CurrentCulture = requested.RequestCulture.Culture;
            System.Globalization.CultureInfo.CurrentUICulture = requested.RequestCulture.UICulture;
        }

        var l = http.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        await TypedResults.Problem(l[key].Value, statusCode: http.Response.StatusCode).ExecuteAsync(http);
    }
}
