namespace KpiPlanner.Domain.Schemes;

/// <summary>
/// A one-off KPI's own dates (the article's table 2, row 4: «мероприятие для 50 клиентов в период с 01.02 по 01.03»):
/// the KPI is measured once, over these dates, by the plan and fact entered for the month the period ends in, and it is
/// paid in that month. In the other months it is not due: it takes no figures, and the weights of the KPIs that are due
/// count in proportion, as if they summed to 100 % (<see cref="Pay.PayCalculator"/>).
/// </summary>
/// <param name="From">The first day of the period.</param>
/// <param name="To">The last day of the period (the month it falls in is the month the KPI is measured and paid).</param>
public sealed record OneOffPeriod(DateOnly From, DateOnly To)
{
    /// <summary>The longest period a one-off KPI may span, in months counted from its first to its last month.</summary>
    public const int MaxMonths = 12;

    /// <summary>The first day of the month in which the KPI is measured and paid.</summary>
    public DateOnly DueMonth => new(To.Year, To.Month, 1);

    /// <summary>Whether the KPI is measured and paid in the month (any day of it).</summary>
    public bool IsDueIn(DateOnly month) => month.Year == To.Year && month.Month == To.Month;

    /// <summary>The months the period touches, first to last, counted inclusively (01.02–01.03 touches 2).</summary>
    public int MonthsSpanned => ((To.Year - From.Year) * 12) + To.Month - From.Month + 1;
}
