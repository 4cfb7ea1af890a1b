using KpiPlanner.Domain.Organisation;
using KpiPlanner.Infrastructure.Demo;
using Microsoft.EntityFrameworkCore;

namespace KpiPlanner.Web.Tests.Browser;

/// <summary>
/// The owner's home at scale (issue 18): the company's departments a page at a time, so its first render does not grow
/// with the company (~100 departments at 10 000 people was a 192 KB SignalR frame).
/// </summary>
public sealed class OwnerHomeTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task The_owners_home_shows_the_departments_25_at_a_time_with_a_pager()
    {
        await Fixture.App.ResetAsync();
        int total;
        await using (var db = Fixture.App.CreateDbContext())
        {
            var root = await db.Departments.SingleAsync(d => d.ParentId == null);
            db.Departments.AddRange(Enumerable.Range(1, 40).Select(i => new Department($"Филиал {i:D2}", root)));
            await db.SaveChangesAsync();
            total = await db.Departments.CountAsync();
        }

        var page = await SignedInPageAsync(OwnerEmail);
        await page.GotoAsync("/");
        await WaitUntilInteractiveAsync(page);
        var table = page.GetByTestId("departments-table");
        await Expect(table.Locator("tbody tr")).ToHaveCountAsync(25);
        await Expect(table).ToContainTextAsync(DemoData.CompanyName);
        await Expect(table).ToContainTextAsync($"1–25 из {total}");
        await Expect(table).ToContainTextAsync("Отделов на странице:");
        await ScreenshotAsync(page, "owner-home-departments-paged");

        await table.Locator(".mud-table-pagination-actions button").Nth(2).ClickAsync(); // first, previous, next, last
        await Expect(table).ToContainTextAsync($"26–{Math.Min(50, total)} из {total}");
        await Expect(table.Locator("tbody tr")).ToHaveCountAsync(Math.Min(25, total - 25));
    }
}
