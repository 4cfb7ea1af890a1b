using KpiPlanner.Domain.Check;
using KpiPlanner.Domain.Scales;
using KpiPlanner.Domain.Schemes;

namespace KpiPlanner.Domain.Tests;

/// <summary>The check as a summary (issue 18): min / plan / max, the histogram, the matrix, and outcomes page by page.</summary>
public class SchemeCheckSummaryTests
{
    private static CheckSummary Summarize(SchemeSpec spec, (int, int)? matrix = null) =>
        SchemeCheck.Summarize(Build.Scheme(spec), matrix).GetValueOrThrow();

    private static SchemeSpec FiveByFive() =>
        new(15_000m, 15_000m, [.. Enumerable.Range(1, 5).Select(i => new SchemeKpiSpec("KPI " + i, 20m, Build.Table3Spec))]);

    [Fact]
    public void The_article_s_two_kpis_give_table_6_as_the_matrix_and_its_histogram()
    {
        var summary = Summarize(Build.ArticleSpec());

        // Table 6: K1 (rows) and K2 (columns) at 0.5 / 1 / 1.5, 50 % each; 15 000 + 15 000 × (K1 + K2) / 2.
        Assert.NotNull(summary.Matrix);
        Assert.Equal((0, 1), (summary.Matrix.RowKpi, summary.Matrix.ColumnKpi));
        Assert.Equal([0.5m, 1m, 1.5m], summary.Matrix.RowCoefficients);
        Assert.Equal([0.5m, 1m, 1.5m], summary.Matrix.ColumnCoefficients);
        Assert.Equal([22_500m, 26_250m, 30_000m], summary.Matrix.Totals[0]);
        Assert.Equal([26_250m, 30_000m, 33_750m], summary.Matrix.Totals[1]);
        Assert.Equal([30_000m, 33_750m, 37_500m], summary.Matrix.Totals[2]);
        Assert.Equal((9, 22_500m, 30_000m, 37_500m), (summary.Count, summary.Min, summary.Plan, summary.Max));

        // 10 buckets of 1 500 ₽ from 22 500 to 37 500: 22 500 | 26 250 ×2 | 30 000 ×3 | 33 750 ×2 | 37 500 (in the last).
        Assert.Equal([1, 0, 2, 0, 0, 3, 0, 2, 0, 1], summary.Histogram.Select(b => b.Count));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => 22_500m + (1_500m * i)), summary.Histogram.Select(b => b.From));
        Assert.Equal(37_500m, summary.Histogram[^1].To);
    }

    [Fact]
    public void The_summary_of_5_kpis_agrees_with_the_full_check_outcome_by_outcome()
    {
        var spec = FiveByFive();
        var full = SchemeCheck.Run(Build.Scheme(spec)).GetValueOrThrow();
        var summary = Summarize(spec);

        Assert.Equal((3_125, full.Min, full.Plan, full.Max), (summary.Count, summary.Min, summary.Plan, summary.Max));
        Assert.Equal(full.BandCounts, summary.BandCounts);
        Assert.Null(summary.Matrix);
        Assert.Equal(3_125, summary.Histogram.Sum(b => b.Count));
        var edges = summary.Histogram.Select(b => b.From).Append(summary.Max).ToArray();
        var expected = full.Outcomes.GroupBy(o => SchemeCheck.BucketOf(edges, o.Total)).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(summary.Histogram.Select((_, i) => expected.GetValueOrDefault(i)), summary.Histogram.Select(b => b.Count));

        Assert.Equal(full.Outcomes.Skip(1_000).Take(250), summary.Outcomes(1_000, 250), OutcomeComparer.Instance);
        Assert.Equal(full.Outcomes.Skip(3_100), summary.Outcomes(3_100, 100), OutcomeComparer.Instance);
        Assert.Empty(summary.Outcomes(3_125, 100));
    }

    [Fact]
    public void A_matrix_of_two_named_kpis_holds_the_others_at_plan()
    {
        var summary = Summarize(FiveByFive(), (4, 1));

        // KPI 5 (rows) and KPI 2 (columns) on table 3's scale (0 / 0.5 / 1 / 1.2 / 1.5 by band — see Build.Table3Spec), the
        // other three at plan (1): 15 000 + 15 000 × (0.6 + 0.2 × K5 + 0.2 × K2).
        var full = SchemeCheck.Run(Build.Scheme(FiveByFive())).GetValueOrThrow();
        Assert.NotNull(summary.Matrix);
        for (var r = 0; r < 5; r++)
        {
            for (var c = 0; c < 5; c++)
            {
                Assert.Equal(full.Outcome(2, c, 2, 2, r).Total, summary.Matrix.Totals[r][c]);
            }
        }

        Assert.Equal(28_500m, summary.Matrix.Totals[4][0]); // 15 000 + 15 000 × (0.6 + 0.2 × 1.5 + 0.2 × 0)
        Assert.Equal(24_000m, summary.Matrix.Totals[0][0]); // 15 000 + 15 000 × 0.6
        Assert.Equal(summary.Plan, summary.Matrix.Totals[2][2]);
    }

    [Fact]
    public void A_gate_and_a_threshold_bonus_enter_the_summary_as_they_enter_the_full_check()
    {
        var article = Build.ArticleSpec() with { Bonus = BonusRule.WhenKpiReaches("Sales plan", 100.01m, 5_000m) };
        var spec = article with { Kpis = [article.Kpis[0], article.Kpis[1] with { Gate = 90m }] };
        var full = SchemeCheck.Run(Build.Scheme(spec)).GetValueOrThrow();
        var summary = Summarize(spec);

        Assert.Equal((full.Min, full.Plan, full.Max), (summary.Min, summary.Plan, summary.Max));
        Assert.NotNull(summary.Matrix);
        for (var r = 0; r < 3; r++)
        {
            for (var c = 0; c < 3; c++)
            {
                Assert.Equal(full.Outcome(r, c).Total, summary.Matrix.Totals[r][c]);
            }
        }

        Assert.Equal(full.Outcomes, summary.Outcomes(0, 100), OutcomeComparer.Instance);
        Assert.Equal(15_000m, summary.Matrix.Totals[0][0]);  // the gate KPI below 90 %: no variable part, no bonus
        Assert.Equal(20_000m, summary.Matrix.Totals[2][0]);  // gated, but the bonus of the sales KPI above 100 % stays
    }

    [Fact]
    public void More_outcomes_than_the_limit_are_refused_and_a_matrix_over_2_500_cells_is_left_out()
    {
        var wide = new ScaleSpec([.. Enumerable.Range(0, 60).Select(b => new Band(b * 5m, b == 59 ? null : (b + 1) * 5m, b / 50m))]);
        var spec = new SchemeSpec(15_000m, 15_000m, [new SchemeKpiSpec("A", 50m, wide), new SchemeKpiSpec("B", 50m, wide)]);

        var summary = Summarize(spec);
        Assert.Equal(3_600, summary.Count);
        Assert.Null(summary.Matrix);                      // 60 × 60 = 3 600 cells
        Assert.Equal(3_600, summary.Histogram.Sum(b => b.Count));

        var refused = SchemeCheck.Summarize(Build.Scheme(spec), maxOutcomes: 3_599);
        Assert.False(refused.IsValid);
        Assert.Equal("check.too_many_outcomes", refused.Errors[0].Code);
    }

    [Theory]
    [InlineData("22500", "37500", 10, "22500 24000 25500 27000 28500 30000 31500 33000 34500 36000 37500")]
    [InlineData("0", "10", 3, "0 3.33 6.67 10")]           // edges rounded to kopecks, half away from zero
    [InlineData("0", "0.05", 10, "0 0.01 0.02 0.03 0.04 0.05")] // five kopecks: five buckets, never an empty width
    [InlineData("100", "100", 10, "100 100")]             // one pay: one bucket
    [InlineData("15000", "15000.01", 10, "15000 15000.01")]
    public void Histogram_edges_are_equal_widths_rounded_to_kopecks(string min, string max, int buckets, string edges)
    {
        var expected = edges.Split(' ').Select(e => decimal.Parse(e, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(expected, SchemeCheck.HistogramEdges(Parse(min), Parse(max), buckets));
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("3.32", 0)]
    [InlineData("3.33", 1)]  // a bucket holds its lower edge
    [InlineData("6.67", 2)]
    [InlineData("10", 2)]    // the last holds the max too
    public void A_pay_falls_in_the_bucket_that_starts_at_or_below_it(string total, int bucket) =>
        Assert.Equal(bucket, SchemeCheck.BucketOf([0m, 3.33m, 6.67m, 10m], Parse(total)));

    private static decimal Parse(string s) => decimal.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    private sealed class OutcomeComparer : IEqualityComparer<CheckOutcome>
    {
        public static readonly OutcomeComparer Instance = new();

        public bool Equals(CheckOutcome? x, CheckOutcome? y) =>
            x is not null && y is not null && x.BandIndexes.SequenceEqual(y.BandIndexes) && x.Coefficients.SequenceEqual(y.Coefficients)
            && (x.WeightedSum, x.Variable, x.Bonus, x.Total, x.Gated) == (y.WeightedSum, y.Variable, y.Bonus, y.Total, y.Gated);

        public int GetHashCode(CheckOutcome obj) => obj.Total.GetHashCode();
    }
}
