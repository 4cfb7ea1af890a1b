using System.Globalization;
using KpiPlanner.Domain.Dashboards;
using KpiPlanner.Domain.Goals;
using KpiPlanner.Domain.Kpis;
using KpiPlanner.Domain.Payroll;
using KpiPlanner.Domain.Planning;
using KpiPlanner.Domain.Scales;
using KpiPlanner.Domain.Schemes;

namespace KpiPlanner.Web.Features.Dashboard;

/// <summary>
/// The dashboards' KPIs: which KPIs a page shows (from the schemes, or the catalogue), in what order, their bands, and
/// each KPI's card, trend and funnel stage — the domain's roll-ups and scales applied to the rows read.
/// </summary>
internal static class DashboardKpis
{
    private static readonly CoefficientScale DefaultScale = ScalePresets.ArticleTable3(CultureInfo.InvariantCulture);

    /// <summary>
    /// Band of a completion on the KPI's scale (the article's table 3 when the KPI has none, e.g. a goal). A completion
    /// to date (<paramref name="toDate"/>: a period in progress, against the plan due by today) keeps its colour — the
    /// pace — but has no band name and no coefficient: nobody has earned or lost a coefficient before the period ends.
    /// </summary>
    public static Standing StandingOf(DashboardKpi kpi, Completion? completion, bool toDate = false)
    {
        if (completion is not { } c)
        {
            return Standing.None;
        }

        var scale = kpi.Scale ?? DefaultScale;
        if (c.IsRawValue != (scale.Kind == ScaleKind.RawValue))
        {
            return new Standing(c, null, null, Tone.None) { ToDate = toDate };
        }

        var band = scale.Lookup(c);
        var atPlan = scale.Lookup(scale.PlanPoint).Coefficient;
        var coefficient = scale.ApplyCap(band.Coefficient);
        var tone = coefficient <= 0m ? Tone.Bad : coefficient < atPlan ? Tone.Warning : Tone.Good;
        return toDate
            ? new Standing(c, null, null, tone) { ToDate = true }
            : new Standing(c, kpi.Scale is null ? null : coefficient, band.Label, tone);
    }

    /// <summary>Every KPI of the schemes in force at <paramref name="day"/> (or, failing that, of any version), by key.</summary>
    public static Dictionary<string, DashboardKpi> Directory(IReadOnlyList<SchemeVersion> versions, DateOnly day, CultureInfo culture,
        IReadOnlyList<int>? preferredPositions = null)
    {
        var result = new Dictionary<string, DashboardKpi>(StringComparer.Ordinal);
        var rank = (preferredPositions ?? []).Select((p, i) => (p, i)).ToDictionary(x => x.p, x => x.i);
        var inForce = versions.GroupBy(v => v.PositionId).OrderBy(g => rank.GetValueOrDefault(g.Key, int.MaxValue))
            .Select(g => SchemeVersion.InForce(g, day)).OfType<SchemeVersion>();
        foreach (var version in inForce.Concat(versions.OrderByDescending(v => v.EffectiveFrom)))
        {
            var scheme = MotivationScheme.Create(version.Spec);
            if (!scheme.IsValid)
            {
                continue;
            }

            foreach (var kpi in scheme.Value!.Kpis)
            {
                var key = SchemeKeys.KeyOf(kpi.KpiCode, kpi.Name);
                result.TryAdd(key, ToKpi(key, kpi, culture, scheme.Value));
            }
        }

        return result;
    }

    public static DashboardKpi ToKpi(string key, SchemeKpi kpi, CultureInfo culture, MotivationScheme scheme)
    {
        var template = KpiCatalog.Find(key);
        return new DashboardKpi(key, template?.Name.For(culture) ?? kpi.Name, template?.Unit, kpi.Direction, kpi.Aggregation, kpi.Scale, kpi)
        {
            PartKeys = PartKeysOf(scheme, kpi),
        };
    }

    /// <summary>An index's parts by their place in the scheme, each as its key; null for any other KPI.</summary>
    public static IReadOnlyDictionary<int, string>? PartKeysOf(MotivationScheme scheme, SchemeKpi kpi) =>
        kpi.Measurement != Measurement.Aggregate || kpi.Parts.Count == 0
            ? null
            : kpi.Parts.ToDictionary(p => p.Index, p => SchemeKeys.KeyOf(scheme.Kpis[p.Index].KpiCode, scheme.Kpis[p.Index].Name));

