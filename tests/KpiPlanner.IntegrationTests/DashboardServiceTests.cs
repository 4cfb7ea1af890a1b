using System.Globalization;
using KpiPlanner.Domain.Goals;
using KpiPlanner.Domain.Kpis;
using KpiPlanner.Domain.Organisation;
using KpiPlanner.Domain.Planning;
using KpiPlanner.Domain.Scales;
using KpiPlanner.Domain.Schemes;
using KpiPlanner.Infrastructure;
using KpiPlanner.Infrastructure.Demo;
using KpiPlanner.Testing;
using KpiPlanner.Web;
using KpiPlanner.Web.Features.Dashboard;
using KpiPlanner.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace KpiPlanner.IntegrationTests;

/// <summary>
/// The dashboards on PostgreSQL (issue 6): roll-ups by each KPI's rule across people and months, year over year, the
/// drill-down and its bands, the funnel, plan accuracy per manager, the run-rate forecast, the summary the triggers
/// keep, and who may see what. Small data; every expected number is worked out by hand in the comments.
/// <para>Department D (head A, staff B) with sub-department S (head C). One scheme: sales volume (sum), conversion
/// (average), clients in the database (last month), leads and contracts (sum); scale [0, 80) → 0, [80, 100) → 0.5,
/// [100, ∞) → 1.</para>
/// </summary>
[Collection(AppCollection.Name)]
public sealed class DashboardServiceTests(KpiAppFactory app) : IAsyncLifetime
{
    private static readonly PeriodRange Q2 = PeriodRange.Quarter(2025, 2);
    private AsyncServiceScope scope;
    private int d, s, a, b, c;

    private DashboardService Dashboard => scope.ServiceProvider.GetRequiredService<DashboardService>();

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        scope = app.Services.CreateAsyncScope();
        await using var db = app.CreateDbContext();
        var company = await db.Departments.SingleAsync(x => x.Name == DemoData.CompanyName);
        var dept = new Department("Отдел сводов", company);
        var sub = new Department("Группа сводов", dept);
        var position = new Position("Аналитик сводов");
        db.AddRange(dept, sub, position);
        var ea = new Employee("9101", "Арсеньев", "Антон", null, dept, position, new DateOnly(2020, 1, 1));
        var eb = new Employee("9102", "Борисова", "Белла", null, dept, position, new DateOnly(2020, 1, 1));
        var ec = new Employee("9103", "Центров", "Цезарь", null, sub, position, new DateOnly(2020, 1, 1));
        db.Employees.AddRange(ea, eb, ec);
        await db.SaveChangesAsync();
        dept.AppointHead(ea);
        sub.AppointHead(ec);
        await db.SaveChangesAsync();
        (d, s, a, b, c) = (dept.Id, sub.Id, ea.Id, eb.Id, ec.Id);

        var scale = new ScaleSpec([new Band(0m, 80m, 0m), new Band(80m, 100m, 0.5m), new Band(100m, null, 1m)]);
        var spec = new SchemeSpec(20_000m, 10_000m,
        [
            new SchemeKpiSpec("Объём продаж", 20m, scale, KpiCode: "sales_volume"),
            new SchemeKpiSpec("Конверсия", 20m, scale, KpiCode: "conversion"),
            new SchemeKpiSpec("Клиенты в базе", 20m, scale, KpiCode: "client_base"),
            new SchemeKpiSpec("Лиды", 20m, scale, KpiCode: "leads"),
            new SchemeKpiSpec("Договоры", 20m, scale, KpiCode: "contracts"),
        ], Name: "Своды");
        db.SchemeVersions.Add(SchemeVersion.Create(position.Id, new DateOnly(2020, 1, 1), spec, app.Clock.GetUtcNow(), "test").GetValueOrThrow());

        (int Who, string Kpi, int Year, int Month, decimal? Plan, decimal? Fact)[] values =
        [
            (a, "sales_volume", 2025, 4, 100m, 90m), (a, "sales_volume", 2025, 5, 100m, 110m), (a, "sales_volume", 2025, 6, 100m, 130m),
            (b, "sales_volume", 2025, 4, 50m, 50m), (b, "sales_volume", 2025, 5, 50m, 40m), (b, "sales_volume", 2025, 6, 50m, null),
            (c, "sales_volume", 2025, 4, 200m, 180m), (c, "sales_volume", 2025, 5, 200m, 220m), (c, "sales_volume", 2025, 6, 200m, 200m),
            (a, "sales_volume", 2024, 4, 80m, 80m), (a, "sales_volume", 2024, 5, 80m, 80m), (a, "sales_volume", 2024, 6, 80m, 80m),
            (c, "sales_volume", 2024, 4, 150m, 150m), (c, "sales_volume", 2024, 5, 150m, 150m), (c, "sales_volume", 2024, 6, 150m, 150m),
            (a, "conversion", 2025, 4, 20m, 18m), (a, "conversion", 2025, 5, 20m, 21m), (a, "conversion", 2025, 6, 20m, 24m),
            (c, "conversion", 2025, 4, 10m, 10m), (c, "conversion", 2025, 5, 10m, 9m), (c, "conversion", 2025, 6, 10m, 12m),
            (a, "client_base", 2025, 4, 500m, 480m), (a, "client_base", 2025, 5, 520m, 530m), (a, "client_base", 2025, 6, 540m, 560m),
            (c, "client_base", 2025, 4, 100m, 90m), (c, "client_base", 2025, 5, 100m, 100m), (c, "client_base", 2025, 6, 100m, null),
            (a, "leads", 2025, 4, 100m, 80m), (a, "leads", 2025, 5, 100m, 120m), (a, "leads", 2025, 6, 100m, 100m),
            (a, "contracts", 2025, 4, 10m, 8m), (a, "contracts", 2025, 5, 10m, 12m), (a, "contracts", 2025, 6, 10m, 10m),
        ];
        foreach (var v in values)
        {
            var value = new MonthlyKpiValue(v.Who, new DateOnly(v.Year, v.Month, 1), v.Kpi);
            value.SetPlan(v.Plan, app.Clock.GetUtcNow(), "test");
            value.SetFact(v.Fact, app.Clock.GetUtcNow(), "test");
            db.MonthlyKpiValues.Add(value);
        }

        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync() => await scope.DisposeAsync();

