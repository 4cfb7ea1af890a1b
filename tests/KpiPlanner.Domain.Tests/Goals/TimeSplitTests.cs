using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using KpiPlanner.Domain.Goals;
using KpiPlanner.Domain.Kpis;
using KpiPlanner.Domain.Schemes;

namespace KpiPlanner.Domain.Tests.Goals;

/// <summary>
/// Issue 4, "Splits" and "Periods": month plans from a split in time, shares typed by a person, the roll-up rule each
/// KPI carries, and year-over-year like for like.
/// </summary>
public class TimeSplitTests
{
    private static PeriodRange M(int month, int year = 2026) => PeriodRange.Month(year, month);

    // ---- Month plans of a goal (a split in time, saved) ----

    [Fact]
    public void A_months_own_plan_replaces_the_typed_plan_and_every_formula_over_it_follows()
    {
        var tree = GoalBuild.Tree(GoalBuild.CoffeeShop(null, null));
        var march = PeriodRange.Month(2026, 3);

        var plain = tree.Evaluate(march).GetValueOrThrow();
        var split = tree.Evaluate(march, plans: new Dictionary<string, decimal> { ["profit"] = 250_000m }).GetValueOrThrow();

        Assert.Equal(300_000m, plain["revenue"].Plan);
        Assert.Equal(250_000m, split["profit"].Plan);
        Assert.Equal(350_000m, split["revenue"].Plan);   // expenses 100 000 + profit 250 000
        Assert.Equal(700m, split["visitors"].Plan);      // 350 000 / 500
    }

    [Fact]
    public void A_month_plan_for_a_formula_node_or_an_unknown_node_is_refused_with_its_path()
    {
        var tree = GoalBuild.Tree(GoalBuild.CoffeeShop(null, null));

        var errors = tree.Evaluate(GoalBuild.June2026, plans: new Dictionary<string, decimal> { ["revenue"] = 1m, ["nope"] = 2m }).Errors;

        Assert.Contains(errors, e => e.Code == GoalErrors.ReplanNotTyped && e.Path == "plans[revenue]");
        Assert.Contains(errors, e => e.Code == GoalErrors.NodeUnknown && e.Path == "plans[nope]");
    }

    [Fact]
    public void A_goal_keeps_month_plans_per_node_and_drops_them_when_the_node_becomes_a_formula()
    {
        var now = DateTimeOffset.UnixEpoch;
        var goal = new Goal("g", [GoalBuild.Typed("a", 10m), GoalBuild.Typed("b", 20m)], now, "t");

        goal.SetMonthPlans("a", new Dictionary<string, decimal> { ["2026-01"] = 4m, ["2026-02"] = 6m }, now, "t");
        goal.SetMonthPlans("b", new Dictionary<string, decimal> { ["2026-01"] = 7m }, now, "t");
        goal.SetMonthPlans("a", new Dictionary<string, decimal> { ["2026-02"] = 5m }, now, "t");

        Assert.Equal(new Dictionary<string, decimal> { ["a"] = 4m, ["b"] = 7m }, goal.PlansOf("2026-01"));
        Assert.Equal([KeyValuePair.Create("2026-01", 4m), KeyValuePair.Create("2026-02", 5m)], goal.MonthPlansOf("a"));
        Assert.Empty(goal.PlansOf("2026-03"));

        goal.ClearMonthPlans("a", ["2026-02"], now, "t");
        Assert.Equal([KeyValuePair.Create("2026-01", 4m)], goal.MonthPlansOf("a"));

        goal.Replace([GoalBuild.Typed("a", 10m), GoalBuild.Derived("b", "a * 2")], now, "t");
        Assert.Equal(new Dictionary<string, decimal> { ["a"] = 4m }, goal.PlansOf("2026-01"));
    }

    // ---- Shares typed by a person ----

    [Fact]
    public void Typed_shares_of_a_quarter_split_its_plan_exactly()
    {
        var q2 = PeriodRange.Quarter(2026, 2);
        var profile = SeasonalProfile.FromShares(q2, [Build.D("30"), Build.D("33.5"), Build.D("36.5")]).GetValueOrThrow();

        var months = Decomposition.InTime(1_000_000m, q2, PeriodKind.Month, KpiUnit.Money, TimeSplit.Seasonal(profile)).GetValueOrThrow();

        Assert.Equal([300_000m, 335_000m, 365_000m], months.Select(m => m.Amount));
    }

