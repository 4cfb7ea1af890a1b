using KpiPlanner.Domain.Kpis;

namespace KpiPlanner.Domain.Tests;

public class KpiCatalogTests
{
    [Theory]
    [InlineData("revenue", Direction.HigherIsBetter, KpiUnit.Money)]
    [InlineData("profit", Direction.HigherIsBetter, KpiUnit.Money)]
    [InlineData("receivables", Direction.LowerIsBetter, KpiUnit.Money)]
    [InlineData("report_timeliness", Direction.LowerIsBetter, KpiUnit.Days)]
    [InlineData("client_visits", Direction.HigherIsBetter, KpiUnit.Count)]
    [InlineData("staff_turnover", Direction.LowerIsBetter, KpiUnit.Percent)]
    [InlineData("new_clients", Direction.HigherIsBetter, KpiUnit.Count)]
    [InlineData("leads", Direction.HigherIsBetter, KpiUnit.Count)]
    [InlineData("clients_in_work", Direction.HigherIsBetter, KpiUnit.Count)]
    [InlineData("contracts", Direction.HigherIsBetter, KpiUnit.Count)]
    [InlineData("conversion", Direction.HigherIsBetter, KpiUnit.Percent)]
    [InlineData("cost_per_lead", Direction.LowerIsBetter, KpiUnit.Money)]
    [InlineData("answer_time", Direction.LowerIsBetter, KpiUnit.Minutes)]
    [InlineData("calls", Direction.HigherIsBetter, KpiUnit.Count)]
    [InlineData("meetings", Direction.HigherIsBetter, KpiUnit.Count)]
    [InlineData("client_letters", Direction.HigherIsBetter, KpiUnit.Count)]
    [InlineData("average_check", Direction.HigherIsBetter, KpiUnit.Money)]
    public void The_catalogue_ships_the_templates_with_sensible_direction_and_unit(string code, Direction direction, KpiUnit unit)
    {
        var template = KpiCatalog.Find(code);
        Assert.NotNull(template);
        Assert.Equal((direction, unit), (template.Direction, template.Unit));
    }

    [Fact]
    public void The_catalogue_covers_every_family_and_measurement_with_unique_codes_and_both_languages()
    {
        Assert.Equal(Enum.GetValues<KpiFamily>().Order(), KpiCatalog.Templates.Select(t => t.Family).Distinct().Order());
        Assert.Equal(Enum.GetValues<Measurement>().Order(), KpiCatalog.Templates.Select(t => t.Measurement).Distinct().Order());
        Assert.Equal(KpiCatalog.Templates.Count, KpiCatalog.Templates.Select(t => t.Code).Distinct(StringComparer.Ordinal).Count());
        Assert.All(KpiCatalog.Templates, t => Assert.False(string.IsNullOrWhiteSpace(t.Name.Ru) || string.IsNullOrWhiteSpace(t.Name.En)));
        Assert.Equal("Дебиторская задолженность", KpiCatalog.Find("receivables")!.Name.For(Build.Ru));
    }

    [Fact]
    public void Time_regulations_are_measured_on_the_raw_value() =>
        Assert.Equal(Measurement.RawValue, KpiCatalog.Find("answer_time")!.Measurement);
}
