using KpiPlanner.Domain.Goals;
using static KpiPlanner.Domain.Tests.Goals.GoalBuild;

namespace KpiPlanner.Domain.Tests.Goals;

/// <summary>domain.md §3, the article's coffee shop, exactly.</summary>
public class CoffeeShopTests
{
    [Fact]
    public void Plans_revenue_300000_visitors_600_a_month_and_20_a_day_in_June()
    {
        var june = Tree(CoffeeShop()).Evaluate(June2026).GetValueOrThrow();

        Assert.Equal(200_000m, june["profit"].Plan);
        Assert.Equal(100_000m, june["expenses"].Plan);
        Assert.Equal(300_000m, june["revenue"].Plan);
        Assert.Equal(500m, june["avg_check"].Plan);
        Assert.Equal(600m, june["visitors"].Plan);
        Assert.Equal(20m, june["visitors_per_day"].Plan);
        Assert.True(june["revenue"].PlanIsDerived);
        Assert.False(june["profit"].PlanIsDerived);
    }

    [Fact]
    public void Nodes_come_in_dependency_order()
    {
        var order = Tree(CoffeeShop()).Evaluate(June2026).GetValueOrThrow().Nodes.Select(n => n.Code).ToList();

        Assert.True(order.IndexOf("revenue") > order.IndexOf("profit"));
        Assert.True(order.IndexOf("revenue") > order.IndexOf("expenses"));
        Assert.True(order.IndexOf("visitors") > order.IndexOf("revenue"));
        Assert.True(order.IndexOf("visitors") > order.IndexOf("avg_check"));
        Assert.True(order.IndexOf("visitors_per_day") > order.IndexOf("visitors"));
        Assert.Equal(6, order.Count);
    }

    [Theory]
    [InlineData(2026, 7, "19.354838709677419354838709677")] // 600 / 31
    [InlineData(2026, 2, "21.428571428571428571428571429")] // 600 / 28
    public void Visitors_per_day_follow_the_days_of_the_evaluated_month(int year, int month, string expected) =>
        Assert.Equal(Build.D(expected),
            Tree(CoffeeShop()).Evaluate(PeriodRange.Month(year, month)).GetValueOrThrow()["visitors_per_day"].Plan);

    [Fact]
    public void June_facts_at_a_500_check_complete_visitors_83_3_and_profit_75_percent()
    {
        var june = Tree(CoffeeShop(factVisitors: 500m, factAvgCheck: 500m)).Evaluate(June2026).GetValueOrThrow();

        Assert.Equal(500m, june["visitors"].Fact);
        Assert.Equal(500m * 100m / 600m, june["visitors"].Completion!.Value.Value); // 83.333… exactly as decimal
        Assert.Equal(83.3m, Math.Round(june["visitors"].Completion!.Value.Value, 1));

        Assert.Equal(250_000m, june["revenue"].Fact);
        Assert.True(june["revenue"].FactIsDerived);
        Assert.Equal(250_000m * 100m / 300_000m, june["revenue"].Completion!.Value.Value);

        Assert.Equal(150_000m, june["profit"].Fact);
        Assert.Equal(75m, june["profit"].Completion!.Value.Value);
        Assert.Equal(["expenses"], june["profit"].FactAssumesPlanOf);
        Assert.Empty(june["revenue"].FactAssumesPlanOf);
    }

    [Fact]
    public void June_facts_at_a_600_check_complete_profit_100_percent_although_visitors_missed()
    {
        var june = Tree(CoffeeShop(factVisitors: 500m, factAvgCheck: 600m)).Evaluate(June2026).GetValueOrThrow();

        Assert.Equal(300_000m, june["revenue"].Fact);
        Assert.Equal(200_000m, june["profit"].Fact);
        Assert.Equal(100m, june["profit"].Completion!.Value.Value);
        Assert.Equal(100m, june["revenue"].Completion!.Value.Value);
        Assert.Equal(500m * 100m / 600m, june["visitors"].Completion!.Value.Value);
        Assert.Equal(120m, june["avg_check"].Completion!.Value.Value);
    }

    [Fact]
    public void A_node_without_a_fact_has_no_completion()
    {
        var june = Tree(CoffeeShop()).Evaluate(June2026).GetValueOrThrow();
        Assert.Null(june["visitors_per_day"].Fact);
        Assert.Null(june["visitors_per_day"].Completion);
        Assert.Null(june["expenses"].Fact);
    }

    [Fact]
    public void Facts_passed_to_evaluate_replace_the_typed_facts_for_another_month()
    {
        var tree = Tree(CoffeeShop(factVisitors: null, factAvgCheck: null));
        var july = tree.Evaluate(PeriodRange.Month(2026, 7),
            new Dictionary<string, decimal> { ["visitors"] = 620m, ["avg_check"] = 500m, ["expenses"] = 110_000m })
            .GetValueOrThrow();

        Assert.Equal(310_000m, july["revenue"].Fact);
        Assert.Equal(200_000m, july["profit"].Fact);
        Assert.Empty(july["profit"].FactAssumesPlanOf);
    }

