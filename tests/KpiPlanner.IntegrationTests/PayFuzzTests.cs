using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using CsCheck;
using KpiPlanner.Infrastructure.Demo;
using KpiPlanner.Testing;
using KpiPlanner.Web.Features.Pay;
using static KpiPlanner.IntegrationTests.FuzzSupport;

namespace KpiPlanner.IntegrationTests;

/// <summary>
/// <c>POST /api/pay/preview</c> and <c>POST /api/pay/check</c> under generated schemes (CsCheck): sound schemes, scales
/// with hundreds or thousands of bands, garbage types, extreme numbers (decimal's own limits), cut JSON. Never a 5xx;
/// every answer stays within a bound of what was sent — a refusal and a preview linear in the request, a check below
/// the outcome limit's size — and nothing is stored. A failure prints a seed: see <see cref="FuzzSupport"/>.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class PayFuzzTests(KpiAppFactory app) : IAsyncLifetime
{
    private const string Preview = "/api/pay/preview";
    private const string Check = "/api/pay/check";

    /// <summary>
    /// The largest check answer: a summary (no outcomes listed by default) — 10 histogram buckets and a matrix of at most
    /// 2 500 cells, each a total or a coefficient of at most 29 digits.
    /// </summary>
    private const int MaxCheckAnswerBytes = 256 * 1024;

    private HttpClient client = null!;

    public async Task InitializeAsync() => client = await app.BearerClientAsync(DemoData.ManagerEmail);

    public Task DisposeAsync() => Task.CompletedTask;

    private static string Property(string name, string value) => $"{Str(name)}:{value}";

    private static string Object(IEnumerable<string?> properties) => "{" + string.Join(",", properties.Where(p => p is not null)) + "}";

    private static string Array(IEnumerable<string> items) => "[" + string.Join(",", items) + "]";

    /// <summary>Numbers the engine meets at its edges: decimal's limits, 28 decimals, beyond a decimal, not numbers at all.</summary>
    private static readonly Gen<string> EdgeNumber = Gen.OneOf(
        "-1", "-0.01", "0", "1e400", "-1e400", "79228162514264337593543950335", "-79228162514264337593543950335",
        "7922816251426433759354395033.5", "0.0000000000000000000000000001", "1e-28", "1E+28", "12345678901234567.891", "0.001",
        "9999999999999999.99", "10000000000000000", "\"15000\"", "null", "true", "{}", "[]", "\"\"");

    private static readonly Gen<string> Money = Gen.Frequency(
        (6, Gen.Long[0, 10_000_000].Select(k => (k / 100m).ToString(CultureInfo.InvariantCulture))),
        (2, EdgeNumber));

    private static readonly Gen<string> Percent = Gen.Frequency(
        (6, Gen.Int[0, 3_000].Select(p => (p / 10m).ToString(CultureInfo.InvariantCulture))),
        (1, EdgeNumber));

    private static readonly Gen<string> Coefficient = Gen.Frequency(
        (6, Gen.Int[0, 30].Select(c => (c / 10m).ToString(CultureInfo.InvariantCulture))),
        (1, Gen.Long[0, long.MaxValue].Select(c => (c / 1_000_000_000_000_000m).ToString(CultureInfo.InvariantCulture))),
        (1, EdgeNumber));

    private static readonly Gen<string?> Label = Gen.Frequency(
        (3, Gen.Const((string?)null)),
        (1, OddText.Select(t => (string?)Property("label", Str(t)))));

    /// <summary>Contiguous bands from 0 % to +∞ (a sound scale but for the numbers in it).</summary>
    private static Gen<string> SoundBands(Gen<int> count) =>
        from n in count
        from cuts in Gen.Int[1, 100_000].Array[n - 1]
        from coefficients in Coefficient.Array[n]
        from inclusive in Gen.Bool.Array[n]
        from labels in Label.Array[n]
        from linear in Gen.Frequency((4, Gen.Const((string?)null)), (1, Coefficient.Select(c => (string?)c))).Array[n]
        let bounds = cuts.Distinct().Order().Select(c => (c / 100m).ToString(CultureInfo.InvariantCulture)).ToArray()
        select Array(Enumerable.Range(0, bounds.Length + 1).Select(i => Object(
        [
            Property("from", i == 0 ? "0" : bounds[i - 1]),
            Property("to", i == bounds.Length ? "null" : bounds[i]),
            Property("coefficient", coefficients[i]),
            inclusive[i] ? Property("toInclusive", "true") : null,
            linear[i] is { } to && i < bounds.Length ? Property("coefficientTo", to) : null,
            labels[i],
        ])));

    private static readonly Gen<string> Bands = Gen.Frequency(
        (8, SoundBands(Gen.Int[1, 6])),
        (1, SoundBands(Gen.Int[100, 1_500])),
        (1, Gen.Int[1, 20_000].Select(n => Array(Enumerable.Repeat("{}", n)))),
        (1, AnyJson(2).Array[0, 5].Select(Array)),
        (1, AnyJson(1)));

    /// <summary>Where a KPI's weight goes: a control character, which a generated text only ever holds escaped.</summary>
    private const string WeightHole = "\u0001";

    private static Gen<string> Kpi(bool figures) =>
        from name in Gen.Frequency((6, Gen.Int[1, 9].Select(i => Str("KPI" + i.ToString(CultureInfo.InvariantCulture)))), (1, OddText.Select(Str)), (1, Gen.OneOf("null", "5", "[]")))
        from direction in Gen.Frequency(
            (4, Gen.Const((string?)null)),
            (2, Gen.OneOf("\"higherIsBetter\"", "\"lowerIsBetter\"").Select(d => (string?)d)),
            (1, Gen.OneOf("\"HigherIsBetter\"", "\"sideways\"", "1", "null", "[]", "\"\"").Select(d => (string?)d)))
        from gate in Gen.Frequency((5, Gen.Const((string?)null)), (1, Percent.Select(p => (string?)p)))
        from plan in Gen.Frequency((5, Gen.Long[1, 1_000_000].Select(p => p.ToString(CultureInfo.InvariantCulture))), (1, EdgeNumber))
        from fact in Gen.Frequency((5, Gen.Long[0, 2_000_000].Select(p => p.ToString(CultureInfo.InvariantCulture))), (1, EdgeNumber))
        from cap in Gen.Frequency((4, Gen.Const((string?)null)), (1, Coefficient.Select(c => (string?)c)))
        from bands in Bands
        from scale in Gen.Frequency((12, Gen.Const(true)), (1, Gen.Const(false)))
        select Object(
        [
            Property("name", name),
            Property("weight", WeightHole),
            direction is null ? null : Property("direction", direction),
            gate is null ? null : Property("gate", gate),
            figures ? Property("plan", plan) : null,
            figures ? Property("fact", fact) : null,
            Property("scale", scale ? Object([cap is null ? null : Property("cap", cap), Property("bands", bands)]) : bands),
        ]);

    /// <summary>A scheme of 0–9 KPIs whose weights (mostly) add up to exactly 100.</summary>
    private static Gen<string> Scheme(bool figures) =>
        from n in Gen.Frequency((1, Gen.Const(0)), (12, Gen.Int[1, 5]), (2, Gen.Int[6, 9]))
        from cuts in Gen.Int[1, 99].Array[Math.Max(n - 1, 0)]
        let points = cuts.Order().Prepend(0).Append(100).ToArray()
        from weights in Gen.Frequency(
            (5, Gen.Const(Enumerable.Range(0, n).Select(i => (points[i + 1] - points[i]).ToString(CultureInfo.InvariantCulture)).ToArray())),
            (1, Percent.Array[n]))
        from templates in Kpi(figures).Array[n]
        let kpis = templates.Select((k, i) => k.Replace(WeightHole, weights[i], StringComparison.Ordinal))
        from fixedPart in Money
        from variable in Money
        from bonus in Gen.Frequency((3, Gen.Const((string?)null)), (1, Money.Select(b => (string?)b)))
        from missing in Gen.Int[0, 12]
        select Object(
        [
            missing == 0 ? null : Property("fixed", fixedPart),
            missing == 1 ? null : Property("plannedVariable", variable),
            bonus is null || !figures ? null : Property("bonus", bonus),
            missing == 2 ? null : Property("kpis", Array(kpis)),
        ]);

    /// <summary>
    /// A scheme that is valid for sure (one KPI, one band): random schemes are valid only now and then, and the property
    /// must see both answers in every run, whatever the seed.
    /// </summary>
    private static Gen<string> Sound(bool figures) =>
        from plan in Gen.Long[1, 1_000_000]
        from fact in Gen.Long[0, 2_000_000]
        select "{\"fixed\":15000,\"plannedVariable\":15000,\"kpis\":[{\"name\":\"KPI\",\"weight\":100,"
            + (figures ? string.Create(CultureInfo.InvariantCulture, $"\"plan\":{plan},\"fact\":{fact},") : string.Empty)
            + "\"scale\":{\"bands\":[{\"from\":0,\"coefficient\":1}]}}]}";

    private static Gen<string> Body(bool figures) => Gen.Frequency(
        (2, Sound(figures)),
        (12, Scheme(figures)),
        (1, Scheme(figures).SelectMany(s => Gen.Int[0, s.Length - 1].Select(at => s[..at]))),
        (1, AnyJson(3)),
        (1, Gen.OneOf(OddText, Gen.Int[1, 20_000].Select(d => "{\"kpis\":" + new string('[', d)))));

    private async Task PropertyAsync(string path, bool figures)
    {
        var statuses = new Dictionary<int, int>();
        await Body(figures).CheckAsync(async body =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            var answer = await client.AnswerAsync(request);
            statuses[answer.Code] = statuses.GetValueOrDefault(answer.Code) + 1;
            var sent = Encoding.UTF8.GetByteCount(body);
            var bound = answer.Code == 200 && path == Check ? MaxCheckAnswerBytes : (16 * 1024) + (4 * sent);
            AssertSound(answer, bound);
            Assert.True(answer.Code is 200 or 400 or 413, $"{answer.Code}: {Cut(answer.Body, 500)}");
        }, iter: 200, print: body => $"POST {path} {body}");

        Assert.True(statuses.GetValueOrDefault(200) > 0 && statuses.GetValueOrDefault(400) > 0, string.Join(", ", statuses.Select(s => $"{s.Key}: {s.Value}")));
    }

    [Fact]
    public Task Generated_previews_never_get_a_5xx_and_answer_in_proportion_to_the_request() => PropertyAsync(Preview, figures: true);

    [Fact]
    public Task Generated_checks_never_get_a_5xx_and_answer_within_the_outcome_limit() => PropertyAsync(Check, figures: false);
}
