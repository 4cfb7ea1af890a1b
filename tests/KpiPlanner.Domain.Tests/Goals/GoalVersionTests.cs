using KpiPlanner.Domain.Goals;

namespace KpiPlanner.Domain.Tests.Goals;

/// <summary>
/// Goals are effective-dated (issue 16, item 3): a change "from March" leaves January and February — and every closed
/// month — on the tree they had.
/// </summary>
public sealed class GoalVersionTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UnixEpoch;
    private static readonly HashSet<string> NoneClosed = [];

    private static GoalNodeSpec[] Profit(decimal plan) => GoalBuild.CoffeeShop().Select(n => n.Code == "profit" ? n with { PlanValue = plan } : n).ToArray();

    private static decimal ProfitPlanIn(Goal goal, string month) => goal.NodesAt(month).Single(n => n.Code == "profit").PlanValue!.Value;

    [Fact]
    public void A_new_goal_has_one_tree_from_the_start()
    {
        var goal = new Goal("g", Profit(200_000m), Now, "t");

        Assert.Equal(200_000m, ProfitPlanIn(goal, "1999-01"));
        Assert.Equal(200_000m, ProfitPlanIn(goal, "2030-12"));
        Assert.Empty(goal.ChangeMonths);
        Assert.Null(goal.VersionAt("2026-06").From);
    }

    [Fact]
    public void A_change_from_march_leaves_the_months_before_it_as_they_were()
    {
        var goal = new Goal("g", Profit(200_000m), Now, "t");

        Assert.True(goal.ChangeFrom("2026-03", Profit(250_000m), NoneClosed, Now, "t"));

        Assert.Equal(200_000m, ProfitPlanIn(goal, "2025-12"));
        Assert.Equal(200_000m, ProfitPlanIn(goal, "2026-02"));
        Assert.Equal(250_000m, ProfitPlanIn(goal, "2026-03"));
        Assert.Equal(250_000m, ProfitPlanIn(goal, "2027-06"));
        Assert.Equal(["2026-03"], goal.ChangeMonths);
        Assert.Equal(250_000m, goal.Nodes.Single(n => n.Code == "profit").PlanValue);
    }

    [Fact]
    public void Closed_months_after_the_change_keep_the_tree_they_were_paid_by()
    {
        var goal = new Goal("g", Profit(200_000m), Now, "t");

        goal.ChangeFrom("2026-03", Profit(250_000m), new HashSet<string> { "2026-05", "2026-06" }, Now, "t");

        Assert.Equal([200_000m, 250_000m, 250_000m, 200_000m, 200_000m, 250_000m],
            new[] { "2026-02", "2026-03", "2026-04", "2026-05", "2026-06", "2026-07" }.Select(m => ProfitPlanIn(goal, m)));
        Assert.Equal(["2026-03", "2026-05", "2026-07"], goal.ChangeMonths);
    }

    [Fact]
    public void An_earlier_change_replaces_a_later_one_but_not_in_closed_months()
    {
        var goal = new Goal("g", Profit(200_000m), Now, "t");
        goal.ChangeFrom("2026-06", Profit(250_000m), NoneClosed, Now, "t");

        goal.ChangeFrom("2026-03", Profit(220_000m), new HashSet<string> { "2026-07" }, Now, "t");

        Assert.Equal([200_000m, 220_000m, 220_000m, 250_000m, 220_000m],
            new[] { "2026-02", "2026-03", "2026-06", "2026-07", "2026-08" }.Select(m => ProfitPlanIn(goal, m)));
    }

    [Fact]
    public void Changing_back_to_the_tree_in_force_merges_the_versions()
    {
        var goal = new Goal("g", Profit(200_000m), Now, "t");
        goal.ChangeFrom("2026-03", Profit(250_000m), NoneClosed, Now, "t");

        Assert.True(goal.ChangeFrom("2026-03", Profit(200_000m), NoneClosed, Now, "t"));
        Assert.False(goal.ChangeFrom("2026-05", Profit(200_000m), NoneClosed, Now, "t"));

        Assert.Empty(goal.ChangeMonths);
        Assert.Single(goal.Versions);
    }

    [Fact]
    public void Month_plans_of_a_node_that_becomes_a_formula_are_dropped_only_in_the_changed_months()
    {
        var goal = new Goal("g", [GoalBuild.Typed("a", 10m), GoalBuild.Typed("b", 20m)], Now, "t");
        goal.SetMonthPlans("b", new Dictionary<string, decimal> { ["2026-01"] = 7m, ["2026-04"] = 8m, ["2026-05"] = 9m }, Now, "t");

        goal.ChangeFrom("2026-03", [GoalBuild.Typed("a", 10m), GoalBuild.Derived("b", "a * 2")], new HashSet<string> { "2026-05" }, Now, "t");

        Assert.Equal([KeyValuePair.Create("2026-01", 7m), KeyValuePair.Create("2026-05", 9m)], goal.MonthPlansOf("b"));
    }
}
