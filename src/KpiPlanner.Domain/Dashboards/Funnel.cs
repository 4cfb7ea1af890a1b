using KpiPlanner.Domain.Kpis;

namespace KpiPlanner.Domain.Dashboards;

/// <summary>One stage of a funnel: a KPI's plan and fact for the period.</summary>
public sealed record FunnelStageInput(string Key, string Name, KpiUnit Unit, decimal? Plan, decimal? Fact);

/// <summary>A stage with the conversion from the stage before it.</summary>
/// <param name="FactConversion">Fact of this stage / fact of the previous stage: a percent between two counts, or
/// an amount per unit (₽ per contract) when this stage is money; null for the first stage or without both facts.</param>
/// <param name="PlanConversion">The same for the plans: the conversion the plans assume.</param>
/// <param name="IsAmountPerUnit">True when the conversion is an amount per unit rather than a percent.</param>
public sealed record FunnelStage(
    string Key, string Name, KpiUnit Unit, decimal? Plan, decimal? Fact, decimal? FactConversion, decimal? PlanConversion, bool IsAmountPerUnit);

/// <summary>
/// The sales funnel of the consultants' "clients in work" family: leads from marketing → clients in work → contracts
/// signed → sales volume. Conversion between two count stages is a percent (contracts / clients in work × 100); into
/// a money stage it is the amount per unit of the stage before (sales volume / contracts = the average contract).
/// Stages the company does not measure are left out; fewer than two stages make no funnel.
/// </summary>
public static class Funnel
{
    /// <summary>The stages, in funnel order, by catalogue code.</summary>
    public static IReadOnlyList<string> StageKeys { get; } = ["leads", "clients_in_work", "contracts", "sales_volume"];

    public static IReadOnlyList<FunnelStage> Of(IReadOnlyList<FunnelStageInput> stages)
    {
        ArgumentNullException.ThrowIfNull(stages);
        var ordered = stages.Where(s => StageKeys.Contains(s.Key)).OrderBy(s => IndexOf(s.Key)).ToArray();
        if (ordered.Length < 2)
        {
            return [];
        }

        var result = new List<FunnelStage>(ordered.Length);
        for (var i = 0; i < ordered.Length; i++)
        {
            var stage = ordered[i];
            var previous = i == 0 ? null : ordered[i - 1];
            var perUnit = stage.Unit == KpiUnit.Money && previous is not null && previous.Unit != KpiUnit.Money;
            result.Add(new FunnelStage(stage.Key, stage.Name, stage.Unit, stage.Plan, stage.Fact,
                previous is null ? null : Conversion(previous.Fact, stage.Fact, perUnit),
                previous is null ? null : Conversion(previous.Plan, stage.Plan, perUnit),
                perUnit));
        }

        return result;
    }

    private static int IndexOf(string key)
    {
        for (var i = 0; i < StageKeys.Count; i++)
        {
            if (StageKeys[i] == key)
            {
                return i;
            }
        }

        return int.MaxValue;
    }

    private static decimal? Conversion(decimal? before, decimal? after, bool perUnit) =>
        before is > 0 && after is { } a ? (perUnit ? a / before.Value : a * 100m / before.Value) : null;
}
