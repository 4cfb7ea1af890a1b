using KpiPlanner.Domain.Kpis;
using KpiPlanner.Domain.Scales;
using KpiPlanner.Domain.Schemes;
using KpiPlanner.Infrastructure;
using KpiPlanner.Infrastructure.Demo;
using KpiPlanner.Testing;
using Microsoft.EntityFrameworkCore;

namespace KpiPlanner.IntegrationTests;

[Collection(AppCollection.Name)]
public sealed class SchemePersistenceTests(KpiAppFactory app) : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_scale_round_trips_exactly_with_every_decimal_place()
    {
        var spec = new ScaleSpec(
            [
                new Band(0m, 33.333333333333333333333333333m, 0m, Label: "недопустимо"),
                new Band(33.333333333333333333333333333m, 94.285714285714285714285714286m, 0.5m, ToInclusive: true, CoefficientTo: 0.987654321m),
                new Band(94.285714285714285714285714286m, null, 1.25m, Label: "лидерство"),
            ],
            Cap: 1.2345m);
        int id;
        await using (var db = app.CreateDbContext())
        {
            var scale = ScaleTemplate.Create("Точная шкала", spec, Now).GetValueOrThrow();
            db.Scales.Add(scale);
            await db.SaveChangesAsync();
            id = scale.Id;
        }

        await using var read = app.CreateDbContext();
        var loaded = await read.Scales.SingleAsync(s => s.Id == id);

        Assert.Equal(spec.Bands, loaded.Spec.Bands);
        Assert.Equal(1.2345m, loaded.Spec.Cap);
        Assert.Equal(94.285714285714285714285714286m, loaded.Spec.Bands[2].From);
        Assert.Equal("Точная шкала", loaded.Name);
    }

    [Fact]
    public async Task A_scheme_version_round_trips_with_its_bonus_gate_and_directions()
    {
        var scale = ScalePresets.ArticleTable3(System.Globalization.CultureInfo.InvariantCulture).ToSpec();
        var spec = new SchemeSpec(
            12_345.67m,
            20_000.01m,
            [
                new SchemeKpiSpec("Выручка", 60m, scale, KpiCode: "revenue", Gate: 50m),
                new SchemeKpiSpec("Дебиторская задолженность", 40m, scale, Direction.LowerIsBetter, KpiCode: "receivables"),
            ],
            BonusRule.WhenKpiReaches("Выручка", 120m, 5_000m),
            "Схема с бонусом");
        var positionId = await SalesManagerPositionId();
        await using (var db = app.CreateDbContext())
        {
            db.SchemeVersions.Add(SchemeVersion.Create(positionId, TestClock.NextMonth, spec, Now, "hr@demo.local").GetValueOrThrow()); // not into a closed month
            await db.SaveChangesAsync();
        }

        await using var read = app.CreateDbContext();
        var loaded = await read.SchemeVersions.SingleAsync(v => v.EffectiveFrom == TestClock.NextMonth);

        Assert.Equal(12_345.67m, loaded.Spec.Fixed);
        Assert.Equal(20_000.01m, loaded.Spec.PlannedVariable);
        Assert.Equal(BonusRule.WhenKpiReaches("Выручка", 120m, 5_000m), loaded.Spec.Bonus);
        Assert.Equal(50m, loaded.Spec.Kpis[0].Gate);
        Assert.Equal(Direction.LowerIsBetter, loaded.Spec.Kpis[1].Direction);
        Assert.Equal(scale.Bands, loaded.Spec.Kpis[1].Scale.Bands);
        Assert.True(MotivationScheme.Create(loaded.Spec).IsValid);
    }

    [Fact]
    public async Task The_version_in_force_is_the_latest_that_started_on_or_before_the_day()
    {
        var positionId = await SalesManagerPositionId();
        await using (var db = app.CreateDbContext())
        {
            var demo = await db.SchemeVersions.SingleAsync(v => v.PositionId == positionId);
            // From this month: the database refuses a version back-dated into the closed last month.
            var raised = demo.Spec with { Fixed = 17_000m, Name = "С начала месяца" };
            db.SchemeVersions.Add(SchemeVersion.Create(positionId, TestClock.ThisMonth, raised, Now, null).GetValueOrThrow());
            await db.SaveChangesAsync();
        }

        await using var read = app.CreateDbContext();
        var versions = await read.SchemeVersions.Where(v => v.PositionId == positionId).ToListAsync();

        Assert.Null(SchemeVersion.InForce(versions, new DateOnly(2024, 12, 31)));
        Assert.Equal(15_000m, SchemeVersion.InForce(versions, TestClock.ThisMonth.AddDays(-1))!.Spec.Fixed);
        Assert.Equal(17_000m, SchemeVersion.InForce(versions, TestClock.ThisMonth)!.Spec.Fixed);
        Assert.Equal(17_000m, SchemeVersion.InForce(versions, TestClock.ThisMonth.AddMonths(3).AddDays(14))!.Spec.Fixed);
    }

    [Fact]
    public async Task Two_versions_of_a_position_cannot_start_on_the_same_day()
    {
        var positionId = await SalesManagerPositionId();
        await using var db = app.CreateDbContext();
        var demo = await db.SchemeVersions.AsNoTracking().SingleAsync(v => v.PositionId == positionId);
        db.SchemeVersions.Add(SchemeVersion.Create(positionId, demo.EffectiveFrom, demo.Spec, Now, null).GetValueOrThrow());

        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task A_second_save_from_a_stale_read_is_a_conflict_not_an_overwrite()
    {
        int id;
        uint seen;
        await using (var db = app.CreateDbContext())
        {
            var scale = await db.Scales.SingleAsync(s => s.Name == DemoData.Table3ScaleName);
            id = scale.Id;
            seen = db.VersionOf(scale);
        }

        await using (var first = app.CreateDbContext())
        {
            var scale = await first.Scales.SingleAsync(s => s.Id == id);
            first.ExpectVersion(scale, seen);
            Assert.Empty(scale.Update("Первая правка", scale.Spec, Now));
            await first.SaveChangesAsync();
        }

        await using var second = app.CreateDbContext();
        var stale = await second.Scales.SingleAsync(s => s.Id == id);
        second.ExpectVersion(stale, seen);
        Assert.Empty(stale.Update("Вторая правка", stale.Spec, Now));

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());
        await using var check = app.CreateDbContext();
        Assert.Equal("Первая правка", (await check.Scales.SingleAsync(s => s.Id == id)).Name);
    }

    [Fact]
    public async Task The_demo_has_the_articles_scales_and_the_sales_managers_50_50_scheme()
    {
        await using var db = app.CreateDbContext();
        var names = await db.Scales.Select(s => s.Name).ToListAsync();
        // The sales managers' scheme (the demo also has the lead marketers' scheme, the KPIs of its sales funnel).
        var salesPosition = await SalesManagerPositionId();
        var scheme = (await db.SchemeVersions.SingleAsync(v => v.PositionId == salesPosition)).ToScheme();

        Assert.Contains(DemoData.Table3ScaleName, names);
        Assert.Contains(DemoData.Table3CappedScaleName, names);
        Assert.Equal(15_000m, scheme.Fixed);
        Assert.Equal(15_000m, scheme.PlannedVariable);
        Assert.Equal([50m, 50m], scheme.Kpis.Select(k => k.Weight));
    }

    private async Task<int> SalesManagerPositionId()
    {
        await using var db = app.CreateDbContext();
        return await db.Positions.Where(p => p.Name == DemoData.SalesManagerPosition).Select(p => p.Id).SingleAsync();
    }
}
