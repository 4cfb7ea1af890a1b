using System.Diagnostics;
using System.Globalization;
using KpiPlanner.Domain.Organisation;
using KpiPlanner.Domain.Scales;
using KpiPlanner.Domain.Schemes;
using KpiPlanner.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace KpiPlanner.Benchmarks;

/// <summary>
/// The company the dashboard and browser benchmarks run on: 10 000 employees in 10 divisions × 10 departments of 100,
/// three positions paid by one scheme of five catalogue KPIs, and months of plans and facts loaded by one binary COPY.
/// The random sequence is fixed, so every run seeds the same company.
/// </summary>
internal static class CompanySeed
{
    public const int Divisions = 10;
    public const int DepartmentsPerDivision = 10;
    public const int Employees = 10_000;

    /// <summary>The KPIs (catalogue codes), their weights and the range of a month's plan.</summary>
    public static readonly (string Code, string Name, decimal Weight, int MinPlan, int MaxPlan, decimal Step)[] Kpis =
    [
        ("sales_volume", "Объём продаж", 30m, 300, 3_000, 1_000m),   // ₽ 300 000 … 3 000 000, in steps of 1 000
        ("client_meetings", "Встречи с клиентами", 25m, 10, 40, 1m),
        ("client_calls", "Звонки клиентам", 20m, 100, 400, 1m),
        ("new_clients", "Новые привлечённые клиенты", 15m, 2, 15, 1m),
        ("contracts", "Заключённые договоры", 10m, 1, 10, 1m),
    ];

    /// <summary>Positions: name, fixed part, planned variable part.</summary>
    public static readonly (string Name, decimal Fixed, decimal Variable)[] Positions =
    [
        ("Менеджер по продажам", 45_000m, 25_000m),
        ("Старший менеджер по продажам", 60_000m, 35_000m),
        ("Руководитель отдела продаж", 90_000m, 60_000m),
    ];

    /// <summary>What <see cref="SeedAsync"/> made: the first 100-person department, the company root, the planned variable pay by position, the COPY's time.</summary>
    public sealed record Seed(int Department, int Root, IReadOnlyDictionary<int, decimal> PlannedVariable, double CopySeconds);

