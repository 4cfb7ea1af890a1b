namespace KpiPlanner.Domain.Kpis;

/// <summary>
/// What a KPI is and how it is measured — a template from the <see cref="KpiCatalog"/> or one a company adds.
/// A KPI in use always has a target and a period too ("profit 200 000 ₽ per month"); those live with the plan.
/// </summary>
/// <param name="Code">A stable identifier, e.g. <c>revenue</c>.</param>
/// <param name="Name">The name in Russian and English.</param>
/// <param name="Family">Which family of indicators it belongs to.</param>
/// <param name="Unit">The unit of plan and fact.</param>
/// <param name="Direction">Whether more or less is better.</param>
/// <param name="Measurement">How a fact becomes a completion.</param>
public sealed record KpiDefinition(
    string Code,
    LocalizedText Name,
    KpiFamily Family,
    KpiUnit Unit,
    Direction Direction,
    Measurement Measurement);