    [Fact]
    public async Task A_department_rolls_each_kpi_up_by_its_rule_across_people_and_months()
    {
        var view = await Dashboard.LoadLevelAsync(Q2, DashboardLevel.Department, d, null);

        // Sales volume (sum): plans 350 a month → 1 050; facts 320 + 370 + 330 (B has no June fact) = 1 020; measured
        // against the plans of the cells with a fact: 350 + 350 + 300 = 1 000 → 102 %, band [100, ∞) → coefficient 1.
        var sales = Kpi(view, "sales_volume");
        Assert.Equal(1050m, sales.Current.Plan);
        Assert.Equal(1020m, sales.Current.Fact);
        Assert.Equal(1000m, sales.Current.PlanToDate);
        Assert.Equal(102m, sales.Current.Completion!.Value.Value);
        Assert.Equal(1m, sales.Standing.Coefficient);
        Assert.Equal(Tone.Good, sales.Standing.Tone);

        // Conversion (average): the mean across people each month — plans 15, 15, 15; facts 14, 15, 18 — then the mean of
        // the months: plan 15, fact 47 / 3 → completion 104.44… %.
        var conversion = Kpi(view, "conversion");
        Assert.Equal(15m, conversion.Current.Plan);
        Assert.Equal(47m / 3m, conversion.Current.Fact!.Value, 20);
        Assert.Equal(Math.Round(47m / 3m * 100m / 15m, 10), Math.Round(conversion.Current.Completion!.Value.Value, 10));

        // Clients in the database (last month): June's plans 540 + 100 = 640; June's facts: only A's 560, measured
        // against A's plan 540 → 103.70… %.
        var clients = Kpi(view, "client_base");
        Assert.Equal(640m, clients.Current.Plan);
        Assert.Equal(560m, clients.Current.Fact);
        Assert.Equal(540m, clients.Current.PlanToDate);
        Assert.Equal(Math.Round(560m * 100m / 540m, 10), Math.Round(clients.Current.Completion!.Value.Value, 10));
    }

    [Fact]
    public async Task Year_over_year_compares_the_same_months_of_last_year()
    {
        var view = await Dashboard.LoadLevelAsync(Q2, DashboardLevel.Department, d, null);

        // Q2 2024: A 80 and C 150 a month → 690; this year 1 020 → +47.83 %.
        var sales = Kpi(view, "sales_volume");
        Assert.Equal(690m, sales.LastYearFact);
        Assert.Equal(Math.Round(330m * 100m / 690m, 10), Math.Round(sales.ChangePercent!.Value, 10));

        // The trend holds 24 months up to June 2025, each with last year's fact beside it.
        var june = view.Trend["sales_volume"].Single(p => p.Month == new DateOnly(2025, 6, 1));
        Assert.Equal(24, view.Trend["sales_volume"].Count);
        Assert.Equal(350m, june.Plan);
        Assert.Equal(330m, june.Fact);
        Assert.Equal(230m, june.LastYearFact);

        // Switched to last year: Q2 2024 alone, no year before it.
        var lastYear = await Dashboard.LoadLevelAsync(Q2.SameLastYear, DashboardLevel.Department, d, null);
        Assert.Equal(690m, Kpi(lastYear, "sales_volume").Current.Fact);
        Assert.Null(Kpi(lastYear, "sales_volume").LastYearFact);
    }

    [Fact]
    public async Task The_drill_down_shows_sub_departments_and_own_people_with_their_bands()
    {
        var view = await Dashboard.LoadLevelAsync(Q2, DashboardLevel.Department, d, null);

        Assert.Equal(["d" + s, "e" + a, "e" + b], view.Rows.Select(r => r.Id).Order(StringComparer.Ordinal).ToArray().OrderBy(x => x[0] == 'd' ? 0 : 1).ThenBy(x => x, StringComparer.Ordinal));

        // S (C alone): 600 / 600 → 100 %, coefficient 1. B: plan to date April + May 100, facts 90 → 90 %, band [80, 100) → 0.5.
        var sub = view.Rows.Single(r => r.Id == "d" + s);
        Assert.Equal(100m, sub.Kpis["sales_volume"].Completion!.Value.Value);
        Assert.Equal(Tone.Good, sub.Kpis["sales_volume"].Tone);
        var rowB = view.Rows.Single(r => r.Id == "e" + b);
        Assert.Equal(150m, rowB.Values["sales_volume"].Plan);
        Assert.Equal(90m, rowB.Kpis["sales_volume"].Completion!.Value.Value);
        Assert.Equal(0.5m, rowB.Kpis["sales_volume"].Coefficient);
        Assert.Equal(Tone.Warning, rowB.Kpis["sales_volume"].Tone);

        // The months heat map: B's April 50 / 50 = 100 % (good), May 40 / 50 = 80 % (warning), June no fact (none).
        var cells = view.HeatByKpi["sales_volume"].Where(h => h.RowId == "e" + b).ToDictionary(h => h.Month);
        Assert.Equal(Tone.Good, cells[new DateOnly(2025, 4, 1)].Standing.Tone);
        Assert.Equal(Tone.Warning, cells[new DateOnly(2025, 5, 1)].Standing.Tone);
        Assert.Equal(Tone.None, cells[new DateOnly(2025, 6, 1)].Standing.Tone);

        // The company page has D as one row, with the same roll-up as D's own page.
        var company = await Dashboard.LoadLevelAsync(Q2, DashboardLevel.Company, null, null);
        var rowD = company.Rows.Single(r => r.DepartmentId == d);
        Assert.Equal(1020m, rowD.Values["sales_volume"].Fact);
        Assert.Equal(102m, rowD.Kpis["sales_volume"].Completion!.Value.Value);
    }

    [Fact]
    public async Task Quarter_half_year_and_year_roll_up_the_same_months()
    {
        var q2 = await Dashboard.LoadLevelAsync(Q2, DashboardLevel.Department, d, null);
        var h1 = await Dashboard.LoadLevelAsync(PeriodRange.HalfYear(2025, 1), DashboardLevel.Department, d, null);
        var year = await Dashboard.LoadLevelAsync(PeriodRange.CalendarYear(2025), DashboardLevel.Department, d, null);
        var june = await Dashboard.LoadLevelAsync(PeriodRange.Month(2025, 6), DashboardLevel.Department, d, null);

        // Only Q2 has figures: the half-year and the year hold the same sums; the last-month KPI takes June.
        Assert.Equal(1020m, Kpi(h1, "sales_volume").Current.Fact);
        Assert.Equal(1020m, Kpi(year, "sales_volume").Current.Fact);
        Assert.Equal(560m, Kpi(year, "client_base").Current.Fact);
        Assert.Equal(Kpi(q2, "conversion").Current.Fact, Kpi(year, "conversion").Current.Fact);

        // June alone: sales 330 against the plans with a fact (100 + 200) → 110 %.
        Assert.Equal(330m, Kpi(june, "sales_volume").Current.Fact);
        Assert.Equal(110m, Kpi(june, "sales_volume").Current.Completion!.Value.Value);
    }

