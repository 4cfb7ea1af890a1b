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
/// The goal tree page (<c>/goals</c>): a goal's nodes, plans and facts as formulas, the month's figures, re-planning
/// and versions, through <see cref="GoalsService"/>. The markup is in GoalsPage.razor.
/// </summary>
public partial class GoalsPage
{
    private IReadOnlyList<GoalSummary>? goals;
    private GoalDocument? document;
    private List<GoalNodeRow> rows = [];
    /// <summary>The month to open (<c>2026-06</c>); today's month when absent or not a month.</summary>
    [SupplyParameterFromQuery(Name = "month")]
    public string? MonthKey { get; set; }

    private DateOnly month;

    /// <summary>The shown month when it is today's, in progress; null for a month that is over or ahead.</summary>
    private MonthInProgress? running;

    private string InProgressNote() => running!.WorkingDaysElapsed is { } elapsed && elapsed > 0
        ? L["Goals.InProgress", elapsed, running.WorkingDays ?? 0]
        : L["Goals.InProgressNothingDue", running.WorkingDays ?? 0];
    private bool saving;
    private bool conflict;
    private IReadOnlyList<DomainError> saveErrors = [];
    private string? newCode;
    private string? newName;
    private string? newParent;
    private string? splitParent;
    private LinkOptions? links;
    private string? linkNode;
    private int? linkDepartment;
    private string? linkKpi;

    /// <summary>
    /// Links (or, with everything empty, unlinks) a node to a team's KPI or to one person's KPI; saved with the tree. A
    /// department and a person chosen together are kept, so the tree's check names the clash at the node.
    /// </summary>
    private async Task LinkAsync()
    {
        var row = rows.FirstOrDefault(r => string.Equals(r.Code, linkNode, StringComparison.OrdinalIgnoreCase));
        if (row is null)
        {
            return;
        }

        row.DepartmentId = linkKpi is null ? null : linkDepartment;
        row.EmployeeId = linkKpi is null ? null : linkPerson?.Id;
        row.KpiKey = linkDepartment is null && linkPerson is null ? null : linkKpi;
        await LoadLinkedPeopleAsync();
    }
    private bool splitByShares;
    private string? splitError;
    private readonly Dictionary<string, decimal> shares = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The children a plan can be split among: same unit as the parent, plans typed (not formulas).</summary>
    private List<GoalNodeRow> SplitChildren()
    {
        var parent = rows.FirstOrDefault(r => string.Equals(r.Code, splitParent, StringComparison.OrdinalIgnoreCase));
        return parent is null
            ? []
            : rows.Where(r => string.Equals(r.ParentCode, parent.Code, StringComparison.OrdinalIgnoreCase) && r.Unit == parent.Unit && !r.PlanIsFormula).ToList();
    }

    /// <summary>Splits the parent's plan among its children exactly (kopecks or whole units; the parts sum to the whole).</summary>
    private void Split(Analysis a)
    {
        splitError = null;
        var parent = rows.First(r => string.Equals(r.Code, splitParent, StringComparison.OrdinalIgnoreCase));
        var whole = a.Evaluation?.Nodes.FirstOrDefault(n => string.Equals(n.Code, parent.Code, StringComparison.OrdinalIgnoreCase))?.Plan;
        if (whole is null)
        {
            splitError = L["Goals.SplitFixFirst"];
            return;
        }

        var children = SplitChildren();
        var parts = splitByShares
            ? Decomposition.ByShares(whole.Value, children.Select(c => shares.GetValueOrDefault(c.Code)).ToList(), parent.Unit)
            : Decomposition.Equally(whole.Value, children.Count, parent.Unit);
        if (!parts.IsValid)
        {
            splitError = string.Join(" ", parts.Errors.Select(ErrorText.Message));
            return;
        }

        for (var i = 0; i < children.Count; i++)
        {
            children[i].PlanText = Formats.Plain(parts.Value![i], 4);
        }
    }

    private sealed record Analysis(GoalEvaluation? Evaluation, IReadOnlyList<DomainError> Errors, GoalReplan? Replan, IReadOnlyList<string> BadInputs)
    {
        public bool HasErrors => Errors.Count > 0 || BadInputs.Count > 0;

        public IEnumerable<DomainError> ErrorsOf(GoalNodeRow row, int index) => Errors.Where(e =>
            e.Path.StartsWith($"nodes[{row.Code}]", StringComparison.OrdinalIgnoreCase) || e.Path.StartsWith($"nodes[{index}]", StringComparison.Ordinal));

        public IEnumerable<DomainError> OtherErrors => Errors.Where(e => !e.Path.StartsWith("nodes[", StringComparison.Ordinal));
    }

    protected override async Task OnInitializedAsync()
    {
        // The month asked for (?month=2026-06), else today's: a goal is read where the company is now (issue 17).
        month = KpiPlanner.Domain.Planning.Period.ParseMonth(MonthKey) ?? KpiPlanner.Domain.Planning.Period.FirstDay(DateOnly.FromDateTime(Time.GetLocalNow().Date));
        goals = await Goals.ListAsync(await CurrentUser.GetAsync());
        links = await Goals.LinkOptionsAsync(await CurrentUser.GetAsync());
        if (goals.Count > 0)
        {
            await OpenAsync(goals[0].Id);
        }
    }

