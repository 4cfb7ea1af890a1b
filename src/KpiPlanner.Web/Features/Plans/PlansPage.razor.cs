using System.Globalization;
using KpiPlanner.Domain.Goals;
using KpiPlanner.Domain.Kpis;
using KpiPlanner.Domain.Planning;
using KpiPlanner.Web.Features.Facts;
using KpiPlanner.Web.Localization;
using KpiPlanner.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.JSInterop;
using MudBlazor;

namespace KpiPlanner.Web.Features.Plans;

/// <summary>
/// The manager's plans and facts (<c>/plans</c>): the department, month and period come from the address; the grid is
/// the service's (<see cref="PlansService.LoadAsync"/>), which refuses what the person may not see. The markup is in
/// PlansPage.razor.
/// </summary>
public partial class PlansPage
{
    [SupplyParameterFromQuery(Name = "department")]
    public int? DepartmentId { get; set; }

    [SupplyParameterFromQuery(Name = "month")]
    public string? MonthKey { get; set; }

    /// <summary>A month (2026-11), quarter (2026-Q4), half-year (2026-H2) or year (2026).</summary>
    [SupplyParameterFromQuery(Name = "period")]
    public string? PeriodKey { get; set; }

    /// <summary>The caller as of now: read for every call, so rights taken away stop the next action.</summary>
    private Task<UserContext> Me() => CurrentUser.GetAsync();
    private IReadOnlyList<DepartmentOption>? scope;
    private PlanGrid? grid;
    private RollUpGrid? rollUp;

    private DepartmentOption CurrentDepartment => grid?.Department ?? rollUp!.Department;

    private PeriodRange CurrentPeriod => grid is not null ? PeriodRange.OfMonth(grid.Month) : rollUp!.Period;
    private bool denied;
    private bool saving;
    private decimal? raisePercent;
    private List<CellConflict> conflicts = [];
    private List<string> errors = [];
    /// <summary>The <see cref="errors"/> answer a save: said in the save bar, where save was pressed, not above the grid.</summary>
    private bool errorsFromSave;
    /// <summary>Raised by a save refused for cells that are not numbers: the first such cell is scrolled to and focused.</summary>
    private int focusRequest;
    private List<ImportRowError> importErrors = [];
    private string? importFile;
    private bool importing;
    private MudFileUpload<IBrowserFile>? upload;

    private string TemplateUrl(string format) => $"/api/periods/{Period.Key(grid!.Month)}/template?department={grid.Department.Id}&format={format}";

    /// <summary>All or nothing: a file with any bad row changes nothing and lists every bad row.</summary>
    private async Task ImportAsync(IBrowserFile? file)
    {
        if (file is null)
        {
            return;
        }

        importing = true;
        importErrors = [];
        errors = [];
        importFile = file.Name;
        try
        {
            // The import's own limit (the API's too); the file waits in a temporary file, not in memory.
            await using var buffer = new FileStream(Path.GetTempFileName(), FileMode.Open, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose);
            await using (var stream = file.OpenReadStream(maxAllowedSize: FactsImportService.MaxFileBytes))
            {
                await stream.CopyToAsync(buffer);
            }

            buffer.Position = 0;
            var month = grid!.Month;
            var result = await Import.ImportAsync(await Me(), month, buffer, file.Name, monthConfirmed: false);
            if (result.NeedsMonthConfirmation)
            {
                // A file that names no month (an old template, a hand-made file) goes in only once the month is confirmed.
                var shown = Formats.Month(month);
                if (await Dialogs.ShowMessageBoxAsync(L["Plans.ImportMonthTitle"], L["Plans.ImportMonthConfirm", file.Name, shown],
                        yesText: L["Plans.ImportMonthYes", shown], cancelText: L["Common.Cancel"]) != true)
                {
                    return;
                }

                buffer.Position = 0;
                result = await Import.ImportAsync(await Me(), month, buffer, file.Name, monthConfirmed: true);
            }

            if (result.Errors.Count > 0)
            {
                importErrors = result.Errors.ToList();
            }
            else
            {
                Snackbar.Add(Plural.Format(L, "Plans.Imported", result.Applied, Formats.Month(month), result.Applied, file.Name), Severity.Success);
                await ReloadAsync();
            }
        }
        catch (IOException)
        {
            errors = [L["Plans.ImportTooLarge", FactsImportService.MaxFileBytes / (1024 * 1024)]];
            errorsFromSave = false;
        }
        finally
        {
            importing = false;
            if (upload is not null)
            {
                await upload.ClearAsync();
            }
        }
    }

