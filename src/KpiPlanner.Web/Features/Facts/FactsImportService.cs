namespace KpiPlanner.Web.Features.Facts;

/// <summary>All-or-nothing import of plans and facts from .xlsx and .csv, and the batch behind the facts API.</summary>
public sealed class FactsImportService
{
}
