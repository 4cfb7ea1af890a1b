using KpiPlanner.Web.Localization;
using KpiPlanner.Web.Security;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace KpiPlanner.Web.Features.ApiKeys;

/// <summary>The owner's API keys page: create a key (its secret shown once), list and revoke. The service decides who may.</summary>
public sealed partial class ApiKeysPage
{
    private IReadOnlyList<ApiKeyRow>? rows;
    private IReadOnlyList<(int Id, string Name)> departments = [];
    private Dictionary<string, string> errors = new(StringComparer.Ordinal);
    private string? name;
    private ApiKeyScope scope = ApiKeyScope.Read;
    private int? department;
    private int? validDays = 365;
    private ApiKeyRow? created;
    private string? secret;

    [Inject]
    private ApiKeysService Keys { get; set; } = default!;

    [Inject]
    private CurrentUser CurrentUser { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    private DateOnly Today => DateOnly.FromDateTime(Time.GetLocalNow().Date);

    /// <summary>A moment in the server's zone: «07.12.2026 13:05».</summary>
    private string When(DateTimeOffset moment)
    {
        var local = TimeZoneInfo.ConvertTime(moment, Time.LocalTimeZone);
        return Formats.Date(DateOnly.FromDateTime(local.DateTime)) + " " + local.ToString("HH:mm", System.Globalization.CultureInfo.CurrentCulture);
    }

    protected override async Task OnInitializedAsync()
    {
        var me = await CurrentUser.GetAsync();
        departments = await Keys.DepartmentsAsync(me);
        rows = await Keys.ListAsync(me);
    }

    private async Task CreateAsync()
    {
        var me = await CurrentUser.GetAsync();
        var result = await Keys.CreateAsync(me, name, scope, KpiPlanner.Web.Security.ApiKeys.WholeCompany(scope) ? null : department, validDays: validDays);
        errors = new Dictionary<string, string>(result.Errors, StringComparer.Ordinal);
        if (!result.Succeeded)
        {
            return;
        }

        created = result.Key;
        secret = result.Secret;
        name = null;
        rows = await Keys.ListAsync(me);
    }

    private async Task RevokeAsync(ApiKeyRow row)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(L["ApiKeys.RevokeTitle"], L["ApiKeys.RevokeConfirm", row.Name], yesText: L["ApiKeys.Revoke"], cancelText: L["ApiKeys.Cancel"]);
        if (confirmed != true)
        {
            return;
        }

        var me = await CurrentUser.GetAsync();
        if (await Keys.RevokeAsync(me, row.Id))
        {
            Snackbar.Add(L["ApiKeys.RevokedDone", row.Name], Severity.Success);
        }

        if (created?.Id == row.Id)
        {
            created = null;
            secret = null;
        }

        rows = await Keys.ListAsync(me);
    }
}