    /// <summary>Something to save or fix, over every page: from the grid's totals, worked out again only after an edit.</summary>
    private bool HasChanges => grid?.Totals.HasChanges == true;

    protected override async Task OnParametersSetAsync()
    {
        if (!RendererInfo.IsInteractive)
        {
            // The prerender shows the progress bar only: loading the month twice (prerender, then the circuit) doubled
            // the wait for a large department (issue 18; ~2 s each at the company root of 10 000 people).
            return;
        }

        scope ??= await Plans.ScopeAsync(await Me());
        await ReloadAsync();
    }

    private async Task ReloadAsync()
    {
        if (scope is not { Count: > 0 })
        {
            return;
        }

        var today = PeriodRange.OfMonth(DateOnly.FromDateTime(Time.GetLocalNow().Date));
        var period = PeriodRange.TryParse(PeriodKey ?? MonthKey) is { IsValid: true } parsed ? parsed.Value! : today;
        var department = DepartmentId ?? scope.OrderByDescending(d => d.Depth == 0 ? 0 : 1).ThenBy(d => d.Depth).First().Id;
        if (period.Kind == PeriodKind.Month)
        {
            rollUp = null;
            if (grid is null || grid.Department.Id != department || grid.Month != period.Start)
            {
                await OpenAsync(department, period.Start);
                return;
            }

            grid = await Plans.LoadAsync(await Me(), department, period.Start);
            denied = grid is null;
        }
        else
        {
            grid = null;
            rollUp = await Plans.LoadRollUpAsync(await Me(), department, period);
            denied = rollUp is null;
        }
    }

    private void ChangeDepartment(int id) => Go(id, CurrentPeriod);

    private void ChangeMonth(int delta) => Go(CurrentDepartment.Id, delta < 0 ? CurrentPeriod.Previous : CurrentPeriod.Next);

    /// <summary>Month → its quarter, half-year or year; a longer period → its last month (or this month, if inside).</summary>
    private void ChangeKind(PeriodKind kind)
    {
        var today = PeriodRange.OfMonth(DateOnly.FromDateTime(Time.GetLocalNow().Date));
        var month = CurrentPeriod.Kind == PeriodKind.Month ? CurrentPeriod : CurrentPeriod.Contains(today.Start) ? today : PeriodRange.OfMonth(CurrentPeriod.End);
        Go(CurrentDepartment.Id, kind == PeriodKind.Month ? month : month.Enclosing(kind));
    }

    private void Go(int department, PeriodRange period)
    {
        conflicts = [];
        errors = [];
        pageIndex = 0;
        subDepartment = null;
        Navigation.NavigateTo($"/plans?department={department}&period={period}");
    }

    private async Task CopyLastMonthAsync()
    {
        var previous = await Plans.PreviousPlansAsync(await CurrentUser.GetAsync(), grid!.Rows.Select(r => r.EmployeeId), grid.Month);
        var filled = 0;
        foreach (var row in grid.Rows)
        {
            foreach (var cell in row.Cells.Where(c => c.Plan is null))
            {
                if (previous.TryGetValue((row.EmployeeId, cell.Key), out var plan))
                {
                    cell.Plan = plan;
                    filled++;
                }
            }
        }

        Snackbar.Add(filled == 0 ? L["Plans.NothingToCopy"] : Plural.Format(L, "Plans.Copied", filled, filled), filled == 0 ? Severity.Info : Severity.Success);
    }

