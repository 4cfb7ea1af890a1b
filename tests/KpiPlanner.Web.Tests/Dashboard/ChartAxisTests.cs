using System.Globalization;
using KpiPlanner.Domain.Kpis;
using KpiPlanner.Web.Features.Dashboard;

namespace KpiPlanner.Web.Tests.Dashboard;

/// <summary>The dashboards' value axis is labelled in round steps (issue 17: it read 81 920 ₽, 163 840 ₽, …).</summary>
public sealed class ChartAxisTests
{
    [Theory]
    [InlineData(573_440, 100_000)]     // the coffee shop's revenue: 0, 100 000, …, 600 000 ₽
    [InlineData(2_621_440, 500_000)]
    [InlineData(600_000, 100_000)]     // exactly six steps
    [InlineData(600_001, 200_000)]
    [InlineData(4.4, 1)]               // small values: the axis takes whole steps
    [InlineData(263, 50)]
    [InlineData(0, 1)]
    [InlineData(-1_200_000, 200_000)]  // a loss reads by its size
    public void The_step_is_1_2_or_5_times_a_power_of_ten_and_at_most_seven_lines_reach_the_largest_value(double largest, int step)
    {
        var values = new decimal?[] { null, 1m, (decimal)largest };

        Assert.Equal(step, ChartAxis.Step(values));
        Assert.True((ChartAxis.MaxLines - 1) * (decimal)step >= Math.Abs((decimal)largest));
    }

    [Fact]
    public void No_values_give_a_step_of_one() => Assert.Equal(1, ChartAxis.Step([]));

    [Fact]
    public void Each_figure_is_one_point_in_its_place()
    {
        var points = ChartAxis.Points([1_234.56m, null, 0m]); // the null: a gap, as the browser tests of the pace line show

        Assert.Equal(3, points.Count);
        Assert.Equal(1_234.56, points.GetValue(0));
        Assert.Equal(0d, points.GetValue(2));
    }

    [Fact]
    public void An_axis_line_is_labelled_as_the_unit_is_shown_everywhere()
    {
        var culture = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("ru-RU");
            Assert.Equal(600_000m.ToString("C0", CultureInfo.CurrentCulture), ChartAxis.Label(KpiUnit.Money, 600_000d));
            Assert.Equal(string.Empty, ChartAxis.Label(KpiUnit.Money, double.NaN));
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }
}
