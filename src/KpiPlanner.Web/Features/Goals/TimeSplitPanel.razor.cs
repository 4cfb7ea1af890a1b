using System.Globalization;
using KpiPlanner.Domain.Goals;
using KpiPlanner.Domain.Kpis;
using KpiPlanner.Domain.Planning;
using KpiPlanner.Domain.Validation;
using KpiPlanner.Web.Components.Shared;
using KpiPlanner.Web.Localization;
using KpiPlanner.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.Localization;
using Microsoft.JSInterop;
using MudBlazor;

namespace KpiPlanner.Web.Features.Goals;

/// <summary>
/// A goal node's plan split in time (issue 4, "Splits"), shown before anything is saved, through
/// <see cref="TimeSplitService"/>. The markup is in TimeSplitPanel.razor.
/// </summary>
public partial class TimeSplitPanel
{
    /// <summary>The goal as saved.</summary>
    [Parameter, EditorRequired]
    public GoalDocument Document { get; set; } = default!;

    /// <summary>The month the goal page shows: its year is the default year of the split.</summary>
    [Parameter]
    public DateOnly Month { get; set; }

    /// <summary>True while the tree has edits that are not saved: a split would reload the page and lose them.</summary>
    [Parameter]
    public bool HasUnsavedChanges { get; set; }

    /// <summary>Only the owner saves; HR sees the calculation.</summary>
    [Parameter]
    public bool CanEdit { get; set; }

    /// <summary>After a save: the page reloads the goal (its plans of the month may have changed).</summary>
    [Parameter]
    public EventCallback OnSaved { get; set; }

    private IReadOnlyList<GoalNodeSpec> nodes = [];
    private int? loadedFor;
    private string? code;
    private int year;
    private string periodKey = string.Empty;
    private TimeSplitContext? context;
    private TimeSplitMode mode = TimeSplitMode.LastYear;
    private string level = "Month";
    private bool workingDays = true;
    private string wholeText = string.Empty;
    private string? wholeError;
    private List<string> shareTexts = [];
    private Dictionary<int, string> shareErrors = [];
    private List<string> errors = [];
    private TimeSplitPreview? preview;
    private bool saving;

    protected override async Task OnParametersSetAsync()
    {
        nodes = TimeSplitService.Splittable(Document.Nodes).ToList();
        if (loadedFor == Document.Id && Document.Version == loadedVersion)
        {
            return;
        }

        var sameGoal = loadedFor == Document.Id;
        loadedFor = Document.Id;
        loadedVersion = Document.Version;
        if (!sameGoal || code is null || nodes.All(n => !string.Equals(n.Code, code, StringComparison.OrdinalIgnoreCase)))
        {
            code = (nodes.FirstOrDefault(n => n.KpiKey is not null) ?? nodes.FirstOrDefault())?.Code;
            year = Month.Year;
            periodKey = PeriodRange.CalendarYear(year).ToString();
        }

        await LoadAsync();
    }

    private uint loadedVersion;

    private IEnumerable<PeriodRange> PeriodChoices()
    {
        var y = PeriodRange.CalendarYear(year);
        return [y, .. y.PartsOf(PeriodKind.HalfYear), .. y.PartsOf(PeriodKind.Quarter), .. y.PartsOf(PeriodKind.Month)];
    }

    private static IEnumerable<string> Levels(PeriodRange period)
    {
        var kinds = new[] { PeriodKind.HalfYear, PeriodKind.Quarter, PeriodKind.Month }.Where(k => k < period.Kind).Select(k => k.ToString());
        return [.. kinds, "Day"];
    }

    private async Task ChangeNodeAsync(string value)
    {
        code = value;
        await LoadAsync();
    }

    private async Task ChangeYearAsync(int value)
    {
        if (value is < 2000 or > 2100)
        {
            return;
        }

        var old = PeriodRange.TryParse(periodKey);
        year = value;
        periodKey = old.IsValid ? PeriodRange.CalendarYear(year).PartsOf(old.Value!.Kind)[old.Value.Number - 1].ToString() : PeriodRange.CalendarYear(year).ToString();
        await LoadAsync();
    }

    private async Task ChangePeriodAsync(string value)
    {
        periodKey = value;
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        errors = [];
        preview = null;
        context = null;
        var period = PeriodRange.TryParse(periodKey);
        if (code is null || !period.IsValid)
        {
            return;
        }

        context = await Splits.LoadAsync(await CurrentUser.GetAsync(), Document.Id, code, period.Value!);
        if (context is null)
        {
            return;
        }

        if (!Levels(context.Period).Contains(level))
        {
            level = Levels(context.Period).First();
        }

        wholeText = context.CurrentWhole is { } whole ? Formats.Plain(whole, 4) : string.Empty;
        wholeError = null;
        if (context.LastYearShares is not null)
        {
            FillLastYearShares();
        }
        else
        {
            if (mode == TimeSplitMode.LastYear)
            {
                mode = TimeSplitMode.Equal;
            }

            FillEvenShares();
        }
    }

    private void ChangeWhole(string text)
    {
        wholeText = text;
        Compute();
    }

