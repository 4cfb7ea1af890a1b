using System.Globalization;
using KpiPlanner.Domain.Dashboards;
using KpiPlanner.Domain.Goals;
using KpiPlanner.Domain.Kpis;
using Microsoft.AspNetCore.Components;
using KpiPlanner.Web.Localization;
using MudBlazor;

namespace KpiPlanner.Web.Features.Dashboard;

/// <summary>
/// The plan/fact dashboard page (<c>/dashboard</c>): the period, level and KPI come from the address; the view is the
/// service's (<see cref="DashboardService.LoadAsync"/>), which refuses what the person may not see. The markup is in
/// DashboardPage.razor.
/// </summary>
public partial class DashboardPage
{
    private static readonly PeriodKind[] Kinds = [PeriodKind.Month, PeriodKind.Quarter, PeriodKind.HalfYear, PeriodKind.Year];

    [SupplyParameterFromQuery(Name = "period")]
    public string? PeriodKey { get; set; }

    [SupplyParameterFromQuery(Name = "department")]
    public int? DepartmentId { get; set; }

    [SupplyParameterFromQuery(Name = "employee")]
    public int? EmployeeId { get; set; }

    [SupplyParameterFromQuery(Name = "kpi")]
    public string? Kpi { get; set; }

    private DashboardView? view;
    private bool forbidden;
    private string? badPeriod;
    private bool interactive;
    private bool byMonths;
    private int tab;
    private PayFundForecastView? forecast;

    /// <summary>The page (department, person) the forecast is of: it depends on nothing else (not the period, not the KPI).</summary>
    private (int? Department, int? Employee)? forecastOf;

    /// <summary>The KPI in the URL, else the one most people on this page carry (the company's main KPI, not the funnel's top).</summary>
    private string SelectedKpi => view?.KpiList.FirstOrDefault(k => k.Key == Kpi)?.Key
        ?? view?.Kpis.OrderByDescending(k => k.People).FirstOrDefault()?.Kpi.Key
        ?? string.Empty;

    protected override async Task OnParametersSetAsync()
    {
        var parsed = PeriodRange.TryParse(PeriodKey);
        badPeriod = string.IsNullOrWhiteSpace(PeriodKey) || parsed.IsValid ? null : PeriodKey;
        var period = parsed.IsValid ? parsed.Value! : PeriodRange.OfMonth(DateOnly.FromDateTime(Time.GetLocalNow().Date));
        if (!RendererInfo.IsInteractive)
        {
            // The prerender says only whether the page may be opened (the refusal is in the document itself); the view is
            // read once, by the circuit: reading it in both doubled the wait for a new tab (issue 18).
            forbidden = await Dashboards.ResolveAsync(await CurrentUser.GetAsync(), DepartmentId, EmployeeId) is null;
            return;
        }

        var tabsBefore = view is null ? default : TabsOf(view);
        view = await Dashboards.LoadAsync(await CurrentUser.GetAsync(), period, DepartmentId, EmployeeId);
        forbidden = view is null;
        if (view is not null && TabsOf(view) != tabsBefore)
        {
            // Another set of tabs (a person's page has no drill-down; the funnel and the plan accuracy come and go): the
            // old index would open some other tab, e.g. the pay fund after drilling down to a person. Back to the trend.
            tab = 0;
        }

        if (tab == PayTab)
        {
            await ForecastAsync();
        }
    }

    /// <summary>The pay-fund tab's place: after the trend, the drill-down (not on a person's page) and the funnel (when there is one).</summary>
    private int PayTab => 1 + (view?.Level != DashboardLevel.Employee ? 1 : 0) + (view?.Funnel.Count > 0 ? 1 : 0);

    /// <summary>Another tab shown; the pay-fund tab reads its forecast as it opens (once per page, not per visit of the tab).</summary>
    private async Task ShowTabAsync(int index)
    {
        tab = index;
        if (index == PayTab)
        {
            await ForecastAsync();
        }
    }

