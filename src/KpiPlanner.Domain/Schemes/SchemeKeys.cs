namespace KpiPlanner.Domain.Schemes;

/// <summary>How a scheme KPI is named in monthly plans and facts.</summary>
public static class SchemeKeys
{
    /// <summary>The catalogue code (<c>sales_volume</c>), or the KPI's name for a custom KPI.</summary>
    public static string KeyOf(string? kpiCode, string name) => string.IsNullOrWhiteSpace(kpiCode) ? name.Trim() : kpiCode;
}
