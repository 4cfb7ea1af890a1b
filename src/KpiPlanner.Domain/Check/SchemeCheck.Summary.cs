using KpiPlanner.Domain.Schemes;
using KpiPlanner.Domain.Validation;

namespace KpiPlanner.Domain.Check;

public static partial class SchemeCheck
{
    /// <summary>The histogram's bucket count (fewer when min and max are fewer kopecks apart).</summary>
    public const int HistogramBuckets = 10;

    /// <summary>The most cells the matrix has (50 bands × 50); beyond them the summary has none, so that it stays small.</summary>
    public const int MaxMatrixCells = 2_500;

    /// <summary>
    /// The check as a summary, without holding the outcomes: their number, min / plan / max, a histogram of the pay over
    /// every outcome and — for a scheme of exactly two KPIs, or for the two KPIs given in <paramref name="matrix"/> —
    /// the matrix of the pay (rows = the first KPI's bands, columns = the second's, every other KPI at its plan band;
    /// the article's table 6; none beyond <see cref="MaxMatrixCells"/>). Walks the outcomes twice (min and max, then the buckets) and keeps only the counts;
    /// <see cref="CheckSummary.Outcomes"/> then computes any page of them. Refuses beyond <paramref name="maxOutcomes"/>.
    /// </summary>
    public static Result<CheckSummary> Summarize(MotivationScheme scheme, (int Rows, int Columns)? matrix = null, int maxOutcomes = MaxOutcomes)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxOutcomes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxOutcomes, MaxOutcomes);
        var n = scheme.Kpis.Count;
        if (matrix is { } m)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(m.Rows);
            ArgumentOutOfRangeException.ThrowIfNegative(m.Columns);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(m.Rows, n);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(m.Columns, n);
            if (m.Rows == m.Columns)
            {
                throw new ArgumentException("The matrix needs two different KPIs.", nameof(matrix));
            }
        }
        else if (n == 2)
        {
            matrix = (0, 1);
        }

        if (TooMany(scheme, maxOutcomes) is { } tooMany)
        {
            return Result<CheckSummary>.Failure(tooMany);
        }

        var table = new CheckTable(scheme);
        try
        {
            // First pass: min and max (each total is checked against the money range once, here).
            var bands = new int[n];
            decimal min = decimal.MaxValue, max = decimal.MinValue;
            do
            {
                var total = table.Total(bands);
                if (!Money.IsInRange(total))
                {
                    return OutOfRange<CheckSummary>();
                }

                min = Math.Min(min, total);
                max = Math.Max(max, total);
            }
            while (table.Next(bands));

            // Second pass: every outcome into its bucket.
            var edges = HistogramEdges(min, max, HistogramBuckets);
            var counts = new int[edges.Length - 1];
            do
            {
                counts[BucketOf(edges, table.Total(bands))]++;
            }
            while (table.Next(bands));

            var histogram = counts.Select((c, i) => new CheckHistogramBucket(edges[i], edges[i + 1], c)).ToArray();
            var plan = table.Outcome(table.PlanBands);
            return Result<CheckSummary>.Success(new CheckSummary(table, min, plan, max, histogram,
                matrix is { } mx && (long)table.BandCounts[mx.Rows] * table.BandCounts[mx.Columns] <= MaxMatrixCells
                    ? Matrix(table, mx.Rows, mx.Columns)
                    : null));
        }
        catch (OverflowException)
        {
            return OutOfRange<CheckSummary>();
        }
    }

    /// <summary>
    /// The edges of the histogram between <paramref name="min"/> and <paramref name="max"/>: <paramref name="buckets"/>
    /// equal widths (fewer when the range holds fewer kopecks, so that no two edges coincide), each inner edge rounded
    /// to kopecks by <see cref="Money.Round"/>; one bucket [min, max] when they are equal.
    /// </summary>
    public static decimal[] HistogramEdges(decimal min, decimal max, int buckets)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(buckets);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, min);
        var span = max - min;
        var count = (int)Math.Max(1m, Math.Min(buckets, Math.Floor(span * 100m)));
        var edges = new decimal[count + 1];
        edges[0] = min;
        edges[count] = max;
        for (var i = 1; i < count; i++)
        {
            edges[i] = Money.Round(min + (span * i / count));
        }

        return edges;
    }

    /// <summary>The bucket of <paramref name="total"/>: [from, to), the last one [from, to].</summary>
    public static int BucketOf(decimal[] edges, decimal total)
    {
        ArgumentNullException.ThrowIfNull(edges);
        int low = 0, high = edges.Length - 2;
        while (low < high)
        {
            var middle = (low + high + 1) / 2;
            if (edges[middle] <= total)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }

        return low;
    }

    private static CheckMatrix Matrix(CheckTable table, int rowKpi, int columnKpi)
    {
        var bands = (int[])table.PlanBands.Clone();
        var totals = new decimal[table.BandCounts[rowKpi]][];
        for (var r = 0; r < totals.Length; r++)
        {
            totals[r] = new decimal[table.BandCounts[columnKpi]];
            for (var c = 0; c < totals[r].Length; c++)
            {
                bands[rowKpi] = r;
                bands[columnKpi] = c;
                totals[r][c] = table.Total(bands);
            }
        }

        return new CheckMatrix(
            rowKpi,
            columnKpi,
            [.. Enumerable.Range(0, table.BandCounts[rowKpi]).Select(b => table.Coefficient(rowKpi, b))],
            [.. Enumerable.Range(0, table.BandCounts[columnKpi]).Select(b => table.Coefficient(columnKpi, b))],
            totals);
    }
}

