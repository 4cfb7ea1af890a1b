using System.Diagnostics;
using System.Globalization;
using KpiPlanner.Domain.Dashboards;
using KpiPlanner.Domain.Goals;
using KpiPlanner.Domain.Organisation;
using KpiPlanner.Domain.Planning;
using KpiPlanner.Domain.Scales;
using KpiPlanner.Domain.Schemes;
using KpiPlanner.Infrastructure;
using KpiPlanner.Infrastructure.Dashboards;
using KpiPlanner.Infrastructure.Formulas;
using KpiPlanner.Infrastructure.Payroll;
using KpiPlanner.Infrastructure.Postgres;
using KpiPlanner.Web;
using KpiPlanner.Web.Localization;
using KpiPlanner.Web.Features.Dashboard;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace KpiPlanner.Benchmarks;

/// <summary>
/// Issue 6's benchmark: 10 000 employees × 5 KPIs × 24 months (1.2 million facts, ending at the current month) in a
/// company of 10 divisions × 10 departments, on a throwaway PostgreSQL with the app's migrations — the triggers fill
/// <c>kpi_month_summary</c> from one binary COPY, and the benchmark checks it against a GROUP BY over the facts. Pay
/// lines of the last 12 completed months come from <see cref="PayrollService.CalculateAsync"/>. In the same run it
/// times the company page and a department page (<see cref="DashboardService.LoadLevelAsync"/>, the server time of a
/// page) against the raw SQL of the aggregates they show — the same sums straight from <c>monthly_kpi_values</c>,
/// <c>employees</c> and <c>pay_lines</c>, one round trip, read in full — and, for reference, against the page's own SQL
/// (<see cref="DashboardQueries.LevelAsync"/>, the query class the service reads through). Medians of several runs after
/// warm-ups. The page's round trips are counted from Npgsql's own tracing (one activity per command or batch).
/// Goal: each page at most 2× the raw SQL and under 300 ms.
/// </summary>
internal static class DashboardBenchmark
{
    private const int Divisions = CompanySeed.Divisions;
    private const int DepartmentsPerDivision = CompanySeed.DepartmentsPerDivision;
    private const int Employees = CompanySeed.Employees;
    private const int Months = DashboardService.TrendMonths;
    private const int PayMonths = DashboardService.HistoryMonths;
    private const int Warmups = 2;
    private const int Runs = 15;
    private const double GoalRatio = 2.0;
    private const double GoalMs = 300;

    /// <summary>Issue 18's goals: a dashboard page's server time, and the pay-fund forecast shown with the page.</summary>
    private const double PageGoalMs = 50;

    private const double ForecastGoalMs = 200;

