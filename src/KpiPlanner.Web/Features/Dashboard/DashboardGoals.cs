using KpiPlanner.Domain.Goals;
using KpiPlanner.Domain.Kpis;
using KpiPlanner.Domain.Organisation;
using KpiPlanner.Infrastructure.Dashboards;

namespace KpiPlanner.Web.Features.Dashboard;

/// <summary>
/// The company dashboard's goal cards: each goal's roots for the period, every month evaluated by the goal tree in force
/// that month (the domain's <see cref="GoalTree"/>), rolled up by the KPI's rule, with last year.
/// </summary>
internal static class DashboardGoals
{
    /// <summary>The top goals (each goal's root nodes) for the period, rolled up from their months, with last year.</summary>
    public static async Task<IReadOnlyList<GoalStanding>> StandingsAsync(DashboardQueries queries, IFormulaParser parser, PeriodRange period,
        DepartmentTree departments, MonthInProgress inProgress, CancellationToken cancellationToken)
    {
        var goals = await queries.GoalsAsync(cancellationToken);
        var teamFacts = await TeamFactsAsync(queries, goals, period, departments, cancellationToken);
        var personFacts = await PersonFactsAsync(queries, goals, period, cancellationToken);
        var result = new List<GoalStanding>();
        foreach (var goal in goals)
        {
            // Each month is evaluated by the tree in force that month (a change from March leaves February's plans as
            // they were); the cards are the roots of the tree in force at the period's end.
            var trees = new Dictionary<GoalVersion, KpiPlanner.Domain.Validation.Result<GoalTree>>();
            KpiPlanner.Domain.Validation.Result<GoalTree> TreeOf(PeriodRange month)
            {
                var version = goal.VersionAt(month.ToString());
                if (!trees.TryGetValue(version, out var built))
                {
                    trees[version] = built = GoalTree.Create(version.Nodes, parser);
                }

                return built;
            }

            var tree = TreeOf(period.Months[^1]);
            if (!tree.IsValid)
            {
                continue;
            }

            // A node linked to a department's KPI, whose fact is typed but not typed for a month, takes that month's fact
            // from the department's people (their sum, or their mean for an average KPI); a node linked to one employee
            // takes that person's fact of the KPI (GoalLinks).
            IReadOnlyDictionary<string, decimal> FactsOf(PeriodRange month, GoalTree monthTree) =>
                GoalLinks.FactsOf(monthTree, goal.FactsOf(month.ToString()), node => node.Link switch
                {
                    GoalLinkKind.Employee => personFacts.TryGetValue((node.EmployeeId!.Value, node.KpiKey!, month.Start), out var own) ? own : null,
                    GoalLinkKind.Department => teamFacts.TryGetValue((node.DepartmentId!.Value, node.KpiKey!, month.Start), out var team) ? team : null,
                    _ => null,
                });

            foreach (var root in tree.Value.Roots)
            {
                var rule = KpiCatalog.DefaultAggregation(root.Unit);
                var kpi = new DashboardKpi(root.Code, root.Name, root.Unit, root.Direction, rule, null);
                string? error = null;
                List<(PeriodRange First, GoalNodeResult Second)> Months(PeriodRange p)
                {
                    var list = new List<(PeriodRange, GoalNodeResult)>();
                    foreach (var month in p.Months)
                    {
                        var key = month.ToString();
                        var monthTree = TreeOf(month);
                        if (!monthTree.IsValid)
                        {
                            error ??= monthTree.Errors[0].Message;
                            continue;
                        }

                        var evaluation = monthTree.Value!.Evaluate(month, FactsOf(month, monthTree.Value), goal.PlansOf(key));
                        if (!evaluation.IsValid)
                        {
                            error ??= evaluation.Errors[0].Message;
                            continue;
                        }

                        if (!evaluation.Value!.Nodes.Any(n => string.Equals(n.Code, root.Code, StringComparison.Ordinal)))
                        {
                            continue; // the goal had no such node that month
                        }

                        list.Add((month, evaluation.Value![root.Code]));
                    }

                    return list;
                }

                // Only facts are facts: a month whose value the formulas derive from plans alone is an estimate — no
                // fact, no completion; the card shows it marked as such when no month of the period has a fact.
                var months = Months(period);
                var current = RollUp.PlanFact(rule, root.Direction, months.Select(m => new MonthPlanFact(m.First, m.Second.Plan, m.Second.Fact)), period, inProgress);
                var estimate = current.Fact is null
                    ? RollUp.Aggregate(rule, months.Where(m => m.Second.Estimate is not null).Select(m => new MonthValue(m.First, m.Second.Estimate!.Value)), period)
                    : null;
                var assumes = months.Where(m => m.Second.Fact is not null).SelectMany(m => m.Second.FactAssumesPlanOf).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                var facts = months.Concat(Months(period.SameLastYear))
                    .Where(m => m.Second.Fact is not null).Select(m => new MonthValue(m.First, m.Second.Fact!.Value));
                var yoy = YearOverYear.CompareLikeForLike(rule, facts, period, inProgress);
                result.Add(new GoalStanding(goal.Id, goal.Name, root.Name, root.Unit, current.Plan, current.Fact,
                    DashboardKpis.StandingOf(kpi, current.Completion, current.InProgress), yoy.LastYear, yoy.ChangePercent, error, estimate, assumes)
                {
                    PlanToDate = current.InProgress ? current.PlanToDate : null,
                });
            }
        }

        return result;
    }