/// <summary>The result of <see cref="SchemeCheck.Summarize"/>: the check without its list of outcomes.</summary>
public sealed class CheckSummary
{
    private readonly CheckTable _table;

    internal CheckSummary(CheckTable table, decimal min, CheckOutcome plan, decimal max,
        IReadOnlyList<CheckHistogramBucket> histogram, CheckMatrix? matrix)
    {
        _table = table;
        Min = min;
        PlanOutcome = plan;
        Max = max;
        Histogram = histogram;
        Matrix = matrix;
    }

    /// <summary>The number of outcomes: the product of <see cref="BandCounts"/>.</summary>
    public int Count => (int)_table.Count;

    /// <summary>The number of bands of each KPI, in the scheme's order.</summary>
    public IReadOnlyList<int> BandCounts => _table.BandCounts;

    /// <summary>The smallest pay, ₽.</summary>
    public decimal Min { get; }

    /// <summary>The outcome with every KPI in the band holding its plan.</summary>
    public CheckOutcome PlanOutcome { get; }

    /// <summary>The pay when every KPI is at its plan band, ₽.</summary>
    public decimal Plan => PlanOutcome.Total;

    /// <summary>The largest pay, ₽.</summary>
    public decimal Max { get; }

    /// <summary>Every outcome counted into equal-width buckets from min to max; the counts sum to <see cref="Count"/>.</summary>
    public IReadOnlyList<CheckHistogramBucket> Histogram { get; }

    /// <summary>The pay of two KPIs' bands against each other (the others at plan), or null.</summary>
    public CheckMatrix? Matrix { get; }

    /// <summary>
    /// The outcomes from position <paramref name="skip"/> (0-based) on, at most <paramref name="take"/>, in the check's
    /// order (the last KPI turning fastest) — computed now, never held; empty past the end.
    /// </summary>
    public IReadOnlyList<CheckOutcome> Outcomes(long skip, int take)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        ArgumentOutOfRangeException.ThrowIfNegative(take);
        if (skip >= _table.Count || take == 0)
        {
            return [];
        }

        var list = new List<CheckOutcome>((int)Math.Min(take, _table.Count - skip));
        var bands = _table.BandsAt(skip);
        do
        {
            list.Add(_table.Outcome(bands));
        }
        while (list.Count < take && _table.Next(bands));

        return list;
    }
}

/// <summary>A bucket of the check's histogram: the outcomes whose pay is in [From, To) (the last bucket: [From, To]).</summary>
public sealed record CheckHistogramBucket(decimal From, decimal To, int Count);

/// <summary>
/// The pay of two KPIs against each other, every other KPI in its plan band: <c>Totals[r][c]</c> is the pay with the
/// row KPI in band r and the column KPI in band c (for the article's two KPIs: table 6).
/// </summary>
/// <param name="RowKpi">The index of the KPI whose bands are the rows.</param>
/// <param name="ColumnKpi">The index of the KPI whose bands are the columns.</param>
/// <param name="RowCoefficients">The row KPI's coefficient in each band (its end value, capped).</param>
/// <param name="ColumnCoefficients">The column KPI's coefficient in each band.</param>
/// <param name="Totals">The pay, ₽, row by row.</param>
public sealed record CheckMatrix(
    int RowKpi,
    int ColumnKpi,
    IReadOnlyList<decimal> RowCoefficients,
    IReadOnlyList<decimal> ColumnCoefficients,
    IReadOnlyList<IReadOnlyList<decimal>> Totals);
