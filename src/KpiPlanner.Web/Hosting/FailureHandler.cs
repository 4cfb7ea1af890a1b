using System.Globalization;
using System.Text.Encodings.Web;
using KpiPlanner.Web.Localization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Localization;

namespace KpiPlanner.Web.Hosting;

/// <summary>
/// A failed request's answer when the error page cannot give it. On an API route every failure is a problem-details
/// answer in the request's language, never the HTML error page: 503 with <c>code</c> <c>database_unavailable</c> and
/// <c>Retry-After</c> while the database cannot be reached, else 500. A page request during an outage gets a small 503
/// page saying so (the error page itself would need the database for the person's access); other page failures go to
/// the error page as before.
/// </summary>
internal sealed class FailureHandler(IStringLocalizer<SharedResource> l) : IExceptionHandler
{
    public const string DatabaseUnavailableCode = "database_unavailable";

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        // The exception handler has already pointed the request at the error page: the original path is in the feature.
        var path = new PathString(httpContext.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? httpContext.Request.Path.Value);
        var api = path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);
        var outage = KpiPlanner.Infrastructure.Postgres.DatabaseOutage.Is(exception);
        if ((!api && !outage) || httpContext.Response.HasStarted)
        {
            return false;
        }

        // The request's culture was set further in; it does not flow back out with the exception.
        if (httpContext.Features.Get<IRequestCultureFeature>() is { } culture)
        {
            CultureInfo.CurrentCulture = culture.RequestCulture.Culture;
            CultureInfo.CurrentUICulture = culture.RequestCulture.UICulture;
        }

        var status = outage ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status500InternalServerError;
        var title = l["Error.Title"].Value;
        var detail = outage ? l["Error.Database"].Value : l["Error.General"].Value;
        httpContext.Response.StatusCode = status;
        if (outage)
        {
            httpContext.Response.Headers.RetryAfter = "30";
        }

        if (api)
        {
            await TypedResults.Problem(detail, statusCode: status, title: title,
                    extensions: new Dictionary<string, object?> { ["code"] = outage ? DatabaseUnavailableCode : "internal_error" })
                .ExecuteAsync(httpContext);
            return true;
        }

        var html = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All); // Cyrillic as it is, not as &#x…; entities
        httpContext.Response.ContentType = "text/html; charset=utf-8";
        await httpContext.Response.WriteAsync(
            $"""
            <!DOCTYPE html>
            <html lang="{CultureInfo.CurrentUICulture.TwoLetterISOLanguageName}"><head><meta charset="utf-8"><title>{html.Encode(title)} · KpiPlanner</title></head>
            <body><h1>{html.Encode(title)}</h1><p>{html.Encode(detail)}</p></body></html>
            """,
            cancellationToken);
        return true;
    }
}
