using KpiPlanner.Domain.Goals;
using KpiPlanner.Domain.Kpis;
using static KpiPlanner.Domain.Tests.Goals.GoalBuild;

namespace KpiPlanner.Domain.Tests.Goals;

/// <summary>A goal node linked to one employee and one of their KPIs (issue 19): validation, facts, comparison.</summary>
public class EmployeeLinkedNodeTests
{
    private static readonly GoalNodeSpec Sales = new("sales_goal", "Продажи отдела", KpiUnit.Money, PlanValue: 4_500_000m, DepartmentId: 1, KpiKey: "sales_volume");

    private static GoalNodeSpec Person(decimal plan = 350_000m, Direction direction = Direction.HigherIsBetter, KpiUnit unit = KpiUnit.Money, string? kpi = "sales_volume") =>
        new("ivanov", "Продажи Иванова", unit, direction, PlanValue: plan, ParentCode: "sales_goal", KpiKey: kpi, EmployeeId: 7);

    [Fact]
    public void A_node_links_to_one_employee_and_keeps_the_link_in_its_spec()
    {
        var tree = Tree(Sales, Person());

        var node = tree.Find("ivanov")!;
        Assert.Equal(GoalLinkKind.Employee, node.Link);
        Assert.Equal(7, node.EmployeeId);
        Assert.Null(node.DepartmentId);
        Assert.Equal(GoalLinkKind.Department, tree.Find("sales_goal")!.Link);
        Assert.Equal(7, tree.ToSpecs()[1].EmployeeId);
        Assert.Equal(Person(), tree.ToSpecs()[1]);
    }

    [Fact]
    public void A_node_linked_to_a_department_and_an_employee_is_refused_at_the_employee_field()
    {
        var errors = GoalTree.Create([Sales, Person() with { DepartmentId = 1 }], Parser).Errors;

        var error = Assert.Single(errors);
        Assert.Equal(GoalErrors.NodeLinkBoth, error.Code);
        Assert.Equal("nodes[ivanov].employeeId", error.Path);
        Assert.Contains("both to a department and to an employee", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_employee_link_without_a_kpi_is_refused_at_the_kpi_field()
    {
        var error = Assert.Single(GoalTree.Create([Sales, Person(kpi: null)], Parser).Errors);

        Assert.Equal(GoalErrors.NodeEmployeeKpiRequired, error.Code);
        Assert.Equal("nodes[ivanov].kpiKey", error.Path);
    }

    [Fact]
    public void The_node_takes_the_persons_fact_and_flags_a_plan_that_differs_from_theirs()
    {
        var tree = Tree(Sales, Person(350_000m));
        var facts = GoalLinks.FactsOf(tree, new Dictionary<string, decimal>(), n => n.Link == GoalLinkKind.Employee ? 315_000m : null);

        var evaluation = tree.Evaluate(June2026, facts).GetValueOrThrow();
        var node = evaluation["ivanov"];
        var reading = GoalLinks.Compare(node, GoalLinkKind.Employee, new LinkedFigures(300_000m, 315_000m));

        Assert.Equal(315_000m, node.Fact);
        Assert.Equal(90m, node.Completion!.Value.Value); // 315 000 of the node's 350 000
        Assert.True(reading.PlanMismatch); // the person's plan is 300 000, the node's 350 000
        Assert.Equal(300_000m, reading.LinkedPlan);
        Assert.Equal(90m, reading.Completion!.Value.Value);
        Assert.False(GoalLinks.Compare(node, GoalLinkKind.Employee, new LinkedFigures(350_000.004m, 315_000m)).PlanMismatch); // within a kopeck
    }

    [Fact]
    public void A_typed_fact_wins_over_the_persons_and_a_department_node_is_fed_by_the_same_rule()
    {
        var tree = Tree(Sales, Person());
        var facts = GoalLinks.FactsOf(tree, new Dictionary<string, decimal> { ["ivanov"] = 1m },
            n => n.Link == GoalLinkKind.Employee ? 315_000m : 4_000_000m);

        Assert.Equal(1m, facts["ivanov"]);
        Assert.Equal(4_000_000m, facts["sales_goal"]);
    }

    [Fact]
    public void A_person_without_a_fact_leaves_the_node_without_fact_and_completion_never_zero()
    {
        var tree = Tree(Sales, Person());
        var facts = GoalLinks.FactsOf(tree, new Dictionary<string, decimal>(), _ => null);

        var node = tree.Evaluate(June2026, facts).GetValueOrThrow()["ivanov"];
        var reading = GoalLinks.Compare(node, GoalLinkKind.Employee, new LinkedFigures(350_000m, null));

        Assert.False(facts.ContainsKey("ivanov"));
        Assert.Null(node.Fact);
        Assert.Null(node.Completion);
        Assert.True(reading.NoFact);
        Assert.Null(reading.Completion);
        Assert.False(reading.PlanMismatch);
    }

    [Fact]
    public void A_lower_is_better_kpi_reads_plan_over_fact()
    {
        // The order time: 4 minutes planned, the barista's month averaged 5 → 4 / 5 = 80 %; 3.2 minutes → 125 %.
        var tree = Tree(new GoalNodeSpec("service", "Обслуживание", KpiUnit.Minutes, Direction.LowerIsBetter, PlanValue: 4m),
            new GoalNodeSpec("barista", "Время заказа бариста", KpiUnit.Minutes, Direction.LowerIsBetter, PlanValue: 4m, ParentCode: "service", KpiKey: "order_time", EmployeeId: 9));

        var slow = tree.Evaluate(June2026, GoalLinks.FactsOf(tree, new Dictionary<string, decimal>(), _ => 5m)).GetValueOrThrow()["barista"];
        var fast = GoalLinks.Compare(slow, GoalLinkKind.Employee, new LinkedFigures(4m, 3.2m));

        Assert.Equal(80m, slow.Completion!.Value.Value);
        Assert.Equal(125m, fast.Completion!.Value.Value);
        Assert.False(fast.PlanMismatch);
    }

    [Fact]
    public void A_quarter_of_a_persons_average_kpi_is_the_mean_of_its_months_and_a_stock_its_last_month()
    {
        var q2 = PeriodRange.TryParse("2026-Q2").Value!;
        MonthPlanFact M(int month, decimal? plan, decimal? fact) => new(PeriodRange.Month(2026, month), plan, fact);
        var months = new[] { M(4, 450m, 440m), M(5, 450m, 480m), M(6, 480m, null) };

        var average = GoalLinks.Over(AggregationRule.Average, months, q2);
        var last = GoalLinks.Over(AggregationRule.Last, months, q2);
        var sum = GoalLinks.Over(AggregationRule.Sum, months, q2);

        Assert.Equal(460m, average.Plan);
        Assert.Equal(460m, average.Fact);
        Assert.Equal(480m, last.Plan);
        Assert.Equal(480m, last.Fact); // May: June has no fact yet
        Assert.Equal(1_380m, sum.Plan);
        Assert.Equal(920m, sum.Fact);
    }

    [Fact]
    public void A_goal_version_keeps_the_employee_link()
    {
        var now = new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
        var goal = new Goal("g", [Sales, Person()], now, "t");

        goal.ChangeFrom("2026-07", [Sales, Person() with { EmployeeId = 8 }], new HashSet<string>(), now, "t");

        Assert.Equal(7, goal.NodesAt("2026-06")[1].EmployeeId);
        Assert.Equal(8, goal.NodesAt("2026-07")[1].EmployeeId);
    }
}
