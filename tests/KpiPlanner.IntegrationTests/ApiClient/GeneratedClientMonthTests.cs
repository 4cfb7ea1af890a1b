using System.Net.Http.Headers;
using KpiPlanner.Infrastructure.Demo;
using KpiPlanner.IntegrationTests.ApiClient.Generated;
using KpiPlanner.Testing;

namespace KpiPlanner.IntegrationTests.ApiClient;

/// <summary>
/// A whole month over HTTP with the typed client generated from the app's own OpenAPI document (issue 15): sign in,
/// create a department, a position, a coefficient scale and the position's motivation scheme, hire two people, rename
/// the department against its ETag, type plans and facts, calculate, approve and close, read the pay lines and the
/// payroll export, and reopen with a reason — on real PostgreSQL. A
/// change to the API that breaks the document breaks <see cref="ApiDocumentTests"/>; one that breaks these calls breaks the
/// build.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class GeneratedClientMonthTests(KpiAppFactory app) : IAsyncLifetime
{
    private static readonly string Month = KpiPlanner.Domain.Planning.Period.Key(TestClock.ThisMonth);

    public async Task InitializeAsync() => await app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_generated_client_runs_a_month_from_a_new_department_to_the_payroll_export_and_a_reopen()
    {
        var http = app.CreateClient();
        http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ru-RU");
        var api = new KpiPlannerClient(http);
        var token = await api.LoginAsync(new LoginRequest { Email = DemoData.OwnerEmail, Password = DemoData.Password });
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);

        // The organisation: a department under the company and a new position.
        var root = (await api.DepartmentsAsync()).Single(d => d.ParentId is null);
        var department = await api.AddDepartmentAsync(new DepartmentRequest { Name = "Продажи через API", ParentId = root.Id });
        var position = await api.AddPositionAsync(new PositionRequest { Name = "Менеджер онлайн-продаж" });
        var hired = TestClock.ThisMonth.AddMonths(-1);

        // A scale (below 80 % → 0; 80–100 % inclusive → 1; above → 1.5) and the position's scheme from last month:
        // 20 000 fixed + 10 000 planned variable, one KPI — sales — at 100 % on that scale.
        var scale = await api.CreateScaleAsync(new ScaleRequest
        {
            Name = "Онлайн-продажи: 80/100",
            Bands =
            [
                new ApiBand { To = 80m, Coefficient = 0m, Label = "Ниже порога" },
                new ApiBand { To = 100m, ToInclusive = true, Coefficient = 1m, Label = "План" },
                new ApiBand { Coefficient = 1.5m, Label = "Сверх плана" },
            ],
        });
        var scheme = await api.CreateSchemeVersionAsync(position.Id, new SchemeVersionRequest
        {
            EffectiveFrom = KpiPlanner.Domain.Planning.Period.Key(hired),
            Name = "Онлайн-продажи",
            Fixed = 20_000m,
            PlannedVariable = 10_000m,
            Kpis = [new ApiSchemeKpi { Name = "Продажи онлайн", KpiCode = DemoData.SalesKpi, Weight = 100m, ScaleId = scale.Id }],
        });
        Assert.Equal(3, scheme.Version.Kpis.Single().Scale.Bands.Count);
        foreach (var (number, last) in new[] { ("9001", "Апишина"), ("9002", "Клиентов") })
        {
            var card = await api.AddEmployeeAsync(new EmployeeRequest
            {
                PersonnelNumber = number, LastName = last, FirstName = "Анна", DepartmentId = department.Id, PositionId = position.Id, HireDate = hired,
            });
            Assert.Equal(number, card.PersonnelNumber);
        }

        // A rename against the ETag just read; the same ETag again is stale (412) and changes nothing.
        await api.DepartmentAsync(department.Id);
        api.IfMatch = api.LastETag;
        var renamed = await api.UpdateDepartmentAsync(department.Id, new DepartmentRequest { Name = "Продажи (API)" });
        var stale = await Assert.ThrowsAsync<ApiException<ProblemDetails>>(() => api.UpdateDepartmentAsync(department.Id, new DepartmentRequest { Name = "Чужая правка" }));
        api.IfMatch = null;
        Assert.Equal(412, stale.StatusCode);
        Assert.Equal("Продажи (API)", (await api.DepartmentAsync(department.Id)).Name);
        Assert.Equal("Продажи (API)", renamed.Name);

        // Plans and facts: 9001 sells 100 % of plan (→ 1); 9002 sells 110 % (→ 1.5).
        await api.PutPlansAsync(Month, new PlansPutRequest
        {
            Plans =
            [
                new PlansPutItem { Employee = "9001", Kpi = DemoData.SalesKpi, Value = 400_000m },
                new PlansPutItem { Employee = "9002", Kpi = DemoData.SalesKpi, Value = 400_000m },
            ],
        });
        await api.PutFactsAsync(Month, new FactsPutRequest
        {
            Facts =
            [
                new FactsPutItem { Employee = "9001", Kpi = DemoData.SalesKpi, Value = 400_000m },
                new FactsPutItem { Employee = "9002", Kpi = DemoData.SalesKpi, Value = 440_000m },
            ],
        });

        // Calculate → approve → close.
        var calculated = await api.CalculatePeriodAsync(Month);
        Assert.Equal("Calculated", calculated.Period.Status, ignoreCase: true);
        Assert.Equal("Approved", (await api.ApprovePeriodAsync(Month)).Status, ignoreCase: true);
        var closed = await api.ClosePeriodAsync(Month, new CloseRequest { CountMissingAsZero = true, CloseEarly = true });
        Assert.Equal("Closed", closed.Status, ignoreCase: true);

        // The pay lines, by hand: 9001 = 20 000 + 10 000 × (100 % × 1) = 30 000;
        // 9002 = 20 000 + 10 000 × (100 % × 1.5) = 35 000.
        var lines = await api.PayLinesAsync(Month, department: department.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(2, lines.Total);
        var first = lines.Items.Single(l => l.PersonnelNumber == "9001");
        var second = lines.Items.Single(l => l.PersonnelNumber == "9002");
        Assert.Equal((10_000m, 30_000m), (first.Variable, first.Total));
        Assert.Equal((15_000m, 35_000m), (second.Variable, second.Total));
        Assert.All(lines.Items, l => Assert.Equal("Онлайн-продажи", l.Scheme));

        // The payroll export of the closed month carries both lines.
        using var export = await api.PayrollExportAsync(Month, "csv");
        using var reader = new StreamReader(export.Stream);
        var csv = await reader.ReadToEndAsync();
        Assert.Contains(csv.Split('\n'), row => row.StartsWith("9001", StringComparison.Ordinal) && row.Contains("30000", StringComparison.Ordinal));
        Assert.Contains(csv.Split('\n'), row => row.StartsWith("9002", StringComparison.Ordinal) && row.Contains("35000", StringComparison.Ordinal));

        // Reopened with a reason, the month is open again and its period says who reopened it.
        var reopened = await api.ReopenPeriodAsync(Month, new ReasonRequest { Reason = "Факты продаж исправлены по данным 1С" });
        Assert.NotEqual("Closed", reopened.Status, StringComparer.OrdinalIgnoreCase);
        Assert.Equal(reopened.Status, (await api.GetPeriodAsync(Month)).Status);
    }
}
