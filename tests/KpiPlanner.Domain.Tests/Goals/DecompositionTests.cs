using KpiPlanner.Domain.Goals;
using KpiPlanner.Domain.Kpis;

namespace KpiPlanner.Domain.Tests.Goals;

public class DecompositionTests
{
    private static decimal[] D(params string[] values) => values.Select(Build.D).ToArray();

    [Theory]
    [InlineData("100000.00", 3, KpiUnit.Money, new[] { "33333.34", "33333.33", "33333.33" })]
    [InlineData("10", 3, KpiUnit.Count, new[] { "4", "3", "3" })]
    [InlineData("11", 3, KpiUnit.Count, new[] { "4", "4", "3" })]
    [InlineData("600", 30, KpiUnit.Count, new[] { "20" })]
    [InlineData("0.05", 3, KpiUnit.Money, new[] { "0.02", "0.02", "0.01" })]
    [InlineData("2", 3, KpiUnit.Count, new[] { "1", "1", "0" })]
    [InlineData("-100.00", 3, KpiUnit.Money, new[] { "-33.34", "-33.33", "-33.33" })]
    [InlineData("0", 2, KpiUnit.Money, new[] { "0", "0" })]
    public void An_equal_split_puts_the_remainder_on_the_first_parts_and_sums_exactly(
        string whole, int parts, KpiUnit unit, string[] expected)
    {
        var split = Decomposition.Equally(Build.D(whole), parts, unit).GetValueOrThrow();

        Assert.Equal(parts, split.Count);
        Assert.Equal(Build.D(whole), split.Sum());
        if (expected.Length == parts)
        {
            Assert.Equal(D(expected), split);
        }
        else
        {
            Assert.All(split, p => Assert.Equal(Build.D(expected[0]), p));
        }
    }

    [Theory]
    [InlineData("300000.00", new[] { "50", "30", "20" }, new[] { "150000.00", "90000.00", "60000.00" })]
    [InlineData("100.00", new[] { "33.3", "33.3", "33.4" }, new[] { "33.30", "33.30", "33.40" })]
    [InlineData("100.01", new[] { "50", "50" }, new[] { "50.01", "50.00" })]
    [InlineData("1000.00", new[] { "12.5", "87.5" }, new[] { "125.00", "875.00" })]
    [InlineData("0.10", new[] { "33.33", "33.33", "33.34" }, new[] { "0.03", "0.03", "0.04" })]
    public void A_split_by_shares_gives_each_child_its_share_of_the_parent(string whole, string[] shares, string[] expected)
    {
        var split = Decomposition.ByShares(Build.D(whole), D(shares), KpiUnit.Money).GetValueOrThrow();
        Assert.Equal(D(expected), split);
        Assert.Equal(Build.D(whole), split.Sum());
    }

    [Fact]
    public void The_largest_cut_off_remainder_gets_the_leftover_step()
    {
        // 10 visitors by 15/25/60 %: exact 1.5, 2.5, 6 → 1 + 2 + 6 = 9, one left: ties .5/.5 → the first.
        Assert.Equal(D("2", "2", "6"), Decomposition.ByShares(10m, D("15", "25", "60"), KpiUnit.Count).GetValueOrThrow());
        // 10 by 14/26/60: exact 1.4, 2.6, 6 → the larger remainder (.6) gets it.
        Assert.Equal(D("1", "3", "6"), Decomposition.ByShares(10m, D("14", "26", "60"), KpiUnit.Count).GetValueOrThrow());
    }

    [Theory]
    [InlineData(new[] { "50", "30" }, "80")]
    [InlineData(new[] { "50", "50.01" }, "100.01")]
    public void Shares_not_summing_to_100_are_refused(string[] shares, string sum)
    {
        var error = Assert.Single(Decomposition.ByShares(1000m, D(shares), KpiUnit.Money).Errors);
        Assert.Equal(GoalErrors.SplitSharesSum, error.Code);
        Assert.Equal(Build.D(sum), error.Args["sum"]);
    }

    [Fact]
    public void A_negative_share_is_refused_at_its_index()
    {
        var error = Assert.Single(Decomposition.ByShares(1000m, D("110", "-10"), KpiUnit.Money).Errors);
        Assert.Equal((GoalErrors.SplitNegativeWeight, "shares[1]"), (error.Code, error.Path));
    }

