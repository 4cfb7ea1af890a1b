using KpiPlanner.Domain.Payroll;
using KpiPlanner.Domain.Schemes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace KpiPlanner.Infrastructure.Payroll;

/// <summary>
/// The bases of growth KPIs for one month (docs/kpi-kinds.md): each person's stored fact of the base month (the same
/// month last year, or the month before), or the value typed into the scheme. The pay run, the plan grid and the
/// employee's page read bases here, so they all measure growth from the same value.
/// </summary>
public sealed class GrowthBaseFacts
{
    private readonly DateOnly month;
    private readonly Dictionary<(DateOnly Month, int EmployeeId, string Key), decimal> facts;

    private GrowthBaseFacts(DateOnly month, Dictionary<(DateOnly, int, string), decimal> facts)
    {
        this.month = month;
        this.facts = facts;
    }

    /// <summary>
    /// Reads the facts of every base month the <paramref name="schemes"/>' growth KPIs need for <paramref name="month"/>
    /// (nothing when none of them measures growth), for <paramref name="employeeIds"/> or everybody when null. Runs on
    /// the context's connection and inside its transaction, if any.
    /// </summary>
    public static async Task<GrowthBaseFacts> LoadAsync(KpiDbContext db, IEnumerable<MotivationScheme> schemes, DateOnly month,
        IReadOnlyCollection<int>? employeeIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(schemes);
        var months = schemes.SelectMany(s => s.Kpis).Select(k => k.Base?.MonthOf(month)).OfType<DateOnly>().Distinct().ToArray();
        var facts = new Dictionary<(DateOnly, int, string), decimal>();
        if (months.Length == 0 || employeeIds is { Count: 0 })
        {
            return new GrowthBaseFacts(month, facts);
        }

        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
        }

        await using var command = new NpgsqlCommand(
            "SELECT month, employee_id, kpi_key, fact FROM monthly_kpi_values WHERE month = ANY($1) AND fact IS NOT NULL" +
            (employeeIds is null ? string.Empty : " AND employee_id = ANY($2)"),
            connection, (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction());
        command.Parameters.Add(new NpgsqlParameter<DateOnly[]> { TypedValue = months });
        if (employeeIds is not null)
        {
            command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = [.. employeeIds] });
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            facts[(reader.GetFieldValue<DateOnly>(0), reader.GetInt32(1), reader.GetString(2))] = reader.GetDecimal(3);
        }

        return new GrowthBaseFacts(month, facts);
    }

    /// <summary>
    /// The base of <paramref name="kpi"/> for the person this month: the base month's stored fact (null when that month
    /// has none: a newcomer, a new KPI) or the scheme's typed value; null when the KPI does not measure growth.
    /// </summary>
    public decimal? BaseOf(SchemeKpi kpi, int employeeId, string key)
    {
        ArgumentNullException.ThrowIfNull(kpi);
        return kpi.Base switch
        {
            null => null,
            { } growthBase when growthBase.MonthOf(month) is { } baseMonth =>
                facts.TryGetValue((baseMonth, employeeId, key), out var fact) ? fact : null,
            { } growthBase => growthBase.Value,
        };
    }

    /// <summary><paramref name="figures"/> with the growth base of <paramref name="kpi"/> filled in, when it measures growth.</summary>
    public KpiFigures With(KpiFigures figures, SchemeKpi kpi, int employeeId, string key) =>
        kpi?.Base is null ? figures : figures with { Base = BaseOf(kpi, employeeId, key) };
}
