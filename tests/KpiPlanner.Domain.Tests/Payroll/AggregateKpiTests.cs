using KpiPlanner.Domain.Kpis;
using KpiPlanner.Domain.Pay;
using KpiPlanner.Domain.Payroll;
using KpiPlanner.Domain.Schemes;
using KpiPlanner.Domain.Validation;

namespace KpiPlanner.Domain.Tests.Payroll;

/// <summary>
/// An aggregated KPI (the consultants' «агрегированные показатели»: one indicator made of several measured ones, e.g. the
/// intensity of work from calls, meetings and documents): the weighted mean of its parts' completions, each part counted
/// within 0–200 % (docs/kpi-kinds.md). The parts are KPIs of the same scheme, measured as they are on their own; a part
/// may weigh 0 in the scheme (measured for the index only).
/// </summary>
public sealed class AggregateKpiTests
{
    private static readonly WorkedTime FullMonth = new(21, 21, ProrationBasis.WorkingDays);

    /// <summary>
    /// Sales 60 %; «Интенсивность работы» 40 %, an index of calls 40 / meetings 30 / documents 30, which weigh 0 in the
    /// scheme. Fixed 20 000, planned variable 20 000, the article's table-3 scale everywhere.
    /// </summary>
    private static SchemeSpec IntensitySpec(decimal? callsWeightInScheme = null) => new(
        20_000m,
        20_000m,
        [
            new SchemeKpiSpec("Продажи", callsWeightInScheme is null ? 60m : 60m - callsWeightInScheme.Value, Build.Table3Spec),
            new SchemeKpiSpec("Интенсивность работы", 40m, Build.Table3Spec, Measurement: Measurement.Aggregate,
                Parts: [new("Звонки", 40m), new("Встречи", 30m), new("Документы", 30m)]),
            new SchemeKpiSpec("Звонки", callsWeightInScheme ?? 0m, Build.Table3Spec),
            new SchemeKpiSpec("Встречи", 0m, Build.Table3Spec),
            new SchemeKpiSpec("Документы", 0m, Build.Table3Spec),
        ]);

    private static KpiFigures F(decimal? plan, decimal? fact) => new(plan, fact);

    [Theory]
    // calls plan/fact, meetings plan/fact, documents plan/fact → the index's completion (each part counted 0–200 %)
    [InlineData(200, 220, 40, 36, 20, 20, "101")]     // 40 × 110 + 30 × 90 + 30 × 100 = 10 100 → 101 %
    [InlineData(200, 1000, 40, 36, 20, 20, "137")]    // calls 500 % count as 200: 8 000 + 2 700 + 3 000
    [InlineData(200, 0, 40, 40, 20, 20, "60")]        // no calls: 0 + 3 000 + 3 000
    [InlineData(200, 200, 40, 40, 20, 20, "100")]     // every part on plan
    public void The_index_is_the_weighted_mean_of_its_parts_each_counted_within_0_to_200_percent(
        int callsPlan, int calls, int meetingsPlan, int meetings, int documentsPlan, int documents, string expected)
    {
        var scheme = Build.Scheme(IntensitySpec());

        var measured = KpiMeasure.OfScheme(scheme,
            [F(300_000m, 300_000m), F(null, null), F(callsPlan, calls), F(meetingsPlan, meetings), F(documentsPlan, documents)]);

        Assert.Equal((Build.D(expected), MissingFigure.None), (measured[1].Completion.Value, measured[1].Missing));
    }

    [Fact]
    public void A_lower_is_better_part_with_a_fact_of_0_counts_200_percent_not_infinity()
    {
        // Cost per lead (lower is better) with a fact of 0 is +∞ on its own; in the index it counts 200 %.
        var spec = new SchemeSpec(0m, 10_000m,
        [
            new SchemeKpiSpec("Индекс", 100m, Build.Table3Spec, Measurement: Measurement.Aggregate,
                Parts: [new("Лиды", 50m), new("Стоимость лида", 50m)]),
            new SchemeKpiSpec("Лиды", 0m, Build.Table3Spec),
            new SchemeKpiSpec("Стоимость лида", 0m, Build.Table3Spec, Direction.LowerIsBetter),
        ]);
        var measured = KpiMeasure.OfScheme(Build.Scheme(spec), [F(null, null), F(100m, 100m), F(500m, 0m)]);

        Assert.True(measured[2].Completion.IsPositiveInfinity); // on its own
        Assert.Equal(150m, measured[0].Completion.Value);       // 50 × 100 + 50 × 200
    }

