using System.Globalization;
using KpiPlanner.Domain.Goals;
using KpiPlanner.Domain.Kpis;
using KpiPlanner.Domain.Organisation;
using KpiPlanner.Domain.Payroll;
using KpiPlanner.Domain.Planning;
using KpiPlanner.Domain.Scales;
using KpiPlanner.Domain.Schemes;
using KpiPlanner.Infrastructure.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace KpiPlanner.Infrastructure.Demo;

/// <summary>The demo's marketing department: its lead marketers' funnel history.</summary>
public sealed partial class DemoData
{
    /// <summary>
    /// The marketers' plans and facts over the sales team's months: about 500 leads a month for the company, a third of
    /// them taken into work, a third of those signing a contract — about 60 contracts against the sales team's ~4 mln ₽,
    /// an average contract of ~60 000–75 000 ₽. Plans follow the sales seasons; facts follow the month's sales (a weak
    /// sales month had fewer leads too) with each marketer's own level and noise, and conversions between 32 and 38 %.
    /// Every month before the current one is complete (the previous month is closed by the seeding); the current month
    /// holds the share <paramref name="soFar"/> of its results, like the sales team's. Its own seeded generator leaves
    /// the sales numbers as they were.
    /// </summary>
    private async Task AddMarketingHistoryAsync(DateOnly first, DateOnly current, decimal soFar, Dictionary<DateOnly, (decimal Plan, decimal Fact)> sales,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var marketing = await db.Departments.SingleOrDefaultAsync(d => d.Name == MarketingDepartmentName, cancellationToken);
        if (marketing is null)
        {
            return;
        }

        var numbers = Marketers.ToDictionary(m => m.Number);
        var people = (await db.Employees.Where(e => e.DepartmentId == marketing.Id).OrderBy(e => e.PersonnelNumber).ToListAsync(cancellationToken))
            .Where(e => numbers.ContainsKey(e.PersonnelNumber))
            .ToList();
        var random = new Random(20261124);
        static decimal Whole(decimal value) => Math.Round(value, 0, MidpointRounding.AwayFromZero);
        decimal Between(int lowPercent, int highPercent) => random.Next(lowPercent * 10, (highPercent * 10) + 1) / 1000m;

        foreach (var person in people)
        {
            var (leadsBase, skill) = (numbers[person.PersonnelNumber].LeadsPlan, numbers[person.PersonnelNumber].Skill);
            for (var month = first; month <= current; month = month.AddMonths(1))
            {
                if (Period.FirstDay(person.HireDate) > month)
                {
                    continue;
                }

                var season = month.Month switch { 1 => 0.8m, 5 => 0.9m, 12 => 1.15m, 3 or 9 => 1.05m, _ => 1m };
                var leadsPlan = Whole(leadsBase * season);
                var clientsPlan = Whole(leadsPlan * 0.35m);
                var contractsPlan = Whole(clientsPlan * 0.35m);
                var leads = new MonthlyKpiValue(person.Id, month, LeadsKpi);
                var clients = new MonthlyKpiValue(person.Id, month, ClientsInWorkKpi);
                var contracts = new MonthlyKpiValue(person.Id, month, ContractsKpi);
                leads.SetPlan(leadsPlan, now, "demo");
                clients.SetPlan(clientsPlan, now, "demo");
                contracts.SetPlan(contractsPlan, now, "demo");

                var share = month < current ? 1m : soFar;
                if (share > 0m)
                {
                    var market = sales.TryGetValue(month, out var s) && s.Plan > 0 ? s.Fact / s.Plan : 1m;
                    var leadsResult = leadsPlan * market * skill * Between(93, 107);
                    var clientsResult = leadsResult * Between(32, 38);
                    var contractsResult = clientsResult * Between(32, 38);
                    leads.SetFact(Whole(leadsResult * share), now, "demo");
                    clients.SetFact(Whole(clientsResult * share), now, "demo");
                    contracts.SetFact(Whole(contractsResult * share), now, "demo");
                }

                db.MonthlyKpiValues.AddRange(leads, clients, contracts);
            }
        }
    }
}
