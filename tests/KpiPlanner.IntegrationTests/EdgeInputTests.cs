using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using KpiPlanner.Infrastructure.Demo;
using KpiPlanner.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using static KpiPlanner.IntegrationTests.FactsTestSupport;

namespace KpiPlanner.IntegrationTests;

/// <summary>
/// Dates at the edge of the calendar and hostile redirect addresses: every endpoint that reads a month or a period
/// answers a month outside 2000-01 … 2100-12 with a 400 problem naming the parameter and the allowed range, in the
/// request's language — never a 500 — and the language switch never redirects off the site.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class EdgeInputTests(KpiAppFactory app)
{
    public static TheoryData<string> EdgeMonths() => ["9999-12", "0001-01", "1999-12", "2101-01"];

    private async Task<HttpClient> ClientAsync(string email, string language = "ru-RU")
    {
        var client = app.CreateClient();
        var token = await client.AccessTokenAsync(email, DemoData.Password);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        return client;
    }

    private async Task<int> SalesDepartmentAsync()
    {
        await using var db = app.CreateDbContext();
        return await db.Departments.Where(d => d.Name == DemoData.SalesDepartmentName).Select(d => d.Id).SingleAsync();
    }

    /// <summary>The answer is a 400 validation problem whose error at <paramref name="parameter"/> names the range.</summary>
    private static async Task<string> AssertBadParameterAsync(HttpResponseMessage response, string parameter, string first, string last)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(text);
        Assert.Equal(400, problem.RootElement.GetProperty("status").GetInt32());
        var message = problem.RootElement.GetProperty("errors").GetProperty(parameter)[0].GetString()!;
        Assert.Contains(first, message, StringComparison.Ordinal);
        Assert.Contains(last, message, StringComparison.Ordinal);
        return message;
    }

    [Theory]
    [MemberData(nameof(EdgeMonths))]
    public async Task Put_facts_template_and_import_refuse_a_month_outside_the_range(string month)
    {
        var client = await ClientAsync(DemoData.HrEmail);
        var sales = await SalesDepartmentAsync();
        var before = await app.SnapshotAsync(CurrentMonth);

        var put = await client.PutAsync($"/api/periods/{month}/facts",
            new StringContent("""{ "facts": [ { "employee": "0101", "kpi": "sales_volume", "value": 1 } ] }""", System.Text.Encoding.UTF8, "application/json"));
        var template = await client.GetAsync($"/api/periods/{month}/template?department={sales}&format=csv");
        using var content = new MultipartFormDataContent { { new ByteArrayContent(Csv("Табельный номер;Показатель;Факт\n0101;sales_volume;1\n")), "file", "f.csv" } };
        var import = await client.PostAsync($"/api/periods/{month}/import", content);

        Assert.Contains(month, await AssertBadParameterAsync(put, "month", "2000-01", "2100-12"), StringComparison.Ordinal);
        await AssertBadParameterAsync(template, "month", "2000-01", "2100-12");
        await AssertBadParameterAsync(import, "month", "2000-01", "2100-12");
        Assert.Equal(before, await app.SnapshotAsync(CurrentMonth));
    }

    [Theory]
    [MemberData(nameof(EdgeMonths))]
    public async Task The_scheme_document_refuses_a_month_outside_the_range(string month)
    {
        var client = await ClientAsync(DemoData.HrEmail);
        var id = await app.EmployeeIdAsync("0101");

        var response = await client.GetAsync($"/api/employees/{id}/scheme-document.pdf?month={month}");

        Assert.Contains(month, await AssertBadParameterAsync(response, "month", "2000-01", "2100-12"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0002")]
    [InlineData("0002-Q1")]
    [InlineData("9999")]
    [InlineData("9999-12")]
    [InlineData("0001-01")]
    [InlineData("1999-H2")]
    [InlineData("2101")]
    [InlineData("2026-13")]
    public async Task The_dashboard_export_refuses_a_period_outside_the_range(string period)
    {
        var client = await ClientAsync(DemoData.OwnerEmail);

        var response = await client.GetAsync($"/api/dashboard/export?period={period}");

        Assert.Contains(period, await AssertBadParameterAsync(response, "period", "2000", "2100"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_payroll_export_refuses_a_month_outside_the_range()
    {
        var client = await ClientAsync(DemoData.HrEmail);

        var response = await client.GetAsync("/api/periods/9999-12/payroll?format=csv");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("2000-01", text, StringComparison.Ordinal);
        Assert.Contains("2100-12", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_edge_months_are_refused_in_the_requests_language()
    {
        var english = await ClientAsync(DemoData.HrEmail, "en-US");
        var russian = await ClientAsync(DemoData.HrEmail, "ru-RU");
        var id = await app.EmployeeIdAsync("0101");

        var facts = await AssertBadParameterAsync(
            await english.PutAsync("/api/periods/9999-12/facts", new StringContent("""{ "facts": [] }""", System.Text.Encoding.UTF8, "application/json")),
            "month", "2000-01", "2100-12");
        var document = await AssertBadParameterAsync(await english.GetAsync($"/api/employees/{id}/scheme-document.pdf?month=0001-01"), "month", "2000-01", "2100-12");
        var export = await AssertBadParameterAsync(await english.GetAsync("/api/dashboard/export?period=0002-Q1"), "period", "2000", "2100");
        var ru = await AssertBadParameterAsync(await russian.GetAsync("/api/dashboard/export?period=0002"), "period", "2000", "2100");

        Assert.Contains("is not a month", facts, StringComparison.Ordinal);
        Assert.Contains("is not valid", document, StringComparison.Ordinal);
        Assert.Contains("is not recognised", export, StringComparison.Ordinal);
        Assert.Contains("не распознан", ru, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/periods/{0}/facts")]
    [InlineData("/api/employees/1/scheme-document.pdf?month={0}")]
    [InlineData("/api/dashboard/export?period={0}")]
    public async Task A_long_month_is_quoted_at_most_100_characters(string template)
    {
        var client = await ClientAsync(DemoData.OwnerEmail);
        var month = new string('9', 2_000);
        var url = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, month);

        var response = template.Contains("facts", StringComparison.Ordinal)
            ? await client.PutAsync(url, new StringContent("""{ "facts": [] }""", System.Text.Encoding.UTF8, "application/json"))
            : await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains(new string('9', 100) + "…", text, StringComparison.Ordinal);
        Assert.DoesNotContain(new string('9', 101), text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("%2F%5Cevil.example", "/")]
    [InlineData("%5C%5Cevil.example", "/")]
    [InlineData("%2F%2Fevil.example", "/")]
    [InlineData("https%3A%2F%2Fevil.example", "/")]
    [InlineData("%2F%09%2Fevil.example", "/")]
    [InlineData("%2F%C2%85evil", "/")]
    [InlineData("", "/")]
    [InlineData("%2Fplans%3Fmonth%3D2026-06", "/plans?month=2026-06")]
    [InlineData("%2F", "/")]
    public async Task The_language_switch_redirects_only_within_the_site(string redirectUri, string expected)
    {
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync($"/culture/en-US?redirectUri={redirectUri}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expected, response.Headers.Location?.OriginalString);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Culture=", StringComparison.Ordinal));
    }
}
