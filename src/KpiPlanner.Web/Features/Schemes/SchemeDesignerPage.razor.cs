using System.Globalization;
using KpiPlanner.Domain;
using KpiPlanner.Domain.Check;
using KpiPlanner.Domain.Kpis;
using KpiPlanner.Domain.Pay;
using KpiPlanner.Domain.Schemes;
using KpiPlanner.Domain.Validation;
using KpiPlanner.Web.Components.Shared;
using KpiPlanner.Web.Features.Scales;
using KpiPlanner.Web.Localization;
using KpiPlanner.Web.Security;
using KpiPlanner.Web.Validation;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.Localization;
using Microsoft.JSInterop;
using MudBlazor;
using KpiDirection = KpiPlanner.Domain.Kpis.Direction;

namespace KpiPlanner.Web.Features.Schemes;

/// <summary>
/// The scheme designer (<c>/schemes/{position}</c>): HR edits a position's scheme with a live preview and the check of
/// every outcome; the service (<see cref="SchemesService"/>) validates and saves. The markup is in SchemeDesignerPage.razor.
/// </summary>
public partial class SchemeDesignerPage
{
    [Parameter]
    public int PositionId { get; set; }

    private SchemeEditModel? model;
    private MudAutocomplete<KpiDefinition> catalog = default!;
    private bool notFound;
    private bool saving;
    private bool conflict;
    private IReadOnlyList<SchemeVersionRow> versions = [];
    private IReadOnlyList<ScaleRow> scales = [];
    private readonly FieldErrors saveErrors = new();
    private int focusRequest;
    private List<BreadcrumbItem> breadcrumbs = [];

    /// <summary>Everything the page shows that follows from the model, recomputed on every render (a few ms).</summary>
    private sealed record Analysis(IReadOnlyList<DomainError> Errors, IReadOnlyList<DomainError> Warnings, MotivationScheme? Scheme,
        PayResult? Pay, IReadOnlyList<DomainError> PreviewErrors, CheckResult? Check)
    {
        public IEnumerable<DomainError> ErrorsUnder(string prefix) => Errors.Where(e => e.Path.StartsWith(prefix, StringComparison.Ordinal));
    }

    /// <summary>The form as loaded or last saved: leaving with anything else asks first.</summary>
    private string saved = string.Empty;

    protected override async Task OnParametersSetAsync()
    {
        scales = await ScaleLibrary.ListAsync(await CurrentUser.GetAsync());
        await ReloadAsync();
    }

    private async Task ReloadAsync(int? versionId = null)
    {
        conflict = false;
        saveErrors.Clear();
        model = await Schemes.GetAsync(await CurrentUser.GetAsync(), PositionId, versionId ?? model?.VersionId);
        saved = FormFingerprint.Of(model);
        notFound = model is null;
        versions = await Schemes.VersionsAsync(await CurrentUser.GetAsync(), PositionId);
        breadcrumbs = [new(L["Schemes.Title"], "/schemes"), new(model?.PositionName ?? string.Empty, null, disabled: true)];
    }

    private Task OpenVersionAsync(int? versionId) => ReloadAsync(versionId);

    private Analysis Analyze()
    {
        var spec = model!.ToSpec();
        var errors = new List<DomainError>(spec.Validate());
        if (string.IsNullOrWhiteSpace(model.Name))
        {
            errors.Add(DomainErrors.Create(DomainErrors.NameRequired, "name"));
        }

        var created = MotivationScheme.Create(spec);
        if (!created.IsValid)
        {
            return new Analysis(errors, spec.Warnings(), null, null, [], null);
        }

        var scheme = created.Value!;
        var inputs = model.Kpis.Select(k => k.Measurement switch
        {
            Measurement.Growth => new KpiResultInput(k.PreviewPlan, k.PreviewFact) { Base = k.BaseKind == GrowthBaseKind.Fixed ? k.BaseValue : k.PreviewBase },
            Measurement.Aggregate => new KpiResultInput(null, null), // measured from its parts' previews
            _ => new KpiResultInput(k.PreviewPlan, k.PreviewFact),
        }).ToList();
        var pay = PayCalculator.Calculate(scheme, inputs, model.BonusKind == BonusKind.EnteredPerPeriod ? model.PreviewBonus : 0m);
        var check = SchemeCheck.Run(scheme);
        return new Analysis(errors, scheme.Warnings, scheme, pay.IsValid ? pay.Value : null, pay.Errors, check.IsValid ? check.Value : null);
    }

    private bool Has(Analysis a, string path) => For(a, path) is not null;

    private string? For(Analysis a, string path) =>
        saveErrors.For(path) ?? a.Errors.Where(e => e.Path == path).Select(ErrorText.Message).FirstOrDefault();