    /// <summary>
    /// The facts of the people goal nodes are linked to, per (employee, KPI, month) over the period and the same period
    /// last year: the stored month's fact, as their own page reads it.
    /// </summary>
    private static async Task<Dictionary<(int Employee, string Key, DateOnly Month), decimal>> PersonFactsAsync(
        DashboardQueries queries, IReadOnlyList<Goal> goals, PeriodRange period, CancellationToken cancellationToken)
    {
        var links = goals.SelectMany(g => g.Versions).SelectMany(v => v.Nodes)
            .Where(n => n.EmployeeId is not null && n.DepartmentId is null && !string.IsNullOrEmpty(n.KpiKey) && n.FactFormula is null)
            .Select(n => (Employee: n.EmployeeId!.Value, Key: n.KpiKey!)).Distinct().ToList();
        if (links.Count == 0)
        {
            return [];
        }

        var rows = await queries.LinkedPeopleValuesAsync(links.Select(l => l.Employee).Distinct().ToArray(), links.Select(l => l.Key).Distinct().ToArray(),
            period.SameLastYear.Start, period.End, cancellationToken);
        return rows.Where(r => r.Fact is not null).ToDictionary(r => (r.Employee, r.Key, r.Month), r => r.Fact!.Value);
    }

    /// <summary>
    /// The facts of the departments' KPIs the goals' nodes are linked to, per (department, KPI, month) over the period
    /// and the same period last year: each department with everything below it, from the summary.
    /// </summary>
    private static async Task<Dictionary<(int Department, string Key, DateOnly Month), decimal>> TeamFactsAsync(
        DashboardQueries queries, IReadOnlyList<Goal> goals, PeriodRange period, DepartmentTree departments, CancellationToken cancellationToken)
    {
        var links = goals.SelectMany(g => g.Versions).SelectMany(v => v.Nodes).Where(n => n.DepartmentId is not null && n.EmployeeId is null && !string.IsNullOrEmpty(n.KpiKey) && n.FactFormula is null)
            .Select(n => (Department: n.DepartmentId!.Value, Key: n.KpiKey!)).Distinct().ToList();
        var result = new Dictionary<(int, string, DateOnly), decimal>();
        if (links.Count == 0)
        {
            return result;
        }

        var subtree = links.Select(l => l.Department).Distinct().ToDictionary(d => d, d => departments.Subtree(d));
        var all = subtree.Values.SelectMany(x => x).Distinct().ToArray();
        var keys = links.Select(l => l.Key).Distinct().ToArray();
        var rows = await queries.TeamFactsAsync(all, keys, period.SameLastYear.Start, period.End, cancellationToken);
        foreach (var (department, key) in links)
        {
            var rule = KpiCatalog.Find(key)?.Aggregation ?? AggregationRule.Sum;
            foreach (var month in rows.Where(r => r.Key == key && subtree[department].Contains(r.Department)).GroupBy(r => r.Month))
            {
                var sum = month.Sum(r => r.FactSum);
                var count = month.Sum(r => r.FactCount);
                result[(department, key, month.Key)] = rule == AggregationRule.Average ? sum / count : sum;
            }
        }

        return result;
    }
}
