using KpiPlanner.Domain.Goals;
using KpiPlanner.Domain.Planning;
using KpiPlanner.Domain.Validation;
using KpiPlanner.Infrastructure;
using KpiPlanner.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace KpiPlanner.Web.Features.Goals;

public sealed record GoalSummary(int Id, string Name);

/// <summary>What a goal node can be linked to: a department and one of the KPI keys used by schemes.</summary>
public sealed record LinkOptions(IReadOnlyList<(int Id, string Name)> Departments, IReadOnlyList<(string Key, string Name)> Kpis);

/// <summary>A goal as read for one month: its nodes, the month's typed facts and the month's plans from a split in time.</summary>
public sealed record GoalDocument(int Id, string Name, uint Version, IReadOnlyList<GoalNodeSpec> Nodes, IReadOnlyDictionary<string, decimal> Facts,
    IReadOnlyDictionary<string, decimal>? MonthPlans = null);

public sealed record GoalSaveResult(IReadOnlyList<DomainError> Errors, bool Conflict)
{
    public bool Succeeded => Errors.Count == 0 && !Conflict;
}

/// <summary>Company goals and their decomposition (Owner; HR reads). One short-lived context per operation.</summary>
public sealed class GoalsService(IDbContextFactory<KpiDbContext> dbFactory, IFormulaParser parser, TimeProvider time)
{
    public IFormulaParser Parser => parser;

    public async Task<IReadOnlyList<GoalSummary>> ListAsync(UserContext actor, CancellationToken cancellationToken = default)
    {
        actor.Demand(Duty.SetGoals);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Goals.AsNoTracking().OrderBy(g => g.Name).Select(g => new GoalSummary(g.Id, g.Name)).ToListAsync(cancellationToken);
    }

    public async Task<LinkOptions> LinkOptionsAsync(UserContext actor, CancellationToken cancellationToken = default)
    {
        actor.Demand(Duty.SetGoals);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var departments = await db.Departments.AsNoTracking().OrderBy(d => d.Name).Select(d => new ValueTuple<int, string>(d.Id, d.Name)).ToListAsync(cancellationToken);
        var versions = await db.SchemeVersions.AsNoTracking().ToListAsync(cancellationToken);
        var kpis = versions.SelectMany(v => v.Spec.Kpis)
            .Select(k => (Key: KpiPlanner.Web.Features.Plans.PlansService.KeyOf(k.KpiCode, k.Name), k.Name))
            .DistinctBy(k => k.Key).OrderBy(k => k.Name, StringComparer.CurrentCulture).ToList();
        return new LinkOptions(departments, kpis);
    }

    public async Task<GoalDocument?> LoadAsync(UserContext actor, int id, DateOnly month, CancellationToken cancellationToken = default)
    {
        actor.Demand(Duty.SetGoals);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var goal = await db.Goals.SingleOrDefaultAsync(g => g.Id == id, cancellationToken);
        return goal is null ? null : new GoalDocument(goal.Id, goal.Name, db.VersionOf(goal), goal.Nodes, goal.FactsOf(Period.Key(month)),
            goal.PlansOf(Period.Key(month)));
    }

    /// <summary>Saves the nodes and the month's typed facts after the tree validates; a newer save by someone else is a conflict.</summary>
    public async Task<GoalSaveResult> SaveAsync(UserContext actor, int id, uint version, IReadOnlyList<GoalNodeSpec> nodes, DateOnly month,
        IReadOnlyDictionary<string, decimal> facts, string? by, CancellationToken cancellationToken = default)
    {
        actor.Demand(Duty.SetGoals);
        var tree = GoalTree.Create(nodes, parser);
        if (!tree.IsValid)
        {
            return new GoalSaveResult(tree.Errors, false);
        }

        var evaluation = tree.Value!.Evaluate(PeriodRange.OfMonth(month), facts);
        if (!evaluation.IsValid)
        {
            return new GoalSaveResult(evaluation.Errors, false);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var goal = await db.Goals.SingleOrDefaultAsync(g => g.Id == id, cancellationToken);
        if (goal is null)
        {
            return new GoalSaveResult([], Conflict: true);
        }

        db.ExpectVersion(goal, version);
        var now = time.GetUtcNow();
        goal.Replace(tree.Value.ToSpecs(), now, by);
        goal.SetFacts(Period.Key(month), facts, now, by);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return new GoalSaveResult([], false);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new GoalSaveResult([], Conflict: true);
        }
    }
}
