using System.Globalization;
using KpiPlanner.Domain.Check;
using KpiPlanner.Domain.Kpis;
using KpiPlanner.Domain.Scales;
using KpiPlanner.Domain.Schemes;
using KpiPlanner.Web.Localization;
using KpiPlanner.Infrastructure.Pdf;

namespace KpiPlanner.Web.Features.Documents;

/// <summary>The document's KPI table (weights, the month's plans, how each is measured, gates) and its scales.</summary>
public static partial class SchemeDocumentBuilder
{
    private static void KpiSection(PdfLayout layout, SchemeDocumentModel model, DocumentText t, Figures f)
    {
        var scheme = model.Scheme;
        Heading(layout, t["Doc.Section.Kpis"]);
        var rows = new List<IReadOnlyList<PdfCell>>();
        for (var i = 0; i < scheme.Kpis.Count; i++)
        {
            var kpi = scheme.Kpis[i];
            rows.Add(
            [
                (i + 1).ToString(f.Culture),
                $"KPI{(i + 1).ToString(CultureInfo.InvariantCulture)}. {kpi.Name}",
                f.Plain(kpi.Weight),
                PlanText(kpi, i < model.Plans.Count ? model.Plans[i] : null, model.Month, t, f),
                HowMeasured(kpi, t, f),
                kpi.Gate is { } gate ? Condition(kpi, gate, t, f) : t["Doc.Kpi.NoGate"],
            ]);
        }

        rows.Add([string.Empty, new PdfCell(t["Doc.Kpi.Total"], Bold: true), new PdfCell(f.Plain(scheme.Kpis.Sum(k => k.Weight)), Bold: true), string.Empty, string.Empty, string.Empty]);
        layout.Table(
            [new PdfColumn(5), new PdfColumn(32), new PdfColumn(8, Right: true), new PdfColumn(15, Right: true), new PdfColumn(27), new PdfColumn(13)],
            [t["Doc.Kpi.Number"], t["Doc.Kpi.Name"], t["Doc.Kpi.Weight"], t.Format("Doc.Kpi.Plan", ("month", Formats.Month(model.Month, f.Culture))),
                t["Doc.Kpi.Measurement"], t["Doc.Kpi.Gate"]],
            rows);
        if (scheme.Kpis.Any(k => k.Gate is not null))
        {
            layout.Paragraph(t["Doc.Kpi.GateNote"], layout.Small, PdfLayout.Muted, after: 6);
        }
    }

    /// <summary>
    /// The KPI's plan for the document's month in its unit («310 500 ₽», «4 мин», «12 %»): «из частей» for an index,
    /// «за март 2027» for a one-off KPI due another month, «не задан» until the manager sets it.
    /// </summary>
    private static string PlanText(SchemeKpi kpi, decimal? plan, DateOnly month, DocumentText t, Figures f)
    {
        if (kpi.Measurement == Measurement.Aggregate)
        {
            return t["Doc.Plan.Index"];
        }

        if (kpi.OneOff is { } oneOff && !oneOff.IsDueIn(month))
        {
            return t.Format("Doc.Plan.NotDue", ("month", Formats.Month(oneOff.DueMonth, f.Culture)));
        }

        if (plan is not { } value)
        {
            return t["Doc.Plan.None"];
        }

        var shown = f.Plain(value);
        return KpiCatalog.Find(SchemeKeys.KeyOf(kpi.KpiCode, kpi.Name))?.Unit switch
        {
            KpiUnit.Money => value == decimal.Truncate(value) ? value.ToString("C0", f.Culture) : f.Money(value),
            KpiUnit.Percent => t.Format("Doc.Unit.Percent", ("value", shown)),
            KpiUnit.Days => t.Format("Doc.Unit.Days", ("value", shown)),
            KpiUnit.Hours => t.Format("Doc.Unit.Hours", ("value", shown)),
            KpiUnit.Minutes => t.Format("Doc.Unit.Minutes", ("value", shown)),
            _ => shown,
        };
    }

    private static string HowMeasured(SchemeKpi kpi, DocumentText t, Figures f)
    {
        var how = kpi.Measurement switch
        {
            Measurement.Ratio => kpi.Direction == Direction.HigherIsBetter ? t["Doc.Measure.Ratio.Higher"] : t["Doc.Measure.Ratio.Lower"],
            Measurement.Growth => t["Doc.Measure.Growth"],
            Measurement.Aggregate => t.Format("Doc.Measure.Aggregate", ("parts", string.Join(" + ", kpi.Parts.Select(p => $"«{p.Kpi}» {f.Plain(p.Weight)} %")))),
            Measurement.RawValue => t.Format("Doc.Measure.RawValue", ("plan", f.Plain(kpi.Scale.PlanPoint))),
            _ => throw new ArgumentOutOfRangeException(nameof(kpi), kpi.Measurement, null),
        };
        var oneOff = kpi.OneOff is { } period
            ? " " + t.Format("Doc.Measure.OneOff", ("dates", Formats.Dates(period, f.Culture)), ("month", Formats.Month(period.DueMonth, f.Culture)))
            : string.Empty;
        return how + " " + (kpi.Direction == Direction.HigherIsBetter ? t["Doc.Direction.Higher"] : t["Doc.Direction.Lower"]) + oneOff;
    }

