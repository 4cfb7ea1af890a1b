using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using KpiPlanner.Domain.Planning;
using KpiPlanner.Infrastructure.Demo;
using KpiPlanner.Testing;

namespace KpiPlanner.IntegrationTests;

/// <summary>
/// The audit log over HTTP (issue 15, <c>GET /api/audit</c>): HR and the owner read it newest first, filtered by days,
/// kinds and person, a page at a time; bad filters are 400s at their parameter in the request's language; nobody else
/// reads it.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class AuditApiTests(KpiAppFactory app) : IAsyncLifetime
{
    private static readonly string NextMonth = Period.Key(TestClock.NextMonth);

    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private string Today => DateOnly.FromDateTime(app.Clock.GetLocalNow().Date).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<JsonDocument> Json(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.StatusCode}: {body}");
        return JsonDocument.Parse(body);
    }

    [Fact]
    public async Task A_calculation_is_read_back_from_the_log_by_day_and_kind_with_who_and_which_month()
    {
        var hr = await app.BearerClientAsync(DemoData.HrEmail);
        Assert.Equal(HttpStatusCode.OK, (await hr.PostAsync($"/api/periods/{NextMonth}/calculate", null)).StatusCode);

        using var log = await Json(await hr.GetAsync($"/api/audit?from={Today}&to={Today}&kind=periodCalculated"), HttpStatusCode.OK);

        // Today's log also holds the demo's own calculation of last month (seeded as of today); ours is the newest.
        var items = log.RootElement.GetProperty("items").EnumerateArray().ToList();
        Assert.All(items, e => Assert.Equal("periodCalculated", e.GetProperty("kind").GetString()));
        var entry = items[0];
        Assert.Equal(NextMonth, entry.GetProperty("month").GetString());
        Assert.Equal(DemoData.HrEmail, entry.GetProperty("by").GetString());
        Assert.Equal(items.Count, log.RootElement.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task The_owner_pages_through_the_demo_log_newest_first_and_filters_by_kind()
    {
        var owner = await app.BearerClientAsync(DemoData.OwnerEmail);

        using var all = await Json(await owner.GetAsync("/api/audit?kind=periodClosed,periodCalculated&pageSize=1"), HttpStatusCode.OK);
        var total = all.RootElement.GetProperty("total").GetInt32();
        var first = all.RootElement.GetProperty("items").EnumerateArray().ToList();
        using var second = await Json(await owner.GetAsync("/api/audit?kind=periodClosed,periodCalculated&pageSize=1&page=2"), HttpStatusCode.OK);
        var next = second.RootElement.GetProperty("items").EnumerateArray().ToList();

        Assert.True(total >= 2, $"{total} entries"); // the demo calculated and closed last month
        Assert.Single(first);
        Assert.Single(next);
        Assert.All(first.Concat(next), e => Assert.Contains(e.GetProperty("kind").GetString(), new[] { "periodClosed", "periodCalculated" }));
        var times = first.Concat(next).Select(e => e.GetProperty("at").GetDateTimeOffset()).ToList();
        Assert.Equal(times.OrderByDescending(t => t), times);
        Assert.DoesNotContain(next.Select(e => e.GetProperty("id").GetInt64()), first.Select(e => e.GetProperty("id").GetInt64()).Contains);
    }

    [Theory]
    [InlineData("from=2026-13-01", "from", "api.bad_date")]
    [InlineData("to=yesterday", "to", "api.bad_date")]
    [InlineData("from=2026-11-30&to=2026-11-01", "to", "api.bad_range")]
    [InlineData("kind=everything", "kind", "api.bad_kind")]
    [InlineData("employee=-3", "employee", "api.not_an_id")]
    [InlineData("pageSize=5000", "pageSize", "api.bad_page_size")]
    public async Task A_bad_filter_is_a_400_at_its_parameter_in_the_requests_language(string query, string path, string code)
    {
        var hr = await app.BearerClientAsync(DemoData.HrEmail);
        hr.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("ru-RU"));

        using var problem = await Json(await hr.GetAsync("/api/audit?" + query), HttpStatusCode.BadRequest);

        Assert.Equal(code, problem.RootElement.GetProperty("codes").GetProperty(path)[0].GetString());
        var message = problem.RootElement.GetProperty("errors").GetProperty(path)[0].GetString()!;
        Assert.Matches("[а-яА-Я]", message);
    }

    [Theory]
    [InlineData(DemoData.ManagerEmail)]
    [InlineData(DemoData.EmployeeEmail)]
    public async Task Managers_and_employees_do_not_read_the_log(string email)
    {
        var client = await app.BearerClientAsync(email);

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/audit")).StatusCode);
    }
}
