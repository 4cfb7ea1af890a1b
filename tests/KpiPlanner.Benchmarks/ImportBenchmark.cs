using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using KpiPlanner.Domain.Organisation;
using KpiPlanner.Domain.Scales;
using KpiPlanner.Domain.Schemes;
using KpiPlanner.Infrastructure;
using KpiPlanner.Infrastructure.Import;
using KpiPlanner.Infrastructure.Postgres;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using Npgsql;
using NpgsqlTypes;

namespace KpiPlanner.Benchmarks;

/// <summary>
/// Issue 4's benchmark: 100 000 facts (20 000 employees × 5 KPIs) imported from an .xlsx file, from a CSV file, and
/// through the facts API's batch (the same reader → <see cref="FactsImporter"/> calls FactsImportService makes; the
/// API path includes parsing the JSON body), each into an empty month, against a raw Npgsql binary COPY of the same
/// rows into an empty copy of the table (with its indexes) — all in the same run, on a throwaway PostgreSQL with the
/// app's migrations. Medians of 3 runs after a warm-up; goal: each path at most 3× the COPY.
/// </summary>
internal static class ImportBenchmark
{
    private const int Employees = 20_000;
    private static readonly string[] Kpis = ["sales_volume", "client_meetings", "client_calls", "new_clients", "contracts"];
    private static readonly DateOnly Month = new(2026, 12, 1);
    private const int Runs = 3;
    private const double Goal = 3.0;

    public static async Task<int> RunAsync()
    {
        var inv = CultureInfo.InvariantCulture;
        var total = Stopwatch.StartNew();
        Console.WriteLine(string.Create(inv, $"Facts import: {Employees * Kpis.Length:N0} facts ({Employees:N0} employees × {Kpis.Length} KPIs), median of {Runs} runs after a warm-up"));
        var root = Path.Combine(Path.GetTempPath(), "kpi-bench-" + Guid.NewGuid().ToString("N")[..8]);
        using var postgres = EmbeddedPostgres.Start(new EmbeddedPostgresOptions { RootDirectory = root, Throwaway = true });
        try
        {
            var options = new DbContextOptionsBuilder<KpiDbContext>();
            PersistenceSetup.Configure(options, postgres.ConnectionString);
            await using (var db = new KpiDbContext(options.Options))
            {
                await db.Database.MigrateAsync();
            }

            var numbers = await SeedAsync(options.Options);
            var random = new Random(20261201);
            var rows = new List<(string Number, string Kpi, decimal Plan, decimal Fact)>(Employees * Kpis.Length);
            foreach (var number in numbers)
            {
                foreach (var kpi in Kpis)
                {
                    var plan = (decimal)random.Next(10, 1_000_000);
                    rows.Add((number, kpi, plan, Math.Round(plan * random.Next(0, 16_000) / 10_000m, 2)));
                }
            }

            var xlsx = Xlsx(rows);
            var csv = Csv(rows);
            var json = Json(rows);
            Console.WriteLine(string.Create(inv, $"    setup (cluster, migrations, seed, files: xlsx {xlsx.Length / 1024:N0} KB, csv {csv.Length / 1024:N0} KB, json {json.Length / 1024:N0} KB): {total.Elapsed.TotalSeconds:F1} s"));

            var copy = await MeasureAsync(postgres.ConnectionString, "bench_copy", () => CopyAsync(postgres.ConnectionString, options.Options, rows, "bench_copy"));
            var copyWithTriggers = await MeasureAsync(postgres.ConnectionString, "monthly_kpi_values",
                () => CopyAsync(postgres.ConnectionString, options.Options, rows, "monthly_kpi_values"));
            var fromXlsx = await MeasureAsync(postgres.ConnectionString, "monthly_kpi_values", () => ImportFileAsync(options.Options, xlsx, "facts.xlsx", rows.Count));
            var fromCsv = await MeasureAsync(postgres.ConnectionString, "monthly_kpi_values", () => ImportFileAsync(options.Options, csv, "facts.csv", rows.Count));
            var fromApi = await MeasureAsync(postgres.ConnectionString, "monthly_kpi_values", () => ApiAsync(options.Options, json, rows.Count));
            var unchanged = await MeasureAsync(postgres.ConnectionString, null, () => ImportFileAsync(options.Options, csv, "facts.csv", -1));
            var readXlsx = await MeasureAsync(postgres.ConnectionString, null, () => ReadAsync(xlsx, "facts.xlsx"));
            var readCsv = await MeasureAsync(postgres.ConnectionString, null, () => ReadAsync(csv, "facts.csv"));

            Console.WriteLine(string.Create(inv, $"    {"raw binary COPY (baseline)",-40} {copy,9:F0} ms"));
            Console.WriteLine(string.Create(inv, $"    {"raw COPY into the table, its triggers on",-40} {copyWithTriggers,9:F0} ms   {copyWithTriggers / copy,5:F2}× COPY   (informational: the database's own cost of the closed-month guard, the audit and the dashboards' summary)"));
            var pass = Line("import .xlsx (read + check + upsert)", fromXlsx, copy);
            pass &= Line("import .csv (read + check + upsert)", fromCsv, copy);
            pass &= Line("API batch (JSON + check + upsert)", fromApi, copy);
            Console.WriteLine(string.Create(inv, $"    {"re-import of the same .csv (unchanged)",-40} {unchanged,9:F0} ms   (informational)"));
            Console.WriteLine(string.Create(inv, $"    {"reading alone, no database: .xlsx / .csv",-40} {readXlsx,9:F0} ms / {readCsv:F0} ms   (informational: the file's rows read and checked, overlapped with the writing in an import; `-- --import-read` splits it further)"));
            Console.WriteLine(string.Create(inv, $"    whole import benchmark: {total.Elapsed.TotalSeconds:F1} s"));
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
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    private static bool Line(string name, double ms, double copy)
    {
        var ratio = ms / copy;
        var pass = ratio <= Goal;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"    {name,-40} {ms,9:F0} ms   {ratio,5:F2}× COPY   goal ≤ {Goal:F0}×: {(pass ? "PASS" : "FAIL")}"));
        return pass;
    }

