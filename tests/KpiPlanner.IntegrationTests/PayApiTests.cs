using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using KpiPlanner.Infrastructure.Demo;
using KpiPlanner.Testing;
using static KpiPlanner.IntegrationTests.PayBodies;

namespace KpiPlanner.IntegrationTests;

/// <summary>
/// The stateless pay engine over HTTP (<c>POST /api/pay/preview</c>, <c>POST /api/pay/check</c>): the article's worked
/// examples, and bad input of every kind answered by a 400 naming the exact field — never a 500.
/// </summary>
[Collection(AppCollection.Name)]
public sealed partial class PayApiTests(KpiAppFactory app) : IAsyncLifetime
{
    private const string Preview = "/api/pay/preview";
    private const string Check = "/api/pay/check";

    private string token = string.Empty;

    public async Task InitializeAsync() => token = await app.CreateClient().AccessTokenAsync(DemoData.HrEmail, DemoData.Password);

    public Task DisposeAsync() => Task.CompletedTask;

    // ---- worked examples -------------------------------------------------------------------------------------

    [Fact]
    public async Task The_article_example_completes_94_2857_percent_exactly_and_pays_coefficient_1()
    {
        var body = Scheme(Kpi("Выполнение плана продаж", 100m, 350_000m, 330_000m, Table3Bands()));

        using var json = await OkAsync(Preview, body);

        var kpi = json.RootElement.GetProperty("kpis")[0];
        Assert.Equal(330_000m * 100m / 350_000m, kpi.GetProperty("completion").GetDecimal());
        Assert.StartsWith("94.2857142857", kpi.GetProperty("completion").GetRawText(), StringComparison.Ordinal);
        Assert.False(kpi.GetProperty("completionUnbounded").GetBoolean());
        Assert.Equal(1m, kpi.GetProperty("coefficient").GetDecimal());
        Assert.Equal(2, kpi.GetProperty("bandIndex").GetInt32());
        Assert.Equal("target reached", kpi.GetProperty("band").GetString());
        Assert.Equal(1m, kpi.GetProperty("weightedCoefficient").GetDecimal());
        Assert.Equal(15_000m, kpi.GetProperty("contribution").GetDecimal());
        Assert.False(kpi.GetProperty("gateFailed").GetBoolean());
        Assert.Equal(1m, json.RootElement.GetProperty("weightedSum").GetDecimal());
        Assert.Equal(15_000m, json.RootElement.GetProperty("fixed").GetDecimal());
        Assert.Equal(15_000m, json.RootElement.GetProperty("variable").GetDecimal());
        Assert.Equal(0m, json.RootElement.GetProperty("bonus").GetDecimal());
        Assert.Equal(30_000m, json.RootElement.GetProperty("total").GetDecimal());
        Assert.False(json.RootElement.GetProperty("gated").GetBoolean());
    }

    [Fact]
    public async Task The_check_reproduces_the_table_6_matrix_row_by_row()
    {
        var body = Scheme(Kpi("KPI1", 50m, bands: Table6Bands()), Kpi("KPI2", 50m, bands: Table6Bands()));

        using var json = await OkAsync(Check + "?outcomes=true", body);

        var outcomes = json.RootElement.GetProperty("outcomes").EnumerateArray().ToArray();
        Assert.Equal(
            [22_500m, 26_250m, 30_000m, 26_250m, 30_000m, 33_750m, 30_000m, 33_750m, 37_500m],
            outcomes.Select(o => o.GetProperty("total").GetDecimal()));
        Assert.Equal([0.5m, 1.5m], outcomes[2].GetProperty("coefficients").EnumerateArray().Select(c => c.GetDecimal()));
        Assert.Equal([0, 2], outcomes[2].GetProperty("bandIndexes").EnumerateArray().Select(c => c.GetInt32()));
        Assert.All(outcomes, o => Assert.False(o.GetProperty("gated").GetBoolean()));
        Assert.Equal(22_500m, json.RootElement.GetProperty("min").GetDecimal());
        Assert.Equal(30_000m, json.RootElement.GetProperty("plan").GetDecimal());
        Assert.Equal(37_500m, json.RootElement.GetProperty("max").GetDecimal());
        Assert.Equal([3, 3], json.RootElement.GetProperty("bandCounts").EnumerateArray().Select(c => c.GetInt32()));
    }