    /// <summary>The KPIs a page shows: those with figures among <paramref name="keys"/>, and each index whose parts all have some.</summary>
    public static List<DashboardKpi> Shown(IEnumerable<DashboardKpi> directory, IReadOnlySet<string> keys) =>
        Order(directory.Where(k => keys.Contains(k.Key) || (k.IsIndex && k.PartKeys!.Values.All(keys.Contains))));

    /// <summary>
    /// The growth KPIs of every position's scheme in force at <paramref name="day"/>, with where each base comes from —
    /// what a group's growth is read against (<see cref="GroupMeasure.Growth"/>).
    /// </summary>
    public static KpiPlanner.Infrastructure.Dashboards.GrowthBaseSpec[] GrowthBases(IReadOnlyList<SchemeVersion> versions, DateOnly day) =>
        versions.GroupBy(v => v.PositionId)
            .Select(g => (Position: g.Key, Scheme: SchemeVersion.InForce(g, day)?.ToScheme()))
            .SelectMany(x => (x.Scheme?.Kpis ?? [])
                .Where(k => k.Measurement == Measurement.Growth && k.Base is { } b && (b.MonthsBack is not null || b.Value is not null))
                .Select(k => new KpiPlanner.Infrastructure.Dashboards.GrowthBaseSpec(x.Position, SchemeKeys.KeyOf(k.KpiCode, k.Name), k.Base!.MonthsBack,
                    k.Base.MonthsBack is null ? k.Base.Value : null)))
            .ToArray();

    /// <summary>
    /// How a group's row reads each KPI over a period (a department, the company, the page's totals): by its rule
    /// (<see cref="GroupRollUp.Of"/>); a growth KPI from the group's base and an index from the group's parts
    /// (<see cref="GroupMeasure"/>), as the plan grid's team total reads them.
    /// </summary>
    public static Func<DashboardKpi, PeriodRange, GroupRolledUp> GroupMeasureOf(IReadOnlyDictionary<string, IReadOnlyList<GroupMonth>> series,
        IReadOnlyDictionary<string, List<GrowthMonth>> growth, IReadOnlyDictionary<string, DashboardKpi> directory, MonthInProgress inProgress)
    {
        GroupRolledUp Measure(DashboardKpi kpi, PeriodRange period)
        {
            if (kpi.IsIndex && kpi.Source is { } index)
            {
                return GroupMeasure.Index(index, i => kpi.PartKeys!.TryGetValue(i, out var key) && directory.TryGetValue(key, out var part) && !part.IsIndex
                    ? Measure(part, period)
                    : null);
            }

            var rolled = GroupRollUp.Of(kpi.Rule, kpi.Direction, series.GetValueOrDefault(kpi.Key) ?? [], period, inProgress);
            return kpi.Source is { Measurement: Measurement.Growth } source
                ? GroupMeasure.Growth(source, rolled, growth.GetValueOrDefault(kpi.Key) ?? [], period, inProgress)
                : rolled;
        }

        return Measure;
    }

    /// <summary>A KPI no scheme on the page names: the catalogue's, or a summed higher-is-better KPI of that name.</summary>
    public static DashboardKpi Fallback(string key, CultureInfo culture)
    {
        var template = KpiCatalog.Find(key);
        return template is null
            ? new DashboardKpi(key, key, null, Direction.HigherIsBetter, AggregationRule.Sum, null)
            : new DashboardKpi(key, template.Name.For(culture), template.Unit, template.Direction, template.Aggregation, null);
    }

    /// <summary>Adds a fallback for every key the directory lacks.</summary>
    public static void AddMissing(Dictionary<string, DashboardKpi> directory, IEnumerable<string> keys, CultureInfo culture)
    {
        foreach (var key in keys.Distinct().Where(k => !directory.ContainsKey(k)).ToList())
        {
            directory[key] = Fallback(key, culture);
        }
    }

