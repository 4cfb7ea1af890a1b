using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using KpiPlanner.Infrastructure.Demo;
using KpiPlanner.Infrastructure.Import;
using KpiPlanner.Testing;
using KpiPlanner.Web.Features.Facts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static KpiPlanner.IntegrationTests.FactsTestSupport;

namespace KpiPlanner.IntegrationTests;

/// <summary>
/// The facts API and import under hostile or careless input: a value of the wrong JSON type, not a finite decimal or
/// with more decimals than are stored refuses the whole batch — a 400 naming the item's field, and the database exactly
/// as it was — and no message quotes more than about 100 characters of what was sent.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class FactsHostileInputTests(KpiAppFactory app) : IAsyncLifetime
{
    /// <summary>A message quotes at most 100 characters of a value, plus its own words.</summary>
    private const int MaxMessageLength = 400;

    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private static string FactsUrl => $"/api/periods/{MonthKey(CurrentMonth)}/facts";

    private async Task<HttpClient> ClientAsync(string email, string language = "ru-RU")
    {
        var client = app.CreateClient();
        var token = await client.AccessTokenAsync(email, DemoData.Password);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        return client;
    }

    /// <summary>A good item first (it would change employee 0101's fact), then employee 0102's item with <paramref name="value"/>.</summary>
    private static string Batch(string value) => $$"""
        { "facts": [
          { "employee": "0101", "kpi": "sales_volume", "value": 303601 },
          { "employee": "0102", "kpi": "sales_volume", "value": {{value}} }
        ] }
        """;

    private async Task<(HttpStatusCode Status, JsonDocument Body)> PutAsync(HttpClient client, string json)
    {
        var response = await client.PutAsync(FactsUrl, new StringContent(json, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.NotEqual(HttpStatusCode.InternalServerError, response.StatusCode);
        return (response.StatusCode, JsonDocument.Parse(text));
    }

    /// <summary>Every row of every table (<see cref="DatabaseFingerprint"/>): nothing at all changed.</summary>
    private Task<string> DatabaseAsync() => app.DatabaseFingerprintAsync();

    [Theory]
    [InlineData("\"NaN\"", FactsIssueCodes.NotANumber)]
    [InlineData("\"Infinity\"", FactsIssueCodes.NotANumber)]
    [InlineData("\"-Infinity\"", FactsIssueCodes.NotANumber)]
    [InlineData("\"abc\"", FactsIssueCodes.NotANumber)]
    [InlineData("\"\"", FactsIssueCodes.NotANumber)]
    [InlineData("\"1e5\"", FactsIssueCodes.NotANumber)]
    [InlineData("true", FactsIssueCodes.NotANumber)]
    [InlineData("false", FactsIssueCodes.NotANumber)]
    [InlineData("{\"a\":1}", FactsIssueCodes.NotANumber)]
    [InlineData("[]", FactsIssueCodes.NotANumber)]
    [InlineData("[1, 2]", FactsIssueCodes.NotANumber)]
    [InlineData("1e400", FactsIssueCodes.TooLarge)]
    [InlineData("123456789012345678901234567890", FactsIssueCodes.TooLarge)]
    [InlineData("0.00001", FactsIssueCodes.TooManyDecimals)]
    [InlineData("1e-400", FactsIssueCodes.TooManyDecimals)]
    [InlineData("1.00000000000000000000000000000001", FactsIssueCodes.TooManyDecimals)]
    [InlineData("\"0,00001\"", FactsIssueCodes.TooManyDecimals)]
    [InlineData("\"330 000,12345\"", FactsIssueCodes.TooManyDecimals)]
    public async Task A_value_that_is_not_a_storable_number_refuses_the_whole_batch_and_leaves_the_database_unchanged(string value, string code)
    {
        var client = await ClientAsync(DemoData.ManagerEmail);
        var before = await DatabaseAsync();

        var (status, problem) = await PutAsync(client, Batch(value));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var errors = problem.RootElement.GetProperty("errors");
        Assert.Equal(["facts[1].value"], errors.EnumerateObject().Select(e => e.Name));
        Assert.Equal([code], problem.RootElement.GetProperty("codes").GetProperty("facts[1].value").EnumerateArray().Select(c => c.GetString()));
        var message = errors.GetProperty("facts[1].value")[0].GetString()!;
        Assert.Matches("[А-Яа-яЁё]", message);
        Assert.Equal("Факты не приняты: исправьте ошибки. Ничего не сохранено.", problem.RootElement.GetProperty("title").GetString());
        Assert.Equal(before, await DatabaseAsync());
        problem.Dispose();
    }

    [Theory]
    [InlineData("\"NaN\"", "“NaN” is not a number")]
    [InlineData("true", "“true” is not a number")]
    [InlineData("0.00001", "“0.00001” has more than 4 decimal places")]
    [InlineData("1e400", "too large: 1e400")]
    public async Task The_reason_is_given_in_the_requests_language(string value, string expected)
    {
        var client = await ClientAsync(DemoData.HrEmail, "en-US");
        var before = await DatabaseAsync();

        var (status, problem) = await PutAsync(client, Batch(value));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(expected, problem.RootElement.GetProperty("errors").GetProperty("facts[1].value")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await DatabaseAsync());
        problem.Dispose();
    }

    [Fact]
    public async Task Items_of_the_wrong_shape_alone_refuse_the_batch_too()
    {
        var client = await ClientAsync(DemoData.HrEmail);
        var before = await DatabaseAsync();
        var json = """
            { "facts": [
              { "employee": "0101", "kpi": "sales_volume", "value": 303601 },
              42,
              { "employee": ["0102"], "kpi": "sales_volume", "value": 1 },
              { "employee": "0103", "kpi": { "key": "sales_volume" }, "value": 1 }
            ] }
            """;

        var (status, problem) = await PutAsync(client, json);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(
            ["facts[1]", "facts[2].employee", "facts[3].kpi"],
            problem.RootElement.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Equal(before, await DatabaseAsync());
        problem.Dispose();
    }

    [Theory]
    [InlineData("330000.1234", "330000.1234")]
    [InlineData("1.50000", "1.5")]
    [InlineData("1.2e3", "1200")]
    [InlineData("\"1 234,5\"", "1234.5")]
    [InlineData("\"0,0001\"", "0.0001")]
    public async Task Up_to_4_decimals_are_stored_exactly(string value, string stored)
    {
        var client = await ClientAsync(DemoData.ManagerEmail);

        var (status, body) = await PutAsync(client, Batch(value));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(2, body.RootElement.GetProperty("applied").GetInt32() + body.RootElement.GetProperty("unchanged").GetInt32());
        Assert.Equal(decimal.Parse(stored, System.Globalization.CultureInfo.InvariantCulture), (await app.ValueAsync("0102", CurrentMonth, DemoData.SalesKpi))!.Fact);
        Assert.Equal(303_601m, (await app.ValueAsync("0101", CurrentMonth, DemoData.SalesKpi))!.Fact);
        body.Dispose();
    }

    [Fact]
    public async Task The_service_refuses_a_value_with_more_decimals_than_stored_instead_of_rounding_it()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var facts = scope.ServiceProvider.GetRequiredService<FactsImportService>();
        var hr = await app.ActorAsync(DemoData.HrEmail);
        var before = await DatabaseAsync();

        var result = await facts.PutFactsAsync(hr, CurrentMonth,
        [
            new FactItem("0101", null, DemoData.SalesKpi, 1m),
            new FactItem("0102", null, DemoData.SalesKpi, 0.00001m),
        ]);

        var error = Assert.Single(result.Errors);
        Assert.Equal("facts[1].value", error.Path);
        Assert.Equal(FactsIssueCodes.TooManyDecimals, error.Code);
        Assert.Equal(0, result.Applied);
        Assert.Equal(before, await DatabaseAsync());
    }

    [Fact]
    public async Task Messages_quote_at_most_100_characters_of_a_sent_value()
    {
        var client = await ClientAsync(DemoData.HrEmail);
        var before = await DatabaseAsync();
        var huge = new string('x', 10_000);
        var json = JsonSerializer.Serialize(new
        {
            facts = new object[]
            {
                new { employee = "0101", kpi = "sales_volume", value = huge },
                new { employee = "A" + huge, kpi = "sales_volume", value = 1 },
                new { employee = "0103", kpi = "B" + huge, value = 1 },
                new { employee = "0104", kpi = "sales_volume", value = "0." + new string('1', 10_000) },
            },
        });

        var (status, problem) = await PutAsync(client, json);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var errors = problem.RootElement.GetProperty("errors");
        Assert.Equal(["facts[0].value", "facts[1].employee", "facts[2].kpi", "facts[3].value"], errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        foreach (var error in errors.EnumerateObject())
        {
            var message = error.Value[0].GetString()!;
            Assert.True(message.Length < MaxMessageLength, $"{error.Name}: {message.Length} characters");
            Assert.Contains("…", message, StringComparison.Ordinal);
        }

        Assert.Contains(new string('x', 100) + "…", errors.GetProperty("facts[0].value")[0].GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(new string('x', 101), errors.GetProperty("facts[0].value")[0].GetString(), StringComparison.Ordinal);
        Assert.True(problem.RootElement.GetRawText().Length < 4_000, "the whole answer stays small");
        Assert.Equal(before, await DatabaseAsync());
        problem.Dispose();
    }

    [Fact]
    public async Task Import_errors_quote_at_most_100_characters_of_a_cell()
    {
        var client = await ClientAsync(DemoData.HrEmail);
        var before = await DatabaseAsync();
        var huge = new string('z', 10_000);
        var csv = Csv($"Табельный номер;Показатель;Факт\n0101;sales_volume;{huge}\nN{huge};sales_volume;1\n0102;K{huge};1\n");
        using var content = new MultipartFormDataContent { { new ByteArrayContent(csv), "file", "facts.csv" } };

        var response = await client.PostAsync($"/api/periods/{MonthKey(CurrentMonth)}/import?confirmMonth={MonthKey(CurrentMonth)}", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(text.Length < 6_000, $"the answer is {text.Length} characters");
        using var problem = JsonDocument.Parse(text);
        var rows = problem.RootElement.GetProperty("rows").EnumerateArray().ToArray();
        Assert.Equal([2, 3, 4], rows.Select(r => r.GetProperty("row").GetInt32()));
        Assert.All(rows, r =>
        {
            var message = r.GetProperty("message").GetString()!;
            Assert.True(message.Length < MaxMessageLength, $"row {r.GetProperty("row")}: {message.Length} characters");
            Assert.Contains("…", message, StringComparison.Ordinal);
        });
        Assert.Equal(before, await DatabaseAsync());
    }
}
