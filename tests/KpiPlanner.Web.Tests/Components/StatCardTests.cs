using Bunit;
using KpiPlanner.Web.Components.Shared;

namespace KpiPlanner.Web.Tests.Components;

public sealed class StatCardTests : ComponentTest
{
    [Fact]
    public void Shows_the_label_and_the_value_under_its_test_id()
    {
        var card = Context.Render<StatCard>(p => p
            .Add(c => c.Label, "Численность")
            .Add(c => c.Value, "1\u202F234")
            .Add(c => c.TestId, "stat-headcount"));

        Assert.Contains("Численность", card.Markup, StringComparison.Ordinal);
        Assert.Equal("1\u202F234", card.Find("[data-testid=stat-headcount]").TextContent.Trim());
        Assert.Empty(card.FindAll(".mud-typography-caption"));
    }

    [Fact]
    public void Shows_the_hint_only_when_given()
    {
        var card = Context.Render<StatCard>(p => p
            .Add(c => c.Label, "Без учётной записи")
            .Add(c => c.Value, "19")
            .Add(c => c.Hint, "сотрудники, которым ещё не создан вход"));

        Assert.Equal("сотрудники, которым ещё не создан вход", card.Find(".mud-typography-caption").TextContent.Trim());
        Assert.Empty(card.FindAll("[data-testid]"));
    }
}