    /// <summary>Catalogue order first (the funnel reads top-down), then custom KPIs by name.</summary>
    public static List<DashboardKpi> Order(IEnumerable<DashboardKpi> kpis)
    {
        var order = KpiCatalog.Templates.Select((k, i) => (k.Code, i)).ToDictionary(x => x.Code, x => x.i);
        return kpis.OrderBy(k => order.GetValueOrDefault(k.Key, int.MaxValue)).ThenBy(k => k.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>The funnel of the period's roll-ups of the funnel KPIs on the page.</summary>
    public static IReadOnlyList<FunnelStage> FunnelOf(IEnumerable<KpiSummary> kpis) =>
        Funnel.Of(kpis.Where(k => Funnel.StageKeys.Contains(k.Kpi.Key))
            .Select(k => new FunnelStageInput(k.Kpi.Key, k.Kpi.Name, k.Kpi.Unit ?? KpiUnit.Count, k.Current.Plan, k.Current.Fact)).ToList());

    /// <summary>
    /// A KPI's card: the period rolled up (<paramref name="current"/> when the caller measured it — one person's KPI,
    /// by <see cref="PersonRollUp"/> — else the group's roll-up), with last year like for like.
    /// </summary>
    public static KpiSummary Summarise(DashboardKpi kpi, IReadOnlyList<GroupMonth> months, PeriodRange period, MonthInProgress inProgress,
        GroupRolledUp? current = null)
    {
        // A period holding today's month: the facts so far against the plan due by today, no coefficient (issue 16).
        current ??= GroupRollUp.Of(kpi.Rule, kpi.Direction, months, period, inProgress);
        var facts = months.Where(m => m.FactCount > 0 && m.Fact(kpi.Rule) is not null)
            .Select(m => new MonthValue(PeriodRange.OfMonth(m.Month), m.Fact(kpi.Rule)!.Value));
        // The month in progress is compared with the same share of last year's month, never a part with a whole.
        var yoy = YearOverYear.CompareLikeForLike(kpi.Rule, facts, period, inProgress);
        var people = months.Where(m => period.Contains(m.Month)).Select(m => m.PlanCount).DefaultIfEmpty(0).Max();
        var running = current.InProgress ? months.FirstOrDefault(m => m.Month == inProgress.Month.Start) : null;
        return new KpiSummary(kpi, current, StandingOf(kpi, current.Completion, current.InProgress), yoy.LastYear, yoy.ChangePercent, people)
        {
            Reporting = running?.MeasuredCount ?? 0,
            Planned = running?.PlanCount ?? 0,
        };
    }

    /// <summary>
    /// The trend's months; today's month is marked partial (its fact so far is not a dip) and measured to date. A month's
    /// completion is <paramref name="completionOf"/>'s when given (one person's month, as the pay run measures it).
    /// </summary>
    public static IReadOnlyList<TrendPoint> Trend(DashboardKpi kpi, IReadOnlyList<GroupMonth> months, DateOnly from, DateOnly to,
        MonthInProgress inProgress, Func<DateOnly, Completion?>? completionOf = null)
    {
        var byMonth = months.ToDictionary(m => m.Month);
        var points = new List<TrendPoint>();
        for (var month = from; month <= to; month = month.AddMonths(1))
        {
            var value = byMonth.GetValueOrDefault(month);
            var lastYear = byMonth.GetValueOrDefault(month.AddYears(-1));
            var completion = completionOf is not null ? completionOf(month)
                : value is null ? null
                : GroupRollUp.Of(kpi.Rule, kpi.Direction, [value], PeriodRange.OfMonth(month), inProgress).Completion;
            var running = month == inProgress.Month.Start;
            var pace = running && inProgress is { WorkingDaysElapsed: { } elapsed, WorkingDays: { } days }
                ? RunRate.Forecast(kpi.Rule, value?.Fact(kpi.Rule), elapsed, days)
                : null;
            points.Add(new TrendPoint(month, value?.Plan(kpi.Rule), value?.Fact(kpi.Rule), lastYear?.Fact(kpi.Rule), completion)
            {
                InProgress = running,
                Pace = pace is null ? null : RunRate.Round(kpi.Unit, kpi.Rule, pace.Forecast),
            });
        }

        return points;
    }

    /// <summary>The planned variable part of a position's scheme in force at the month's end (0 without one).</summary>
    public static decimal PlannedVariable(Dictionary<int, List<SchemeVersion>> versions, int positionId, DateOnly month) =>
        versions.TryGetValue(positionId, out var list) && SchemeVersion.InForce(list, month.AddMonths(1).AddDays(-1)) is { } v ? v.Spec.PlannedVariable : 0m;
}
