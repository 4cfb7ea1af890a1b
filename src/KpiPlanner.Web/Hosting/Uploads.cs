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

    /// <summary>
    /// The upload's file (the form field <c>file</c>, else the first one) after <see cref="Prepare"/>: <see cref="Check.Ok"/>
    /// with a file that has content; <see cref="Check.TooLarge"/> when the body went beyond <paramref name="maxBytes"/>
    /// (a body without a length, chunked, found out while read; or the form reader's own limits); otherwise
    /// <see cref="Check.NotAForm"/> — no form, an empty or broken multipart body, no file or an empty one.
    /// </summary>
    public static async Task<(Check Check, IFormFile? File)> ReadFileAsync(HttpContext http, long maxBytes, CancellationToken ct)
    {
        var check = Prepare(http, maxBytes);
        if (check != Check.Ok)
        {
            return (check, null);
        }

        IFormFile? file;
        try
        {
            var form = await http.Request.ReadFormAsync(ct);
            file = form.Files.GetFile("file") ?? form.Files.FirstOrDefault();
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (Check.TooLarge, null);
        }
        catch (InvalidDataException e) when (e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase))
        {
            return (Check.TooLarge, null);
        }
        catch (Exception e) when ((e is InvalidDataException or BadHttpRequestException or IOException) && !ct.IsCancellationRequested)
        {
            // (A body cut short because the client left is no refusal: that goes on to ClientAborts, a 499.)
            return (Check.NotAForm, null);
        }

        return file is null || file.Length == 0 ? (Check.NotAForm, null) : (Check.Ok, file);
    }
}
