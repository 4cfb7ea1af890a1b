using System.Globalization;
using KpiPlanner.Domain.Check;
using KpiPlanner.Domain.Kpis;
using KpiPlanner.Domain.Scales;
using KpiPlanner.Domain.Schemes;
using KpiPlanner.Web.Localization;
using KpiPlanner.Infrastructure.Pdf;

namespace KpiPlanner.Web.Features.Documents;

/// <summary>
/// Lays out the employee's motivation scheme document (article, table 7 and step 8) as an A4 PDF in Russian or English:
/// the employee and position; the fixed part, planned variable part and bonus; the KPIs with weights, measurement and
/// gates; each scale with its bands, coefficients and meanings; the pay formula in words and in symbols; the check
/// (minimum, plan, maximum and, for two KPIs, the whole matrix of table 6); and the lines to sign.
/// Numbers, money and dates follow <c>culture</c>. Pure: a model in, bytes out, no database and no web host.
/// </summary>
public static class SchemeDocumentBuilder
{
    private const double BodySize = 9.5;

    public static byte[] Build(SchemeDocumentModel model, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(culture);
        var t = new DocumentText(culture);
        var f = new Figures(culture);

        var document = new PdfWriter
        {
            Title = $"{t["Doc.Title"]}: {model.EmployeeFullName}, {Formats.Month(model.Month, culture)}",
            Subject = model.SchemeName,
            Author = model.CompanyName,
            Created = new DateTimeOffset(model.IssuedOn.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
        };

        using var layout = new PdfLayout(document, BodySize);
        Title(layout, model, t, f);
        EmployeeSection(layout, model, t, f);
        PaySection(layout, model, t, f);
        KpiSection(layout, model, t, f);
        ScalesSection(layout, model.Scheme, t, f);
        FormulaSection(layout, model.Scheme, t, f);
        CheckSection(layout, model.Scheme, model.Check, t, f);
        Signatures(layout, model, t);
        layout.Finish(
            t.Format("Doc.Footer.Issued", ("date", f.Date(model.IssuedOn))) + " · " + model.EmployeeFullName + " · " + model.PersonnelNumber,
            (page, pages) => t.Format("Doc.Footer.Page", ("page", page.ToString(culture)), ("pages", pages.ToString(culture))));

        return document.ToArray();
    }

    private static void Title(PdfLayout layout, SchemeDocumentModel model, DocumentText t, Figures f)
    {
        if (!string.IsNullOrWhiteSpace(model.CompanyName))
        {
            layout.Paragraph(model.CompanyName, PdfLayout.Font(11, bold: true), PdfLayout.Muted, center: true, after: 6);
        }

        layout.Paragraph(t["Doc.Title"], PdfLayout.Font(17, bold: true), PdfLayout.Accent, center: true, after: 2);
        layout.Paragraph(t.Format("Doc.ForMonth", ("month", Formats.Month(model.Month, f.Culture))), PdfLayout.Font(11), PdfLayout.Ink, center: true, after: 10);
    }

    /// <summary>A section heading, kept on one page with <paramref name="following"/> points of what comes next (about four lines by default).</summary>
    private static void Heading(PdfLayout layout, string text, double? following = null)
    {
        var font = PdfLayout.Font(11.5, bold: true);
        layout.KeepTogether(PdfLayout.LineHeight(font) + 10 + (following ?? 4 * PdfLayout.LineHeight(layout.Body)));
        layout.Space(4);
        layout.Paragraph(text, font, PdfLayout.Accent, after: 4);
    }

    private static PdfCell Label(string text) => new(text, Fill: PdfLayout.LabelFill);

    private static void EmployeeSection(PdfLayout layout, SchemeDocumentModel model, DocumentText t, Figures f)
    {
        Heading(layout, t["Doc.Section.Employee"]);
        var rows = new List<IReadOnlyList<PdfCell>>();
        if (!string.IsNullOrWhiteSpace(model.CompanyName))
        {
            rows.Add([Label(t["Doc.Company"]), model.CompanyName]);
        }

        rows.Add([Label(t["Doc.Employee"]), new PdfCell(model.EmployeeFullName, Bold: true)]);
        rows.Add([Label(t["Doc.PersonnelNumber"]), model.PersonnelNumber]);
        rows.Add([Label(t["Doc.Department"]), model.Department]);
        rows.Add([Label(t["Doc.Position"]), model.Position]);
        rows.Add([Label(t["Doc.Scheme"]), model.SchemeName]);
        rows.Add([Label(t["Doc.EffectiveFrom"]), f.Date(model.EffectiveFrom)]);
        rows.Add([Label(t["Doc.Month"]), Formats.Month(model.Month, f.Culture)]);
        layout.Table([new PdfColumn(36), new PdfColumn(64)], null, rows);
    }

    private static void PaySection(PdfLayout layout, SchemeDocumentModel model, DocumentText t, Figures f)
    {
        var scheme = model.Scheme;
        Heading(layout, t["Doc.Section.Pay"]);
        var rows = new List<IReadOnlyList<PdfCell>>
        {
            new PdfCell[] { Label(t["Doc.Fixed"]), f.Money(scheme.Fixed) },
            new PdfCell[] { Label(t["Doc.PlannedVariable"]), f.Money(scheme.PlannedVariable) },
            new PdfCell[] { Label(t["Doc.TargetPay"]), new(f.Money(scheme.TargetPay), Bold: true) },
        };
        if (scheme.TargetPay > 0)
        {
            var fixedShare = Math.Round(scheme.Fixed * 100m / scheme.TargetPay, 1, MidpointRounding.AwayFromZero);
            rows.Add([Label(t["Doc.Split"]), f.Percent(fixedShare) + " / " + f.Percent(100m - fixedShare)]);
        }

        rows.Add([Label(t["Doc.Bonus"]), BonusText(scheme, t, f)]);
        layout.Table([new PdfColumn(58), new PdfColumn(42)], null, rows);
    }

    private static string BonusText(MotivationScheme scheme, DocumentText t, Figures f) => scheme.Bonus switch
    {
        ThresholdBonusRule rule => t.Format("Doc.Bonus.Threshold",
            ("amount", f.Money(rule.Amount)),
            ("kpi", rule.KpiName.Trim()),
            ("condition", Condition(scheme.Kpis.FirstOrDefault(k => string.Equals(k.Name, rule.KpiName.Trim(), StringComparison.OrdinalIgnoreCase)), rule.Threshold, t, f))),
        EnteredBonusRule => t["Doc.Bonus.Entered"],
        _ => t["Doc.Bonus.None"],
    };

    /// <summary>"at least 90 %" — or, for a lower-is-better raw value (days late), "at most 2" (as <see cref="SchemeKpi.Reaches"/>).</summary>
    private static string Condition(SchemeKpi? kpi, decimal threshold, DocumentText t, Figures f)
    {
        if (kpi is { Measurement: Measurement.RawValue })
        {
            return kpi.Direction == Direction.LowerIsBetter
                ? t.Format("Doc.AtMost", ("value", f.Plain(threshold)))
                : t.Format("Doc.AtLeast", ("value", f.Plain(threshold)));
        }

        return t.Format("Doc.AtLeast", ("value", f.Percent(threshold)));
    }

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

    private static void FormulaSection(PdfLayout layout, MotivationScheme scheme, DocumentText t, Figures f)
    {
        Heading(layout, t["Doc.Section.Formula"]);
        layout.Paragraph(t["Doc.Formula.Words"], layout.Bold, after: 2);
        layout.Paragraph(t["Doc.Formula.Variable"], after: 6);

        var terms = string.Join(" + ", scheme.Kpis.Select((k, i) => $"{f.Percent(k.Weight)} × K{(i + 1).ToString(CultureInfo.InvariantCulture)}"));
        var bonus = scheme.Bonus is null ? string.Empty : " + " + t["Doc.Formula.BonusSymbol"];
        var symbols = $"{t["Doc.Formula.PaySymbol"]} = {f.Money(scheme.Fixed)} + {f.Money(scheme.PlannedVariable)} × ({terms}){bonus}";
        layout.Paragraph(t["Doc.Formula.ForScheme"], after: 2);
        layout.Paragraph(symbols, PdfLayout.Font(10.5, bold: true), PdfLayout.Accent, indent: 12, after: 4);
        for (var i = 0; i < scheme.Kpis.Count; i++)
        {
            layout.Paragraph(t.Format("Doc.Formula.Coefficient", ("n", (i + 1).ToString(CultureInfo.InvariantCulture)), ("kpi", scheme.Kpis[i].Name)), indent: 12, after: 1);
        }

        if (scheme.Bonus is not null)
        {
            layout.Paragraph(t["Doc.Formula.BonusLegend"], indent: 12, after: 1);
        }

        layout.Space(4);
        foreach (var kpi in scheme.Kpis.Where(k => k.Gate is not null))
        {
            layout.Paragraph(t.Format("Doc.Formula.Gate", ("kpi", kpi.Name), ("condition", Condition(kpi, kpi.Gate!.Value, t, f))), after: 2);
        }

        layout.Paragraph(t["Doc.Formula.Rounding"], layout.Small, PdfLayout.Muted, after: 6);
    }

    private static void CheckSection(PdfLayout layout, MotivationScheme scheme, CheckResult? check, DocumentText t, Figures f)
    {
        Heading(layout, t["Doc.Section.Check"]);
        if (check is null)
        {
            layout.Paragraph(t["Doc.Check.Unavailable"], after: 8);
            return;
        }

        layout.Paragraph(t.Format("Doc.Check.Intro", ("count", check.Outcomes.Count.ToString("N0", f.Culture))), after: 4);
        string Coefficients(CheckOutcome o) =>
            string.Join("; ", o.Coefficients.Select((c, i) => $"K{(i + 1).ToString(CultureInfo.InvariantCulture)} = {f.Plain(c)}"));
        IReadOnlyList<PdfCell> Row(string name, CheckOutcome o) =>
            [Label(name), Coefficients(o), f.Money(o.Variable) + (o.Gated ? "*" : string.Empty), new PdfCell(f.Money(o.Total), Bold: true)];
        layout.Table(
            [new PdfColumn(30), new PdfColumn(28), new PdfColumn(20, Right: true), new PdfColumn(22, Right: true)],
            [t["Doc.Check.Case"], t["Doc.Check.Coefficients"], t["Doc.Check.Variable"], t["Doc.Check.Total"]],
            [Row(t["Doc.Check.Min"], check.MinOutcome), Row(t["Doc.Check.Plan"], check.PlanOutcome), Row(t["Doc.Check.Max"], check.MaxOutcome)]);

        if (scheme.Kpis.Count == 2)
        {
            Matrix(layout, scheme, check, t, f);
        }

        if (check.Outcomes.Any(o => o.Gated))
        {
            layout.Paragraph(t["Doc.Check.Gated"], layout.Small, PdfLayout.Muted, after: 6);
        }
    }

    /// <summary>The article's table 6: rows are KPI1's bands, columns KPI2's, each cell the pay.</summary>
    private static void Matrix(PdfLayout layout, MotivationScheme scheme, CheckResult check, DocumentText t, Figures f)
    {
        var first = scheme.Kpis[0];
        var second = scheme.Kpis[1];
        var caption = t.Format("Doc.Check.Matrix", ("kpi1", first.Name), ("kpi2", second.Name));
        var columns = new List<PdfColumn> { new(26) };
        columns.AddRange(second.Scale.Bands.Select(_ => new PdfColumn(74.0 / second.Scale.Bands.Count, Right: true)));
        var header = new List<PdfCell> { "K1 \\ K2" };
        header.AddRange(second.Scale.Bands.Select((_, b) => new PdfCell(
            "K2 = " + f.Plain(check.Outcome(0, b).Coefficients[1]) + "\n" + Range(second.Scale, b, t, f), Bold: true)));
        var rows = new List<IReadOnlyList<PdfCell>>();
        for (var a = 0; a < first.Scale.Bands.Count; a++)
        {
            var row = new List<PdfCell>
            {
                new("K1 = " + f.Plain(check.Outcome(a, 0).Coefficients[0]) + "\n" + Range(first.Scale, a, t, f), Bold: true, Fill: PdfLayout.HeaderFill),
            };
            for (var b = 0; b < second.Scale.Bands.Count; b++)
            {
                var outcome = check.Outcome(a, b);
                var isPlan = ReferenceEquals(outcome, check.PlanOutcome);
                row.Add(new PdfCell(f.Money(outcome.Total) + (outcome.Gated ? "*" : string.Empty), Bold: isPlan, Fill: isPlan ? PdfLayout.LabelFill : null));
            }

            rows.Add(row);
        }

        var small = layout.Small;
        layout.KeepTogether(layout.ParagraphHeight(caption, layout.Body) + 3 + layout.TableHeight(columns, header, rows, small));
        layout.Paragraph(caption, after: 3);
        layout.Table(columns, header, rows, small, after: 6);
    }

    private static void Signatures(PdfLayout layout, SchemeDocumentModel model, DocumentText t)
    {
        const double rowHeight = 40;
        var intro = t["Doc.Sign.Intro"];
        var headingFont = PdfLayout.Font(11.5, bold: true);
        layout.KeepTogether(PdfLayout.LineHeight(headingFont) + 14 + layout.ParagraphHeight(intro, layout.Body) + 10 + (3 * rowHeight));
        Heading(layout, t["Doc.Section.Signatures"]);
        layout.Paragraph(intro, after: 12);

        var signers = new (string Role, string? Name)[]
        {
            (t["Doc.Sign.Employee"], model.EmployeeFullName),
            (t["Doc.Sign.Head"], model.HeadName),
            (t["Doc.Sign.Hr"], null),
        };
        var width = layout.Width;
        // role | signature | / | full name | / | date
        double[] widths = [width * 0.29, width * 0.19, width * 0.03, width * 0.29, width * 0.03, width * 0.17];
        foreach (var (role, name) in signers)
        {
            var y = layout.Y + 14;
            var x = layout.Left;
            layout.Text(role + ":", layout.Body, PdfLayout.Ink, x, y - PdfLayout.LineHeight(layout.Body) + 2, widths[0]);
            x += widths[0];
            Blank(layout, x, y, widths[1], t["Doc.Sign.Signature"]);
            x += widths[1];
            layout.Text("/", layout.Body, PdfLayout.Ink, x, y - PdfLayout.LineHeight(layout.Body) + 2, widths[2], TextAlign.Center);
            x += widths[2];
            if (name is not null)
            {
                layout.Text(name, layout.Body, PdfLayout.Ink, x, y - PdfLayout.LineHeight(layout.Body) + 1, widths[3], TextAlign.Center);
            }

            Blank(layout, x, y, widths[3], t["Doc.Sign.Name"]);
            x += widths[3];
            layout.Text("/", layout.Body, PdfLayout.Ink, x, y - PdfLayout.LineHeight(layout.Body) + 2, widths[4], TextAlign.Center);
            x += widths[4];
            Blank(layout, x, y, widths[5], t["Doc.Sign.Date"]);
            layout.Y += rowHeight;
        }
    }

    /// <summary>A line to write on, with its caption ("signature") beneath.</summary>
    private static void Blank(PdfLayout layout, double x, double y, double width, string caption)
    {
        layout.Line(x + 4, y, width - 8);
        layout.Text(caption, layout.Small, PdfLayout.Muted, x, y + 1.5, width, TextAlign.Center);
    }

    /// <summary>Money, percents, numbers and dates in the document's culture (<see cref="Formats"/>).</summary>
    internal sealed class Figures(CultureInfo culture)
    {
        public CultureInfo Culture { get; } = culture;

        public string Money(decimal amount) => Formats.Money(amount, Culture);

        /// <summary>Percent points with up to two decimals: <c>50 %</c>, <c>94,29 %</c> / <c>50%</c>.</summary>
        public string Percent(decimal percentPoints) => (percentPoints / 100m).ToString("#,0.##%", Culture);

        public string Plain(decimal value) => Formats.Plain(value, 4, Culture);

        public string Date(DateOnly date) => Formats.Date(date, Culture);
    }
}
