using KpiPlanner.Domain.Goals;
using KpiPlanner.Domain.Kpis;
using KpiPlanner.Domain.Validation;
using static KpiPlanner.Domain.Tests.Goals.GoalBuild;

namespace KpiPlanner.Domain.Tests.Goals;

public class GoalTreeValidationTests
{
    private static IReadOnlyList<DomainError> Errors(params GoalNodeSpec[] rows) =>
        GoalTree.Create(rows, Parser).Errors;

    [Fact]
    public void Two_plans_using_each_other_are_a_cycle_named_a_b_a()
    {
        var error = Assert.Single(Errors(Derived("a", "b + 1"), Derived("b", "a * 2")));

        Assert.Equal(GoalErrors.FormulaCycle, error.Code);
        Assert.Equal("nodes[a].plan", error.Path);
        Assert.Equal("a → b → a", error.Args["cycle"]);
        Assert.Equal("b + 1", error.Args["formula"]);
        Assert.Equal("a", error.Args["node"]);
        Assert.Contains("a → b → a", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plan_using_itself_is_a_cycle()
    {
        var error = Assert.Single(Errors(Typed("x", 1m), Derived("a", "a + x")));

        Assert.Equal(GoalErrors.FormulaCycle, error.Code);
        Assert.Equal("nodes[a].plan", error.Path);
        Assert.Equal("a → a", error.Args["cycle"]);
    }

    [Fact]
    public void A_longer_cycle_names_every_node_once_and_nodes_behind_it_are_not_blamed()
    {
        var errors = Errors(Derived("top", "c"), Derived("a", "c / 2"), Derived("b", "a"), Derived("c", "b + 1"));

        var error = Assert.Single(errors);
        Assert.Equal("a → c → b → a", error.Args["cycle"]);
    }

    [Fact]
    public void Two_separate_cycles_are_both_reported()
    {
        var errors = Errors(Derived("a", "b"), Derived("b", "a"), Derived("c", "c"));
        Assert.Equal(["a → b → a", "c → c"], errors.Select(e => (string)e.Args["cycle"]));
    }

    [Fact]
    public void Fact_formulas_in_a_circle_are_a_cycle_too()
    {
        var errors = Errors(
            new GoalNodeSpec("a", "a", PlanValue: 1m, FactFormula: "b"),
            new GoalNodeSpec("b", "b", PlanValue: 1m, FactFormula: "a"));

        var error = Assert.Single(errors);
        Assert.Equal("nodes[a].fact", error.Path);
        Assert.Equal("a → b → a", error.Args["cycle"]);
    }

    [Fact]
    public void A_fact_may_flow_the_other_way_from_the_plan()
    {
        // plan visitors = revenue / avg_check; fact revenue = visitors * avg_check: no cycle.
        Assert.True(GoalTree.Create(CoffeeShop(), Parser).IsValid);
    }

    [Fact]
    public void An_unknown_name_is_refused_naming_the_formula_the_node_and_the_name()
    {
        var error = Assert.Single(Errors(Typed("revenue", 300_000m), Derived("visitors", "revenue / avg_chek")));

        Assert.Equal(GoalErrors.FormulaUnknownName, error.Code);
        Assert.Equal("nodes[visitors].plan", error.Path);
        Assert.Equal("avg_chek", error.Args["name"]);
        Assert.Equal("revenue / avg_chek", error.Args["formula"]);
        Assert.Equal("visitors", error.Args["node"]);
        Assert.Equal(
            "Formula \"revenue / avg_chek\" of visitors uses avg_chek, which is not in the goal tree.", error.Message);
    }

    [Fact]
    public void An_unknown_name_in_a_fact_formula_points_at_the_fact()
    {
        var error = Assert.Single(Errors(new GoalNodeSpec("a", "a", PlanValue: 1m, FactFormula: "b * 2")));
        Assert.Equal("nodes[a].fact", error.Path);
        Assert.Equal(GoalErrors.FormulaUnknownName, error.Code);
    }

    [Fact]
    public void Names_ignore_case()
    {
        var june = Tree(Typed("Revenue", 300m), Derived("half", "REVENUE / 2")).Evaluate(June2026).GetValueOrThrow();
        Assert.Equal(150m, june["half"].Plan);
    }

    [Fact]
    public void Division_by_zero_in_a_plan_is_refused_at_evaluation_naming_the_formula_and_the_node()
    {
        var tree = Tree(Typed("revenue", 300_000m), Typed("avg_check", 0m), Derived("visitors", "revenue / avg_check"),
            Derived("per_day", "visitors / days(period)"));

        var error = Assert.Single(tree.Evaluate(June2026).Errors);

        Assert.Equal(GoalErrors.FormulaDivisionByZero, error.Code);
        Assert.Equal("nodes[visitors].plan", error.Path);
        Assert.Equal(
            "Formula \"revenue / avg_check\" of visitors divides by zero: avg_check is 0.", error.Message);
    }

    [Fact]
    public void Division_by_zero_in_a_fact_points_at_the_fact()
    {
        var tree = Tree(
            new GoalNodeSpec("a", "a", PlanValue: 1m, FactValue: 0m),
            new GoalNodeSpec("b", "b", PlanValue: 1m, FactFormula: "10 / a"));

        var error = Assert.Single(tree.Evaluate(June2026).Errors);
        Assert.Equal("nodes[b].fact", error.Path);
        Assert.Equal(GoalErrors.FormulaDivisionByZero, error.Code);
    }

    [Fact]
    public void Parse_errors_are_placed_under_the_node()
    {
        var error = Assert.Single(Errors(Typed("a", 1m), Derived("b", "a +")));
        Assert.Equal(GoalErrors.FormulaSyntax, error.Code);
        Assert.Equal("nodes[b].plan", error.Path);
        Assert.Equal(4, error.Args["position"]);
    }

    [Theory]
    [InlineData("", GoalErrors.NodeCodeRequired)]
    [InlineData("1st", GoalErrors.NodeCodeInvalid)]
    [InlineData("_x", GoalErrors.NodeCodeInvalid)]
    [InlineData("выручка", GoalErrors.NodeCodeInvalid)]
    [InlineData("avg check", GoalErrors.NodeCodeInvalid)]
    [InlineData("days", GoalErrors.NodeCodeReserved)]
    [InlineData("Period", GoalErrors.NodeCodeReserved)]
    [InlineData("round", GoalErrors.NodeCodeReserved)]
    public void Codes_are_latin_identifiers_and_not_words_of_the_language(string code, string expected)
    {
        var error = Assert.Single(Errors(Typed(code, 1m) with { Name = "n" }));
        Assert.Equal(expected, error.Code);
        Assert.Equal("nodes[0].code", error.Path);
    }

    [Fact]
    public void Codes_are_unique_ignoring_case()
    {
        var error = Assert.Single(Errors(Typed("revenue", 1m), Typed("Revenue", 2m)));
        Assert.Equal(GoalErrors.NodeCodeDuplicate, error.Code);
        Assert.Equal("nodes[1].code", error.Path);
    }

    [Fact]
    public void A_plan_is_either_a_value_or_a_formula()
    {
        var errors = Errors(new GoalNodeSpec("a", "a"), new GoalNodeSpec("b", "b", PlanValue: 1m, PlanFormula: "2"));
        Assert.Equal(
            [(GoalErrors.NodePlanRequired, "nodes[a].plan"), (GoalErrors.NodePlanBoth, "nodes[b].plan")],
            errors.Select(e => (e.Code, e.Path)));
    }

    [Fact]
    public void A_fact_is_either_a_value_or_a_formula()
    {
        var error = Assert.Single(Errors(new GoalNodeSpec("a", "a", PlanValue: 1m, FactValue: 1m, FactFormula: "2")));
        Assert.Equal((GoalErrors.NodeFactBoth, "nodes[a].fact"), (error.Code, error.Path));
    }

    [Fact]
    public void A_name_is_required()
    {
        var error = Assert.Single(Errors(new GoalNodeSpec("a", " ", PlanValue: 1m)));
        Assert.Equal((GoalErrors.NodeNameRequired, "nodes[a].name"), (error.Code, error.Path));
    }

    [Fact]
    public void Parents_must_exist_and_not_go_round_in_a_circle()
    {
        var unknown = Assert.Single(Errors(Typed("a", 1m) with { ParentCode = "zzz" }));
        Assert.Equal((GoalErrors.NodeParentUnknown, "nodes[a].parentCode"), (unknown.Code, unknown.Path));

        var cycle = Assert.Single(Errors(Typed("a", 1m) with { ParentCode = "b" }, Typed("b", 1m) with { ParentCode = "a" }));
        Assert.Equal(GoalErrors.NodeParentCycle, cycle.Code);
        Assert.Equal("a → b → a", cycle.Args["cycle"]);
    }

    [Fact]
    public void Plans_beyond_numeric_18_2_are_refused()
    {
        var error = Assert.Single(Errors(Typed("a", decimal.MaxValue)));
        Assert.Equal((DomainErrors.NumberOutOfRange, "nodes[a].plan"), (error.Code, error.Path));
    }

    [Fact]
    public void A_fact_for_a_derived_node_or_an_unknown_node_is_refused()
    {
        var errors = Tree(CoffeeShop()).Evaluate(June2026,
            new Dictionary<string, decimal> { ["revenue"] = 1m, ["nope"] = 1m }).Errors;
        Assert.Equal(
            [(GoalErrors.NodeFactIsDerived, "facts[revenue]"), (GoalErrors.NodeUnknown, "facts[nope]")],
            errors.Select(e => (e.Code, e.Path)));
    }

    [Fact]
    public void A_plan_of_zero_gives_no_completion_and_a_warning_not_an_error()
    {
        var result = Tree(new GoalNodeSpec("a", "a", KpiUnit.Count, PlanValue: 0m, FactValue: 5m)).Evaluate(June2026);

        Assert.True(result.IsValid);
        Assert.Null(result.Value["a"].Completion);
        Assert.Equal("nodes[a].plan", Assert.Single(result.Warnings).Path);
    }

    [Fact]
    public void Lower_is_better_nodes_complete_plan_over_fact()
    {
        var june = Tree(new GoalNodeSpec("costs", "costs", KpiUnit.Money, Direction.LowerIsBetter, PlanValue: 100_000m,
            FactValue: 80_000m)).Evaluate(June2026).GetValueOrThrow();
        Assert.Equal(125m, june["costs"].Completion!.Value.Value);
    }

    [Fact]
    public void Every_goal_error_code_has_an_english_template()
    {
        var codes = typeof(GoalErrors).GetFields()
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToArray();
        Assert.Equal(codes.Order(), GoalErrors.All.Order());
        Assert.All(codes, c => Assert.StartsWith("goal.", c, StringComparison.Ordinal));
    }
}
