using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using KpiPlanner.Infrastructure.Demo;
using KpiPlanner.Testing;
using static KpiPlanner.IntegrationTests.PayBodies;

namespace KpiPlanner.IntegrationTests;

/// <summary>
/// <c>POST /api/pay/check</c> answers a summary by default (issue 18): count, min / plan / max, a histogram over every
/// combination, the matrix for two KPIs; the outcomes only with <c>outcomes=true</c>, a page at a time.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class PayCheckSummaryTests(KpiAppFactory app)
{
    private const string Check = "/api/pay/check";

    /// <summary>7 KPIs (10/10/10/10/20/20/20 %) on table 3's five bands: 5^7 = 78 125 combinations.</summary>
    private static JsonObject SevenByFive() =>
        Scheme([.. new[] { 10m, 10m, 10m, 10m, 20m, 20m, 20m }.Select((w, i) => Kpi("KPI" + i, w, bands: Table3Bands()))]);

    private static async Task<(HttpStatusCode Status, string Body)> PostAsync(HttpClient client, string url, JsonObject body)
    {
        using var response = await client.PostAsync(url, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static decimal[] Decimals(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetDecimal())];

    [Fact]
    public async Task The_demo_sales_scheme_gets_its_matrix_and_histogram_and_no_outcomes_by_default()
    {
        var client = await app.BearerClientAsync(DemoData.ManagerEmail);
        // The demo's "Менеджер по продажам: 50 на 50": 15 000 + 15 000, two KPIs at 50 % on table 3 (0 / 0.5 / 1 / 1.2 / 1.5).
        var body = Scheme(Kpi("Выполнение плана продаж", 50m, bands: Table3Bands()),
            Kpi("Выполнение плана работ (встречи с клиентами)", 50m, bands: Table3Bands()));

        var (status, answer) = await PostAsync(client, Check, body);

        Assert.Equal(HttpStatusCode.OK, status);
        using var json = JsonDocument.Parse(answer);
        var root = json.RootElement;
        Assert.Equal(25, root.GetProperty("count").GetInt32());
        Assert.Equal((15_000m, 30_000m, 37_500m), (root.GetProperty("min").GetDecimal(), root.GetProperty("plan").GetDecimal(), root.GetProperty("max").GetDecimal()));
        Assert.Equal(JsonValueKind.Null, root.GetProperty("outcomes").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("page").ValueKind);

        // By hand: pay = 15 000 + 15 000 × (0.5 × K1 + 0.5 × K2) = 15 000 + 7 500 × (K1 + K2); rows K1, columns K2.
        var matrix = root.GetProperty("matrix");
        Assert.Equal("Выполнение плана продаж", matrix.GetProperty("rowKpi").GetString());
        Assert.Equal("Выполнение плана работ (встречи с клиентами)", matrix.GetProperty("columnKpi").GetString());
        Assert.Equal([0m, 0.5m, 1m, 1.2m, 1.5m], Decimals(matrix.GetProperty("rowCoefficients")));
        Assert.Equal([0m, 0.5m, 1m, 1.2m, 1.5m], Decimals(matrix.GetProperty("columnCoefficients")));
        decimal[][] byHand =
        [
            [15_000m, 18_750m, 22_500m, 24_000m, 26_250m], // K1 = 0:   7 500 × (0 + K2)
            [18_750m, 22_500m, 26_250m, 27_750m, 30_000m], // K1 = 0.5: 7 500 × 0.5 = 3 750 more
            [22_500m, 26_250m, 30_000m, 31_500m, 33_750m], // K1 = 1:   the plan in the middle
            [24_000m, 27_750m, 31_500m, 33_000m, 35_250m], // K1 = 1.2: 7 500 × 2.4 = 18 000 at 1.2 / 1.2
            [26_250m, 30_000m, 33_750m, 35_250m, 37_500m], // K1 = 1.5: 7 500 × 3 = 22 500 at the corner
        ];
        Assert.Equal(byHand, matrix.GetProperty("totals").EnumerateArray().Select(Decimals).ToArray());

        // Ten buckets of 2 250 ₽ from 15 000 to 37 500 over the 25 pays above, each [from, to), the last [from, to].
        var histogram = root.GetProperty("histogram").EnumerateArray().ToArray();
        Assert.Equal([1, 2, 0, 3, 2, 6, 3, 2, 3, 3], histogram.Select(b => b.GetProperty("count").GetInt32()));
        Assert.Equal([15_000m, 17_250m, 19_500m, 21_750m, 24_000m, 26_250m, 28_500m, 30_750m, 33_000m, 35_250m],
            histogram.Select(b => b.GetProperty("from").GetDecimal()));
        Assert.Equal(37_500m, histogram[^1].GetProperty("to").GetDecimal());
    }

    [Fact]
    public async Task Seven_kpis_of_five_bands_get_a_summary_under_50_KB_counting_all_78_125_combinations()
    {
        var client = await app.BearerClientAsync(DemoData.ManagerEmail);

        var (status, answer) = await PostAsync(client, Check, SevenByFive());

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(Encoding.UTF8.GetByteCount(answer) < 50 * 1024, $"{answer.Length} characters");
        using var json = JsonDocument.Parse(answer);
        var root = json.RootElement;
        Assert.Equal(78_125, root.GetProperty("count").GetInt32());
        Assert.Equal(78_125, root.GetProperty("histogram").EnumerateArray().Sum(b => b.GetProperty("count").GetInt32()));
        Assert.Equal(10, root.GetProperty("histogram").GetArrayLength());
        Assert.Equal((15_000m, 30_000m, 37_500m), (root.GetProperty("min").GetDecimal(), root.GetProperty("plan").GetDecimal(), root.GetProperty("max").GetDecimal()));
        Assert.Equal(JsonValueKind.Null, root.GetProperty("matrix").ValueKind); // seven KPIs: no matrix unless two are named
        Assert.Equal(JsonValueKind.Null, root.GetProperty("outcomes").ValueKind);
    }

    [Fact]
    public async Task Outcomes_come_a_page_at_a_time_in_the_check_s_order_with_the_total()
    {
        var client = await app.BearerClientAsync(DemoData.ManagerEmail);

        var (status, answer) = await PostAsync(client, Check + "?outcomes=true&page=3&pageSize=1000", SevenByFive());
        Assert.Equal(HttpStatusCode.OK, status);
        using (var json = JsonDocument.Parse(answer))
        {
            var root = json.RootElement;
            Assert.Equal((78_125, 3, 1000), (root.GetProperty("count").GetInt32(), root.GetProperty("page").GetInt32(), root.GetProperty("pageSize").GetInt32()));
            var outcomes = root.GetProperty("outcomes").EnumerateArray().ToArray();
            Assert.Equal(1000, outcomes.Length);
            // Position 2 000 (the last KPI turning fastest): 2 000 = 3 × 5^4 + 1 × 5^3 → bands 0,0,3,1,0,0,0.
            Assert.Equal([0, 0, 3, 1, 0, 0, 0], outcomes[0].GetProperty("bandIndexes").EnumerateArray().Select(b => b.GetInt32()));
            Assert.Equal([0, 0, 3, 1, 0, 0, 1], outcomes[1].GetProperty("bandIndexes").EnumerateArray().Select(b => b.GetInt32()));
            // 15 000 + 15 000 × (0.1 × 1.2 + 0.1 × 0.5) = 17 550.
            Assert.Equal(17_550m, outcomes[0].GetProperty("total").GetDecimal());
        }

        (status, answer) = await PostAsync(client, Check + "?outcomes=true&page=79&pageSize=1000", SevenByFive());
        Assert.Equal(HttpStatusCode.OK, status);
        using (var json = JsonDocument.Parse(answer))
        {
            var outcomes = json.RootElement.GetProperty("outcomes").EnumerateArray().ToArray();
            Assert.Equal(125, outcomes.Length); // 78 125 − 78 × 1 000
            Assert.Equal([4, 4, 4, 4, 4, 4, 4], outcomes[^1].GetProperty("bandIndexes").EnumerateArray().Select(b => b.GetInt32()));
            Assert.Equal(37_500m, outcomes[^1].GetProperty("total").GetDecimal());
        }

        (status, answer) = await PostAsync(client, Check + "?outcomes=true&page=80&pageSize=1000", SevenByFive());
        Assert.Equal(HttpStatusCode.OK, status);
        using (var json = JsonDocument.Parse(answer))
        {
            Assert.Equal(0, json.RootElement.GetProperty("outcomes").GetArrayLength());
            Assert.Equal(78_125, json.RootElement.GetProperty("count").GetInt32());
        }
    }

    [Fact]
    public async Task Two_named_kpis_of_a_larger_scheme_get_their_matrix_with_the_others_at_plan()
    {
        var client = await app.BearerClientAsync(DemoData.ManagerEmail);

        var (status, answer) = await PostAsync(client, Check + "?matrixRows=KPI6&matrixColumns=KPI0", SevenByFive());

        Assert.Equal(HttpStatusCode.OK, status);
        using var json = JsonDocument.Parse(answer);
        var matrix = json.RootElement.GetProperty("matrix");
        Assert.Equal(("KPI6", "KPI0"), (matrix.GetProperty("rowKpi").GetString(), matrix.GetProperty("columnKpi").GetString()));
        // KPI6 (20 %) at 1.5 and KPI0 (10 %) at 0, the other 70 % at plan: 15 000 + 15 000 × (0.7 + 0.3) = 30 000.
        Assert.Equal(30_000m, matrix.GetProperty("totals")[4][0].GetDecimal());
        Assert.Equal(30_000m, matrix.GetProperty("totals")[2][2].GetDecimal());
    }

    [Fact]
    public async Task Bad_paging_or_matrix_parameters_get_a_400_at_each_parameter_in_the_request_s_language()
    {
        var english = await app.BearerClientAsync(DemoData.ManagerEmail, "en-US");
        var russian = await app.BearerClientAsync(DemoData.ManagerEmail);
        var before = await app.DatabaseFingerprintAsync();

        var (status, answer) = await PostAsync(english, Check + "?outcomes=yes&page=0&pageSize=5000&matrixRows=Nope&matrixColumns=KPI1", SevenByFive());

        Assert.Equal(HttpStatusCode.BadRequest, status);
        using (var problem = JsonDocument.Parse(answer))
        {
            var codes = problem.RootElement.GetProperty("codes");
            Assert.Equal("request.not_a_boolean", codes.GetProperty("outcomes")[0].GetString());
            Assert.Equal("api.bad_page", codes.GetProperty("page")[0].GetString());
            Assert.Equal("api.bad_page_size", codes.GetProperty("pageSize")[0].GetString());
            Assert.Equal("api.unknown_kpi", codes.GetProperty("matrixRows")[0].GetString());
            Assert.Equal("The page size \"5000\" is not allowed: give a whole number from 1 to 1,000.",
                problem.RootElement.GetProperty("errors").GetProperty("pageSize")[0].GetString());
            Assert.Equal("The scheme has no KPI \"Nope\": give the name of one of its KPIs.",
                problem.RootElement.GetProperty("errors").GetProperty("matrixRows")[0].GetString());
        }

        (status, answer) = await PostAsync(russian, Check + "?page=abc&matrixRows=KPI1", SevenByFive());

        Assert.Equal(HttpStatusCode.BadRequest, status);
        using (var problem = JsonDocument.Parse(answer))
        {
            Assert.Equal("Страница «abc» — не номер страницы: укажите целое число от 1.",
                problem.RootElement.GetProperty("errors").GetProperty("page")[0].GetString());
            Assert.Equal("api.matrix_kpis", problem.RootElement.GetProperty("codes").GetProperty("matrixColumns")[0].GetString());
            Assert.StartsWith("Для матрицы укажите два разных показателя", problem.RootElement.GetProperty("errors").GetProperty("matrixColumns")[0].GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(before, await app.DatabaseFingerprintAsync());
    }
}