    public static async Task<int> RunAsync(bool explain = false)
    {
        var inv = CultureInfo.InvariantCulture;
        // The app's default request culture (names are sorted with it); the output below stays invariant.
        CultureInfo.CurrentCulture = AppCultures.RussianCulture;
        CultureInfo.CurrentUICulture = AppCultures.RussianCulture;
        var total = Stopwatch.StartNew();
        var today = DateOnly.FromDateTime(TimeProvider.System.GetLocalNow().Date);
        var current = Period.FirstDay(today);
        var first = current.AddMonths(1 - Months);
        Console.WriteLine(string.Create(inv,
            $"Dashboard: {Employees:N0} employees × {CompanySeed.Kpis.Length} KPIs × {Months} months ({Employees * CompanySeed.Kpis.Length * Months:N0} facts, {first:yyyy-MM} … {current:yyyy-MM}), median of {Runs} runs after {Warmups} warm-ups; {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC (the app: server)"));
        var root = Path.Combine(Path.GetTempPath(), "kpi-bench-dashboard-" + Guid.NewGuid().ToString("N")[..8]);
        using var postgres = EmbeddedPostgres.Start(new EmbeddedPostgresOptions { RootDirectory = root, Throwaway = true });
        try
        {
            var options = new DbContextOptionsBuilder<KpiDbContext>();
            PersistenceSetup.Configure(options, postgres.ConnectionString);
            await using (var db = new KpiDbContext(options.Options))
            {
                await db.Database.MigrateAsync();
            }

            // Today's month is in progress: the page reads its facts against the plan due by today (working days of the
            // company's calendar), so the figures computed here from the raw SQL must be read the same way.
            MonthInProgress inProgress;
            await using (var db = new KpiDbContext(options.Options))
            {
                var calendar = await PayrollService.CalendarAsync(db, today.Year);
                var month = PeriodRange.OfMonth(today);
                inProgress = MonthInProgress.Of(month, calendar.WorkingDays(month.Start, today), calendar.WorkingDays(month.Start, month.End));
            }

            var factory = new ContextFactory(options.Options);
            var seed = await CompanySeed.SeedAsync(options.Options, postgres.ConnectionString, first, Months);
            Console.WriteLine(string.Create(inv,
                $"    seed: {Divisions * DepartmentsPerDivision + Divisions + 1} departments ({Divisions} divisions × {DepartmentsPerDivision} departments, each with its head), {Employees:N0} employees, {CompanySeed.Positions.Length} positions; facts by one binary COPY {seed.CopySeconds:F1} s (triggers included)"));
            await CheckSummaryAsync(postgres.ConnectionString);

            // Pay lines of the last 12 completed months, by the app's own pay run (each month becomes "calculated");
            // the current month stays open, as it is while its facts arrive.
            var payroll = new PayrollService(factory, TimeProvider.System);
            var payStart = Stopwatch.StartNew();
            for (var i = PayMonths; i >= 1; i--)
            {
                var result = await payroll.CalculateAsync(current.AddMonths(-i), "bench");
                if (!result.IsValid || result.Lines != Employees)
                {
                    throw new InvalidOperationException("The pay run did not go through: " + string.Join("; ", result.Errors.Select(e => e.Message)));
                }
            }

            Console.WriteLine(string.Create(inv,
                $"    pay lines: PayrollService.CalculateAsync for {current.AddMonths(-PayMonths):yyyy-MM} … {current.AddMonths(-1):yyyy-MM} ({PayMonths} × {Employees:N0} lines, periods calculated; {current:yyyy-MM} open): {payStart.Elapsed.TotalSeconds:F1} s"));
            Console.WriteLine("    " + await CompanySeed.SettleAsync(postgres.ConnectionString));
            Console.WriteLine(string.Create(inv, $"    setup in all: {total.Elapsed.TotalSeconds:F1} s"));

            var localizer = new StringLocalizer<DashboardResource>(new ResourceManagerStringLocalizerFactory(
                Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }), NullLoggerFactory.Instance));
            var service = new DashboardService(factory, TimeProvider.System, new FormulaParser(), localizer);

            var pages = new List<Page>
            {
                new("company page, month", PeriodRange.OfMonth(today), DashboardLevel.Company, null, Goal: true),
                new("department page, month", PeriodRange.OfMonth(today), DashboardLevel.Department, seed.Department, Goal: true),
                new("company page, quarter", PeriodRange.Containing(today, PeriodKind.Quarter), DashboardLevel.Company, null, Goal: false),
            };
            var plans = new List<SqlPlan>();
            foreach (var page in pages)
            {
                plans.Add(await PlanAsync(options.Options, page, today));
            }

            if (explain)
            {
                await ExplainAsync(postgres.ConnectionString, pages, plans);
            }