    [Fact]
    public void A_growth_part_that_fell_counts_0_percent_not_a_negative_that_cancels_the_others()
    {
        var spec = new SchemeSpec(0m, 10_000m,
        [
            new SchemeKpiSpec("Индекс", 100m, Build.Table3Spec, Measurement: Measurement.Aggregate,
                Parts: [new("Прирост", 50m), new("Звонки", 50m)]),
            new SchemeKpiSpec("Прирост", 0m, Build.Table3Spec, Measurement: Measurement.Growth),
            new SchemeKpiSpec("Звонки", 0m, Build.Table3Spec),
        ]);
        // Base 1 000 000, plan 1 200 000, fact 900 000: growth −100 000 of +200 000 planned = −50 %.
        var measured = KpiMeasure.OfScheme(Build.Scheme(spec),
            [F(null, null), F(1_200_000m, 900_000m) with { Base = 1_000_000m }, F(100m, 120m)]);

        Assert.Equal(-50m, measured[1].Completion.Value);
        Assert.Equal(60m, measured[0].Completion.Value); // 50 × 0 + 50 × 120
    }

    [Theory]
    [InlineData(null, 36, MissingFigure.Part)]
    [InlineData(40, null, MissingFigure.Part)]
    public void A_part_without_its_figures_leaves_the_index_unmeasured_0_percent_and_flagged(int? meetingsPlan, int? meetings, MissingFigure expected)
    {
        var scheme = Build.Scheme(IntensitySpec());
        var line = PayLineCalculator.Calculate(scheme,
            [F(300_000m, 300_000m), F(null, null), F(200m, 220m), F(meetingsPlan, meetings), F(20m, 20m)], FullMonth);

        var index = line.Kpis[1];
        Assert.Equal((expected, 0m, 0m), (index.Missing, index.CompletionPercent!.Value, index.Coefficient));
        Assert.True(line.HasMissingFigures);
        Assert.Null(index.Parts![1].CountedPercent); // the meetings part says it has no completion
    }

    [Fact]
    public void The_pay_line_pays_the_index_by_its_weight_and_the_parts_weighing_0_pay_nothing_on_their_own()
    {
        // Sales 330 000 of 300 000 = 110 % → 1.2 × 60 % = 0.72. Index 101 % (see above) → 1.2 × 40 % = 0.48.
        // Parts weigh 0: 0. Variable = 20 000 × (0.72 + 0.48) = 24 000; total = 20 000 + 24 000 = 44 000.
        var scheme = Build.Scheme(IntensitySpec());
        var line = PayLineCalculator.Calculate(scheme,
            [F(300_000m, 330_000m), F(null, null), F(200m, 220m), F(40m, 36m), F(20m, 20m)], FullMonth);

        Assert.Equal((24_000m, 44_000m), (line.Variable, line.Total));
        var index = line.Kpis[1];
        Assert.Equal((101m, 1.2m, 9_600m), (index.CompletionPercent!.Value, index.Coefficient, index.Contribution));
        Assert.Equal(
            [("Звонки", 40m, (decimal?)110m), ("Встречи", 30m, 90m), ("Документы", 30m, 100m)],
            index.Parts!.Select(p => (p.Kpi, p.Weight, p.CountedPercent)));
        Assert.All(line.Kpis.Skip(2), part => Assert.Equal(0m, part.Contribution));
        Assert.Equal(line.Variable, line.Kpis.Sum(k => k.Contribution));
    }

    [Fact]
    public void A_part_may_also_be_paid_on_its_own()
    {
        // Calls weigh 10 % in the scheme too (sales 50 %): calls 110 % → 1.2 × 10 % = 0.12; sales 100 % → 1 × 50 % = 0.5;
        // index 101 % → 1.2 × 40 % = 0.48. Variable = 20 000 × 1.1 = 22 000.
        var scheme = Build.Scheme(IntensitySpec(callsWeightInScheme: 10m));
        var line = PayLineCalculator.Calculate(scheme,
            [F(300_000m, 300_000m), F(null, null), F(200m, 220m), F(40m, 36m), F(20m, 20m)], FullMonth);

        Assert.Equal(22_000m, line.Variable);
    }

    [Fact]
    public void The_pay_formula_from_figures_measures_an_index_from_its_parts_as_the_pay_run_does_and_a_given_completion_wins()
    {
        var scheme = Build.Scheme(IntensitySpec());
        var inputs = new[]
        {
            KpiResultInput.PlanFact(300_000m, 330_000m), new KpiResultInput(null, null),
            KpiResultInput.PlanFact(200m, 220m), KpiResultInput.PlanFact(40m, 36m), KpiResultInput.PlanFact(20m, 20m),
        };

        Assert.Equal(101m, Build.Pay(scheme, inputs).Kpis[1].Completion.Value);
        inputs[1] = KpiResultInput.Completed(80m);
        Assert.Equal(80m, Build.Pay(scheme, inputs).Kpis[1].Completion.Value);
    }

