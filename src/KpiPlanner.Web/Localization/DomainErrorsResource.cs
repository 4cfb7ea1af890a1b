namespace KpiPlanner.Web;

/// <summary>
/// The marker type of the domain's error and warning texts, keyed by <see cref="Domain.Validation.DomainErrors"/> code:
/// Russian (the default) in <c>Resources/DomainErrorsResource.resx</c>, English in
/// <c>Resources/DomainErrorsResource.en.resx</c>. The files are named after this type because that is the resource
/// <c>IStringLocalizer&lt;DomainErrorsResource&gt;</c> looks up (<c>KpiPlanner.Web.Resources.DomainErrorsResource</c>,
/// with <c>ResourcesPath = "Resources"</c>); this file stays outside <c>Resources/</c> so MSBuild names the resources
/// after the files. Use the texts through <see cref="Localization.DomainErrorText"/>, which fills in the placeholders.
/// </summary>
public sealed class DomainErrorsResource
{
}
