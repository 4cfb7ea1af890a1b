using KpiPlanner.Domain.Goals;

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
/// <param name="Aggregation">
/// How its months make a quarter, half-year or year: <see cref="AggregationRule.Sum"/> for money and counts,
/// <see cref="AggregationRule.Average"/> for percentages and averages (average check, conversion, answer time),
/// <see cref="AggregationRule.Last"/> for stock-like values (receivables, clients in the database).
/// </param>
public sealed record KpiDefinition(
    string Code,
    LocalizedText Name,
    KpiFamily Family,
    KpiUnit Unit,
    Direction Direction,
    Measurement Measurement,
    AggregationRule Aggregation = AggregationRule.Sum);
