using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using KpiPlanner.Domain.Organisation;
using KpiPlanner.Domain.Scales;
using KpiPlanner.Domain.Schemes;
using KpiPlanner.Domain.Validation;
using KpiPlanner.Infrastructure.Demo;
using KpiPlanner.Testing;
using KpiPlanner.Web.Features.PayReview;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace KpiPlanner.IntegrationTests;

/// <summary>
/// A month of honest size for the race and fault tests: <see cref="People"/> analysts of the sales department, each
/// with a scheme of five KPIs, so a facts file of every analyst × KPI is 100 000 rows (the import benchmark's size).
/// Facts of round <c>r</c> lie in [r × 10 000, r × 10 000 + 9 999], so a round's rows are counted by their values.
/// </summary>
internal static class BigMonthSupport
{
    public const int People = 20_000;

    public const string PositionName = "Аналитик продаж (тест)";

    public static readonly string[] Kpis = ["sales_volume", "client_meetings", "client_calls", "new_clients", "contracts"];

    public static int Rows => People * Kpis.Length;

    public static string Number(int i) => "A" + i.ToString("000000", CultureInfo.InvariantCulture);

    /// <summary>The position with its five-KPI scheme and <see cref="People"/> analysts in the sales department (by SQL: seconds, not minutes).</summary>
    public static async Task AddAnalystsAsync(this KpiAppFactory app)
    {
        await using (var db = app.CreateDbContext())
        {
            var sales = await db.Departments.SingleAsync(d => d.Name == DemoData.SalesDepartmentName);
            var position = new Position(PositionName);
            db.Positions.Add(position);
            await db.SaveChangesAsync();
            var scale = ScalePresets.ArticleTable3(CultureInfo.InvariantCulture).ToSpec();
            var spec = new SchemeSpec(30_000m, 20_000m, [.. Kpis.Select(k => new SchemeKpiSpec(k, 20m, scale, KpiCode: k))], Name: PositionName);
            db.SchemeVersions.Add(SchemeVersion.Create(position.Id, new DateOnly(2020, 1, 1), spec, app.Clock.GetUtcNow(), "test").GetValueOrThrow());
            await db.SaveChangesAsync();
        }

        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var insert = new NpgsqlCommand(
            """
            INSERT INTO employees (personnel_number, last_name, first_name, department_id, position_id, hire_date)
            SELECT 'A' || lpad(i::text, 6, '0'), 'Аналитик', 'Номер ' || i,
                   (SELECT id FROM departments WHERE name = @department), (SELECT id FROM positions WHERE name = @position), DATE '2020-01-01'
            FROM generate_series(1, @people) AS i
            """, connection);
        insert.Parameters.AddWithValue("department", DemoData.SalesDepartmentName);
        insert.Parameters.AddWithValue("position", PositionName);
        insert.Parameters.AddWithValue("people", People);
        await insert.ExecuteNonQueryAsync();
    }

    /// <summary>The facts file of round <paramref name="round"/>: every analyst × KPI, plan 20 000, fact in the round's range.</summary>
    public static byte[] FactsCsv(int round)
    {
        var text = new StringBuilder("Табельный номер;Показатель;План;Факт\n", Rows * 40);
        for (var i = 1; i <= People; i++)
        {
            for (var k = 0; k < Kpis.Length; k++)
            {
                text.Append(Number(i)).Append(';').Append(Kpis[k]).Append(";20000;")
                    .Append(((round * 10_000) + ((i * 7) + k) % 10_000).ToString(CultureInfo.InvariantCulture)).Append('\n');
            }
        }

        return FactsTestSupport.Csv(text.ToString());
    }

