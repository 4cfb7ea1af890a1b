using KpiPlanner.Domain.Goals;
using KpiPlanner.Domain.Kpis;
using KpiPlanner.Domain.Organisation;
using KpiPlanner.Domain.Planning;
using KpiPlanner.Domain.Schemes;
using KpiPlanner.Domain.Validation;
using KpiPlanner.Infrastructure;
using KpiPlanner.Web.Features.Plans;
using KpiPlanner.Web.Localization;
using KpiPlanner.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace KpiPlanner.Web.Features.Goals;

/// <summary>
/// A goal node's plan split in time (issue 4, "Splits"): a year into half-years, quarters, months and days, evenly or
/// by a seasonal profile — last year's monthly shares of the facts in the database, or shares typed by a person. The
/// arithmetic (parts exact to the whole, the remainder rule) is the domain's <see cref="Decomposition"/>; the months
/// are saved as the node's month plans (<see cref="Goal.SetMonthPlans"/>), which the plan grid's goal row reads.
/// </summary>
public sealed partial class TimeSplitService(
    IDbContextFactory<KpiDbContext> dbFactory, IFormulaParser parser, TimeProvider time,
    IStringLocalizer<PlanningResource> l, DomainErrorText errorText)
{
    /// <summary>The nodes of a goal that can be split in time: those with a typed plan.</summary>
    public static IEnumerable<GoalNodeSpec> Splittable(IEnumerable<GoalNodeSpec> nodes) =>
        nodes.Where(n => n.PlanFormula is null && n.PlanValue is not null && !string.IsNullOrWhiteSpace(n.Code));

    /// <summary>The node's typed plan in the tree in force in <paramref name="month"/> (the latest tree's when that month's has no typed plan for it).</summary>
    private static decimal TypedPlanAt(Goal goal, PeriodRange month, GoalNodeSpec node) =>
        goal.NodesAt(month.ToString()).FirstOrDefault(n => string.Equals(n.Code, node.Code, StringComparison.Ordinal)) is { PlanFormula: null, PlanValue: { } value }
            ? value
            : node.PlanValue!.Value;

    /// <summary>What a split of <paramref name="code"/> over <paramref name="period"/> starts from; null when the goal or a typed node is not there.</summary>
    public async Task<TimeSplitContext?> LoadAsync(UserContext actor, int goalId, string code, PeriodRange period, CancellationToken cancellationToken = default)
    {
        actor.Demand(Duty.SetGoals);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var goal = await db.Goals.SingleOrDefaultAsync(g => g.Id == goalId, cancellationToken); // tracked: its row version is read
        var node = goal is null ? null : Splittable(goal.Nodes).FirstOrDefault(n => string.Equals(n.Code, code, StringComparison.OrdinalIgnoreCase));
        if (goal is null || node is null)
        {
            return null;
        }

        var current = period.Months
            .Select(m => new PeriodAmount(m, goal.PlansOf(m.ToString()).TryGetValue(node.Code, out var own) ? own : TypedPlanAt(goal, m, node)))
            .ToArray();
        var split = period.Months.Where(m => goal.PlansOf(m.ToString()).ContainsKey(node.Code)).ToArray();
        var lastYear = period.SameLastYear;
        var calendar = await KpiPlanner.Infrastructure.Payroll.PayrollService.CalendarAsync(db, period.Year, cancellationToken);

        if (node is { EmployeeId: { } employeeId, DepartmentId: null, KpiKey: { } personKey })
        {
            // A node linked to one employee splits by that person's facts of the KPI last year.
            var (rule, kpiName) = await RuleOfAsync(db, personKey, node.Unit, cancellationToken);
            var (person, months) = await PersonFactsAsync(db, employeeId, personKey, lastYear, cancellationToken);
            return new TimeSplitContext(goal.Id, db.VersionOf(goal), node, rule, kpiName, period, current, split, months, person, kpiName ?? personKey)
            {
                IsWorkingDay = calendar.IsWorkingDay,
            };
        }

        if (node is { DepartmentId: { } departmentId, KpiKey: { } key })
        {
            var (rule, kpiName) = await RuleOfAsync(db, key, node.Unit, cancellationToken);
            var (department, months) = await TeamFactsAsync(db, departmentId, key, rule, lastYear, cancellationToken);
            return new TimeSplitContext(goal.Id, db.VersionOf(goal), node, rule, kpiName, period, current, split, months, department, kpiName ?? key)
            {
                IsWorkingDay = calendar.IsWorkingDay,
            };
        }

        var ownFacts = GoalFacts(goal, node.Code, lastYear);
        return new TimeSplitContext(goal.Id, db.VersionOf(goal), node, KpiCatalog.DefaultAggregation(node.Unit), null, period, current, split,
            ownFacts, null, node.Name)
        {
            IsWorkingDay = calendar.IsWorkingDay,
        };
    }

    /// <summary>
    /// The split of <paramref name="whole"/> for the table: rows at <paramref name="level"/> (null: days) and the months
    /// that are saved, each beside last year's fact of the same period. Days share their month by calendar days, or
    /// with <paramref name="workingDays"/> by the working days of the production calendar (days off get 0).
    /// </summary>
    public Result<TimeSplitPreview> Preview(
        TimeSplitContext context, decimal whole, TimeSplitMode mode, IReadOnlyList<decimal>? shares, PeriodKind? level,
        bool workingDays = false)
    {
        ArgumentNullException.ThrowIfNull(context);
        var period = context.Period;
        var unit = context.Node.Unit;
        var profile = mode switch
        {
            TimeSplitMode.LastYear => LastYearProfile(context),
            TimeSplitMode.Shares => SharesProfile(period, shares ?? []),
            _ => null,
        };
        if (profile is { IsValid: false })
        {
            return Result<TimeSplitPreview>.Failure(profile.Errors);
        }

        var split = mode switch
        {
            TimeSplitMode.Equal => TimeSplit.EqualParts,
            TimeSplitMode.ByDays => TimeSplit.ByDays,
            _ => TimeSplit.Seasonal(profile!.Value!),
        };
        var months = Decomposition.InTime(whole, period, PeriodKind.Month, unit, split, context.Rule);
        if (!months.IsValid)
        {
            return Result<TimeSplitPreview>.Failure(months.Errors);
        }

        var facts = context.LastYear.Where(m => m.Fact is not null).Select(m => new MonthValue(m.Month, m.Fact!.Value)).ToArray();
        decimal? Share(decimal part) => context.Rule == AggregationRule.Sum && whole != 0 ? part * 100m / whole : null;
        List<TimeSplitRow> rows;
        if (level is { } kind && kind <= period.Kind)
        {
            var parts = kind == PeriodKind.Month ? months : Decomposition.InTime(whole, period, kind, unit, split, context.Rule);
            rows = parts.Value!.Select(p =>
            {
                var last = RollUp.Aggregate(context.Rule, facts, p.Period.SameLastYear);
                return new TimeSplitRow(p.Period, null, p.Period.Days, p.Amount, Share(p.Amount), last,
                    YearOverYear.Of(p.Period, p.Amount, last).ChangePercent);
            }).ToList();
        }
        else
        {
            var working = workingDays ? context.IsWorkingDay : null;
            var days = Decomposition.IntoDays(whole, period, Decomposition.DecimalsOf(unit), split, context.Rule, working);
            rows = days.Value!.Select(d => new TimeSplitRow(null, d.Day, 1, d.Amount, Share(d.Amount), null, null,
                working is not null && !working(d.Day))).ToList();
        }

        var lastYear = RollUp.Aggregate(context.Rule, facts, period.SameLastYear);
        return Result<TimeSplitPreview>.Success(new TimeSplitPreview(whole, rows, months.Value!, lastYear,
            YearOverYear.Of(period, whole, lastYear).ChangePercent));
    }

    /// <summary>
    /// Saves the months as the node's month plans, after checking the goal still evaluates in each of them (a formula
    /// dividing by the node must not meet a 0). A newer save of the goal by someone else is a conflict.
    /// </summary>
    public async Task<TimeSplitSaveResult> SaveAsync(UserContext actor, 
        int goalId, uint version, string code, IReadOnlyList<PeriodAmount> months, string? by, CancellationToken cancellationToken = default)
    {
        actor.Demand(Duty.SetGoals);
        ArgumentNullException.ThrowIfNull(months);
        if (months.Count == 0 || months.Any(m => m.Period.Kind != PeriodKind.Month))
        {
            return new TimeSplitSaveResult([l["Split.NothingToSave"]], false);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var goal = await db.Goals.SingleOrDefaultAsync(g => g.Id == goalId, cancellationToken);
        var node = goal is null ? null : Splittable(goal.Nodes).FirstOrDefault(n => string.Equals(n.Code, code, StringComparison.OrdinalIgnoreCase));
        if (goal is null || node is null)
        {
            return new TimeSplitSaveResult([], Conflict: true);
        }

        var errors = new List<string>();
        var decimals = Decomposition.DecimalsOf(node.Unit);
        var closed = (await db.Periods.AsNoTracking().Where(p => p.Status == PeriodStatus.Closed).Select(p => p.Month).ToListAsync(cancellationToken)).ToHashSet();
        foreach (var month in months)
        {
            var label = Formats.Month(month.Period.Start);
            if (Math.Round(month.Amount, decimals) != month.Amount || !KpiPlanner.Domain.Money.IsInRange(month.Amount))
            {
                errors.Add(l["Split.BadAmount", label, Formats.Plain(month.Amount, 10)]);
                continue;
            }

            var key = month.Period.ToString();
            if (closed.Contains(month.Period.Start))
            {
                continue; // a closed month was paid by its plans: it keeps them (the result names it)
            }

            var tree = GoalTree.Create(goal.NodesAt(key), parser); // the tree in force that month

            if (!tree.IsValid)
            {
                continue; // the goal page shows the tree's own errors; the month plans are still the node's
            }

            var plans = new Dictionary<string, decimal>(goal.PlansOf(key), StringComparer.OrdinalIgnoreCase) { [node.Code] = month.Amount };
            var evaluation = tree.Value!.Evaluate(month.Period, goal.FactsOf(key), plans);
            errors.AddRange(evaluation.Errors.Select(e => l["Split.MonthError", label, errorText.Message(e)].Value));
        }

        if (errors.Count > 0)
        {
            return new TimeSplitSaveResult(errors, false);
        }

        var kept = months.Where(m => closed.Contains(m.Period.Start)).Select(m => m.Period.Start).ToList();
        if (kept.Count == months.Count)
        {
            return new TimeSplitSaveResult([l["Split.AllClosed"]], false);
        }

        db.ExpectVersion(goal, version);
        goal.SetMonthPlans(node.Code, months.Where(m => !closed.Contains(m.Period.Start)).ToDictionary(m => m.Period.ToString(), m => m.Amount), time.GetUtcNow(), by);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return new TimeSplitSaveResult([], false) { KeptClosed = kept };
        }
        catch (DbUpdateConcurrencyException)
        {
            return new TimeSplitSaveResult([], Conflict: true);
        }
    }

    /// <summary>Removes the node's month plans in <paramref name="period"/>: its typed plan applies to those months again.</summary>
    public async Task<TimeSplitSaveResult> ClearAsync(UserContext actor, 
        int goalId, uint version, string code, PeriodRange period, string? by, CancellationToken cancellationToken = default)
    {
        actor.Demand(Duty.SetGoals);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var goal = await db.Goals.SingleOrDefaultAsync(g => g.Id == goalId, cancellationToken);
        var node = goal?.Nodes.FirstOrDefault(n => string.Equals(n.Code, code, StringComparison.OrdinalIgnoreCase));
        if (goal is null || node is null)
        {
            return new TimeSplitSaveResult([], Conflict: true);
        }

        var closed = (await db.Periods.AsNoTracking().Where(p => p.Status == PeriodStatus.Closed && p.Month >= period.Start && p.Month <= period.End)
            .Select(p => p.Month).ToListAsync(cancellationToken)).ToHashSet();
        var kept = period.Months.Where(m => closed.Contains(m.Start) && goal.PlansOf(m.ToString()).ContainsKey(node.Code)).Select(m => m.Start).ToList();
        db.ExpectVersion(goal, version);
        goal.ClearMonthPlans(node.Code, period.Months.Where(m => !closed.Contains(m.Start)).Select(m => m.ToString()), time.GetUtcNow(), by);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return new TimeSplitSaveResult([], false) { KeptClosed = kept };
        }
        catch (DbUpdateConcurrencyException)
        {
            return new TimeSplitSaveResult([], Conflict: true);
        }
    }

    /// <summary>The KPI's rule as the schemes using it define it, else its catalogue template's, else by the node's unit.</summary>
    private static async Task<(AggregationRule Rule, string? Kpi)> RuleOfAsync(KpiDbContext db, string key, KpiUnit unit, CancellationToken cancellationToken)
    {
        var versions = await db.SchemeVersions.AsNoTracking().OrderByDescending(v => v.EffectiveFrom).ToListAsync(cancellationToken);
        var kpi = versions.SelectMany(v => v.Spec.Kpis).FirstOrDefault(k => PlansService.KeyOf(k.KpiCode, k.Name) == key);
        if (kpi is not null)
        {
            return (SchemeKpiSpec.AggregationOf(kpi.Aggregation, kpi.KpiCode), kpi.Name);
        }

        var template = KpiCatalog.Find(key);
        return template is not null
            ? (template.Aggregation, template.Name.For(System.Globalization.CultureInfo.CurrentUICulture))
            : (KpiCatalog.DefaultAggregation(unit), null);
    }

    /// <summary>
    /// Last year's monthly facts of a KPI in a department and everything below it (monthly_kpi_values): per month the
    /// sum of the people's facts — their mean for an average KPI — and how many of those with a plan reported.
    /// </summary>
    private static async Task<(string? Department, IReadOnlyList<LastYearMonth> Months)> TeamFactsAsync(
        KpiDbContext db, int departmentId, string key, AggregationRule rule, PeriodRange lastYear, CancellationToken cancellationToken)
    {
        var departments = await db.Departments.AsNoTracking().Select(d => new { d.Id, d.ParentId, d.Name }).ToListAsync(cancellationToken);
        var ids = new DepartmentTree(departments.Select(d => (d.Id, d.ParentId))).Subtree(departmentId).ToList();
        var (start, end) = (lastYear.Start, lastYear.End);
        var values = await db.MonthlyKpiValues.AsNoTracking()
            .Where(v => v.KpiKey == key && v.Month >= start && v.Month <= end)
            .Where(v => db.Employees.Any(e => e.Id == v.EmployeeId && ids.Contains(e.DepartmentId)))
            .Select(v => new { v.Month, v.Plan, v.Fact })
            .ToListAsync(cancellationToken);
        var months = lastYear.Months.Select(m =>
        {
            var ofMonth = values.Where(v => v.Month == m.Start && (v.Plan is not null || v.Fact is not null)).ToList();
            var facts = ofMonth.Where(v => v.Fact is not null).Select(v => v.Fact!.Value).ToList();
            decimal? fact = facts.Count == 0 ? null : rule == AggregationRule.Average ? facts.Sum() / facts.Count : facts.Sum();
            return new LastYearMonth(m, fact, facts.Count, ofMonth.Count);
        }).ToArray();
        return (departments.FirstOrDefault(d => d.Id == departmentId)?.Name, months);
    }

    /// <summary>The node's facts last year as the goal page shows them: typed, or derived without standing in with a plan.</summary>
    private IReadOnlyList<LastYearMonth> GoalFacts(Goal goal, string code, PeriodRange lastYear)
    {
        return lastYear.Months.Select(m =>
        {
            var key = m.ToString();
            var tree = GoalTree.Create(goal.NodesAt(key), parser); // the tree in force that month
            var evaluation = tree.IsValid ? tree.Value!.Evaluate(m, goal.FactsOf(key), goal.PlansOf(key)) : null;
            var node = evaluation is { IsValid: true } ? evaluation.Value![code] : null;
            var fact = node is { Fact: not null, FactAssumesPlanOf.Count: 0 } ? node.Fact : null;
            return new LastYearMonth(m, fact, fact is null ? 0 : 1, 1);
        }).ToArray();
    }

    private static Result<SeasonalProfile> LastYearProfile(TimeSplitContext context)
    {
        var weights = new decimal[12];
        foreach (var month in context.LastYear)
        {
            weights[month.Month.Number - 1] = Math.Max(0m, month.Fact ?? 0m);
        }

        // No fact at all in the period's months of last year: nothing to take the seasonality from.
        return context.Period.Months.All(m => weights[m.Number - 1] == 0)
            ? Result<SeasonalProfile>.Failure(new DomainError("profile", "split.no_last_year", "No facts last year.", new Dictionary<string, object>()))
            : SeasonalProfile.Create(weights);
    }

    private static Result<SeasonalProfile> SharesProfile(PeriodRange period, IReadOnlyList<decimal> shares) =>
        SeasonalProfile.FromShares(period, shares);

    /// <summary>A domain error of the split in words that name what to fix (the month of a share, the sum to reach).</summary>
    public string Text(DomainError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.Code switch
        {
            "split.no_last_year" => l["Split.NoLastYear"],
            GoalErrors.SplitSharesSum => l["Split.SharesSum", Formats.Plain((decimal)error.Args["sum"], 4), Formats.Plain(100m - (decimal)error.Args["sum"], 4)],
            GoalErrors.SplitNegativeWeight when error.Args.TryGetValue("month", out var month) =>
                l["Split.ShareNegative", Formats.Month(PeriodRange.TryParse((string)month).Value!.Start)],
            GoalErrors.SplitWholePrecision => l["Split.WholePrecision", Formats.Plain((decimal)error.Args["whole"], 10), Formats.Plain((decimal)error.Args["step"], 10)],
            GoalErrors.SplitAllZero => l["Split.AllZero"],
            _ => errorText.Message(error),
        };
    }
}