    private static void ScalesSection(PdfLayout layout, MotivationScheme scheme, DocumentText t, Figures f)
    {
        // KPIs on the same bands share one table (the article's table 5 serves both of its KPIs).
        var groups = new List<(CoefficientScale Scale, List<int> Kpis)>();
        for (var i = 0; i < scheme.Kpis.Count; i++)
        {
            var scale = scheme.Kpis[i].Scale;
            var group = groups.FindIndex(g => SameScale(g.Scale, scale));
            if (group < 0)
            {
                groups.Add((scale, [i]));
            }
            else
            {
                groups[group].Kpis.Add(i);
            }
        }

        PdfColumn[] columns = [new(30), new(28, Right: true), new(42)];
        var first = true;
        foreach (var (scale, kpis) in groups)
        {
            var names = string.Join(", ", kpis.Select(i => $"KPI{(i + 1).ToString(CultureInfo.InvariantCulture)} «{scheme.Kpis[i].Name}»"));
            var caption = t.Format(kpis.Count == 1 ? "Doc.Scale.For" : "Doc.Scale.ForMany", ("kpis", names));
            PdfCell[] header = [t[scale.Kind == ScaleKind.Percent ? "Doc.Scale.Range" : "Doc.Scale.RangeRaw"], t["Doc.Scale.Coefficient"], t["Doc.Scale.Meaning"]];
            var rows = scale.Bands.Select((band, i) => (IReadOnlyList<PdfCell>)
            [
                Range(scale, i, t, f),
                Coefficient(band, t, f),
                BandLabel(band.Label, f.Culture),
            ]).ToList();

            // A scale's caption and table stay on one page (and the section's heading with the first of them).
            var height = layout.ParagraphHeight(caption, layout.Bold) + 3 + layout.TableHeight(columns, header, rows);
            if (first)
            {
                Heading(layout, t["Doc.Section.Scales"], height);
                first = false;
            }

            layout.KeepTogether(height);
            layout.Paragraph(caption, layout.Bold, after: 3);
            layout.Table(columns, header, rows, after: 2);
            if (scale.Cap is { } cap)
            {
                layout.Paragraph(t.Format("Doc.Scale.Cap", ("cap", f.Plain(cap))), layout.Small, PdfLayout.Ink, after: 2);
            }

            layout.Paragraph(t[scale.Kind == ScaleKind.Percent ? "Doc.Scale.Note" : "Doc.Scale.NoteRaw"], layout.Small, PdfLayout.Muted, after: 8);
        }
    }

    private static bool SameScale(CoefficientScale a, CoefficientScale b) =>
        a.Kind == b.Kind && a.Cap == b.Cap && a.PlanPoint == b.PlanPoint && a.Bands.SequenceEqual(b.Bands);

    /// <summary>
    /// A band as an interval of x, the exact completion: <c>x &lt; 50 %</c>, <c>50 % ≤ x &lt; 90 %</c>,
    /// <c>100 % &lt; x ≤ 120 %</c>, <c>x &gt; 120 %</c> — which side owns each boundary is exactly what the scale says.
    /// The lowest band also takes everything below its start, so it is written without a lower bound.
    /// </summary>
    internal static string Range(CoefficientScale scale, int index, DocumentText t, Figures f)
    {
        var bands = scale.Bands;
        if (bands.Count == 1)
        {
            return t["Doc.Scale.Any"];
        }

        var band = bands[index];
        string Value(decimal v) => scale.Kind == ScaleKind.Percent ? f.Percent(v) : f.Plain(v);
        var upper = band.To is { } to ? (band.ToInclusive ? "x ≤ " : "x < ") + Value(to) : null;
        if (index == 0)
        {
            return upper!;
        }

        var fromInclusive = !bands[index - 1].ToInclusive;
        if (upper is null)
        {
            return (fromInclusive ? "x ≥ " : "x > ") + Value(band.From);
        }

        return Value(band.From) + (fromInclusive ? " ≤ " : " < ") + upper;
    }

    private static string Coefficient(Band band, DocumentText t, Figures f) => band.CoefficientTo is { } end
        ? t.Format(end >= band.Coefficient ? "Doc.Scale.Linear" : "Doc.Scale.LinearDown", ("from", f.Plain(band.Coefficient)), ("to", f.Plain(end)))
        : f.Plain(band.Coefficient);

    /// <summary>A band's meaning as HR typed it; the article's preset meanings are shown in the document's language.</summary>
    internal static string BandLabel(string? label, CultureInfo culture)
    {
        if (string.IsNullOrWhiteSpace(label))
        {
            return "—";
        }

        var preset = ScalePresets.Table3Labels.FirstOrDefault(p =>
            string.Equals(p.Ru, label.Trim(), StringComparison.OrdinalIgnoreCase) || string.Equals(p.En, label.Trim(), StringComparison.OrdinalIgnoreCase));
        return preset?.For(culture) ?? label;
    }
}
