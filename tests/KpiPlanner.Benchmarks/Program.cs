using System.Diagnostics;
using System.Globalization;
using KpiPlanner.Domain;
using KpiPlanner.Domain.Check;
using KpiPlanner.Domain.Pay;
using KpiPlanner.Domain.Scales;
using KpiPlanner.Domain.Schemes;

// The performance harness (issue 3): the check of 5 KPIs × 5 bands (goal < 50 ms) and the pay of
// 10 000 employees × 5 KPIs in memory (goal < 20 ms). Each is warmed up, timed as the median of N runs, and compared
// with a baseline measured in the same run: a hand-inlined minimal decimal loop computing the same totals.
// Run: dotnet run -c Release --project tests/KpiPlanner.Benchmarks
// The facts import (issue 4) — 100 000 facts from .xlsx, .csv and the API batch against a raw binary COPY — runs with
// `-- --import` (it starts its own throwaway PostgreSQL); `-- --all` runs both sections. `-- --import-read` times the
// reading of the import's files alone, stage by stage (no database): where an .xlsx import's reading time goes.
// Closing a month of 10 000 employees × 5 KPIs against a COPY of its pay lines (issue 5) runs with `-- --close`.
// The dashboards (issue 6) — the company page and a department page over 10 000 employees × 5 KPIs × 24 months, against
// the raw SQL of the aggregates they show — run with `-- --dashboard` (`-- --dashboard --explain` also prints the query
// plans of the page's statements).
// The browser scenario (issue 18) runs with `-- --browser`: the real app as a child process on a throwaway PostgreSQL,
// the company grown to 10 000 employees, and in headless Chromium (Playwright, /usr/bin/chromium) /pay of the calculated
// month, the company dashboard, the plan grid of a 100-person department and of the company root (after the calendar,
// the floor), each timed from the navigation until its content is visible and a control answers, in a returning user's
// new tab, by the app's own navigation and in a never-used browser profile, with the largest SignalR frame, the bytes
// over the websocket, the DOM nodes and the timeline (goal: new tab and in-app interactive ≤ 1 000 ms, no frame > 200 KB;
// a visit stops after 60 s);
// KPI_BENCH_SCREENSHOTS=<folder> keeps a screenshot of each visit. It ends with the answer of POST /api/pay/check for
// 7 KPIs × 5 bands (goal ≤ 1 MB). `-- --issue18` runs the import, close, dashboard and browser sections one after another
// and lists their verdicts: every figure of issue 18 with its goal.

if (args.Contains("--issue18", StringComparer.Ordinal))
{
    // Every figure of issue 18 with its goal, one section after another (each on its own throwaway PostgreSQL), then
    // the verdicts in a list: the imports, the close, the dashboards and the forecast, the pages and the check's answer.
    var sections = new (string Name, Func<Task<int>> Run)[]
    {
        ("facts import, 100 000 rows (.xlsx / .csv / API ≤ 3× COPY)", KpiPlanner.Benchmarks.ImportBenchmark.RunAsync),
        ("month close, 10 000 × 5 (≤ 2× COPY, < 700 ms)", KpiPlanner.Benchmarks.CloseBenchmark.RunAsync),
        ("dashboards and the pay-fund forecast (≤ 50 ms, ≤ 200 ms)", () => KpiPlanner.Benchmarks.DashboardBenchmark.RunAsync(explain: false)),
        ("pages in Chromium and the check's answer (≤ 1 s, frames ≤ 200 KB, ≤ 1 MB)", KpiPlanner.Benchmarks.BrowserBenchmark.RunAsync),
    };
    var verdicts = new List<string>();
    foreach (var (name, run) in sections)
    {
        var code = await run();
        verdicts.Add($"    {(code == 0 ? "PASS" : "FAIL")}  {name}");
        Console.WriteLine();
    }

    Console.WriteLine("Issue 18, every section:");
    verdicts.ForEach(Console.WriteLine);
    return verdicts.All(v => v.StartsWith("    PASS", StringComparison.Ordinal)) ? 0 : 1;
}

