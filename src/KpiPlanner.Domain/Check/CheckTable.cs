using KpiPlanner.Domain.Schemes;

namespace KpiPlanner.Domain.Check;

/// <summary>
/// What the check needs of a scheme, per KPI and band: the representative coefficient, its weighted value, whether the
/// gate fails there and whether the threshold bonus is reached. Computes any one outcome from its bands, so the whole
/// set can be walked (or paged) without holding it.
/// </summary>
internal sealed class CheckTable
{
    private readonly MotivationScheme _scheme;
    private readonly decimal[][] _coefficients;
    private readonly decimal[][] _weighted;
    private readonly bool[][] _gateFails;
    private readonly bool[] _bonusReached;
    private readonly int _bonusKpi;
    private readonly decimal _bonusAmount;

    public CheckTable(MotivationScheme scheme)
    {
        _scheme = scheme;
        var kpis = scheme.Kpis;
        var n = kpis.Count;
        _coefficients = new decimal[n][];
        _weighted = new decimal[n][];
        _gateFails = new bool[n][];
        BandCounts = new int[n];
        PlanBands = new int[n];
        long count = 1;
        for (var k = 0; k < n; k++)
        {
            var kpi = kpis[k];
            var bands = kpi.Scale.Bands;
            BandCounts[k] = bands.Count;
            PlanBands[k] = kpi.Scale.IndexOf(kpi.Scale.PlanPoint);
            count *= bands.Count;
            _coefficients[k] = new decimal[bands.Count];
            _weighted[k] = new decimal[bands.Count];
            _gateFails[k] = new bool[bands.Count];
            for (var b = 0; b < bands.Count; b++)
            {
                var c = kpi.Scale.ApplyCap(bands[b].EndCoefficient);
                _coefficients[k][b] = c;
                _weighted[k][b] = kpi.WeightFraction * c;
                _gateFails[k][b] = kpi.Gate is { } gate && !kpi.BandCanReach(b, gate);
            }
        }

        Count = count;
        _bonusKpi = scheme.BonusKpiIndex;
        if (scheme.Bonus is ThresholdBonusRule rule)
        {
            _bonusAmount = rule.Amount;
            _bonusReached = [.. Enumerable.Range(0, BandCounts[_bonusKpi]).Select(b => kpis[_bonusKpi].BandCanReach(b, rule.Threshold))];
        }
        else
        {
            _bonusReached = [];
        }
    }

    /// <summary>The number of bands of each KPI.</summary>
    public int[] BandCounts { get; }

    /// <summary>The band holding each KPI's plan point.</summary>
    public int[] PlanBands { get; }

    /// <summary>The number of outcomes: the product of the band counts (the caller bounds it before walking).</summary>
    public long Count { get; }

    /// <summary>The total of one outcome, ₽ (may throw <see cref="OverflowException"/> for absurd amounts).</summary>
    public decimal Total(int[] bands)
    {
        var sum = 0m;
        var gated = false;
        for (var k = 0; k < bands.Length; k++)
        {
            sum += _weighted[k][bands[k]];
            gated |= _gateFails[k][bands[k]];
        }

        return _scheme.Fixed + (gated ? 0m : Money.Round(_scheme.PlannedVariable * sum)) + Bonus(bands);
    }

    /// <summary>One outcome in full (its own copy of <paramref name="bands"/>).</summary>
    public CheckOutcome Outcome(int[] bands)
    {
        var n = bands.Length;
        var coefs = new decimal[n];
        var sum = 0m;
        var gated = false;
        for (var k = 0; k < n; k++)
        {
            coefs[k] = _coefficients[k][bands[k]];
            sum += _weighted[k][bands[k]];
            gated |= _gateFails[k][bands[k]];
        }

        var variable = gated ? 0m : Money.Round(_scheme.PlannedVariable * sum);
        var bonus = Bonus(bands);
        return new CheckOutcome([.. bands], coefs, sum, variable, bonus, _scheme.Fixed + variable + bonus, gated);
    }

    /// <summary>The representative coefficient of band <paramref name="band"/> of KPI <paramref name="kpi"/>.</summary>
    public decimal Coefficient(int kpi, int band) => _coefficients[kpi][band];

    private decimal Bonus(int[] bands) => _bonusReached.Length > 0 && _bonusReached[bands[_bonusKpi]] ? _bonusAmount : 0m;

    /// <summary>The bands of the outcome at <paramref name="position"/> in the check's order (the last KPI turning fastest).</summary>
    public int[] BandsAt(long position)
    {
        var bands = new int[BandCounts.Length];
        for (var k = BandCounts.Length - 1; k >= 0; k--)
        {
            bands[k] = (int)(position % BandCounts[k]);
            position /= BandCounts[k];
        }

        return bands;
    }

    /// <summary>
    /// Turns the odometer one step (the last KPI fastest, so 2 KPIs read row by row like table 6); false after the last.
    /// </summary>
    public bool Next(int[] bands)
    {
        for (var k = bands.Length - 1; k >= 0; k--)
        {
            if (++bands[k] < BandCounts[k])
            {
                return true;
            }

            bands[k] = 0;
        }

        return false;
    }
}
