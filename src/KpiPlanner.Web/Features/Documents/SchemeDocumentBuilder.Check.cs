using System.Globalization;
using KpiPlanner.Domain.Check;
using KpiPlanner.Domain.Kpis;
using KpiPlanner.Domain.Scales;
using KpiPlanner.Domain.Schemes;
using KpiPlanner.Web.Localization;
using KpiPlanner.Infrastructure.Pdf;

namespace KpiPlanner.Web.Features.Documents;

/// <summary>The document's pay formula, the check of every outcome (table 6's matrix for two KPIs), the signatures and the document's number formats.</summary>
public static partial class SchemeDocumentBuilder
{
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