    private async Task OpenAsync(int id)
    {
        conflict = false;
        saveErrors = [];
        document = await Goals.LoadAsync(await CurrentUser.GetAsync(), id, month);
        running = await Goals.InProgressAsync(month);
        rows = document?.Nodes.Select(n => GoalNodeRow.From(n, document.Facts)).ToList() ?? [];
        await LoadLinkedPeopleAsync();
    }

    /// <summary>A saved rename: the goal keeps its unsaved tree edits, with the new name and version; the picker lists the new name.</summary>
    private async Task OnRenamedAsync(GoalRenameResult renamed)
    {
        document = document! with { Name = renamed.Name!, Version = renamed.Version };
        goals = await Goals.ListAsync(await CurrentUser.GetAsync());
        Snackbar.Add(L["Goals.Renamed"], Severity.Success);
    }

    private async Task ShiftMonthAsync(int delta)
    {
        month = month.AddMonths(delta);
        if (document is not null)
        {
            await OpenAsync(document.Id);
        }
    }

    private IEnumerable<(GoalNodeRow Row, int Depth)> Ordered()
    {
        var codes = rows.Select(r => r.Code).Where(c => !string.IsNullOrWhiteSpace(c)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var seen = new HashSet<GoalNodeRow>();
        IEnumerable<(GoalNodeRow, int)> Walk(GoalNodeRow row, int depth)
        {
            if (!seen.Add(row))
            {
                yield break;
            }

            yield return (row, depth);
            foreach (var child in rows.Where(r => string.Equals(r.ParentCode, row.Code, StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(row.Code)))
            {
                foreach (var x in Walk(child, depth + 1))
                {
                    yield return x;
                }
            }
        }

        foreach (var root in rows.Where(r => r.ParentCode is null || !codes.Contains(r.ParentCode)).ToList())
        {
            foreach (var x in Walk(root, 0))
            {
                yield return x;
            }
        }

        foreach (var rest in rows.Where(r => !seen.Contains(r)).ToList())
        {
            yield return (rest, 0);
        }
    }

    private Analysis Analyze()
    {
        var specs = new List<GoalNodeSpec>();
        var facts = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase);
        var bad = new List<string>();
        var errors = new List<DomainError>();
        for (var i = 0; i < rows.Count; i++)
        {
            var (spec, fact, badPlan, badFact) = rows[i].ToSpec();
            if (badPlan is not null)
            {
                bad.Add(badPlan);
                errors.Add(new DomainError($"nodes[{i}].plan", "goal.input", L["Goals.NotANumber", badPlan].Value, new Dictionary<string, object>()));
            }

            if (badFact is not null)
            {
                bad.Add(badFact);
                errors.Add(new DomainError($"nodes[{i}].fact", "goal.input", L["Goals.NotANumber", badFact].Value, new Dictionary<string, object>()));
            }

            specs.Add(spec);
            if (fact is { } f && !string.IsNullOrWhiteSpace(spec.Code))
            {
                facts[spec.Code] = f;
            }
        }

        var tree = GoalTree.Create(specs, Goals.Parser);
        if (!tree.IsValid)
        {
            return new Analysis(null, [.. errors, .. tree.Errors], null, bad);
        }

        var period = PeriodRange.OfMonth(month);
        var monthPlans = MonthPlansFor(specs);
        facts = GoalLinks.FactsOf(tree.Value!, facts, n => PersonOf(n.EmployeeId, n.KpiKey)?.Fact);
        var evaluation = tree.Value!.Evaluate(period, facts, monthPlans);
        if (!evaluation.IsValid)
        {
            return new Analysis(null, [.. errors, .. evaluation.Errors], null, bad);
        }

        return new Analysis(evaluation.Value, errors, ReplanAgainstSaved(specs, period, facts, monthPlans), bad);
    }

    /// <summary>This month's plans from a split in time, for the nodes that still have a typed plan.</summary>
    private Dictionary<string, decimal> MonthPlansFor(IEnumerable<GoalNodeSpec> specs)
    {
        var typed = specs.Where(s => s.PlanFormula is null && !string.IsNullOrWhiteSpace(s.Code)).Select(s => s.Code).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return (document?.MonthPlans ?? new Dictionary<string, decimal>()).Where(p => typed.Contains(p.Key)).ToDictionary(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The money figure the goal's title names when no top node plans it in the month shown (issue 17: «200 000 ₽
    /// прибыли в месяц» after a raise to 250 000), with the top node's plan; null when the title agrees or names none.
    /// </summary>
    private (decimal Title, decimal Plan)? StaleTitle(Analysis a)
    {
        if (document is null || a.Evaluation is not { } evaluation)
        {
            return null;
        }

        var plans = Ordered().Where(x => x.Depth == 0 && x.Row.Unit == KpiUnit.Money)
            .Select(x => evaluation.Nodes.FirstOrDefault(n => string.Equals(n.Code, x.Row.Code, StringComparison.OrdinalIgnoreCase))?.Plan)
            .OfType<decimal>().ToList();
        return GoalTitleFigure.Stale(document.Name, plans) is { } figure ? (figure, plans[0]) : null;
    }

    private decimal? MonthPlanOf(GoalNodeRow row) =>
        !row.PlanIsFormula && document?.MonthPlans is { } plans && plans.TryGetValue(row.Code, out var plan) ? plan : null;

    /// <summary>True when the rows or typed facts differ from the saved goal (a split in time reloads the page).</summary>
    private bool HasUnsavedChanges()
    {
        if (document is null)
        {
            return false;
        }

        var built = rows.Select(r => r.ToSpec()).ToList();
        if (built.Count != document.Nodes.Count || built.Any(b => b.BadPlan is not null || b.BadFact is not null))
        {
            return true;
        }

        for (var i = 0; i < built.Count; i++)
        {
            decimal? savedFact = document.Facts.TryGetValue(built[i].Spec.Code, out var fact) ? fact : null;
            if (built[i].Spec != document.Nodes[i] || built[i].Fact != savedFact)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>When only typed plans changed, what re-plans below them, before it is saved.</summary>
    private GoalReplan? ReplanAgainstSaved(IReadOnlyList<GoalNodeSpec> specs, PeriodRange period, IReadOnlyDictionary<string, decimal> facts,
        IReadOnlyDictionary<string, decimal> monthPlans)
    {
        if (document is null || specs.Count != document.Nodes.Count)
        {
            return null;
        }

        var changes = new Dictionary<string, decimal>();
        for (var i = 0; i < specs.Count; i++)
        {
            var (now, saved) = (specs[i], document.Nodes[i]);
            if (now with { PlanValue = saved.PlanValue } != saved)
            {
                return null; // more than a typed plan changed: no before/after to show
            }

            if (now.PlanValue is { } value && value != saved.PlanValue)
            {
                changes[now.Code] = value;
            }
        }

        if (changes.Count == 0)
        {
            return null;
        }

        var savedTree = GoalTree.Create(document.Nodes, Goals.Parser);
        var replan = savedTree.IsValid ? savedTree.Value!.Replan(changes, period, facts, monthPlans) : null;
        return replan is { IsValid: true } ? replan.Value : null;
    }

    private void AddNode()
    {
        var parentUnit = rows.FirstOrDefault(r => string.Equals(r.Code, newParent, StringComparison.OrdinalIgnoreCase))?.Unit ?? KpiUnit.Count;
        rows.Add(new GoalNodeRow { Code = newCode!.Trim(), Name = newName!.Trim(), ParentCode = newParent, Unit = parentUnit, PlanText = "0" });
        newCode = newName = newParent = null;
    }

    private async Task SaveAsync()
    {
        var built = rows.Select(r => r.ToSpec()).ToList();
        var facts = built.Where(b => b.Fact is not null && !string.IsNullOrWhiteSpace(b.Spec.Code)).ToDictionary(b => b.Spec.Code, b => b.Fact!.Value);
        var specs = built.Select(b => b.Spec).ToList();
        DateOnly? from = null;
        if (!specs.SequenceEqual(document!.Nodes))
        {
            // A changed tree asks from which month it applies: the months before it and the closed months keep theirs.
            var parameters = new DialogParameters<GoalChangeFromDialog> { { d => d.Document, document }, { d => d.Month, month } };
            var dialog = await Dialogs.ShowAsync<GoalChangeFromDialog>(L["Goals.FromTitle"], parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
            if (await dialog.Result is not { Canceled: false, Data: DateOnly chosen })
            {
                return;
            }

            from = chosen;
        }

        saving = true;
        var user = await CurrentUser.GetAsync();
        var result = await Goals.SaveAsync(user, document.Id, document.Version, specs, month, facts, user.Email, from);
        saving = false;
        conflict = result.Conflict;
        saveErrors = result.Errors;
        if (result.Errors.Count > 0)
        {
            Snackbar.Add(string.Join(" ", result.Errors.Select(ErrorText.Message)), Severity.Error);
        }

        if (result.Succeeded)
        {
            Snackbar.Add(L["Goals.Saved"], Severity.Success);
            await OpenAsync(document.Id);
        }
    }

    private static DateOnly MonthOf(string key) => DateOnly.ParseExact(key + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A formula field's text on one line: the field wraps a long formula, a typed line break is a space.</summary>
    private static string OneLine(object? value) => (value as string ?? string.Empty).ReplaceLineEndings(" ");

    private static string Show(decimal value, KpiUnit unit) => unit == KpiUnit.Money ? Formats.Money(value) : Formats.Plain(value, 2);

    private static string Band(Completion? completion) => completion switch
    {
        null => string.Empty,
        { IsPositiveInfinity: true } => "above",
        { Value: < 50m } => "low",
        { Value: < 90m } => "below",
        { Value: <= 100m } => "target",
        _ => "above",
    };
}
