using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using KpiPlanner.Infrastructure.Demo;
using KpiPlanner.Testing;
using KpiPlanner.Web.Features.Pay;
using static KpiPlanner.IntegrationTests.FactsTestSupport;

namespace KpiPlanner.IntegrationTests;

/// <summary>
/// Answers stay near the size of what was sent (found by the fuzz tests): a batch or a file with thousands of bad rows
/// lists the first 100 and counts them all; more facts than an import's rows get a 413; the pay check answers a
/// summary (outcomes only a page at a time, on request), so a 2 KB scheme no longer gets a 10 MB answer. Every refusal leaves the database as it was.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class BoundedAnswerTests(KpiAppFactory app) : IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private static string Month => MonthKey(CurrentMonth);

    private static async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpClient client, HttpMethod method, string url, HttpContent content)
    {
        using var response = await client.SendAsync(new HttpRequestMessage(method, url) { Content = content });
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_batch_with_thousands_of_bad_items_lists_the_first_100_and_counts_them_all()
    {
        var client = await app.BearerClientAsync(DemoData.HrEmail);
        var before = await app.DatabaseFingerprintAsync();
        var items = Enumerable.Range(0, 5_000).Select(i => $"{{\"employee\":\"N{i}\",\"kpi\":\"sales_volume\",\"value\":1}}");

        var (status, body) = await SendAsync(client, HttpMethod.Put, $"/api/periods/{Month}/facts",
            new StringContent("{\"facts\":[" + string.Join(",", items) + "]}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(body.Length < 64 * 1024, $"the answer is {body.Length} characters");
        using var problem = JsonDocument.Parse(body);
        Assert.Equal(100, problem.RootElement.GetProperty("errors").EnumerateObject().Count());
        Assert.Equal(5_000, problem.RootElement.GetProperty("errorCount").GetInt32());
        Assert.Equal("Показаны только первые 100 ошибок; всего ошибок: 5\u202F000.", problem.RootElement.GetProperty("detail").GetString());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("facts[0].employee", out _));
        Assert.Equal(before, await app.DatabaseFingerprintAsync());
    }

    [Fact]
    public async Task A_batch_of_more_facts_than_an_import_takes_gets_413_and_changes_nothing()
    {
        var client = await app.BearerClientAsync(DemoData.HrEmail, "en-US");
        var before = await app.DatabaseFingerprintAsync();

        var (status, body) = await SendAsync(client, HttpMethod.Put, $"/api/periods/{Month}/facts",
            new StringContent("{\"facts\":[" + string.Join(",", Enumerable.Repeat("{}", 200_001)) + "]}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        using var problem = JsonDocument.Parse(body);
        Assert.Equal("facts.too_many_items", problem.RootElement.GetProperty("code").GetString());
        Assert.Equal("The request holds 200,001 facts; at most 200,000 are taken at once: split the batch.", problem.RootElement.GetProperty("detail").GetString());
        Assert.Equal(before, await app.DatabaseFingerprintAsync());
    }

    [Fact]
    public async Task A_facts_file_with_20_000_bad_rows_lists_the_first_100_and_counts_them_all()
    {
        var client = await app.BearerClientAsync(DemoData.HrEmail, "en-US");
        var before = await app.DatabaseFingerprintAsync();
        var csv = Csv("Табельный номер;Показатель;Факт\n" + string.Concat(Enumerable.Range(0, 20_000).Select(i => $"N{i};sales_volume;1\n")));

        var (status, body) = await SendAsync(client, HttpMethod.Post, $"/api/periods/{Month}/import?confirmMonth={Month}",
            new MultipartFormDataContent { { new ByteArrayContent(csv), "file", "facts.csv" } });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(body.Length < 128 * 1024, $"the answer is {body.Length} characters");
        using var problem = JsonDocument.Parse(body);
        Assert.Equal(100, problem.RootElement.GetProperty("rows").GetArrayLength());
        Assert.Equal(2, problem.RootElement.GetProperty("rows")[0].GetProperty("row").GetInt32());
        Assert.Equal(20_000, problem.RootElement.GetProperty("errorCount").GetInt32());
        Assert.Equal("Only the first 100 errors are listed; 20,000 in all.", problem.RootElement.GetProperty("detail").GetString());
        Assert.Equal(before, await app.DatabaseFingerprintAsync());
    }

    [Fact]
    public async Task An_organisation_file_with_5_000_bad_rows_lists_the_first_100_and_counts_them_all()
    {
        var client = await app.BearerClientAsync(DemoData.HrEmail);
        var template = Encoding.UTF8.GetString(await client.GetByteArrayAsync("/api/organisation/template?format=csv")).TrimStart('\uFEFF');
        var header = template.Split('\n')[0].TrimEnd('\r');
        var columns = header.Split(';').Length;
        var before = await app.DatabaseFingerprintAsync();
        // Every cell but the personnel number says "not a date": each row is refused at least once.
        var rows = Enumerable.Range(0, 5_000).Select(i => string.Join(';', Enumerable.Range(0, columns).Select(c => c == 0 ? $"Z{i}" : "31.02.2026")));
        var csv = Csv(header + "\n" + string.Join("\n", rows) + "\n");

        var (status, body) = await SendAsync(client, HttpMethod.Post, "/api/organisation/import",
            new MultipartFormDataContent { { new ByteArrayContent(csv), "file", "organisation.csv" } });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(body.Length < 128 * 1024, $"the answer is {body.Length} characters");
        using var problem = JsonDocument.Parse(body);
        Assert.Equal(100, problem.RootElement.GetProperty("rows").GetArrayLength());
        Assert.True(problem.RootElement.GetProperty("errorCount").GetInt32() >= 5_000, body[..500]);
        Assert.StartsWith("Показаны только первые 100 ошибок; всего ошибок: ", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await app.DatabaseFingerprintAsync());
    }

    [Fact]
    public async Task A_scale_of_20_000_empty_bands_gets_the_first_100_fields_and_the_count_of_every_error()
    {
        var client = await app.BearerClientAsync(DemoData.ManagerEmail, "en-US");
        var bands = string.Join(",", Enumerable.Repeat("{}", 20_000));
        var body = $"{{\"fixed\":15000,\"plannedVariable\":15000,\"kpis\":[{{\"name\":\"A\",\"weight\":100,\"plan\":1,\"fact\":1,\"scale\":{{\"bands\":[{bands}]}}}}]}}";

        var (status, answer) = await SendAsync(client, HttpMethod.Post, "/api/pay/preview", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(answer.Length < 4 * body.Length, $"{answer.Length} characters for a {body.Length}-character request");
        using var problem = JsonDocument.Parse(answer);
        Assert.Equal(100, problem.RootElement.GetProperty("errors").EnumerateObject().Count());
        Assert.True(problem.RootElement.GetProperty("errorCount").GetInt32() >= 20_000);
        Assert.StartsWith("Only the first 100 fields with errors are listed; ", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    /// <summary>A KPI of <paramref name="weight"/> % on <paramref name="bands"/> step bands, each coefficient with 28 decimals.</summary>
    private static string Kpi(int index, int weight, int bands)
    {
        var scale = Enumerable.Range(0, bands).Select(b => string.Create(CultureInfo.InvariantCulture,
            $"{{\"from\":{b * 50},\"to\":{(b == bands - 1 ? "null" : ((b + 1) * 50).ToString(CultureInfo.InvariantCulture))},\"coefficient\":0.{new string((char)('1' + b), 28)}}}"));
        return string.Create(CultureInfo.InvariantCulture, $"{{\"name\":\"KPI{index}\",\"weight\":{weight},\"scale\":{{\"bands\":[{string.Join(",", scale)}]}}}}");
    }

    [Fact]
    public async Task A_check_of_more_than_100_000_outcomes_is_refused_naming_the_limit()
    {
        var client = await app.BearerClientAsync(DemoData.ManagerEmail);
        var body = $$"""{"fixed":15000,"plannedVariable":15000,"kpis":[{{string.Join(",", Enumerable.Range(0, 6).Select(i => Kpi(i, i < 4 ? 15 : 20, 7)))}}]}""";

        var (status, answer) = await SendAsync(client, HttpMethod.Post, "/api/pay/check", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        using var problem = JsonDocument.Parse(answer);
        Assert.Equal(["check.too_many_outcomes"], problem.RootElement.GetProperty("codes").GetProperty("kpis").EnumerateArray().Select(c => c.GetString()));
        Assert.Contains("117\u202F649", problem.RootElement.GetProperty("errors").GetProperty("kpis")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("100\u202F000", problem.RootElement.GetProperty("errors").GetProperty("kpis")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_check_of_7_kpis_with_5_bands_answers_a_summary_and_its_largest_page_below_the_body_limit()
    {
        var client = await app.BearerClientAsync(DemoData.ManagerEmail);
        var body = $$"""{"fixed":15000,"plannedVariable":15000,"kpis":[{{string.Join(",", Enumerable.Range(0, 7).Select(i => Kpi(i, i < 4 ? 10 : 20, 5)))}}]}""";

        var (status, answer) = await SendAsync(client, HttpMethod.Post, "/api/pay/check", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, status);
        using (var check = JsonDocument.Parse(answer))
        {
            Assert.Equal(78_125, check.RootElement.GetProperty("count").GetInt32());
            Assert.Equal(JsonValueKind.Null, check.RootElement.GetProperty("outcomes").ValueKind);
        }

        Assert.True(Encoding.UTF8.GetByteCount(answer) < 16 * 1024, $"{answer.Length} characters for a {body.Length}-character scheme");

        (status, answer) = await SendAsync(client, HttpMethod.Post, "/api/pay/check?outcomes=true&pageSize=1000", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, status);
        using (var check = JsonDocument.Parse(answer))
        {
            Assert.Equal(1000, check.RootElement.GetProperty("outcomes").GetArrayLength());
        }

        Assert.True(Encoding.UTF8.GetByteCount(answer) < PayEndpoints.MaxBodyBytes, $"{answer.Length} characters for a {body.Length}-character scheme");
    }
}
