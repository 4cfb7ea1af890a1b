using KpiPlanner.Domain.Validation;

namespace KpiPlanner.Domain.Scales;

/// <summary>
/// A coefficient scale as typed by a person or received over the API — not yet checked.
/// <see cref="Validate"/> lists every error; <see cref="CoefficientScale.Create"/> turns a valid one into a scale.
/// </summary>
/// <param name="Bands">The bands, lowest first.</param>
/// <param name="Cap">The highest coefficient the scale pays, if capped.</param>
/// <param name="Kind">Percent (default) or raw value.</param>
/// <param name="PlanValue">
/// Raw-value scales only: the value that means "plan met" (e.g. 0 days late), used by the check's plan outcome.
/// Percent scales always use 100 %.
/// </param>
/// <param name="Name">An optional name ("Article, table 3").</param>
public sealed record ScaleSpec(
    IReadOnlyList<Band> Bands,
    decimal? Cap = null,
    ScaleKind Kind = ScaleKind.Percent,
    decimal? PlanValue = null,
    string? Name = null)
{
    /// <summary>
    /// Every error of the scale, paths relative to the scale (<c>bands[2].to</c>, <c>cap</c>).
    /// Rules (domain.md §4): at least one band; a percent scale's first band starts at 0; bands are contiguous with no
    /// gap and no overlap; each boundary belongs to exactly one side; only the last band is open (to +∞), and it must
    /// be; each band ends after it starts; coefficients and cap are not negative; a linear band has a finite end;
    /// every number fits numeric(18,2).
    /// </summary>
    public IReadOnlyList<DomainError> Validate()
    {
        var errors = new ErrorList();
        if (Cap is { } cap && errors.Number("cap", cap) && cap < 0)
        {
            errors.Add(DomainErrors.ScaleNegativeCap, "cap", ("value", cap));
        }

        if (Kind == ScaleKind.RawValue)
        {
            if (PlanValue is { } planValue)
            {
                errors.Number("planValue", planValue);
            }
            else
            {
                errors.Add(DomainErrors.ScalePlanValueRequired, "planValue");
            }
        }

        if (Bands is null || Bands.Count == 0)
        {
            errors.Add(DomainErrors.ScaleNoBands, "bands");
            return errors;
        }

        for (var i = 0; i < Bands.Count; i++)
        {
            ValidateBand(errors, i);
        }

        var last = Bands[^1];
        if (last.To is { } lastTo)
        {
            errors.Add(DomainErrors.ScaleLastBandNotOpen, Paths.Index("bands", Bands.Count - 1) + ".to", ("to", lastTo));
        }

        return errors;
    }

    private void ValidateBand(ErrorList errors, int i)
    {
        var band = Bands[i];
        var path = Paths.Index("bands", i);
        var numbersOk = errors.Number(path + ".from", band.From)
            & (band.To is not { } t || errors.Number(path + ".to", t))
            & errors.Number(path + ".coefficient", band.Coefficient)
            & (band.CoefficientTo is not { } ct || errors.Number(path + ".coefficientTo", ct));

        if (band.Coefficient < 0)
        {
            errors.Add(DomainErrors.ScaleNegativeCoefficient, path + ".coefficient", ("value", band.Coefficient));
        }

        if (band.CoefficientTo is { } coefficientTo && coefficientTo < 0)
        {
            errors.Add(DomainErrors.ScaleNegativeCoefficient, path + ".coefficientTo", ("value", coefficientTo));
        }

        if (band.To is { } to)
        {
            if (to <= band.From)
            {
                errors.Add(DomainErrors.ScaleBandReversed, path + ".to", ("from", band.From), ("to", to));
            }
        }
        else
        {
            if (i < Bands.Count - 1)
            {
                errors.Add(DomainErrors.ScaleOpenBandNotLast, path + ".to");
            }

            if (band.IsLinear)
            {
                errors.Add(DomainErrors.ScaleLinearBandWithoutEnd, path + ".to");
            }
        }

        if (i == 0)
        {
            if (Kind == ScaleKind.Percent && band.From != 0)
            {
                errors.Add(DomainErrors.ScaleFirstBandNotAtZero, path + ".from", ("from", band.From));
            }

            return;
        }

        var previous = Bands[i - 1];
        if (previous.To is not { } previousTo || !numbersOk)
        {
            return; // an open band before the last is already reported
        }

        if (band.From > previousTo)
        {
            errors.Add(DomainErrors.ScaleGap, path + ".from", ("previousTo", previousTo), ("from", band.From));
        }
        else if (band.From < previousTo)
        {
            errors.Add(DomainErrors.ScaleOverlap, path + ".from", ("previousTo", previousTo), ("from", band.From));
        }
        else if (band.FromInclusive == true && previous.ToInclusive)
        {
            errors.Add(DomainErrors.ScaleBoundaryOwnedByBoth, Paths.Index("bands", i - 1) + ".toInclusive",
                ("boundary", previousTo));
        }
        else if (band.FromInclusive == false && !previous.ToInclusive)
        {
            errors.Add(DomainErrors.ScaleBoundaryOwnedByNeither, Paths.Index("bands", i - 1) + ".toInclusive",
                ("boundary", previousTo));
        }
    }
}