    [Fact]
    public void Typed_shares_that_do_not_sum_to_100_are_refused_with_their_sum()
    {
        var error = Assert.Single(SeasonalProfile.FromShares(PeriodRange.Quarter(2026, 1), [30m, 30m, Build.D("39.5")]).Errors);

        Assert.Equal((GoalErrors.SplitSharesSum, "shares"), (error.Code, error.Path));
        Assert.Equal(Build.D("99.5"), error.Args["sum"]);
    }

    [Fact]
    public void A_negative_share_is_refused_naming_its_month()
    {
        var error = Assert.Single(SeasonalProfile.FromShares(PeriodRange.Quarter(2026, 1), [50m, -10m, 60m]).Errors);

        Assert.Equal((GoalErrors.SplitNegativeWeight, "shares[1]", "2026-02"), (error.Code, error.Path, (string)error.Args["month"]));
    }

    [Fact]
    public void Shares_for_a_different_number_of_months_than_the_period_has_are_refused() =>
        Assert.Equal(GoalErrors.SeasonMonthCount,
            Assert.Single(SeasonalProfile.FromShares(PeriodRange.CalendarYear(2026), [50m, 50m]).Errors).Code);

    [Property(MaxTest = 300)]
    public Property A_split_by_typed_shares_of_any_period_sums_exactly_and_each_month_is_within_a_kopeck_of_its_share() =>
        Prop.ForAll(
            (from kind in Gen.Elements(PeriodKind.Year, PeriodKind.HalfYear, PeriodKind.Quarter)
             from number in Gen.Choose(1, 4)
             from rubles in Gen.Choose(0, 2_000_000_000)
             from kopecks in Gen.Choose(0, 99)
             from piles in Gen.Piles(PeriodRange.MonthsIn(kind), 10_000)
             select (kind, number, whole: rubles + (kopecks / 100m), piles)).ToArbitrary(),
            c =>
            {
                var period = PeriodRange.CalendarYear(2027).PartsOf(c.kind)[(c.number - 1) % (12 / PeriodRange.MonthsIn(c.kind))];
                var shares = c.piles.Select(p => p / 100m).ToArray(); // percents with 2 places summing to 100
                var profile = SeasonalProfile.FromShares(period, shares).GetValueOrThrow();
                var months = Decomposition.InTime(c.whole, period, PeriodKind.Month, KpiUnit.Money, TimeSplit.Seasonal(profile)).GetValueOrThrow();
                var days = Decomposition.IntoDays(c.whole, period, KpiUnit.Money, TimeSplit.Seasonal(profile)).GetValueOrThrow();
                return months.Sum(m => m.Amount) == c.whole
                       && days.Sum(d => d.Amount) == c.whole
                       && months.All(m => m.Amount == Math.Round(m.Amount, 2))
                       && months.Select((m, i) => Math.Abs(m.Amount - (c.whole * shares[i] / 100m))).All(d => d < 0.02m);
            });

    [Fact]
    public void Days_by_working_days_leave_days_off_at_0_and_still_sum_to_the_month()
    {
        static bool Weekday(DateOnly d) => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);

        // June 2026 has 22 weekdays: 22 × 45 454.54 = 999 999.88, so 12 of them get a kopeck more (45 454.55).
        var days = Decomposition.IntoDays(1_000_000m, PeriodRange.Month(2026, 6), 2, TimeSplit.EqualParts, AggregationRule.Sum, Weekday)
            .GetValueOrThrow();