    /// <summary>The inputs a KPI row has: an error of any other path under <c>kpis[i]</c> is said in the row itself.</summary>
    private static readonly string[] KpiInputs = ["name", "weight", "gate"];

    /// <summary>The fields and lists of the form that show their own errors; anything else goes to the summary.</summary>
    private static bool Owns(string path) =>
        path is "name" or "effectiveFrom" or "fixed" or "plannedVariable" or "bonus.kpiName" or "bonus.threshold" or "bonus.amount" or "kpis"
        || path.StartsWith("kpis[", StringComparison.Ordinal);

    private IEnumerable<string> RowErrors(Analysis a, int i)
    {
        var prefix = $"kpis[{i}].";
        bool InRow(string path) => path.StartsWith(prefix, StringComparison.Ordinal) && !KpiInputs.Contains(path[prefix.Length..], StringComparer.Ordinal);
        return a.Errors.Where(e => InRow(e.Path)).Select(ErrorText.Message)
            .Concat(saveErrors.Under(prefix).Where(e => InRow(e.Path)).Select(e => e.Message))
            .Distinct(StringComparer.Ordinal);
    }

    private string ScaleSummary(SchemeKpiRow kpi) =>
        string.Join("; ", kpi.Scale.Bands.Select(b => $"{Formats.Plain(b.From)}% → {Formats.Plain(b.Coefficient)}{(b.CoefficientTo is { } e ? "→" + Formats.Plain(e) : "")}"))
        + (kpi.Scale.Cap is { } cap ? " · " + L["Scales.CapShort", Formats.Plain(cap)] : "");

    private void UseScale(SchemeKpiRow kpi, int? scaleId)
    {
        if (scales.FirstOrDefault(s => s.Id == scaleId) is { } scale)
        {
            kpi.Scale = scale.Spec;
            kpi.ScaleName = scale.Name;
        }
    }

    private Task<IEnumerable<KpiDefinition>> SearchCatalog(string? text, CancellationToken cancellationToken)
    {
        var culture = CultureInfo.CurrentUICulture;
        var all = KpiCatalog.Templates.Where(t => t.Measurement is Measurement.Ratio or Measurement.Growth or Measurement.Aggregate);
        return Task.FromResult(string.IsNullOrWhiteSpace(text)
            ? all
            : all.Where(t => t.Name.For(culture).Contains(text, StringComparison.CurrentCultureIgnoreCase)));
    }

    private async Task AddFromCatalogAsync(KpiDefinition? template)
    {
        if (template is null)
        {
            return;
        }

        await catalog.ClearAsync();
        await catalog.CloseMenuAsync(); // the list must not stay open over the KPI rows (it did, now and then, after a choice)

        var row = NewRow();
        row.Name = template.Name.For(CultureInfo.CurrentUICulture);
        row.KpiCode = template.Code;
        row.Direction = template.Direction;
        row.Measurement = template.Measurement;
        row.Aggregation = template.Aggregation;
        if (template.Measurement == Measurement.Growth)
        {
            row.PreviewPlan = 110m; // base 100, plan +10 %: a preview that shows growth, not a plan equal to its base
        }
        model!.Kpis.Add(row);
    }

    private void AddEmpty() => model!.Kpis.Add(NewRow());

    private SchemeKpiRow NewRow()
    {
        var remaining = Math.Max(0m, 100m - model!.WeightSum);
        var row = new SchemeKpiRow { Weight = remaining };
        if (scales.Count > 0)
        {
            row.Scale = scales[0].Spec;
            row.ScaleName = scales[0].Name;
        }

        return row;
    }

    private async Task SaveAsync(bool asNewVersion)
    {
        saving = true;
        var user = await CurrentUser.GetAsync();
        var result = await Schemes.SaveAsync(await CurrentUser.GetAsync(), model!, asNewVersion, user.Email);
        saving = false;
        saveErrors.Clear();
        conflict = result.Conflict;
        if (result.Succeeded)
        {
            saved = FormFingerprint.Of(model);
            Snackbar.Add(L["Schemes.Saved"], Severity.Success);
            versions = await Schemes.VersionsAsync(await CurrentUser.GetAsync(), PositionId);
            return;
        }

        // Each message under the field (or in the KPI's row) it is about; the view scrolls to the first of them.
        // A refusal about the date or the name goes once that value is changed; the rules of the KPIs are checked live anyway.
        saveErrors.Set(result.Errors.Select(e => (e.Path, ErrorText.Message(e))), Owns,
            path => path switch { "effectiveFrom" => model!.EffectiveFrom, "name" => model!.Name, _ => null });
        if (saveErrors.Any)
        {
            focusRequest++;
        }
    }
}
