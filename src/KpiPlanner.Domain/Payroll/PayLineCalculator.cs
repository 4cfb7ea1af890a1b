using KpiPlanner.Domain.Kpis;
using KpiPlanner.Domain.Pay;
using KpiPlanner.Domain.Schemes;

namespace KpiPlanner.Domain.Payroll;

/// <summary>
/// The month's plan and fact of one KPI of a person (either may be missing), and for a growth KPI its base (the fact of
/// the base month, or the scheme's fixed base; missing when that month has no fact).
/// </summary>
public readonly record struct KpiFigures(decimal? Plan, decimal? Fact)
{
    /// <summary>A growth KPI's base value; null when it is not one or its base month has no fact.</summary>
    public decimal? Base { get; init; }
}

/// <summary>Why a KPI could not be measured; its completion then counts as 0 %.</summary>
public enum MissingFigure
{
    None,
    Plan,
    Fact,
    PlanAndFact,

    /// <summary>An aggregate KPI, which monthly plans and facts alone do not measure.</summary>
    NotMeasurable,

    /// <summary>A growth KPI whose base month has no fact (and whose scheme has no fixed base).</summary>
    Base,

    /// <summary>An aggregated KPI one of whose parts lacks its plan or fact (or its base).</summary>
    Part,
}

/// <summary>
/// THE PAY LINE of one person for one month (domain.md §5–6): the pay formula of <see cref="PayCalculator"/> applied to
/// the month's plans and facts, with the time worked:
/// <code>
///   share    = days worked / days of the month   (working days of the company calendar, or calendar days)
///   fixed    = round(fixed × share)
///   variable = round(planned variable × (share, if the scheme prorates it, else 1) × Σ(weight × coefficient))
///   bonus    = the threshold bonus when earned + the bonus HR entered for the month (scheme rule "entered per
///              period"); neither is prorated
///   total    = fixed + variable + bonus            (adjustments are added separately, each with its reason)
/// </code>
/// A one-off KPI is measured and paid only in the month its period ends; in the other months it is not due, is not
/// flagged as missing, and the due KPIs' weights count in proportion (<see cref="PayCalculator"/>).
/// A KPI without a plan or a fact counts as 0 % and is flagged, so HR sees who misses what before closing.
/// Every amount is rounded once, here, by <see cref="Money.Round"/>.
/// </summary>
public static class PayLineCalculator
{
    /// <param name="enteredBonus">The bonus HR entered for the month; counted only when the scheme's bonus rule is
    /// "entered per period".</param>
    /// <param name="month">The month paid (decides whether a one-off KPI is due); null counts every KPI as due.</param>
    public static PayExplanation Calculate(MotivationScheme scheme, IReadOnlyList<KpiFigures> figures, WorkedTime worked,
        decimal enteredBonus = 0m, DateOnly? month = null)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        ArgumentNullException.ThrowIfNull(figures);
        if (figures.Count != scheme.Kpis.Count)
        {
            throw new ArgumentException($"Expected {scheme.Kpis.Count} KPI figures, got {figures.Count}.", nameof(figures));
        }

        var kpis = scheme.Kpis;
        var measured = KpiMeasure.OfScheme(scheme, figures);
        var completions = measured.Select(m => m.Completion).ToArray();
        var missing = measured.Select(m => m.Missing).ToArray();
        for (var i = 0; i < kpis.Count; i++)
        {
            if (!kpis[i].IsDueIn(month))
            {
                missing[i] = MissingFigure.None; // not due this month: nothing is missing
            }
        }

        var entered = scheme.Bonus is EnteredBonusRule ? enteredBonus : 0m;
        var pay = PayCalculator.Calculate(scheme, completions, entered, month).GetValueOrThrow();
        var variableShare = scheme.ProrateVariable ? worked.Share : 1m;
        var lines = new KpiExplanation[kpis.Count];
        for (var i = 0; i < kpis.Count; i++)
        {
            var kpi = kpis[i];
            var line = pay.Kpis[i];
            var band = kpi.Scale.Bands[line.BandIndex];
            lines[i] = new KpiExplanation(
                Schemes.SchemeKeys.KeyOf(kpi.KpiCode, kpi.Name), kpi.Name, kpi.Weight, kpi.Measurement, kpi.Direction,
                figures[i].Plan, figures[i].Fact, missing[i],
                line.NotDue || line.Completion.IsPositiveInfinity ? null : line.Completion.Value, !line.NotDue && line.Completion.IsPositiveInfinity,
                line.BandIndex, band.From, band.To, line.BandLabel, line.Coefficient, line.Capped,
                line.WeightedCoefficient, line.Contribution * variableShare, line.GateFailed)
            {
                Base = kpi.Measurement == Measurement.Growth ? figures[i].Base : null,
                BaseKind = kpi.Base?.Kind,
                OneOff = kpi.OneOff,
                NotDue = line.NotDue,
                Parts = kpi.Parts.Count == 0 ? null : kpi.Parts
                    .Select(p => new IndexPartExplanation(p.Kpi, p.Weight,
                        missing[p.Index] == MissingFigure.None ? AggregatePartSpec.Counted(completions[p.Index]).Value : null))
                    .ToArray(),
            };
        }

