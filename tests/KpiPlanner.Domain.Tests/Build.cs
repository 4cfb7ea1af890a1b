using System.Globalization;
using KpiPlanner.Domain.Kpis;
using KpiPlanner.Domain.Pay;
using KpiPlanner.Domain.Scales;
using KpiPlanner.Domain.Schemes;
using KpiPlanner.Domain.Validation;

namespace KpiPlanner.Domain.Tests;

/// <summary>Small builders for the article's scales and schemes.</summary>
internal static class Build
{
    public static readonly CultureInfo En = CultureInfo.GetCultureInfo("en-US");
    public static readonly CultureInfo Ru = CultureInfo.GetCultureInfo("ru-RU");

    public static CoefficientScale Table3 => ScalePresets.ArticleTable3(En);

    public static CoefficientScale Table6 => ScalePresets.ArticleTable6(En);

    public static ScaleSpec Table3Spec => Table3.ToSpec();

    public static ScaleSpec Table6Spec => Table6.ToSpec();

    /// <summary>The article's sales-manager scheme: 15 000 + 15 000, KPI1 sales plan 50 %, KPI2 work plan 50 %, table-6 scale.</summary>
    public static SchemeSpec ArticleSpec(ScaleSpec? scale = null) => new(
        15_000m,
        15_000m,
        [
            new SchemeKpiSpec("Sales plan", 50m, scale ?? Table6Spec),
            new SchemeKpiSpec("Work plan", 50m, scale ?? Table6Spec),
        ]);

    public static MotivationScheme Scheme(SchemeSpec spec) => MotivationScheme.Create(spec).GetValueOrThrow();

    public static MotivationScheme OneKpi(ScaleSpec scale, decimal fixedPart = 0m, decimal plannedVariable = 10_000m,
        decimal? gate = null, Direction direction = Direction.HigherIsBetter, Measurement measurement = Measurement.Ratio) =>
        Scheme(new SchemeSpec(fixedPart, plannedVariable,
            [new SchemeKpiSpec("KPI", 100m, scale, direction, measurement, gate)]));

    public static PayResult Pay(MotivationScheme scheme, params KpiResultInput[] results) =>
        PayCalculator.Calculate(scheme, results).GetValueOrThrow();

    public static PayResult PayAt(MotivationScheme scheme, params decimal[] completionPercents) =>
        PayCalculator.Calculate(scheme, completionPercents.Select(Completion.FromPercent).ToArray()).GetValueOrThrow();

    public static decimal D(string s) => decimal.Parse(s, CultureInfo.InvariantCulture);

    public static string Describe(IEnumerable<DomainError> errors) => string.Join(" | ", errors);
}
