namespace KpiPlanner.Web;

/// <summary>
/// The marker type of the texts of the plan/fact dashboards (issue 6): Russian (the default) in
/// <c>Resources/DashboardResource.resx</c>, English in <c>Resources/DashboardResource.en.resx</c>.
/// </summary>
public sealed class DashboardResource
{
}
