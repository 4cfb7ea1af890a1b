namespace KpiPlanner.Web.Hosting;

/// <summary>Reads a request body up to a size limit, for endpoints that parse JSON themselves to name every bad path.</summary>
internal static class RequestBody
{
    /// <summary>The bytes (a UTF-8 BOM removed); or too large; or refused by the server (with its status code).</summary>
    public readonly record struct Body(ReadOnlyMemory<byte> Bytes, bool TooLarge, BadHttpRequestException? Refused);

    public static async Task<Body> ReadLimitedAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    return new Body(default, TooLarge: true, null);
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e) when (!cancellationToken.IsCancellationRequested)
        {
            // The server refused the body itself (e.g. beyond its own size limit, or a broken chunked encoding). A body
            // cut short because the client left is no refusal: that goes on to ClientAborts, a 499.
            return new Body(default, false, e);
        }

        ReadOnlyMemory<byte> bytes = buffer.ToArray();
        return new Body(bytes.Span.StartsWith("\uFEFF"u8) ? bytes[3..] : bytes, false, null);
    }
}