if (args.Contains("--browser", StringComparer.Ordinal))
{
    return await KpiPlanner.Benchmarks.BrowserBenchmark.RunAsync();
}

if (args.Contains("--dashboard", StringComparer.Ordinal))
{
    return await KpiPlanner.Benchmarks.DashboardBenchmark.RunAsync(explain: args.Contains("--explain", StringComparer.Ordinal));
}

if (args.Contains("--close", StringComparer.Ordinal))
{
    return await KpiPlanner.Benchmarks.CloseBenchmark.RunAsync();
}

if (args.Contains("--import-read", StringComparer.Ordinal))
{
    return KpiPlanner.Benchmarks.ImportReadProfile.Run();
}

if (args.Contains("--import", StringComparer.Ordinal))
{
    return await KpiPlanner.Benchmarks.ImportBenchmark.RunAsync();
}

var importToo = args.Contains("--all", StringComparer.Ordinal);
var inv = CultureInfo.InvariantCulture;
#if DEBUG
Console.WriteLine("WARNING: Debug build — run with -c Release for meaningful figures.");
#endif
Console.WriteLine(string.Create(inv, $"KpiPlanner benchmarks · .NET {Environment.Version} · {Environment.ProcessorCount} CPUs · {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC"));
Console.WriteLine();

var scaleSpec = ScalePresets.ArticleTable3(inv).ToSpec();
var weights = new[] { 30m, 25m, 20m, 15m, 10m };
var scheme = MotivationScheme.Create(new SchemeSpec(15_000m, 15_000m,
    weights.Select((w, i) => new SchemeKpiSpec("KPI " + (i + 1).ToString(inv), w, scaleSpec)).ToArray())).GetValueOrThrow();
var coefficients = scaleSpec.Bands.Select(b => b.Coefficient).ToArray();

var allPassed = true;

// ---- 1. The check: 5 KPIs × 5 bands = 3 125 outcomes -------------------------------------------------------------
{
    decimal engineChecksum = 0;
    decimal baselineChecksum = 0;
    var engine = Measure(warmups: 20, runs: 101, () =>
    {
        var check = SchemeCheck.Run(scheme).GetValueOrThrow();
        engineChecksum = check.Min + check.Plan + check.Max + check.Outcomes.Sum(o => o.Total);
    });
    var baseline = Measure(warmups: 20, runs: 101, () => baselineChecksum = BaselineCheck(weights, coefficients, 15_000m, 15_000m));
    allPassed &= Report("check, 5 KPIs × 5 bands (3 125 outcomes)", engine, baseline, goalMs: 50, engineChecksum == baselineChecksum);
}

// ---- 2. Pay: 10 000 employees × 5 KPIs --------------------------------------------------------------------------
{
    const int Employees = 10_000;
    var random = new Random(20260601);
    var inputs = new KpiResultInput[Employees][];
    for (var e = 0; e < Employees; e++)
    {
        inputs[e] = new KpiResultInput[5];
        for (var k = 0; k < 5; k++)
        {
            var plan = random.Next(1_000, 1_000_000);
            var fact = plan * random.Next(0, 16_000) / 10_000m;   // 0 … 160 % of plan, built from ints
            inputs[e][k] = KpiResultInput.PlanFact(plan, Math.Round(fact, 2));
        }
    }

    decimal engineTotal = 0;
    decimal baselineTotal = 0;
    var engine = Measure(warmups: 5, runs: 31, () =>
    {
        var total = 0m;
        foreach (var employee in inputs)
        {
            total += PayCalculator.Calculate(scheme, employee).GetValueOrThrow().Total;
        }

        engineTotal = total;
    });
    var baseline = Measure(warmups: 5, runs: 31, () => baselineTotal = BaselinePay(inputs, weights, 15_000m, 15_000m));
    allPassed &= Report("pay, 10 000 employees × 5 KPIs", engine, baseline, goalMs: 20, engineTotal == baselineTotal);
    Console.WriteLine(string.Create(inv, $"    payroll of the sample: {engineTotal:N2} ₽"));
}