    [Fact]
    public async Task The_funnel_converts_leads_to_contracts_and_contracts_to_sales()
    {
        var view = await Dashboard.LoadLevelAsync(Q2, DashboardLevel.Department, d, null);

        // Leads 300 → contracts 30: 10 % (plans 300 → 30: 10 %); sales 1 020 over 30 contracts = 34 per contract
        // (plans 1 050 / 30 = 35).
        Assert.Equal(["leads", "contracts", "sales_volume"], view.Funnel.Select(f => f.Key));
        var contracts = view.Funnel[1];
        Assert.Equal(10m, contracts.FactConversion);
        Assert.Equal(10m, contracts.PlanConversion);
        var sales = view.Funnel[2];
        Assert.True(sales.IsAmountPerUnit);
        Assert.Equal(34m, sales.FactConversion);
        Assert.Equal(35m, sales.PlanConversion);
    }

    [Fact]
    public async Task Plan_accuracy_is_measured_per_manager_over_twelve_months()
    {
        var view = await Dashboard.LoadLevelAsync(Q2, DashboardLevel.Department, d, null);

        // C's group S, July 2024 – June 2025: fact / plan = sales 0.9, 1.1, 1.0; conversion 1.0, 0.9, 1.2; clients 0.9, 1.0
        // → 8 cells, Σ|r − 1| = 0.6 → 7.5 %; Σ(r − 1) = 0 → bias 0 %; beaten 2 of 8 → 25 %.
        var managerC = view.Accuracy.Single(m => m.Manager.StartsWith("Центров", StringComparison.Ordinal));
        Assert.Equal(8, managerC.Accuracy.Cells);
        Assert.Equal(7.5m, managerC.Accuracy.MeanAbsoluteDeviation);
        Assert.Equal(0m, managerC.Accuracy.Bias);
        Assert.Equal(25m, managerC.Accuracy.BeatenShare);
        Assert.False(managerC.Accuracy.LooksEasy);

        // A's department D (A and B): sales 0.9, 1.1, 1.3, 1.0, 0.8; conversion 0.9, 1.05, 1.2; clients 0.96, 530/520,
        // 560/540; leads 0.8, 1.2, 1.0; contracts 0.8, 1.2, 1.0 → 17 cells.
        decimal[] ratios = [0.9m, 1.1m, 1.3m, 1.0m, 0.8m, 0.9m, 1.05m, 1.2m, 0.96m, 530m / 520m, 560m / 540m, 0.8m, 1.2m, 1.0m, 0.8m, 1.2m, 1.0m];
        var managerA = view.Accuracy.Single(m => m.Manager.StartsWith("Арсеньев", StringComparison.Ordinal));
        Assert.Equal(17, managerA.Accuracy.Cells);
        Assert.Equal(Math.Round(ratios.Sum(r => Math.Abs(r - 1m)) * 100m / 17m, 8), Math.Round(managerA.Accuracy.MeanAbsoluteDeviation, 8));
        Assert.Equal(Math.Round(ratios.Sum(r => r - 1m) * 100m / 17m, 8), Math.Round(managerA.Accuracy.Bias, 8));
        Assert.Equal(Math.Round(8m * 100m / 17m, 8), Math.Round(managerA.Accuracy.BeatenShare, 8));
    }

    [Fact]
    public async Task The_run_rate_forecast_scales_the_month_so_far_by_working_days()
    {
        await using (var db = app.CreateDbContext())
        {
            foreach (var month in new[] { 7, 8, 9 })
            {
                var value = new MonthlyKpiValue(a, new DateOnly(2025, month, 1), "sales_volume");
                value.SetPlan(100m, app.Clock.GetUtcNow(), "test");
                value.SetFact(month == 7 ? 70m : null, app.Clock.GetUtcNow(), "test");
                db.MonthlyKpiValues.Add(value);
            }

            var conversion = new MonthlyKpiValue(a, new DateOnly(2025, 7, 1), "conversion");
            conversion.SetPlan(20m, app.Clock.GetUtcNow(), "test");
            conversion.SetFact(22m, app.Clock.GetUtcNow(), "test");
            db.MonthlyKpiValues.Add(conversion);
            await db.SaveChangesAsync();
        }

        // Wednesday 9 July 2025: July has 23 working days, 7 of them so far (1–4, 7–9); Q3 has 23 + 21 + 22 = 66.
        var dashboard = new DashboardService(scope.ServiceProvider.GetRequiredService<IDbContextFactory<KpiDbContext>>(),
            new FixedTime(new DateTimeOffset(2025, 7, 9, 12, 0, 0, TimeSpan.Zero)),
            scope.ServiceProvider.GetRequiredService<IFormulaParser>(),
            scope.ServiceProvider.GetRequiredService<IStringLocalizer<DashboardResource>>());
        var view = await dashboard.LoadLevelAsync(PeriodRange.Month(2025, 7), DashboardLevel.Department, d, null);

        // Sales so far 70 → month 70 × 23 / 7 = 230 (plan 100: 230 %); quarter 70 × 66 / 7 = 660 against 300.
        var sales = view.Forecasts.Single(f => f.Kpi.Key == "sales_volume");
        Assert.Equal(7, sales.Month!.WorkingDaysElapsed);
        Assert.Equal(23, sales.Month.WorkingDays);
        Assert.Equal(70m * 23m / 7m, sales.Month.Forecast);
        Assert.Equal(100m, sales.MonthPlan);
        Assert.Equal(66, sales.Quarter!.WorkingDays);
        Assert.Equal(70m * 66m / 7m, sales.Quarter.Forecast);
        Assert.Equal(300m, sales.QuarterPlan);

        // Conversion is a level, not a pace: the forecast is the value so far.
        var conversionForecast = view.Forecasts.Single(f => f.Kpi.Key == "conversion");
        Assert.Equal(22m, conversionForecast.Month!.Forecast);
    }

