using System.Globalization;
using KpiPlanner.Domain.Payroll;
using KpiPlanner.Domain.Planning;
using KpiPlanner.Domain.Validation;
using KpiPlanner.Infrastructure.Payroll;
using KpiPlanner.Web.Localization;
using KpiPlanner.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;

namespace KpiPlanner.Web.Features.PayReview;

/// <summary>
/// HR's pay run of a month (<c>/pay</c>): calculate, review each person's line and its explanation, adjust, approve,
/// close. Every action goes through <see cref="PayReviewService"/>, which decides who may. The markup is in
/// PayReviewPage.razor.
/// </summary>
public partial class PayReviewPage
{

    private enum Panel
    {
        None,
        Close,
        Revoke,
        Reopen,
    }

    [Parameter]
    public string? MonthKey { get; set; }

    private PayReview? review;
    private LineDetail? detail;
    /// <summary>The caller as of now: read for every call, so rights taken away stop the next action.</summary>
    private Task<UserContext> Me() => CurrentUser.GetAsync();
    private bool interactive;
    private bool busy;
    private bool mayAdjust;
    private UserContext me = UserContext.Nobody;

    /// <summary>HR adjusts and enters bonuses on other people's lines, never on their own (the service refuses it too).</summary>
    private bool MayAdjustThis(LineDetail line) => me.MayAdjustPayOf(line.Row.EmployeeId);
    private Panel panel;
    private string? reason;
    private bool countMissingAsZero;
    private bool closeEarly;
    private KpiPlanner.Infrastructure.Payroll.MonthTimeLeft left = KpiPlanner.Infrastructure.Payroll.MonthTimeLeft.None;
    private IReadOnlyList<KpiPlanner.Infrastructure.Payroll.MissingFacts> missing = [];
    private readonly List<string> messages = [];
    private bool messagesAreErrors;

    /// <summary>The <see cref="messages"/> answer an action of the open explanation (an adjustment, a bonus): said there, under its row.</summary>
    private bool messagesInDetail;
    private ElementReference detailMessages;
    private bool revealMessages;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;
    private string? adjustAmount;
    private string? adjustReason;

    private DateOnly Month => Period.ParseMonth(MonthKey) ?? Period.FirstDay(DateOnly.FromDateTime(Time.GetLocalNow().Date)).AddMonths(-1);

