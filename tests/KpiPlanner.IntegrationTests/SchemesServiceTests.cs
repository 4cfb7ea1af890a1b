using KpiPlanner.Domain.Validation;
using KpiPlanner.Infrastructure.Demo;
using KpiPlanner.Testing;
using KpiPlanner.Web.Features.Scales;
using KpiPlanner.Web.Features.Schemes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KpiPlanner.IntegrationTests;

[Collection(AppCollection.Name)]
public sealed class SchemesServiceTests(KpiAppFactory app) : IAsyncLifetime
{
    /// <summary>A new version takes effect from next month: never in a closed month, whatever today is.</summary>
    private static readonly DateOnly NextMonth = TestClock.NextMonth;

    private AsyncServiceScope scope;

    private SchemesService Schemes => scope.ServiceProvider.GetRequiredService<SchemesService>();

    private ScalesService Scales => scope.ServiceProvider.GetRequiredService<ScalesService>();

    /// <summary>HR, whose duties these services check on every call.</summary>
    private KpiPlanner.Web.Security.UserContext HrActor = null!;

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        scope = app.Services.CreateAsyncScope();
        HrActor = await app.ActorAsync(KpiPlanner.Infrastructure.Demo.DemoData.HrEmail);
    }

    public async Task DisposeAsync() => await scope.DisposeAsync();

    [Fact]
    public async Task The_designer_opens_the_demo_scheme_with_the_positions_headcount()
    {
        var model = await Schemes.GetAsync(HrActor, await SalesPositionId(), null);

        Assert.NotNull(model);
        Assert.Equal(DemoData.SalesSchemeName, model.Name);
        Assert.Equal(13, model.Headcount);
        Assert.Equal(100m, model.WeightSum);
    }

    [Fact]
    public async Task Saving_as_a_new_version_keeps_the_old_one_for_past_periods()
    {
        var positionId = await SalesPositionId();
        var model = (await Schemes.GetAsync(HrActor, positionId, null))!;
        model.ApplySplit(KpiPlanner.Domain.Schemes.PaySplit.Stable);
        model.EffectiveFrom = NextMonth.ToDateTime(TimeOnly.MinValue);
        model.Name = "70/30 со следующего месяца";

        var saved = await Schemes.SaveAsync(HrActor, model, asNewVersion: true, "hr@demo.local");

        Assert.True(saved.Succeeded, string.Join("; ", saved.Errors));
        var versions = await Schemes.VersionsAsync(HrActor, positionId);
        Assert.Equal([new DateOnly(2025, 1, 1), NextMonth], versions.Select(v => v.EffectiveFrom));
        Assert.Equal(15_000m, versions[0].Fixed);
        Assert.Equal(21_000m, versions[1].Fixed);
        Assert.Equal(9_000m, versions[1].PlannedVariable);
    }

    [Fact]
    public async Task A_new_version_on_a_date_already_taken_is_refused_with_the_date()
    {
        var model = (await Schemes.GetAsync(HrActor, await SalesPositionId(), null))!;

        var saved = await Schemes.SaveAsync(HrActor, model, asNewVersion: true, null);

        var error = Assert.Single(saved.Errors);
        Assert.Equal(DomainErrors.SchemeVersionDateTaken, error.Code);
        Assert.Equal("effectiveFrom", error.Path);
    }

    [Fact]
    public async Task Weights_that_do_not_sum_to_100_are_refused_and_nothing_is_saved()
    {
        var positionId = await SalesPositionId();
        var model = (await Schemes.GetAsync(HrActor, positionId, null))!;
        model.Kpis[0].Weight = 49.99m;
        model.EffectiveFrom = NextMonth.ToDateTime(TimeOnly.MinValue);

        var saved = await Schemes.SaveAsync(HrActor, model, asNewVersion: true, null);

        Assert.Contains(saved.Errors, e => e.Code == DomainErrors.SchemeWeightsSum && e.Path == "kpis");
        Assert.Equal(50m, (await Schemes.GetAsync(HrActor, positionId, null))!.Kpis[0].Weight);
    }

    [Fact]
    public async Task Two_people_editing_one_version_the_second_save_is_a_visible_conflict()
    {
        // The demo's version paid last month, which is closed: two people edit a newer version in place.
        var positionId = await SalesPositionId();
        var next = (await Schemes.GetAsync(HrActor, positionId, null))!;
        next.EffectiveFrom = NextMonth.ToDateTime(TimeOnly.MinValue);
        Assert.True((await Schemes.SaveAsync(HrActor, next, true, "hr@demo.local")).Succeeded);
        int newer;
        await using (var db = app.CreateDbContext())
        {
            newer = await db.SchemeVersions.Where(v => v.PositionId == positionId).OrderByDescending(v => v.EffectiveFrom).Select(v => v.Id).FirstAsync();
        }

        var first = (await Schemes.GetAsync(HrActor, positionId, newer))!;
        var second = (await Schemes.GetAsync(HrActor, positionId, newer))!;
        first.Fixed = 16_000m;
        second.Fixed = 17_000m;

        Assert.True((await Schemes.SaveAsync(HrActor, first, false, "hr@demo.local")).Succeeded);
        var late = await Schemes.SaveAsync(HrActor, second, false, "owner@demo.local");

        Assert.True(late.Conflict);
        Assert.Equal(16_000m, (await Schemes.GetAsync(HrActor, positionId, newer))!.Fixed);
    }

    [Fact]
    public async Task A_scale_from_a_preset_is_saved_and_a_duplicate_name_is_refused()
    {
        var preset = ScalesService.Presets(System.Globalization.CultureInfo.GetCultureInfo("ru-RU"), k => k).Single(p => p.Code == "table6");
        var model = ScaleEditModel.From(preset.Spec, "Моя шкала");

        var saved = await Scales.SaveAsync(HrActor, model);
        var again = await Scales.SaveAsync(HrActor, ScaleEditModel.From(preset.Spec, "Моя шкала"));

        Assert.True(saved.Succeeded);
        Assert.Equal(DomainErrors.NameTaken, Assert.Single(again.Errors).Code);
        Assert.Equal(preset.Spec.Bands, (await Scales.GetAsync(HrActor, saved.Id!.Value))!.ToSpec().Bands);
    }

    [Fact]
    public async Task The_scale_editor_cannot_produce_a_gap_between_bands()
    {
        var model = ScaleEditModel.From(KpiPlanner.Domain.Scales.ScalePresets.ArticleTable3(System.Globalization.CultureInfo.InvariantCulture).ToSpec(), "Без разрывов");
        model.Bands[1].To = 95m;

        var spec = model.ToSpec();

        Assert.Equal(95m, spec.Bands[2].From);
        Assert.Empty(spec.Validate());
    }

    [Fact]
    public async Task A_version_that_paid_a_closed_month_is_not_edited_in_place_but_a_new_version_is_allowed()
    {
        var positionId = await SalesPositionId();
        await using (var db = app.CreateDbContext())
        {
            var month = await db.Periods.OrderBy(p => p.Month).FirstAsync();
            month.CloseThroughLifecycle();
            await db.SaveChangesAsync();
        }

        var model = (await Schemes.GetAsync(HrActor, positionId, null))!;
        model.Fixed = 16_000m;
        var inPlace = await Schemes.SaveAsync(HrActor, model, asNewVersion: false, "hr@demo.local");
        model.EffectiveFrom = NextMonth.ToDateTime(TimeOnly.MinValue);
        var asNew = await Schemes.SaveAsync(HrActor, model, asNewVersion: true, "hr@demo.local");

        Assert.Equal(DomainErrors.SchemeVersionUsedByClosedPeriod, Assert.Single(inPlace.Errors).Code);
        Assert.True(asNew.Succeeded, string.Join("; ", asNew.Errors));
        Assert.Equal(15_000m, (await Schemes.VersionsAsync(HrActor, positionId))[0].Fixed);
    }

    [Fact]
    public async Task The_proration_options_are_saved_with_the_version()
    {
        var positionId = await SalesPositionId();
        var model = (await Schemes.GetAsync(HrActor, positionId, null))!;
        Assert.Equal(KpiPlanner.Domain.Payroll.ProrationBasis.WorkingDays, model.Proration);
        model.Proration = KpiPlanner.Domain.Payroll.ProrationBasis.CalendarDays;
        model.ProrateVariable = true;
        model.EffectiveFrom = NextMonth.ToDateTime(TimeOnly.MinValue);
        Assert.True((await Schemes.SaveAsync(HrActor, model, asNewVersion: true, "hr@demo.local")).Succeeded);

        await using var db = app.CreateDbContext();
        var saved = await db.SchemeVersions.Where(v => v.PositionId == positionId).OrderByDescending(v => v.EffectiveFrom).FirstAsync();
        Assert.Equal((KpiPlanner.Domain.Payroll.ProrationBasis.CalendarDays, true), (saved.Spec.Proration, saved.Spec.ProrateVariable));
        var reloaded = (await Schemes.GetAsync(HrActor, positionId, saved.Id))!;
        Assert.Equal((KpiPlanner.Domain.Payroll.ProrationBasis.CalendarDays, true), (reloaded.Proration, reloaded.ProrateVariable));
    }

    private async Task<int> SalesPositionId()
    {
        await using var db = app.CreateDbContext();
        return await db.Positions.Where(p => p.Name == DemoData.SalesManagerPosition).Select(p => p.Id).SingleAsync();
    }
}
