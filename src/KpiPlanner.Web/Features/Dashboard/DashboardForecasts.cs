using KpiPlanner.Domain.Dashboards;
using KpiPlanner.Domain.Goals;
using KpiPlanner.Domain.Kpis;
using KpiPlanner.Domain.Organisation;
using KpiPlanner.Domain.Payroll;
using KpiPlanner.Domain.Planning;
using KpiPlanner.Domain.Schemes;
using KpiPlanner.Infrastructure.Dashboards;

namespace KpiPlanner.Web.Features.Dashboard;

/// <summary>Today's month: its working days so far and in all (the company's calendar), and the share elapsed.</summary>
internal sealed record Pace(int Elapsed, int Days, MonthInProgress InProgress, WorkCalendar Calendar)
{
    public static async Task<Pace> OfAsync(DashboardQueries queries, DateOnly today, CancellationToken cancellationToken)
    {
        var calendar = await queries.CalendarAsync(today.Year, cancellationToken);
        var month = PeriodRange.OfMonth(today);
        var days = calendar.WorkingDays(month.Start, month.End);
        var elapsed = calendar.WorkingDays(month.Start, today);
        return new Pace(elapsed, days, MonthInProgress.Of(month, elapsed, days), calendar);
    }
}

/// <summary>The dashboards' forecasts: each KPI's run rate for the month and quarter, and next month's variable pay fund.</summary>
internal static class DashboardForecasts
{
    /// <summary>
    /// The run-rate forecast of the current month and quarter, per KPI, by the domain's rules (<see cref="RunRate.Outlook"/>):
    /// only for a period in progress, from the facts of the people who reported against their own plans, counts whole,
    /// flagged above the ceiling (3 × plan, or the KPI's highest month of the last 12), the quarter built from its months.
    /// </summary>
    public static IReadOnlyList<KpiForecast> RunRates(IReadOnlyList<DashboardKpi> kpis,
        IReadOnlyDictionary<string, IReadOnlyList<GroupMonth>> totals, PeriodRange period, PeriodRange quarter, DateOnly today, Pace pace)
    {
        if (!RunRate.Applies(period, today))
        {
            return []; // a past (or future) period has no forecast
        }

        var thisMonth = Period.FirstDay(today);
        var result = new List<KpiForecast>();
        foreach (var kpi in kpis)
        {
            var byMonth = (totals.GetValueOrDefault(kpi.Key) ?? []).ToDictionary(m => m.Month);
            var current = byMonth.GetValueOrDefault(thisMonth);
            var history = Enumerable.Range(1, DashboardService.HistoryMonths).Select(i => byMonth.GetValueOrDefault(thisMonth.AddMonths(-i))?.Fact(kpi.Rule))
                .OfType<decimal>().ToList();
            var others = quarter.Months.Select(m => m.Start).Where(m => m != thisMonth).Select(m =>
            {
                var month = byMonth.GetValueOrDefault(m);
                var days = pace.Calendar.WorkingDaysInMonth(m);
                return m < thisMonth
                    ? new OutlookMonth(m, month?.MeasuredFact(kpi.Rule), month?.MeasuredPlan(kpi.Rule), days)
                    : new OutlookMonth(m, null, month?.Plan(kpi.Rule), days);
            }).ToList();
            var outlook = RunRate.Outlook(new OutlookInput(kpi.Rule, kpi.Unit, today, current?.MeasuredFact(kpi.Rule), current?.MeasuredPlan(kpi.Rule),
                pace.Elapsed, pace.Days, history.Count > 0 ? history.Max() : null, others));
            if (outlook.Month is null && outlook.Quarter is null)
            {
                continue;
            }

            result.Add(new KpiForecast(kpi, outlook.MonthPlan, outlook.Month, ForecastStanding(kpi, outlook.MonthPlan, outlook.Month),
                outlook.QuarterPlan, outlook.Quarter, ForecastStanding(kpi, outlook.QuarterPlan, outlook.Quarter),
                current?.MeasuredCount ?? 0, current?.PlanCount ?? 0));
        }

        return result;
    }

    private static Standing ForecastStanding(DashboardKpi kpi, decimal? plan, RunRateForecast? forecast) =>
        plan is > 0 && forecast is { NeedsChecking: false } && Completion.OfRatio(kpi.Direction, plan.Value, forecast.Forecast) is { IsValid: true } c
            ? DashboardKpis.StandingOf(kpi, c.Value)
            : Standing.None;

