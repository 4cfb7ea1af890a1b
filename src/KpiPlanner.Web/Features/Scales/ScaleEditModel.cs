using KpiPlanner.Domain.Scales;

namespace KpiPlanner.Web.Features.Scales;

/// <summary>
/// A scale as HR edits it: bands are contiguous by construction — a band starts where the one before it ends, so a
/// gap or an overlap cannot be typed. Each boundary belongs to exactly one side (the "inclusive" switch).
/// </summary>
public sealed class ScaleEditModel
{
    public int? Id { get; set; }

    public uint Version { get; set; }

    public string Name { get; set; } = string.Empty;

    public decimal? Cap { get; set; }

    public List<BandRow> Bands { get; set; } = [];

    public static ScaleEditModel From(ScaleSpec spec, string name, int? id = null, uint version = 0) => new()
    {
        Id = id,
        Version = version,
        Name = name,
        Cap = spec.Cap,
        Bands = spec.Bands.Select(b => new BandRow
        {
            To = b.To,
            ToInclusive = b.ToInclusive,
            Coefficient = b.Coefficient,
            Linear = b.CoefficientTo is not null,
            CoefficientTo = b.CoefficientTo,
            Label = b.Label,
        }).ToList(),
    };

    /// <summary>The start of band <paramref name="index"/>: 0 for the first, else the end of the band before.</summary>
    public decimal FromOf(int index) => index == 0 ? 0m : Bands[index - 1].To ?? 0m;

    /// <summary>Whether band <paramref name="index"/> owns its start (the band before does not).</summary>
    public bool FromInclusive(int index) => index == 0 || !Bands[index - 1].ToInclusive;

    public ScaleSpec ToSpec() => new(
        Bands.Select((b, i) => new Band(
            FromOf(i),
            i == Bands.Count - 1 ? null : b.To,
            b.Coefficient,
            i != Bands.Count - 1 && b.ToInclusive,
            b.Linear ? b.CoefficientTo : null,
            string.IsNullOrWhiteSpace(b.Label) ? null : b.Label.Trim())).ToList(),
        Cap,
        ScaleKind.Percent,
        null,
        Name);

    /// <summary>Splits the last band: the new band starts where the last one started plus 20 points.</summary>
    public void AddBand()
    {
        if (Bands.Count == 0)
        {
            Bands.Add(new BandRow { Coefficient = 1m });
            return;
        }

        var last = Bands[^1];
        var start = FromOf(Bands.Count - 1);
        last.To = start + 20m;
        Bands.Add(new BandRow { Coefficient = last.Coefficient, Label = null });
    }

    public void RemoveBand(int index)
    {
        if (Bands.Count <= 1)
        {
            return;
        }

        Bands.RemoveAt(index);
        Bands[^1].To = null;
    }
}

public sealed class BandRow
{
    /// <summary>The end of the band in percent; null = up to +∞ (the last band only).</summary>
    public decimal? To { get; set; }

    /// <summary>True: the end value belongs to this band ("до 100 % включительно"); false: to the next one.</summary>
    public bool ToInclusive { get; set; }

    public decimal Coefficient { get; set; }

    /// <summary>A linear band grows from <see cref="Coefficient"/> at its start to this value at its end.</summary>
    public bool Linear { get; set; }

    public decimal? CoefficientTo { get; set; }

    public string? Label { get; set; }
}
