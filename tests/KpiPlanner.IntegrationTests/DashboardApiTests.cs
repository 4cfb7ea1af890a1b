using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using KpiPlanner.Domain.Goals;
using KpiPlanner.Domain.Planning;
using KpiPlanner.Infrastructure.Demo;
using KpiPlanner.Testing;
using KpiPlanner.Web.Features.Dashboard;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KpiPlanner.IntegrationTests;

/// <summary>
/// The dashboard over HTTP (issue 15, <c>GET /api/dashboard</c>): the figures the page's service computes, for the same
/// caller, level and period — KPIs, drill-down rows, pay fund — as JSON; a bad period a 400 at <c>period</c>; the same
/// access as the page.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class DashboardApiTests(KpiAppFactory app) : IAsyncLifetime
{
    private static readonly DateOnly LastMonth = TestClock.LastMonth;

    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private static async Task<JsonDocument> Json(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.StatusCode}: {body}");
        return JsonDocument.Parse(body);
    }

    [Fact]
    public async Task The_company_dashboard_of_last_month_answers_the_figures_the_page_shows()
    {
        var client = await app.BearerClientAsync(DemoData.OwnerEmail);

        using var json = await Json(await client.GetAsync($"/api/dashboard?period={Period.Key(LastMonth)}"), HttpStatusCode.OK);

        await using var scope = app.Services.CreateAsyncScope();
        var view = (await scope.ServiceProvider.GetRequiredService<DashboardService>()
            .LoadAsync(await app.ActorAsync(DemoData.OwnerEmail), PeriodRange.OfMonth(LastMonth), null, null))!;
        var root = json.RootElement;
        Assert.Equal(("company", Period.Key(LastMonth)), (root.GetProperty("level").GetString(), root.GetProperty("period").GetString()));
        var kpis = root.GetProperty("kpis").EnumerateArray().ToDictionary(k => k.GetProperty("key").GetString()!);
        Assert.Equal(view.Kpis.Select(k => k.Kpi.Key).Order(StringComparer.Ordinal), kpis.Keys.Order(StringComparer.Ordinal));
        foreach (var kpi in view.Kpis)
        {
            var answered = kpis[kpi.Kpi.Key];
            Assert.Equal(kpi.Current.Plan, Decimal(answered.GetProperty("plan")));
            Assert.Equal(kpi.Current.Fact, Decimal(answered.GetProperty("fact")));
            Assert.Equal(kpi.Standing.Completion is { IsPositiveInfinity: false } c ? c.Value : null, Decimal(answered.GetProperty("standing").GetProperty("completionPercent")));
            Assert.Equal(kpi.Standing.Coefficient, Decimal(answered.GetProperty("standing").GetProperty("coefficient")));
        }

        Assert.Equal(view.Rows.Count, root.GetProperty("rows").GetArrayLength());
        Assert.Equal(view.PayFund.Count, root.GetProperty("payFund").GetArrayLength());
    }

    [Fact]
    public async Task An_employee_reads_their_own_dashboard_and_not_the_company_s()
    {
        var client = await app.BearerClientAsync(DemoData.EmployeeEmail);
        var me = await app.EmployeeIdAsync("0101");

        using var own = await Json(await client.GetAsync($"/api/dashboard?period={Period.Key(LastMonth)}&employee={me}"), HttpStatusCode.OK);
        Assert.Equal("employee", own.RootElement.GetProperty("level").GetString());

        await using var db = app.CreateDbContext();
        var other = await db.Employees.Where(e => e.Id != me).Select(e => e.Id).FirstAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/api/dashboard?period={Period.Key(LastMonth)}&employee={other}")).StatusCode);
    }

    [Fact]
    public async Task A_bad_period_is_a_400_at_period_in_the_requests_language()
    {
        var client = await app.BearerClientAsync(DemoData.HrEmail);
        client.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("ru-RU"));

        using var problem = await Json(await client.GetAsync("/api/dashboard?period=2026-Q5"), HttpStatusCode.BadRequest);

        Assert.Matches("[а-яА-Я]", problem.RootElement.GetProperty("errors").GetProperty("period")[0].GetString()!);
    }

    private static decimal? Decimal(JsonElement value) => value.ValueKind == JsonValueKind.Null ? null : value.GetDecimal();
}