    [Fact]
    public void A_screen_reads_the_index_from_its_parts_readings_with_no_made_up_0_percent()
    {
        var scheme = Build.Scheme(IntensitySpec());
        var index = scheme.Kpis[1];
        KpiReading Part(decimal? plan, decimal? fact, int i) => KpiMeasure.Read(scheme.Kpis[i], F(plan, fact));

        var all = KpiMeasure.ReadIndex(index, i => i switch { 2 => Part(200m, 220m, i), 3 => Part(40m, 36m, i), _ => Part(20m, 20m, i) });
        var missing = KpiMeasure.ReadIndex(index, i => i switch { 2 => Part(200m, null, i), 3 => Part(40m, 36m, i), _ => Part(20m, 20m, i) });
        var notDue = KpiMeasure.ReadIndex(index, i => new KpiReading(null, MissingFigure.None, null) { NothingDue = true });

        Assert.Equal(101m, all.Completion!.Value.Value);
        Assert.Equal((null, MissingFigure.Part), (missing.Completion, missing.Missing));
        Assert.True(notDue.NothingDue);
        Assert.Null(notDue.Completion);
    }

    [Fact]
    public void The_scheme_keeps_its_parts_through_its_spec()
    {
        var scheme = Build.Scheme(IntensitySpec());

        var again = Build.Scheme(scheme.ToSpec());

        Assert.Equal([(2, "Звонки", 40m), (3, "Встречи", 30m), (4, "Документы", 30m)],
            again.Kpis[1].Parts.Select(p => (p.Index, p.Kpi, p.Weight)));
        Assert.Empty(again.Kpis[0].Parts);
    }

    public static TheoryData<string, SchemeSpec, string, string> Refused()
    {
        var table3 = Build.Table3Spec;
        SchemeKpiSpec Index(AggregatePartSpec[] parts) =>
            new("Индекс", 50m, table3, Measurement: Measurement.Aggregate, Parts: parts);
        SchemeSpec Of(params SchemeKpiSpec[] kpis) => new(0m, 10_000m, kpis);
        var calls = new SchemeKpiSpec("Звонки", 25m, table3);
        var meetings = new SchemeKpiSpec("Встречи", 25m, table3);
        return new()
        {
            { "no parts", Of(Index([]), calls, meetings), DomainErrors.KpiAggregatePartsRequired, "kpis[0].parts" },
            { "one part", Of(Index([new("Звонки", 100m)]), calls, meetings), DomainErrors.KpiAggregatePartsRequired, "kpis[0].parts" },
            { "unknown part", Of(Index([new("Звонки", 50m), new("Письма", 50m)]), calls, meetings), DomainErrors.KpiAggregateUnknownPart, "kpis[0].parts[1].kpi" },
            { "itself", Of(Index([new("Звонки", 50m), new("индекс", 50m)]), calls, meetings), DomainErrors.KpiAggregateUnknownPart, "kpis[0].parts[1].kpi" },
            { "twice", Of(Index([new("Звонки", 50m), new(" звонки ", 50m)]), calls, meetings), DomainErrors.KpiAggregateDuplicatePart, "kpis[0].parts[1].kpi" },
            { "weights 90", Of(Index([new("Звонки", 50m), new("Встречи", 40m)]), calls, meetings), DomainErrors.KpiAggregatePartsSum, "kpis[0].parts" },
            { "weight 0", Of(Index([new("Звонки", 100m), new("Встречи", 0m)]), calls, meetings), DomainErrors.KpiWeightNotPositive, "kpis[0].parts[1].weight" },
            {
                "a raw value part",
                Of(Index([new("Звонки", 50m), new("Минуты", 50m)]), calls,
                    new("Минуты", 25m, new Scales.ScaleSpec([new(0m, null, 1m)], Kind: Scales.ScaleKind.RawValue), Direction.LowerIsBetter, Measurement.RawValue)),
                DomainErrors.KpiAggregatePartNotPercent, "kpis[0].parts[1].kpi"
            },
            {
                "parts on a plan/fact KPI",
                Of(new SchemeKpiSpec("Продажи", 50m, table3, Parts: [new("Звонки", 50m), new("Встречи", 50m)]), calls, meetings),
                DomainErrors.KpiPartsWithoutAggregate, "kpis[0].parts"
            },
            {
                "weight 0 on a KPI no index names",
                Of(new SchemeKpiSpec("Продажи", 100m, table3), new SchemeKpiSpec("Звонки", 0m, table3)),
                DomainErrors.KpiWeightNotPositive, "kpis[1].weight"
            },
        };
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public void A_wrong_index_is_refused_at_its_field(string why, SchemeSpec spec, string code, string path)
    {
        var errors = MotivationScheme.Create(spec).Errors;

        Assert.True(errors.Any(e => e.Code == code && e.Path == path), why + ": " + Build.Describe(errors));
    }
}
