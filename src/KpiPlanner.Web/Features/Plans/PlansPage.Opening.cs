using KpiPlanner.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace KpiPlanner.Web.Features.Plans;

/// <summary>A month's grid opened afresh: its first page first, the whole grid once the browser has drawn it (issue 18).</summary>
public partial class PlansPage
{
    /// <summary>
    /// A grid opened afresh: its first page first, then the whole (issue 18: the company root's 10 000 people took the
    /// first paint ~150 ms of reading and building 50 000 cells). The whole grid is read once the browser has drawn the
    /// first page (<see cref="OnAfterRenderAsync"/>); figures typed into the first page meanwhile are kept.
    /// </summary>
    private async Task OpenAsync(int department, DateOnly month)
    {
        var me = await Me();
        var first = await Plans.LoadFirstAsync(me, department, month, pageSize);
        grid = first;
        denied = first is null;
        wholeToRead = first is { Partial: true } ? (first, me) : null;
    }

    /// <summary>A first page shown whose whole grid is still to be read, and who reads it.</summary>
    private (PlanGrid First, UserContext Me)? wholeToRead;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    /// <summary>
    /// The whole grid behind a first page, read once the browser has it on screen (a round trip through the browser
    /// after the render), off the circuit's thread, its totals too: the first paint does not share the processor with
    /// 50 000 cells, and the page answers clicks and typing meanwhile.
    /// </summary>
    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (wholeToRead is not { } pending || !ReferenceEquals(grid, pending.First))
        {
            return;
        }

        wholeToRead = null;
        try
        {
            await JS.InvokeVoidAsync("Math.max", 0); // answered once the browser has applied the renders before it
        }
        catch (JSDisconnectedException)
        {
            return; // the tab is gone
        }
        catch (Exception e) when (e is JSException or TaskCanceledException)
        {
            // No answer from the browser: read the whole grid all the same.
        }

        var first = pending.First;
        var whole = await Task.Run(async () =>
        {
            var loaded = await Plans.LoadAsync(pending.Me, first.Department.Id, first.Month);
            _ = loaded?.Totals;
            return loaded;
        });
        if (!ReferenceEquals(grid, first))
        {
            return; // the page moved on to another grid meanwhile
        }

        whole?.TakeEditsFrom(first);
        grid = whole;
        denied = whole is null;
        StateHasChanged();
    }
}
