using System.Globalization;
using KpiPlanner.Domain.Kpis;
using KpiPlanner.Domain.Payroll;
using KpiPlanner.Web.Features.Plans;
using KpiPlanner.Web.Localization;
using Microsoft.Extensions.Localization;

namespace KpiPlanner.Web.Features.Home;

/// <summary>
/// The employee's "why" in words, by the current culture: the variable part's formula with their own numbers, the total
/// adding up, and the fact that reaches the next band. Only formats what the pay engine gave (<see cref="MyMonth"/>).
/// </summary>
public sealed class MyPayText(IStringLocalizer<SharedResource> l)
{
    /// <summary>«7 500 = 15 000 × (50 % × 0,5 + 50 % × 0,5)», with «× 18/21» when the variable part is prorated.</summary>
    public string Formula(MyPayFormula formula)
    {
        ArgumentNullException.ThrowIfNull(formula);
        if (formula.Gated)
        {
            return l["My.Formula.Gated", Amount(formula.Variable)];
        }

        var terms = string.Join(" + ", formula.Terms.Select(t => l["My.Formula.Term", Formats.Plain(t.Weight), Formats.Plain(t.Coefficient, 4)].Value));
        var share = formula.Share is { } worked ? l["My.Formula.Share", worked.Worked, worked.Total].Value : string.Empty;
        return formula.DueWeight is { } due
            ? l["My.Formula.Proportional", Amount(formula.Variable), Amount(formula.PlannedVariable), share, terms, Formats.Plain(due)]
            : l["My.Formula", Amount(formula.Variable), Amount(formula.PlannedVariable), share, terms];
    }

    /// <summary>«Оклад 15 000 ₽ + переменная 7 500 ₽ + премия 0 ₽ + корректировки 0,50 ₽ = 22 500,50 ₽».</summary>
    public string Sum(MyMonth month)
    {
        ArgumentNullException.ThrowIfNull(month);
        if (month.Statement is { } st)
        {
            return l["My.Sum.Statement", Formats.Money(st.Fixed), Formats.Money(st.Variable), Formats.Money(st.Bonus), Formats.Money(st.AdjustmentsTotal), Formats.Money(st.Total)];
        }

        return month.Estimate is { } pay
            ? l["My.Sum.Estimate", Formats.Money(pay.Fixed), Formats.Money(pay.Variable), Formats.Money(pay.Bonus), Formats.Money(pay.Total)]
            : string.Empty;
    }

    /// <summary>«310 500 ₽ (+500 ₽) → коэффициент 1», or that the KPI is in its top band.</summary>
    public string Next(MyKpi kpi)
    {
        ArgumentNullException.ThrowIfNull(kpi);
        if (kpi.Next is not { } next)
        {
            return kpi.Coefficient is null ? string.Empty : l["My.Next.Top"];
        }

        var change = (next.Change > 0 ? "+" : string.Empty) + Value(kpi.Unit, next.Change);
        return l["My.Next", Value(kpi.Unit, next.Fact), change, Formats.Plain(next.Coefficient, 4)];
    }

    /// <summary>A plan or fact in its unit: «310 500 ₽», «2 дня», «31», «4,5 %».</summary>
    public string Value(KpiUnit? unit, decimal value) => unit switch
    {
        KpiUnit.Money => value.ToString(value == decimal.Truncate(value) ? "C0" : "C2", CultureInfo.CurrentCulture),
        KpiUnit.Percent => l["My.Unit.Percent", Formats.Plain(value)],
        KpiUnit.Days => Plural.Format(l, "My.Unit.Days", value, Formats.Plain(value)),
        KpiUnit.Hours => Plural.Format(l, "My.Unit.Hours", value, Formats.Plain(value)),
        KpiUnit.Minutes => Plural.Format(l, "My.Unit.Minutes", value, Formats.Plain(value)),
        _ => Formats.Plain(value, 4),
    };

    /// <summary>«месяц идёт: 5 из 21 рабочего дня».</summary>
    public string InProgress(int elapsed, int total) => Plural.Format(l, "My.InProgress", total, elapsed, total);

    private static string Amount(decimal amount) => Formats.Plain(amount);
}
