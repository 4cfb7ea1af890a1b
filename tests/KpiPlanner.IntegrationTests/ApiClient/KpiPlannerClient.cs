using System.Net.Http.Headers;

namespace KpiPlanner.IntegrationTests.ApiClient.Generated;

/// <summary>
/// What the generated client cannot say from the document alone: it remembers the last <c>ETag</c> the API answered and
/// sends it as <c>If-Match</c> when asked to (<see cref="IfMatch"/>) — optimistic concurrency on the organisation's writes.
/// </summary>
public partial class KpiPlannerClient
{
    /// <summary>The <c>ETag</c> of the last response that had one.</summary>
    public string? LastETag { get; private set; }

    /// <summary>Sent as <c>If-Match</c> with every request while set.</summary>
    public string? IfMatch { get; set; }

    partial void PrepareRequest(HttpClient client, HttpRequestMessage request, string url)
    {
        if (IfMatch is { } tag)
        {
            request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(tag));
        }
    }

    partial void ProcessResponse(HttpClient client, HttpResponseMessage response)
    {
        if (response.Headers.ETag is { } tag)
        {
            LastETag = tag.ToString();
        }
    }
}
