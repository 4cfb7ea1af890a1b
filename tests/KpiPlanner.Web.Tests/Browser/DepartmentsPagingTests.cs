using KpiPlanner.Domain.Organisation;
using KpiPlanner.Infrastructure.Demo;
using Microsoft.EntityFrameworkCore;

namespace KpiPlanner.Web.Tests.Browser;

/// <summary>
/// HR's department list at scale (issue 18): 50 departments a page, so a company of ~100 departments (10 000 people) does
/// not send every row with its four action buttons at once (~200 KB).
/// </summary>
public sealed class DepartmentsPagingTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task The_department_list_shows_50_departments_a_page_with_a_pager()
    {
        await Fixture.App.ResetAsync();
        int total;
        await using (var db = Fixture.App.CreateDbContext())
        {
            var root = await db.Departments.SingleAsync(d => d.ParentId == null);
            db.Departments.AddRange(Enumerable.Range(1, 60).Select(i => new Department($"Филиал {i:D2}", root)));
            await db.SaveChangesAsync();
            total = await db.Departments.CountAsync();
        }

        var page = await SignedInPageAsync(HrEmail);
        await page.GotoAsync("/organisation");
        await WaitUntilInteractiveAsync(page);
        var table = page.GetByTestId("departments-table");
        await Expect(table.Locator("tbody tr")).ToHaveCountAsync(50);
        await Expect(table).ToContainTextAsync(DemoData.CompanyName);
        await Expect(table).ToContainTextAsync($"1–50 из {total}");
        await Expect(table).ToContainTextAsync("Строк на странице:");
        await ScreenshotAsync(page, "organisation-departments-paged");

        await table.Locator(".mud-table-pagination-actions button").Nth(2).ClickAsync(); // first, previous, next, last
        await Expect(table).ToContainTextAsync($"51–{total} из {total}");
        await Expect(table.Locator("tbody tr")).ToHaveCountAsync(total - 50);
    }
}
