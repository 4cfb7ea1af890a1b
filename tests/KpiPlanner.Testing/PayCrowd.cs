using System.Globalization;
using KpiPlanner.Domain.Organisation;
using KpiPlanner.Domain.Scales;
using KpiPlanner.Domain.Schemes;
using KpiPlanner.Infrastructure.Demo;
using KpiPlanner.Web.Features.PayReview;
using KpiPlanner.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace KpiPlanner.Testing;

/// <summary>
/// A calculated month of a few hundred lines for the pay review's paging tests (issue 18): a retail network
/// («Розница (тест)», its two regions and a shop under one of them), a two-KPI scheme, people spread over the four
/// departments with facts from 50 % to 150 % of plan (every tenth missing its calls), calculated by HR and a few
/// lines adjusted — all through SQL and the services, in seconds.
/// </summary>
public static class PayCrowd
{
    public const string Network = "Розница (тест)";

    public const string North = "Розница — Север";

    public const string South = "Розница — Юг";

    public const string Shop = "Магазин на Невском";

    public const string PositionName = "Продавец-консультант (тест)";

    private static readonly string[] Surnames =
    [
        "Абрамов", "Белова", "Васильев", "Голубева", "Демидов", "Ершова", "Жуков", "Зайцева", "Ильин", "Киселёва",
        "Ларионов", "Морозова", "Никитин", "Орлова", "Павлов", "Романова", "Соколов", "Тихонова", "Фёдоров", "Яковлева",
    ];

    public static string Number(int i) => "R" + i.ToString("00000", CultureInfo.InvariantCulture);

    /// <summary>
    /// Adds <paramref name="people"/> people, their plans and facts of <paramref name="month"/>, calculates the month
    /// as HR and adjusts the lines of the first <paramref name="adjusted"/> of them; <paramref name="moreShops"/> more
    /// shops («Магазин № 1» …) under the south region share the people (a company of a hundred departments).
    /// </summary>
    public static async Task AddCalculatedAsync(this KpiAppFactory app, DateOnly month, int people, int adjusted = 5, int moreShops = 0)
    {
        ArgumentNullException.ThrowIfNull(app);
        int positionId;
        int[] departments;
        await using (var db = app.CreateDbContext())
        {
            var network = new Department(Network);
            var north = new Department(North, network);
            var south = new Department(South, network);
            var shop = new Department(Shop, north);
            var position = new Position(PositionName);
            var more = Enumerable.Range(1, moreShops).Select(i => new Department($"Магазин № {i}", south)).ToList();
            db.AddRange(network, north, south, shop, position);
            db.AddRange(more);
            await db.SaveChangesAsync();
            var scale = ScalePresets.ArticleTable3(CultureInfo.InvariantCulture).ToSpec();
            var spec = new SchemeSpec(30_000m, 20_000m,
                [new SchemeKpiSpec("sales_volume", 60m, scale, KpiCode: "sales_volume"), new SchemeKpiSpec("client_calls", 40m, scale, KpiCode: "client_calls")],
                Name: PositionName);
            db.SchemeVersions.Add(SchemeVersion.Create(position.Id, new DateOnly(2020, 1, 1), spec, app.Clock.GetUtcNow(), "test").GetValueOrThrow());
            await db.SaveChangesAsync();
            positionId = position.Id;
            departments = [network.Id, north.Id, south.Id, shop.Id, .. more.Select(d => d.Id)];
        }

        await using (var connection = new NpgsqlConnection(app.ConnectionString))
        {
            await connection.OpenAsync();
            await using var insert = new NpgsqlCommand(
                """
                INSERT INTO employees (personnel_number, last_name, first_name, department_id, position_id, hire_date)
                SELECT 'R' || lpad(i::text, 5, '0'), (@surnames)[1 + i % 20], 'Номер ' || i, (@departments)[1 + i % cardinality(@departments)], @position, DATE '2020-01-01'
                FROM generate_series(1, @people) AS i;
                INSERT INTO monthly_kpi_values (employee_id, month, kpi_key, plan, fact, updated_at, updated_by)
                SELECT e.id, @month, k.key, 20000,
                       CASE WHEN k.key = 'client_calls' AND substr(e.personnel_number, 2)::int % 10 = 0 THEN NULL
                            ELSE 10000 + (substr(e.personnel_number, 2)::int * 137 + k.n * 59) % 20001 END,
                       now(), 'test'
                FROM employees e CROSS JOIN unnest(@kpis) WITH ORDINALITY AS k(key, n)
                WHERE e.position_id = @position;
                """, connection);
            insert.Parameters.AddWithValue("surnames", Surnames);
            insert.Parameters.AddWithValue("departments", departments);
            insert.Parameters.AddWithValue("position", positionId);
            insert.Parameters.AddWithValue("people", people);
            insert.Parameters.AddWithValue("month", month);
            insert.Parameters.AddWithValue("kpis", new[] { "sales_volume", "client_calls" });
            await insert.ExecuteNonQueryAsync();
        }

        await using var scope = app.Services.CreateAsyncScope();
        var review = scope.ServiceProvider.GetRequiredService<PayReviewService>();
        var hr = await ActorAsync(app, DemoData.HrEmail);
        var run = await review.CalculateAsync(hr, month);
        if (run.Errors.Count > 0)
        {
            throw new InvalidOperationException(string.Join("; ", run.Errors.Select(e => e.Message)));
        }

        for (var i = 1; i <= adjusted; i++)
        {
            await using var db = app.CreateDbContext();
            var id = await db.Employees.Where(e => e.PersonnelNumber == Number(i)).Select(e => e.Id).SingleAsync();
            var errors = await review.AdjustAsync(hr, month, id, 100m * i, "Проверка постраничного просмотра");
            if (errors.Count > 0)
            {
                throw new InvalidOperationException(string.Join("; ", errors.Select(e => e.Message)));
            }
        }
    }

    /// <summary>The access scope of a demo account, as the app builds it.</summary>
    public static async Task<UserContext> ActorAsync(KpiAppFactory app, string email)
    {
        ArgumentNullException.ThrowIfNull(app);
        await using var db = app.CreateDbContext();
        var user = await db.Users.SingleAsync(u => u.Email == email);
        return await AccessScopes.ForAccountAsync(db, user.Id) ?? throw new InvalidOperationException($"No account {email}.");
    }
}
