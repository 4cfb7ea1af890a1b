using KpiPlanner.Domain.Dashboards;
using KpiPlanner.Domain.Goals;

namespace KpiPlanner.Infrastructure.Dashboards;

/// <summary>What a department or company dashboard reads, in one round trip (<see cref="DashboardQueries.LevelAsync"/>).</summary>
/// <param name="Departments">The departments in scope (each with everything below it).</param>
/// <param name="Rows">The drill-down row of each department in <paramref name="Departments"/> (same order).</param>
/// <param name="TrendFrom">First month of the trend window.</param>
/// <param name="TrendTo">Last month of the trend window (the period's last month).</param>
/// <param name="Quarter">Today's quarter (its months are read even outside the window, for the forecast).</param>
/// <param name="PayFrom">First month of the pay-fund history and of plan accuracy.</param>
/// <param name="HeadcountMonths">Months whose end-of-month headcount per position is read.</param>
/// <param name="People">A department's own people (none for the company page).</param>
/// <param name="Period">The period shown (the people's pay is summed over it).</param>
/// <param name="GrowthBases">The growth KPIs of the positions' schemes and their bases (none: no growth rows are read).</param>
public sealed record LevelQuery(
    int[] Departments,
    int[] Rows,
    DateOnly TrendFrom,
    DateOnly TrendTo,
    PeriodRange Quarter,
    DateOnly PayFrom,
    DateOnly[] HeadcountMonths,
    int[] People,
    PeriodRange Period,
    IReadOnlyList<GrowthBaseSpec>? GrowthBases = null);

/// <summary>A growth KPI of a position's scheme: its key and where its base comes from.</summary>
/// <param name="Position">The position whose scheme has the KPI.</param>
/// <param name="Key">The KPI's key.</param>
/// <param name="MonthsBack">The base month's distance (12: the same month last year, 1: the previous month); null for a fixed base.</param>
/// <param name="Value">The fixed base (when <paramref name="MonthsBack"/> is null).</param>
public sealed record GrowthBaseSpec(int Position, string Key, int? MonthsBack, decimal? Value);

/// <summary>Per drill-down row, growth KPI and month: the sums of the people with a plan, a fact and a base.</summary>
public sealed record GrowthRow(int Row, string Key, GrowthMonth Month);

/// <summary>Per drill-down row, KPI and month: the summary's sums (<see cref="GroupMonth"/>).</summary>
public sealed record SummaryRow(int Row, string Key, GroupMonth Month);

/// <summary>Per department and KPI: the plan-accuracy sums of the months read.</summary>
public sealed record AccuracyRow(int Department, string Key, decimal RatioSum, decimal DeviationSum, int Count, int Over, int Under);

/// <summary>Per drill-down row and month: the pay lines' variable part earned and planned, and how many lines.</summary>
public sealed record PayRow(int Row, DateOnly Month, decimal Variable, decimal Planned, int People);

/// <summary>People employed at a month's end, per drill-down row and position.</summary>
public sealed record HeadcountRow(int Row, int Position, DateOnly Month, int People);

/// <summary>One person's plan and fact of a KPI in a month.</summary>
public sealed record PersonValueRow(int Employee, DateOnly Month, string Key, decimal? Plan, decimal? Fact);

/// <summary>One person's variable pay over the period, and the months it was calculated for.</summary>
public sealed record PersonPayRow(int Employee, decimal Variable, decimal Planned, int Months);

/// <summary>Everything <see cref="DashboardQueries.LevelAsync"/> returns, one list per statement of its batch.</summary>
public sealed record LevelRows(
    IReadOnlyList<SummaryRow> Summary,
    IReadOnlyList<AccuracyRow> Accuracy,
    IReadOnlyList<PayRow> Pay,
    IReadOnlyList<HeadcountRow> Headcount,
    IReadOnlyList<PersonValueRow> PeopleValues,
    IReadOnlyList<PersonPayRow> PeoplePay,
    IReadOnlyList<GrowthRow> Growth);

/// <summary>A department subtree's fact of a KPI in a month (sum and count of the people with a fact).</summary>
public sealed record TeamFactRow(int Department, DateOnly Month, string Key, decimal FactSum, int FactCount);
