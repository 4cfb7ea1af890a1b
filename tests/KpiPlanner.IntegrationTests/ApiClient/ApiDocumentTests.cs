using System.Text.Json;
using System.Text.Json.Nodes;
using KpiPlanner.Infrastructure.Demo;
using KpiPlanner.Testing;

namespace KpiPlanner.IntegrationTests.ApiClient;

/// <summary>
/// The typed client of <see cref="GeneratedClientMonthTests"/> is generated at build time (NSwag.MSBuild, see the
/// project file) from <c>ApiClient/openapi.v1.json</c>, a copy of the app's own OpenAPI document. This test keeps the copy
/// honest: the document the running app serves must be the copy, so a change to the API changes the document, fails
/// here, and — once the copy is refreshed — regenerates the client, whose callers then no longer compile if the change
/// broke them. Refresh: <c>KPI_UPDATE_OPENAPI=1 dotnet test tests/KpiPlanner.IntegrationTests --filter ApiDocumentTests</c>,
/// then build again.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ApiDocumentTests(KpiAppFactory app)
{
    /// <summary>The committed copy, next to this file in the source tree.</summary>
    public static string CopyPath([System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.Combine(Path.GetDirectoryName(here)!, "openapi.v1.json");

    [Fact]
    public async Task The_documents_copy_the_client_is_generated_from_is_the_apps_own()
    {
        var client = await app.BearerClientAsync(DemoData.HrEmail, "en-US");
        var served = Normalise(await client.GetStringAsync("/openapi/v1.json"));
        var path = CopyPath();
        if (Environment.GetEnvironmentVariable("KPI_UPDATE_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(path, served);
        }

        var copy = File.Exists(path) ? await File.ReadAllTextAsync(path) : "";
        Assert.True(copy == served,
            "The API changed: its OpenAPI document is no longer tests/KpiPlanner.IntegrationTests/ApiClient/openapi.v1.json. Refresh the copy with " +
            "`KPI_UPDATE_OPENAPI=1 dotnet test tests/KpiPlanner.IntegrationTests --filter ApiDocumentTests`, rebuild (the typed client is generated " +
            "from it) and fix what no longer compiles.");
    }

    /// <summary>The document without what depends on the host it was served from, indented, with LF line ends.</summary>
    private static string Normalise(string json)
    {
        var document = JsonNode.Parse(json)!.AsObject();
        document.Remove("servers");
        return document.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping })
            .ReplaceLineEndings("\n") + "\n";
    }
}
