namespace KpiPlanner.Domain.Planning;

/// <summary>
/// One KPI of one employee in one month: the plan the manager set and the fact that arrived. The KPI is named by
/// its key in the employee's motivation scheme: the catalogue code (<c>sales_volume</c>) or, for a custom KPI, its
/// name. Plans and facts are decimals (money, counts, percents, days), never negative.
/// </summary>
public sealed class MonthlyKpiValue
{
    public const int MaxKeyLength = 200;

    private MonthlyKpiValue()
    {
        KpiKey = string.Empty;
    }

    public MonthlyKpiValue(int employeeId, DateOnly month, string kpiKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kpiKey);
        EmployeeId = employeeId;
        Month = Period.FirstDay(month);
        KpiKey = kpiKey.Trim();
    }

    public long Id { get; private set; }

    public int EmployeeId { get; private set; }

    public DateOnly Month { get; private set; }

    public string KpiKey { get; private set; }

    public decimal? Plan { get; private set; }

    public decimal? Fact { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public string? UpdatedBy { get; private set; }

    /// <summary>Sets the plan; false (nothing changes) for a negative value.</summary>
    public bool SetPlan(decimal? plan, DateTimeOffset now, string? by)
    {
        if (plan < 0)
        {
            return false;
        }

        Plan = plan;
        Touch(now, by);
        return true;
    }

    /// <summary>Sets the fact; false (nothing changes) for a negative value.</summary>
    public bool SetFact(decimal? fact, DateTimeOffset now, string? by)
    {
        if (fact < 0)
        {
            return false;
        }

        Fact = fact;
        Touch(now, by);
        return true;
    }

    private void Touch(DateTimeOffset now, string? by)
    {
        UpdatedAt = now;
        UpdatedBy = by;
    }
}
