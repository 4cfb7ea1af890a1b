using KpiPlanner.Infrastructure.Demo;
using KpiPlanner.Testing;
using KpiPlanner.Web.Features.PayReview;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KpiPlanner.IntegrationTests;

[Collection(AppCollection.Name)]
public sealed class CalendarServiceTests(KpiAppFactory app) : IAsyncLifetime
{
    private AsyncServiceScope scope;

    private CalendarService Calendar => scope.ServiceProvider.GetRequiredService<CalendarService>();

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        scope = app.Services.CreateAsyncScope();
    }

    public async Task DisposeAsync() => await scope.DisposeAsync();

    [Fact]
    public async Task The_official_2026_calendar_shows_and_hr_changes_a_day_and_sets_it_back()
    {
        var hr = await app.ActorAsync(DemoData.HrEmail);
        var year = await Calendar.LoadAsync(hr, 2026);
        Assert.True(year.Published);
        Assert.Equal(15, year.Months[0].WorkingDays);
        Assert.Contains(year.Days, d => d.Date == new DateOnly(2026, 1, 9) && !d.IsWorking && !d.ChangedByHr);

        await Calendar.SetAsync(hr, new DateOnly(2026, 1, 30), isWorking: false, " корпоративный выходной ");
        year = await Calendar.LoadAsync(hr, 2026);
        Assert.Equal(14, year.Months[0].WorkingDays);
        Assert.Contains(year.Days, d => d.Date == new DateOnly(2026, 1, 30) && d.ChangedByHr && d.Note == "корпоративный выходной");

        // Changing it again replaces HR's entry; setting it back to the official calendar removes it.
        await Calendar.SetAsync(hr, new DateOnly(2026, 1, 30), isWorking: false, "другая причина");
        await Calendar.SetAsync(hr, new DateOnly(2026, 1, 30), isWorking: true, null);
        await using var db = app.CreateDbContext();
        Assert.False(await db.CalendarDays.AnyAsync());
        Assert.Equal(15, (await Calendar.LoadAsync(hr, 2026)).Months[0].WorkingDays);
    }

    [Fact]
    public async Task A_manager_cannot_change_the_calendar()
    {
        var manager = await app.ActorAsync(DemoData.ManagerEmail);
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Calendar.SetAsync(manager, new DateOnly(2026, 1, 30), false, null));
    }
}
