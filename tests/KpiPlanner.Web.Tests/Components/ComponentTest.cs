using System.Globalization;
using Bunit;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using KpiPlanner.Web.Localization;

namespace KpiPlanner.Web.Tests.Components;

/// <summary>
/// A bUnit context set up like the app: MudBlazor services, the app's string resources, a circuit that is interactive,
/// and Russian as the UI language. MudBlazor's services are only asynchronously disposable, hence <see cref="IAsyncLifetime"/>.
/// </summary>
public abstract class ComponentTest : IAsyncLifetime
{
    private readonly CultureInfo previousCulture = CultureInfo.CurrentCulture;
    private readonly CultureInfo previousUiCulture = CultureInfo.CurrentUICulture;

    protected ComponentTest()
    {
        Context.Services.AddKpiMudServices();
        Authorization = Context.AddAuthorization(); // before anything resolves a service
        Context.Services.AddLocalization(o => o.ResourcesPath = "Resources");
        Context.JSInterop.Mode = JSRuntimeMode.Loose;
        Context.SetRendererInfo(new RendererInfo("Server", true));
        CultureInfo.CurrentCulture = KpiPlanner.Web.Localization.AppCultures.RussianCulture;
        CultureInfo.CurrentUICulture = KpiPlanner.Web.Localization.AppCultures.RussianCulture;
    }

    protected BunitContext Context { get; } = new();

    /// <summary>Anonymous until a test calls <c>SetAuthorized</c>.</summary>
    protected BunitAuthorizationContext Authorization { get; }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        CultureInfo.CurrentCulture = previousCulture;
        CultureInfo.CurrentUICulture = previousUiCulture;
        await Context.DisposeAsync();
    }
}