    /// <summary>Spreads what the department goal still lacks evenly over the empty plan cells (exact to the whole).</summary>
    private void FillFromGoal()
    {
        var filled = 0;
        foreach (var col in grid!.Columns.Where(c => grid.Goals.ContainsKey(c.Key)))
        {
            var cells = grid.Rows.Select(r => r.Cell(col.Key)).OfType<PlanCell>().ToList();
            var empty = cells.Where(c => c.Plan is null).ToList();
            var rest = grid.Goals[col.Key].Plan - cells.Sum(c => c.Plan ?? 0m);
            if (empty.Count == 0 || rest <= 0)
            {
                continue;
            }

            var parts = KpiPlanner.Domain.Goals.Decomposition.Equally(rest, empty.Count, col.Unit ?? KpiUnit.Money);
            if (!parts.IsValid)
            {
                continue;
            }

            for (var i = 0; i < empty.Count; i++)
            {
                empty[i].Plan = parts.Value![i];
                filled++;
            }
        }

        Snackbar.Add(filled == 0 ? L["Plans.NothingToFill"] : Plural.Format(L, "Plans.Filled", filled, filled), filled == 0 ? Severity.Info : Severity.Success);
    }

    private void Raise()
    {
        if (raisePercent is not { } percent)
        {
            return;
        }

        foreach (var col in grid!.Columns)
        {
            var decimals = col.Unit is KpiUnit.Money or KpiUnit.Count ? 0 : 2;
            foreach (var cell in grid.Rows.Select(r => r.Cell(col.Key)).OfType<PlanCell>().Where(c => c.Plan is not null))
            {
                cell.Plan = Math.Round(cell.Plan!.Value * (100m + percent) / 100m, decimals, MidpointRounding.AwayFromZero);
            }
        }
    }

    private async Task SaveAsync()
    {
        var invalid = grid!.Rows.SelectMany(r => r.Cells).Count(c => c.PlanError is not null || c.FactError is not null);
        if (invalid > 0)
        {
            errors = [Plural.Format(L, "Plans.FixCells", invalid, invalid)];
            errorsFromSave = true;
            ShowPageOf(grid.Rows.First(r => r.Cells.Any(c => c.PlanError is not null || c.FactError is not null))); // the first cell to fix is on screen

            focusRequest++;
            return;
        }

        if (!await PlansLookRightAsync())
        {
            return;
        }

        saving = true;
        var edits = grid.Rows.SelectMany(r => r.Cells.Where(c => c.Changed).Select(c => new CellEdit(r.EmployeeId, c.Key, c.ValueId, c.Version, c.Plan, c.Fact))).ToList();
        var result = await Plans.SaveAsync(await Me(), grid.Month, edits);
        saving = false;
        conflicts = result.Conflicts.ToList();
        errors = result.Errors.ToList();
        errorsFromSave = true;
        if (conflicts.Count > 0)
        {
            // Said where the person is looking, not only in the list at the top: a message that stays until closed,
            // and the cells concerned marked in the grid (their tooltip says whose value they now show).
            Snackbar.Add(Plural.Format(L, "Plans.ConflictsSnack", conflicts.Count, conflicts.Count, ConflictText(conflicts[0])), Severity.Warning, o =>
            {
                o.RequireInteraction = true;
                o.ShowCloseIcon = true;
            });
        }
        if (errors.Count == 0)
        {
            if (result.Saved > 0)
            {
                Snackbar.Add(Plural.Format(L, "Plans.Saved", result.Saved, result.Saved), Severity.Success);
            }

            await ReloadAsync();
        }
    }

