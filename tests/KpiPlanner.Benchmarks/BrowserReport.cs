using System.Globalization;

namespace KpiPlanner.Benchmarks;

/// <summary>The browser scenario's lines: one per visit as it happens, and the table with each page's verdict.</summary>
internal static class BrowserReport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>One visit in a line.</summary>
    public static string Describe(BrowserBenchmark.Visit visit) => string.Create(Inv,
        $"document {Ms(visit.DocumentMs)}, visible {Ms(visit.VisibleMs)}, interactive {Ms(visit.InteractiveMs)}, largest frame {Kb(visit.LargestFrame)} KB, {Kb(visit.Bytes)} KB in {visit.Frames} frames, {visit.DomNodes?.ToString("N0", Inv) ?? "?"} DOM nodes, HTML {(visit.HtmlBytes is { } html ? Kb(html) : "?")} KB, longest task {Ms(visit.LongestTaskMs)}{(visit.Failure is null ? "" : " — FAIL: " + visit.Failure)}");

    /// <summary>
    /// The table: per page the median time to interactive with its range, the median times to the prerendered
    /// document (DOMContentLoaded) and to visible content on the interactive page, the largest
    /// frame of any visit, the median bytes over the websocket, the DOM nodes, the prerendered document, the longest task,
    /// the server time of the page's service; PASS when every visit finished, the median is within
    /// <paramref name="goalMs"/> and no frame exceeded <paramref name="goalFrameKb"/>. True when every page passed.
    /// </summary>
    public static bool Print(IReadOnlyList<BrowserBenchmark.PageResult> pages, double goalMs, double goalFrameKb)
    {
        var width = Math.Max(40, pages.Max(p => p.Name.Length));
        Console.WriteLine(string.Create(Inv,
            $"{"page".PadRight(width)}  {"median ms",9}  {"min–max ms",13}  {"document ms",11}  {"visible ms",10}  {"max frame KB",12}  {"total KB",9}  {"DOM nodes",9}  {"HTML KB",8}  {"long task ms",12}  {"server ms",9}  goal: interactive ≤ {goalMs:N0} ms, no frame > {goalFrameKb} KB"));
        var pass = true;
        foreach (var page in pages)
        {
            var done = page.Visits.Where(v => v.Failure is null && v.InteractiveMs is not null).ToList();
            var failed = page.Visits.FirstOrDefault(v => v.Failure is not null);
            var interactive = done.Select(v => v.InteractiveMs!.Value).Order().ToList();
            var median = interactive.Count > 0 ? interactive[interactive.Count / 2] : (double?)null;
            var document = Median(page.Visits.Select(v => v.DocumentMs));
            var visible = Median(page.Visits.Select(v => v.VisibleMs));
            var largest = page.Visits.Count > 0 ? page.Visits.Max(v => v.LargestFrame) : 0;
            var bytes = Median(page.Visits.Select(v => (double?)v.Bytes));
            var nodes = page.Visits.Select(v => v.DomNodes).LastOrDefault(n => n is not null);
            var html = Median(page.Visits.Select(v => (double?)v.HtmlBytes));
            var task = page.Visits.Select(v => v.LongestTaskMs).Max();
            var server = Median(page.ServerMs.Select(m => (double?)m));
            var ok = failed is null && median is { } m && m <= goalMs && largest <= goalFrameKb * 1024;
            pass &= ok;
            var range = interactive.Count > 0 ? string.Create(Inv, $"{interactive[0]:F0}–{interactive[^1]:F0}") : "—";
            Console.WriteLine(string.Create(Inv,
                $"{page.Name.PadRight(width)}  {Ms(median),9}  {range,13}  {Ms(document),11}  {Ms(visible),10}  {Kb(largest),12}  {(bytes is { } b ? Kb((long)b) : "—"),9}  {nodes?.ToString("N0", Inv) ?? "—",9}  {(html is { } h ? Kb((long)h) : "—"),8}  {Ms(task),12}  {(page.ServerFailure ?? Ms(server)),9}  {(ok ? "PASS" : "FAIL")}"));
            Console.WriteLine(string.Create(Inv,
                $"{"",4}server: {page.ServerName}, median of {page.ServerMs.Count} ({(page.ServerMs.Count > 0 ? string.Create(Inv, $"{page.ServerMs.Min():F1}–{page.ServerMs.Max():F1} ms") : page.ServerFailure ?? "—")}); {done.Count} of {page.Visits.Count} visits finished{(failed is null ? "" : "; " + failed.Failure)}"));
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
