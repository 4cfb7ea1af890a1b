using Bunit;
using KpiPlanner.Web.Components.Layout;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;

namespace KpiPlanner.Web.Tests.Components;

public sealed class ErrorBoundaryTests : ComponentTest
{
    [Fact]
    public void A_page_that_fails_to_render_shows_the_friendly_error_inside_the_layout()
    {
        Authorization.SetAuthorized("hr@demo.local");
        Authorization.SetRoles("HR");
        Context.ComponentFactories.AddStub<UserMenu>(); // it reads the person's name from the database; not this test's subject

        var layout = Context.Render<MainLayout>(p => p.Add(l => l.Body, (RenderFragment)(b =>
        {
            b.OpenComponent<Thrower>(0);
            b.CloseComponent();
        })));

        var alert = layout.Find("[data-testid=friendly-error]");
        Assert.Contains("Повторить", alert.TextContent, StringComparison.Ordinal);
        Assert.NotNull(layout.Find("[data-testid=nav]")); // the rest of the app stays usable
    }

    private sealed class Thrower : ComponentBase
    {
        protected override void BuildRenderTree(RenderTreeBuilder builder) =>
            throw new InvalidOperationException("The page failed.");
    }
}