    private void ChangeMode(TimeSplitMode value)
    {
        mode = value;
        Compute();
    }

    private void ChangeLevel(string value)
    {
        level = value;
        Compute();
    }

    private void ChangeWorkingDays(bool value)
    {
        workingDays = value;
        Compute();
    }

    private void ChangeShare(int index, string text)
    {
        shareTexts[index] = text;
        Compute();
    }

    /// <summary>Last year's shares rounded to 0.01 % so that they still sum to exactly 100 % (the domain's remainder rule).</summary>
    private void FillLastYearShares()
    {
        var weights = context!.LastYear.Select(m => Math.Max(0m, m.Fact ?? 0m)).ToArray();
        var shares = Decomposition.ByWeights(100m, weights, 2);
        shareTexts = shares.IsValid ? shares.Value!.Select(s => Formats.Plain(s, 2)).ToList() : context.Period.Months.Select(_ => string.Empty).ToList();
        Compute();
    }

    private void FillEvenShares()
    {
        shareTexts = Decomposition.Equally(100m, context!.Period.MonthCount, 2).Value!.Select(s => Formats.Plain(s, 2)).ToList();
        Compute();
    }

    /// <summary>The sum of the shares typed as numbers (the chip stays red until they are all numbers summing to 100).</summary>
    private decimal? ShareSum => shareErrors.Count > 0 ? null : ParsedShares().Sum();

    private decimal ParsedSum => ParsedShares().Sum();

    private IEnumerable<decimal> ParsedShares() =>
        shareTexts.Select(t => Formats.TryParseDecimal(t, out var value) ? value : null).OfType<decimal>();

    /// <summary>Recomputes the table from the whole, the mode and the shares; every problem named with what to type.</summary>
    private void Compute()
    {
        errors = [];
        shareErrors = [];
        preview = null;
        if (context is null)
        {
            return;
        }

        if (!Formats.TryParseDecimal(wholeText, out var whole) || whole is null)
        {
            wholeError = P["Split.WholeBad", wholeText];
            return;
        }

        wholeError = null;
        List<decimal>? shares = null;
        if (mode == TimeSplitMode.Shares && context.Rule == AggregationRule.Sum)
        {
            shares = [];
            for (var i = 0; i < shareTexts.Count; i++)
            {
                var label = Formats.Month(context.Period.Months[i].Start);
                if (string.IsNullOrWhiteSpace(shareTexts[i]))
                {
                    shareErrors[i] = P["Split.ShareEmpty", label];
                }
                else if (!Formats.TryParseDecimal(shareTexts[i], out var share) || share is null)
                {
                    shareErrors[i] = P["Split.ShareBad", label, shareTexts[i]];
                }
                else
                {
                    shares.Add(share.Value);
                }
            }

            if (shareErrors.Count > 0)
            {
                errors = shareErrors.OrderBy(e => e.Key).Select(e => e.Value).ToList();
                return;
            }
        }

        var result = Splits.Preview(context, whole.Value, context.Rule == AggregationRule.Sum ? mode : TimeSplitMode.Equal, shares,
            level == "Day" ? null : Enum.Parse<PeriodKind>(level), workingDays);
        if (!result.IsValid)
        {
            foreach (var e in result.Errors)
            {
                if (e.Path.StartsWith("shares[", StringComparison.Ordinal) && int.TryParse(e.Path[7..^1], CultureInfo.InvariantCulture, out var i))
                {
                    shareErrors[i] = Splits.Text(e);
                }
            }

            errors = result.Errors.Select(Splits.Text).ToList();
            return;
        }

        preview = result.Value;
    }

    private async Task SaveAsync()
    {
        if (preview is null || context is null)
        {
            return;
        }

        saving = true;
        var user = await CurrentUser.GetAsync();
        var result = await Splits.SaveAsync(await CurrentUser.GetAsync(), context.GoalId, context.Version, context.Node.Code, preview.Months, user.Email);
        saving = false;
        await AfterAsync(result, P["Split.Saved", context.Period.Label(CultureInfo.CurrentUICulture)]);
    }

    private async Task ClearAsync()
    {
        if (context is null)
        {
            return;
        }

        saving = true;
        var user = await CurrentUser.GetAsync();
        var result = await Splits.ClearAsync(await CurrentUser.GetAsync(), context.GoalId, context.Version, context.Node.Code, context.Period, user.Email);
        saving = false;
        await AfterAsync(result, P["Split.Cleared"]);
    }

    private async Task AfterAsync(TimeSplitSaveResult result, string done)
    {
        if (result.Conflict)
        {
            errors = [P["Split.Conflict"]];
            return;
        }

        if (!result.Succeeded)
        {
            errors = result.Errors.ToList();
            return;
        }

        Snackbar.Add(done, Severity.Success);
        if (result.KeptClosed.Count > 0)
        {
            Snackbar.Add(P["Split.MonthClosed", string.Join(", ", result.KeptClosed.Select(m => Formats.Month(m)))], Severity.Warning);
        }

        await OnSaved.InvokeAsync();
    }

    private string Show(decimal value) => context?.Node.Unit == KpiUnit.Money ? Formats.Money(value) : Formats.Plain(value, 2);
}
