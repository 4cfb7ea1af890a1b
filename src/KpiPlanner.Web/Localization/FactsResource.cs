namespace KpiPlanner.Web;

/// <summary>
/// The marker type of the texts of the facts import and the facts API, keyed by
/// <see cref="KpiPlanner.Infrastructure.Import.FactsIssueCodes"/> code: Russian (the default) in
/// <c>Resources/FactsResource.resx</c>, English in <c>Resources/FactsResource.en.resx</c>. The files are named after this
/// type (the resource <c>IStringLocalizer&lt;FactsResource&gt;</c> looks up, with <c>ResourcesPath = "Resources"</c>);
/// this file stays outside <c>Resources/</c> so MSBuild names the resources after the files.
/// </summary>
public sealed class FactsResource
{
}