    [Fact]
    public async Task The_check_ignores_plan_and_fact()
    {
        var body = Scheme(Kpi("KPI1", 50m, 0m, -5m, Table6Bands()), Kpi("KPI2", 50m, bands: Table6Bands()));

        using var json = await OkAsync(Check, body);

        Assert.Equal(9, json.RootElement.GetProperty("count").GetInt32());
    }

    [Theory]
    [InlineData(80, 80, 22_500)] // 0.5 / 0.5 — the matrix's corner
    [InlineData(80, 120, 30_000)] // 0.5 / 1.5
    [InlineData(120, 80, 30_000)] // 1.5 / 0.5
    [InlineData(120, 120, 37_500)] // 1.5 / 1.5 — the other corner
    [InlineData(100, 100, 30_000)] // 100 % belongs to "90 to 100 inclusive"
    [InlineData(90, 100.01, 33_750)] // 90 % starts the middle band; 100.01 % is above plan
    [InlineData(89.99, 100, 26_250)]
    public async Task Preview_matches_the_table_6_matrix(decimal fact1, decimal fact2, decimal total)
    {
        var body = Scheme(Kpi("KPI1", 50m, 100m, fact1, Table6Bands()), Kpi("KPI2", 50m, 100m, fact2, Table6Bands()));

        using var json = await OkAsync(Preview, body);

        Assert.Equal(total, json.RootElement.GetProperty("total").GetDecimal());
    }

    [Fact]
    public async Task Lower_is_better_with_fact_0_lands_in_the_top_band()
    {
        var body = Scheme(
            Kpi("Дебиторская задолженность", 50m, 100_000m, 0m, Table6Bands(), direction: "lowerIsBetter"),
            Kpi("Продажи", 50m, 100m, 100m, Table6Bands()));

        using var json = await OkAsync(Preview, body);

        var kpi = json.RootElement.GetProperty("kpis")[0];
        Assert.Equal(JsonValueKind.Null, kpi.GetProperty("completion").ValueKind);
        Assert.True(kpi.GetProperty("completionUnbounded").GetBoolean());
        Assert.Equal(2, kpi.GetProperty("bandIndex").GetInt32());
        Assert.Equal(1.5m, kpi.GetProperty("coefficient").GetDecimal());
        Assert.Equal(15_000m + (15_000m * 1.25m), json.RootElement.GetProperty("total").GetDecimal());
    }

    [Fact]
    public async Task Lower_is_better_divides_plan_by_fact()
    {
        var body = Scheme(Kpi("Текучка", 100m, 10m, 8m, Table6Bands(), direction: "lowerIsBetter"));

        using var json = await OkAsync(Preview, body);

        var kpi = json.RootElement.GetProperty("kpis")[0];
        Assert.Equal(125m, kpi.GetProperty("completion").GetDecimal());
        Assert.Equal(1.5m, kpi.GetProperty("coefficient").GetDecimal());
    }

    [Fact]
    public async Task A_failed_gate_zeroes_the_variable_part_but_keeps_the_bonus()
    {
        var body = Scheme(
            Kpi("Продажи", 50m, 100m, 80m, Table6Bands(), gate: 90m),
            Kpi("Встречи", 50m, 100m, 120m, Table6Bands()));
        body["bonus"] = 1_000m;

        using var json = await OkAsync(Preview, body);

        Assert.True(json.RootElement.GetProperty("gated").GetBoolean());
        Assert.Equal(["Продажи"], json.RootElement.GetProperty("gatedBy").EnumerateArray().Select(n => n.GetString()));
        Assert.True(json.RootElement.GetProperty("kpis")[0].GetProperty("gateFailed").GetBoolean());
        Assert.False(json.RootElement.GetProperty("kpis")[1].GetProperty("gateFailed").GetBoolean());
        Assert.Equal(0m, json.RootElement.GetProperty("variable").GetDecimal());
        Assert.Equal(1_000m, json.RootElement.GetProperty("bonus").GetDecimal());
        Assert.Equal(16_000m, json.RootElement.GetProperty("total").GetDecimal());
    }

