using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.AspNetCore.Components;

namespace KpiPlanner.Web.Features.Plans;

/// <summary>
/// One person's row of the plan grid (PlanRow.razor). It re-renders only when what it shows changed — its figures,
/// typed errors, saved values, conflicts, or the grid it belongs to — so the page's re-render after an edit (the totals,
/// the save button's count) does not re-send the other rows.
/// </summary>
public partial class PlanRow
{
    [Parameter, EditorRequired]
    public PlanGrid Grid { get; set; } = null!;

    [Parameter, EditorRequired]
    public PlanGridRow Row { get; set; } = null!;

    /// <summary>The conflict text of a plan (or fact) cell from the last save; null when none.</summary>
    [Parameter, EditorRequired]
    public Func<int, string, bool, string?> ConflictOf { get; set; } = null!;

    /// <summary>Told after a cell of the row took a typed value (the page's totals and save button follow).</summary>
    [Parameter]
    public EventCallback OnEdited { get; set; }

    private string? rendered;

    protected override void OnInitialized() => rendered = Fingerprint();

    protected override bool ShouldRender()
    {
        var now = Fingerprint();
        if (now == rendered)
        {
            return false;
        }

        rendered = now;
        return true;
    }

    /// <summary>Everything the row's markup depends on that can change while the page is open.</summary>
    private string Fingerprint()
    {
        var text = new StringBuilder();
        text.Append(RuntimeHelpers.GetHashCode(Grid)).Append('/').Append(RuntimeHelpers.GetHashCode(Row));
        foreach (var cell in Row.Cells)
        {
            text.Append('|').Append(cell.Plan).Append(';').Append(cell.Fact).Append(';').Append(cell.SavedPlan).Append(';').Append(cell.SavedFact)
                .Append(';').Append(cell.PlanError).Append(';').Append(cell.FactError).Append(';').Append(cell.Version)
                .Append(';').Append(ConflictOf(Row.EmployeeId, cell.Key, true)).Append(';').Append(ConflictOf(Row.EmployeeId, cell.Key, false));
        }

        return text.ToString();
    }

    /// <summary>
    /// A plan or fact cell's class: "changed" and/or "conflict", or none at all (null leaves the attribute out: the row's
    /// markup is sent for every cell of the page).
    /// </summary>
    private string? CellClass(bool changed, bool plan, string key) =>
        (changed, ConflictOf(Row.EmployeeId, key, plan) is not null) switch
        {
            (true, true) => "changed conflict",
            (true, false) => "changed",
            (false, true) => "conflict",
            _ => null,
        };

    private async Task EditAsync(PlanCell cell, string? text, bool plan)
    {
        if (plan)
        {
            cell.PlanError = Typed(text, value => cell.Plan = value);
        }
        else
        {
            cell.FactError = Typed(text, value => cell.Fact = value);
        }

        await OnEdited.InvokeAsync();
    }

    /// <summary>
    /// What was typed into a cell: a number (or nothing) of at least 0 is <paramref name="set"/> and there is no error;
    /// anything else stays as the error text and the cell keeps its value.
    /// </summary>
    private static string? Typed(string? text, Action<decimal?> set)
    {
        if (KpiPlanner.Web.Localization.Formats.TryParseDecimal(text, out var value) && value is not < 0)
        {
            set(value);
            return null;
        }

        return text;
    }
}
