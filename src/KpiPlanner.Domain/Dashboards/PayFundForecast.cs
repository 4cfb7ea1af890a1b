using KpiPlanner.Domain.Kpis;
using KpiPlanner.Domain.Pay;
using KpiPlanner.Domain.Schemes;

namespace KpiPlanner.Domain.Dashboards;

/// <summary>
/// One person's history for the forecast: the scheme they will be paid by next month and, per past month, the
/// completion of each of its KPIs (in the scheme's order; null where that month had no plan or fact for the KPI).
/// </summary>
public sealed record PersonHistory(int EmployeeId, MotivationScheme Scheme, IReadOnlyDictionary<DateOnly, Completion?[]> Months)
{
    /// <summary>
    /// The scenario months whose fund for this person is already known and counted in the forecast's
    /// <c>paidFunds</c>: their pay line of that month is what the scenario would compute (same scheme version, every
    /// figure present, a whole month, figures unchanged since). Such months are not computed again and count as history.
    /// </summary>
    public IReadOnlySet<DateOnly> Paid { get; init; } = new HashSet<DateOnly>();
}

/// <summary>The fund if next month went like <paramref name="Month"/> did.</summary>
public sealed record FundScenario(DateOnly Month, decimal Fund);

/// <summary>Next month's variable pay fund as a range.</summary>
/// <param name="Low">The lowest scenario.</param>
/// <param name="Likely">The median scenario (the mean of the two middle ones for an even count, to the kopeck).</param>
/// <param name="High">The highest scenario.</param>
/// <param name="Planned">The fund at plan: every KPI exactly 100 % (or the scale's plan value).</param>
/// <param name="Scenarios">Every scenario, in month order.</param>
/// <param name="People">People forecast.</param>
/// <param name="PeopleWithoutHistory">People with no completion at all in the window: counted at plan.</param>
public sealed record PayFundForecastResult(
    decimal Low, decimal Likely, decimal High, decimal Planned, IReadOnlyList<FundScenario> Scenarios, int People, int PeopleWithoutHistory);

/// <summary>
/// Forecasts next month's variable pay fund from each person's completions over the past months, run through the
/// scheme they will be paid by. Scenario <i>m</i> is "next month goes like month <i>m</i> did": every person repeats
/// their completions of month <i>m</i>, so a season that is good (or bad) for everybody stays together instead of
/// averaging out. A KPI a person has no figure for in month <i>m</i> takes that person's median completion of the KPI
/// over the window; a KPI never measured is taken at plan (100 %, or the scale's plan value for a raw-value KPI).
/// The range is the lowest to the highest scenario, the most likely value their median. Each person's variable part
/// is the pay engine's (rounded to kopecks once); funds are sums of those.
/// </summary>
public static class PayFundForecast
{
    /// <param name="month">The month forecast (a one-off KPI counts only if due in it); null counts every KPI as due.</param>
    /// <param name="paidFunds">Per scenario month, the funds already known of the people's <see cref="PersonHistory.Paid"/>
    /// months (the sum of their pay lines' variable parts); added as they are.</param>
    public static PayFundForecastResult Of(IReadOnlyList<PersonHistory> people, IReadOnlyList<DateOnly> scenarioMonths,
        DateOnly? month = null, IReadOnlyDictionary<DateOnly, decimal>? paidFunds = null)
    {
        ArgumentNullException.ThrowIfNull(people);
        ArgumentNullException.ThrowIfNull(scenarioMonths);
        var funds = scenarioMonths.Select(m => paidFunds?.GetValueOrDefault(m) ?? 0m).ToArray();
        decimal planned = 0m;
        var withoutHistory = 0;
        // The fund at plan depends on the scheme only: computed once per scheme (10 000 people share a handful).
        var atPlanOf = new Dictionary<MotivationScheme, (Completion[] Completions, decimal Variable)>(ReferenceEqualityComparer.Instance);
        foreach (var person in people)
        {
            var kpis = person.Scheme.Kpis;
            if (!atPlanOf.TryGetValue(person.Scheme, out var plan))
            {
                var completions = kpis.Select(AtPlan).ToArray();
                atPlanOf[person.Scheme] = plan = (completions, Variable(person.Scheme, completions, month));
            }

            var atPlan = plan.Completions;
            planned += plan.Variable;
            if (person.Paid.Count == scenarioMonths.Count && scenarioMonths.All(person.Paid.Contains))
            {
                continue; // every scenario known from the pay lines: history, nothing to compute
            }

            var medians = new Completion[kpis.Count];
            var any = person.Paid.Count > 0;
            for (var k = 0; k < kpis.Count; k++)
            {
                var seen = person.Months.Values.Select(c => k < c.Length ? c[k] : null).OfType<Completion>().ToArray();
                any |= seen.Length > 0;
                medians[k] = seen.Length == 0 ? atPlan[k] : Median(seen);
            }

            if (!any)
            {
                withoutHistory++;
            }

            for (var s = 0; s < scenarioMonths.Count; s++)
            {
                if (person.Paid.Contains(scenarioMonths[s]))
                {
                    continue;
                }

                var seenIn = person.Months.GetValueOrDefault(scenarioMonths[s]);
                var completions = new Completion[kpis.Count];
                for (var k = 0; k < kpis.Count; k++)
                {
                    completions[k] = seenIn is not null && k < seenIn.Length && seenIn[k] is { } c ? c : medians[k];
                }

                funds[s] += Variable(person.Scheme, completions, month);
            }
        }

        var scenarios = scenarioMonths.Select((m, i) => new FundScenario(m, funds[i])).OrderBy(s => s.Month).ToArray();
        if (scenarios.Length == 0)
        {
            return new PayFundForecastResult(planned, planned, planned, planned, [], people.Count, withoutHistory);
        }

        var sorted = funds.Order().ToArray();
        var middle = sorted.Length / 2;
        var likely = sorted.Length % 2 == 1 ? sorted[middle] : Money.Round((sorted[middle - 1] + sorted[middle]) / 2m);
        return new PayFundForecastResult(sorted[0], likely, sorted[^1], planned, scenarios, people.Count, withoutHistory);
    }

    private static Completion AtPlan(SchemeKpi kpi) =>
        kpi.Measurement == Measurement.RawValue ? Completion.OfRawValue(kpi.Scale.PlanPoint) : Completion.FromPercent(100m);

    private static decimal Variable(MotivationScheme scheme, Completion[] completions, DateOnly? month)
    {
        var pay = PayCalculator.Calculate(scheme, completions, month: month);
        return pay.IsValid ? pay.Value.Variable : 0m;
    }

    /// <summary>The median completion: the middle one by value (+∞ above every finite one); the lower middle for an even count.</summary>
    private static Completion Median(Completion[] seen)
    {
        var sorted = seen.OrderBy(c => c.IsPositiveInfinity ? 1 : 0).ThenBy(c => c.Value).ToArray();
        return sorted[(sorted.Length - 1) / 2];
    }
}
