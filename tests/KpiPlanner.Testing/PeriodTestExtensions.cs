using KpiPlanner.Domain.Planning;

namespace KpiPlanner.Testing;

/// <summary>Test set-up: takes a month through the real lifecycle (calculated → approved → closed).</summary>
public static class PeriodTestExtensions
{
    public static void CloseThroughLifecycle(this Period period)
    {
        ArgumentNullException.ThrowIfNull(period);
        if (period.IsClosed)
        {
            return;
        }

        var now = TestClock.Now;
        var errors = period.Calculated(now, "test").Concat(period.Approve(now, "test", false)).Concat(period.Close(now, "test", 0, false)).ToList();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException(string.Join("; ", errors.Select(e => e.Message)));
        }
    }
}