    /// <summary>
    /// A changed plan more than ten times above or below the same person's plan of last month is most likely a typo
    /// (45 for 350 000): the save asks first, naming each such plan. True to go on.
    /// </summary>
    private async Task<bool> PlansLookRightAsync()
    {
        var changed = grid!.Rows.SelectMany(r => r.Cells.Where(c => c.Plan != c.SavedPlan && c.Plan is not null).Select(c => (Row: r, Cell: c))).ToList();
        if (changed.Count == 0)
        {
            return true;
        }

        var previous = await Plans.PreviousPlansAsync(await Me(), changed.Select(x => x.Row.EmployeeId).Distinct(), grid.Month);
        var odd = changed
            .Where(x => previous.TryGetValue((x.Row.EmployeeId, x.Cell.Key), out var before) && before > 0
                && (x.Cell.Plan!.Value > before * 10m || x.Cell.Plan.Value * 10m < before))
            .Select(x => L["Plans.OddPlan", x.Row.Name, ColumnName(x.Cell.Key), Show(x.Cell.Plan), Show(previous[(x.Row.EmployeeId, x.Cell.Key)])].Value)
            .ToList();
        if (odd.Count == 0)
        {
            return true;
        }

        var text = string.Join("\n", odd.Take(5)) + (odd.Count > 5 ? "\n" + L["Plans.OddPlanMore", odd.Count - 5] : string.Empty);
        var go = await Dialogs.ShowMessageBoxAsync(L["Plans.OddPlanTitle"], (MarkupString)System.Net.WebUtility.HtmlEncode(text).Replace("\n", "<br/>", StringComparison.Ordinal),
            yesText: L["Plans.OddPlanSave"], cancelText: L["Plans.OddPlanFix"]);
        return go == true;
    }

    /// <summary>
    /// Names the cell (person, KPI, plan and/or fact — only the parts that differ), the value saved first, who saved it
    /// and when, and what this person typed.
    /// </summary>
    private string ConflictText(CellConflict c)
    {
        string Parts(decimal? plan, decimal? fact) => string.Join(" / ", new[]
        {
            c.PlanDiffers ? L["Plans.ConflictPlan", ShowOrEmpty(plan)].Value : null,
            c.FactDiffers ? L["Plans.ConflictFact", ShowOrEmpty(fact)].Value : null,
        }.OfType<string>());
        return L["Plans.Conflict", c.Employee, ColumnName(c.Key), Parts(c.TheirPlan, c.TheirFact), c.TheirName ?? "—",
            c.TheirAt is { } at ? Formats.DateTime(at) : "—", Parts(c.YourPlan, c.YourFact)];
    }

    private string ShowOrEmpty(decimal? value) => value is { } v ? Formats.Plain(v, 4) : L["Plans.ConflictEmpty"].Value;

    /// <summary>
    /// The conflict of a plan (or fact) cell from the last save (null when none, or when only the other part was in
    /// conflict): the cell is marked and says why.
    /// </summary>
    private string? ConflictOf(int employeeId, string key, bool plan) =>
        conflicts.FirstOrDefault(c => c.EmployeeId == employeeId && c.Key == key && (plan ? c.PlanDiffers : c.FactDiffers)) is { } c ? ConflictText(c) : null;

    private string ColumnName(string key) => grid?.Columns.FirstOrDefault(c => c.Key == key)?.Name ?? key;

    private static string Show(decimal? value) => PlanGridText.Show(value);

    /// <summary>Said once above a month in progress: what its completions are measured against and why no pay is shown yet.</summary>
    private string InProgressNote(MonthInProgress running) => running.WorkingDaysElapsed is { } elapsed && elapsed > 0
        ? Plural.Format(L, "Plans.InProgress", running.WorkingDays ?? 0, elapsed, running.WorkingDays ?? 0)
        : string.Format(CultureInfo.CurrentCulture, L["Plans.InProgressNothingDue"], running.WorkingDays ?? 0);

    private string BaseTitle(KpiPlanner.Domain.Kpis.GrowthBase growthBase) => PlanGridText.BaseTitle(L, growthBase, grid!.Month);

    private string IndexHint(KpiPlanner.Domain.Schemes.SchemeKpi kpi) => PlanGridText.IndexHint(L, kpi);
}
