using KpiPlanner.Domain.Goals;
using KpiPlanner.Infrastructure.Formulas;
using static KpiPlanner.Domain.Tests.Goals.GoalBuild;

namespace KpiPlanner.Domain.Tests.Goals;

public class FormulaParserTests
{
    private static readonly FormulaParser P = new();

    [Theory]
    [InlineData("expenses + profit", "expenses + profit")]
    [InlineData("revenue / avg_check", "revenue / avg_check")]
    [InlineData("visitors / days(period)", "visitors / days(period)")]
    [InlineData("a + b * c", "a + (b * c)")]
    [InlineData("(a + b) * c", "(a + b) * c")]
    [InlineData("a - b - c", "(a - b) - c")]
    [InlineData("a / b / c", "(a / b) / c")]
    [InlineData("-a * 2", "-a * 2")]
    [InlineData("--3", "--3")]
    [InlineData("min(a, 0.5)", "min(a, 0.5)")]
    [InlineData("MAX(a,b)", "max(a, b)")]
    [InlineData("round(revenue / 3, 2)", "round(revenue / 3, 2)")]
    [InlineData("  plan_2026  *  1.1 ", "plan_2026 * 1.1")]
    public void Valid_formulas_parse_with_the_usual_precedence_and_left_associativity(string text, string canonical)
    {
        var formula = P.Parse(text).GetValueOrThrow();
        Assert.Equal(canonical, formula.Root.ToString());
        Assert.Equal(text.Trim(), formula.Text);
    }

    [Fact]
    public void The_syntax_tree_is_the_domain_records()
    {
        var formula = Formula("revenue / avg_check");
        Assert.Equal(
            new FormulaBinary(FormulaOperator.Divide, new FormulaReference("revenue"), new FormulaReference("avg_check")),
            formula.Root);
        Assert.Equal(["revenue", "avg_check"], formula.References);
    }

    [Fact]
    public void Number_literals_are_read_with_the_invariant_culture_as_exact_decimals()
    {
        Assert.Equal(new FormulaNumber(0.1m), Formula("0.1").Root);
        Assert.Equal(new FormulaNumber(200_000m), Formula("200000").Root);
    }

    [Fact]
    public void References_are_listed_once_in_order_of_appearance()
    {
        Assert.Equal(["b", "a"], Formula("b + a * b - min(a, B)").References);
    }

    [Theory]
    [InlineData("revenue +", 10, "the end of the formula")]
    [InlineData("revenue + * 2", 11, "\"*\"")]
    [InlineData("(revenue + 2", 13, "the end of the formula")]
    [InlineData("revenue 2", 9, "\"2\"")]
    [InlineData("revenue)", 8, "\")\"")]
    [InlineData("revenue # 2", 9, "\"#\"")]
    [InlineData("выручка / 2", 1, "\"в\"")]
    [InlineData("1. + 2", 2, "\".\"")]
    public void Syntax_errors_name_the_position_what_was_found_and_what_was_expected(string text, int position, string found)
    {
        var result = P.Parse(text, "nodes[x].plan");

        var error = Assert.Single(result.Errors);
        Assert.Equal(GoalErrors.FormulaSyntax, error.Code);
        Assert.Equal("nodes[x].plan", error.Path);
        Assert.Equal(position, error.Args["position"]);
        Assert.Equal(found, error.Args["found"]);
        Assert.False(string.IsNullOrWhiteSpace((string)error.Args["expected"]));
        Assert.Contains("position " + position, error.Message, StringComparison.Ordinal);
        Assert.Contains(text.Trim(), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_operand_expects_a_number_a_name_or_a_bracket()
    {
        var error = Assert.Single(P.Parse("revenue + ").Errors);
        var expected = (string)error.Args["expected"];
        Assert.Contains("a number", expected, StringComparison.Ordinal);
        Assert.Contains("a name", expected, StringComparison.Ordinal);
        Assert.Contains("\"(\"", expected, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0,5", 2, "0.5")]
    [InlineData("revenue * 1,15", 12, "1.15")]
    [InlineData("round(x, 0,5)", 11, "0.5")]
    public void A_decimal_comma_is_refused_with_a_hint_to_use_a_point(string text, int position, string example)
    {
        var error = Assert.Single(P.Parse(text).Errors);
        Assert.Equal(GoalErrors.FormulaDecimalComma, error.Code);
        Assert.Equal(position, error.Args["position"]);
        Assert.Equal(example, error.Args["example"]);
        Assert.Contains("point", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_comma_between_digits_inside_a_call_is_an_argument_separator()
    {
        Assert.Equal("min(1, 2)", Formula("min(1,2)").Root.ToString());
    }

    [Theory]
    [InlineData("sqrt(4)", GoalErrors.FormulaUnknownFunction, 1)]
    [InlineData("a + Exec(b)", GoalErrors.FormulaUnknownFunction, 5)]
    [InlineData("min(a)", GoalErrors.FormulaArgumentCount, 1)]
    [InlineData("round(a, 2, 3)", GoalErrors.FormulaArgumentCount, 1)]
    [InlineData("days(month)", GoalErrors.FormulaDaysArgument, 1)]
    [InlineData("days()", GoalErrors.FormulaDaysArgument, 1)]
    [InlineData("days(period, period)", GoalErrors.FormulaDaysArgument, 1)]
    [InlineData("visitors / period", GoalErrors.FormulaPeriodOutsideDays, 12)]
    [InlineData("99999999999999999999999999999999", GoalErrors.FormulaNumberTooLarge, 1)]
    public void Only_the_four_functions_and_days_of_period_are_allowed(string text, string code, int position)
    {
        var error = Assert.Single(P.Parse(text).Errors);
        Assert.Equal(code, error.Code);
        Assert.Equal(position, error.Args["position"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void An_empty_formula_is_refused(string text) =>
        Assert.Equal(GoalErrors.FormulaEmpty, Assert.Single(P.Parse(text).Errors).Code);

    [Fact]
    public void A_formula_longer_than_the_limit_is_refused() =>
        Assert.Equal(GoalErrors.FormulaTooLong,
            Assert.Single(P.Parse(string.Join(" + ", Enumerable.Repeat("a", 400))).Errors).Code);

    [Fact]
    public void Deeply_nested_brackets_within_the_limit_parse()
    {
        var text = new string('(', 300) + "1" + new string(')', 300);
        Assert.Equal(new FormulaNumber(1m), Formula(text).Root);
    }
}
