using System.Globalization;
using KpiPlanner.Domain.Dashboards;
using KpiPlanner.Domain.Goals;
using KpiPlanner.Domain.Organisation;
using KpiPlanner.Domain.Schemes;
using KpiPlanner.Infrastructure.Dashboards;

namespace KpiPlanner.Web.Features.Dashboard;

/// <summary>
/// One person's dashboard: their KPIs by their own scheme, each month measured as the pay run measures it
/// (<see cref="PersonRollUp"/>: the same completion and band as the pay line, growth against its base month), the
/// trend, the heat map of the last 12 months and their variable pay.
/// </summary>
internal static class EmployeeDashboard
{
    /// <param name="pathOf">The breadcrumbs to a person of a department (the caller's access scope filters them).</param>
    public static async Task<DashboardView> LoadAsync(DashboardQueries queries, PeriodRange period, int employeeId, DateOnly today,
        IReadOnlyList<SchemeVersion> versions, DateOnly windowStart, DateOnly windowEnd, PeriodRange quarter, IReadOnlySet<DateOnly> calculated,
        Func<int, string, IReadOnlyList<Crumb>> pathOf, CultureInfo culture, CancellationToken cancellationToken)
    {
        const int History = DashboardService.HistoryMonths;
        var person = await queries.PersonAsync(employeeId, cancellationToken);
        var scheme = SchemeVersion.InForce(versions.Where(v => v.PositionId == person.PositionId), period.End)?.ToScheme();
        var values = await queries.PersonValuesAsync(employeeId, windowStart, windowEnd, quarter, cancellationToken);
        var lines = await queries.PersonPayAsync(employeeId, windowEnd.AddMonths(1 - History), windowEnd, cancellationToken);

        // The person's own scheme decides the KPIs' rules, scales and measurements.
        var directory = DashboardKpis.Directory(versions, period.End, culture);
        foreach (var kpi in scheme?.Kpis ?? [])
        {
            var key = SchemeKeys.KeyOf(kpi.KpiCode, kpi.Name);
            directory[key] = directory.TryGetValue(key, out var known)
                ? known with { Scale = kpi.Scale, Rule = kpi.Aggregation, Direction = kpi.Direction, Source = kpi, PartKeys = DashboardKpis.PartKeysOf(scheme!, kpi) }
                : DashboardKpis.ToKpi(key, kpi, culture, scheme!);
        }

        DashboardKpis.AddMissing(directory, values.Select(v => v.Key), culture);
        var own = (scheme?.Kpis ?? []).Select(k => SchemeKeys.KeyOf(k.KpiCode, k.Name)).ToHashSet(StringComparer.Ordinal);
        var kpiList = DashboardKpis.Shown(directory.Values.Where(k => !k.IsIndex || own.Contains(k.Key)), values.Select(v => v.Key).ToHashSet(StringComparer.Ordinal));

        // A growth KPI's base: the person's stored fact of its base month (or the scheme's fixed value).
        var baseMonths = (scheme?.Kpis ?? []).Select(k => k.Base).OfType<KpiPlanner.Domain.Kpis.GrowthBase>()
            .SelectMany(b => values.Select(v => b.MonthOf(v.Month))).OfType<DateOnly>().Distinct().ToArray();
        var bases = await queries.FactsAsync([employeeId], baseMonths, cancellationToken);
        var months = kpiList.Where(k => !k.IsIndex).ToDictionary(k => k.Key, k =>
        {
            var source = own.Contains(k.Key) ? k.Source : null;
            return (IReadOnlyList<PersonMonth>)values.Where(v => v.Key == k.Key).OrderBy(v => v.Month)
                .Select(v => new PersonMonth(v.Month, v.Plan, v.Fact,
                    PersonRollUp.BaseOf(source, v.Month, m => bases.TryGetValue((employeeId, k.Key, m), out var f) ? f : null)))
                .ToList();
        });
        var series = kpiList.ToDictionary(k => k.Key, k => (IReadOnlyList<GroupMonth>)(months.GetValueOrDefault(k.Key) ?? []).Select(v => v.AsGroup()).ToList());
        var pace = await Pace.OfAsync(queries, today, cancellationToken);
        GroupRolledUp Measure(DashboardKpi kpi, PeriodRange p) => kpi.IsIndex && kpi.Source is { } index
            ? GroupMeasure.Index(index, i => kpi.PartKeys!.TryGetValue(i, out var key) && directory.TryGetValue(key, out var part) && !part.IsIndex
                && months.ContainsKey(key) ? Measure(part, p) : null)
            : PersonRollUp.Of(own.Contains(kpi.Key) ? kpi.Source : null, kpi.Rule, kpi.Direction, months[kpi.Key], p, pace.InProgress);

        var kpis = kpiList.Select(k => DashboardKpis.Summarise(k, series[k.Key], period, pace.InProgress, Measure(k, period))).ToList();
        var trend = kpiList.ToDictionary(k => k.Key, k => DashboardKpis.Trend(k, series[k.Key], windowStart, windowEnd, pace.InProgress,
            m => Measure(k, PeriodRange.OfMonth(m)).Completion));
        var heatMonths = Enumerable.Range(0, History).Select(i => windowEnd.AddMonths(1 - History + i)).ToList();
        var heat = kpiList.ToDictionary(k => k.Key, k => (IReadOnlyList<HeatCell>)heatMonths
            .Select(m => (Month: m, Rolled: Measure(k, PeriodRange.OfMonth(m))))
            .Select(x => new HeatCell("e" + employeeId.ToString(CultureInfo.InvariantCulture), x.Month,
                DashboardKpis.StandingOf(k, x.Rolled.Completion, x.Rolled.InProgress)))
            .ToList());
        var payFund = heatMonths.Select(m =>
        {
            var line = lines.FirstOrDefault(l => l.Month == m);
            return line is not null && calculated.Contains(m)
                ? new PayFundMonth(m, line.Planned, line.Variable, 1, true)
                : new PayFundMonth(m, scheme?.PlannedVariable ?? 0m, null, 1, false);
        }).ToList();
        var inPeriod = lines.Where(l => period.Contains(l.Month)).ToList();
        var name = Employee.FormatFullName(person.LastName, person.FirstName, person.MiddleName);

        return new DashboardView
        {
            Period = period,
            Level = DashboardLevel.Employee,
            Title = name,
            EmployeeId = employeeId,
            Path = pathOf(person.DepartmentId, name),
            KpiList = kpiList,
            Kpis = kpis,
            Trend = trend,
            Rows = [],
            HeatMonths = heatMonths,
            HeatByKpi = heat,
            Funnel = DashboardKpis.FunnelOf(kpis),
            PayFund = payFund,
            PayFundRows = inPeriod.Count > 0 ? [new PayFundRow(name, inPeriod.Sum(l => l.Planned), inPeriod.Sum(l => l.Variable))] : [],
            Accuracy = [],
            Goals = [],
            Forecasts = DashboardForecasts.RunRates(kpiList, series, period, quarter, today, pace),
            MonthWorkingDays = (pace.Elapsed, pace.Days),
            Today = today,
        };
    }
}