        Assert.Equal(1_000_000m, days.Sum(d => d.Amount));
        Assert.All(days.Where(d => !Weekday(d.Day)), d => Assert.Equal(0m, d.Amount));
        Assert.Equal(22, days.Count(d => d.Amount > 0));
        Assert.Equal((12, 10), (days.Count(d => d.Amount == 45_454.55m), days.Count(d => d.Amount == 45_454.54m)));
    }

    [Property(MaxTest = 200)]
    public Property Days_by_any_working_day_calendar_sum_exactly_to_the_whole() =>
        Prop.ForAll(
            (from rubles in Gen.Choose(0, 1_000_000_000)
             from kopecks in Gen.Choose(0, 99)
             from offMask in Gen.Choose(0, 127)
             from month in Gen.Choose(1, 12)
             select (whole: rubles + (kopecks / 100m), offMask, month)).ToArbitrary(),
            c =>
            {
                bool Working(DateOnly d) => (c.offMask & (1 << (int)d.DayOfWeek)) == 0;
                var period = PeriodRange.Quarter(2027, ((c.month - 1) / 3) + 1);
                var days = Decomposition.IntoDays(c.whole, period, 2, TimeSplit.EqualParts, AggregationRule.Sum, Working).GetValueOrThrow();
                var everyDayOff = c.offMask == 127;
                return days.Sum(d => d.Amount) == c.whole
                       && (everyDayOff || days.Where(d => !Working(d.Day)).All(d => d.Amount == 0m));
            });

    // ---- The roll-up rule a KPI carries ----

    [Theory]
    [InlineData("revenue", AggregationRule.Sum)]
    [InlineData("sales_volume", AggregationRule.Sum)]
    [InlineData("new_clients", AggregationRule.Sum)]
    [InlineData("client_meetings", AggregationRule.Sum)]
    [InlineData("average_check", AggregationRule.Average)]
    [InlineData("conversion", AggregationRule.Average)]
    [InlineData("answer_time", AggregationRule.Average)]
    [InlineData("staff_turnover", AggregationRule.Average)]
    [InlineData("receivables", AggregationRule.Last)]
    [InlineData("client_base", AggregationRule.Last)]
    [InlineData("clients_in_work", AggregationRule.Last)]
    public void Each_catalogue_kpi_says_how_its_months_roll_up(string code, AggregationRule rule) =>
        Assert.Equal(rule, KpiCatalog.Find(code)!.Aggregation);

    [Fact]
    public void A_scheme_kpi_takes_its_own_rule_else_the_templates_else_the_sum()
    {
        Assert.Equal(AggregationRule.Last, SchemeKpiSpec.AggregationOf(null, "receivables"));
        Assert.Equal(AggregationRule.Average, SchemeKpiSpec.AggregationOf(AggregationRule.Average, "revenue"));
        Assert.Equal(AggregationRule.Sum, SchemeKpiSpec.AggregationOf(null, null));
        Assert.Equal(AggregationRule.Sum, SchemeKpiSpec.AggregationOf(null, "no_such_template"));
    }

    [Theory]
    [InlineData(AggregationRule.Sum, "60")]
    [InlineData(AggregationRule.Last, "60")]
    [InlineData(AggregationRule.Average, "20")]
    public void A_teams_month_is_the_sum_of_its_people_or_their_mean_for_an_average_kpi(AggregationRule rule, string expected)
    {
        Assert.Equal(Build.D(expected), RollUp.AcrossPeople(rule, [10m, 20m, 30m]));
        Assert.Null(RollUp.AcrossPeople(rule, []));
    }

    // ---- Year over year, like for like ----

    [Fact]
    public void A_year_read_in_November_is_compared_with_the_same_months_of_last_year_only()
    {
        // Last year: all twelve months at 100; this year: January–October at 110.
        var months = Enumerable.Range(1, 12).Select(m => new MonthValue(M(m, 2025), 100m))
            .Concat(Enumerable.Range(1, 10).Select(m => new MonthValue(M(m), 110m)));

        var year = YearOverYear.CompareLikeForLike(AggregationRule.Sum, months, PeriodRange.CalendarYear(2026));

        Assert.Equal((1100m, 1000m, 100m, 10m, 10), (year.Current, year.LastYear, year.Change, year.ChangePercent, year.MonthsCompared));
        Assert.True(year.IsPartial);
    }

    [Theory]
    [InlineData(AggregationRule.Sum, "300", "240", "25")]      // 100+90+110 vs 70+80+90
    [InlineData(AggregationRule.Average, "100", "80", "25")]
    [InlineData(AggregationRule.Last, "110", "90", "22.222222222222222222222222222")]
    public void A_quarter_is_compared_with_the_same_quarter_last_year_by_the_kpis_rule(
        AggregationRule rule, string current, string lastYear, string percent)
    {
        MonthValue[] months =
        [
            new(M(4, 2025), 70m), new(M(5, 2025), 80m), new(M(6, 2025), 90m),
            new(M(4), 100m), new(M(5), 90m), new(M(6), 110m),
        ];

        var q2 = YearOverYear.CompareLikeForLike(rule, months, PeriodRange.Quarter(2026, 2));

        Assert.Equal((Build.D(current), Build.D(lastYear), Build.D(percent)), (q2.Current!.Value, q2.LastYear!.Value, q2.ChangePercent!.Value));
        Assert.False(q2.IsPartial);
    }

    [Fact]
    public void Without_last_years_data_there_is_no_last_year_value_and_no_change_never_a_zero()
    {
        MonthValue[] months = [new(M(4), 100m), new(M(5), 90m), new(M(7, 2025), 50m)];

        var q2 = YearOverYear.CompareLikeForLike(AggregationRule.Sum, months, PeriodRange.Quarter(2026, 2));

        Assert.Equal(190m, q2.Current);
        Assert.Null(q2.LastYear);
        Assert.Null(q2.Change);
        Assert.Null(q2.ChangePercent);
        Assert.Equal(0, q2.MonthsCompared);
    }
}
