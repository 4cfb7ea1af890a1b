namespace KpiPlanner.Web;

/// <summary>
/// The marker type of the texts of splits in time, roll-up rules and year-over-year comparisons (issue 4, "Splits" and
/// "Periods"): Russian (the default) in <c>Resources/PlanningResource.resx</c>, English in
/// <c>Resources/PlanningResource.en.resx</c>. The files are named after this type (the resource
/// <c>IStringLocalizer&lt;PlanningResource&gt;</c> looks up, with <c>ResourcesPath = "Resources"</c>); this file stays
/// outside <c>Resources/</c> so MSBuild names the resources after the files.
/// </summary>
public sealed class PlanningResource
{
}
