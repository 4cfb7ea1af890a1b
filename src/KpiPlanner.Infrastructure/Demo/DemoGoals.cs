using System.Globalization;
using KpiPlanner.Domain.Goals;
using KpiPlanner.Domain.Kpis;
using KpiPlanner.Domain.Organisation;
using KpiPlanner.Domain.Payroll;
using KpiPlanner.Domain.Planning;
using KpiPlanner.Domain.Scales;
using KpiPlanner.Domain.Schemes;
using KpiPlanner.Infrastructure.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace KpiPlanner.Infrastructure.Demo;

/// <summary>The demo's goal trees (the article's coffee shop, the sales department's month) and the keys tests name.</summary>
public sealed partial class DemoData
{
    public const string CoffeeGoalName = "Кофейня: 200 000 ₽ прибыли в месяц";

    public const string SalesGoalName = "Отдел продаж: план на месяц";

    /// <summary>The month of the article's facts: June 2026 (500 visitors at a 500 ₽ check).</summary>
    public static readonly DateOnly CoffeeFactsMonth = new(2026, 6, 1);

    /// <summary>
    /// The article's coffee shop: profit 200 000 ₽ a month with 100 000 ₽ of expenses needs revenue = expenses + profit
    /// = 300 000 ₽, i.e. revenue / average check 500 ₽ = 600 visitors a month, 20 a day in June. June's facts: 500
    /// visitors at a 500 ₽ check (83,3 % and 75 %).
    /// </summary>
    public static Goal CoffeeShopGoal(DateTimeOffset now)
    {
        var goal = new Goal(
            CoffeeGoalName,
            [
                new GoalNodeSpec("profit", "Чистая прибыль", KpiUnit.Money, PlanValue: 200_000m, FactFormula: "revenue - expenses"),
                new GoalNodeSpec("expenses", "Расходы", KpiUnit.Money, Direction.LowerIsBetter, PlanValue: 100_000m, ParentCode: "profit"),
                new GoalNodeSpec("revenue", "Выручка (доход)", KpiUnit.Money, PlanFormula: "expenses + profit", FactFormula: "visitors * avg_check", ParentCode: "profit"),
                new GoalNodeSpec("avg_check", "Средний чек", KpiUnit.Money, PlanValue: 500m, ParentCode: "revenue"),
                new GoalNodeSpec("visitors", "Посетители в месяц", KpiUnit.Count, PlanFormula: "revenue / avg_check", ParentCode: "revenue"),
                new GoalNodeSpec("visitors_per_day", "Посетители в день", KpiUnit.Count, PlanFormula: "visitors / days(period)", FactFormula: "visitors / days(period)", ParentCode: "visitors"),
            ],
            now,
            "demo");
        goal.SetFacts(Period.Key(CoffeeFactsMonth), new Dictionary<string, decimal> { ["visitors"] = 500m, ["avg_check"] = 500m }, now, "demo");
        return goal;
    }

    /// <summary>The demo employee's personnel number (employee@demo.local), a sales manager.</summary>
    public const string EmployeePersonnelNumber = "0101";

    /// <summary>The sales goal's node linked to the demo employee's sales.</summary>
    public const string EmployeeGoalCode = "sales_employee";

    /// <summary>The KPI keys of the sales managers' demo scheme.</summary>
    public const string SalesKpi = "sales_volume";
    public const string MeetingsKpi = "client_meetings";

    /// <summary>The KPI keys of the lead marketers' demo scheme: the sales funnel before the sales volume.</summary>
    public const string LeadsKpi = "leads";
    public const string ClientsInWorkKpi = "clients_in_work";
    public const string ContractsKpi = "contracts";
}
