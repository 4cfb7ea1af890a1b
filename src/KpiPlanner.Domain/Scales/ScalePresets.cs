using System.Globalization;

namespace KpiPlanner.Domain.Scales;

/// <summary>
/// Ready scales HR can start from (domain.md §4, the article's tables 3 and 5/6).
/// Labels follow the culture: Russian for "ru", English otherwise.
/// </summary>
public static class ScalePresets
{
    /// <summary>Table-3 band meanings: unacceptable / low level / target reached / leadership / aggressive leadership.</summary>
    public static IReadOnlyList<LocalizedText> Table3Labels { get; } =
    [
        new("Недопустимо", "Unacceptable"),
        new("Низкий уровень", "Low level"),
        new("Достижение целевого значения", "Target reached"),
        new("Лидерство", "Leadership"),
        new("Агрессивное лидерство", "Aggressive leadership"),
    ];

    /// <summary>
    /// The article's table 3: below 50 % → 0; 50 % up to 90 % → 0.5; 90 % to 100 % inclusive → 1;
    /// above 100 % to 120 % inclusive → 1.2; above 120 % → 1.5.
    /// </summary>
    public static CoefficientScale ArticleTable3(CultureInfo culture) => Build(Table3Bands(culture), null,
        new LocalizedText("Статья, табл. 3", "Article, table 3").For(culture));

    /// <summary>
    /// Table 3 capped at 1 (the article's footnote): nobody earns more than the plan's coefficient, so nobody lowers
    /// the plan to over-fulfil it. The bands stay as in table 3; the cap makes every band above plan pay 1.
    /// </summary>
    public static CoefficientScale ArticleTable3CappedAtOne(CultureInfo culture) => Build(Table3Bands(culture), 1m,
        new LocalizedText("Статья, табл. 3, потолок 1", "Article, table 3, capped at 1").For(culture));

    /// <summary>
    /// The three-band scale of the article's check (tables 5 and 6): below 90 % → 0.5; 90 % to 100 % inclusive → 1;
    /// above 100 % → 1.5.
    /// </summary>
    public static CoefficientScale ArticleTable6(CultureInfo culture) => Build(
        [
            new Band(0m, 90m, 0.5m, Label: Table3Labels[1].For(culture)),
            new Band(90m, 100m, 1m, ToInclusive: true, Label: Table3Labels[2].For(culture)),
            new Band(100m, null, 1.5m, Label: Table3Labels[3].For(culture)),
        ],
        null,
        new LocalizedText("Статья, табл. 6", "Article, table 6").For(culture));

    private static Band[] Table3Bands(CultureInfo culture) =>
    [
        new(0m, 50m, 0m, Label: Table3Labels[0].For(culture)),
        new(50m, 90m, 0.5m, Label: Table3Labels[1].For(culture)),
        new(90m, 100m, 1m, ToInclusive: true, Label: Table3Labels[2].For(culture)),
        new(100m, 120m, 1.2m, ToInclusive: true, Label: Table3Labels[3].For(culture)),
        new(120m, null, 1.5m, Label: Table3Labels[4].For(culture)),
    ];

    private static CoefficientScale Build(Band[] bands, decimal? cap, string name) =>
        CoefficientScale.Create(new ScaleSpec(bands, cap, Name: name)).GetValueOrThrow();
}
