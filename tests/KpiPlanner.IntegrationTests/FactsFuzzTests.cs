using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using CsCheck;
using KpiPlanner.Domain.Planning;
using KpiPlanner.Infrastructure.Demo;
using KpiPlanner.Testing;
using Microsoft.EntityFrameworkCore;
using static KpiPlanner.IntegrationTests.FactsTestSupport;
using static KpiPlanner.IntegrationTests.FuzzSupport;

namespace KpiPlanner.IntegrationTests;

/// <summary>
/// <c>PUT /api/periods/{month}/facts</c> and <c>…/plans</c> (the same reader) under generated bodies (CsCheck): valid items mixed with values of the wrong
/// type, NaN, huge exponents, unknown people and KPIs, missing fields, duplicates, deep nesting, long strings, cut JSON,
/// odd months and media types. Never a 5xx; every refusal is a bounded problem-details answer and leaves every table as
/// it was; a 200 comes exactly when every item was good, and stores exactly what was sent. A failure prints a seed:
/// see <see cref="FuzzSupport"/> to replay it.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class FactsFuzzTests(KpiAppFactory app) : IAsyncLifetime
{
    /// <summary>Sales managers employed all month with the demo's sales scheme, and that scheme's KPIs.</summary>
    private static readonly string[] People = ["0101", "0102", "0103", "0104", "0105"];

    private static readonly string[] Kpis = [DemoData.SalesKpi, DemoData.MeetingsKpi];

    /// <summary>A refusal of at most a dozen items stays far below this.</summary>
    private const int MaxProblemBytes = 64 * 1024;

    private Dictionary<string, int> ids = [];

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        await using var db = app.CreateDbContext();
        ids = await db.Employees.Where(e => People.Contains(e.PersonnelNumber)).ToDictionaryAsync(e => e.PersonnelNumber, e => e.Id);
    }

    public Task DisposeAsync() => app.ResetAsync();

    /// <summary>One item as sent, and — for a good one — whose fact it sets to what.</summary>
    private sealed record Item(string Json, string? Person, string? Kpi, decimal Value)
    {
        public bool Good => Person is not null;
    }

    /// <summary>A request: the month in the address, the media type, the body, and the items when the body is a batch.</summary>
    private sealed record Case(string Month, string MediaType, string Body, Item[]? Items, string Array = "facts")
    {
        public bool Batch => Items is not null && Month == MonthKey(CurrentMonth) && MediaType == "application/json";

        public bool AllGood => Batch && Items!.All(i => i.Good) && Items!.DistinctBy(i => (i.Person, i.Kpi)).Count() == Items!.Length;

        public override string ToString() => $"PUT /api/periods/{Month}/{Array} ({MediaType}) {Body}";
    }

    private static string Property(string name, string value) => $"{Str(name)}:{value}";

    private static string Object(params string?[] properties) => "{" + string.Join(",", properties.Where(p => p is not null)) + "}";

    private Gen<Item> GoodItem =>
        from person in Gen.OneOf(People)
        from kpi in Gen.OneOf(Kpis)
        from value in GoodAmount
        from form in Gen.Int[0, 2]
        from byId in Gen.Bool
        from names in Gen.Select(AnyCase("employee"), AnyCase("kpi"), AnyCase("value"))
        from extra in Gen.Frequency((4, Gen.Const((string?)null)), (1, AnyJson(2).Select(j => (string?)Property("comment", j))))
        let json = form switch
        {
            0 => value.ToString(CultureInfo.InvariantCulture),
            1 => (value * 10_000m).ToString("0", CultureInfo.InvariantCulture) + "e-4",
            _ => Str(value.ToString(CultureInfo.InvariantCulture).Replace('.', ',')),
        }
        let employee = byId ? ids[person].ToString(CultureInfo.InvariantCulture) : Str(person)
        select new Item(Object(Property(names.Item1, employee), Property(names.Item2, Str(kpi)), Property(names.Item3, json), extra), person, kpi, value);

    /// <summary>Texts that name no one: not a personnel number of the pool, no digits only (a string of digits may be an id).</summary>
    private static readonly Gen<string> Nobody = Gen.OneOf(
        Gen.OneOf("9999", "0202", "0001", "nobody@demo.local", "0101 0102"),
        OddText.Where(t => !t.Trim().All(char.IsAsciiDigit)));

    private Gen<Item> BadItem
    {
        get
        {
            var employee = Gen.OneOf(People).Select(Str);
            var kpi = Gen.OneOf(Kpis).Select(Str);
            var value = GoodAmount.Select(v => v.ToString(CultureInfo.InvariantCulture));
            var badEmployee = Gen.OneOf(
                Nobody.Select(Str),
                Gen.OneOf("true", "[]", "{}", "1.5", "1e400", "null", "-1", "0", "999999", "2147483648", "[\"0101\"]"));
            var badKpi = Gen.OneOf(
                Gen.OneOf("no_such_kpi", DemoData.LeadsKpi, "SALES VOLUME", string.Empty).Select(Str),
                OddText.Where(t => !Kpis.Contains(t.Trim())).Select(Str),
                Gen.OneOf("1", "true", "[]", "{\"key\":\"sales_volume\"}", "null"));
            return Gen.OneOf(
                Gen.Select(employee, kpi, BadValue, (e, k, v) => Object(Property("employee", e), Property("kpi", k), Property("value", v))),
                Gen.Select(badEmployee, kpi, value, (e, k, v) => Object(Property("employee", e), Property("kpi", k), Property("value", v))),
                Gen.Select(employee, badKpi, value, (e, k, v) => Object(Property("employee", e), Property("kpi", k), Property("value", v))),
                Gen.Select(employee, kpi, value, Gen.Int[0, 2], (e, k, v, missing) => Object(
                    missing == 0 ? null : Property("employee", e), missing == 1 ? null : Property("kpi", k), missing == 2 ? null : Property("value", v))),
                Gen.OneOf("42", "\"0101\"", "null", "[]", "true", "[[[]]]", "\"" + new string('y', 3_000) + "\""))
                .Select(json => new Item(json, null, null, 0m));
        }
    }

    private static string Batch(string factsName, IEnumerable<Item> items, string? extra) =>
        Object(Property(factsName, "[" + string.Join(",", items.Select(i => i.Json)) + "]"), extra);

    /// <summary>Requests to <c>PUT …/facts</c> or, with <paramref name="array"/> "plans", <c>PUT …/plans</c> (the same reader).</summary>
    private Gen<Case> Cases(string array)
    {
        var month = MonthKey(CurrentMonth);
        var items = Gen.Frequency((3, GoodItem), (2, BadItem)).Array[0, 12];
        var extra = Gen.Frequency((5, Gen.Const((string?)null)), (1, AnyJson(3).Select(j => (string?)Property("note", j))));
        var batch = Gen.Select(items, AnyCase(array), extra, (i, name, x) => new Case(month, "application/json", Batch(name, i, x), i, array));
        var allGood = GoodItem.Array[1, 8].Select(i => new Case(month, "application/json", Batch(array, i, null), i, array));
        var cut = Gen.Select(items, Gen.Double.Unit, (i, at) =>
        {
            var body = Batch(array, i, null);
            return new Case(month, "application/json", body[..(int)(at * (body.Length - 1))], null, array);
        });
        var garbage = Gen.OneOf(
            AnyJson(3),
            OddText,
            Gen.Int[1, 20_000].Select(d => "{\"facts\":" + new string('[', d)),
            Gen.Int[60, 200].Select(d => "{\"facts\":" + new string('[', d) + new string(']', d) + "}"),
            Gen.OneOf(
                "{\"facts\":[{\"employee\":\"0101\",\"kpi\":\"sales_volume\",\"value\":NaN}]}",
                "{\"facts\":[{\"employee\":\"0101\",\"kpi\":\"sales_volume\",\"value\":1,}]}",
                "{\"facts\":[/* c */]}", "{\"facts\":{}}", "{\"facts\":null}", "{\"facts\":\"[]\"}", "{}", "[]", "null", "\"facts\"", string.Empty))
            .Select(body => new Case(month, "application/json", body.Replace("facts", array, StringComparison.Ordinal), null, array));
        var oddMonth = Gen.Select(
            Gen.OneOf(
                Gen.OneOf("2026-13", "2026-00", "9999-12", "0001-01", "1999-12", "2101-01", "abc", "-1", "2026_12", "12.2026", "2026-1", " 2026-12"),
                // No NUL in a path: Kestrel refuses such a request line with a 400 before the app sees it, and the
                // in-memory test server throws while decoding it (seed 9UqznjyKlxv7) — a test-host limit, not the app's.
                OddText.Where(t => t.Length > 0 && !t.Contains('\0', StringComparison.Ordinal) && Period.ParseMonth(t) is null)),
            items,
            (m, i) => new Case(m, "application/json", Batch(array, i, null), null, array));
        var mediaType = Gen.Select(Gen.OneOf("text/plain", "application/x-www-form-urlencoded", "application/xml"), items,
            (t, i) => new Case(month, t, Batch(array, i, null), null, array));
        return Gen.Frequency((8, batch), (2, allGood), (1, cut), (2, garbage), (1, oddMonth), (1, mediaType));
    }

    [Theory]
    [InlineData("facts")]
    [InlineData("plans")] // PUT …/plans reads its batch with the same reader (issue 15)
    public async Task Generated_batches_never_get_a_5xx_a_refusal_leaves_no_trace_and_a_200_stores_exactly_what_was_sent(string array)
    {
        var client = await app.BearerClientAsync(DemoData.HrEmail);
        var before = await app.DatabaseFingerprintAsync();
        var seen = new Dictionary<int, int>();

        await Cases(array).CheckAsync(async c =>
        {
            var request = new HttpRequestMessage(HttpMethod.Put, $"/api/periods/{Uri.EscapeDataString(c.Month)}/{array}")
            {
                Content = new StringContent(c.Body, Encoding.UTF8, c.MediaType),
            };
            var answer = await client.AnswerAsync(request);
            seen[answer.Code] = seen.GetValueOrDefault(answer.Code) + 1;
            AssertSound(answer, MaxProblemBytes);
            if (!c.AllGood)
            {
                Assert.True(answer.Code is >= 400 and < 500, $"{answer.Code} for a batch with a bad item: {Cut(answer.Body, 500)}");
                await app.AssertUnchangedAsync(before, answer);
                return;
            }

            Assert.True(answer.Status == HttpStatusCode.OK, $"{answer.Code} for a good batch: {Cut(answer.Body, 1_000)}");
            using var json = JsonDocument.Parse(answer.Body);
            Assert.Equal(c.Items!.Length, json.RootElement.GetProperty("applied").GetInt32() + json.RootElement.GetProperty("unchanged").GetInt32());
            await using var db = app.CreateDbContext();
            var stored = await db.MonthlyKpiValues.AsNoTracking()
                .Where(v => v.Month == CurrentMonth && ids.Values.Contains(v.EmployeeId))
                .ToDictionaryAsync(v => (v.EmployeeId, v.KpiKey), v => array == "plans" ? v.Plan : v.Fact);
            Assert.All(c.Items!, i => Assert.Equal(i.Value, stored[(ids[i.Person!], i.Kpi!)]));
            before = await app.DatabaseFingerprintAsync();
        }, iter: 250, print: c => c.ToString());

        // The generators reach both sides: refusals and batches that were stored.
        Assert.True(seen.GetValueOrDefault(200) > 0 && seen.GetValueOrDefault(400) > 0, string.Join(", ", seen.Select(s => $"{s.Key}: {s.Value}")));
    }
}
