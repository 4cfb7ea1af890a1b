using KpiPlanner.Domain.Goals;

namespace KpiPlanner.Domain.Dashboards;

/// <summary>A run-rate forecast of a period still in progress.</summary>
/// <param name="SoFar">The fact so far (rolled up by the KPI's rule).</param>
/// <param name="Forecast">Where the period ends at the current pace.</param>
/// <param name="WorkingDaysElapsed">Working days of the period up to and including today.</param>
/// <param name="WorkingDays">Working days of the whole period.</param>
public sealed record RunRateForecast(decimal SoFar, decimal Forecast, int WorkingDaysElapsed, int WorkingDays);

/// <summary>
/// The run-rate forecast: at the pace of the working days so far, where does the month (or quarter) end? For a
/// summed KPI (revenue, contracts) the fact so far is scaled by working days: <c>fact × days in period / days
/// elapsed</c>. An average KPI (conversion, average check) or a last-month KPI (receivables) is a level, not a pace:
/// its forecast is the value so far. Working days are those of the company's calendar (production calendar and HR's
/// own days). No forecast before the first working day has passed.
/// </summary>
public static class RunRate
{
    public static RunRateForecast? Forecast(AggregationRule rule, decimal? soFar, int workingDaysElapsed, int workingDays)
    {
        if (soFar is not { } fact || workingDaysElapsed <= 0 || workingDays <= 0)
        {
            return null;
        }

        var elapsed = Math.Min(workingDaysElapsed, workingDays);
        var forecast = rule == AggregationRule.Sum ? fact * workingDays / elapsed : fact;
        return new RunRateForecast(fact, forecast, elapsed, workingDays);
    }
}
