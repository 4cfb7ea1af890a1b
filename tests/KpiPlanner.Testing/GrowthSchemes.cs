using KpiPlanner.Domain.Kpis;
using KpiPlanner.Domain.Planning;
using KpiPlanner.Domain.Schemes;
using KpiPlanner.Infrastructure.Demo;
using Microsoft.EntityFrameworkCore;

namespace KpiPlanner.Testing;

/// <summary>Growth KPIs (issue 19) on top of the demo, for the tests that need them.</summary>
public static class GrowthSchemes
{
    /// <summary>
    /// From <paramref name="from"/> the sales managers' scheme measures sales volume as growth on the month before and
    /// client meetings as growth on a fixed base of 10 meetings (weights and table-3 scales as in the demo). Returns the
    /// position's id.
    /// </summary>
    public static async Task<int> SalesGrowthSchemeFromAsync(this KpiAppFactory app, DateOnly from)
    {
        ArgumentNullException.ThrowIfNull(app);
        await using var db = app.CreateDbContext();
        var position = await db.Positions.SingleAsync(p => p.Name == DemoData.SalesManagerPosition);
        var current = await db.SchemeVersions.Where(v => v.PositionId == position.Id).OrderByDescending(v => v.EffectiveFrom).FirstAsync();
        var kpis = current.Spec.Kpis.ToArray();
        kpis[0] = kpis[0] with { Measurement = Measurement.Growth, Base = new GrowthBase(GrowthBaseKind.PreviousMonth) };
        kpis[1] = kpis[1] with { Measurement = Measurement.Growth, Base = new GrowthBase(GrowthBaseKind.Fixed, 10m) };
        db.SchemeVersions.Add(SchemeVersion.Create(position.Id, from, current.Spec with { Kpis = kpis, Name = "Рост к прошлому месяцу" },
            app.Clock.GetUtcNow(), "hr").GetValueOrThrow());
        await db.SaveChangesAsync();
        return position.Id;
    }

    /// <summary>A month's plan and fact of one KPI of one person, set as a person would set them.</summary>
    public static MonthlyKpiValue Value(this KpiAppFactory app, int employee, DateOnly month, string kpi, decimal? plan, decimal fact)
    {
        ArgumentNullException.ThrowIfNull(app);
        var value = new MonthlyKpiValue(employee, month, kpi);
        if (plan is { } p && !value.SetPlan(p, app.Clock.GetUtcNow(), "test") || !value.SetFact(fact, app.Clock.GetUtcNow(), "test"))
        {
            throw new InvalidOperationException($"Cannot set {kpi} of {employee} in {month}.");
        }

        return value;
    }
}