    private static (bool Kpis, bool Drill, bool Funnel, bool Accuracy) TabsOf(DashboardView v) =>
        (v.Kpis.Count > 0, v.Level != DashboardLevel.Employee, v.Funnel.Count > 0, v.Accuracy.Count > 0);

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender && RendererInfo.IsInteractive)
        {
            interactive = true;
            StateHasChanged();
        }
    }

    private string Url(PeriodRange period, int? department, int? employee, string? kpi)
    {
        var query = new List<string> { "period=" + period };
        if (department is { } d)
        {
            query.Add("department=" + d.ToString(CultureInfo.InvariantCulture));
        }

        if (employee is { } e)
        {
            query.Add("employee=" + e.ToString(CultureInfo.InvariantCulture));
        }

        if (!string.IsNullOrEmpty(kpi))
        {
            query.Add("kpi=" + Uri.EscapeDataString(kpi));
        }

        return "/dashboard?" + string.Join("&", query);
    }

    private string LevelUrl(int? department, int? employee) => Url(view!.Period, department, employee, Kpi);

    private string ExportUrl => "/api/dashboard/export" + Url(view!.Period, view.DepartmentId, view.EmployeeId, null)["/dashboard".Length..];

    private void Go(PeriodRange period) => Navigation.NavigateTo(Url(period, view!.DepartmentId, view.EmployeeId, Kpi));

    private void SwitchKind(PeriodKind kind) => Go(view!.Period.Start.Year == view.Today.Year && view.Period.Contains(view.Today)
        ? PeriodRange.Containing(view.Today, kind)
        : PeriodRange.Containing(view.Period.End, kind));

    private void SelectKpi(string key)
    {
        Kpi = key;
        Navigation.NavigateTo(Url(view!.Period, view.DepartmentId, view.EmployeeId, key), replace: true);
    }

    private IReadOnlyList<BreadcrumbItem> Crumbs => view!.Path
        .Select((c, i) => new BreadcrumbItem(c.Name, i == view.Path.Count - 1 ? null : Url(view.Period, c.DepartmentId, c.EmployeeId, Kpi), disabled: i == view.Path.Count - 1))
        .ToList();

    /// <summary>
    /// Next month's pay-fund forecast, on the pay-fund tab with no button to press (issue 18): read as the tab opens
    /// (~150 ms for 10 000 people, off the circuit's thread), not on every visit of the page, and kept while the page
    /// (department, person) stays; a forecast of a page left meanwhile is dropped.
    /// </summary>
    private async Task ForecastAsync()
    {
        if (view is not { } shown || !RendererInfo.IsInteractive)
        {
            forecast = null;
            forecastOf = null;
            return;
        }

        if (forecastOf == (shown.DepartmentId, shown.EmployeeId) && forecast is not null)
        {
            return; // another period or KPI of the same page: the same forecast, not read again
        }

        forecast = null;
        forecastOf = (shown.DepartmentId, shown.EmployeeId);
        StateHasChanged();
        // Worked out off the circuit's thread (10 000 people's pay, ~150 ms): the page answers clicks meanwhile.
        var user = await CurrentUser.GetAsync();
        var result = await Task.Run(() => Dashboards.ForecastPayFundAsync(user, shown.DepartmentId, shown.EmployeeId));
        if (ReferenceEquals(view, shown))
        {
            forecast = result;
        }
    }

    /// <summary>The months heat map's rows for a KPI: each row's cell of each month (one look-up per cell).</summary>
    private List<(string Name, IReadOnlyList<Standing> Cells)> HeatRows(DashboardKpi kpi)
    {
        var cells = view!.HeatByKpi[kpi.Key].ToDictionary(h => (h.RowId, h.Month), h => h.Standing);
        return view.Rows
            .Select(r => (r.Name, (IReadOnlyList<Standing>)view.HeatMonths.Select(m => cells.GetValueOrDefault((r.Id, m)) ?? Standing.None).ToList()))
            .ToList();
    }

    /// <summary>The months the chart draws: from the first month with a plan or fact, at most 24.</summary>
    private IReadOnlyList<TrendPoint> Charted(DashboardKpi kpi) =>
        view!.Trend[kpi.Key].SkipWhile(p => p.Plan is null && p.Fact is null).ToList();

    private string[] TrendLabels(DashboardKpi kpi) => Charted(kpi).Select(TrendLabel).ToArray();

    /// <summary>Today's month is marked «(идёт)»: its fact so far is not a dip.</summary>
    private string TrendLabel(TrendPoint point) => MonthShort(point.Month) + (point.InProgress ? " " + D["Trend.InProgressMark"] : string.Empty);

    private string HeatLabel(DateOnly month) => MonthShort(month) + (month == KpiPlanner.Domain.Planning.Period.FirstDay(view!.Today) ? " " + D["Trend.InProgressMark"] : string.Empty);

    /// <summary>The page shows a period that holds today: its completions are to date (decision 008).</summary>
    private bool InProgress => view is not null && view.Period.Contains(view.Today) && view.Kpis.Count + view.Goals.Count > 0;

    private string InProgressBanner() => view!.MonthWorkingDays.Elapsed <= 0
        ? string.Format(CultureInfo.CurrentCulture, D["ToDate.BannerNotStarted"], view.Period.Label(CultureInfo.CurrentUICulture), view.MonthWorkingDays.Total)
        : string.Format(CultureInfo.CurrentCulture, D["ToDate.Banner"], view.Period.Label(CultureInfo.CurrentUICulture),
            view.MonthWorkingDays.Elapsed, view.MonthWorkingDays.Total);

    private List<ChartSeries<double>> TrendSeries(DashboardKpi kpi)
    {
        var points = Charted(kpi);
        return
        [
            new() { Name = D["Plan"], Data = ChartAxis.Points(points.Select(p => p.Plan)) },
            new() { Name = D["Fact"], Data = ChartAxis.Points(points.Select(p => p.Fact)) },
            new() { Name = D["LastYear"], Data = ChartAxis.Points(points.Select(p => p.LastYearFact)) },
            .. PaceSeries(points),
        ];
    }

    /// <summary>
    /// The month in progress: a line from last month's fact to where this month ends at its pace so far, so its partial
    /// fact does not read as a dip (absent before the month's first working day and for other periods).
    /// </summary>
    private List<ChartSeries<double>> PaceSeries(IReadOnlyList<TrendPoint> points)
    {
        var i = points.Count - 1;
        if (i < 1 || points[i].Pace is null || points[i - 1].Fact is null)
        {
            return [];
        }

        return [new() { Name = D["Trend.Pace"], Data = ChartAxis.Points(points.Select((p, n) => n == i ? p.Pace : n == i - 1 ? p.Fact : null)) }];
    }

    private LineChartOptions TrendOptions(DashboardKpi kpi) => new()
    {
        // MudBlazor's first three colours (plan, fact, last year), then the month's pace in a colour of its own (its
        // default fourth, orange, reads as last year's yellow).
        ChartPalette = ["#2979FF", "#1DE9B6", "#FFC400", "#9C27B0"],
        YAxisToStringFunc = tick => ChartAxis.Label(kpi.Unit, tick),
        YAxisTicks = ChartAxis.Step(Charted(kpi).SelectMany(p => new[] { p.Plan, p.Fact, p.LastYearFact, p.Pace })),
        MaxNumYAxisTicks = ChartAxis.MaxLines,
        XAxisLabelRotation = 45,
        ShowToolTips = true,
    };

    private static BarChartOptions MoneyOptions(IEnumerable<decimal?> values) => new()
    {
        YAxisToStringFunc = tick => ChartAxis.Label(KpiUnit.Money, tick),
        YAxisTicks = ChartAxis.Step(values),
        MaxNumYAxisTicks = ChartAxis.MaxLines,
        XAxisLabelRotation = 45,
        ShowToolTips = true,
    };

    private List<ChartSeries<double>> PaySeries() =>
    [
        new() { Name = D["Pay.Planned"], Data = ChartAxis.Points(view!.PayFund.Select(p => (decimal?)p.Planned)) },
        new() { Name = D["Pay.Earned"], Data = ChartAxis.Points(view.PayFund.Select(p => (decimal?)(p.Earned ?? 0m))) },
    ];

    private List<ChartSeries<double>> ScenarioSeries() =>
    [
        new() { Name = D["PayForecast.Scenario"], Data = ChartAxis.Points(forecast!.Result.Scenarios.Select(s => (decimal?)s.Fund)) },
    ];

    private static string MonthShort(DateOnly month) =>
        month.ToDateTime(TimeOnly.MinValue).ToString("MMM yyyy", CultureInfo.CurrentCulture);

    private static string Value(KpiUnit? unit, decimal? value) => value is not { } v ? "—" : unit switch
    {
        KpiUnit.Money => Formats.Money(Math.Round(v, 2, MidpointRounding.AwayFromZero)),
        KpiUnit.Percent => Formats.Percent(v),
        _ => Formats.Plain(v, 1),
    };

    private static string Percent(Standing standing) => standing.Completion switch
    {
        null => "—",
        { IsPositiveInfinity: true } => "+∞",
        { IsRawValue: true } c => Formats.Plain(c.Value),
        { } c => Formats.Percent(c.Value),
    };

    private string CellTitle(DashboardKpi kpi, GroupRolledUp? value, Standing standing) =>
        value is null ? string.Empty
            : $"{D["Plan"]}: {Value(kpi.Unit, value.Plan)} · {D["Fact"]}: {Value(kpi.Unit, value.Fact)}" + (standing.Band is { } band ? " · " + band : string.Empty)
              + (standing.ToDate && value.PlanToDate is { } due ? $" · {D["ToDate.Plan"]}: {Value(kpi.Unit, due)}" : string.Empty);

    private string Conversion(FunnelStage stage, decimal? value) => value is not { } v ? "—"
        : stage.IsAmountPerUnit ? Formats.Money(Math.Round(v, 2, MidpointRounding.AwayFromZero)) : Formats.Percent(v);

    private static string Signed(decimal percent) => (percent > 0 ? "+" : string.Empty) + Formats.Percent(percent);

    private string ForecastHint() => string.Format(CultureInfo.CurrentCulture, D["Forecast.Hint"], Formats.Date(view!.Today),
        view.MonthWorkingDays.Elapsed, view.MonthWorkingDays.Total);

    internal static string ToneClass(Tone tone) => tone switch
    {
        Tone.Good => "good",
        Tone.Warning => "warning",
        Tone.Bad => "bad",
        _ => "none",
    };

    private static string BorderOf(Tone tone) => tone switch
    {
        Tone.Good => "border-left: 6px solid var(--mud-palette-success)",
        Tone.Warning => "border-left: 6px solid var(--mud-palette-warning)",
        Tone.Bad => "border-left: 6px solid var(--mud-palette-error)",
        _ => "border-left: 6px solid var(--mud-palette-lines-default)",
    };

    /// <summary>An index's parts with their weights («50 % Время приготовления заказа + 50 % Допродажи десертов»).</summary>
    private static string PartsOf(DashboardKpi kpi) =>
        string.Join(" + ", (kpi.Source?.Parts ?? []).Select(p => Formats.Weight(p.Weight) + " " + p.Kpi));

    /// <summary>
    /// A growth KPI's base and its growth made against the growth planned («база (прошлый месяц): 519 400,00 ₽ · прирост
    /// +2,4 % при плане +4,9 %»): why 532 100 of 545 000 is 49,6 % — the completion is growth over planned growth.
    /// </summary>
    private string GrowthLine(DashboardKpi kpi, GrowthBaseKind kind, decimal plan, decimal fact, decimal @base)
    {
        var culture = CultureInfo.CurrentCulture;
        return @base > 0m
            ? string.Format(culture, D["Growth.Line"], D["Base." + kind], Value(kpi.Unit, @base), Signed((fact - @base) / @base * 100m), Signed((plan - @base) / @base * 100m))
            : string.Format(culture, D["Growth.BaseOnly"], D["Base." + kind], Value(kpi.Unit, @base));
    }
}
