namespace KpiPlanner.Web;

/// <summary>
/// The marker type of the UI's strings: <c>Resources/SharedResource.resx</c> (Russian, the default) and
/// <c>Resources/SharedResource.en.resx</c> (English). A test checks both files have the same keys.
/// </summary>
public sealed class SharedResource
{
}
