using Microsoft.Extensions.Localization;
using MudBlazor;
using MudBlazor.Services;

namespace KpiPlanner.Web.Localization;

/// <summary>
/// MudBlazor's texts in the user's language: MudBlazor asks its <see cref="MudLocalizer"/> first and shows its own
/// English only for a key our resources lack (<see cref="MudResource"/>).
/// </summary>
public sealed class KpiMudLocalizer(IStringLocalizer<MudResource> texts) : MudLocalizer
{
    public override LocalizedString this[string key] => texts[key];

    public override LocalizedString this[string key, params object[] arguments] => texts[key, arguments];
}

public static class MudServices
{
    /// <summary>MudBlazor's services with its texts in the user's language (the app and the component tests alike).</summary>
    public static IServiceCollection AddKpiMudServices(this IServiceCollection services) =>
        services.AddMudServices().AddTransient<MudLocalizer, KpiMudLocalizer>();
}
