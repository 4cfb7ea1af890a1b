using System.Globalization;

namespace KpiPlanner.Benchmarks;

/// <summary>The browser scenario's lines: one per visit as it happens, and the table with each page's verdict.</summary>
internal static class BrowserReport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>One visit in a line.</summary>
    public static string Describe(BrowserBenchmark.Visit visit) => string.Create(Inv,
        $"document {Ms(visit.DocumentMs)}, visible {Ms(visit.VisibleMs)}, interactive {Ms(visit.InteractiveMs)}, largest frame {Kb(visit.LargestFrame)} KB, {Kb(visit.Bytes)} KB in {visit.Frames} frames, {visit.DomNodes?.ToString("N0", Inv) ?? "?"} DOM nodes, HTML {(visit.HtmlBytes is { } html ? Kb(html) : "?")} KB, longest task {Ms(visit.LongestTaskMs)}; timeline: request {Ms(visit.RequestMs)}, first byte {Ms(visit.FirstByteMs)}, response {Ms(visit.ResponseMs)}, scripts and styles {Ms(visit.AssetsMs)}, websocket {Ms(visit.SocketMs)}, first frame {Ms(visit.FirstFrameMs)}{(visit.Failure is null ? "" : " — FAIL: " + visit.Failure)}");

    /// <summary>How a kind of visit is named in the lines and the table.</summary>
    public static string KindName(BrowserBenchmark.VisitKind kind) => kind switch
    {
        BrowserBenchmark.VisitKind.NewTab => "new tab",
        BrowserBenchmark.VisitKind.InApp => "in app",
        _ => "cold",
    };

    /// <summary>
    /// The table: per page and kind of visit the median time to interactive with its range, the median times to the
    /// prerendered document (DOMContentLoaded) and to visible content on the interactive page, the largest frame of any
    /// visit, the median bytes over the websocket, the DOM nodes, the prerendered document, the longest task, the server
    /// time of the page's service. A page PASSes when every visit finished, a returning user's new tab and the in-app
    /// navigation each have a median within <paramref name="goalMs"/>, and no frame of any visit exceeded
    /// <paramref name="goalFrameKb"/>; the cold visit (a browser profile never used: scripts, styles and their compilation
    /// not cached) is printed beside the floor's (the first page), what the app's boot costs any page on this machine.
    /// True when every page passed.
    /// </summary>
    public static bool Print(IReadOnlyList<BrowserBenchmark.PageResult> pages, double goalMs, double goalFrameKb)
    {
        var width = Math.Max(40, pages.Max(p => p.Name.Length));
        Console.WriteLine(string.Create(Inv,
            $"{"page".PadRight(width)}  {"visit",-7}  {"median ms",9}  {"min–max ms",13}  {"document ms",11}  {"visible ms",10}  {"max frame KB",12}  {"total KB",9}  {"DOM nodes",9}  {"HTML KB",8}  {"long task ms",12}  {"server ms",9}  goal: new tab and in app interactive ≤ {goalMs:N0} ms, no frame > {goalFrameKb} KB"));
        var pass = true;
        double? floorCold = null;
        foreach (var page in pages)
        {
            var all = page.Visits.Values.SelectMany(v => v).ToList();
            var failed = all.FirstOrDefault(v => v.Failure is not null);
            var largest = all.Count > 0 ? all.Max(v => v.LargestFrame) : 0;
            var ok = failed is null && largest <= goalFrameKb * 1024;
            var server = Median(page.ServerMs.Select(m => (double?)m));
            var lines = new List<string>();
            foreach (var (kind, visits) in page.Visits.OrderBy(k => k.Key))
            {
                var interactive = visits.Where(v => v.Failure is null && v.InteractiveMs is not null).Select(v => v.InteractiveMs!.Value).Order().ToList();
                var median = interactive.Count > 0 ? interactive[interactive.Count / 2] : (double?)null;
                if (kind != BrowserBenchmark.VisitKind.Cold)
                {
                    ok &= median is { } m && m <= goalMs && interactive.Count == visits.Count;
                }
                else
                {
                    floorCold ??= median;
                }

                var range = interactive.Count > 0 ? string.Create(Inv, $"{interactive[0]:F0}–{interactive[^1]:F0}") : "—";
                var kindLargest = visits.Count > 0 ? visits.Max(v => v.LargestFrame) : 0;
                var bytes = Median(visits.Select(v => (double?)v.Bytes));
                var note = kind == BrowserBenchmark.VisitKind.Cold && median is { } c && floorCold is { } f ? string.Create(Inv, $"floor {f:F0} + {c - f:F0}") : string.Empty;
                lines.Add(string.Create(Inv,
                    $"{page.Name.PadRight(width)}  {KindName(kind),-7}  {Ms(median),9}  {range,13}  {Ms(Median(visits.Select(v => v.DocumentMs))),11}  {Ms(Median(visits.Select(v => v.VisibleMs))),10}  {Kb(kindLargest),12}  {(bytes is { } b ? Kb((long)b) : "—"),9}  {visits.Select(v => v.DomNodes).LastOrDefault(n => n is not null)?.ToString("N0", Inv) ?? "—",9}  {(Median(visits.Select(v => (double?)v.HtmlBytes)) is { } h ? Kb((long)h) : "—"),8}  {Ms(visits.Select(v => v.LongestTaskMs).Max()),12}  {(page.ServerFailure ?? Ms(server)),9}  {{0}}{note}"));
            }

            pass &= ok;
            foreach (var line in lines)
            {
                Console.WriteLine(line.Replace("{0}", ok ? "PASS " : "FAIL ", StringComparison.Ordinal));
            }

            Console.WriteLine(string.Create(Inv,
                $"{"",4}server: {page.ServerName}, median of {page.ServerMs.Count} ({(page.ServerMs.Count > 0 ? string.Create(Inv, $"{page.ServerMs.Min():F1}–{page.ServerMs.Max():F1} ms") : page.ServerFailure ?? "—")}); {all.Count(v => v.Failure is null)} of {all.Count} visits finished{(failed is null ? "" : "; " + failed.Failure)}"));
        }

        return pass;
    }

    private static double? Median(IEnumerable<double?> values)
    {
        var list = values.OfType<double>().Order().ToList();
        return list.Count == 0 ? null : list[list.Count / 2];
    }

    private static string Ms(double? ms) => ms is { } value ? value.ToString("F0", Inv) : "—";

    private static string Kb(long bytes) => (bytes / 1024.0).ToString("F1", Inv);
}
