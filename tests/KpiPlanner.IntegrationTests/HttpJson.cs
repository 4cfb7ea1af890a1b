using System.Net.Http.Json;
using System.Text.Json;

namespace KpiPlanner.IntegrationTests;

internal static class HttpJson
{
    public static async Task<HttpResponseMessage> LoginAsync(this HttpClient client, string email, string password) =>
        await client.PostAsJsonAsync("/api/auth/login", new { email, password });

    public static async Task<string> AccessTokenAsync(this HttpClient client, string email, string password)
    {
        var response = await client.LoginAsync(email, password);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("accessToken").GetString()!;
    }
}
