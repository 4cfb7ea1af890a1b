namespace KpiPlanner.Web;

/// <summary>
/// The marker type of the Organisation pages' strings (departments, positions, employees): Russian (the default) in
/// <c>Resources/OrganisationResource.resx</c>, English in <c>Resources/OrganisationResource.en.resx</c>. Like
/// <see cref="DomainErrorsResource"/>, it stays outside <c>Resources/</c> so MSBuild names the resources after the files.
/// </summary>
public sealed class OrganisationResource
{
}