    [Fact]
    public async Task A_passed_gate_pays_as_usual_and_the_check_shows_gated_outcomes()
    {
        var body = Scheme(
            Kpi("Продажи", 50m, 100m, 95m, Table6Bands(), gate: 90m),
            Kpi("Встречи", 50m, 100m, 100m, Table6Bands()));

        using var preview = await OkAsync(Preview, body);
        using var check = await OkAsync(Check + "?outcomes=true", body);

        Assert.False(preview.RootElement.GetProperty("gated").GetBoolean());
        Assert.Equal(30_000m, preview.RootElement.GetProperty("total").GetDecimal());
        var outcomes = check.RootElement.GetProperty("outcomes").EnumerateArray().ToArray();
        Assert.All(outcomes[..3], o => Assert.True(o.GetProperty("gated").GetBoolean()));
        Assert.All(outcomes[..3], o => Assert.Equal(15_000m, o.GetProperty("total").GetDecimal()));
        Assert.All(outcomes[3..], o => Assert.False(o.GetProperty("gated").GetBoolean()));
        Assert.Equal(15_000m, check.RootElement.GetProperty("min").GetDecimal());
    }

    [Fact]
    public async Task A_linear_band_interpolates_and_a_cap_limits_the_coefficient()
    {
        JsonNode[] bands =
        [
            Band(0m, 100m, 0m, coefficientTo: 1m, toInclusive: true),
            Band(100m, null, 2m),
        ];
        var body = Scheme(Kpi("Линейный", 50m, 100m, 50m, bands), Kpi("С потолком", 50m, 100m, 150m, Table6Bands(), cap: 1m));

        using var json = await OkAsync(Preview, body);

        var kpis = json.RootElement.GetProperty("kpis");
        Assert.Equal(0.5m, kpis[0].GetProperty("coefficient").GetDecimal());
        Assert.Equal(1m, kpis[1].GetProperty("coefficient").GetDecimal());
        Assert.True(kpis[1].GetProperty("capped").GetBoolean());
        Assert.Equal(15_000m + 11_250m, json.RootElement.GetProperty("total").GetDecimal());
    }

    [Fact]
    public async Task Warnings_are_advice_in_the_request_language()
    {
        var body = Scheme(Kpi("KPI1", 50m, 100m, 100m, Table6Bands()), Kpi("KPI2", 50m, 100m, 100m, Table6Bands()));

        using var json = await OkAsync(Preview, body);

        var warning = Assert.Single(json.RootElement.GetProperty("warnings").EnumerateArray());
        Assert.Equal("scheme.kpi_count_not_recommended", warning.GetProperty("code").GetString());
        Assert.Equal("Обычно в мотивационной схеме 3–5 показателей, в этой — 2.", warning.GetProperty("message").GetString());
    }

