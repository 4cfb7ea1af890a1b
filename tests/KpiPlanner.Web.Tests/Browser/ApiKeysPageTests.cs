using System.Net;
using System.Net.Http.Headers;
using Microsoft.Playwright;

namespace KpiPlanner.Web.Tests.Browser;

/// <summary>
/// The owner's API keys page (decision 016): a key created on it works over HTTP at once, its secret is shown once, and
/// revoking it on the page makes its very next call a 401. HR has no such page (the service refuses them too:
/// <c>ApiKeysTests</c>).
/// </summary>
public sealed class ApiKeysPageTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task The_owner_creates_a_key_uses_it_over_http_and_revokes_it_on_the_page()
    {
        await Fixture.App.ResetAsync();
        var page = await SignedInPageAsync(OwnerEmail);
        await page.GetByTestId("nav-api-keys").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/api-keys$"));
        await Expect(page.GetByTestId("apikeys-table")).ToContainTextAsync("Ключей пока нет.");

        await page.GetByTestId("apikey-name").FillAsync("1С: факты отдела продаж");
        await page.GetByTestId("apikey-scope").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Планы и факты", Exact = true }).ClickAsync();
        await page.GetByTestId("apikey-department").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Отдел продаж", Exact = true }).ClickAsync();
        await page.GetByTestId("apikey-create").ClickAsync();

        await Expect(page.GetByTestId("apikey-secret-alert")).ToContainTextAsync("показывается один раз");
        var secret = (await page.GetByTestId("apikey-secret").TextContentAsync())!.Trim();
        Assert.StartsWith("kpk_", secret, StringComparison.Ordinal);
        var row = page.GetByTestId("apikeys-table").Locator("tr", new() { HasText = "1С: факты отдела продаж" });
        await Expect(row).ToContainTextAsync("Отдел продаж");
        await Expect(row).ToContainTextAsync(secret[..12]);
        await Expect(row).ToContainTextAsync("Действует");
        await ScreenshotAsync(page, "api-keys-created");

        using var api = new HttpClient { BaseAddress = Fixture.App.BaseAddress };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        using (var employees = await api.GetAsync("/api/employees"))
        {
            Assert.Equal(HttpStatusCode.OK, employees.StatusCode);
        }

        await row.GetByTestId("apikey-revoke").ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Отозвать" }).ClickAsync();
        await Expect(row).ToContainTextAsync("Отозван");
        await Expect(page.GetByTestId("apikey-secret-alert")).ToHaveCountAsync(0);
        await ScreenshotAsync(page, "api-keys-revoked");

        using var refused = await api.GetAsync("/api/employees");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task In_English_the_page_names_scopes_validity_and_the_one_time_secret_in_English()
    {
        await Fixture.App.ResetAsync();
        var page = await SignedInPageAsync(OwnerEmail, "en-US");
        await page.GetByTestId("nav-api-keys").ClickAsync();
        await Expect(page.GetByTestId("apikeys-table")).ToContainTextAsync("No keys yet.");

        await page.GetByTestId("apikey-name").FillAsync("BI dashboard");
        await page.GetByTestId("apikey-scope").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Read only", Exact = true }).ClickAsync();
        await Expect(page.GetByText("Reads departments, positions, employees, pay lines and the dashboard export; writes nothing.")).ToBeVisibleAsync();
        await page.GetByTestId("apikey-create").ClickAsync();

        await Expect(page.GetByTestId("apikey-secret-alert")).ToContainTextAsync("it is shown only once");
        var row = page.GetByTestId("apikeys-table").Locator("tr", new() { HasText = "BI dashboard" });
        await Expect(row).ToContainTextAsync("Whole company");
        await Expect(row).ToContainTextAsync("Active");
        await Expect(row).ToContainTextAsync("never");
        await Expect(page.GetByTestId("apikeys-table")).ToContainTextAsync("Valid through");
        await Expect(page.Locator("body")).Not.ToContainTextAsync("Ключ");
        await ScreenshotAsync(page, "api-keys-created-en");
    }

    [Fact]
    public async Task An_organisation_key_is_the_whole_companys_and_writes_the_organisation_over_http()
    {
        await Fixture.App.ResetAsync();
        var page = await SignedInPageAsync(OwnerEmail);
        await page.GetByTestId("nav-api-keys").ClickAsync();
        await Expect(page.GetByTestId("apikeys-table")).ToContainTextAsync("Ключей пока нет.");
        await page.GetByTestId("apikey-name").FillAsync("Кадровая система");
        await page.GetByTestId("apikey-scope").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Оргструктура", Exact = true }).ClickAsync();
        await Expect(page.GetByText("создаёт и меняет подразделения, должности и сотрудников")).ToBeVisibleAsync();
        await ScreenshotAsync(page, "api-keys-organisation-scope");
        await page.GetByTestId("apikey-create").ClickAsync();

        var secret = (await page.GetByTestId("apikey-secret").TextContentAsync())!.Trim();
        var row = page.GetByTestId("apikeys-table").Locator("tr", new() { HasText = "Кадровая система" });
        await Expect(row).ToContainTextAsync("Оргструктура");

        using var api = new HttpClient { BaseAddress = Fixture.App.BaseAddress };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        using var created = await api.PostAsync("/api/positions", new StringContent("""{ "name": "Кладовщик" }""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    [Fact]
    public async Task A_design_key_is_for_the_whole_company_and_creates_a_scale_over_http()
    {
        await Fixture.App.ResetAsync();
        var page = await SignedInPageAsync(OwnerEmail);
        await page.GetByTestId("nav-api-keys").ClickAsync();
        await page.GetByTestId("apikey-name").FillAsync("Конструктор схем");
        await page.GetByTestId("apikey-scope").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Шкалы и схемы мотивации", Exact = true }).ClickAsync();
        await Expect(page.GetByText("создаёт шкалы и новые версии схем мотивации", new() { Exact = false })).ToBeVisibleAsync();
        await page.GetByTestId("apikey-create").ClickAsync();

        var secret = (await page.GetByTestId("apikey-secret").TextContentAsync())!.Trim();
        var row = page.GetByTestId("apikeys-table").Locator("tr", new() { HasText = "Конструктор схем" });
        await Expect(row).ToContainTextAsync("Шкалы и схемы мотивации");
        await Expect(row).ToContainTextAsync("Вся компания");
        await ScreenshotAsync(page, "api-keys-design");

        using var api = new HttpClient { BaseAddress = Fixture.App.BaseAddress };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        using var created = await api.PostAsync("/api/scales", new StringContent(
            """{ "name": "Ключом", "bands": [ { "to": 100, "coefficient": 0 }, { "coefficient": 1 } ] }""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    [Fact]
    public async Task HR_has_no_api_keys_page_nor_its_link()
    {
        var page = await SignedInPageAsync(HrEmail);
        await Expect(page.GetByTestId("nav-api-keys")).ToHaveCountAsync(0);

        await page.GetByTestId("nav-users").ClickAsync(); // an interactive navigation, then the address typed in
        await page.GotoAsync("/api-keys");

        await Expect(page.GetByTestId("access-denied")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("apikeys-table")).ToHaveCountAsync(0);
    }
}