if (importToo)
{
    Console.WriteLine();
    allPassed &= await KpiPlanner.Benchmarks.ImportBenchmark.RunAsync() == 0;
}

Console.WriteLine();
Console.WriteLine(allPassed ? "ALL PASS" : "SOME FAIL");
return allPassed ? 0 : 1;

static double[] Measure(int warmups, int runs, Action action)
{
    for (var i = 0; i < warmups; i++)
    {
        action();
    }

    var times = new double[runs];
    for (var i = 0; i < runs; i++)
    {
        var start = Stopwatch.GetTimestamp();
        action();
        times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    Array.Sort(times);
    return times;
}

static bool Report(string name, double[] engine, double[] baseline, double goalMs, bool sameResults)
{
    var inv = CultureInfo.InvariantCulture;
    var median = engine[engine.Length / 2];
    var baselineMedian = baseline[baseline.Length / 2];
    var pass = median < goalMs && sameResults;
    Console.WriteLine(name);
    Console.WriteLine(string.Create(inv,
        $"    engine   median {median,8:F3} ms   (min {engine[0]:F3}, max {engine[^1]:F3}, n = {engine.Length})"));
    Console.WriteLine(string.Create(inv,
        $"    baseline median {baselineMedian,8:F3} ms   (hand-inlined decimal loop, same totals: {(sameResults ? "yes" : "NO")})"));
    Console.WriteLine(string.Create(inv,
        $"    ratio engine / baseline: {median / baselineMedian:F1}×   goal < {goalMs} ms: {(pass ? "PASS" : "FAIL")}"));
    return pass;
}

// The same check, written as a minimal loop over 5 fixed KPIs: Σ of every outcome's total plus min, plan and max.
static decimal BaselineCheck(decimal[] weights, decimal[] c, decimal fixedPart, decimal plannedVariable)
{
    var n = c.Length;
    var w = weights.Select(x => x / 100m).ToArray();
    var totals = new decimal[n * n * n * n * n];
    var o = 0;
    var sum = 0m;
    var min = decimal.MaxValue;
    var max = decimal.MinValue;
    for (var a = 0; a < n; a++)
        for (var b = 0; b < n; b++)
            for (var d = 0; d < n; d++)
                for (var e = 0; e < n; e++)
                    for (var f = 0; f < n; f++)
                    {
                        var weighted = (w[0] * c[a]) + (w[1] * c[b]) + (w[2] * c[d]) + (w[3] * c[e]) + (w[4] * c[f]);
                        var total = fixedPart + Math.Round(plannedVariable * weighted, 2, MidpointRounding.AwayFromZero);
                        totals[o++] = total;
                        sum += total;
                        min = Math.Min(min, total);
                        max = Math.Max(max, total);
                    }

    var plan = totals[(((((2 * n) + 2) * n + 2) * n + 2) * n) + 2];
    return min + plan + max + sum;
}

// The same pay, inlined: fact/plan, the table-3 look-up as an if-chain, Σ weight × coefficient, one rounding.
static decimal BaselinePay(KpiResultInput[][] inputs, decimal[] weights, decimal fixedPart, decimal plannedVariable)
{
    var w = weights.Select(x => x / 100m).ToArray();
    var total = 0m;
    foreach (var employee in inputs)
    {
        var weighted = 0m;
        for (var k = 0; k < employee.Length; k++)
        {
            var completion = employee[k].Fact!.Value * 100m / employee[k].Plan!.Value;
            var coefficient = completion < 50m ? 0m
                : completion < 90m ? 0.5m
                : completion <= 100m ? 1m
                : completion <= 120m ? 1.2m
                : 1.5m;
            weighted += w[k] * coefficient;
        }

        total += fixedPart + Math.Round(plannedVariable * weighted, 2, MidpointRounding.AwayFromZero);
    }

    return total;
}