    [Fact]
    public void Without_any_facts_derived_values_are_estimates_from_the_plans_not_facts_and_have_no_completion()
    {
        var june = Tree(CoffeeShop(factVisitors: null, factAvgCheck: null)).Evaluate(June2026).GetValueOrThrow();

        // Only facts are facts (issue 16): «Факт = План, 100 %» from plans alone is an estimate.
        Assert.Null(june["revenue"].Fact);
        Assert.Equal(300_000m, june["revenue"].Estimate);
        Assert.Null(june["revenue"].Completion);
        Assert.Null(june["profit"].Fact);
        Assert.Equal(200_000m, june["profit"].Estimate);
        Assert.Null(june["profit"].Completion);
        Assert.Equal(["visitors", "avg_check"], june["revenue"].FactAssumesPlanOf);
        Assert.Equal(["visitors", "avg_check", "expenses"], june["profit"].FactAssumesPlanOf);
        // A node with neither a fact nor a formula has neither.
        Assert.Null(june["expenses"].Fact);
        Assert.Null(june["expenses"].Estimate);
    }

    [Theory]
    // visitors, avg_check, expenses typed → is profit a fact (measured) or an estimate?
    [InlineData(500, null, null, true)]    // one measured input is enough: revenue = 500 × plan 500
    [InlineData(null, 600, null, true)]
    [InlineData(null, null, 110000, true)] // profit = revenue (estimate) − expenses fact: measured through expenses
    [InlineData(null, null, null, false)]
    public void A_derived_fact_is_a_fact_when_at_least_one_input_was_measured(int? visitors, int? avgCheck, int? expenses, bool profitIsFact)
    {
        var facts = new Dictionary<string, decimal>();
        if (visitors is { } v) { facts["visitors"] = v; }
        if (avgCheck is { } a) { facts["avg_check"] = a; }
        if (expenses is { } e) { facts["expenses"] = e; }

        var june = Tree(CoffeeShop(factVisitors: null, factAvgCheck: null)).Evaluate(June2026, facts).GetValueOrThrow();

        Assert.Equal(profitIsFact, june["profit"].Fact is not null);
        Assert.Equal(!profitIsFact, june["profit"].Estimate is not null);
        Assert.Equal(profitIsFact, june["profit"].Completion is not null);
    }

    [Fact]
    public void Raising_the_profit_goal_replans_revenue_visitors_and_visitors_per_day_with_before_and_after()
    {
        var tree = Tree(CoffeeShop());

        var replan = tree.Replan(new Dictionary<string, decimal> { ["profit"] = 250_000m }, June2026).GetValueOrThrow();

        var changes = replan.Changes.ToDictionary(c => c.Code);
        Assert.Equal(["profit", "revenue", "visitors", "visitors_per_day"], replan.Changes.Select(c => c.Code));
        Assert.Equal((200_000m, 250_000m), (changes["profit"].PlanBefore, changes["profit"].PlanAfter));
        Assert.Equal((300_000m, 350_000m), (changes["revenue"].PlanBefore, changes["revenue"].PlanAfter));
        Assert.Equal((600m, 700m), (changes["visitors"].PlanBefore, changes["visitors"].PlanAfter));
        Assert.Equal((20m, 700m / 30m), (changes["visitors_per_day"].PlanBefore, changes["visitors_per_day"].PlanAfter));
        Assert.Equal(75m, changes["profit"].CompletionBefore!.Value.Value);
        Assert.Equal(60m, changes["profit"].CompletionAfter!.Value.Value);
        Assert.DoesNotContain("expenses", changes.Keys);
        Assert.DoesNotContain("avg_check", changes.Keys);

        Assert.Equal(250_000m, replan.Tree.Find("profit")!.PlanValue);
        Assert.Equal(200_000m, tree.Find("profit")!.PlanValue); // the original is untouched until saved
    }

    [Fact]
    public void Changing_expenses_moves_the_derived_profit_fact_that_stood_in_with_the_expenses_plan()
    {
        var replan = Tree(CoffeeShop()).Replan(new Dictionary<string, decimal> { ["expenses"] = 120_000m }, June2026)
            .GetValueOrThrow();

        var profit = replan.Changes.Single(c => c.Code == "profit");
        Assert.False(profit.PlanChanged);
        Assert.Equal((150_000m, 130_000m), (profit.FactBefore, profit.FactAfter));
        Assert.Contains(replan.Changes, c => c.Code == "revenue" && c.PlanAfter == 320_000m);
    }

    [Fact]
    public void A_formula_plan_cannot_be_replanned_directly()
    {
        var error = Assert.Single(Tree(CoffeeShop())
            .Replan(new Dictionary<string, decimal> { ["revenue"] = 1m }, June2026).Errors);
        Assert.Equal(GoalErrors.ReplanNotTyped, error.Code);
        Assert.Equal("changes[revenue]", error.Path);
    }

    [Fact]
    public void Plan_dependents_of_the_top_goal_are_everything_computed_from_it()
    {
        Assert.Equal(["revenue", "visitors", "visitors_per_day"], Tree(CoffeeShop()).PlanDependentsOf("profit"));
    }

    [Fact]
    public void The_tree_keeps_its_hierarchy_and_rows()
    {
        var tree = Tree(CoffeeShop());
        Assert.Equal(["profit"], tree.Roots.Select(n => n.Code));
        Assert.Equal(["expenses", "revenue"], tree.ChildrenOf("profit").Select(n => n.Code));
        Assert.Equal(CoffeeShop(), tree.ToSpecs());
    }
}
