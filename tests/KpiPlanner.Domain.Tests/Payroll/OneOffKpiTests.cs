using KpiPlanner.Domain.Kpis;
using KpiPlanner.Domain.Pay;
using KpiPlanner.Domain.Payroll;
using KpiPlanner.Domain.Schemes;
using KpiPlanner.Domain.Validation;

namespace KpiPlanner.Domain.Tests.Payroll;

/// <summary>
/// A one-off KPI (the article's table 2, row 4: «разработать и провести мероприятие для 50 клиентов в период с 01.02 по
/// 01.03»; its KPIs are the attendance and, lower is better, the event's budget): measured once, over its own dates,
/// from the plan and fact entered for the month the period ends in, and paid in that month. In the other months it is
/// not due, and the due KPIs' weights count in proportion (docs/kpi-kinds.md).
/// </summary>
public sealed class OneOffKpiTests
{
    private static readonly WorkedTime FullMonth = new(20, 20, ProrationBasis.WorkingDays);
    private static readonly DateOnly February = new(2026, 2, 1);
    private static readonly DateOnly March = new(2026, 3, 1);
    private static readonly OneOffPeriod Event = new(new DateOnly(2026, 2, 1), new DateOnly(2026, 3, 1));

    /// <summary>
    /// Sales 60 % every month; the event's attendance 25 % and its budget 15 % (lower is better), both over 01.02–01.03.
    /// Fixed 30 000, planned variable 20 000, the article's table-3 scale.
    /// </summary>
    private static SchemeSpec EventSpec() => new(
        30_000m,
        20_000m,
        [
            new SchemeKpiSpec("Продажи", 60m, Build.Table3Spec),
            new SchemeKpiSpec("Посещение мероприятия", 25m, Build.Table3Spec, OneOff: Event),
            new SchemeKpiSpec("Бюджет мероприятия", 15m, Build.Table3Spec, Direction.LowerIsBetter, OneOff: Event),
        ]);

    private static KpiFigures F(decimal? plan, decimal? fact) => new(plan, fact);

    [Fact]
    public void The_period_is_due_in_the_month_it_ends_only()
    {
        Assert.Equal(March, Event.DueMonth);
        Assert.Equal(2, Event.MonthsSpanned);
        Assert.True(Event.IsDueIn(new DateOnly(2026, 3, 31)));
        Assert.False(Event.IsDueIn(February));
        Assert.False(Event.IsDueIn(new DateOnly(2027, 3, 1)));
    }

    [Fact]
    public void In_the_month_it_ends_every_kpi_counts_with_its_own_weight()
    {
        // Sales 95 % → 1; attendance 47 of 50 = 94 % → 1; budget 300 000 planned, 270 000 spent (lower is better:
        // 300/270 = 111.1 %) → 1.2. Σ = 0.6 × 1 + 0.25 × 1 + 0.15 × 1.2 = 1.03 → variable 20 600, pay 50 600.
        var line = PayLineCalculator.Calculate(Build.Scheme(EventSpec()),
            [F(1_000_000m, 950_000m), F(50m, 47m), F(300_000m, 270_000m)], FullMonth, month: March);

        Assert.Equal(1.03m, line.WeightedSum);
        Assert.Equal((20_600m, 50_600m), (line.Variable, line.Total));
        Assert.Equal(0m, line.NotDueWeight);
        Assert.All(line.Kpis, k => Assert.False(k.NotDue));
        Assert.Equal(Event, line.Kpis[1].OneOff);
        Assert.Equal(1.2m, line.Kpis[2].Coefficient);
    }

