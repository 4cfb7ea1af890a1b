using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using KpiPlanner.Domain.Planning;
using KpiPlanner.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace KpiPlanner.Web.Tests.Browser;

/// <summary>
/// The pay review of a month of several hundred lines (issue 18): the browser holds one page of rows, the totals are
/// the database's sums over every line, and no SignalR frame the page receives — loading, paging, searching, opening
/// an explanation — is over 200 KB, whatever the headcount.
/// </summary>
public sealed class PayReviewScaleTests(BrowserFixture fixture, ITestOutputHelper output) : BrowserTest(fixture)
{
    private const int People = 450;

    private const int MaxFrame = 200 * 1024;

    private static readonly DateOnly ThisMonth = TestClock.ThisMonth;

    [Fact]
    public async Task A_month_of_hundreds_of_lines_shows_one_page_with_the_databases_totals_and_no_frame_over_200_KB()
    {
        await Fixture.App.ResetAsync();
        await Fixture.App.AddCalculatedAsync(ThisMonth, People, moreShops: 90); // about a hundred departments, as the company
        int lines, north;
        decimal total, variable, adjustments;
        await using (var db = Fixture.App.CreateDbContext())
        {
            var month = db.PayLines.Where(l => l.Month == ThisMonth);
            lines = await month.CountAsync();
            variable = await month.SumAsync(l => l.Variable);
            adjustments = await db.PayAdjustments.Where(a => a.Month == ThisMonth).SumAsync(a => a.Amount);
            total = await month.SumAsync(l => l.Total) + adjustments;
            north = await month.CountAsync(l => db.Departments.Any(d => d.Id == l.DepartmentId && (d.Name == PayCrowd.North || d.Name == PayCrowd.Shop)));
        }

        Assert.True(lines > People, $"{lines} lines");
        await using (var scope = Fixture.App.Services.CreateAsyncScope())
        {
            // What a visit costs the server (for the record; the machine's load decides the figures): the month's state and
            // totals, then the first page; the best of three.
            var review = scope.ServiceProvider.GetRequiredService<KpiPlanner.Web.Features.PayReview.PayReviewService>();
            var hr = await PayCrowd.ActorAsync(Fixture.App, HrEmail);
            long load = long.MaxValue, first = long.MaxValue;
            for (var run = 0; run < 3; run++)
            {
                var watch = Stopwatch.StartNew();
                await review.LoadAsync(hr, ThisMonth);
                load = Math.Min(load, watch.ElapsedMilliseconds);
                watch.Restart();
                await review.PageAsync(hr, ThisMonth, new KpiPlanner.Web.Features.PayReview.ReviewQuery());
                first = Math.Min(first, watch.ElapsedMilliseconds);
            }

            output.WriteLine($"{lines} lines: the month's state and totals in {load} ms, its first page in {first} ms");
        }

        var page = await SignedInPageAsync(HrEmail);
        var frames = new Frames();
        page.WebSocket += (_, socket) => socket.FrameReceived += (_, frame) => frames.Add(frame);

        var clock = Stopwatch.StartNew();
        await page.GotoAsync("/pay/" + Period.Key(ThisMonth));
        await Expect(page.GetByTestId("pay-ready")).ToBeAttachedAsync();
        var ready = clock.ElapsedMilliseconds;
        var names = page.GetByTestId("pay-row-name");
        await Expect(names).ToHaveCountAsync(50); // one page of the month's lines, not all of them
        await Expect(page.GetByTestId("pay-table")).ToHaveAttributeAsync("data-count", lines.ToString(CultureInfo.InvariantCulture));
        await Expect(page.GetByTestId("pay-total")).ToHaveTextAsync(Money(total));
        await Expect(page.GetByTestId("pay-variable")).ToHaveTextAsync(Money(variable));
        await Expect(page.GetByTestId("pay-adjustments")).ToHaveTextAsync(Money(adjustments));
        await Expect(page.GetByText($"Сотрудников: {lines}")).ToBeVisibleAsync();
        var nodes = await page.EvaluateAsync<int>("() => document.getElementsByTagName('*').length");
        var rowNodes = await page.EvaluateAsync<int>("() => document.querySelector('[data-testid=pay-table] tbody').getElementsByTagName('*').length");
        output.WriteLine($"{lines} lines: ready in {ready} ms; {nodes} elements, {rowNodes} in the table's body; frames on load: {frames}");
        Assert.True(frames.Largest <= MaxFrame, $"a frame of {frames.Largest} bytes on load");
        Assert.True(rowNodes < 50 * 25, $"{rowNodes} elements for 50 rows");
        await ScreenshotAsync(page, "pay-review-scale-ru");

        // The next page: another 50 lines, read from the database.
        frames.Clear();
        var firstName = await names.First.Locator("div").First.InnerTextAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Следующая страница" }).ClickAsync();
        await Expect(page.GetByText(new Regex("^51–100 из "))).ToBeVisibleAsync();
        await Expect(names.First.Locator("div").First).Not.ToHaveTextAsync(firstName);
        await Expect(names).ToHaveCountAsync(50);
        output.WriteLine($"frames on paging: {frames}");
        Assert.True(frames.Largest <= MaxFrame, $"a frame of {frames.Largest} bytes on paging");

        // A search by personnel number, in the database: R00010 … R00019.
        frames.Clear();
        await page.GetByTestId("pay-search").FillAsync("R0001");
        await Expect(names).ToHaveCountAsync(10);
        await Expect(page.GetByTestId("pay-table")).ToHaveAttributeAsync("data-count", "10");
        Assert.True(frames.Largest <= MaxFrame, $"a frame of {frames.Largest} bytes on search");
        await page.GetByTestId("pay-search").FillAsync(string.Empty);
        await Expect(page.GetByTestId("pay-table")).ToHaveAttributeAsync("data-count", lines.ToString(CultureInfo.InvariantCulture));

        // A department is its subtree: the north region holds the shop on Nevsky.
        frames.Clear();
        await page.GetByTestId("pay-filter-department").FillAsync("Север");
        var options = page.GetByRole(AriaRole.Option);
        await Expect(options).ToHaveCountAsync(1); // the search's answer, not the list opened on focus
        await Expect(options).ToHaveTextAsync(PayCrowd.North);
        await options.ClickAsync();
        await Expect(page.GetByTestId("pay-filter-department")).ToHaveValueAsync(PayCrowd.North);
        await Expect(page.GetByTestId("pay-table")).ToHaveAttributeAsync("data-count", north.ToString(CultureInfo.InvariantCulture));
        await Expect(names.Filter(new() { HasText = PayCrowd.Shop }).First).ToBeVisibleAsync();
        output.WriteLine($"frames on filtering by department: {frames}");
        Assert.True(frames.Largest <= MaxFrame, $"a frame of {frames.Largest} bytes on filtering by department");

        // The explanation is read when its row is opened.
        frames.Clear();
        await names.Nth(3).ClickAsync();
        await Expect(page.GetByTestId("pay-explanation")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("pay-detail")).ToContainTextAsync(await names.Nth(3).Locator("div").First.InnerTextAsync());
        output.WriteLine($"frames on opening an explanation: {frames}");
        Assert.True(frames.Largest <= MaxFrame, $"a frame of {frames.Largest} bytes on opening an explanation");
        await ScreenshotAsync(page, "pay-review-scale-explanation-ru");

        var english = await SignedInPageAsync(HrEmail, "en-US");
        await english.GotoAsync("/pay/" + Period.Key(ThisMonth));
        await Expect(english.GetByTestId("pay-ready")).ToBeAttachedAsync();
        await Expect(english.GetByTestId("pay-row-name")).ToHaveCountAsync(50);
        await Expect(english.GetByText(new Regex("^1–50 of "))).ToBeVisibleAsync();
        await english.GetByTestId("pay-filter-below").ClickAsync();
        await Expect(english.GetByTestId("pay-table")).Not.ToHaveAttributeAsync("data-count", lines.ToString(CultureInfo.InvariantCulture));
        await ScreenshotAsync(english, "pay-review-scale-en");
    }

