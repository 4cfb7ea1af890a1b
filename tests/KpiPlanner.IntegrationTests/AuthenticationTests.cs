using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using KpiPlanner.Infrastructure.Demo;
using KpiPlanner.Testing;
using Microsoft.AspNetCore.Mvc.Testing;

namespace KpiPlanner.IntegrationTests;

[Collection(AppCollection.Name)]
public sealed class AuthenticationTests(KpiAppFactory app) : IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData(DemoData.OwnerEmail)]
    [InlineData(DemoData.HrEmail)]
    [InlineData(DemoData.ManagerEmail)]
    [InlineData(DemoData.EmployeeEmail)]
    public async Task Every_demo_user_gets_a_bearer_token_with_the_demo_password(string email)
    {
        var response = await app.CreateClient().LoginAsync(email, DemoData.Password);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Bearer", json.RootElement.GetProperty("tokenType").GetString());
        Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("accessToken").GetString()));
        Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("refreshToken").GetString()));
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_email_get_the_same_answer()
    {
        var client = app.CreateClient();

        var wrongPassword = await client.LoginAsync(DemoData.HrEmail, "Wrong123!");
        var unknownEmail = await client.LoginAsync("nobody@demo.local", "Wrong123!");

        Assert.Equal(HttpStatusCode.Unauthorized, wrongPassword.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknownEmail.StatusCode);
        Assert.Equal(await Detail(wrongPassword), await Detail(unknownEmail));
    }

    [Fact]
    public async Task Five_failed_attempts_lock_the_account_even_for_the_right_password()
    {
        var client = app.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            await client.LoginAsync(DemoData.EmployeeEmail, "Wrong123!");
        }

        var right = await client.LoginAsync(DemoData.EmployeeEmail, DemoData.Password);

        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
        Assert.Contains("заблокирован", await Detail(right), StringComparison.OrdinalIgnoreCase); // in the request's language (Russian by default)
    }

    [Fact]
    public async Task The_api_answers_401_without_a_token_and_serves_with_one()
    {
        var client = app.CreateClient();
        var anonymous = await client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await client.AccessTokenAsync(DemoData.HrEmail, DemoData.Password));
        var document = await client.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        Assert.Contains("/api/auth/login", await document.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task There_is_no_self_registration()
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await client.AccessTokenAsync(DemoData.OwnerEmail, DemoData.Password));

        var register = await client.PostAsJsonAsync("/api/auth/register", new { email = "new@demo.local", password = "Demo123!" });
        var spec = await client.GetStringAsync("/openapi/v1.json");

        // No endpoint: the unknown POST gets 404/405 from routing, and no account appears.
        Assert.Contains(register.StatusCode, new[] { HttpStatusCode.NotFound, HttpStatusCode.MethodNotAllowed });
        Assert.DoesNotContain("register", spec, StringComparison.OrdinalIgnoreCase);
        await using var db = app.CreateDbContext();
        Assert.False(db.Users.Any(u => u.Email == "new@demo.local"));
    }

    [Fact]
    public async Task A_refresh_token_gives_a_new_access_token()
    {
        var client = app.CreateClient();
        var login = await client.LoginAsync(DemoData.ManagerEmail, DemoData.Password);
        using var json = JsonDocument.Parse(await login.Content.ReadAsStringAsync());
        var refreshToken = json.RootElement.GetProperty("refreshToken").GetString();

        var refreshed = await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken });

        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        Assert.Contains("accessToken", await refreshed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_send_a_signed_out_browser_to_the_login_page()
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var home = await client.GetAsync("/users");
        var login = await client.GetAsync("/account/login");

        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.StartsWith("/account/login", home.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
    }

    [Fact]
    public async Task Signing_in_persists_the_data_protection_key_ring_in_the_database()
    {
        await app.CreateClient().AccessTokenAsync(DemoData.OwnerEmail, DemoData.Password);

        await using var db = app.CreateDbContext();
        Assert.NotEmpty(db.DataProtectionKeys);
    }

    private static async Task<string> Detail(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("detail").GetString()!;
    }
}
