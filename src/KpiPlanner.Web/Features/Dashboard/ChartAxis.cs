using System.Globalization;
using KpiPlanner.Domain.Kpis;
using KpiPlanner.Web.Localization;
using MudBlazor;

namespace KpiPlanner.Web.Features.Dashboard;

/// <summary>
/// The dashboards' charts: the one place a figure becomes a chart coordinate, and the value axis in round lines a
/// person can read. MudChart plots <c>double</c>; every figure stays <c>decimal</c> up to here, and nothing is summed,
/// rounded or paid from a coordinate — the tables and cards beside the charts show the decimals themselves.
/// </summary>
internal static class ChartAxis
{
    /// <summary>At most this many lines on a chart's value axis.</summary>
    public const int MaxLines = 7;

    /// <summary>
    /// The distance between the value axis's lines: 1, 2 or 5 × 10ⁿ, the smallest such that <see cref="MaxLines"/>
    /// lines from zero reach the largest value. MudBlazor's own step (20, doubled until the lines fit) labelled the
    /// axis 81 920 ₽, 163 840 ₽, … (issue 17). The axis takes a whole number; values under 6 get a step of 1.
    /// </summary>
    public static int Step(IEnumerable<decimal?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var largest = values.Select(v => v is { } x ? Math.Abs(x) : 0m).DefaultIfEmpty(0m).Max();
        var wanted = Math.Max(largest / (MaxLines - 1), 1m);
        var step = 1m;
        while (step * 10 <= wanted)
        {
            step *= 10;
        }

        foreach (var multiple in new[] { 1m, 2m, 5m, 10m })
        {
            if (step * multiple >= wanted)
            {
                return (int)Math.Min(step * multiple, int.MaxValue);
            }
        }

        return (int)Math.Min(step * 10, int.MaxValue);
    }

    /// <summary>
    /// A series' points. A missing value is a gap in the line, never a fall to zero: a null point, which MudChart leaves
    /// out (a NaN would be written into the SVG path as "NaN" and the browser would drop the whole line).
    /// </summary>
    public static ChartData<double> Points(IEnumerable<decimal?> values) =>
        new([.. values.Select(v => v is { } x ? (double?)(double)x : null)]);

    /// <summary>A value axis line's label: the tick read back as a decimal and shown as the unit is everywhere.</summary>
    public static string Label(KpiUnit? unit, double tick)
    {
        if (!double.IsFinite(tick) || Math.Abs(tick) >= (double)decimal.MaxValue)
        {
            return string.Empty;
        }

        var value = (decimal)tick;
        return unit == KpiUnit.Money ? value.ToString("C0", CultureInfo.CurrentCulture) : Formats.Plain(value, 1);
    }
}