    // ---- bad input -------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("weights 99.99", "kpis", "scheme.weights_sum")]
    [InlineData("weights 100.01", "kpis", "scheme.weights_sum")]
    [InlineData("weight 0", "kpis[0].weight", "kpi.weight_not_positive")]
    [InlineData("weight negative", "kpis[0].weight", "kpi.weight_not_positive")]
    [InlineData("gap", "kpis[0].scale.bands[1].from", "scale.gap")]
    [InlineData("overlap", "kpis[0].scale.bands[1].from", "scale.overlap")]
    [InlineData("first band not at 0", "kpis[0].scale.bands[0].from", "scale.first_band_not_at_zero")]
    [InlineData("last band closed", "kpis[0].scale.bands[2].to", "scale.last_band_not_open")]
    [InlineData("open band not last", "kpis[0].scale.bands[0].to", "scale.open_band_not_last")]
    [InlineData("reversed band", "kpis[0].scale.bands[0].to", "scale.band_reversed")]
    [InlineData("negative coefficient", "kpis[0].scale.bands[0].coefficient", "scale.negative_coefficient")]
    [InlineData("negative cap", "kpis[0].scale.cap", "scale.negative_cap")]
    [InlineData("no bands", "kpis[0].scale.bands", "scale.no_bands")]
    [InlineData("linear band without end", "kpis[0].scale.bands[2].to", "scale.linear_band_without_end")]
    [InlineData("plan 0", "kpis[0].plan", "completion.plan_not_positive")]
    [InlineData("plan negative", "kpis[0].plan", "completion.plan_not_positive")]
    [InlineData("negative fixed", "fixed", "money.negative")]
    [InlineData("negative planned variable", "plannedVariable", "money.negative")]
    [InlineData("fraction of a kopeck", "fixed", "money.too_many_decimals")]
    [InlineData("negative bonus", "bonus", "money.negative")]
    [InlineData("fixed beyond numeric(18,2)", "fixed", "number.out_of_range")]
    [InlineData("fact beyond numeric(18,2)", "kpis[1].fact", "number.out_of_range")]
    [InlineData("pay beyond numeric(18,2)", "", "pay.out_of_range")]
    [InlineData("completion beyond decimal", "kpis[0].plan", "completion.out_of_range")]
    [InlineData("no KPIs", "kpis", "scheme.no_kpis")]
    [InlineData("KPIs missing", "kpis", "scheme.no_kpis")]
    [InlineData("8 KPIs", "kpis", "scheme.too_many_kpis")]
    [InlineData("duplicate name", "kpis[1].name", "scheme.duplicate_kpi_name")]
    [InlineData("blank name", "kpis[0].name", "kpi.name_required")]
    [InlineData("unknown direction", "kpis[0].direction", "request.unknown_direction")]
    [InlineData("weight as a string", "kpis[0].weight", "request.not_a_number")]
    [InlineData("toInclusive not a boolean", "kpis[0].scale.bands[1].toInclusive", "request.not_a_boolean")]
    [InlineData("kpis not a list", "kpis", "request.not_an_array")]
    [InlineData("kpi not an object", "kpis[1]", "request.not_an_object")]
    [InlineData("scale not an object", "kpis[0].scale", "request.not_an_object")]
    public async Task Bad_input_gets_a_400_naming_the_field(string badInput, string path, string code)
    {
        var body = Table6Scheme();
        Spoil(body, badInput);

        using var problem = await ProblemAsync(Preview, body.ToJsonString());

        AssertError(problem, path, code);
    }

    [Theory]
    [InlineData("fixed", "fixed")]
    [InlineData("plannedVariable", "plannedVariable")]
    [InlineData("kpis[0].weight", "kpis[0].weight")]
    [InlineData("kpis[0].plan", "kpis[0].plan")]
    [InlineData("kpis[0].fact", "kpis[0].fact")]
    [InlineData("kpis[0].scale", "kpis[0].scale")]
    [InlineData("kpis[1].scale.bands[1].from", "kpis[1].scale.bands[1].from")]
    [InlineData("kpis[1].scale.bands[0].coefficient", "kpis[1].scale.bands[0].coefficient")]
    public async Task A_missing_required_field_is_named(string field, string path)
    {
        var body = Table6Scheme();
        Remove(body, field);

        using var problem = await ProblemAsync(Preview, body.ToJsonString());

        var key = Assert.Single(Errors(problem));
        Assert.Equal(path, key.Name);
        Assert.Equal(["request.required"], Codes(problem, path));
        Assert.Equal("Заполните это поле.", key.Value[0].GetString());
    }