    private static string Money(decimal amount) => amount.ToString("C2", CultureInfo.GetCultureInfo("ru-RU"));

    /// <summary>The sizes of the SignalR frames a page received.</summary>
    private sealed class Frames
    {
        private readonly List<int> sizes = [];
        private int dumped;

        public int Largest
        {
            get
            {
                lock (sizes)
                {
                    return sizes.Count == 0 ? 0 : sizes.Max();
                }
            }
        }

        public void Add(IWebSocketFrame frame)
        {
            lock (sizes)
            {
                sizes.Add(frame.Binary?.Length ?? Encoding.UTF8.GetByteCount(frame.Text ?? string.Empty));
                if (Environment.GetEnvironmentVariable("KPI_DUMP_FRAMES") is { } dir)
                {
                    File.WriteAllBytes(Path.Combine(dir, $"frame-{++dumped:000}.bin"), frame.Binary ?? Encoding.UTF8.GetBytes(frame.Text ?? string.Empty));
                }
            }
        }

        public void Clear()
        {
            lock (sizes)
            {
                sizes.Clear();
            }
        }

        public override string ToString()
        {
            lock (sizes)
            {
                return $"{sizes.Count}, largest {(sizes.Count == 0 ? 0 : sizes.Max())} B, {sizes.Sum()} B in all";
            }
        }
    }
}
