using KpiPlanner.Domain.Goals;
using static KpiPlanner.Domain.Tests.Goals.GoalBuild;

namespace KpiPlanner.Domain.Tests.Goals;

public class FormulaEvaluationTests
{
    private static decimal Eval(string text, PeriodRange? period = null, Func<string, decimal?>? values = null) =>
        Formula(text).Evaluate(period ?? June2026, values ?? (_ => null)).GetValueOrThrow();

    [Theory]
    [InlineData("1 + 2 * 3", "7")]
    [InlineData("(1 + 2) * 3", "9")]
    [InlineData("10 - 4 - 3", "3")]
    [InlineData("100 / 4 / 5", "5")]
    [InlineData("-2 * -3", "6")]
    [InlineData("0.1 + 0.2", "0.3")]
    [InlineData("min(3, 2.5)", "2.5")]
    [InlineData("max(3, 2.5)", "3")]
    [InlineData("round(2.675, 2)", "2.68")]
    [InlineData("round(-0.125, 2)", "-0.13")]
    [InlineData("round(2.5, 0)", "3")]
    [InlineData("round(1 / 3, 4)", "0.3333")]
    public void Arithmetic_is_exact_decimal_and_round_is_half_away_from_zero(string text, string expected) =>
        Assert.Equal(Build.D(expected), Eval(text));

    [Fact]
    public void Division_keeps_full_decimal_precision()
    {
        Assert.Equal(1m / 3m, Eval("1 / 3"));
    }

    [Theory]
    [InlineData(2026, 6, 30)]
    [InlineData(2026, 7, 31)]
    [InlineData(2026, 2, 28)]
    [InlineData(2024, 2, 29)]
    [InlineData(2100, 2, 28)]
    [InlineData(2000, 2, 29)]
    public void Days_of_period_are_the_calendar_days_of_the_month(int year, int month, int days) =>
        Assert.Equal(days, Eval("days(period)", PeriodRange.Month(year, month)));

    [Theory]
    [InlineData("2026", 365)]
    [InlineData("2024", 366)]
    [InlineData("2026-Q1", 90)]
    [InlineData("2024-Q1", 91)]
    [InlineData("2026-H2", 184)]
    public void Days_of_period_are_the_calendar_days_of_a_longer_period(string key, int days) =>
        Assert.Equal(days, Eval("days(period)", PeriodRange.TryParse(key).GetValueOrThrow()));

    [Fact]
    public void Names_take_the_values_given()
    {
        Assert.Equal(600m, Eval("revenue / avg_check", values: n => n == "revenue" ? 300_000m : 500m));
    }

    [Theory]
    [InlineData("revenue / avg_check", 0, "avg_check")]
    [InlineData("revenue / (avg_check - 500)", 500, "avg_check - 500")]
    [InlineData("1 / 0", 500, "0")]
    public void Division_by_zero_is_an_error_naming_the_formula_the_node_and_the_divisor(string text, int avgCheck, string divisor)
    {
        var result = Formula(text).Evaluate(June2026, n => n == "revenue" ? 300_000m : avgCheck,
            "visitors", "nodes[visitors].plan");

        var error = Assert.Single(result.Errors);
        Assert.Equal(GoalErrors.FormulaDivisionByZero, error.Code);
        Assert.Equal("nodes[visitors].plan", error.Path);
        Assert.Equal(text, error.Args["formula"]);
        Assert.Equal("visitors", error.Args["node"]);
        Assert.Equal(divisor, error.Args["divisor"]);
        Assert.Contains(text, error.Message, StringComparison.Ordinal);
        Assert.Contains("visitors", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("79228162514264337593543950335 * 2")]
    [InlineData("79228162514264337593543950335 + 1")]
    [InlineData("10000000000000000 * 10")]
    public void Overflow_is_an_error_not_an_exception(string text)
    {
        var error = Assert.Single(Formula(text).Evaluate(June2026, _ => null, "x").Errors);
        Assert.Equal(GoalErrors.FormulaOverflow, error.Code);
    }

    [Theory]
    [InlineData("round(1.5, 0.5)")]
    [InlineData("round(1.5, -1)")]
    [InlineData("round(1.5, 29)")]
    public void Round_takes_a_whole_number_of_places_from_0_to_28(string text) =>
        Assert.Equal(GoalErrors.FormulaRoundDigits, Assert.Single(Formula(text).Evaluate(June2026, _ => null).Errors).Code);

    [Fact]
    public void A_name_without_a_value_is_an_error()
    {
        var error = Assert.Single(Formula("a + 1").Evaluate(June2026, _ => null, "b").Errors);
        Assert.Equal(GoalErrors.FormulaNoValue, error.Code);
        Assert.Equal("a", error.Args["name"]);
    }
}
