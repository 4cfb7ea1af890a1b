using Bunit;
using KpiPlanner.Domain.Organisation;
using KpiPlanner.Web.Components.Layout;
using KpiPlanner.Web.Security;

namespace KpiPlanner.Web.Tests.Components;

public sealed class NavMenuTests : ComponentTest
{
    [Theory]
    [InlineData(Roles.Owner, true, true)]
    [InlineData(Roles.HR, true, true)]
    [InlineData(Roles.Manager, false, true)]
    [InlineData(Roles.Employee, false, false)]
    public void Each_role_sees_only_the_links_it_may_use(string role, bool seesUsers, bool seesApi)
    {
        var auth = Authorization;
        auth.SetAuthorized(role.ToUpperInvariant() + "@demo.local");
        auth.SetRoles(role);
        if (role is Roles.Owner or Roles.HR)
        {
            auth.SetPolicies(Policies.ManageUsers); // as Program.cs grants it: Owner and HR
        }

        var menu = Context.Render<NavMenu>();

        Assert.Contains("Главная", menu.Markup, StringComparison.Ordinal);
        Assert.Equal(seesUsers, menu.FindAll("[data-testid=nav-users]").Count > 0);
        Assert.Equal(seesApi, menu.FindAll("[data-testid=nav-api]").Count > 0);
        Assert.Equal(role == Roles.Owner, menu.FindAll("[data-testid=nav-api-keys]").Count > 0); // the owner's alone (decision 016)
    }

    [Fact]
    public void An_anonymous_visitor_sees_only_the_home_link()
    {
        var menu = Context.Render<NavMenu>();

        Assert.Contains("Главная", menu.Markup, StringComparison.Ordinal);
        Assert.Empty(menu.FindAll("[data-testid=nav-users]"));
        Assert.Empty(menu.FindAll("[data-testid=nav-api]"));
    }

    [Fact]
    public void The_users_link_follows_the_ManageUsers_policy_not_a_role_name()
    {
        var auth = Authorization;
        auth.SetAuthorized("someone@demo.local");
        auth.SetRoles(Roles.Employee);
        auth.SetPolicies(Policies.ManageUsers);

        var menu = Context.Render<NavMenu>();

        var link = menu.Find("[data-testid=nav-users]");
        Assert.Contains("Пользователи", link.TextContent, StringComparison.Ordinal);
        Assert.Empty(menu.FindAll("[data-testid=nav-api]"));
    }
}