    [Fact]
    public async Task A_month_in_progress_is_read_against_the_plan_due_by_today_with_no_coefficient_for_either_direction()
    {
        await using (var db = app.CreateDbContext())
        {
            // July 2025 for A: sales 63 of 230; expenses (lower is better, summed) 77 000 of 230 000; receivables (lower
            // is better, a level at the month's end) 400 against 500; conversion (a mean) 22 against 20.
            (string Kpi, decimal Plan, decimal Fact)[] july = [("sales_volume", 230m, 63m), ("expenses", 230_000m, 77_000m), ("receivables", 500m, 400m), ("conversion", 20m, 22m)];
            foreach (var v in july)
            {
                var value = new MonthlyKpiValue(a, new DateOnly(2025, 7, 1), v.Kpi);
                value.SetPlan(v.Plan, app.Clock.GetUtcNow(), "test");
                value.SetFact(v.Fact, app.Clock.GetUtcNow(), "test");
                db.MonthlyKpiValues.Add(value);
            }

            await db.SaveChangesAsync();
        }

        // Wednesday 9 July 2025: 7 of July's 23 working days.
        var dashboard = At(new DateOnly(2025, 7, 9));
        foreach (var period in new[] { PeriodRange.Month(2025, 7), PeriodRange.Quarter(2025, 3) })
        {
            var view = await dashboard.LoadLevelAsync(period, DashboardLevel.Department, d, null);

            // Sales: 230 × 7 / 23 = 70 due, 63 done → 90 % (behind pace, amber), never «27 % · × 0».
            var sales = Kpi(view, "sales_volume");
            Assert.Equal(230m, sales.Current.Plan);
            Assert.Equal(70m, sales.Current.PlanToDate);
            Assert.Equal(90m, sales.Current.Completion!.Value.Value);
            Assert.True(sales.Standing.ToDate);
            Assert.Null(sales.Standing.Coefficient);
            Assert.Null(sales.Standing.Band);
            Assert.Equal(Tone.Warning, sales.Standing.Tone);
            Assert.Equal((1, 1), (sales.Reporting, sales.Planned));

            // Expenses, lower is better: 70 000 due, 77 000 spent → 70 000 / 77 000 = 90.9 % (overspending the pace),
            // not 230 000 / 77 000 = 298.7 % «aggressive leadership» on the 7th working day.
            var expenses = Kpi(view, "expenses");
            Assert.Equal(70_000m, expenses.Current.PlanToDate);
            Assert.Equal(Math.Round(70_000m * 100m / 77_000m, 10), Math.Round(expenses.Current.Completion!.Value.Value, 10));
            Assert.Null(expenses.Standing.Coefficient);

            // Levels are comparable any day: receivables 500 / 400 = 125 %, conversion 22 / 20 = 110 % — still to date.
            Assert.Equal(125m, Kpi(view, "receivables").Current.Completion!.Value.Value);
            Assert.Equal(500m, Kpi(view, "receivables").Current.PlanToDate);
            Assert.Equal(110m, Kpi(view, "conversion").Current.Completion!.Value.Value);
            Assert.True(Kpi(view, "conversion").Standing.ToDate);
            Assert.Null(Kpi(view, "conversion").Standing.Coefficient);

            // The drill-down's row of A and its July cell are to date too.
            var rowA = view.Rows.Single(r => r.EmployeeId == a);
            Assert.Equal(90m, rowA.Kpis["sales_volume"].Completion!.Value.Value);
            Assert.True(rowA.Kpis["sales_volume"].ToDate);
            Assert.Null(rowA.Kpis["sales_volume"].Coefficient);
            var julyCell = view.HeatByKpi["sales_volume"].Single(h => h.RowId == "e" + a.ToString(CultureInfo.InvariantCulture) && h.Month == new DateOnly(2025, 7, 1));
            Assert.True(julyCell.Standing.ToDate);
            Assert.Equal(90m, julyCell.Standing.Completion!.Value.Value);
        }

        // The trend marks July partial; June, over, keeps its band and coefficient from the same clock.
        var month = await dashboard.LoadLevelAsync(PeriodRange.Month(2025, 7), DashboardLevel.Department, d, null);
        Assert.True(month.Trend["sales_volume"].Single(p => p.Month == new DateOnly(2025, 7, 1)).InProgress);
        Assert.False(month.Trend["sales_volume"].Single(p => p.Month == new DateOnly(2025, 6, 1)).InProgress);
        var june = await dashboard.LoadLevelAsync(PeriodRange.Month(2025, 6), DashboardLevel.Department, d, null);
        var juneSales = Kpi(june, "sales_volume");
        Assert.False(juneSales.Standing.ToDate);
        Assert.Equal(110m, juneSales.Current.Completion!.Value.Value); // (130 + 200) / (100 + 200), as before
        Assert.Equal(1m, juneSales.Standing.Coefficient);

        // A's own page: the same 90 % to date.
        var own = await dashboard.LoadLevelAsync(PeriodRange.Month(2025, 7), DashboardLevel.Employee, null, a);
        Assert.Equal(90m, Kpi(own, "sales_volume").Current.Completion!.Value.Value);
        Assert.True(Kpi(own, "sales_volume").Standing.ToDate);
        Assert.Null(Kpi(own, "sales_volume").Standing.Coefficient);
    }

