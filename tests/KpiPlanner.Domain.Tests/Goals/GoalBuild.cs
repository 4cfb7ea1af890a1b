using KpiPlanner.Domain.Goals;
using KpiPlanner.Domain.Kpis;
using KpiPlanner.Infrastructure.Formulas;

namespace KpiPlanner.Domain.Tests.Goals;

/// <summary>The article's coffee shop and small builders for goal trees.</summary>
internal static class GoalBuild
{
    public static readonly FormulaParser Parser = new();

    public static readonly PeriodRange June2026 = PeriodRange.Month(2026, 6);

    public static Formula Formula(string text) => Parser.Parse(text).GetValueOrThrow();

    /// <summary>
    /// domain.md §3: profit 200 000 (typed), expenses 100 000 (typed), revenue = expenses + profit, average check 500,
    /// visitors = revenue / avg_check, per day = visitors / days(period). June facts: 500 visitors at a
    /// <paramref name="factAvgCheck"/> check; revenue and profit facts derived.
    /// </summary>
    public static GoalNodeSpec[] CoffeeShop(decimal? factVisitors = 500m, decimal? factAvgCheck = 500m) =>
    [
        new("profit", "Прибыль", KpiUnit.Money, PlanValue: 200_000m, FactFormula: "revenue - expenses"),
        new("expenses", "Расходы", KpiUnit.Money, Direction.LowerIsBetter, PlanValue: 100_000m, ParentCode: "profit"),
        new("revenue", "Выручка", KpiUnit.Money, PlanFormula: "expenses + profit", FactFormula: "visitors * avg_check",
            ParentCode: "profit"),
        new("avg_check", "Средний чек", KpiUnit.Money, PlanValue: 500m, FactValue: factAvgCheck, ParentCode: "revenue"),
        new("visitors", "Посетители", KpiUnit.Count, PlanFormula: "revenue / avg_check", FactValue: factVisitors,
            ParentCode: "revenue"),
        new("visitors_per_day", "Посетители в день", KpiUnit.Count, PlanFormula: "visitors / days(period)",
            ParentCode: "visitors"),
    ];

    public static GoalTree Tree(params GoalNodeSpec[] rows) => GoalTree.Create(rows, Parser).GetValueOrThrow();

    /// <summary>A count node with a typed plan.</summary>
    public static GoalNodeSpec Typed(string code, decimal plan) => new(code, code, PlanValue: plan);

    /// <summary>A count node with a plan formula.</summary>
    public static GoalNodeSpec Derived(string code, string formula) => new(code, code, PlanFormula: formula);
}
