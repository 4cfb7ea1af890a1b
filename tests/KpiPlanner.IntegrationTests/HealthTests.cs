using System.Net;
using System.Text.Json;
using KpiPlanner.Testing;

namespace KpiPlanner.IntegrationTests;

[Collection(AppCollection.Name)]
public sealed class HealthTests(KpiAppFactory app)
{
    [Fact]
    public async Task Health_is_open_to_everyone_and_reports_the_database()
    {
        var response = await app.CreateClient().GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", json.RootElement.GetProperty("status").GetString());
        var check = Assert.Single(json.RootElement.GetProperty("checks").EnumerateArray());
        Assert.Equal("database", check.GetProperty("name").GetString());
    }
}
