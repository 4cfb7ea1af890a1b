using Microsoft.AspNetCore.Http.Features;

namespace KpiPlanner.Web.Hosting;

/// <summary>
/// What every file upload (the facts import, the organisation import) checks before reading its form: that it is a
/// form at all, and that it fits the import's size limit. The server's own body limit (Kestrel: 30 000 000 bytes by
/// default) is set to the import's, so an upload beyond it gets the import's 413 and not a broken form.
/// </summary>
internal static class Uploads
{
    public enum Check
    {
        Ok,
        NotAForm,
        TooLarge,
    }

    public static Check Prepare(HttpContext http, long maxBytes)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (!http.Request.HasFormContentType)
        {
            return Check.NotAForm;
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = maxBytes;
        }

        return http.Request.ContentLength > maxBytes ? Check.TooLarge : Check.Ok;
    }
}
