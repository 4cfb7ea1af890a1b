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
    /// A scenario month whose pay line already is the scenario (<see cref="DashboardQueries.PaidScenariosAsync"/>: same
    /// scheme version, every figure present, a whole month, figures unchanged since the calculation, a scheme of plain
    /// plan/fact KPIs without one-off ones) is read from the line instead of measured again; only the other months'
    /// plans and facts are streamed, and a person's whole window only when a median is needed (issue 18).
    /// </summary>
    public static async Task<PayFundForecastView> PayFundAsync(DashboardQueries queries, DateOnly today, DashboardLevel level,
        int? departmentId, int? employeeId, CancellationToken cancellationToken)
    {
        var next = Period.FirstDay(today).AddMonths(1);
        var nextEnd = next.AddMonths(1).AddDays(-1);
        var window = Enumerable.Range(1, DashboardService.HistoryMonths).Select(i => next.AddMonths(-i - 1)).Order().ToArray();
        var versions = await queries.SchemeVersionsAsync(cancellationToken);
        var versionOf = versions.GroupBy(v => v.PositionId).ToDictionary(g => g.Key, g => SchemeVersion.InForce(g, nextEnd));
        var schemes = versionOf.ToDictionary(v => v.Key, v => v.Value?.ToScheme());
        IReadOnlyCollection<int>? scope = null;
        if (level == DashboardLevel.Department)
        {
            var tree = new DepartmentTree((await queries.DepartmentsAsync(cancellationToken)).Select(d => (d.Id, d.ParentId)));
            scope = tree.Subtree(departmentId!.Value).ToList();
        }

        var staff = await queries.EmployedAsync(next, nextEnd, scope, level == DashboardLevel.Employee ? employeeId : null, cancellationToken);
        var withScheme = staff.Where(p => schemes.GetValueOrDefault(p.PositionId) is not null).ToList();
        var schemeOf = withScheme.ToDictionary(p => p.Id, p => schemes[p.PositionId]!);
        var ids = schemeOf.Keys.Order().ToArray();

        // The scenarios the pay lines already hold.
        var paidMonths = await queries.UnchangedCalculatedMonthsAsync(window, cancellationToken);
        var reusable = withScheme.Where(p => LinesStandForScenarios(schemeOf[p.Id]))
            .Select(p => new ForecastPerson(p.Id, versionOf[p.PositionId]!.Id, schemeOf[p.Id].ProrateVariable)).ToList();
        var paid = await queries.PaidScenariosAsync(reusable, paidMonths, cancellationToken);
        var paidOf = ids.ToDictionary(id => id, id => (IReadOnlySet<DateOnly>?)paid.MonthsOf.GetValueOrDefault(id) ?? new HashSet<DateOnly>());
        int MaskOf(int id) => window.Select((m, i) => paidOf[id].Contains(m) ? 1 << i : 0).Sum();

        var baseMonths = schemeOf.Values.SelectMany(s => s.Kpis).Select(k => k.Base).OfType<GrowthBase>()
            .SelectMany(b => window.Select(b.MonthOf)).OfType<DateOnly>().Distinct().ToArray();
        var bases = await queries.FactsAsync(ids, baseMonths, cancellationToken);

        // The other months' completions; a person missing a figure in one of them needs their medians, so their whole window.
        var streamed = ids.Where(id => paidOf[id].Count < window.Length).ToArray();
        var months = await CompletionsAsync(queries, streamed, streamed.Select(MaskOf).ToArray(), window, schemeOf, bases, cancellationToken);
        var needMedians = streamed.Where(id => paidOf[id].Count > 0 && window.Any(m => !paidOf[id].Contains(m)
            && (!months.TryGetValue(id, out var seen) || !seen.TryGetValue(m, out var c) || c.Length < schemeOf[id].Kpis.Count || c.Any(x => x is null)))).ToArray();
        foreach (var (id, whole) in await CompletionsAsync(queries, needMedians, new int[needMedians.Length], window, schemeOf, bases, cancellationToken))
        {
            months[id] = whole;
        }

        var histories = ids.Select(id => new PersonHistory(id, schemeOf[id], months.GetValueOrDefault(id) ?? [])
        {
            Paid = paidOf[id],
        }).ToList();
        return new PayFundForecastView(PayFundForecast.Of(histories, window, next, paid.Funds), next, window);
    }

    /// <summary>
    /// Whether a scheme's pay line of a month computes exactly what the forecast's scenario of that month computes: every
    /// KPI a plan/fact ratio or a growth against a fixed base (no part measured from other KPIs, no base month whose fact
    /// may have changed since, no raw value that a fact alone measures), none one-off (due in one month, not the other).
    /// </summary>
    private static bool LinesStandForScenarios(MotivationScheme scheme) => scheme.Kpis.All(k => k.OneOff is null
        && (k.Measurement == Measurement.Ratio || (k.Measurement == Measurement.Growth && k.Base is { Kind: GrowthBaseKind.Fixed })));

    /// <summary>Each person's completions per month, measured as the pay run measures them, streamed in employee order.</summary>
    private static async Task<Dictionary<int, Dictionary<DateOnly, Completion?[]>>> CompletionsAsync(DashboardQueries queries, int[] people,
        int[] skipMasks, DateOnly[] window, Dictionary<int, MotivationScheme> schemeOf,
        Dictionary<(int Employee, string Key, DateOnly Month), decimal> bases, CancellationToken cancellationToken)
    {
        var result = new Dictionary<int, Dictionary<DateOnly, Completion?[]>>();
        await foreach (var row in queries.MeasuredValuesAsync(people, skipMasks, window[0], window[^1], cancellationToken))
        {
            if (!result.TryGetValue(row.Employee, out var months))
            {
                result[row.Employee] = months = [];
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

        return result;
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
