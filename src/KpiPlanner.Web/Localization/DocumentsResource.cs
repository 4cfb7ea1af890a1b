namespace KpiPlanner.Web;

/// <summary>
/// The marker type of the printable documents' texts (the employee's motivation scheme PDF) and of their download
/// endpoint: Russian (the default) in <c>Resources/DocumentsResource.resx</c>, English in
/// <c>Resources/DocumentsResource.en.resx</c>. Like <see cref="FactsResource"/>, it stays outside <c>Resources/</c> so
/// MSBuild names the resources after the files.
/// </summary>
public sealed class DocumentsResource
{
}