    [Fact]
    public async Task A_forecast_above_its_ceiling_is_flagged_instead_of_banded_like_for_like_and_counts_whole()
    {
        await using (var db = app.CreateDbContext())
        {
            // July 2025: A typed a whole month's 400 (plan 100) on the 7th working day; B has a plan of 900 and no fact
            // yet; A's leads 10 so far against 100.
            (int Who, string Kpi, decimal Plan, decimal? Fact)[] july = [(a, "sales_volume", 100m, 400m), (b, "sales_volume", 900m, null), (a, "leads", 100m, 10m)];
            foreach (var v in july)
            {
                var value = new MonthlyKpiValue(v.Who, new DateOnly(2025, 7, 1), v.Kpi);
                value.SetPlan(v.Plan, app.Clock.GetUtcNow(), "test");
                value.SetFact(v.Fact, app.Clock.GetUtcNow(), "test");
                db.MonthlyKpiValues.Add(value);
            }

            await db.SaveChangesAsync();
        }

        // Wednesday 9 July 2025: 7 of July's 23 working days.
        var view = await At(new DateOnly(2025, 7, 9)).LoadLevelAsync(PeriodRange.Month(2025, 7), DashboardLevel.Department, d, null);

        // Sales: 400 × 23 / 7 = 1 314.3 against A's own plan of 100 (like for like: not the team's 1 000) — above its
        // ceiling, the higher of 3 × 100 and the team's best month of the last 12 (May: 110 + 40 + 220 = 370):
        // «мало данных / проверьте факты», no band, no coefficient.
        var sales = view.Forecasts.Single(f => f.Kpi.Key == "sales_volume");
        Assert.Equal(100m, sales.MonthPlan);
        Assert.Equal((1, 2), (sales.Reporting, sales.Planned));
        Assert.Equal(400m * 23m / 7m, sales.Month!.Forecast);
        Assert.Equal(370m, sales.Month.Ceiling);
        Assert.True(sales.Month.NeedsChecking);
        Assert.Equal(Standing.None, sales.MonthStanding);
        Assert.True(sales.Quarter!.NeedsChecking);
        Assert.Equal(Standing.None, sales.QuarterStanding);

        // Leads are a count: 10 × 23 / 7 = 32.86 → 33 leads, a believable 33 % of plan.
        var leads = view.Forecasts.Single(f => f.Kpi.Key == "leads");
        Assert.Equal(33m, leads.Month!.Forecast);
        Assert.False(leads.Month.NeedsChecking);
        Assert.NotNull(leads.MonthStanding.Completion);
        Assert.True(leads.Month.Forecast <= leads.Quarter!.Forecast);
    }

    [Fact]
    public async Task The_pay_fund_forecast_replays_the_last_twelve_months_through_the_schemes()
    {
        // Today 10 July 2025: next month August, scenarios July 2024 – June 2025; only April – June have figures.
        var dashboard = new DashboardService(scope.ServiceProvider.GetRequiredService<IDbContextFactory<KpiDbContext>>(),
            new FixedTime(new DateTimeOffset(2025, 7, 10, 12, 0, 0, TimeSpan.Zero)),
            scope.ServiceProvider.GetRequiredService<IFormulaParser>(),
            scope.ServiceProvider.GetRequiredService<IStringLocalizer<DashboardResource>>());

        var forecast = await dashboard.ForecastPayFundAsync(DashboardLevel.Department, d, null);

        // Variable 10 000 ₽ × Σ 20 % × coefficient ([0, 80) → 0, [80, 100) → 0.5, from 100 → 1).
        // A: April all five KPIs at 80–96 % → 0.5 → 5 000; May and June all ≥ 100 % → 10 000; other months his medians
        //    (110, 105, 101.9, 100, 100 %) → 10 000.
        // B: only sales measured (April 100 %, May 80 %), the rest at plan: April 10 000, May 9 000, other months his
        //    median sales (the lower middle of 80 and 100: 80 %) → 9 000.
        // C: April sales 90 %, clients 90 % → 8 000; May conversion 90 % → 9 000; June clients missing → his median 90 % → 9 000;
        //    other months 9 000. Funds: April 23 000, May 28 000, June 28 000, the nine others 28 000.
        Assert.Equal(new DateOnly(2025, 8, 1), forecast.Month);
        Assert.Equal(12, forecast.Result.Scenarios.Count);
        Assert.Equal(23_000m, forecast.Result.Scenarios.Single(x => x.Month == new DateOnly(2025, 4, 1)).Fund);
        Assert.Equal(28_000m, forecast.Result.Scenarios.Single(x => x.Month == new DateOnly(2025, 5, 1)).Fund);
        Assert.Equal(28_000m, forecast.Result.Scenarios.Single(x => x.Month == new DateOnly(2024, 7, 1)).Fund);
        Assert.Equal(23_000m, forecast.Result.Low);
        Assert.Equal(28_000m, forecast.Result.Likely);
        Assert.Equal(28_000m, forecast.Result.High);
        Assert.Equal(30_000m, forecast.Result.Planned);
        Assert.Equal(3, forecast.Result.People);
        Assert.Equal(0, forecast.Result.PeopleWithoutHistory);
    }

    [Fact]
    public async Task The_pay_fund_forecast_takes_a_scenario_from_a_pay_line_that_holds_it_and_computes_it_again_once_figures_change()
    {
        // As above (today 10 July 2025): funds April 23 000, May 28 000, the others 28 000.
        var dashboard = new DashboardService(scope.ServiceProvider.GetRequiredService<IDbContextFactory<KpiDbContext>>(),
            new FixedTime(new DateTimeOffset(2025, 7, 10, 12, 0, 0, TimeSpan.Zero)),
            scope.ServiceProvider.GetRequiredService<IFormulaParser>(),
            scope.ServiceProvider.GetRequiredService<IStringLocalizer<DashboardResource>>());
        var before = await dashboard.ForecastPayFundAsync(DashboardLevel.Department, d, null);

        // April – June calculated: A's lines (every figure present, a whole month, the scheme of next month) stand for his
        // scenarios; B's and C's lines miss figures, so theirs are measured again (C's June with his medians, from his
        // whole window). The forecast is the same.
        var payroll = scope.ServiceProvider.GetRequiredService<KpiPlanner.Infrastructure.Payroll.PayrollService>();
        foreach (var month in new[] { 4, 5, 6 })
        {
            Assert.True((await payroll.CalculateAsync(new DateOnly(2025, month, 1), "test")).IsValid);
        }

        var calculated = await dashboard.ForecastPayFundAsync(DashboardLevel.Department, d, null);
        Assert.Equal(before.Result.Scenarios, calculated.Result.Scenarios);
        Assert.Equal((before.Result.Low, before.Result.Likely, before.Result.High, before.Result.Planned, before.Result.People, before.Result.PeopleWithoutHistory),
            (calculated.Result.Low, calculated.Result.Likely, calculated.Result.High, calculated.Result.Planned, calculated.Result.People, calculated.Result.PeopleWithoutHistory));

        // The May scenario is read from A's May line: a line changed behind the app's back shows in the fund...
        await using (var db = app.CreateDbContext())
        {
            await db.Database.ExecuteSqlAsync($"UPDATE pay_lines SET variable = variable + 1000 WHERE employee_id = {a} AND month = {new DateOnly(2025, 5, 1)}");
        }

        var fromLines = await dashboard.ForecastPayFundAsync(DashboardLevel.Department, d, null);
        Assert.Equal(29_000m, fromLines.Result.Scenarios.Single(x => x.Month == new DateOnly(2025, 5, 1)).Fund);
        Assert.Equal(28_000m, fromLines.Result.Scenarios.Single(x => x.Month == new DateOnly(2025, 6, 1)).Fund);

        // ...until a May figure is written after the calculation: May is measured from the figures again.
        await using (var db = app.CreateDbContext())
        {
            await db.Database.ExecuteSqlAsync($"UPDATE monthly_kpi_values SET fact = fact WHERE employee_id = {b} AND month = {new DateOnly(2025, 5, 1)}");
        }

        var stale = await dashboard.ForecastPayFundAsync(DashboardLevel.Department, d, null);
        Assert.Equal(before.Result.Scenarios, stale.Result.Scenarios);
    }