    /// <summary>
    /// Next month's variable pay fund of a level (<see cref="PayFundForecast"/>): each person employed next month, by the
    /// scheme in force then, over their completions of the last 12 months — each month measured as the pay run measures
    /// it (<see cref="KpiMeasure.Of"/>; a growth KPI against the stored fact of its base month). A month a KPI could not
    /// be measured in (no base) counts as unknown, as a month without figures does.
    /// </summary>
    public static async Task<PayFundForecastView> PayFundAsync(DashboardQueries queries, DateOnly today, DashboardLevel level,
        int? departmentId, int? employeeId, CancellationToken cancellationToken)
    {
        var next = Period.FirstDay(today).AddMonths(1);
        var nextEnd = next.AddMonths(1).AddDays(-1);
        var window = Enumerable.Range(1, DashboardService.HistoryMonths).Select(i => next.AddMonths(-i - 1)).Order().ToArray();
        var versions = await queries.SchemeVersionsAsync(cancellationToken);
        var schemes = versions.GroupBy(v => v.PositionId).ToDictionary(g => g.Key, g => SchemeVersion.InForce(g, nextEnd)?.ToScheme());
        IReadOnlyCollection<int>? scope = null;
        if (level == DashboardLevel.Department)
        {
            var tree = new DepartmentTree((await queries.DepartmentsAsync(cancellationToken)).Select(d => (d.Id, d.ParentId)));
            scope = tree.Subtree(departmentId!.Value).ToList();
        }

        var staff = await queries.EmployedAsync(next, nextEnd, scope, level == DashboardLevel.Employee ? employeeId : null, cancellationToken);
        var schemeOf = staff.Where(p => schemes.GetValueOrDefault(p.PositionId) is not null).ToDictionary(p => p.Id, p => schemes[p.PositionId]!);
        var ids = schemeOf.Keys.Order().ToArray();
        var baseMonths = schemeOf.Values.SelectMany(s => s.Kpis).Select(k => k.Base).OfType<GrowthBase>()
            .SelectMany(b => window.Select(b.MonthOf)).OfType<DateOnly>().Distinct().ToArray();
        var bases = await queries.FactsAsync(ids, baseMonths, cancellationToken);

        var histories = new List<PersonHistory>(ids.Length);
        var months = new Dictionary<DateOnly, Completion?[]>();
        int? current = null;
        await foreach (var row in queries.MeasuredValuesAsync(ids, window[0], window[^1], cancellationToken))
        {
            if (row.Employee != current)
            {
                if (current is { } done)
                {
                    histories.Add(new PersonHistory(done, schemeOf[done], months));
                }

                current = row.Employee;
                months = [];
            }

            var scheme = schemeOf[row.Employee];
            var index = IndexOfKpi(scheme, row.Key);
            if (index < 0)
            {
                continue;
            }

            if (!months.TryGetValue(row.Month, out var completions))
            {
                months[row.Month] = completions = new Completion?[scheme.Kpis.Count];
            }

            var kpi = scheme.Kpis[index];
            var figures = new KpiFigures(row.Plan, row.Fact)
            {
                Base = PersonRollUp.BaseOf(kpi, row.Month, m => bases.TryGetValue((row.Employee, row.Key, m), out var f) ? f : null),
            };
            var (completion, missing) = KpiMeasure.Of(kpi, figures);
            completions[index] = missing == MissingFigure.None ? completion : null;
        }

        if (current is { } last)
        {
            histories.Add(new PersonHistory(last, schemeOf[last], months));
        }

        var seen = histories.Select(h => h.EmployeeId).ToHashSet();
        histories.AddRange(ids.Where(id => !seen.Contains(id)).Select(id => new PersonHistory(id, schemeOf[id], new Dictionary<DateOnly, Completion?[]>())));
        return new PayFundForecastView(PayFundForecast.Of(histories, window, next), next, window);
    }

    private static int IndexOfKpi(MotivationScheme scheme, string key)
    {
        for (var i = 0; i < scheme.Kpis.Count; i++)
        {
            if (SchemeKeys.KeyOf(scheme.Kpis[i].KpiCode, scheme.Kpis[i].Name) == key)
            {
                return i;
            }
        }

        return -1;
    }
}
