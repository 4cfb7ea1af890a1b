using KpiPlanner.Domain.Goals;
using KpiPlanner.Infrastructure.Demo;
using KpiPlanner.Testing;
using KpiPlanner.Web.Features.Plans;
using KpiPlanner.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KpiPlanner.IntegrationTests;

/// <summary>
/// The plan grid's figures over all its people (issue 18: the company root holds 10 000): worked out once per load and
/// again only after an edit, not on every render, and still exactly what a count over every row gives — after an edit
/// on a later page, an error typed, and an edit undone.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class PlansGridTotalsTests(KpiAppFactory app) : IAsyncLifetime
{
    private AsyncServiceScope scope;

    private PlansService Plans => scope.ServiceProvider.GetRequiredService<PlansService>();

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        scope = app.Services.CreateAsyncScope();
    }

    public async Task DisposeAsync() => await scope.DisposeAsync();

    [Fact]
    public async Task The_company_totals_are_worked_out_once_and_again_only_after_an_edit_on_a_later_page()
    {
        var grid = await CompanyGridAsync(TestClock.ThisMonth.AddMonths(-1)); // a complete month: every row has an estimate
        Assert.True(grid.Rows.Count > 10, $"{grid.Rows.Count} rows");
        Assert.Contains(grid.Rows, r => r.Estimate() is not null);

        var first = grid.Totals;
        AssertCounted(grid, first);
        Assert.Equal(0, first.Changed);
        Assert.False(first.HasChanges);
        for (var render = 0; render < 5; render++)
        {
            Assert.Same(first, grid.Totals); // a render without an edit reuses them
        }

        Assert.Equal(1, grid.TotalsComputed);

        // An edit of the grid's last person (on its last page, whatever the page shown): the totals follow it, worked out once more.
        var column = grid.Columns.First(c => c.Rule == AggregationRule.Sum && c.Kpi?.Measurement != KpiPlanner.Domain.Kpis.Measurement.Aggregate
            && grid.Rows.Any(r => r.Cell(c.Key) is { TakesFigures: true, Plan: not null }));
        var row = grid.Rows.Last(r => r.Cell(column.Key) is { TakesFigures: true, Plan: not null });
        var cell = row.Cell(column.Key)!;
        var saved = cell.Plan!.Value;
        cell.Plan = saved + 1_000m;
        var edited = grid.Totals;
        Assert.Equal(2, grid.TotalsComputed);
        Assert.Same(edited, grid.Totals);
        Assert.Equal(first.Columns[column.Key].Plan + 1_000m, edited.Columns[column.Key].Plan);
        Assert.Equal(first.Columns[column.Key].PlanSum + 1_000m, edited.Columns[column.Key].PlanSum);
        Assert.Equal(1, edited.Changed);
        AssertCounted(grid, edited);

        // Text that is not a number: something to fix; the same value set again changes nothing.
        cell.FactError = "12x";
        Assert.Equal(1, grid.Totals.Invalid);
        Assert.True(grid.Totals.HasChanges);
        var computed = grid.TotalsComputed;
        cell.FactError = "12x";
        _ = grid.Totals;
        Assert.Equal(computed, grid.TotalsComputed);

        // Undone: the totals are those of the load again.
        cell.FactError = null;
        cell.Plan = saved;
        var undone = grid.Totals;
        Assert.Equal(0, undone.Changed);
        Assert.False(undone.HasChanges);
        Assert.Equal(first.Columns[column.Key], undone.Columns[column.Key]);
        Assert.Equal(first.Pay, undone.Pay);
        AssertCounted(grid, undone);
    }

    [Fact]
    public async Task The_grid_read_without_tracking_keeps_each_values_row_version_for_the_save()
    {
        var month = TestClock.ThisMonth;
        var grid = await CompanyGridAsync(month);
        await using var db = app.CreateDbContext();
        var stored = await db.MonthlyKpiValues.Where(v => v.Month == month)
            .Select(v => new { v.Id, Version = EF.Property<uint>(v, KpiPlanner.Infrastructure.Concurrency.Version) })
            .ToDictionaryAsync(v => v.Id, v => v.Version);
        var cells = grid.Rows.SelectMany(r => r.Cells).Where(c => c.ValueId is not null).ToList();

        Assert.NotEmpty(cells);
        Assert.All(cells, c => Assert.Equal(stored[c.ValueId!.Value], c.Version));
        Assert.All(cells, c => Assert.NotEqual(0u, c.Version));
    }

    [Fact]
    public async Task The_first_page_is_the_whole_grids_first_people_with_its_columns_and_headcount_and_what_is_typed_there_is_kept()
    {
        var month = TestClock.ThisMonth;
        var hr = await app.ActorAsync(DemoData.HrEmail);
        var root = (await Plans.ScopeAsync(hr)).First(d => d.Depth == 0);
        var whole = (await Plans.LoadAsync(hr, root.Id, month))!;
        Assert.True(whole.Rows.Count > 3, $"{whole.Rows.Count} rows");
        Assert.False(whole.Partial);
        Assert.Equal(whole.Rows.Count, whole.Headcount);

        // Fewer people than the grid holds: those first in its order, in cells as the whole grid has them; its columns, goals
        // and headcount are the whole grid's.
        var first = (await Plans.LoadFirstAsync(hr, root.Id, month, 3))!;
        Assert.True(first.Partial);
        Assert.Equal(whole.Rows.Count, first.Headcount);
        Assert.Equal(whole.Rows.Take(3).Select(r => r.EmployeeId), first.Rows.Select(r => r.EmployeeId));
        Assert.Equal(whole.Columns.Select(c => c.Key).Order(), first.Columns.Select(c => c.Key).Order());
        Assert.Equal(whole.Goals.Keys.Order(), first.Goals.Keys.Order());
        foreach (var (a, b) in first.Rows.Zip(whole.Rows))
        {
            Assert.Equal(b.Cells.Select(c => (c.Key, c.ValueId, c.Version, c.Plan, c.Fact, c.Base)), a.Cells.Select(c => (c.Key, c.ValueId, c.Version, c.Plan, c.Fact, c.Base)));
        }

        // As many people as the grid holds, or more: the whole grid at once.
        var all = (await Plans.LoadFirstAsync(hr, root.Id, month, whole.Rows.Count))!;
        Assert.False(all.Partial);
        Assert.Equal(whole.Rows.Select(r => r.EmployeeId), all.Rows.Select(r => r.EmployeeId));

        // Typed into the first page while the whole grid was read: carried over, figures and typed errors; where the
        // value changed in the database meanwhile, the version typed against stays, so the save conflicts.
        var typed = first.Rows[0].Cells.First(c => c.TakesFigures);
        var wrong = first.Rows[1].Cells.First(c => c.TakesFigures);
        typed.Plan = (typed.Plan ?? 0m) + 7m;
        wrong.FactError = "12x";
        var later = (await Plans.LoadAsync(hr, root.Id, month))!;
        var movedCell = later.Rows[0].Cell(typed.Key)!;
        movedCell.Version += 1; // as if somebody saved it after the first page was read
        later.TakeEditsFrom(first);
        Assert.Equal(typed.Plan, movedCell.Plan);
        Assert.Equal(typed.Version, movedCell.Version);
        Assert.True(movedCell.Changed);
        Assert.Equal("12x", later.Rows[1].Cell(wrong.Key)!.FactError);
        Assert.Equal(1, later.Totals.Changed);
        Assert.Equal(1, later.Totals.Invalid);
    }

    /// <summary>The totals as a plain count over every row of the grid gives them.</summary>
    private static void AssertCounted(PlanGrid grid, PlanGridTotals totals)
    {
        foreach (var column in grid.Columns)
        {
            var cells = grid.Rows.Select(r => r.Cell(column.Key)).OfType<PlanCell>().ToList();
            var expected = new PlanColumnTotals(
                RollUp.AcrossPeople(column.Rule, [.. cells.Select(c => c.Base).OfType<decimal>()]),
                RollUp.AcrossPeople(column.Rule, [.. cells.Select(c => c.Plan).OfType<decimal>()]),
                RollUp.AcrossPeople(column.Rule, [.. cells.Select(c => c.Fact).OfType<decimal>()]),
                grid.TeamCompletion(column),
                cells.Sum(c => c.Plan ?? 0m));
            Assert.Equal(expected, totals.Columns[column.Key]);
        }

        Assert.Equal(grid.Rows.Sum(r => r.Estimate()?.Variable ?? 0m), totals.Pay);
        Assert.Equal(grid.ChangedCells.Count(), totals.Changed);
        Assert.Equal(grid.Rows.SelectMany(r => r.Cells).Count(c => c.PlanError is not null || c.FactError is not null), totals.Invalid);
    }

    /// <summary>The grid of the whole company (its root department) as HR sees it.</summary>
    private async Task<PlanGrid> CompanyGridAsync(DateOnly month)
    {
        var hr = await app.ActorAsync(DemoData.HrEmail);
        var root = (await Plans.ScopeAsync(hr)).First(d => d.Depth == 0);
        return (await Plans.LoadAsync(hr, root.Id, month))!;
    }
}
