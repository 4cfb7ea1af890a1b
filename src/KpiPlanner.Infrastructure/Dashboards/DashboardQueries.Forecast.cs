using System.Runtime.CompilerServices;
using KpiPlanner.Domain.Planning;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace KpiPlanner.Infrastructure.Dashboards;

/// <summary>A person whose stored pay lines may stand for forecast scenarios, with the scheme version they will be paid by.</summary>
/// <param name="Employee">The person.</param>
/// <param name="SchemeVersionId">The scheme version in force for their position next month.</param>
/// <param name="Prorates">Whether that scheme prorates the variable part (then only a whole month's line stands).</param>
public sealed record ForecastPerson(int Employee, int SchemeVersionId, bool Prorates);

/// <summary>
/// The pay lines that stand for forecast scenarios: per person, the months whose line does; per month, the sum of those
/// lines' variable parts.
/// </summary>
public sealed record PaidScenarios(IReadOnlyDictionary<int, HashSet<DateOnly>> MonthsOf, IReadOnlyDictionary<DateOnly, decimal> Funds);

/// <summary>The pay-fund forecast's reads (issue 18): the pay lines that already hold a scenario, then only the rest of the figures.</summary>
public sealed partial class DashboardQueries
{
    /// <summary>
    /// The calculated months among <paramref name="months"/> whose plans, facts and bonuses have not changed since the
    /// calculation (counted by the figures version, so a calculation from before the counter was kept never qualifies).
    /// </summary>
    public async Task<DateOnly[]> UnchangedCalculatedMonthsAsync(DateOnly[] months, CancellationToken cancellationToken = default) =>
        await db.Periods.AsNoTracking()
            .Where(p => months.Contains(p.Month) && p.Status != PeriodStatus.Open && p.CalculatedFiguresVersion != null
                && p.CalculatedFiguresVersion == p.FiguresVersion)
            .Select(p => p.Month)
            .ToArrayAsync(cancellationToken);

    /// <summary>
    /// The pay lines of <paramref name="months"/> that equal a forecast scenario of their person: calculated with the
    /// scheme version the person will be paid by, with every figure present (no KPI counted as 0 % for a missing plan or
    /// fact), and for a prorating scheme a whole month (hired by the 1st, not left before the month's end). One scan of
    /// the lines: per person the months, per month the variable parts' sum.
    /// </summary>
    public async Task<PaidScenarios> PaidScenariosAsync(IReadOnlyList<ForecastPerson> people, DateOnly[] months, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(people);
        var monthsOf = new Dictionary<int, HashSet<DateOnly>>();
        var funds = new Dictionary<DateOnly, decimal>();
        if (people.Count == 0 || months.Length == 0)
        {
            return new PaidScenarios(monthsOf, funds);
        }

        var connection = await OpenAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(PaidScenariosCommand(people, months));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (!reader.IsDBNull(0))
            {
                var mask = reader.GetInt32(3);
                monthsOf[reader.GetInt32(0)] = months.Where((_, i) => (mask >> i & 1) == 1).ToHashSet();
            }
            else
            {
                funds[reader.GetFieldValue<DateOnly>(1)] = reader.GetDecimal(2);
            }
        }

        return new PaidScenarios(monthsOf, funds);
    }

    /// <summary>
    /// Per person (month null) the months whose line stands, as bits (bit i: the i-th of @months); per month (person
    /// null) the sum of those lines' variable parts. The lines come from the index on (month, department), which carries
    /// the columns read (an index-only scan: no 1.4 KB row with its explanation is read).
    /// </summary>
    internal const string PaidScenariosSql = """
        SELECT p.employee_id, p.month, sum(p.variable) AS variable, bit_or(1 << (m.i - 1)::int) AS months
        FROM pay_lines p
        JOIN unnest(@months) WITH ORDINALITY AS m(month, i) ON m.month = p.month
        JOIN (SELECT s.employee_id, s.version_id, s.prorates, e.hire_date, e.leave_date
              FROM unnest(@people, @versions, @prorates) AS s(employee_id, version_id, prorates)
              JOIN employees e ON e.id = s.employee_id) AS s ON s.employee_id = p.employee_id
        WHERE s.version_id = p.scheme_version_id AND NOT p.missing_figures
          AND (NOT s.prorates OR (s.hire_date <= p.month
               AND (s.leave_date IS NULL OR s.leave_date >= (p.month + interval '1 month' - interval '1 day')::date)))
        GROUP BY GROUPING SETS ((p.employee_id), (p.month))
        """;

    /// <summary><see cref="PaidScenariosSql"/> with its parameters.</summary>
    internal static NpgsqlBatchCommand PaidScenariosCommand(IReadOnlyList<ForecastPerson> people, DateOnly[] months) =>
        Command(PaidScenariosSql, ("people", people.Select(p => p.Employee).ToArray()),
            ("versions", people.Select(p => p.SchemeVersionId).ToArray()), ("prorates", people.Select(p => p.Prorates).ToArray()),
            ("months", months));

    /// <summary>
    /// The people's months that have both a plan and a fact, from <paramref name="from"/> to <paramref name="to"/>, but for
    /// each person only the months not set in their mask (bit i: the i-th month from <paramref name="from"/>; 0: every
    /// month), streamed in employee order.
    /// </summary>
    public async IAsyncEnumerable<PersonValueRow> MeasuredValuesAsync(int[] people, int[] skipMasks, DateOnly from, DateOnly to,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (people.Length == 0)
        {
            yield break;
        }

        var connection = await OpenAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(Command(MeasuredMaskedValuesSql, ("people", people), ("masks", skipMasks), ("from", from), ("to", to),
            ("first", from.Year * 12 + from.Month - 1)));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var map = PersonValueRowOf(reader);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return map(reader);
        }
    }

    internal const string MeasuredMaskedValuesSql = """
        SELECT v.employee_id, v.month, v.kpi_key, v.plan, v.fact
        FROM unnest(@people, @masks) AS s(employee_id, mask)
        JOIN monthly_kpi_values v ON v.employee_id = s.employee_id AND v.month >= @from AND v.month <= @to
        WHERE v.plan IS NOT NULL AND v.fact IS NOT NULL
          AND (s.mask = 0 OR (s.mask >> (extract(year FROM v.month)::int * 12 + extract(month FROM v.month)::int - 1 - @first)) & 1 = 0)
        ORDER BY v.employee_id
        """;
}
