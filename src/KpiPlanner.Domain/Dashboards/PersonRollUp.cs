using KpiPlanner.Domain.Goals;
using KpiPlanner.Domain.Kpis;
using KpiPlanner.Domain.Payroll;
using KpiPlanner.Domain.Schemes;

namespace KpiPlanner.Domain.Dashboards;

/// <summary>One person's KPI in one month: plan, fact, and a growth KPI's base (the fact of its base month, or a fixed value).</summary>
public sealed record PersonMonth(DateOnly Month, decimal? Plan, decimal? Fact, decimal? Base = null)
{
    /// <summary>The same month as a group of one (<see cref="GroupMonth.OfPerson"/>).</summary>
    public GroupMonth AsGroup() => GroupMonth.OfPerson(Month, Plan, Fact);
}

/// <summary>
/// One person's KPI over a period on the dashboards, read as the pay run measures it and as every screen shows it
/// (issue 14: one measurement, <see cref="KpiMeasure.Read"/>).
/// <list type="bullet">
/// <item>One month: <see cref="KpiMeasure.Read"/> — a finished month has the pay line's completion, so its band is the
/// pay line's band (a lower-is-better fact of 0 is the top band; a growth KPI is (fact − base) / (plan − base) against
/// its base); where the pay line counts a missing figure as 0 %, the dashboard shows no completion, as the grid and "my
/// results" do; today's month is read against what is due by today.</item>
/// <item>Several finished months: the months roll up by the KPI's rule (<see cref="GroupRollUp.Of"/>, like for like);
/// a growth KPI rolls up its plans, facts and bases over the months that have all three, then is read once.</item>
/// <item>Several months holding today's: the completion to date of <see cref="GroupRollUp.Of"/>; a growth KPI the
/// same roll-up as above, today's month with its plan and its base as due by today.</item>
/// </list>
/// Without the person's scheme KPI (a KPI only the catalogue knows) the period is rolled up as a group of one.
/// </summary>
public static class PersonRollUp
{
    public static GroupRolledUp Of(SchemeKpi? kpi, AggregationRule rule, Direction direction, IReadOnlyCollection<PersonMonth> months,
        PeriodRange period, MonthInProgress? inProgress = null)
    {
        ArgumentNullException.ThrowIfNull(months);
        ArgumentNullException.ThrowIfNull(period);
        // Only the period's months are rolled up: a page reads each person's month by month (the heat map), so the
        // months outside are left out before they are converted, not after.
        var inside = months.Where(m => period.Contains(m.Month)).ToList();
        var rolled = GroupRollUp.Of(rule, direction, inside.Select(m => m.AsGroup()), period, inProgress);
        if (kpi is null || inside.Count == 0)
        {
            return rolled;
        }

        if (inside.Count == 1 && period.MonthCount == 1)
        {
            var month = inside[0];
            var running = inProgress is not null && inProgress.Month.Start == month.Month ? inProgress : null;
            var reading = KpiMeasure.Read(kpi, new KpiFigures(month.Plan, month.Fact) { Base = month.Base }, running);
            return rolled with
            {
                Completion = reading.Completion,
                Growth = kpi.Measurement == Measurement.Growth && reading.Completion is not null
                    ? new KpiFigures(reading.PlanToDate, month.Fact) { Base = running is null ? month.Base : running.PlanDue(rule, month.Base!.Value) }
                    : null,
            };
        }

        if (kpi.Measurement != Measurement.Growth)
        {
            return rolled;
        }

        // Growth over several months: plans, facts and bases of the months that have all three, rolled up and read
        // once; today's month counts its plan and its base as due by today (like for like with its fact so far).
        var today = inProgress is not null && period.Contains(inProgress.Month) ? inProgress : null;
        var measured = inside.Where(m => m.Plan is not null && m.Fact is not null && m.Base is not null)
            .Select(m => today is null || m.Month != today.Month.Start
                ? m
                : m with { Plan = today.PlanDue(rule, m.Plan!.Value), Base = today.PlanDue(rule, m.Base!.Value) })
            .Where(m => m.Plan is not null && m.Base is not null)
            .ToArray();
        var figures = new KpiFigures(Combine(rule, measured.Select(m => m.Plan)), Combine(rule, measured.Select(m => m.Fact)))
        {
            Base = Combine(rule, measured.Select(m => m.Base)),
        };
        var completion = KpiMeasure.Read(kpi, figures).Completion;
        return rolled with { Completion = completion, Growth = completion is null ? null : figures };
    }

    /// <summary>The base of a growth KPI's month: the stored fact of its base month, or its fixed value; null otherwise.</summary>
    public static decimal? BaseOf(SchemeKpi? kpi, DateOnly month, Func<DateOnly, decimal?> factOf)
    {
        ArgumentNullException.ThrowIfNull(factOf);
        return kpi?.Base is not { } growthBase || kpi.Measurement != Measurement.Growth
            ? null
            : growthBase.MonthOf(month) is { } baseMonth ? factOf(baseMonth) : growthBase.Value;
    }

    private static decimal? Combine(AggregationRule rule, IEnumerable<decimal?> values)
    {
        var list = values.OfType<decimal>().ToArray();
        return list.Length == 0 ? null : RollUp.Combine(rule, list);
    }
}