    /// <summary>Warm-up, then the median of <see cref="Runs"/> runs, the table emptied before each (null: kept).</summary>
    private static async Task<double> MeasureAsync(string connectionString, string? table, Func<Task> action)
    {
        var times = new List<double>();
        for (var i = 0; i <= Runs; i++)
        {
            if (table is not null)
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync();
                await using var truncate = new NpgsqlCommand($"TRUNCATE {table}", connection);
                await truncate.ExecuteNonQueryAsync();
                await using var vacuum = new NpgsqlCommand($"VACUUM ANALYZE {table}", connection);
                await vacuum.ExecuteNonQueryAsync();
            }

            var start = Stopwatch.GetTimestamp();
            await action();
            if (i > 0)
            {
                times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        }

        times.Sort();
        return times[times.Count / 2];
    }

    /// <summary>The file's rows read and checked, nothing written (what an import does on this side besides sending).</summary>
    private static Task ReadAsync(byte[] file, string name)
    {
        var count = FactsFileReader.Open(new MemoryStream(file), name).Rows.Count();
        return count == Employees * Kpis.Length ? Task.CompletedTask : throw new InvalidOperationException($"{name}: {count} rows read");
    }

    private static async Task ImportFileAsync(DbContextOptions<KpiDbContext> options, byte[] file, string name, int expected)
    {
        var reading = FactsFileReader.Open(new MemoryStream(file), name);
        await using var db = new KpiDbContext(options);
        var result = await new FactsImporter(db, TimeProvider.System)
            .ApplyAsync(Month, reading.Rows, reading.Issues, new FactsScope(null, "bench"), reading.Columns);
        Check(result, expected);
    }

    /// <summary>The endpoint's path: the JSON body read item by item, then the service's batch.</summary>
    private static async Task ApiAsync(DbContextOptions<KpiDbContext> options, byte[] json, int expected)
    {
        using var document = JsonDocument.Parse(json);
        var items = new List<FactInput>();
        var index = 0;
        foreach (var item in document.RootElement.GetProperty("facts").EnumerateArray())
        {
            items.Add(new FactInput(index++, item.GetProperty("employee").GetString(), null, item.GetProperty("kpi").GetString(), null,
                ImportNumber.Round(item.GetProperty("value").GetDecimal())));
        }

        await using var db = new KpiDbContext(options);
        var result = await new FactsImporter(db, TimeProvider.System).ApplyAsync(Month, items, [], new FactsScope(null, "bench"), acceptIds: true);
        Check(result, expected);
    }