        var fixedPart = Money.Round(scheme.Fixed * worked.Share);
        var variable = pay.Gated ? 0m : pay.VariableOf(scheme.PlannedVariable * variableShare);
        return new PayExplanation(
            scheme.Fixed, scheme.PlannedVariable, worked, scheme.ProrateVariable, lines, pay.WeightedSum,
            fixedPart, variable, pay.Bonus, pay.ThresholdBonusPaid, pay.Gated, fixedPart + variable + pay.Bonus)
        {
            EnteredBonus = entered,
            NotDueWeight = 100m - pay.DueWeight,
        };
    }
}

/// <summary>
/// Every rouble of a pay line explained: the scheme's amounts, the time worked, and per KPI the plan, fact,
/// completion, band, coefficient, weight and contribution. Stored with the pay line as it was calculated.
/// </summary>
public sealed record PayExplanation(
    decimal SchemeFixed,
    decimal PlannedVariable,
    WorkedTime Worked,
    bool VariableProrated,
    IReadOnlyList<KpiExplanation> Kpis,
    decimal WeightedSum,
    decimal Fixed,
    decimal Variable,
    decimal Bonus,
    bool ThresholdBonusPaid,
    bool Gated,
    decimal Total)
{
    /// <summary>The part of <see cref="Bonus"/> HR entered for the month (0 unless the scheme's rule is "entered per period").</summary>
    public decimal EnteredBonus { get; init; }

    /// <summary>
    /// The weight, percent, of the one-off KPIs not due this month (0 when every KPI is due); the due KPIs' weights then
    /// count in proportion: <see cref="WeightedSum"/> = Σ_due(weight × coefficient) / (100 − this).
    /// </summary>
    public decimal NotDueWeight { get; init; }

    /// <summary>True when any KPI lacked its plan or fact (counted as 0 %).</summary>
    public bool HasMissingFigures => Kpis.Any(k => k.Missing != MissingFigure.None);
}

/// <summary>How one KPI made its part of the variable pay.</summary>
/// <param name="Key">The KPI's key in plans and facts (catalogue code, or name).</param>
/// <param name="CompletionPercent">The exact completion (or raw value); null when infinite (plan 0 of a lower-is-better KPI).</param>
/// <param name="Contribution">Planned variable × weight × coefficient (× share if the variable part is prorated), exact; 0 when gated.</param>
public sealed record KpiExplanation(
    string Key,
    string Name,
    decimal Weight,
    Measurement Measurement,
    Direction Direction,
    decimal? Plan,
    decimal? Fact,
    MissingFigure Missing,
    decimal? CompletionPercent,
    bool CompletionInfinite,
    int BandIndex,
    decimal BandFrom,
    decimal? BandTo,
    string? BandLabel,
    decimal Coefficient,
    bool Capped,
    decimal WeightedCoefficient,
    decimal Contribution,
    bool GateFailed)
{
    /// <summary>A growth KPI's base value (the fact of its base month, or the scheme's fixed base); null otherwise.</summary>
    public decimal? Base { get; init; }

    /// <summary>Where a growth KPI's base came from; null for the other measurements.</summary>
    public GrowthBaseKind? BaseKind { get; init; }

    /// <summary>An aggregated KPI's parts as they counted in its index; null for the other measurements.</summary>
    public IReadOnlyList<IndexPartExplanation>? Parts { get; init; }

    /// <summary>A one-off KPI's own dates; null for a KPI measured every month.</summary>
    public OneOffPeriod? OneOff { get; init; }

    /// <summary>True when this one-off KPI is not due in the month of the line (measured and paid in another).</summary>
    public bool NotDue { get; init; }
}

/// <summary>One part of an aggregated KPI on a pay line: its KPI, weight in the index and completion as counted (0–200 %;
/// null when it lacked a figure).</summary>
public sealed record IndexPartExplanation(string Kpi, decimal Weight, decimal? CountedPercent);
