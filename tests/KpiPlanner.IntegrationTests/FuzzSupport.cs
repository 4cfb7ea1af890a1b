using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using CsCheck;
using KpiPlanner.Infrastructure.Import;
using KpiPlanner.Testing;

namespace KpiPlanner.IntegrationTests;

/// <summary>
/// What the fuzz tests (<see cref="FactsFuzzTests"/>, <see cref="PayFuzzTests"/>, <see cref="ImportFuzzTests"/>) share:
/// the properties every answer keeps, generators of hostile JSON fragments and text, and the run settings.
/// <para>
/// The runs are bounded (<see cref="Iterations"/> each, one at a time: they share one app and one database) and
/// reproducible: a failing property prints CsCheck's seed; run the same test again with it set, e.g.
/// <c>CsCheck_Seed=0N0XIzNsQ0O2 dotnet test tests/KpiPlanner.IntegrationTests --filter "FullyQualifiedName~FactsFuzzTests"</c>.
/// <c>KPI_FUZZ_ITER=2000</c> runs more iterations for a longer hunt (never in CI).
/// </para>
/// </summary>
internal static class FuzzSupport
{
    /// <summary>Iterations of one property: <paramref name="ci"/>, or <c>KPI_FUZZ_ITER</c> when set.</summary>
    public static long Iterations(long ci) =>
        long.TryParse(Environment.GetEnvironmentVariable("KPI_FUZZ_ITER"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : ci;

    /// <summary>Runs <paramref name="property"/> over <paramref name="gen"/>, sequentially, showing a failing case cut to 2 000 characters.</summary>
    public static Task CheckAsync<T>(this Gen<T> gen, Func<T, Task> property, long iter, Func<T, string> print) =>
        gen.SampleAsync(property, iter: Iterations(iter), threads: 1, print: t => Cut(print(t), 2_000));

    public static string Cut(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max), $"… ({text.Length} characters)");

    /// <summary>The answer to one request: status, media type and body.</summary>
    public sealed record Answer(HttpStatusCode Status, string? MediaType, string Body)
    {
        public int Code => (int)Status;

        public int Bytes => Encoding.UTF8.GetByteCount(Body);
    }

    public static async Task<Answer> AnswerAsync(this HttpClient client, HttpRequestMessage request)
    {
        using var response = await client.SendAsync(request);
        return new Answer(response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// The properties of every answer: never a 5xx; a refusal (400, 409, 413, 415) is problem-details JSON with a title, of at
    /// most <paramref name="maxBytes"/> bytes (routing's own 415 for a body that is not JSON too: ApiStatusProblems).
    /// </summary>
    public static void AssertSound(Answer answer, int maxBytes)
    {
        Assert.True(answer.Code < 500, $"{answer.Code}: {Cut(answer.Body, 1_000)}");
        if (answer.Code is 400 or 409 or 413 or 415)
        {
            Assert.Equal("application/problem+json", answer.MediaType);
            using var problem = JsonDocument.Parse(answer.Body);
            Assert.Equal(JsonValueKind.String, problem.RootElement.GetProperty("title").ValueKind);
            Assert.Equal(answer.Code, problem.RootElement.GetProperty("status").GetInt32());
        }

        Assert.True(answer.Bytes <= maxBytes, $"{answer.Code}: the answer is {answer.Bytes} bytes, more than {maxBytes}");
    }

    /// <summary>A 4xx left the database as it was: else the database is reset (so later cases start clean) and the case fails.</summary>
    public static async Task AssertUnchangedAsync(this KpiAppFactory app, string before, Answer answer)
    {
        var after = await app.DatabaseFingerprintAsync();
        if (after != before)
        {
            await app.ResetAsync();
            Assert.Fail($"{answer.Code} changed the database ({DatabaseFingerprint.Changed(before, after)}): {Cut(answer.Body, 500)}");
        }
    }

    /// <summary>A JSON string literal of <paramref name="text"/>.</summary>
    public static string Str(string text) => JsonSerializer.Serialize(text);

    /// <summary>Texts people and programs send by mistake or on purpose: empty, blanks, unicode, control characters, long.</summary>
    public static readonly Gen<string> OddText = Gen.OneOf(
        Gen.OneOf(
            string.Empty, " ", "\t", "\u00A0", "NaN", "null", "true", "-", "=1+1", "@SUM(A1)", "'0101", "Иванов Иван",
            "😀", "\uD83D", "a\u0000b", "\u200B", "１２３", "٣", "0x10", "1,2,3", "1.2.3", "\"", "'", "\\", "<script>", "DROP TABLE facts;"),
        Gen.String[0, 40],
        Gen.Char.AlphaNumeric.Array[0, 20].Select(c => new string(c)),
        Gen.Int[100, 6_000].Select(n => new string('x', n)));

    /// <summary>JSON values that are never a storable non-negative amount with at most 4 decimals.</summary>
    public static readonly Gen<string> BadValue = Gen.OneOf(
        Gen.OneOf(
            "\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "\"abc\"", "\"\"", "\" \"", "true", "false", "{}", "{\"a\":1}", "[]", "[1,2]",
            "1e400", "-1e400", "1E+308", "1e-400", "0.00001", "-1", "-0.0001", "-1e10", "123456789012345678901234567890",
            "79228162514264337593543950336", "1e17", "\"1e5\"", "\"0,00001\"", "\"1 234,56789\"", "\"--1\"", "\"1-\""),
        // Nested arrays as a value; at most 56 deep, so that inside the deepest extra property the generators add
        // (AnyJson(3) under an item of the batch: 3 + 3 levels) a body stays within JSON's 64 levels, beyond which the
        // server refuses the whole body as unreadable — which a "good" batch must not be (seed 2jSe2vbakVt9 found it).
        Gen.Int[1, 56].Select(d => new string('[', d) + new string(']', d)),
        Gen.Int[1, 5_000].Select(n => "0." + new string('1', n + 4)),
        OddText.Where(t => !IsStorable(t)).Select(Str));

    /// <summary>Whether the facts store takes <paramref name="text"/> as it is (the import's own reading of a number).</summary>
    public static bool IsStorable(string text) =>
        ImportNumber.TryParseExact(text, out var value, out var decimals) && value >= 0 && decimals <= ImportNumber.Scale && !ImportNumber.IsTooLarge(value);

    /// <summary>A non-negative amount with at most 4 decimals below 10¹²: a value the facts store takes.</summary>
    public static readonly Gen<decimal> GoodAmount =
        Gen.Select(Gen.Long[0, 999_999_999_999L], Gen.Int[0, 4], (units, scale) => units / Pow10(scale));

    private static decimal Pow10(int n)
    {
        var p = 1m;
        for (var i = 0; i < n; i++)
        {
            p *= 10m;
        }

        return p;
    }

    /// <summary>A JSON value of any kind, nested up to <paramref name="depth"/> levels.</summary>
    public static Gen<string> AnyJson(int depth) => depth <= 0
        ? Gen.OneOf(BadValue, GoodAmount.Select(d => d.ToString(CultureInfo.InvariantCulture)), Gen.OneOf("null", "0", "-0", "100"))
        : Gen.Frequency(
            (4, AnyJson(0)),
            (1, AnyJson(depth - 1).Array[0, 4].Select(a => "[" + string.Join(",", a) + "]")),
            (1, Gen.Select(OddText.Select(Str), AnyJson(depth - 1)).Array[0, 4]
                .Select(a => "{" + string.Join(",", a.Select(p => p.Item1 + ":" + p.Item2)) + "}")));

    /// <summary><paramref name="name"/> in lower case, as written, in capitals or with a capital first letter (the APIs read names case-insensitively).</summary>
    public static Gen<string> AnyCase(string name) =>
        Gen.OneOf(name, name.ToUpperInvariant(), char.ToUpperInvariant(name[0]) + name[1..]);
}