    /// <summary>Round <paramref name="round"/>'s plans and facts of every analyst × KPI written by one SQL statement, for tests about what comes after.</summary>
    public static async Task AddFactsAsync(this KpiAppFactory app, DateOnly month, int round)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var insert = new NpgsqlCommand(
            """
            INSERT INTO monthly_kpi_values (employee_id, month, kpi_key, plan, fact, updated_at, updated_by)
            SELECT e.id, @month, k.key, 20000, @base + (e.id * 7 + k.n) % 10000, now(), 'test'
            FROM employees e JOIN positions p ON p.id = e.position_id CROSS JOIN unnest(@kpis) WITH ORDINALITY AS k(key, n)
            WHERE p.name = @position
            """, connection);
        insert.Parameters.AddWithValue("month", month);
        insert.Parameters.AddWithValue("base", round * 10_000m);
        insert.Parameters.AddWithValue("kpis", Kpis);
        insert.Parameters.AddWithValue("position", PositionName);
        Assert.Equal(Rows, await insert.ExecuteNonQueryAsync());
    }

    /// <summary>POSTs a facts file to the import endpoint (the month confirmed), as the sales department's head.</summary>
    public static async Task<HttpResponseMessage> ImportAsync(HttpClient client, DateOnly month, byte[] file, CancellationToken ct = default)
    {
        using var content = new MultipartFormDataContent { { new ByteArrayContent(file), "file", "facts.csv" } };
        var key = FactsTestSupport.MonthKey(month);
        return await client.PostAsync($"/api/periods/{key}/import?confirmMonth={key}", content, ct);
    }

    public static async Task<HttpClient> ManagerClientAsync(this KpiAppFactory app)
    {
        var client = app.CreateClient();
        client.Timeout = TimeSpan.FromMinutes(3);
        var token = await client.AccessTokenAsync(DemoData.ManagerEmail, DemoData.Password);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ru-RU");
        return client;
    }

    /// <summary>What HR's close did: how many times it was refused as stale and redone.</summary>
    public sealed record Closing(int StaleRefusals);

    /// <summary>
    /// HR closes the month as the pay review page does: calculate, approve, close; refused as stale (facts arrived after
    /// the calculation) it takes the approval back and starts again.
    /// </summary>
    public static async Task<Closing> CloseMonthAsync(this KpiAppFactory app, DateOnly month, Func<Task>? beforeClose = null)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var review = scope.ServiceProvider.GetRequiredService<PayReviewService>();
        var hr = await app.ActorAsync(DemoData.HrEmail);
        var stale = 0;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var calculated = await review.CalculateAsync(hr, month);
            Assert.Empty(calculated.Errors);
            var approved = await review.ApproveAsync(hr, month);
            if (approved.Any(e => e.Code == DomainErrors.PeriodStale))
            {
                stale++;
                continue;
            }

            Assert.Empty(approved);
            if (beforeClose is not null)
            {
                await beforeClose();
            }

            var closed = await review.CloseAsync(hr, month, countMissingAsZero: true, closeEarly: true);
            if (closed.Errors.Any(e => e.Code == DomainErrors.PeriodStale))
            {
                stale++;
                Assert.Empty(await review.RevokeApprovalAsync(hr, month, "Факты пришли после расчёта"));
                continue;
            }

            Assert.Empty(closed.Errors);
            return new Closing(stale);
        }

        throw new Xunit.Sdk.XunitException("The month was still stale after 5 calculations.");
    }

    /// <summary>How many of the analysts' facts of the month hold round <paramref name="round"/>'s values.</summary>
    public static async Task<long> RoundRowsAsync(string connectionString, DateOnly month, int round)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand(
            """
            SELECT count(*) FROM monthly_kpi_values v JOIN employees e ON e.id = v.employee_id JOIN positions p ON p.id = e.position_id
            WHERE v.month = @month AND p.name = @position AND v.fact >= @from AND v.fact < @to
            """, connection);
        count.Parameters.AddWithValue("month", month);
        count.Parameters.AddWithValue("position", PositionName);
        count.Parameters.AddWithValue("from", round * 10_000m);
        count.Parameters.AddWithValue("to", (round + 1) * 10_000m);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// Every KPI of every pay line of the month against the stored plan and fact: how many were compared, how many differ
    /// (a pay line that did not see the month's figures), and how many pay lines there are.
    /// </summary>
    public static async Task<(long Compared, long Differing, long Lines)> PayLinesAgainstFactsAsync(string connectionString, DateOnly month)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var compare = new NpgsqlCommand(
            """
            SELECT count(*),
                   count(*) FILTER (WHERE (k->>'fact')::numeric IS DISTINCT FROM v.fact OR (k->>'plan')::numeric IS DISTINCT FROM v.plan),
                   (SELECT count(*) FROM pay_lines WHERE month = @month)
            FROM pay_lines l
            CROSS JOIN LATERAL jsonb_array_elements(l.explanation->'kpis') AS k
            LEFT JOIN monthly_kpi_values v ON v.month = l.month AND v.employee_id = l.employee_id AND v.kpi_key = k->>'key'
            WHERE l.month = @month
            """, connection);
        compare.Parameters.AddWithValue("month", month);
        await using var reader = await compare.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    /// <summary>Is a statement of <paramref name="sqlStart"/> running inside an open transaction on another connection?</summary>
    public static async Task<bool> RunningAsync(string connectionString, string sqlStart)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand(
            """
            SELECT count(*) FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid() AND xact_start IS NOT NULL AND ltrim(query) LIKE @start
            """, connection);
        query.Parameters.AddWithValue("start", sqlStart + "%");
        return (long)(await query.ExecuteScalarAsync())! > 0;
    }

    /// <summary>Waits (polling every 10 ms, at most <paramref name="limit"/>) until <paramref name="condition"/> holds.</summary>
    public static async Task<bool> UntilAsync(Func<Task<bool>> condition, TimeSpan limit, Task? givesUp = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            if (await condition())
            {
                return true;
            }

            if (givesUp is { IsCompleted: true })
            {
                return false;
            }

            await Task.Delay(10);
        }

        return false;
    }
}