    [Fact]
    public async Task A_missing_name_is_named()
    {
        var body = Table6Scheme();
        Remove(body, "kpis[0].name");

        using var problem = await ProblemAsync(Preview, body.ToJsonString());

        AssertError(problem, "kpis[0].name", "kpi.name_required");
    }

    [Theory]
    [InlineData("1e400")]
    [InlineData("-1e400")]
    [InlineData("123456789012345678901234567890123")]
    public async Task A_number_no_decimal_holds_is_out_of_range_not_a_500(string number)
    {
        var json = Table6Scheme().ToJsonString().Replace("\"weight\":50", "\"weight\":" + number, StringComparison.Ordinal);

        using var problem = await ProblemAsync(Preview, json);

        AssertError(problem, "kpis[0].weight", "number.out_of_range");
        Assert.DoesNotContain("kpis", Errors(problem).Select(e => e.Name)); // no "weights do not sum to 100" on top
        Assert.Contains(number, Message(problem, "kpis[0].weight"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"NaN\"")]
    [InlineData("\"Infinity\"")]
    [InlineData("\"5e1\"")]
    [InlineData("\"50 %\"")]
    [InlineData("\"1,234.5\"")]
    [InlineData("\"4 5,6 7,8\"")]
    [InlineData("true")]
    [InlineData("{}")]
    public async Task A_value_that_is_not_a_number_is_named(string value)
    {
        var json = Table6Scheme().ToJsonString().Replace("\"weight\":50", "\"weight\":" + value, StringComparison.Ordinal);

        using var problem = await ProblemAsync(Preview, json);

        AssertError(problem, "kpis[0].weight", "request.not_a_number");
    }

    public static TheoryData<string, string, string> WrongTypedValues()
    {
        var data = new TheoryData<string, string, string>();
        string[] previewOnly = ["bonus", "kpis[0].plan", "kpis[0].fact"];
        string[] fields =
        [
            "fixed", "plannedVariable", "kpis[0].weight", "kpis[0].gate", "kpis[0].scale.cap", "kpis[0].scale.bands[1].from",
            "kpis[0].scale.bands[1].to", "kpis[0].scale.bands[1].coefficient", "kpis[0].scale.bands[2].coefficientTo",
        ];
        string[] values = ["\"NaN\"", "\"abc\"", "true", "{\"a\":1}", "[1]"];
        foreach (var value in values)
        {
            foreach (var field in fields)
            {
                data.Add(Preview, field, value);
                data.Add(Check, field, value);
            }

            foreach (var field in previewOnly)
            {
                data.Add(Preview, field, value);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(WrongTypedValues))]
    public async Task A_value_of_the_wrong_type_in_any_numeric_field_is_a_400_at_its_path(string endpoint, string field, string value)
    {
        var body = Table6Scheme();
        Set(body, field, JsonNode.Parse(value));

        using var problem = await ProblemAsync(endpoint, body.ToJsonString());

        AssertError(problem, field, "request.not_a_number");
    }

    [Theory]
    [InlineData(Preview, "fixed", "1e-400")]
    [InlineData(Check, "fixed", "1e-400")]
    [InlineData(Preview, "kpis[0].weight", "50.00000000000000000000000000000001")]
    [InlineData(Check, "kpis[0].scale.bands[1].from", "\"90.00000000000000000000000000000001\"")]
    [InlineData(Preview, "kpis[0].fact", "1e-29")]
    public async Task A_number_with_more_decimals_than_decimal_keeps_is_refused_not_rounded(string endpoint, string field, string value)
    {
        var body = Table6Scheme();
        Set(body, field, JsonNode.Parse(value));

        using var problem = await ProblemAsync(endpoint, body.ToJsonString(), "en-US");

        AssertError(problem, field, "request.too_many_decimals");
        Assert.Contains("more than 28 decimal places", Message(problem, field), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Messages_quote_at_most_100_characters_of_a_sent_value()
    {
        var huge = new string('я', 10_000);
        var body = Table6Scheme();
        body["kpis"]![0]!["name"] = huge;
        body["kpis"]![1]!["name"] = huge;
        body["kpis"]![0]!["direction"] = huge;
        body["fixed"] = "1" + new string('0', 10_000);
        body["plannedVariable"] = huge;

        using var problem = await ProblemAsync(Preview, body.ToJsonString());

        Assert.True(problem.RootElement.GetRawText().Length < 4_000, $"the answer is {problem.RootElement.GetRawText().Length} characters");
        foreach (var path in new[] { "kpis[1].name", "kpis[0].direction", "fixed", "plannedVariable" })
        {
            var message = Message(problem, path);
            Assert.True(message.Length < 400, $"{path}: {message.Length} characters");
            Assert.Contains("…", message, StringComparison.Ordinal);
        }

        Assert.Contains(new string('я', 100) + "…", Message(problem, "kpis[1].name"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"fixed\": 15000, \"kpis\": [{\"weight\": NaN}]}", "kpis[0].weight")]
    [InlineData("{\"fixed\": 15000, \"kpis\": [{\"weight\": 50}, {\"weight\": 50,}]}", "kpis[1].weight")]
    [InlineData("{\"fixed\": 15000, \"kpis\": [", "kpis")]
    [InlineData("{\"fixed\": 15000 \"plannedVariable\": 1}", "fixed")]
    [InlineData("", "")]
    [InlineData("not json", "")]
    public async Task Malformed_json_gets_a_400_at_the_path_where_it_breaks(string json, string path)
    {
        using var problem = await ProblemAsync(Preview, json);

        AssertError(problem, path, "request.malformed_json");
        Assert.Matches(@"^Запрос не является корректным JSON: ошибка в строке \d+, позиция \d+\.$", Message(problem, path));
    }

    [Fact]
    public async Task A_number_in_a_string_is_read_exactly_as_the_openapi_document_allows()
    {
        var body = Table6Scheme();
        body["fixed"] = "15000.10";
        body["kpis"]![0]!["fact"] = "94.2857142857142857142857";

        using var json = await OkAsync(Preview, body);

        Assert.Equal(15_000.10m + 15_000m, json.RootElement.GetProperty("total").GetDecimal());
        Assert.Equal(94.2857142857142857142857m, json.RootElement.GetProperty("kpis")[0].GetProperty("completion").GetDecimal());
    }

    [Theory]
    [InlineData("15 000,10", "94,2857142857142857142857", "15000.10", "94.2857142857142857142857")]
    [InlineData("15\u00A0000.10", "94,2857", "15000.10", "94.2857")]
    [InlineData("15000,1", " 94.2857 ", "15000.1", "94.2857")]
    public async Task A_number_in_a_string_as_people_type_it_reads_as_the_facts_api_reads_it(
        string typedFixed, string typedFact, string expectedFixed, string expectedFact)
    {
        var body = Table6Scheme();
        body["fixed"] = typedFixed;
        body["kpis"]![0]!["fact"] = typedFact;

        using var json = await OkAsync(Preview, body);

        var fixedPay = decimal.Parse(expectedFixed, CultureInfo.InvariantCulture);
        Assert.Equal(fixedPay + 15_000m, json.RootElement.GetProperty("total").GetDecimal());
        Assert.Equal(decimal.Parse(expectedFact, CultureInfo.InvariantCulture),
            json.RootElement.GetProperty("kpis")[0].GetProperty("completion").GetDecimal());
    }

    [Fact]
    public async Task A_body_that_is_not_an_object_is_refused()
    {
        using var problem = await ProblemAsync(Check, "[1, 2]");

        AssertError(problem, string.Empty, "request.not_an_object");
    }

    [Fact]
    public async Task Every_error_is_listed_at_once()
    {
        var body = Table6Scheme();
        body["fixed"] = -1m;
        body["kpis"]![0]!["plan"] = 0m;
        body["kpis"]![0]!["scale"]!["bands"]![1]!["from"] = 91m;
        body["kpis"]![0]!["scale"]!["bands"]![0]!["coefficient"] = -0.5m;
        body["kpis"]![1]!["weight"] = "abc";
        body["kpis"]![1]!["direction"] = "sideways";
        ((JsonObject)body["kpis"]![1]!).Remove("fact");

        using var problem = await ProblemAsync(Preview, body.ToJsonString());

        Assert.Equal(
            new[]
            {
                "fixed", "kpis[0].plan", "kpis[0].scale.bands[0].coefficient", "kpis[0].scale.bands[1].from",
                "kpis[1].direction", "kpis[1].fact", "kpis[1].weight",
            },
            Errors(problem).Select(e => e.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Several_domain_errors_of_the_check_are_listed_at_once()
    {
        var body = Table6Scheme();
        body["plannedVariable"] = -15_000m;
        body["kpis"]![1]!["weight"] = 49.99m;
        body["kpis"]![1]!["scale"]!["bands"]![1]!["from"] = 89m;

        using var problem = await ProblemAsync(Check, body.ToJsonString());

        AssertError(problem, "plannedVariable", "money.negative");
        AssertError(problem, "kpis", "scheme.weights_sum");
        AssertError(problem, "kpis[1].scale.bands[1].from", "scale.overlap");
        Assert.Equal(3, Errors(problem).Count());
    }

    [Fact]
    public async Task A_check_with_too_many_outcomes_is_refused()
    {
        var sixBands = new JsonNode[]
        {
            Band(0m, 50m, 0m), Band(50m, 90m, 0.5m), Band(90m, 100m, 1m, toInclusive: true), Band(100m, 110m, 1.2m),
            Band(110m, 120m, 1.3m), Band(120m, null, 1.5m),
        };
        var weights = new[] { 10m, 10m, 10m, 10m, 20m, 20m, 20m };
        var body = Scheme([.. weights.Select((w, i) => Kpi("KPI" + i, w, bands: sixBands))]);

        using var problem = await ProblemAsync(Check, body.ToJsonString());

        AssertError(problem, "kpis", "check.too_many_outcomes");
        Assert.Equal(
            "Для проверки всех вариантов зарплаты пришлось бы перебрать 279\u202F936 сочетаний, а предел — 100\u202F000. Уменьшите число показателей или диапазонов.",
            Message(problem, "kpis"));
    }

    // ---- language, content type, authentication -------------------------------------------------------------

    [Fact]
    public async Task Messages_are_russian_by_default_and_english_on_request()
    {
        var body = Table6Scheme();
        body["kpis"]![0]!["weight"] = 49.99m;

        using var russian = await ProblemAsync(Preview, body.ToJsonString());
        using var english = await ProblemAsync(Preview, body.ToJsonString(), "en-US");

        Assert.Equal("Сумма весов показателей должна быть ровно 100 %, сейчас 99,99 %.", Message(russian, "kpis"));
        Assert.Equal("The KPI weights must add up to exactly 100%; now they add up to 99.99%.", Message(english, "kpis"));
        Assert.Equal("В данных есть ошибки: исправьте указанные поля.", russian.RootElement.GetProperty("title").GetString());
        Assert.Equal("The data has errors: fix the fields listed.", english.RootElement.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Numbers_in_messages_follow_the_language()
    {
        var body = Table6Scheme();
        body["fixed"] = 12_345_678_901_234_567m;

        using var russian = await ProblemAsync(Preview, body.ToJsonString());
        using var english = await ProblemAsync(Preview, body.ToJsonString(), "en-US");

        Assert.Equal(
            "Число 12\u202F345\u202F678\u202F901\u202F234\u202F567 выходит за допустимые пределы: от −9\u202F999\u202F999\u202F999\u202F999\u202F999,99 до 9\u202F999\u202F999\u202F999\u202F999\u202F999,99.",
            Message(russian, "fixed"));
        Assert.Equal(
            "The number 12,345,678,901,234,567 is out of range: it must lie between −9,999,999,999,999,999.99 and 9,999,999,999,999,999.99.",
            Message(english, "fixed"));
    }

    [Fact]
    public async Task A_body_that_is_not_json_gets_415()
    {
        using var client = Client();
        using var content = new StringContent("fixed=1", Encoding.UTF8, "application/x-www-form-urlencoded");

        var response = await client.PostAsync(Preview, content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode); // routing's content-type check
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Тело запроса должно быть в формате JSON", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_method_the_address_does_not_take_gets_405_in_the_requests_language()
    {
        using var client = Client();
        using var request = new HttpRequestMessage(HttpMethod.Delete, Preview);
        request.Headers.AcceptLanguage.ParseAdd("en-US");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("does not take that request method", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_beyond_a_megabyte_gets_413()
    {
        var body = Table6Scheme();
        body["kpis"]![0]!["name"] = new string('x', 1024 * 1024);

        var response = await PostAsync(Preview, body.ToJsonString());

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData(Preview)]
    [InlineData(Check)]
    public async Task Without_a_token_the_answer_is_401(string path)
    {
        using var client = app.CreateClient();
        using var content = new StringContent(Table6Scheme().ToJsonString(), Encoding.UTF8, "application/json");

        var response = await client.PostAsync(path, content);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Both_endpoints_are_documented_in_openapi()
    {
        using var client = Client();

        var document = await client.GetStringAsync("/openapi/v1.json");

        using var json = JsonDocument.Parse(document);
        var paths = json.RootElement.GetProperty("paths");
        foreach (var path in new[] { Preview, Check })
        {
            var post = paths.GetProperty(path).GetProperty("post");
            Assert.Equal("Pay", post.GetProperty("tags")[0].GetString());
            Assert.False(string.IsNullOrEmpty(post.GetProperty("summary").GetString()));
            Assert.True(post.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));
            Assert.True(post.GetProperty("responses").TryGetProperty("200", out _));
            Assert.True(post.GetProperty("responses").TryGetProperty("400", out _));
        }

        var schemas = json.RootElement.GetProperty("components").GetProperty("schemas");
        foreach (var schema in new[] { "PayPreviewRequest", "PayCheckRequest", "PayPreviewResponse", "PayCheckResponse" })
        {
            Assert.True(schemas.TryGetProperty(schema, out _), schema);
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private HttpClient Client(string? language = null)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (language is not null)
        {
            client.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue(language));
        }

        return client;
    }

    private async Task<HttpResponseMessage> PostAsync(string path, string json, string? language = null)
    {
        using var client = Client(language);
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        var response = await client.PostAsync(path, content);
        Assert.NotEqual(HttpStatusCode.InternalServerError, response.StatusCode);
        return response;
    }

    private async Task<JsonDocument> OkAsync(string path, JsonObject body)
    {
        var response = await PostAsync(path, body.ToJsonString());
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(text);
    }

    private async Task<JsonDocument> ProblemAsync(string path, string json, string? language = null)
    {
        var response = await PostAsync(path, json, language);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text);
        Assert.Equal(400, problem.RootElement.GetProperty("status").GetInt32());
        return problem;
    }

    private static IEnumerable<JsonProperty> Errors(JsonDocument problem) =>
        problem.RootElement.GetProperty("errors").EnumerateObject().ToArray();

    private static string Message(JsonDocument problem, string path) =>
        problem.RootElement.GetProperty("errors").GetProperty(path)[0].GetString()!;

    private static string[] Codes(JsonDocument problem, string path) =>
        [.. problem.RootElement.GetProperty("codes").GetProperty(path).EnumerateArray().Select(c => c.GetString()!)];

    private static void AssertError(JsonDocument problem, string path, string code)
    {
        var errors = problem.RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty(path, out var messages), $"no error at '{path}': {errors}");
        Assert.All(messages.EnumerateArray(), m => Assert.False(string.IsNullOrWhiteSpace(m.GetString())));
        Assert.Contains(code, Codes(problem, path));
    }
}
