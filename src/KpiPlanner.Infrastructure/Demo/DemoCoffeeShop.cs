using KpiPlanner.Domain.Kpis;
using KpiPlanner.Domain.Planning;
using KpiPlanner.Domain.Scales;
using KpiPlanner.Domain.Schemes;
using Microsoft.EntityFrameworkCore;

namespace KpiPlanner.Infrastructure.Demo;

/// <summary>
/// The coffee shop's baristas (issue 19): a scheme with every kind of KPI the article and the consultants name — growth
/// of revenue on the month before (table 2, row 1.2), the average check (an average, not a sum), the time to prepare an
/// order (a time regulation: an average duration in minutes, lower is better) and a service index aggregated from the
/// order time and the upsells (which weigh 0 on their own) — and their months of plans and facts.
/// </summary>
public sealed partial class DemoData
{
    public const string BaristaPosition = "Бариста";
    public const string BaristaSchemeName = "Бариста: 60 на 40, все виды показателей";

    /// <summary>The KPI keys of the baristas' scheme.</summary>
    public const string RevenueKpi = "revenue";
    public const string AverageCheckKpi = "average_check";
    public const string OrderTimeKpi = "order_time";
    public const string UpsellsKpi = "upsells";
    public const string ServiceIndexName = "Индекс обслуживания";

    /// <summary>Each barista's monthly revenue level (before the season) and typical order time, minutes.</summary>
    private static readonly (string Number, decimal Revenue, decimal OrderTime)[] Baristas =
    [
        ("0202", 140_000m, 3.8m),
        ("0203", 120_000m, 4.3m),
    ];

    /// <summary>
    /// Market pay 50 000 ₽ on a 60/40 split: 30 000 fixed + 20 000 planned variable; the article's table 3 everywhere.
    /// </summary>
    private async Task AddBaristaSchemeAsync(ScaleSpec table3, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var barista = await db.Positions.SingleOrDefaultAsync(p => p.Name == BaristaPosition, cancellationToken);
        if (barista is null)
        {
            return;
        }

        var orderTime = "Время приготовления заказа";
        var upsells = "Допродажи десертов";
        var scheme = new SchemeSpec(
            30_000m,
            20_000m,
            [
                new SchemeKpiSpec("Выручка: прирост к прошлому месяцу", 30m, table3, Measurement: Measurement.Growth, KpiCode: RevenueKpi,
                    Base: new GrowthBase(GrowthBaseKind.PreviousMonth)),
                new SchemeKpiSpec("Средний чек", 20m, table3, KpiCode: AverageCheckKpi),
                new SchemeKpiSpec(orderTime, 20m, table3, Direction.LowerIsBetter, KpiCode: OrderTimeKpi),
                new SchemeKpiSpec(ServiceIndexName, 30m, table3, Measurement: Measurement.Aggregate,
                    Parts: [new AggregatePartSpec(orderTime, 50m), new AggregatePartSpec(upsells, 50m)]),
                new SchemeKpiSpec(upsells, 0m, table3, KpiCode: UpsellsKpi),
            ],
            Name: BaristaSchemeName);
        db.SchemeVersions.Add(SchemeVersion.Create(barista.Id, SchemeEffectiveFrom, scheme, now, "demo").GetValueOrThrow());
    }

    /// <summary>
    /// The baristas' months: revenue planned 5 % above the month before (corrected by the season), the fact around it;
    /// the average check planned at 450 ₽; the order time planned at 4 minutes; upsells planned at 120 a month by the
    /// season. The current month holds the share <paramref name="soFar"/> of the sums (revenue, upsells) and the
    /// averages so far as they are (the average check and the order time are averages, not sums). Its own seeded
    /// generator leaves the other departments' numbers as they were.
    /// </summary>
    private async Task AddCoffeeShopHistoryAsync(DateOnly first, DateOnly current, decimal soFar, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var numbers = Baristas.ToDictionary(b => b.Number);
        var people = (await db.Employees.Where(e => numbers.Keys.Contains(e.PersonnelNumber)).OrderBy(e => e.PersonnelNumber).ToListAsync(cancellationToken));
        var random = new Random(20261207);
        static decimal Season(DateOnly month) => month.Month switch { 1 => 0.8m, 5 => 0.9m, 12 => 1.15m, 3 or 9 => 1.05m, _ => 1m };
        decimal Between(int lowPermille, int highPermille) => random.Next(lowPermille, highPermille + 1) / 1000m;

        foreach (var person in people)
        {
            var (_, level, usualTime) = numbers[person.PersonnelNumber];
            decimal? lastRevenue = null;
            for (var month = first; month <= current; month = month.AddMonths(1))
            {
                if (Period.FirstDay(person.HireDate) > month)
                {
                    continue;
                }

                var season = Season(month);
                var seasonChange = season / Season(month.AddMonths(-1));
                var revenuePlan = Math.Round((lastRevenue ?? level * season) * seasonChange * 1.05m / 1000m, 0, MidpointRounding.AwayFromZero) * 1000m;
                var revenueResult = Math.Round((lastRevenue ?? level * season) * seasonChange * (1m + Between(5, 90)) / 100m, 0, MidpointRounding.AwayFromZero) * 100m;
                var upsellsPlan = Math.Round(120m * season, 0, MidpointRounding.AwayFromZero);

                var revenue = new MonthlyKpiValue(person.Id, month, RevenueKpi);
                var check = new MonthlyKpiValue(person.Id, month, AverageCheckKpi);
                var time = new MonthlyKpiValue(person.Id, month, OrderTimeKpi);
                var upsells = new MonthlyKpiValue(person.Id, month, UpsellsKpi);
                revenue.SetPlan(revenuePlan, now, "demo");
                check.SetPlan(450m, now, "demo");
                time.SetPlan(4m, now, "demo");
                upsells.SetPlan(upsellsPlan, now, "demo");

                var share = month < current ? 1m : soFar;
                if (share > 0m)
                {
                    revenue.SetFact(Math.Round(revenueResult * share / 100m, 0, MidpointRounding.AwayFromZero) * 100m, now, "demo");
                    check.SetFact(Math.Round(450m * Between(900, 1100), 0, MidpointRounding.AwayFromZero), now, "demo");
                    time.SetFact(Math.Round(usualTime * Between(900, 1150), 1, MidpointRounding.AwayFromZero), now, "demo");
                    upsells.SetFact(Math.Round(upsellsPlan * Between(800, 1300) * share, 0, MidpointRounding.AwayFromZero), now, "demo");
                }

                lastRevenue = revenueResult;
                db.MonthlyKpiValues.AddRange(revenue, check, time, upsells);
            }
        }
    }
}
