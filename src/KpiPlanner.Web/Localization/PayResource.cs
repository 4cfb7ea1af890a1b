namespace KpiPlanner.Web;

/// <summary>
/// The marker type of the texts of HR's pay review, the period close, the payroll export and the employee's statement:
/// Russian (the default) in <c>Resources/PayResource.resx</c>, English in <c>Resources/PayResource.en.resx</c>.
/// </summary>
public sealed class PayResource
{
}