    [Theory]
    [InlineData("10.5", KpiUnit.Count)]
    [InlineData("10.005", KpiUnit.Money)]
    public void A_whole_finer_than_the_units_step_is_refused(string whole, KpiUnit unit) =>
        Assert.Equal(GoalErrors.SplitWholePrecision,
            Assert.Single(Decomposition.Equally(Build.D(whole), 2, unit).Errors).Code);

    [Fact]
    public void Splitting_into_no_parts_is_refused() =>
        Assert.Equal(GoalErrors.SplitNoParts, Assert.Single(Decomposition.Equally(10m, 0, KpiUnit.Count).Errors).Code);

    [Fact]
    public void All_zero_weights_are_refused() =>
        Assert.Equal(GoalErrors.SplitAllZero, Assert.Single(Decomposition.ByWeights(10m, D("0", "0"), 0).Errors).Code);

    [Fact]
    public void A_year_splits_evenly_into_12_months_in_equal_parts_summing_exactly()
    {
        var months = Decomposition.InTime(1_200_000m, PeriodRange.CalendarYear(2026), PeriodKind.Month, KpiUnit.Money,
            TimeSplit.EqualParts).GetValueOrThrow();

        Assert.Equal(12, months.Count);
        Assert.All(months, m => Assert.Equal(100_000m, m.Amount));
        Assert.Equal(PeriodRange.Month(2026, 1), months[0].Period);
        Assert.Equal(PeriodRange.Month(2026, 12), months[11].Period);
    }

    [Fact]
    public void A_year_splits_top_down_so_every_level_sums_to_the_level_above()
    {
        var year = PeriodRange.CalendarYear(2026);
        var halves = Decomposition.InTime(100_000m, year, PeriodKind.HalfYear, KpiUnit.Money, TimeSplit.EqualParts).GetValueOrThrow();
        var quarters = Decomposition.InTime(100_000m, year, PeriodKind.Quarter, KpiUnit.Money, TimeSplit.EqualParts).GetValueOrThrow();
        var months = Decomposition.InTime(100_000m, year, PeriodKind.Month, KpiUnit.Money, TimeSplit.EqualParts).GetValueOrThrow();

        Assert.Equal([50_000m, 50_000m], halves.Select(h => h.Amount));
        Assert.Equal([25_000m, 25_000m, 25_000m, 25_000m], quarters.Select(q => q.Amount));
        Assert.Equal(D("8333.34", "8333.33", "8333.33"), months.Take(3).Select(m => m.Amount));
        foreach (var quarter in quarters)
        {
            Assert.Equal(quarter.Amount, months.Where(m => quarter.Period.Contains(m.Period)).Sum(m => m.Amount));
        }
    }

    [Fact]
    public void By_days_a_year_gives_June_30_of_365()
    {
        var months = Decomposition.InTime(365m, PeriodRange.CalendarYear(2026), PeriodKind.Month, KpiUnit.Count,
            TimeSplit.ByDays).GetValueOrThrow();

        Assert.Equal([31m, 28m, 31m, 30m, 31m, 30m, 31m, 31m, 30m, 31m, 30m, 31m], months.Select(m => m.Amount));
    }

    [Fact]
    public void A_month_splits_into_its_days_600_visitors_in_June_are_20_a_day()
    {
        var days = Decomposition.IntoDays(600m, PeriodRange.Month(2026, 6), KpiUnit.Count, TimeSplit.EqualParts)
            .GetValueOrThrow();

        Assert.Equal(30, days.Count);
        Assert.All(days, d => Assert.Equal(20m, d.Amount));
        Assert.Equal(new DateOnly(2026, 6, 1), days[0].Day);
        Assert.Equal(new DateOnly(2026, 6, 30), days[^1].Day);
    }

    [Fact]
    public void Days_of_February_2024_share_the_month_exactly()
    {
        var days = Decomposition.IntoDays(1000m, PeriodRange.Month(2024, 2), KpiUnit.Money, TimeSplit.EqualParts)
            .GetValueOrThrow();
        Assert.Equal(29, days.Count);
        Assert.Equal(1000m, days.Sum(d => d.Amount));
        Assert.Equal(34.49m, days[0].Amount);
        Assert.Equal(34.48m, days[^1].Amount);
    }

