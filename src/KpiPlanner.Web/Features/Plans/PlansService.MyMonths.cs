using KpiPlanner.Domain.Organisation;
using KpiPlanner.Domain.Planning;
using KpiPlanner.Domain.Schemes;
using KpiPlanner.Infrastructure;
using KpiPlanner.Infrastructure.Postgres;
using KpiPlanner.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace KpiPlanner.Web.Features.Plans;

/// <summary>The employee's own months: plans, facts, the estimate and the statement (the employee's home).</summary>
public sealed partial class PlansService
{
    /// <summary>
    /// An employee's own plans, facts and estimated pay for the last <paramref name="months"/> months, newest first.
    /// Only ever for the caller's own employee record: an account not linked to an employee gets nothing.
    /// </summary>
    public async Task<IReadOnlyList<MyMonth>> MyMonthsAsync(UserContext user, int months, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.EmployeeId is not { } employeeId)
        {
            return [];
        }

        var current = Period.FirstDay(DateOnly.FromDateTime(time.GetLocalNow().Date));
        var first = current.AddMonths(1 - months);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var employee = await db.Employees.AsNoTracking().SingleOrDefaultAsync(e => e.Id == employeeId, cancellationToken);
        if (employee is null)
        {
            return [];
        }

        var versions = await db.SchemeVersions.AsNoTracking().Where(v => v.PositionId == employee.PositionId).ToListAsync(cancellationToken);
        // A year more than shown: the bases of growth KPIs (the same month last year, the month before).
        var values = await db.MonthlyKpiValues.AsNoTracking().Where(v => v.EmployeeId == employeeId && v.Month >= first.AddYears(-1)).ToListAsync(cancellationToken);
        var closed = await db.Periods.AsNoTracking().Where(p => p.Month >= first && p.Status == PeriodStatus.Closed).Select(p => p.Month).ToListAsync(cancellationToken);
        var approved = await db.Periods.AsNoTracking().Where(p => p.Month >= first && (p.Status == PeriodStatus.Approved || p.Status == PeriodStatus.Closed))
            .Select(p => p.Month).ToListAsync(cancellationToken);
        var lines = await db.PayLines.AsNoTracking().Where(l => l.EmployeeId == employeeId && approved.Contains(l.Month)).ToDictionaryAsync(l => l.Month, cancellationToken);
        var adjustments = (await db.PayAdjustments.AsNoTracking().Where(a => a.EmployeeId == employeeId && approved.Contains(a.Month)).OrderBy(a => a.CreatedAt).ToListAsync(cancellationToken))
            .ToLookup(a => a.Month);
        // Today's month is in progress (issue 16): its facts so far are read against the plan due by today, with no band
        // or coefficient, and no pay is estimated from them — the result is known when the month closes.
        var today = DateOnly.FromDateTime(time.GetLocalNow().Date);
        var calendar = await KpiPlanner.Infrastructure.Payroll.PayrollService.CalendarAsync(db, today.Year, cancellationToken);
        var monthDays = calendar.WorkingDaysInMonth(current);
        var elapsedDays = calendar.WorkingDays(current, today);
        var running = KpiPlanner.Domain.Goals.MonthInProgress.Of(KpiPlanner.Domain.Goals.PeriodRange.OfMonth(current), elapsedDays, monthDays);
        var result = new List<MyMonth>();
        for (var month = current; month >= first; month = month.AddMonths(-1))
        {
            var monthEnd = month.AddMonths(1).AddDays(-1);
            if (!employee.IsEmployedOn(monthEnd) && !employee.IsEmployedOn(month))
            {
                continue;
            }

            var version = SchemeVersion.InForce(versions, monthEnd);
            var scheme = version?.ToScheme();
            var kpis = new List<MyKpi>();
            var completions = new List<KpiPlanner.Domain.Kpis.Completion>();
            var inProgress = month == current;
            var schemeKpis = scheme?.Kpis ?? [];
            var figuresOf = schemeKpis.Select(kpi =>
            {
                var key = KeyOf(kpi.KpiCode, kpi.Name);
                var value = values.FirstOrDefault(v => v.Month == month && v.KpiKey == key);
                var baseFact = kpi.Base?.MonthOf(month) is { } baseMonth ? values.FirstOrDefault(v => v.Month == baseMonth && v.KpiKey == key)?.Fact : kpi.Base?.Value;
                return new KpiPlanner.Domain.Payroll.KpiFigures(value?.Plan, value?.Fact) { Base = baseFact };
            }).ToArray();

            // As every screen reads a KPI-month (the grid, the dashboards): today's month against what is due by today;
            // an aggregated KPI from its parts' readings.
            KpiPlanner.Domain.Payroll.KpiReading ReadingOf(int i) => schemeKpis[i].Measurement == KpiPlanner.Domain.Kpis.Measurement.Aggregate
                ? KpiPlanner.Domain.Payroll.KpiMeasure.ReadIndex(schemeKpis[i], ReadingOf)
                : KpiPlanner.Domain.Payroll.KpiMeasure.Read(schemeKpis[i], figuresOf[i], inProgress ? running : null);

            for (var i = 0; i < schemeKpis.Count; i++)
            {
                var kpi = schemeKpis[i];
                if (!kpi.IsDueIn(month))
                {
                    // A one-off KPI outside the month its period ends in: shown with its dates, not measured, not paid.
                    kpis.Add(new MyKpi(kpi.Name, kpi.Weight, null, null, null, null, null) { OneOff = kpi.OneOff, NotDue = true });
                    completions.Add(default);
                    continue;
                }

                var key = KeyOf(kpi.KpiCode, kpi.Name);
                var value = values.FirstOrDefault(v => v.Month == month && v.KpiKey == key);
                var figures = figuresOf[i];
                var unit = KpiPlanner.Domain.Kpis.KpiCatalog.Find(key)?.Unit;
                var reading = ReadingOf(i);
                var completion = reading.Completion;
                var planToDate = inProgress ? reading.PlanToDate : null;

                var lookup = completion is { } c && !inProgress ? kpi.Scale.Lookup(c) : (KpiPlanner.Domain.Scales.BandLookup?)null;
                kpis.Add(new MyKpi(kpi.Name, kpi.Weight, value?.Plan, value?.Fact,
                    completion is { IsPositiveInfinity: false } ok ? ok.Value : null, lookup?.Label, lookup?.Coefficient)
                {
                    Measured = completion,
                    PlanToDate = planToDate,
                    RawValue = kpi.Measurement == KpiPlanner.Domain.Kpis.Measurement.RawValue,
                    Unit = unit,
                    IndexParts = kpi.Parts.Count == 0 ? null : KpiPlanner.Web.Localization.IndexFormula.Parts(kpi),
                    OneOff = kpi.OneOff,
                    // The fact that would have reached the next band; none for today's month, which has no band yet (decision 008).
                    Next = inProgress ? null : KpiPlanner.Domain.Payroll.NextBand.Of(kpi, figures, unit is { } u ? KpiPlanner.Domain.Goals.Decomposition.DecimalsOf(u) : 2),
                });
                if (completion is { } measuredCompletion)
                {
                    completions.Add(measuredCompletion);
                }
            }

            var estimate = scheme is not null && completions.Count == scheme.Kpis.Count && !inProgress ? KpiPlanner.Domain.Pay.PayCalculator.Calculate(scheme, completions, month: month) : null;
            var statement = lines.TryGetValue(month, out var line)
                ? new MyStatement(closed.Contains(month), line.Fixed, line.Variable, line.Bonus,
                    line.Total + adjustments[month].Sum(a => a.Amount), adjustments[month].Select(a => (a.Amount, a.Reason)).ToList(), line.Explanation.Worked)
                {
                    Formula = MyPayFormula.Of(line.Explanation),
                }
                : null;
            result.Add(new MyMonth(month, closed.Contains(month), version?.Spec.Name, kpis, estimate is { IsValid: true } ? estimate.Value : null, statement)
            {
                WorkingDays = month == current ? (elapsedDays, monthDays) : null,
            });
        }

        return result;
    }
}
