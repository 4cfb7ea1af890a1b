namespace KpiPlanner.Domain.Schemes;

/// <summary>
/// A preset split of a position's market pay into fixed and planned variable parts (domain.md §5):
/// 30/70 aggressive (launching a product), 50/50 (the article's example), 70/30 holding a stable market share.
/// </summary>
/// <param name="Code">Stable code: <c>30/70</c>, <c>50/50</c>, <c>70/30</c>.</param>
/// <param name="FixedPercent">The fixed part's share, percent.</param>
/// <param name="Name">What the split is for.</param>
public sealed record PaySplit(string Code, decimal FixedPercent, LocalizedText Name)
{
    /// <summary>30 % fixed / 70 % variable: an aggressive scheme, e.g. launching a product.</summary>
    public static PaySplit Aggressive { get; } =
        new("30/70", 30m, new LocalizedText("Агрессивная (вывод продукта на рынок)", "Aggressive (launching a product)"));

    /// <summary>50 % / 50 %: the article's example.</summary>
    public static PaySplit Balanced { get; } = new("50/50", 50m, new LocalizedText("50 на 50", "50/50"));

    /// <summary>70 % fixed / 30 % variable: holding a stable market share.</summary>
    public static PaySplit Stable { get; } =
        new("70/30", 70m, new LocalizedText("Стабильная (удержание доли рынка)", "Stable (holding market share)"));

    /// <summary>The three presets.</summary>
    public static IReadOnlyList<PaySplit> All { get; } = [Aggressive, Balanced, Stable];

    /// <summary>The planned variable part's share, percent.</summary>
    public decimal VariablePercent => 100m - FixedPercent;

    /// <summary>
    /// Splits a market pay: fixed = market pay × fixed % rounded to kopecks; planned variable = the rest, so the two
    /// always add up to the market pay. 30 000 at 50/50 → 15 000 + 15 000; at 30/70 → 9 000 + 21 000.
    /// </summary>
    public SplitAmounts Apply(decimal marketPay)
    {
        var fixedPart = Money.Round(marketPay * FixedPercent / 100m);
        return new SplitAmounts(fixedPart, marketPay - fixedPart);
    }
}

/// <summary>The fixed part and the planned variable amount of a split.</summary>
public readonly record struct SplitAmounts(decimal Fixed, decimal PlannedVariable);
