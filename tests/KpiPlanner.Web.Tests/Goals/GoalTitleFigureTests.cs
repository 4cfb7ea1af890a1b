using KpiPlanner.Web.Features.Goals;

namespace KpiPlanner.Web.Tests.Goals;

/// <summary>Issue 17: a goal's title that names another money figure than the goal's plan is pointed out, never rewritten.</summary>
public sealed class GoalTitleFigureTests
{
    [Theory]
    [InlineData("Кофейня: 200 000 ₽ прибыли в месяц", 200_000)]
    [InlineData("Кофейня: 200\u00A0000 ₽ прибыли", 200_000)]
    [InlineData("Прибыль 200000 руб. в месяц", 200_000)]
    [InlineData("Прибыль 200 000 рублей в месяц", 200_000)]
    [InlineData("Выручка 1,5 млн ₽", 1_500_000)]
    [InlineData("Прибыль 200 тыс. ₽", 200_000)]
    [InlineData("Coffee shop: 200,000 RUB profit a month", 200_000)]
    [InlineData("Средний чек 512,50 ₽", 512.5)]
    public void A_money_figure_of_the_title_is_read_as_written(string title, double figure) =>
        Assert.Equal(new[] { (decimal)figure }, GoalTitleFigure.MoneyIn(title));

    [Theory]
    [InlineData("Отдел продаж: план на месяц")]
    [InlineData("План 2026 года: 12 магазинов")]
    [InlineData("3 рубежа обороны")]
    [InlineData("")]
    public void A_title_without_money_names_no_figure(string title) => Assert.Empty(GoalTitleFigure.MoneyIn(title));

    [Fact]
    public void The_title_is_stale_only_when_it_names_money_that_no_top_node_plans()
    {
        const string title = "Кофейня: 200 000 ₽ прибыли в месяц";

        Assert.Null(GoalTitleFigure.Stale(title, [200_000.00m]));                  // the article's plan: the title agrees
        Assert.Equal(200_000m, GoalTitleFigure.Stale(title, [250_000m]));        // raised to 250 000: the title is stale
        Assert.Null(GoalTitleFigure.Stale("Отдел продаж: план на месяц", [250_000m]));
        Assert.Null(GoalTitleFigure.Stale(title, []));                             // no money plan to compare with
    }
}
