using Microsoft.EntityFrameworkCore;

namespace KpiPlanner.Web.Tests.Browser;

/// <summary>
/// Issue 17's rough edge: at 1440 px the scale editor's «Смысл» (meaning) column and its delete icons were scrolled out
/// of view. Every band's label field and delete button must be inside the window without scrolling sideways.
/// </summary>
public sealed class ScaleEditorLayoutTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Theory]
    [InlineData(1440, 900)]
    [InlineData(1280, 800)]
    public async Task Every_bands_meaning_and_delete_button_are_in_view_on_a_laptop(int width, int height)
    {
        int id;
        await using (var db = Fixture.App.CreateDbContext())
        {
            id = await db.Scales.OrderBy(s => s.Id).Select(s => s.Id).FirstAsync();
        }

        var page = await SignedInPageAsync(HrEmail);
        await page.SetViewportSizeAsync(width, height);
        await page.GotoAsync($"/scales/{id}");
        await WaitUntilInteractiveAsync(page);

        await Expect(page.GetByTestId("band-row").Nth(1)).ToBeVisibleAsync();
        var rows = await page.GetByTestId("band-row").CountAsync();
        Assert.True(rows >= 2);
        for (var i = 0; i < rows; i++)
        {
            var row = page.GetByTestId("band-row").Nth(i);
            foreach (var part in new[] { "band-label", "band-remove" })
            {
                var box = await row.GetByTestId(part).BoundingBoxAsync();
                Assert.NotNull(box);
                Assert.True(box.X >= 0 && box.X + box.Width <= width, $"{part} of band {i + 1} spans {box.X}–{box.X + box.Width} px of {width}.");
                // Not hidden in a table that scrolls sideways either: every scrolling box around it shows it whole.
                var hidden = await ScrolledOutOfViewAsync(row.GetByTestId(part));
                Assert.False(hidden, $"{part} of band {i + 1} is scrolled out of its table at {width} px.");
            }
        }

        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "The page scrolls sideways.");
        await ScreenshotAsync(page, $"scale-editor-{width}");
    }
}