    [Theory]
    // sales completion → coefficient; the due weights (60 %) count as 100 %: variable = 20 000 × 0.6 × c / 0.6
    [InlineData(950_000, "20000")]  // 95 % → 1
    [InlineData(1_100_000, "24000")] // 110 % → 1.2
    [InlineData(800_000, "10000")]  // 80 % → 0.5
    public void In_another_month_it_is_not_due_and_the_due_weights_count_in_proportion(int salesFact, string variable)
    {
        var line = PayLineCalculator.Calculate(Build.Scheme(EventSpec()),
            [F(1_000_000m, salesFact), F(null, null), F(null, null)], FullMonth, month: February);

        Assert.Equal(Build.D(variable), line.Variable);
        Assert.Equal(40m, line.NotDueWeight);
        Assert.False(line.HasMissingFigures); // the event's KPIs take no figures in February: nothing is missing
        Assert.Equal([false, true, true], line.Kpis.Select(k => k.NotDue));
        Assert.Equal([0m, 0m], line.Kpis.Skip(1).Select(k => k.Contribution));
        Assert.Equal(line.Variable, Money.Round(line.Kpis.Sum(k => k.Contribution)));
    }

    [Fact]
    public void Without_a_month_the_preview_counts_every_kpi_as_due()
    {
        var pay = PayCalculator.Calculate(Build.Scheme(EventSpec()),
        [
            new KpiResultInput(Plan: 1_000_000m, Fact: 950_000m),
            new KpiResultInput(Plan: 50m, Fact: 47m),
            new KpiResultInput(Plan: 300_000m, Fact: 270_000m),
        ]).GetValueOrThrow();

        Assert.Equal(20_600m, pay.Variable);
        Assert.Equal(100m, pay.DueWeight);
    }

    [Fact]
    public void A_month_where_it_is_not_due_needs_no_figures_for_it()
    {
        var pay = PayCalculator.Calculate(Build.Scheme(EventSpec()),
            [new KpiResultInput(Plan: 1_000_000m, Fact: 950_000m), new KpiResultInput(null, null), new KpiResultInput(null, null)],
            month: February);

        Assert.True(pay.IsValid, string.Join("; ", pay.Errors.Select(e => e.Path + " " + e.Code)));
        Assert.Equal((60m, 20_000m), (pay.Value.DueWeight, pay.Value.Variable));
    }

    [Fact]
    public void The_variable_part_is_exact_to_the_kopeck_when_the_proportion_does_not_terminate()
    {
        // Three monthly KPIs of 20 % (95 %, 95 %, 70 % → 1, 1, 0.5) and a one-off of 40 % not due: Σ_due = 0.5 over
        // 0.6, i.e. 5/6 = 0.8333… A planned variable of 1 001,01 gives exactly 834,175 → 834,18 (half away from zero).
        // Multiplying by a rounded 0.8333…3 first would give 834,1749… → 834,17.
        var spec = new SchemeSpec(0m, 1_001.01m,
        [
            new SchemeKpiSpec("A", 20m, Build.Table3Spec),
            new SchemeKpiSpec("B", 20m, Build.Table3Spec),
            new SchemeKpiSpec("C", 20m, Build.Table3Spec),
            new SchemeKpiSpec("Разовый", 40m, Build.Table3Spec, OneOff: Event),
        ]);

        var line = PayLineCalculator.Calculate(Build.Scheme(spec),
            [F(100m, 95m), F(100m, 95m), F(100m, 70m), F(null, null)], FullMonth, month: February);

        Assert.Equal(834.18m, line.Variable);
    }

    [Fact]
    public void A_one_off_gate_or_bonus_kpi_acts_only_in_its_month()
    {
        var spec = EventSpec() with
        {
            Kpis =
            [
                new SchemeKpiSpec("Продажи", 60m, Build.Table3Spec),
                new SchemeKpiSpec("Посещение мероприятия", 40m, Build.Table3Spec, Gate: 50m, OneOff: Event),
            ],
            Bonus = new ThresholdBonusRule("Посещение мероприятия", 100m, 5_000m),
        };
        var scheme = Build.Scheme(spec);

        var february = PayLineCalculator.Calculate(scheme, [F(100m, 100m), F(null, null)], FullMonth, month: February);
        var marchFailed = PayLineCalculator.Calculate(scheme, [F(100m, 100m), F(50m, 20m)], FullMonth, month: March);
        var marchFull = PayLineCalculator.Calculate(scheme, [F(100m, 100m), F(50m, 50m)], FullMonth, month: March);

        Assert.Equal((false, 20_000m, 0m), (february.Gated, february.Variable, february.Bonus));
        Assert.Equal((true, 0m), (marchFailed.Gated, marchFailed.Variable));
        Assert.Equal((20_000m, 5_000m), (marchFull.Variable, marchFull.Bonus));
    }