            var times = pages.Select(_ => (Page: new List<double>(), Raw: new List<double>(), Own: new List<double>())).ToList();
            var trips = new long[pages.Count];
            long roundTrips = 0;
            using var listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == "Npgsql",
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.PropagationData,
                ActivityStarted = _ => Interlocked.Increment(ref roundTrips),
            };
            ActivitySource.AddActivityListener(listener);
            var views = new DashboardView?[pages.Count];
            var raw = new List<List<object[]>>?[pages.Count];
            var own = new List<List<object[]>>?[pages.Count];
            for (var run = -Warmups; run < Runs; run++)
            {
                for (var p = 0; p < pages.Count; p++)
                {
                    var page = pages[p];
                    var start = Stopwatch.GetTimestamp();
                    var before = Interlocked.Read(ref roundTrips);
                    views[p] = await service.LoadLevelAsync(page.Period, page.Level, page.DepartmentId, null);
                    var pageMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                    trips[p] = Interlocked.Read(ref roundTrips) - before;
                    start = Stopwatch.GetTimestamp();
                    raw[p] = await QueryAsync(postgres.ConnectionString, plans[p], rawSql: true);
                    var rawMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                    start = Stopwatch.GetTimestamp();
                    own[p] = await OwnAsync(options.Options, plans[p]);
                    var ownMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                    if (run >= 0)
                    {
                        times[p].Page.Add(pageMs);
                        times[p].Raw.Add(rawMs);
                        times[p].Own.Add(ownMs);
                    }
                }
            }

            var pass = true;
            for (var p = 0; p < pages.Count; p++)
            {
                var page = pages[p];
                var view = views[p]!;
                var pageMs = Median(times[p].Page);
                var rawMs = Median(times[p].Raw);
                var ownMs = Median(times[p].Own);
                var sameSql = SameResults(raw[p]!, own[p]!);
                var problems = CheckView(view, plans[p], raw[p]!, seed.PlannedVariable, inProgress);
                var ok = pageMs <= GoalRatio * rawMs && pageMs < GoalMs && pageMs <= PageGoalMs;
                Console.WriteLine(string.Create(inv,
                    $"{page.Name}, {page.Period} — {view.Title}: {view.Rows.Count} rows × {view.KpiList.Count} KPIs, {plans[p].Depts.Length} departments, {plans[p].People.Length} own people, {trips[p]} queries"));
                Console.WriteLine(string.Create(inv,
                    $"    {"raw SQL of its aggregates (base tables, 1 round trip)",-56} {rawMs,8:F1} ms   (min {times[p].Raw.Min():F1}, max {times[p].Raw.Max():F1}; {raw[p]!.Sum(s => s.Count):N0} rows)"));
                var verdict = page.Goal
                    ? string.Create(inv, $"goal ≤ {GoalRatio}× raw SQL and ≤ {PageGoalMs} ms: {(ok ? "PASS" : "FAIL")}")
                    : "(informational)";
                Console.WriteLine(string.Create(inv,
                    $"    {"page server time (DashboardService.LoadLevelAsync)",-56} {pageMs,8:F1} ms   (min {times[p].Page.Min():F1}, max {times[p].Page.Max():F1})   {pageMs / rawMs,5:F2}× raw SQL   {verdict}"));
                Console.WriteLine(string.Create(inv,
                    $"    {"its query class (DashboardQueries.LevelAsync, 1 round trip)",-56} {ownMs,8:F1} ms   (min {times[p].Own.Min():F1}, max {times[p].Own.Max():F1})   page / own SQL {pageMs / ownMs:F1}×   (informational)"));
                Console.WriteLine(string.Create(inv,
                    $"    same rows from the summary as from the raw SQL: {(sameSql ? "yes" : "NO")}; page's figures (totals, rows, pay fund) equal the raw SQL's: {(problems.Count == 0 ? "yes" : "NO — " + string.Join("; ", problems.Take(5)))}"));
                if (page.Goal)
                {
                    pass &= ok;
                }

                pass &= sameSql && problems.Count == 0;
            }

            // The pay-fund forecast of next month, company-wide: 12 months × 10 000 people × 5 KPIs streamed.
            var forecastTimes = new List<double>();
            PayFundForecastView? forecast = null;
            for (var run = -1; run < 5; run++)
            {
                var start = Stopwatch.GetTimestamp();
                forecast = await service.ForecastPayFundAsync(DashboardLevel.Company, null, null);
                if (run >= 0)
                {
                    forecastTimes.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }
            }

            Console.WriteLine(string.Create(inv,
                $"pay-fund forecast of {forecast!.Month:yyyy-MM}, company ({forecast.Window[0]:yyyy-MM} … {forecast.Window[^1]:yyyy-MM}: {Employees * PayMonths:N0} pay lines that hold scenarios read, instead of {Employees * CompanySeed.Kpis.Length * PayMonths:N0} plans and facts streamed)"));
            var forecastOk = Median(forecastTimes) <= ForecastGoalMs;
            pass &= forecastOk;
            Console.WriteLine(string.Create(inv,
                $"    {"ForecastPayFundAsync(Company)",-56} {Median(forecastTimes),8:F1} ms   (min {forecastTimes.Min():F1}, max {forecastTimes.Max():F1}, n = {forecastTimes.Count})   goal ≤ {ForecastGoalMs} ms: {(forecastOk ? "PASS" : "FAIL")}"));
            var earned = await MonthlyVariableAsync(postgres.ConnectionString);
            var scenarios = forecast.Result.Scenarios.Select(sc => (sc.Month, sc.Fund, Earned: earned.GetValueOrDefault(sc.Month))).ToList();
            var sameFunds = scenarios.Count == PayMonths && scenarios.All(sc => sc.Fund == sc.Earned);
            Console.WriteLine(string.Create(inv,
                $"    likely {forecast.Result.Likely:N2} ₽ (low {forecast.Result.Low:N2}, high {forecast.Result.High:N2}, at plan {forecast.Result.Planned:N2}) for {forecast.Result.People:N0} people; each scenario's fund = that month's variable pay in pay_lines: {(sameFunds ? "yes" : "NO — " + string.Join("; ", scenarios.Where(sc => sc.Fund != sc.Earned).Take(3).Select(sc => $"{sc.Month:yyyy-MM} {sc.Fund} vs {sc.Earned}")))}"));
            Console.WriteLine(string.Create(inv, $"    whole dashboard benchmark: {total.Elapsed.TotalSeconds:F1} s"));
            Console.WriteLine(pass ? "    PASS" : "    FAIL");
            return pass ? 0 : 1;
        }
        finally
        {
            postgres.Stop();
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
                // A leftover throwaway folder in /tmp is harmless.
            }
            catch (UnauthorizedAccessException)
            {
                // Idem (a server running as postgres owns its files).
            }
        }
    }

    private sealed record Page(string Name, PeriodRange Period, DashboardLevel Level, int? DepartmentId, bool Goal);

    /// <summary>The parameters the service computes for a page (its set-up copied), with each drill-down row's department.</summary>
    private sealed record SqlPlan(PeriodRange Period, int[] Depts, int[] Rows, DateOnly From, DateOnly To, PeriodRange Quarter,
        DateOnly PayFrom, DateOnly[] HeadcountMonths, int[] People, IReadOnlySet<DateOnly> Calculated);

    /// <summary>Fails loudly unless kpi_month_summary equals a GROUP BY over monthly_kpi_values, row for row.</summary>
    private static async Task CheckSummaryAsync(string connectionString)
    {
        const string Sql = """
            WITH raw AS (
                SELECT e.department_id, v.month, v.kpi_key,
                       coalesce(sum(v.plan), 0) AS plan_sum, count(v.plan)::int AS plan_n,
                       coalesce(sum(v.fact), 0) AS fact_sum, count(v.fact)::int AS fact_n,
                       coalesce(sum(v.plan) FILTER (WHERE v.fact IS NOT NULL), 0) AS measured_plan_sum,
                       coalesce(sum(v.fact) FILTER (WHERE v.plan IS NOT NULL), 0) AS measured_fact_sum,
                       count(*) FILTER (WHERE v.plan IS NOT NULL AND v.fact IS NOT NULL)::int AS measured_n,
                       coalesce(sum(v.fact / v.plan) FILTER (WHERE v.plan > 0 AND v.fact IS NOT NULL), 0) AS ratio_sum,
                       coalesce(sum(abs(v.fact - v.plan) / v.plan) FILTER (WHERE v.plan > 0 AND v.fact IS NOT NULL), 0) AS abs_dev_sum,
                       count(*) FILTER (WHERE v.plan > 0 AND v.fact IS NOT NULL)::int AS ratio_n,
                       count(*) FILTER (WHERE v.plan > 0 AND v.fact > v.plan)::int AS over_n,
                       count(*) FILTER (WHERE v.plan > 0 AND v.fact < v.plan)::int AS under_n
                FROM monthly_kpi_values v
                JOIN employees e ON e.id = v.employee_id
                GROUP BY e.department_id, v.month, v.kpi_key),
            summary AS (
                SELECT department_id, month, kpi_key, plan_sum, plan_n, fact_sum, fact_n, measured_plan_sum, measured_fact_sum,
                       measured_n, ratio_sum, abs_dev_sum, ratio_n, over_n, under_n
                FROM kpi_month_summary)
            SELECT (SELECT count(*) FROM raw), (SELECT count(*) FROM summary),
                   (SELECT count(*) FROM (SELECT * FROM raw EXCEPT SELECT * FROM summary) a),
                   (SELECT count(*) FROM (SELECT * FROM summary EXCEPT SELECT * FROM raw) b),
                   (SELECT sum(plan_n) FROM summary)
            """;
        var start = Stopwatch.StartNew();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(Sql, connection) { CommandTimeout = 600 };
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        var (rawRows, summaryRows, missing, extra, plans) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));
        var expected = DepartmentsWithPeople * Months * CompanySeed.Kpis.Length;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"    kpi_month_summary = GROUP BY over monthly_kpi_values: {(missing == 0 && extra == 0 && rawRows == expected && summaryRows == expected && plans == Employees * CompanySeed.Kpis.Length * Months ? "yes" : "NO")} ({summaryRows:N0} summary rows, {rawRows:N0} groups, {missing} missing or different, {extra} extra; {plans:N0} plans counted; checked in {start.Elapsed.TotalSeconds:F1} s)"));
        if (missing != 0 || extra != 0 || rawRows != expected || summaryRows != expected || plans != Employees * CompanySeed.Kpis.Length * Months)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"kpi_month_summary does not match the facts: {summaryRows} summary rows, {rawRows} groups ({expected} expected), {missing} groups missing or different, {extra} extra, {plans} plans counted."));
        }
    }

    private const int DepartmentsWithPeople = Divisions * DepartmentsPerDivision;

    /// <summary>The page's parameters as <see cref="DashboardService.LoadLevelAsync"/> computes them.</summary>
    private static async Task<SqlPlan> PlanAsync(DbContextOptions<KpiDbContext> options, Page page, DateOnly today)
    {
        await using var db = new KpiDbContext(options);
        var departments = await db.Departments.AsNoTracking().Select(d => new { d.Id, d.ParentId }).ToListAsync();
        var tree = new DepartmentTree(departments.Select(d => (d.Id, d.ParentId)));
        var roots = departments.Where(d => d.ParentId is null).Select(d => d.Id).ToList();
        var node = page.Level == DashboardLevel.Department ? page.DepartmentId!.Value : roots.Single();

        // Row ids: each child's department id for its subtree, the node's own id for its own staff.
        var rowOf = new Dictionary<int, int>();
        foreach (var child in departments.Where(d => d.ParentId == node))
        {
            foreach (var id in tree.Subtree(child.Id))
            {
                rowOf[id] = child.Id;
            }
        }

        rowOf[node] = node;
        var windowEnd = page.Period.Start.AddMonths(page.Period.MonthCount - 1);
        var windowStart = windowEnd.AddMonths(1 - Months);
        var payFrom = windowEnd.AddMonths(1 - PayMonths);
        var calculated = (await db.Periods.AsNoTracking().Where(p => p.Status != PeriodStatus.Open).Select(p => p.Month).ToListAsync()).ToHashSet();
        var uncalculated = Enumerable.Range(0, PayMonths).Select(i => payFrom.AddMonths(i)).Append(Period.FirstDay(today)).Distinct()
            .Where(m => !calculated.Contains(m)).ToArray();
        var people = page.Level == DashboardLevel.Department
            ? await db.Employees.AsNoTracking()
                .Where(e => e.DepartmentId == node && e.HireDate <= page.Period.End && (e.LeaveDate == null || e.LeaveDate >= windowStart))
                .Select(e => e.Id).ToArrayAsync()
            : [];
        return new SqlPlan(page.Period, rowOf.Keys.ToArray(), rowOf.Values.ToArray(), windowStart, windowEnd,
            PeriodRange.Containing(today, PeriodKind.Quarter), payFrom, [.. uncalculated, page.Period.End], people,
            calculated);
    }

    /// <summary>
    /// One round trip, every result read in full: the page's own statements over kpi_month_summary and pay_month_summary
    /// (<paramref name="rawSql"/> false), or the same aggregates from the base tables (true). The headcount and people
    /// statements read base tables in both.
    /// </summary>
    private static async Task<List<List<object[]>>> QueryAsync(string connectionString, SqlPlan plan, bool rawSql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var batch = Batch(connection, plan, rawSql);
        var results = new List<List<object[]>>();
        await using var reader = await batch.ExecuteReaderAsync();
        do
        {
            var set = new List<object[]>();
            while (await reader.ReadAsync())
            {
                var row = new object[reader.FieldCount];
                reader.GetValues(row);
                set.Add(row);
            }

            results.Add(set);
        }
        while (await reader.NextResultAsync());

        return results;
    }

    private static NpgsqlBatch Batch(NpgsqlConnection connection, SqlPlan plan, bool rawSql)
    {
        var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(DashboardQueries.Command(rawSql ? RawSummarySql : DashboardQueries.SummarySql, ("depts", plan.Depts), ("rows", plan.Rows),
            ("from", plan.From), ("to", plan.To), ("qfrom", plan.Quarter.Start), ("qto", plan.Quarter.End)));
        batch.BatchCommands.Add(DashboardQueries.Command(rawSql ? RawAccuracySql : DashboardQueries.AccuracySql, ("depts", plan.Depts), ("from", plan.PayFrom), ("to", plan.To)));
        batch.BatchCommands.Add(DashboardQueries.Command(rawSql ? RawPaySql : DashboardQueries.PaySql, ("depts", plan.Depts), ("rows", plan.Rows), ("from", plan.PayFrom), ("to", plan.To)));
        batch.BatchCommands.Add(DashboardQueries.HeadcountCommand(plan.Depts, plan.Rows, plan.HeadcountMonths));
        batch.BatchCommands.Add(DashboardQueries.Command(DashboardQueries.PeopleValuesSql, ("people", plan.People), ("from", plan.From), ("to", plan.To)));
        batch.BatchCommands.Add(DashboardQueries.Command(DashboardQueries.PeoplePaySql, ("people", plan.People), ("from", plan.Period.Start), ("to", plan.Period.End)));
        return batch;
    }

    /// <summary>
    /// The page's aggregates read by its query class (<see cref="DashboardQueries.LevelAsync"/>), as rows of values in the
    /// raw batch's column order, so the two compare row by row.
    /// </summary>
    private static async Task<List<List<object[]>>> OwnAsync(DbContextOptions<KpiDbContext> options, SqlPlan plan)
    {
        await using var db = new KpiDbContext(options);
        var rows = await new DashboardQueries(db).LevelAsync(new LevelQuery(plan.Depts, plan.Rows, plan.From, plan.To, plan.Quarter,
            plan.PayFrom, plan.HeadcountMonths, plan.People, plan.Period));
        return
        [
            [.. rows.Summary.Select(r => new object[] { r.Row, r.Month.Month, r.Key, r.Month.PlanSum, (long)r.Month.PlanCount, r.Month.FactSum,
                (long)r.Month.FactCount, r.Month.MeasuredPlanSum, r.Month.MeasuredFactSum, (long)r.Month.MeasuredCount })],
            [.. rows.Accuracy.Select(r => new object[] { r.Department, r.Key, r.RatioSum, r.DeviationSum, (long)r.Count, (long)r.Over, (long)r.Under })],
            [.. rows.Pay.Select(r => new object[] { r.Row, r.Month, r.Variable, r.Planned, (long)r.People })],
            [.. rows.Headcount.Select(r => new object[] { r.Row, r.Position, r.Month, (long)r.People })],
            [.. rows.PeopleValues.Select(r => new object[] { r.Employee, r.Month, r.Key, (object?)r.Plan ?? DBNull.Value, (object?)r.Fact ?? DBNull.Value })],
            [.. rows.PeoplePay.Select(r => new object[] { r.Employee, r.Variable, r.Planned, (long)r.Months })],
        ];
    }

    /// <summary>EXPLAIN (ANALYZE, BUFFERS) of each of the page's statements, after a warm-up run of each.</summary>
    private static async Task ExplainAsync(string connectionString, List<Page> pages, List<SqlPlan> plans)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var tables = new NpgsqlCommand(
            "SELECT c.relname || ': ' || c.relpages || ' pages, ' || c.relallvisible || ' all-visible, ' || c.reltuples::bigint || ' rows, ' || pg_size_pretty(pg_total_relation_size(c.oid)) " +
            "FROM pg_class c WHERE c.relname IN ('pay_lines', 'ix_pay_lines_month_department', 'monthly_kpi_values', 'kpi_month_summary', 'pay_month_summary', 'employees') " +
            "UNION ALL SELECT indexdef FROM pg_indexes WHERE tablename = 'pay_lines'", connection))
        await using (var reader = await tables.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                Console.WriteLine("    " + reader.GetString(0));
            }
        }

        // The pay-fund forecast's read of the pay lines that stand for scenarios: every person by the latest scheme
        // version of their position, over the calculated months (as prorating and as not prorating).
        var people = new List<ForecastPerson>();
        await using (var command = new NpgsqlCommand(
            "SELECT e.id, (SELECT v.id FROM scheme_versions v WHERE v.position_id = e.position_id ORDER BY v.effective_from DESC LIMIT 1) FROM employees e", connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                people.Add(new ForecastPerson(reader.GetInt32(0), reader.GetInt32(1), false));
            }
        }

        var months = new List<DateOnly>();
        await using (var command = new NpgsqlCommand("SELECT DISTINCT month FROM pay_lines ORDER BY month", connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                months.Add(reader.GetFieldValue<DateOnly>(0));
            }
        }

        foreach (var prorates in new[] { false, true })
        {
            var statement = DashboardQueries.PaidScenariosCommand(people.Select(x => x with { Prorates = prorates }).ToList(), [.. months]);
            await using var command = new NpgsqlCommand("EXPLAIN (ANALYZE, BUFFERS) " + statement.CommandText, connection);
            foreach (NpgsqlParameter parameter in statement.Parameters)
            {
                command.Parameters.Add(parameter.Clone());
            }

            await command.ExecuteNonQueryAsync();
            Console.WriteLine($"---- pay-fund forecast, lines standing for scenarios (prorating: {prorates})");
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                Console.WriteLine("    " + reader.GetString(0));
            }
        }

        for (var p = 0; p < pages.Count; p++)
        {
            await using var batch = Batch(connection, plans[p], rawSql: false);
            foreach (var statement in batch.BatchCommands)
            {
                await using var command = new NpgsqlCommand("EXPLAIN (ANALYZE, BUFFERS) " + statement.CommandText, connection);
                foreach (NpgsqlParameter parameter in statement.Parameters)
                {
                    command.Parameters.Add(parameter.Clone());
                }

                await command.ExecuteNonQueryAsync();
                Console.WriteLine($"---- {pages[p].Name}: {statement.CommandText.Split('\n')[0].Trim()}");
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    Console.WriteLine("    " + reader.GetString(0));
                }
            }
        }
    }

    /// <summary>SummarySql's figures straight from the facts: per drill-down row, month and KPI.</summary>
    private const string RawSummarySql = """
        SELECT r.row_id, v.month, v.kpi_key,
               coalesce(sum(v.plan), 0), count(v.plan), coalesce(sum(v.fact), 0), count(v.fact),
               coalesce(sum(v.plan) FILTER (WHERE v.fact IS NOT NULL), 0), coalesce(sum(v.fact) FILTER (WHERE v.plan IS NOT NULL), 0),
               count(*) FILTER (WHERE v.plan IS NOT NULL AND v.fact IS NOT NULL)
        FROM monthly_kpi_values v
        JOIN employees e ON e.id = v.employee_id
        JOIN unnest(@depts, @rows) AS r(dept, row_id) ON r.dept = e.department_id
        WHERE (v.month BETWEEN @from AND @to) OR (v.month BETWEEN @qfrom AND @qto)
        GROUP BY r.row_id, v.month, v.kpi_key
        """;

    /// <summary>AccuracySql's figures straight from the facts: per department and KPI over the last 12 months.</summary>
    private const string RawAccuracySql = """
        SELECT e.department_id, v.kpi_key,
               coalesce(sum(v.fact / v.plan) FILTER (WHERE v.plan > 0 AND v.fact IS NOT NULL), 0),
               coalesce(sum(abs(v.fact - v.plan) / v.plan) FILTER (WHERE v.plan > 0 AND v.fact IS NOT NULL), 0),
               count(*) FILTER (WHERE v.plan > 0 AND v.fact IS NOT NULL),
               count(*) FILTER (WHERE v.plan > 0 AND v.fact > v.plan),
               count(*) FILTER (WHERE v.plan > 0 AND v.fact < v.plan)
        FROM monthly_kpi_values v
        JOIN employees e ON e.id = v.employee_id
        WHERE e.department_id = ANY(@depts) AND v.month BETWEEN @from AND @to
        GROUP BY e.department_id, v.kpi_key
        HAVING count(*) FILTER (WHERE v.plan > 0 AND v.fact IS NOT NULL) > 0
        """;

    /// <summary>PaySql's figures straight from the pay lines: per drill-down row and month.</summary>
    private const string RawPaySql = """
        SELECT r.row_id, p.month, sum(p.variable) AS variable, sum(p.planned_variable) AS planned, count(*) AS people
        FROM pay_lines p
        JOIN unnest(@depts, @rows) AS r(dept, row_id) ON r.dept = p.department_id
        WHERE p.month BETWEEN @from AND @to
        GROUP BY r.row_id, p.month
        """;

    /// <summary>The two batches return the same rows (in any order; 1.50 = 1.5).</summary>
    private static bool SameResults(List<List<object[]>> a, List<List<object[]>> b)
    {
        static List<string> Normalised(List<object[]> rows) => rows.Select(r => string.Join("|", r.Select(v => v switch
        {
            decimal d => (d / 1.0000000000000000000000000000m).ToString(CultureInfo.InvariantCulture),
            DateTime t => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => v.ToString(),
        }))).Order(StringComparer.Ordinal).ToList();

        return a.Count == b.Count && a.Zip(b).All(p => Normalised(p.First).SequenceEqual(Normalised(p.Second)));
    }

    /// <summary>
    /// The page's figures against the raw SQL's: each KPI's total for the period, each department row's values, and
    /// the pay fund by month (earned for calculated months; planned from the headcount for the others). Empty when equal.
    /// </summary>
    private static List<string> CheckView(DashboardView view, SqlPlan plan, List<List<object[]>> raw, IReadOnlyDictionary<int, decimal> plannedVariable,
        MonthInProgress inProgress)
    {
        var inv = CultureInfo.InvariantCulture;
        var problems = new List<string>();
        var summary = raw[0].Select(r => (Row: (int)r[0], Key: (string)r[2], Month: new GroupMonth(Day(r[1]),
            (decimal)r[3], (int)(long)r[4], (decimal)r[5], (int)(long)r[6], (decimal)r[7], (decimal)r[8], (int)(long)r[9]))).ToList();
        foreach (var kpi in view.Kpis)
        {
            var expected = GroupRollUp.Of(kpi.Kpi.Rule, kpi.Kpi.Direction,
                GroupRollUp.Merge(summary.Where(s => s.Key == kpi.Kpi.Key).Select(s => s.Month)), view.Period, inProgress);
            if (expected != kpi.Current)
            {
                problems.Add(string.Create(inv, $"total of {kpi.Kpi.Key}: page {kpi.Current}, raw SQL {expected}"));
            }
        }

        if (view.KpiList.Count != CompanySeed.Kpis.Length)
        {
            problems.Add(string.Create(inv, $"{view.KpiList.Count} KPIs on the page, {CompanySeed.Kpis.Length} seeded"));
        }

        foreach (var row in view.Rows)
        {
            if (row.DepartmentId is { } department)
            {
                foreach (var kpi in view.KpiList)
                {
                    var expected = GroupRollUp.Of(kpi.Rule, kpi.Direction,
                        GroupRollUp.Merge(summary.Where(s => s.Row == department && s.Key == kpi.Key).Select(s => s.Month)), view.Period, inProgress);
                    if (!row.Values.TryGetValue(kpi.Key, out var actual) || actual != expected)
                    {
                        problems.Add(string.Create(inv, $"row {row.Name}, {kpi.Key}: page {actual}, raw SQL {expected}"));
                    }
                }
            }
            else if (row.EmployeeId is { } employee)
            {
                foreach (var kpi in view.KpiList)
                {
                    var months = raw[4].Where(r => (int)r[0] == employee && (string)r[2] == kpi.Key)
                        .Select(r => GroupMonth.OfPerson(Day(r[1]), r[3] as decimal?, r[4] as decimal?));
                    var expected = GroupRollUp.Of(kpi.Rule, kpi.Direction, months, view.Period, inProgress);
                    if (!row.Values.TryGetValue(kpi.Key, out var actual) || actual != expected)
                    {
                        problems.Add(string.Create(inv, $"person {row.Name}, {kpi.Key}: page {actual}, raw SQL {expected}"));
                    }
                }
            }
        }

        var people = view.Rows.Count(r => r.EmployeeId is not null);
        if (people != plan.People.Length)
        {
            problems.Add(string.Create(inv, $"{people} people rows, {plan.People.Length} people in the department"));
        }

        foreach (var month in view.PayFund)
        {
            var lines = raw[2].Where(r => Day(r[1]) == month.Month).ToList();
            var calculated = plan.Calculated.Contains(month.Month);
            var heads = raw[3].Where(r => Day(r[2]) == month.Month).ToList();
            var (planned, earned) = calculated
                ? (lines.Sum(r => (decimal)r[3]), (decimal?)lines.Sum(r => (decimal)r[2]))
                : (heads.Sum(r => (long)r[3] * plannedVariable[(int)r[1]]), null);
            if (month.Calculated != calculated || month.Planned != planned || month.Earned != earned)
            {
                problems.Add(string.Create(inv, $"pay fund {month.Month:yyyy-MM}: page {month.Planned}/{month.Earned}, raw SQL {planned}/{earned}"));
            }
        }

        return problems;
    }

    /// <summary>A date column read with GetValues (DateOnly with Npgsql's default mapping; DateTime with the legacy one).</summary>
    private static DateOnly Day(object value) => value is DateOnly day ? day : DateOnly.FromDateTime((DateTime)value);

    private static double Median(List<double> times)
    {
        var sorted = times.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    /// <summary>Σ variable pay of each month's pay lines.</summary>
    private static async Task<Dictionary<DateOnly, decimal>> MonthlyVariableAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT month, sum(variable) FROM pay_lines GROUP BY month", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var result = new Dictionary<DateOnly, decimal>();
        while (await reader.ReadAsync())
        {
            result[reader.GetFieldValue<DateOnly>(0)] = reader.GetDecimal(1);
        }

        return result;
    }
}
