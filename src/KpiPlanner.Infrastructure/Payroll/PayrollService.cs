using KpiPlanner.Domain.Audit;
using KpiPlanner.Domain.Payroll;
using KpiPlanner.Domain.Planning;
using KpiPlanner.Domain.Schemes;
using KpiPlanner.Domain.Validation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace KpiPlanner.Infrastructure.Payroll;

/// <summary>
/// The pay run and the month's lifecycle in the database (domain.md §5–6). Each operation is one transaction that
/// locks the month's row, so two people calculating or closing at once queue instead of interleaving. Callers check
/// who may do what; the domain checks which transition is allowed; the database refuses changes to a closed month.
/// </summary>
public sealed partial class PayrollService(IDbContextFactory<KpiDbContext> dbFactory, TimeProvider time)
{
    /// <summary>
    /// Calculates the pay of everyone employed in the month with the scheme version in force then, prorating hires
    /// and leavers, and replaces the month's pay lines in one transaction: all of them or none (a failure halfway
    /// leaves the previous calculation intact). Adjustments stay.
    /// </summary>
    public async Task<PayRunResult> CalculateAsync(DateOnly month, string? by, CancellationToken cancellationToken = default)
    {
        month = Period.FirstDay(month);
        var monthEnd = month.AddMonths(1).AddDays(-1);
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var period = await LockAsync(db, month, create: true, cancellationToken);
            var refused = period!.Calculated(now, by);
            if (refused.Count > 0)
            {
                return new PayRunResult(refused, 0, 0, []);
            }

            var people = await db.Employees.AsNoTracking()
                .Where(e => e.HireDate <= monthEnd && (e.LeaveDate == null || e.LeaveDate >= month))
                .Select(e => new { e.Id, e.DepartmentId, e.PositionId, e.HireDate, e.LeaveDate })
                .ToListAsync(cancellationToken);
            var versions = (await db.SchemeVersions.AsNoTracking().Where(v => v.EffectiveFrom <= monthEnd).ToListAsync(cancellationToken))
                .GroupBy(v => v.PositionId)
                .ToDictionary(g => g.Key, g => SchemeVersion.InForce(g, monthEnd)!);
            var schemes = versions.ToDictionary(v => v.Key, v => v.Value.ToScheme());
            var values = await FiguresAsync(db, month, cancellationToken);
            var bases = await GrowthBaseFacts.LoadAsync(db, schemes.Values, month, null, cancellationToken);

            var bonuses = await db.PayBonuses.AsNoTracking().Where(b => b.Month == month)
                .ToDictionaryAsync(b => b.EmployeeId, b => b.Amount, cancellationToken);
            var previous = await db.PayLines.AsNoTracking().Where(l => l.Month == month)
                .ToDictionaryAsync(l => l.EmployeeId, l => l.Total, cancellationToken);
            var calendar = await CalendarAsync(db, month.Year, cancellationToken);

            var keys = schemes.ToDictionary(s => s.Key, s => s.Value.Kpis.Select(k => SchemeKeys.KeyOf(k.KpiCode, k.Name)).ToArray());
            var fullByWorkingDays = WorkedTime.In(month, month, null, ProrationBasis.WorkingDays, calendar);
            var fullByCalendar = WorkedTime.In(month, month, null, ProrationBasis.CalendarDays, calendar);
            var withoutScheme = new List<int>();
            var (count, changed, total) = (0, 0, 0m);
            var paid = new HashSet<int>();
            var byDepartment = new SortedDictionary<int, PaySummary>();

            // Each line is calculated as the COPY asks for it and written at once, so 10 000 explanations are never
            // held together (issue 18: the close's time was the COPY, the formula and the garbage of what it kept).
            IEnumerable<PayLine> Lines()
            {
                foreach (var person in people)
                {
                    if (!versions.TryGetValue(person.PositionId, out var version))
                    {
                        withoutScheme.Add(person.Id);
                        continue;
                    }

                    var scheme = schemes[person.PositionId];
                    var schemeKeys = keys[person.PositionId];
                    var figures = new KpiFigures[scheme.Kpis.Count];
                    for (var i = 0; i < figures.Length; i++)
                    {
                        var key = schemeKeys[i];
                        figures[i] = bases.With(values.GetValueOrDefault((person.Id, key)), scheme.Kpis[i], person.Id, key);
                    }

                    // Most people work the whole month: its days are counted once per basis, not once per person.
                    var worked = person.HireDate <= month && (person.LeaveDate is null || person.LeaveDate >= monthEnd)
                        ? (scheme.Proration == ProrationBasis.CalendarDays ? fullByCalendar : fullByWorkingDays)
                        : WorkedTime.In(month, person.HireDate, person.LeaveDate, scheme.Proration, calendar);
                    var explanation = PayLineCalculator.Calculate(scheme, figures, worked, bonuses.GetValueOrDefault(person.Id), month);
                    var line = new PayLine(month, person.Id, person.DepartmentId, person.PositionId, version.Id,
                        version.Spec.Name ?? string.Empty, version.EffectiveFrom, explanation,
                        previous.TryGetValue(person.Id, out var before) ? before : null, now, by);
                    (count, changed, total) = (count + 1, changed + (line.ChangedSincePrevious ? 1 : 0), total + line.Total);
                    paid.Add(person.Id);
                    byDepartment[line.DepartmentId] = byDepartment.GetValueOrDefault(line.DepartmentId).With(line);
                    yield return line;
                }
            }

            await db.PayLines.Where(l => l.Month == month).ExecuteDeleteAsync(cancellationToken);
            await CopyAsync(db, Lines(), cancellationToken);
            await SummariseAsync(db, month, byDepartment, cancellationToken);
            changed += previous.Keys.Count(id => !paid.Contains(id));
            db.AuditLog.Add(new AuditEntry(now, by, AuditAction.PeriodCalculated, month,
                oldValue: previous.Count == 0 ? null : Sum(previous.Values), newValue: Sum([total])));
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new PayRunResult([], count, changed, withoutScheme);
        });
    }

    /// <summary>
    /// Approves the calculated month; refused when plans or facts changed after the calculation. With
    /// <paramref name="fourEyes"/> it is refused too when the approver is the only person who changed the month's pay by
    /// hand (<see cref="HandChangersAsync"/>); without it such an approval goes through and the audit log records that
    /// the rule was waived, and by whom.
    /// </summary>
    public Task<IReadOnlyList<DomainError>> ApproveAsync(DateOnly month, string? by, bool fourEyes = true, CancellationToken cancellationToken = default) =>
        TransitionAsync(month, async (db, period, now) =>
        {
            var alone = await ChangedOnlyByAsync(db, period.Month, by, cancellationToken);
            var stale = await ChangedSinceCalculationAsync(db, period, cancellationToken);
            if (alone && fourEyes && period.Status == PeriodStatus.Calculated && !stale)
            {
                return [DomainErrors.Create(DomainErrors.PeriodFourEyes, "approvedBy", ("month", new Month(period.Month)))];
            }

            var errors = period.Approve(now, by, stale);
            if (errors.Count == 0)
            {
                db.AuditLog.Add(new AuditEntry(now, by, AuditAction.PeriodApproved, period.Month, newValue: await TotalAsync(db, period.Month, cancellationToken)));
                if (alone)
                {
                    db.AuditLog.Add(new AuditEntry(now, by, AuditAction.FourEyesWaived, period.Month, newValue: by));
                }
            }

            return errors;
        }, cancellationToken);

    /// <summary>Takes an approval back, with a reason, so the month can be corrected and recalculated.</summary>
    public Task<IReadOnlyList<DomainError>> RevokeApprovalAsync(DateOnly month, string? by, string? reason, CancellationToken cancellationToken = default) =>
        TransitionAsync(month, (db, period, now) =>
        {
            var errors = period.RevokeApproval(reason);
            if (errors.Count == 0)
            {
                db.AuditLog.Add(new AuditEntry(now, by, AuditAction.ApprovalRevoked, period.Month, reason: reason));
            }

            return Task.FromResult(errors);
        }, cancellationToken);

    /// <summary>
    /// Closes the approved month. With facts missing it is refused with the list of who misses what, unless
    /// <paramref name="countMissingAsZero"/> — then the decision is recorded in the period and the audit log. A month
    /// that is not over yet (today is on or before its last day) is refused unless <paramref name="closeEarly"/> confirms
    /// it; the audit log then records the early close with the days that were left.
    /// </summary>
    public async Task<CloseResult> CloseAsync(DateOnly month, string? by, bool countMissingAsZero, bool closeEarly = false,
        CancellationToken cancellationToken = default)
    {
        IReadOnlyList<MissingFacts> missing = [];
        var errors = await TransitionAsync(month, async (db, period, now) =>
        {
            missing = await MissingFactsAsync(db, period.Month, cancellationToken);
            var refused = period.Close(now, by, missing.Count, countMissingAsZero, await ChangedSinceCalculationAsync(db, period, cancellationToken));
            var left = refused.Count == 0 ? await TimeLeftAsync(db, period.Month, cancellationToken) : MonthTimeLeft.None;
            if (refused.Count == 0 && left.Days > 0 && !closeEarly)
            {
                // Nothing is saved: the transition saves only when there is no error.
                refused = [DomainErrors.Create(DomainErrors.PeriodNotOver, "closeEarly", ("month", new Month(period.Month)), ("days", left.Days),
                    ("workingDays", left.WorkingDays), ("end", period.Month.AddMonths(1).AddDays(-1)))];
            }

            if (refused.Count == 0)
            {
                if (left.Days > 0)
                {
                    db.AuditLog.Add(new AuditEntry(now, by, AuditAction.ClosedBeforeMonthEnd, period.Month,
                        newValue: left.Days.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                }

                if (missing.Count > 0)
                {
                    db.AuditLog.Add(new AuditEntry(now, by, AuditAction.MissingFactsCountedAsZero, period.Month,
                        newValue: string.Join(", ", missing.Select(m => m.PersonnelNumber))));
                }

                db.AuditLog.Add(new AuditEntry(now, by, AuditAction.PeriodClosed, period.Month, newValue: await TotalAsync(db, period.Month, cancellationToken)));
                if (await ChangedOnlyByAsync(db, period.Month, period.ApprovedBy, cancellationToken))
                {
                    // The approval it closes on waived the four-eyes rule: the close says so too.
                    db.AuditLog.Add(new AuditEntry(now, by, AuditAction.FourEyesWaived, period.Month, newValue: period.ApprovedBy));
                }
            }

            return refused;
        }, cancellationToken);
        return new CloseResult(errors, missing);
    }

    /// <summary>Re-opens a closed month — an HR or owner decision with a reason, kept in the audit log.</summary>
    public Task<IReadOnlyList<DomainError>> ReopenAsync(DateOnly month, string? by, string? reason, CancellationToken cancellationToken = default) =>
        TransitionAsync(month, (db, period, now) =>
        {
            var errors = period.Reopen(reason);
            if (errors.Count == 0)
            {
                db.AuditLog.Add(new AuditEntry(now, by, AuditAction.PeriodReopened, period.Month, reason: reason));
            }

            return Task.FromResult(errors);
        }, cancellationToken);

    private async Task<IReadOnlyList<DomainError>> TransitionAsync(DateOnly month,
        Func<KpiDbContext, Period, DateTimeOffset, Task<IReadOnlyList<DomainError>>> change, CancellationToken cancellationToken,
        bool createPeriod = false)
    {
        month = Period.FirstDay(month);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var period = await LockAsync(db, month, createPeriod, cancellationToken);
            var errors = period is null
                ? [DomainErrors.Create(DomainErrors.PeriodNotCalculated, "status", ("month", new Month(month)))]
                : await change(db, period, time.GetUtcNow());
            if (errors.Count > 0)
            {
                return errors;
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return errors;
        });
    }

    /// <summary>The month's row, locked until the transaction ends (created open when asked and missing).</summary>
    private static async Task<Period?> LockAsync(KpiDbContext db, DateOnly month, bool create, CancellationToken cancellationToken)
    {
        if (create)
        {
            await db.Database.ExecuteSqlAsync(
                $"INSERT INTO periods (month, status, missing_facts_counted_as_zero) VALUES ({month}, 'Open', false) ON CONFLICT (month) DO NOTHING",
                cancellationToken);
        }

        return await db.Periods.FromSql($"SELECT *, xmin FROM periods WHERE month = {month} FOR UPDATE").SingleOrDefaultAsync(cancellationToken);
    }

    private static async Task<string> TotalAsync(KpiDbContext db, DateOnly month, CancellationToken cancellationToken)
    {
        var lines = await db.PayLines.Where(l => l.Month == month).SumAsync(l => l.Total, cancellationToken);
        var adjustments = await db.PayAdjustments.Where(a => a.Month == month).SumAsync(a => a.Amount, cancellationToken);
        return Sum([lines + adjustments]);
    }

    /// <summary>The explanation as stored in <c>pay_lines.explanation</c> (jsonb).</summary>
    public static string SerializeExplanation(PayExplanation explanation) => PayExplanationJson.ToJson(explanation);

    private static string Sum(IEnumerable<decimal> amounts) => amounts.Sum().ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// The month's plans and facts by (employee, KPI key), read with a plain reader inside the caller's transaction: the
    /// hot path of a 10 000-person close reads 50 000 rows, and entity materialisation would be most of its cost.
    /// </summary>
    private static async Task<Dictionary<(int, string), KpiFigures>> FiguresAsync(KpiDbContext db, DateOnly month, CancellationToken cancellationToken)
    {
        var values = new Dictionary<(int, string), KpiFigures>();
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var command = new NpgsqlCommand("SELECT employee_id, kpi_key, plan, fact FROM monthly_kpi_values WHERE month = $1", connection,
            (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction());
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = month });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            values[(reader.GetInt32(0), reader.GetString(1))] = new KpiFigures(
                reader.IsDBNull(2) ? null : reader.GetDecimal(2),
                reader.IsDBNull(3) ? null : reader.GetDecimal(3));
        }

        return values;
    }

    /// <summary>
    /// The facts of growth KPIs' base months (the same month last year, the month before) by (month, employee, KPI key),
    /// inside the caller's transaction; only the months some scheme's growth KPI needs are read.
    /// </summary>
    /// <summary>Writes the pay lines with PostgreSQL's binary COPY, inside the caller's transaction.</summary>
    private static async Task CopyAsync(KpiDbContext db, IEnumerable<PayLine> lines, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var importer = await connection.BeginBinaryImportAsync(
            "COPY pay_lines (month, employee_id, department_id, position_id, scheme_version_id, scheme_name, scheme_effective_from, " +
            "fixed, planned_variable, variable, bonus, total, gated, missing_figures, previous_total, explanation, calculated_at, calculated_by) " +
            "FROM STDIN (FORMAT BINARY)", cancellationToken);
        var json = new PayExplanationJson();
        foreach (var line in lines)
        {
            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(line.Month, NpgsqlDbType.Date, cancellationToken);
            await importer.WriteAsync(line.EmployeeId, NpgsqlDbType.Integer, cancellationToken);
            await importer.WriteAsync(line.DepartmentId, NpgsqlDbType.Integer, cancellationToken);
            await importer.WriteAsync(line.PositionId, NpgsqlDbType.Integer, cancellationToken);
            await importer.WriteAsync(line.SchemeVersionId, NpgsqlDbType.Integer, cancellationToken);
            await importer.WriteAsync(line.SchemeName, NpgsqlDbType.Varchar, cancellationToken);
            await importer.WriteAsync(line.SchemeEffectiveFrom, NpgsqlDbType.Date, cancellationToken);
            await importer.WriteAsync(line.Fixed, NpgsqlDbType.Numeric, cancellationToken);
            await importer.WriteAsync(line.PlannedVariable, NpgsqlDbType.Numeric, cancellationToken);
            await importer.WriteAsync(line.Variable, NpgsqlDbType.Numeric, cancellationToken);
            await importer.WriteAsync(line.Bonus, NpgsqlDbType.Numeric, cancellationToken);
            await importer.WriteAsync(line.Total, NpgsqlDbType.Numeric, cancellationToken);
            await importer.WriteAsync(line.Gated, NpgsqlDbType.Boolean, cancellationToken);
            await importer.WriteAsync(line.MissingFigures, NpgsqlDbType.Boolean, cancellationToken);
            if (line.PreviousTotal is { } previousTotal)
            {
                await importer.WriteAsync(previousTotal, NpgsqlDbType.Numeric, cancellationToken);
            }
            else
            {
                await importer.WriteNullAsync(cancellationToken);
            }

            await importer.WriteAsync(json.Write(line.Explanation), NpgsqlDbType.Jsonb, cancellationToken);
            await importer.WriteAsync(line.CalculatedAt, NpgsqlDbType.TimestampTz, cancellationToken);
            if (line.CalculatedBy is { } calculatedBy)
            {
                await importer.WriteAsync(calculatedBy, NpgsqlDbType.Varchar, cancellationToken);
            }
            else
            {
                await importer.WriteNullAsync(cancellationToken);
            }
        }

        await importer.CompleteAsync(cancellationToken);
    }
}