    [Fact]
    public void The_spec_round_trips_the_period()
    {
        var spec = Build.Scheme(EventSpec()).ToSpec();

        Assert.Equal([null, Event, Event], spec.Kpis.Select(k => k.OneOff));
    }

    [Theory]
    [InlineData("2026-03-01", "2026-02-01", "kpis[1].oneOff.to", DomainErrors.KpiOneOffDatesReversed)]
    [InlineData("2026-01-01", "2027-01-31", "kpis[1].oneOff.to", DomainErrors.KpiOneOffTooLong)]
    public void Dates_out_of_order_or_too_long_are_refused_at_the_field(string from, string to, string path, string code)
    {
        var spec = EventSpec() with
        {
            Kpis =
            [
                new SchemeKpiSpec("Продажи", 60m, Build.Table3Spec),
                new SchemeKpiSpec("Посещение", 40m, Build.Table3Spec, OneOff: new(DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture))),
            ],
        };

        var error = Assert.Single(spec.Validate());

        Assert.Equal((path, code), (error.Path, error.Code));
    }

    [Fact]
    public void Twelve_months_from_first_to_last_are_allowed()
    {
        var spec = EventSpec() with
        {
            Kpis =
            [
                new SchemeKpiSpec("Продажи", 60m, Build.Table3Spec),
                new SchemeKpiSpec("Клиенты в базе", 40m, Build.Table3Spec,
                    OneOff: new(new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31))),
            ],
        };

        Assert.Empty(spec.Validate());
    }

    [Fact]
    public void Growth_indices_and_index_parts_are_monthly_and_cannot_be_one_off()
    {
        var spec = new SchemeSpec(0m, 10_000m,
        [
            new SchemeKpiSpec("Продажи", 40m, Build.Table3Spec),
            new SchemeKpiSpec("Прирост", 20m, Build.Table3Spec, Measurement: Measurement.Growth, OneOff: Event),
            new SchemeKpiSpec("Индекс", 40m, Build.Table3Spec, Measurement: Measurement.Aggregate,
                Parts: [new("Звонки", 50m), new("Встречи", 50m)], OneOff: Event),
            new SchemeKpiSpec("Звонки", 0m, Build.Table3Spec, OneOff: Event),
            new SchemeKpiSpec("Встречи", 0m, Build.Table3Spec),
        ]);

        var errors = spec.Validate();

        Assert.Equal(
            [("kpis[1].oneOff", DomainErrors.KpiOneOffMeasurement), ("kpis[2].oneOff", DomainErrors.KpiOneOffMeasurement),
             ("kpis[3].oneOff", DomainErrors.KpiOneOffIndexPart)],
            errors.Select(e => (e.Path, e.Code)));
    }

    [Fact]
    public void A_scheme_of_one_off_kpis_only_is_refused()
    {
        var spec = new SchemeSpec(0m, 10_000m,
        [
            new SchemeKpiSpec("Посещение", 60m, Build.Table3Spec, OneOff: Event),
            new SchemeKpiSpec("Бюджет", 40m, Build.Table3Spec, Direction.LowerIsBetter, OneOff: Event),
        ]);

        var error = Assert.Single(spec.Validate());

        Assert.Equal(("kpis", DomainErrors.SchemeOnlyOneOffKpis), (error.Path, error.Code));
    }
}