    private static void Check(FactsApplyResult result, int expected)
    {
        if (result.Issues.Count > 0 || (expected >= 0 && result.Applied != expected))
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"Import applied {result.Applied} (expected {expected}); issues: {string.Join("; ", result.Issues.Take(5).Select(i => $"{i.Row} {i.Code}"))}"));
        }
    }

    /// <summary>
    /// The baseline: the same rows, resolved to employee ids, streamed by binary COPY into an empty copy of the table
    /// (<c>bench_copy</c>, no triggers) — or, for the informational line, into <c>monthly_kpi_values</c> itself.
    /// </summary>
    private static async Task CopyAsync(string connectionString, DbContextOptions<KpiDbContext> options,
        List<(string Number, string Kpi, decimal Plan, decimal Fact)> rows, string table)
    {
        Dictionary<string, int> ids;
        await using (var db = new KpiDbContext(options))
        {
            ids = await db.Employees.AsNoTracking().ToDictionaryAsync(e => e.PersonnelNumber, e => e.Id);
        }

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var now = TimeProvider.System.GetUtcNow();
        await using var writer = await connection.BeginBinaryImportAsync(
            $"COPY {table} (employee_id, month, kpi_key, plan, fact, updated_at, updated_by) FROM STDIN (FORMAT BINARY)");
        foreach (var row in rows)
        {
            await writer.StartRowAsync();
            await writer.WriteAsync(ids[row.Number], NpgsqlDbType.Integer);
            await writer.WriteAsync(Month, NpgsqlDbType.Date);
            await writer.WriteAsync(row.Kpi, NpgsqlDbType.Varchar);
            await writer.WriteAsync(row.Plan, NpgsqlDbType.Numeric);
            await writer.WriteAsync(row.Fact, NpgsqlDbType.Numeric);
            await writer.WriteAsync(now, NpgsqlDbType.TimestampTz);
            await writer.WriteAsync("bench", NpgsqlDbType.Varchar);
        }

        await writer.CompleteAsync();
    }

    private static async Task<List<string>> SeedAsync(DbContextOptions<KpiDbContext> options)
    {
        await using var db = new KpiDbContext(options);
        var company = new Department("Бенчмарк");
        var position = new Position("Менеджер");
        db.Departments.Add(company);
        db.Positions.Add(position);
        await db.SaveChangesAsync();
        var scale = ScalePresets.ArticleTable3(CultureInfo.InvariantCulture).ToSpec();
        var spec = new SchemeSpec(15_000m, 15_000m, [.. Kpis.Select(k => new SchemeKpiSpec(k, 20m, scale, KpiCode: k))], Name: "Бенчмарк");
        db.SchemeVersions.Add(SchemeVersion.Create(position.Id, new DateOnly(2025, 1, 1), spec, TimeProvider.System.GetUtcNow(), "bench").GetValueOrThrow());
        var numbers = new List<string>(Employees);
        for (var i = 1; i <= Employees; i++)
        {
            var number = "B" + i.ToString("000000", CultureInfo.InvariantCulture);
            numbers.Add(number);
            db.Employees.Add(new Employee(number, "Сотрудник", "Номер" + i.ToString(CultureInfo.InvariantCulture), null, company, position, new DateOnly(2020, 1, 1)));
        }

        await db.SaveChangesAsync();
        await db.Database.ExecuteSqlRawAsync("CREATE TABLE bench_copy (LIKE monthly_kpi_values INCLUDING ALL)");
        return numbers;
    }

    internal static byte[] Xlsx(List<(string Number, string Kpi, decimal Plan, decimal Fact)> rows)
    {
        var sheet = rows.Select(r => (IDictionary<string, object?>)new Dictionary<string, object?>
        {
            ["Табельный номер"] = r.Number,
            ["Сотрудник"] = "Сотрудник",
            ["Показатель"] = r.Kpi,
            ["План"] = r.Plan,
            ["Факт"] = r.Fact,
        });
        using var output = new MemoryStream();
        MiniExcel.SaveAs(output, sheet, excelType: ExcelType.XLSX);
        return output.ToArray();
    }

    internal static byte[] Csv(List<(string Number, string Kpi, decimal Plan, decimal Fact)> rows)
    {
        var ru = CultureInfo.GetCultureInfo("ru-RU");
        var text = new StringBuilder("Табельный номер;Сотрудник;Показатель;План;Факт\r\n");
        foreach (var r in rows)
        {
            text.Append(r.Number).Append(";Сотрудник;").Append(r.Kpi).Append(';')
                .Append(r.Plan.ToString("#,0.##", ru)).Append(';').Append(r.Fact.ToString("#,0.##", ru)).Append("\r\n");
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    private static byte[] Json(List<(string Number, string Kpi, decimal Plan, decimal Fact)> rows) =>
        JsonSerializer.SerializeToUtf8Bytes(new { facts = rows.Select(r => new { employee = r.Number, kpi = r.Kpi, value = r.Fact }) });
}
