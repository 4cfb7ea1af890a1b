namespace KpiPlanner.Web.Features.Dashboard;

/// <summary>The dashboards' value axis: round lines a person can read.</summary>
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
}
