using KpiPlanner.Domain;
using KpiPlanner.Domain.Goals;
using KpiPlanner.Domain.Kpis;
using KpiPlanner.Domain.Organisation;
using KpiPlanner.Domain.Payroll;
using KpiPlanner.Domain.Schemes;
using KpiPlanner.Infrastructure.Payroll;
using KpiPlanner.Testing;
using KpiPlanner.Web.Features.Plans;
using KpiPlanner.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KpiPlanner.IntegrationTests;

/// <summary>
/// Issue 17, the employee's own "why", for every person of the demo company: the variable part's formula is the pay
/// engine's own (the stored pay line's explanation, or the estimate), the total adds up with the adjustments, and every
/// next-band hint is a fact the pay engine itself puts in a band paying more, while one step less does not.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class MyPayExplainedTests(KpiAppFactory app)
{
    [Fact]
    public async Task The_formula_the_sum_and_the_next_band_hints_agree_with_the_pay_engine_for_every_demo_person()
    {
        await app.ResetAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var plans = scope.ServiceProvider.GetRequiredService<PlansService>();
        // The month before last, calculated with an adjustment of 0.50 for Ivanov and approved: a statement adding up.
        var payroll = scope.ServiceProvider.GetRequiredService<PayrollService>();
        var month2 = TestClock.LastMonth.AddMonths(-1);
        Assert.True((await payroll.CalculateAsync(month2, "hr")).IsValid);
        Assert.Empty(await payroll.AdjustAsync(month2, await app.EmployeeIdAsync("0101"), 0.50m, "Округление", "hr"));
        Assert.Empty(await payroll.ApproveAsync(month2, "owner"));
        await using var db = app.CreateDbContext();
        var people = await db.Employees.AsNoTracking().ToListAsync();
        var versions = await db.SchemeVersions.AsNoTracking().ToListAsync();
        var values = await db.MonthlyKpiValues.AsNoTracking().ToListAsync();
        var lines = await db.PayLines.AsNoTracking().ToListAsync();
        var adjustments = await db.PayAdjustments.AsNoTracking().ToListAsync();
        var (statements, estimates, hints, adjusted) = (0, 0, 0, 0);

        foreach (var person in people)
        {
            var user = new UserContext("u" + person.Id, "e" + person.Id + "@demo.local", [Roles.Employee], person.Id);
            foreach (var month in await plans.MyMonthsAsync(user, 6))
            {
                var what = $"{person.FullName} {month.Month:yyyy-MM}";
                if (month.Statement is { } st)
                {
                    // The formula is the stored line's explanation; fixed + variable + bonus + adjustments = the total shown.
                    var line = lines.Single(l => l.EmployeeId == person.Id && l.Month == month.Month);
                    var mine = adjustments.Where(a => a.EmployeeId == person.Id && a.Month == month.Month).Sum(a => a.Amount);
                    var formula = month.Formula!;
                    Assert.Equal(line.Variable, formula.Variable);
                    Assert.Equal(line.Explanation.PlannedVariable, formula.PlannedVariable);
                    Assert.Equal(line.Explanation.Kpis.Select(k => (k.Weight, k.Coefficient)), formula.Terms);
                    AssertFormulaGivesTheVariable(formula, what);
                    Assert.Equal(mine, st.AdjustmentsTotal);
                    Assert.Equal(st.Total, st.Fixed + st.Variable + st.Bonus + st.AdjustmentsTotal);
                    Assert.Equal(line.Total + mine, st.Total);
                    statements++;
                    adjusted += st.Adjustments.Count > 0 ? 1 : 0;
                }
                else if (month.Estimate is { } estimate)
                {
                    var formula = month.Formula!;
                    Assert.Equal(estimate.Variable, formula.Variable);
                    AssertFormulaGivesTheVariable(formula, what);
                    Assert.Equal(estimate.Total, estimate.Fixed + estimate.Variable + estimate.Bonus);
                    estimates++;
                }

                var scheme = SchemeVersion.InForce(versions.Where(v => v.PositionId == person.PositionId), month.Month.AddMonths(1).AddDays(-1))?.ToScheme();
                if (scheme is null || month.InProgress)
                {
                    continue;
                }

                var figures = scheme.Kpis.Select(kpi => Figures(kpi, values, person.Id, month.Month)).ToArray();
                var now = PayLineCalculator.Calculate(scheme, figures, new WorkedTime(1, 1, ProrationBasis.WorkingDays));
                for (var i = 0; i < scheme.Kpis.Count; i++)
                {
                    var shown = month.Kpis[i];
                    if (shown.Coefficient is { } coefficient)
                    {
                        Assert.Equal(now.Kpis[i].Coefficient, coefficient);
                    }

                    if (shown.Next is not { } next)
                    {
                        continue;
                    }

                    // The hint's fact, put into the pay engine in place of the real one, reaches the hint's coefficient …
                    var moved = figures.ToArray();
                    moved[i] = moved[i] with { Fact = next.Fact };
                    var reached = PayLineCalculator.Calculate(scheme, moved, new WorkedTime(1, 1, ProrationBasis.WorkingDays)).Kpis[i];
                    Assert.Equal(next.Coefficient, reached.Coefficient);
                    Assert.True(reached.Coefficient > now.Kpis[i].Coefficient, $"{what} {shown.Name}");
                    Assert.Equal(next.Fact - figures[i].Fact, next.Change);

                    // … and one step less of the change does not.
                    var step = NextBand.Step(shown.Unit is { } unit ? Decomposition.DecimalsOf(unit) : 2);
                    moved[i] = moved[i] with { Fact = next.Fact - (Math.Sign(next.Change) * step) };
                    var shortOf = PayLineCalculator.Calculate(scheme, moved, new WorkedTime(1, 1, ProrationBasis.WorkingDays)).Kpis[i];
                    Assert.True(shortOf.Coefficient < next.Coefficient, $"{what} {shown.Name}: {next.Fact} is not the first fact reaching {next.Coefficient}");
                    hints++;
                }
            }
        }

        Assert.True(statements > 0 && estimates > 0 && hints > 0 && adjusted > 0,
            $"checked {statements} statements ({adjusted} with adjustments), {estimates} estimates, {hints} hints");
        await app.ResetAsync();
    }

    /// <summary>variable = round(planned × share × Σ(weight / 100 × coefficient)), or 0 when a gate failed.</summary>
    private static void AssertFormulaGivesTheVariable(MyPayFormula formula, string what)
    {
        var sum = formula.Terms.Sum(t => t.Weight / 100m * t.Coefficient);
        var share = formula.Share?.Share ?? 1m;
        Assert.True(formula.Gated ? formula.Variable == 0m : Money.Round(formula.PlannedVariable * share * sum) == formula.Variable, what);
    }

    private static KpiFigures Figures(SchemeKpi kpi, IReadOnlyList<KpiPlanner.Domain.Planning.MonthlyKpiValue> values, int employeeId, DateOnly month)
    {
        var key = SchemeKeys.KeyOf(kpi.KpiCode, kpi.Name);
        var value = values.FirstOrDefault(v => v.EmployeeId == employeeId && v.Month == month && v.KpiKey == key);
        var baseFact = kpi.Base?.MonthOf(month) is { } baseMonth
            ? values.FirstOrDefault(v => v.EmployeeId == employeeId && v.Month == baseMonth && v.KpiKey == key)?.Fact
            : kpi.Base?.Value;
        return new KpiFigures(value?.Plan, value?.Fact) { Base = baseFact };
    }
}