    /// <summary>
    /// The company: under a new root «ООО «Бенчмарк»» (or under the existing root <paramref name="rootId"/>, e.g. the
    /// one the first-run page made), <see cref="Divisions"/> divisions × <see cref="DepartmentsPerDivision"/> departments
    /// of 100 people each (its head, 20 senior managers, 79 managers), the <see cref="Positions"/> with a scheme version of
    /// the <see cref="Kpis"/> each, and <paramref name="months"/> months of plans and facts from <paramref name="first"/> on
    /// by one binary COPY (the statement triggers fill the summary); in the last month about a third of the facts are still missing.
    /// </summary>
    public static async Task<Seed> SeedAsync(DbContextOptions<KpiDbContext> options, string connectionString, DateOnly first, int months, int? rootId = null)
    {
        var inv = CultureInfo.InvariantCulture;
        var random = new Random(20261123);
        await using var db = new KpiDbContext(options);
        Department company;
        if (rootId is { } existing)
        {
            company = await db.Departments.SingleAsync(d => d.Id == existing);
        }
        else
        {
            company = new Department("ООО «Бенчмарк»");
            db.Departments.Add(company);
        }

        var leaves = new List<Department>();
        for (var d = 1; d <= Divisions; d++)
        {
            var division = new Department(string.Create(inv, $"Дивизион {d:00}"), company);
            db.Departments.Add(division);
            for (var n = 1; n <= DepartmentsPerDivision; n++)
            {
                var leaf = new Department(string.Create(inv, $"Отдел продаж {d:00}.{n:00}"), division);
                db.Departments.Add(leaf);
                leaves.Add(leaf);
            }
        }

        var positions = Positions.Select(p => new Position(p.Name)).ToList();
        db.Positions.AddRange(positions);
        await db.SaveChangesAsync();
        var scale = ScalePresets.ArticleTable3(inv).ToSpec();
        var plannedVariable = new Dictionary<int, decimal>();
        for (var i = 0; i < positions.Count; i++)
        {
            var spec = new SchemeSpec(Positions[i].Fixed, Positions[i].Variable,
                [.. Kpis.Select(k => new SchemeKpiSpec(k.Name, k.Weight, scale, KpiCode: k.Code))], Name: Positions[i].Name);
            db.SchemeVersions.Add(SchemeVersion.Create(positions[i].Id, new DateOnly(2020, 1, 1), spec, TimeProvider.System.GetUtcNow(), "bench").GetValueOrThrow());
            plannedVariable[positions[i].Id] = Positions[i].Variable;
        }

        // 100 people a department: its head, 20 senior managers, 79 managers; hired before the 24 months.
        var perDepartment = Employees / leaves.Count;
        var heads = new List<(Department Department, Employee Head)>();
        for (var i = 0; i < Employees; i++)
        {
            var department = leaves[i / perDepartment];
            var rank = i % perDepartment;
            var position = positions[rank == 0 ? 2 : rank <= 20 ? 1 : 0];
            var hired = new DateOnly(2015, 1, 1).AddDays(random.Next(0, first.DayNumber - new DateOnly(2015, 1, 1).DayNumber));
            var employee = new Employee("D" + (i + 1).ToString("000000", inv), "Сотрудник" + (i + 1).ToString(inv), "Имя", "Отчество",
                department, position, hired);
            db.Employees.Add(employee);
            if (rank == 0)
            {
                heads.Add((department, employee));
            }
        }

        await db.SaveChangesAsync();
        foreach (var (department, head) in heads)
        {
            department.AppointHead(head);
        }

        await db.SaveChangesAsync();
        var people = await db.Employees.OrderBy(e => e.Id).Select(e => e.Id).ToListAsync();

        // Plans and facts: the months × 5 KPIs a person, by one binary COPY (the statement triggers fill the summary).
        // Completion 40 … 160 % of plan; in the current month about a third of the facts are still missing.
        var copy = Stopwatch.StartNew();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY monthly_kpi_values (employee_id, month, kpi_key, plan, fact, updated_at, updated_by) FROM STDIN (FORMAT BINARY)"))
        {
            writer.Timeout = TimeSpan.FromMinutes(10); // 1.2 M rows (the dashboard's 24 months) and their triggers outlast the 30 s default on a busy machine
            var then = TimeProvider.System.GetUtcNow().AddDays(-1);
            foreach (var id in people)
            {
                for (var m = 0; m < months; m++)
                {
                    var month = first.AddMonths(m);
                    foreach (var kpi in Kpis)
                    {
                        var plan = random.Next(kpi.MinPlan, kpi.MaxPlan + 1) * kpi.Step;
                        var fact = Math.Round(plan * random.Next(4_000, 16_001) / 10_000m / kpi.Step, kpi.Step == 1m ? 0 : 2) * kpi.Step;
                        writer.StartRow();
                        writer.Write(id, NpgsqlDbType.Integer);
                        writer.Write(month, NpgsqlDbType.Date);
                        writer.Write(kpi.Code, NpgsqlDbType.Varchar);
                        writer.Write(plan, NpgsqlDbType.Numeric);
                        if (m == months - 1 && random.Next(3) == 0)
                        {
                            writer.WriteNull();
                        }
                        else
                        {
                            writer.Write(fact, NpgsqlDbType.Numeric);
                        }

                        writer.Write(then, NpgsqlDbType.TimestampTz);
                        writer.Write("bench", NpgsqlDbType.Varchar);
                    }
                }
            }

            await writer.CompleteAsync();
        }

        var copySeconds = copy.Elapsed.TotalSeconds;
        await using (var analyze = new NpgsqlCommand("VACUUM ANALYZE", connection))
        {
            await analyze.ExecuteNonQueryAsync();
        }

        return new Seed(leaves[0].Id, company.Id, plannedVariable, copySeconds);
    }

    /// <summary>
    /// VACUUM ANALYZE until the tables' pages are all visible — the state autovacuum leaves a database in, and what
    /// index-only scans (ix_pay_lines_month_department) need. A VACUUM while autovacuum still analyses the freshly
    /// loaded tables can leave part of them unmarked; then PaySql reads the whole of pay_lines instead (see --explain).
    /// </summary>
    public static async Task<string> SettleAsync(string connectionString)
    {
        const string Visibility = "SELECT relname, relpages, relallvisible FROM pg_class WHERE relname IN ('monthly_kpi_values', 'kpi_month_summary', 'pay_lines', 'employees') ORDER BY relname";
        var start = Stopwatch.StartNew();
        var state = new List<(string Table, int Pages, int Visible)>();
        for (var attempt = 1; attempt <= 10; attempt++)
        {
            await ExecuteAsync(connectionString, "VACUUM ANALYZE");
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(Visibility, connection);
            await using var reader = await command.ExecuteReaderAsync();
            state.Clear();
            while (await reader.ReadAsync())
            {
                state.Add((reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2)));
            }

            if (state.All(t => t.Visible >= t.Pages))
            {
                break;
            }

            await Task.Delay(TimeSpan.FromSeconds(2));
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"VACUUM ANALYZE ({start.Elapsed.TotalSeconds:F1} s), pages all-visible: {string.Join(", ", state.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Table} {t.Visible:N0}/{t.Pages:N0}")))}");
    }

    public static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>A context factory over fixed options (what the services take).</summary>
internal sealed class ContextFactory(DbContextOptions<KpiDbContext> options) : IDbContextFactory<KpiDbContext>
{
    public KpiDbContext CreateDbContext() => new(options);
}
