using System.Net;
using System.Net.Http.Json;
using KpiPlanner.Infrastructure.Demo;
using KpiPlanner.Testing;

namespace KpiPlanner.IntegrationTests;

/// <summary>
/// Issue 13, "Hardening": a page of another site cannot make a signed-in browser write through the API with its
/// cookie — the request is refused before the endpoint and nothing changes; the app's own origin and bearer clients go
/// through.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class CrossSiteRequestTests(KpiAppFactory app) : IAsyncLifetime
{
    public async Task InitializeAsync() => await app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private static string FactsUrl => $"/api/periods/{TestClock.ThisMonth:yyyy-MM}/facts";

    private static object Body(decimal value) => new { facts = new[] { new { employee = "0101", kpi = DemoData.SalesKpi, value } } };

    private async Task<HttpClient> CookieClientAsync()
    {
        var browser = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Redirect, (await LoginPageForm.SubmitAsync(browser, DemoData.HrEmail, DemoData.Password)).StatusCode);
        return browser;
    }

    [Fact]
    public async Task A_cookie_write_from_another_sites_page_is_refused_and_changes_nothing()
    {
        using var browser = await CookieClientAsync();
        var snapshot = await app.SnapshotAsync(TestClock.ThisMonth);
        using var request = new HttpRequestMessage(HttpMethod.Put, FactsUrl) { Content = JsonContent.Create(Body(777_777m)) };
        request.Headers.Add("Origin", "http://evil.example");

        var response = await browser.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("другого сайта", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(snapshot, await app.SnapshotAsync(TestClock.ThisMonth));
    }

    [Fact]
    public async Task The_apps_own_pages_and_bearer_clients_write_as_before()
    {
        using var browser = await CookieClientAsync();
        using var own = new HttpRequestMessage(HttpMethod.Put, FactsUrl) { Content = JsonContent.Create(Body(111_111m)) };
        own.Headers.Add("Origin", browser.BaseAddress!.GetLeftPart(UriPartial.Authority));
        var bearer = await app.BearerClientAsync(DemoData.HrEmail);
        using var foreign = new HttpRequestMessage(HttpMethod.Put, FactsUrl) { Content = JsonContent.Create(Body(222_222m)) };
        foreign.Headers.Add("Origin", "http://evil.example"); // a program with a token is not a browser riding on a cookie

        Assert.Equal(HttpStatusCode.OK, (await browser.SendAsync(own)).StatusCode);
        Assert.Equal(111_111m, (await app.ValueAsync("0101", TestClock.ThisMonth, DemoData.SalesKpi))!.Fact);
        Assert.Equal(HttpStatusCode.OK, (await bearer.SendAsync(foreign)).StatusCode);
        Assert.Equal(222_222m, (await app.ValueAsync("0101", TestClock.ThisMonth, DemoData.SalesKpi))!.Fact);
    }
}