    [Fact]
    public async Task The_export_holds_every_table_as_a_sheet_with_numbers_as_numbers()
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("en-US");
        try
        {
            var view = await Dashboard.LoadLevelAsync(Q2, DashboardLevel.Department, d, null);
            var xlsx = DashboardExport.Xlsx(view, scope.ServiceProvider.GetRequiredService<IStringLocalizer<DashboardResource>>());

            using var stream = new MemoryStream(xlsx);
            var sheets = MiniExcelLibs.MiniExcel.GetSheetNames(stream);
            // No forecast sheet: D has no figures in the current month; no pay fund by row: nothing calculated.
            Assert.Equal(["KPIs", "Trend", "Drill-down", "Heat map", "Funnel", "Pay fund", "Plan accuracy"], sheets);
            stream.Position = 0;
            var kpis = MiniExcelLibs.MiniExcel.Query(stream, useHeaderRow: true, sheetName: "KPIs").Cast<IDictionary<string, object?>>().ToList();
            var sales = kpis.Single(r => (string?)r["KPI"] == "Sales volume");
            Assert.Equal(1020m, Convert.ToDecimal(sales["Fact"], CultureInfo.InvariantCulture));
            Assert.Equal(102m, Convert.ToDecimal(sales["Completion, %"], CultureInfo.InvariantCulture));
            stream.Position = 0;
            var drill = MiniExcelLibs.MiniExcel.Query(stream, useHeaderRow: true, sheetName: "Drill-down").Cast<IDictionary<string, object?>>().ToList();
            Assert.Equal(3, drill.Count);
        }
        finally
        {
            CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public async Task The_summary_the_triggers_keep_equals_the_facts_after_edits_deletes_and_moves()
    {
        await using (var db = app.CreateDbContext())
        {
            var value = await db.MonthlyKpiValues.SingleAsync(v => v.EmployeeId == b && v.KpiKey == "sales_volume" && v.Month == new DateOnly(2025, 6, 1));
            value.SetFact(45m, app.Clock.GetUtcNow(), "test");
            db.MonthlyKpiValues.Remove(await db.MonthlyKpiValues.SingleAsync(v => v.EmployeeId == a && v.KpiKey == "leads" && v.Month == new DateOnly(2025, 4, 1)));
            await db.SaveChangesAsync();
            var employee = await db.Employees.SingleAsync(e => e.Id == b);
            var sub = await db.Departments.SingleAsync(x => x.Id == s);
            employee.Transfer(sub, await db.Positions.SingleAsync(p => p.Id == employee.PositionId));
            await db.SaveChangesAsync();
        }

        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT count(*) FROM (
                SELECT e.department_id, v.month, v.kpi_key,
                       coalesce(sum(v.plan), 0) AS plan_sum, count(v.plan) AS plan_n, coalesce(sum(v.fact), 0) AS fact_sum, count(v.fact) AS fact_n,
                       coalesce(sum(v.plan) FILTER (WHERE v.fact IS NOT NULL), 0) AS mp, coalesce(sum(v.fact) FILTER (WHERE v.plan IS NOT NULL), 0) AS mf,
                       count(*) FILTER (WHERE v.plan IS NOT NULL AND v.fact IS NOT NULL) AS mn,
                       coalesce(sum(v.fact / v.plan) FILTER (WHERE v.plan > 0 AND v.fact IS NOT NULL), 0) AS rs,
                       count(*) FILTER (WHERE v.plan > 0 AND v.fact > v.plan) AS over_n
                FROM monthly_kpi_values v JOIN employees e ON e.id = v.employee_id
                GROUP BY 1, 2, 3
            ) f
            FULL JOIN (SELECT * FROM kpi_month_summary WHERE plan_n <> 0 OR fact_n <> 0) s
              ON s.department_id = f.department_id AND s.month = f.month AND s.kpi_key = f.kpi_key
            WHERE f.department_id IS NULL OR s.department_id IS NULL
               OR f.plan_sum <> s.plan_sum OR f.plan_n <> s.plan_n OR f.fact_sum <> s.fact_sum OR f.fact_n <> s.fact_n
               OR f.mp <> s.measured_plan_sum OR f.mf <> s.measured_fact_sum OR f.mn <> s.measured_n OR f.rs <> s.ratio_sum OR f.over_n <> s.over_n
            """, connection);
        Assert.Equal(0L, (long)(await command.ExecuteScalarAsync())!);

        // B moved to S with their figures: S's Q2 sales are now C's 600 + B's 135 (facts 50 + 40 + 45).
        var view = await Dashboard.LoadLevelAsync(Q2, DashboardLevel.Department, d, null);
        Assert.Equal(735m, view.Rows.Single(r => r.Id == "d" + s).Values["sales_volume"].Fact);
    }

    [Fact]
    public async Task A_goal_linked_to_a_department_kpi_takes_the_teams_facts_where_none_is_typed()
    {
        await using (var db = app.CreateDbContext())
        {
            db.Goals.Add(new Goal("Своды: продажи", [new GoalNodeSpec("svody_sales", "Продажи сводов", KpiUnit.Money, PlanValue: 400m, DepartmentId: d, KpiKey: "sales_volume")],
                app.Clock.GetUtcNow(), "test"));
            await db.SaveChangesAsync();
        }

        // June 2025: D's people report 130 (A) + 200 (C, in S below D) = 330 against the goal's 400 → 82.5 %; June 2024: 230.
        var view = await Dashboard.LoadLevelAsync(PeriodRange.Month(2025, 6), DashboardLevel.Company, null, null);
        var goal = view.Goals.Single(g => g.Goal == "Своды: продажи");
        Assert.Equal(400m, goal.Plan);
        Assert.Equal(330m, goal.Fact);
        Assert.Equal(82.5m, goal.Standing.Completion!.Value.Value);
        Assert.Equal(230m, goal.LastYearFact);
    }

    [Fact]
    public async Task A_goal_linked_to_one_employee_takes_that_persons_fact_where_none_is_typed()
    {
        await using (var db = app.CreateDbContext())
        {
            db.Goals.Add(new Goal("Продажи A", [new GoalNodeSpec("a_sales", "Продажи A", KpiUnit.Money, PlanValue: 200m, KpiKey: "sales_volume", EmployeeId: a)],
                app.Clock.GetUtcNow(), "test"));
            await db.SaveChangesAsync();
        }

        // June 2025: A alone reports 130 against the node's 200 → 65 % (the team's 330 is not the person's).
        var view = await Dashboard.LoadLevelAsync(PeriodRange.Month(2025, 6), DashboardLevel.Company, null, null);
        var goal = view.Goals.Single(g => g.Goal == "Продажи A");
        Assert.Equal(130m, goal.Fact);
        Assert.Equal(65m, goal.Standing.Completion!.Value.Value);
    }

    [Fact]
    public async Task Managers_see_their_subtree_employees_only_themselves_and_owner_and_hr_everything()
    {
        var managerC = await UserAsync(Roles.Manager, c);
        Assert.Equal((DashboardLevel.Department, s, (int?)null), await Dashboard.ResolveAsync(managerC, null, null));
        Assert.Null(await Dashboard.ResolveAsync(managerC, d, null));
        Assert.Null(await Dashboard.ResolveAsync(managerC, null, a));
        Assert.NotNull(await Dashboard.ResolveAsync(managerC, null, c));
        Assert.Null(await Dashboard.LoadAsync(managerC, Q2, d, null));

        var managerA = await UserAsync(Roles.Manager, a);
        Assert.Equal((DashboardLevel.Department, d, (int?)null), await Dashboard.ResolveAsync(managerA, null, null));
        Assert.NotNull(await Dashboard.ResolveAsync(managerA, s, null));
        Assert.NotNull(await Dashboard.ResolveAsync(managerA, null, c));
        await using (var db = app.CreateDbContext())
        {
            var other = await db.Departments.FirstAsync(x => x.Id != d && x.Id != s && x.ParentId != null);
            Assert.Null(await Dashboard.ResolveAsync(managerA, other.Id, null));
        }

        var employeeB = await UserAsync(Roles.Employee, b);
        Assert.Equal((DashboardLevel.Employee, (int?)null, (int?)b), await Dashboard.ResolveAsync(employeeB, null, null));
        Assert.Null(await Dashboard.ResolveAsync(employeeB, d, null));
        Assert.Null(await Dashboard.ResolveAsync(employeeB, null, a));

        Assert.Equal((DashboardLevel.Company, (int?)null, (int?)null), await Dashboard.ResolveAsync(await UserAsync(Roles.HR, null), null, null));
        Assert.Equal((DashboardLevel.Company, (int?)null, (int?)null), await Dashboard.ResolveAsync(await UserAsync(Roles.Owner, null), null, null));
    }

    [Fact]
    public async Task An_employee_page_shows_their_own_kpis_and_bands()
    {
        var view = await Dashboard.LoadAsync(await UserAsync(Roles.Employee, b), Q2, null, null);

        Assert.NotNull(view);
        Assert.Equal(DashboardLevel.Employee, view.Level);
        var sales = Kpi(view, "sales_volume");
        Assert.Equal(150m, sales.Current.Plan);
        Assert.Equal(90m, sales.Current.Fact);
        Assert.Equal(90m, sales.Current.Completion!.Value.Value);
        Assert.Equal(0.5m, sales.Standing.Coefficient);
        Assert.DoesNotContain(view.Path, p => p.DepartmentId is not null);
    }

    [Fact]
    public async Task A_goal_card_in_a_month_without_facts_shows_an_estimate_from_the_plans_not_a_fact()
    {
        // Next month nothing is measured: the coffee shop's profit = revenue − expenses comes from plans alone.
        var view = await Dashboard.LoadLevelAsync(PeriodRange.OfMonth(TestClock.NextMonth), DashboardLevel.Company, null, null);

        var coffee = view.Goals.Single(g => g.Goal == DemoData.CoffeeGoalName);
        Assert.Null(coffee.Fact);
        Assert.Equal(200_000m, coffee.Plan);
        Assert.Equal(200_000m, coffee.Estimate); // «Факт = План» was this; now it is an estimate, marked as such
        Assert.Null(coffee.Standing.Completion);
        Assert.Null(coffee.ChangePercent);
        // The sales goal's nodes are typed, not derived: no fact and no estimate either.
        var sales = view.Goals.Single(g => g.Goal == DemoData.SalesGoalName);
        Assert.Null(sales.Fact);
        Assert.Null(sales.Estimate);
        Assert.Null(sales.Standing.Completion);
        Assert.Empty(view.Forecasts); // a month not begun has no forecast
    }

    [Fact]
    public async Task A_goal_card_with_a_measured_input_shows_the_fact_and_names_the_plans_it_assumed()
    {
        // June 2026: 500 visitors at a 500 ₽ check are typed; expenses are not → profit 250 000 − 100 000 = 150 000, 75 %.
        var view = await Dashboard.LoadLevelAsync(PeriodRange.OfMonth(DemoData.CoffeeFactsMonth), DashboardLevel.Company, null, null);

        var coffee = view.Goals.Single(g => g.Goal == DemoData.CoffeeGoalName);
        Assert.Equal(150_000m, coffee.Fact);
        Assert.Null(coffee.Estimate);
        Assert.Equal(75m, coffee.Standing.Completion!.Value.Value);
        Assert.Equal(["expenses"], coffee.AssumesPlanOf);
    }

    [Fact]
    public async Task Past_periods_show_no_forecast_and_a_period_in_progress_does()
    {
        var today = TestClock.Today;
        var dashboard = At(today);

        Assert.Empty((await dashboard.LoadLevelAsync(PeriodRange.Containing(today, PeriodKind.Quarter).SameLastYear, DashboardLevel.Company, null, null)).Forecasts);
        Assert.Empty((await dashboard.LoadLevelAsync(PeriodRange.OfMonth(TestClock.LastMonth), DashboardLevel.Company, null, null)).Forecasts);
        var quarter = await dashboard.LoadLevelAsync(PeriodRange.Containing(today, PeriodKind.Quarter), DashboardLevel.Company, null, null);
        var month = await dashboard.LoadLevelAsync(PeriodRange.OfMonth(today), DashboardLevel.Company, null, null);
        if (DemoData.ShareOfMonthElapsed(today) > 0 || (today.Month - 1) % 3 != 0)
        {
            Assert.NotEmpty(quarter.Forecasts); // (on 1 January nothing of the quarter is measured yet: nothing to forecast)
        }

        Assert.Equal(month.Forecasts.Select(f => (f.Kpi.Key, f.Month?.Forecast, f.Quarter?.Forecast)), quarter.Forecasts.Select(f => (f.Kpi.Key, f.Month?.Forecast, f.Quarter?.Forecast)));
    }

    [Fact]
    public async Task Year_over_year_of_the_month_in_progress_compares_the_same_share_of_last_years_month()
    {
        var today = TestClock.Today;
        var view = await At(today).LoadLevelAsync(PeriodRange.OfMonth(today), DashboardLevel.Company, null, null);
        var (elapsed, days) = view.MonthWorkingDays;
        var share = (decimal)elapsed / days;

        foreach (var key in new[] { "sales_volume", "leads", "contracts" })
        {
            var kpi = Kpi(view, key);
            var lastYearWhole = view.Trend[key].Single(p => p.Month == TestClock.ThisMonth).LastYearFact!.Value;
            if (share == 0m)
            {
                Assert.Null(kpi.ChangePercent); // nothing of this month to compare yet
                continue;
            }

            // Never a part of this month against last year's whole month: the leads «−45,8 %».
            Assert.Equal(lastYearWhole * share, kpi.LastYearFact);
            Assert.InRange(kpi.ChangePercent!.Value, -35m, 35m);
        }
    }

    public static TheoryData<string> DemoDays => new() { "today", "first", "last" };

    [Theory]
    [MemberData(nameof(DemoDays))]
    public async Task The_demos_forecasts_stay_within_their_ceiling_counts_are_whole_and_no_month_exceeds_its_quarter(string which)
    {
        // The demo as of today, day 1 and the last day of this month, read by a dashboard whose clock is on that day.
        var day = which switch { "first" => TestClock.ThisMonth, "last" => TestClock.NextMonth.AddDays(-1), _ => TestClock.Today };
        await app.ResetAsync(day);
        var dashboard = At(day);
        int sales, ivanov;
        await using (var db = app.CreateDbContext())
        {
            sales = (await db.Departments.SingleAsync(x => x.Name == DemoData.SalesDepartmentName)).Id;
            ivanov = (await db.Employees.SingleAsync(e => e.PersonnelNumber == "0101")).Id;
        }

        var checkedForecasts = 0;
        foreach (var period in new[] { PeriodRange.OfMonth(day), PeriodRange.Containing(day, PeriodKind.Quarter) })
        {
            foreach (var (level, department, employee) in new (DashboardLevel, int?, int?)[]
                     { (DashboardLevel.Company, null, null), (DashboardLevel.Department, sales, null), (DashboardLevel.Employee, null, ivanov) })
            {
                var view = await dashboard.LoadLevelAsync(period, level, department, employee);
                foreach (var f in view.Forecasts)
                {
                    var what = $"{day:yyyy-MM-dd} {period} {level} {f.Kpi.Key}";
                    if (f.Month is { } month)
                    {
                        checkedForecasts++;
                        Assert.False(month.NeedsChecking, $"{what}: month {month.Forecast} above its ceiling {month.Ceiling}");
                        Assert.True(month.Forecast <= month.Ceiling, $"{what}: month {month.Forecast} > ceiling {month.Ceiling}");
                        Assert.True(f.MonthPlan is null || month.Forecast <= f.MonthPlan * 3m, $"{what}: {month.Forecast} > 3 × {f.MonthPlan}");
                        if (f.Kpi.Rule == AggregationRule.Sum)
                        {
                            Assert.True(month.Forecast <= f.Quarter!.Forecast, $"{what}: month {month.Forecast} > quarter {f.Quarter.Forecast}");
                        }
                    }

                    if (f.Kpi.Unit == KpiUnit.Count && f.Kpi.Rule != AggregationRule.Average)
                    {
                        Assert.True(f.Month is null || f.Month.Forecast == decimal.Truncate(f.Month.Forecast), $"{what}: {f.Month?.Forecast} is not a whole count");
                        Assert.True(f.Quarter is null || f.Quarter.Forecast == decimal.Truncate(f.Quarter.Forecast), $"{what}: quarter {f.Quarter?.Forecast} is not a whole count");
                    }

                    Assert.False(f.Quarter is { NeedsChecking: true }, $"{what}: quarter {f.Quarter?.Forecast} needs checking");
                }
            }
        }

        // Day 1 may be a holiday (1 January) or a weekend: no working day has passed and no month has a forecast yet.
        var calendar = new KpiPlanner.Domain.Payroll.WorkCalendar(KpiPlanner.Domain.Payroll.RussianProductionCalendar.For(day.Year));
        if (calendar.WorkingDays(TestClock.ThisMonth, day) > 0)
        {
            Assert.True(checkedForecasts > 0, "no month forecast was checked");
        }
    }

    /// <summary>The dashboard as of <paramref name="day"/> (10:00 UTC).</summary>
    private DashboardService At(DateOnly day) =>
        new(scope.ServiceProvider.GetRequiredService<IDbContextFactory<KpiDbContext>>(),
            new FixedTime(new DateTimeOffset(day.ToDateTime(new TimeOnly(10, 0)), TimeSpan.Zero)),
            scope.ServiceProvider.GetRequiredService<IFormulaParser>(),
            scope.ServiceProvider.GetRequiredService<IStringLocalizer<DashboardResource>>());

    private static KpiSummary Kpi(DashboardView view, string key) => view.Kpis.Single(k => k.Kpi.Key == key);

    private async Task<UserContext> UserAsync(string role, int? employeeId)
    {
        // The scope as the app loads it for such an account: a manager's team comes from the departments they head.
        await using var db = app.CreateDbContext();
        return await AccessScopes.WithTeamAsync(db, new UserContext("u", "u@test", [role], employeeId));
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;

        public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
    }
}