    [Fact]
    public void A_seasonal_profile_from_last_years_facts_shapes_the_months()
    {
        // Last year: a summer peak, a winter dip.
        var lastYear = D("80", "80", "90", "100", "110", "130", "140", "130", "100", "90", "70", "80");
        var profile = SeasonalProfile.Create(lastYear).GetValueOrThrow();

        var months = Decomposition.InTime(1_200_000m, PeriodRange.CalendarYear(2026), PeriodKind.Month, KpiUnit.Money,
            TimeSplit.Seasonal(profile)).GetValueOrThrow();

        Assert.Equal(1_200_000m, months.Sum(m => m.Amount));
        Assert.Equal(140_000m, months[6].Amount); // July: 140 of 1 200
        Assert.Equal(70_000m, months[10].Amount); // November
        Assert.Equal(100m, Math.Round(profile.SharesPercent.Sum(), 20));
    }

    [Fact]
    public void A_seasonal_quarter_uses_its_months_weights()
    {
        var profile = SeasonalProfile.Create(D("1", "2", "1", "0", "0", "0", "0", "0", "0", "0", "0", "0")).GetValueOrThrow();

        var months = Decomposition.InTime(1000m, PeriodRange.Quarter(2026, 1), PeriodKind.Month, KpiUnit.Money,
            TimeSplit.Seasonal(profile)).GetValueOrThrow();
        Assert.Equal([250m, 500m, 250m], months.Select(m => m.Amount));

        var empty = Decomposition.InTime(1000m, PeriodRange.Quarter(2026, 3), PeriodKind.Month, KpiUnit.Money,
            TimeSplit.Seasonal(profile));
        Assert.Equal((GoalErrors.SplitAllZero, "profile"), (empty.Errors[0].Code, empty.Errors[0].Path));
    }

    [Theory]
    [InlineData(new[] { "1", "1" }, GoalErrors.SeasonMonthCount, "months")]
    [InlineData(new[] { "1", "1", "1", "1", "1", "-1", "1", "1", "1", "1", "1", "1" }, GoalErrors.SeasonNegative, "months[5]")]
    [InlineData(new[] { "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0" }, GoalErrors.SeasonAllZero, "months")]
    public void A_seasonal_profile_needs_12_non_negative_months_not_all_zero(string[] weights, string code, string path)
    {
        var error = Assert.Single(SeasonalProfile.Create(D(weights)).Errors);
        Assert.Equal((code, path), (error.Code, error.Path));
    }

    [Fact]
    public void A_profile_can_be_read_from_a_years_monthly_facts()
    {
        var facts = Enumerable.Range(1, 12).Select(m => new MonthValue(PeriodRange.Month(2025, m), m * 10m))
            .Append(new MonthValue(PeriodRange.Month(2026, 1), 999m));
        var profile = SeasonalProfile.FromYear(2025, facts).GetValueOrThrow();
        Assert.Equal(Enumerable.Range(1, 12).Select(m => m * 10m), profile.Weights);
    }

    [Fact]
    public void An_average_or_last_value_kpi_keeps_its_target_in_every_part()
    {
        var months = Decomposition.InTime(15m, PeriodRange.Quarter(2026, 2), PeriodKind.Month, KpiUnit.Minutes,
            TimeSplit.EqualParts, AggregationRule.Average).GetValueOrThrow();
        Assert.All(months, m => Assert.Equal(15m, m.Amount));
    }

    [Fact]
    public void A_month_cannot_be_split_into_quarters()
    {
        var error = Assert.Single(Decomposition.InTime(10m, PeriodRange.Month(2026, 6), PeriodKind.Quarter, KpiUnit.Count,
            TimeSplit.EqualParts).Errors);
        Assert.Equal((GoalErrors.SplitLevel, "into"), (error.Code, error.Path));
    }

    [Fact]
    public void Huge_weights_and_amounts_still_split_exactly()
    {
        var whole = 9_999_999_999_999_999.99m;
        var weights = D("9999999999999999.99", "0.0000000001", "1234567890123.456789");
        var split = Decomposition.ByWeights(whole, weights, 2).GetValueOrThrow();
        Assert.Equal(whole, split.Sum());
    }
}
