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
public static partial class SchemeDocumentBuilder
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
}
