using KpiPlanner.Domain.Kpis;

namespace KpiPlanner.Domain.Dashboards;

/// <summary>
/// The plan-accuracy sums of one KPI over some cells (people × months with a plan &gt; 0 and a fact), as the database
/// keeps them: Σ fact / plan, Σ |fact − plan| / plan, how many cells, how many above and below plan.
/// </summary>
public sealed record AccuracySums(Direction Direction, decimal RatioSum, decimal AbsoluteDeviationSum, int Count, int Over, int Under);

/// <summary>How far a manager's plans sit from the facts.</summary>
/// <param name="Cells">Plans measured (people × months × KPIs with a plan &gt; 0 and a fact).</param>
/// <param name="MeanAbsoluteDeviation">Mean |fact − plan| / plan, percent: how far off plans are, either way.</param>
/// <param name="Bias">Mean signed deviation, percent, positive when results beat the plan (fact above plan for a
/// higher-is-better KPI, below it for a lower-is-better one): persistently positive means plans set low.</param>
/// <param name="BeatenShare">Share of plans beaten, percent.</param>
public sealed record PlanAccuracyResult(int Cells, decimal MeanAbsoluteDeviation, decimal Bias, decimal BeatenShare)
{
    /// <summary>Bias above which plans look set to be over-fulfilled (the article's reason for a cap).</summary>
    public const decimal EasyPlanBias = 10m;

    /// <summary>Plans are beaten by more than <see cref="EasyPlanBias"/> % on average and in most cells.</summary>
    public bool LooksEasy => Cells > 0 && Bias > EasyPlanBias && BeatenShare > 50m;
}

/// <summary>
/// Plan accuracy over many KPIs: mean absolute deviation |fact − plan| / plan and the bias (fact / plan − 1), whose sign
/// is turned for lower-is-better KPIs so that "positive" always means "the plan was beaten". Raw-value KPIs are
/// measured the same way (a plan of 5 days late against 3 is a plan beaten by 40 %).
/// </summary>
public static class PlanAccuracy
{
    public static PlanAccuracyResult? Of(IEnumerable<AccuracySums> sums)
    {
        ArgumentNullException.ThrowIfNull(sums);
        var count = 0;
        decimal deviation = 0m, bias = 0m;
        var beaten = 0;
        foreach (var s in sums)
        {
            count += s.Count;
            deviation += s.AbsoluteDeviationSum;
            var signed = s.RatioSum - s.Count; // Σ (fact / plan − 1)
            bias += s.Direction == Direction.LowerIsBetter ? -signed : signed;
            beaten += s.Direction == Direction.LowerIsBetter ? s.Under : s.Over;
        }

        return count == 0
            ? null
            : new PlanAccuracyResult(count, deviation * 100m / count, bias * 100m / count, beaten * 100m / count);
    }
}