    protected override async Task OnParametersSetAsync()
    {
        if (!RendererInfo.IsInteractive)
        {
            // Prerendered: the page's frame and a progress bar only. Its data is read once, by the circuit (issue 18:
            // it was read twice per visit, the second time within the first second anyway).
            return;
        }

        me = await Me();
        mayAdjust = PayReviewService.MayAdjust(me);
        (labelNumber, labelEmployee, labelKpis) = (P["Col.Number"], P["Col.Employee"], P["Col.Kpis"]);
        detail = null;
        panel = Panel.None;
        if (table is null)
        {
            PrefetchFirstPage(me);
        }

        await ReloadAsync(firstPage: true);
        if (review is not { Lines: > 0 })
        {
            prefetch = null; // no table to show it: a table shown after a calculation reads its page afresh
        }
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender && RendererInfo.IsInteractive)
        {
            interactive = true;
            StateHasChanged();
        }
    }

    /// <summary>The month's state and totals, the open explanation, and the table's page (the first, or the one shown).</summary>
    private async Task ReloadAsync(bool firstPage = false)
    {
        var tableShown = review is { Lines: > 0 } && table is not null;
        review = await Review.LoadAsync(await Me(), Month);
        if (detail is not null)
        {
            detail = await Review.DetailAsync(await Me(), Month, detail.Row.EmployeeId);
        }

        if (review is not { Lines: > 0 })
        {
            shownRows = null; // a table shown again later reads its first page when it first renders
        }
        else if (tableShown)
        {
            await ReloadTableAsync(firstPage);
        }
    }

    private void Go(DateOnly month) => Navigation.NavigateTo("/pay/" + Period.Key(month));

    private string ExportUrl(string format) => $"/api/periods/{Period.Key(review!.Month)}/payroll?format={format}";

    private Color StatusColor => review!.Status switch
    {
        PeriodStatus.Open => Color.Default,
        PeriodStatus.Calculated => Color.Info,
        PeriodStatus.Approved => Color.Success,
        _ => Color.Dark,
    };

    private string StatusIcon => review!.Status switch
    {
        PeriodStatus.Closed => Icons.Material.Filled.Lock,
        PeriodStatus.Approved => Icons.Material.Filled.Verified,
        PeriodStatus.Calculated => Icons.Material.Filled.Calculate,
        _ => Icons.Material.Filled.EditCalendar,
    };

    private string History()
    {
        var p = review!.Period;
        var parts = new List<string>();
        if (p?.CalculatedAt is { } calculated)
        {
            parts.Add(P["CalculatedBy", p.CalculatedBy ?? "—", Formats.DateTime(calculated)]);
        }

        if (p?.ApprovedAt is { } approved)
        {
            parts.Add(P["ApprovedBy", p.ApprovedBy ?? "—", Formats.DateTime(approved)]);
        }

        if (p?.ClosedAt is { } closed)
        {
            parts.Add(P["ClosedBy", p.ClosedBy ?? "—", Formats.DateTime(closed)]);
        }

        return string.Join(" · ", parts);
    }

    private static string AuditValues(KpiPlanner.Domain.Audit.AuditEntry a)
    {
        static string Amount(string? v) => v is not null && decimal.TryParse(v, NumberStyles.Number, CultureInfo.InvariantCulture, out var d) ? Formats.Money(d) : v ?? string.Empty;
        return a.Action is KpiPlanner.Domain.Audit.AuditAction.MissingFactsCountedAsZero or KpiPlanner.Domain.Audit.AuditAction.FourEyesWaived
                or KpiPlanner.Domain.Audit.AuditAction.ClosedBeforeMonthEnd ? a.NewValue ?? string.Empty
            : a.OldValue is null ? Amount(a.NewValue)
            : $"{Amount(a.OldValue)} → {Amount(a.NewValue)}";
    }

    private string FundHint(ReviewTotals t) => t.PlannedFund == 0 ? string.Empty : P["OfFundHint", Formats.Percent(t.Total * 100m / t.PlannedFund)];

    private string CompletionText(KpiExplanation k) => k.NotDue ? "—"
        : k.CompletionInfinite ? "∞"
        : k.CompletionPercent is not { } c ? "—"
        : k.Measurement == KpiPlanner.Domain.Kpis.Measurement.RawValue ? Formats.Plain(c)
        : Formats.Percent(c);

    private string BandText(KpiExplanation k)
    {
        if (k.NotDue)
        {
            return "—";
        }

        var range = k.BandTo is { } to ? $"{Formats.Plain(k.BandFrom)}–{Formats.Plain(to)}" : $"≥ {Formats.Plain(k.BandFrom)}";
        return string.IsNullOrWhiteSpace(k.BandLabel) ? range : $"{range}: {k.BandLabel}";
    }

    private string Formula(LineDetail d)
    {
        var e = d.Line.Explanation;
        var sum = string.Join(" + ", e.Kpis.Where(k => !k.NotDue).Select(k => $"{Formats.Weight(k.Weight)} × {Formats.Plain(k.Coefficient, 4)}"));
        if (e.NotDueWeight > 0m)
        {
            sum = $"({sum}) / {Formats.Weight(100m - e.NotDueWeight)}"; // the due KPIs' weights count in proportion
        }

        return P["FormulaLine", Formats.Money(e.Fixed), Formats.Money(e.PlannedVariable), sum, Formats.Money(e.Variable), Formats.Money(e.Bonus),
            Formats.Money(d.Row.Line.Adjustments), Formats.Money(d.Row.Total)];
    }

    private string? bonusAmount;

    /// <summary>An amount that is not a number: said under the form in the explanation, in view.</summary>
    private void AmountInvalid()
    {
        messagesAreErrors = true;
        messagesInDetail = true;
        revealMessages = true;
        messages.Clear();
        messages.Add(P["AdjustAmountInvalid"]);
    }

    private Task SetBonusAsync()
    {
        if (!Formats.TryParseDecimal(bonusAmount, out var amount) || amount is null)
        {
            AmountInvalid();
            return Task.CompletedTask;
        }

        var employeeId = detail!.Row.EmployeeId;
        return RunAsync(async () => await Review.SetBonusAsync(await Me(), Month, employeeId, amount.Value), () => P["EnteredBonusSaved"], inDetail: true);
    }

    /// <summary>The explanation under the clicked row: focused once shown, which brings it into view.</summary>
    private ElementReference detailPanel;
    private bool revealDetail;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (revealDetail && detail is not null && detailPanel.Context is not null)
        {
            revealDetail = false;
            await detailPanel.FocusAsync(preventScroll: false);
        }

        if (revealMessages && messagesInDetail && detailMessages.Context is not null)
        {
            revealMessages = false;
            await JS.InvokeVoidAsync("kpiForms.reveal", detailMessages);
        }
    }

    private async Task SelectAsync(ReviewRow row)
    {
        detail = await Review.DetailAsync(await Me(), Month, row.EmployeeId);
        revealDetail = detail is not null;
        if (messagesInDetail)
        {
            messages.Clear(); // the answer to the last person's adjustment goes with their explanation
            messagesInDetail = false;
        }

        bonusAmount = detail?.EnteredBonus is { } b ? Formats.Plain(b) : null;
        adjustAmount = null;
        adjustReason = null;
    }

    private async Task OpenPanel(Panel which)
    {
        panel = which;
        reason = null;
        countMissingAsZero = false;
        closeEarly = false;
        missing = which == Panel.Close ? await Review.MissingFactsAsync(await Me(), Month) : [];
        left = which == Panel.Close ? await Review.TimeLeftAsync(await Me(), Month) : KpiPlanner.Infrastructure.Payroll.MonthTimeLeft.None;
    }

    private async Task RunAsync(Func<Task<IReadOnlyList<DomainError>>> action, Func<string> success, bool inDetail = false)
    {
        prefetch = null; // read before the action: the table's next page is read after it
        busy = true;
        messagesInDetail = inDetail;
        revealMessages = inDetail;
        messages.Clear();
        try
        {
            var errors = await action();
            messagesAreErrors = errors.Count > 0;
            messages.AddRange(errors.Count > 0 ? errors.Select(ErrorText.Message) : [success()]);
            if (errors.Count == 0)
            {
                panel = Panel.None;
            }

            await ReloadAsync();
        }
        finally
        {
            busy = false;
        }
    }

    private Task CalculateAsync() => RunAsync(async () =>
    {
        var run = await Review.CalculateAsync(await Me(), Month);
        lastRun = run;
        return run.Errors;
    }, () => P["Calculated", lastRun!.Lines, lastRun.Changed]);

    private KpiPlanner.Infrastructure.Payroll.PayRunResult? lastRun;

    private Task ApproveAsync() => RunAsync(async () => await Review.ApproveAsync(await Me(), Month), () => P["Approved"]);

    private Task CloseAsync() => RunAsync(async () => (await Review.CloseAsync(await Me(), Month, countMissingAsZero, closeEarly)).Errors, () => P["Closed"]);

    private Task ReasonedAsync() => panel == Panel.Reopen
        ? RunAsync(async () => await Review.ReopenAsync(await Me(), Month, reason), () => P["Reopened"])
        : RunAsync(async () => await Review.RevokeApprovalAsync(await Me(), Month, reason), () => P["Revoked"]);

    private async Task AdjustAsync()
    {
        if (!Formats.TryParseDecimal(adjustAmount, out var amount) || amount is null)
        {
            AmountInvalid();
            return;
        }

        var employeeId = detail!.Row.EmployeeId;
        var added = false;
        await RunAsync(async () =>
        {
            var errors = await Review.AdjustAsync(await Me(), Month, employeeId, amount.Value, adjustReason);
            added = errors.Count == 0;
            return errors;
        }, () => P["Adjusted"], inDetail: true);
        if (added)
        {
            // The form empties once the adjustment is added: a second click does not add it twice.
            adjustAmount = null;
            adjustReason = null;
        }
    }
}
