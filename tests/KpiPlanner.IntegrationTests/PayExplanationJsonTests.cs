using System.Text.Json;
using KpiPlanner.Domain.Kpis;
using KpiPlanner.Domain.Payroll;
using KpiPlanner.Domain.Schemes;
using KpiPlanner.Infrastructure.Configurations;
using KpiPlanner.Infrastructure.Payroll;

namespace KpiPlanner.IntegrationTests;

/// <summary>
/// The stored pay explanation's writer (<see cref="PayExplanationJson"/>, issue 18) writes what the reflection
/// serialiser with the stored documents' options wrote before it, byte for byte, and the stored form reads back equal:
/// every field set, every default left out, names escaped as before.
/// </summary>
public sealed class PayExplanationJsonTests
{
    private static readonly KpiExplanation Everything = new(
        "sales_volume", "Объём продаж «B2B» \"новый\" <b>&'", 32.5m, Measurement.Growth, Direction.LowerIsBetter, 1_000_000.50m, 1_234_567.125m,
        MissingFigure.Base, 123.4567890123456789m, true, 3, 100.00m, 120m, "100–120 %", 1.25m, true, 0.40625m, 6093.75m, true)
    {
        Base = 987_654.321m,
        BaseKind = GrowthBaseKind.PreviousMonth,
        Parts = [new IndexPartExplanation("client_calls", 60m, 150.5m), new IndexPartExplanation("contracts", 40m, null), new IndexPartExplanation("x", 0m, 0m)],
        OneOff = new OneOffPeriod(new DateOnly(2026, 2, 1), new DateOnly(2026, 3, 1)),
        NotDue = true,
    };

    /// <summary>Every default: zero amounts, false flags, first enum values, nulls; a nullable enum's first value is kept.</summary>
    private static readonly KpiExplanation Defaults = new(
        "k", "", 0m, Measurement.Ratio, Direction.HigherIsBetter, null, null, MissingFigure.None, null, false, 0, 0.00m, null, null, 0m, false, 0m, 0m, false)
    {
        BaseKind = GrowthBaseKind.SameMonthLastYear,
        Base = 0m,
    };

    public static TheoryData<string> Cases => ["everything", "defaults", "empty"];

    private static PayExplanation Case(string name) => name switch
    {
        "everything" => new PayExplanation(15_000.10m, 15_000m, new WorkedTime(11, 22, ProrationBasis.CalendarDays), true, [Everything, Defaults],
            1.0625m, 7_500.05m, 7_968.75m, 2_500m, true, true, 17_968.80m)
        {
            EnteredBonus = 1_000m,
            NotDueWeight = 20m,
        },
        "defaults" => new PayExplanation(0m, 0m, new WorkedTime(0, 0, ProrationBasis.WorkingDays), false, [Defaults], 0m, 0m, 0m, 0m, false, false, 0m),
        _ => new PayExplanation(1m, 2m, new WorkedTime(21, 21, ProrationBasis.WorkingDays), false, [], 0m, 1m, 0m, 0m, false, false, 1m),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Writes_the_same_bytes_as_the_reflection_serialiser(string name)
    {
        var explanation = Case(name);

        var written = PayrollService.SerializeExplanation(explanation);

        Assert.Equal(JsonSerializer.Serialize(explanation, SpecJson.Options), written);
        Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(explanation, SpecJson.Options), new PayExplanationJson().Write(explanation).ToArray());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Reads_back_equal(string name)
    {
        var explanation = Case(name);
        var writer = new PayExplanationJson();
        writer.Write(Case("everything")); // the reused buffer holds a longer document first

        var read = JsonSerializer.Deserialize<PayExplanation>(writer.Write(explanation).Span, SpecJson.Options)!;

        KpiExplanation[] none = [];
        Assert.Equal(explanation with { Kpis = none }, read with { Kpis = none });
        Assert.Equal(explanation.Kpis.Count, read.Kpis.Count);
        for (var i = 0; i < read.Kpis.Count; i++)
        {
            Assert.Equal(explanation.Kpis[i] with { Parts = null }, read.Kpis[i] with { Parts = null });
            Assert.Equal(explanation.Kpis[i].Parts, read.Kpis[i].Parts);
        }
    }
}
