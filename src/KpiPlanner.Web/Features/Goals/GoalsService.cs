using KpiPlanner.Domain.Goals;
using KpiPlanner.Domain.Planning;
using KpiPlanner.Domain.Validation;
using KpiPlanner.Infrastructure;
using KpiPlanner.Web.Localization;
using KpiPlanner.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace KpiPlanner.Web.Features.Goals;

public sealed record GoalSummary(int Id, string Name);

/// <summary>What a goal node can be linked to: a department and one of the KPI keys used by schemes.</summary>
public sealed record LinkOptions(IReadOnlyList<(int Id, string Name)> Departments, IReadOnlyList<(string Key, string Name)> Kpis);

/// <summary>
/// A goal as read for one month: the tree in force that month, the month's typed facts and the month's plans from a
/// split in time; with the goal's history (the months where a later tree begins) and the closed months, which a change
/// never touches.
/// </summary>
public sealed record GoalDocument(int Id, string Name, uint Version, IReadOnlyList<GoalNodeSpec> Nodes, IReadOnlyDictionary<string, decimal> Facts,
    IReadOnlyDictionary<string, decimal>? MonthPlans = null)
{
    /// <summary>The month (<c>yyyy-MM</c>) the shown tree is in force from; null: from the start.</summary>
    public string? InForceFrom { get; init; }

    /// <summary>The months (<c>yyyy-MM</c>) where a version of the tree begins, oldest first.</summary>
    public IReadOnlyList<string> ChangeMonths { get; init; } = [];

    /// <summary>The closed months (<c>yyyy-MM</c>): their goal never changes.</summary>
    public IReadOnlySet<string> ClosedMonths { get; init; } = new HashSet<string>();
}

/// <summary>What a change of the tree from a month does to the goal's months, for the person to confirm before saving.</summary>
/// <param name="From">The first month the change applies to.</param>
/// <param name="FromIsClosed">The first month is closed: the change cannot start there.</param>
/// <param name="ClosedKept">The closed months from <paramref name="From"/> on, which keep their tree.</param>
/// <param name="LaterChangesReplaced">Months from which a later version began; the change replaces those (outside closed months).</param>
public sealed record GoalChangeOutlook(DateOnly From, bool FromIsClosed, IReadOnlyList<DateOnly> ClosedKept, IReadOnlyList<DateOnly> LaterChangesReplaced)
{
    /// <summary>Reads the outlook of a change from <paramref name="from"/> off a loaded document.</summary>
    public static GoalChangeOutlook Of(GoalDocument document, DateOnly from)
    {
        ArgumentNullException.ThrowIfNull(document);
        var key = Period.Key(from);
        static DateOnly Month(string k) => DateOnly.ParseExact(k + "-01", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        return new GoalChangeOutlook(from, document.ClosedMonths.Contains(key),
            document.ClosedMonths.Where(m => string.CompareOrdinal(m, key) > 0).Order(StringComparer.Ordinal).Select(Month).ToList(),
            document.ChangeMonths.Where(m => string.CompareOrdinal(m, key) > 0).Select(Month).ToList());
    }
}

public sealed record GoalSaveResult(IReadOnlyList<DomainError> Errors, bool Conflict)
{
    public bool Succeeded => Errors.Count == 0 && !Conflict;
}

/// <summary>A rename's answer: the errors at the name, or a conflict, or the saved name and the goal's new version.</summary>
public sealed record GoalRenameResult(IReadOnlyList<DomainError> Errors, bool Conflict, string? Name = null, uint Version = 0)
{
    public bool Succeeded => Errors.Count == 0 && !Conflict;
}

/// <summary>Company goals and their decomposition (the duty SetGoals: the owner and HR). One short-lived context per operation.</summary>
public sealed partial class GoalsService(IDbContextFactory<KpiDbContext> dbFactory, IFormulaParser parser, TimeProvider time)
{
    public IFormulaParser Parser => parser;

    /// <summary>
    /// <paramref name="month"/> when it is today's month (the injected clock), with its working days so far and in all;
    /// null for a month that is over or ahead (decision 008, "a period in progress is read to date").
    /// </summary>
    public async Task<MonthInProgress?> InProgressAsync(DateOnly month, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await KpiPlanner.Web.Features.Plans.PlansService.InProgressAsync(db, time, month, cancellationToken);
    }

    /// <summary>
    /// A node's plan and fact of a month in progress read to date, as the dashboard's goal cards read them: the node's
    /// unit gives its rule (<see cref="KpiPlanner.Domain.Kpis.KpiCatalog.DefaultAggregation"/>), and the fact is measured
    /// against the plan due by today (<see cref="MonthInProgress.PlanDue"/>) — a pace, with no band of a final result.
    /// </summary>
    public static RolledUp ToDate(GoalNodeResult node, MonthInProgress running)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(running);
        return RollUp.PlanFact(KpiPlanner.Domain.Kpis.KpiCatalog.DefaultAggregation(node.Unit), node.Direction,
            [new MonthPlanFact(running.Month, node.Plan, node.Fact)], running.Month, running);
    }

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
        if (goal is null)
        {
            return null;
        }

        var key = Period.Key(month);
        return new GoalDocument(goal.Id, goal.Name, db.VersionOf(goal), goal.NodesAt(key), goal.FactsOf(key), goal.PlansOf(key))
        {
            InForceFrom = goal.VersionAt(key).From,
            ChangeMonths = goal.ChangeMonths,
            ClosedMonths = await ClosedMonthsAsync(db, cancellationToken),
        };
    }

    private static async Task<IReadOnlySet<string>> ClosedMonthsAsync(KpiDbContext db, CancellationToken cancellationToken) =>
        (await db.Periods.AsNoTracking().Where(p => p.Status == PeriodStatus.Closed).Select(p => p.Month).ToListAsync(cancellationToken))
            .Select(Period.Key).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// Saves the tree as in force from <paramref name="from"/> (default: the month shown) and the shown month's typed
    /// facts, after the tree validates. The months before <paramref name="from"/> and every closed month keep the tree
    /// they had; a change cannot start in a closed month, nor change a closed month's facts. A newer save by someone
    /// else is a conflict.
    /// </summary>
    public async Task<GoalSaveResult> SaveAsync(UserContext actor, int id, uint version, IReadOnlyList<GoalNodeSpec> nodes, DateOnly month,
        IReadOnlyDictionary<string, decimal> facts, string? by, DateOnly? from = null, CancellationToken cancellationToken = default)
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

        var key = Period.Key(month);
        var fromKey = Period.Key(from ?? month);
        var closed = await ClosedMonthsAsync(db, cancellationToken);
        var specs = tree.Value.ToSpecs();
        var errors = new List<DomainError>();
        if (closed.Contains(fromKey) && !specs.SequenceEqual(goal.NodesAt(fromKey)))
        {
            errors.Add(GoalErrors.Create(GoalErrors.ChangeFromClosed, "from", ("month", Formats.Month(from ?? month))));
        }

        errors.AddRange(await CheckEmployeeLinksAsync(db, actor, goal, specs, cancellationToken));
        var factsChanged = !SameFacts(goal.FactsOf(key), facts);
        if (closed.Contains(key) && factsChanged)
        {
            errors.Add(GoalErrors.Create(GoalErrors.FactsOfClosedMonth, "facts", ("month", Formats.Month(month))));
        }

        if (errors.Count > 0)
        {
            return new GoalSaveResult(errors, false);
        }

        db.ExpectVersion(goal, version);
        var now = time.GetUtcNow();
        goal.ChangeFrom(fromKey, specs, closed, now, by);
        if (factsChanged)
        {
            goal.SetFacts(key, facts, now, by);
        }

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

    /// <summary>
    /// Renames a goal (issue 17: the title kept the old figure after a raise). The name is required, at most
    /// <see cref="Goal.MaxNameLength"/> characters and no other goal's (case ignored); a newer save by someone else is a
    /// conflict. Recorded like every goal edit: who and when, on the goal. A refusal changes nothing.
    /// </summary>
    public async Task<GoalRenameResult> RenameAsync(UserContext actor, int id, uint version, string? name, string? by, CancellationToken cancellationToken = default)
    {
        actor.Demand(Duty.SetGoals);
        var trimmed = name?.Trim() ?? string.Empty;
        if (trimmed.Length == 0)
        {
            return new GoalRenameResult([GoalErrors.Create(GoalErrors.NameRequired, "name")], false);
        }

        if (trimmed.Length > Goal.MaxNameLength)
        {
            return new GoalRenameResult([GoalErrors.Create(GoalErrors.NameTooLong, "name", ("max", Goal.MaxNameLength))], false);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var goal = await db.Goals.SingleOrDefaultAsync(g => g.Id == id, cancellationToken);
        if (goal is null)
        {
            return new GoalRenameResult([], Conflict: true);
        }

        if (await NameTakenAsync(db, id, trimmed, cancellationToken))
        {
            return new GoalRenameResult([GoalErrors.Create(GoalErrors.NameTaken, "name", ("name", trimmed))], false);
        }

        if (goal.Name == trimmed)
        {
            return db.VersionOf(goal) == version
                ? new GoalRenameResult([], false, goal.Name, version)
                : new GoalRenameResult([], Conflict: true);
        }

        db.ExpectVersion(goal, version);
        goal.Rename(trimmed, time.GetUtcNow(), by);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return new GoalRenameResult([], false, goal.Name, db.VersionOf(goal));
        }
        catch (DbUpdateConcurrencyException)
        {
            return new GoalRenameResult([], Conflict: true);
        }
        catch (DbUpdateException)
        {
            // Another goal took the name between the check and the save (the unique index refused it).
            if (await NameTakenAsync(db, id, trimmed, CancellationToken.None))
            {
                return new GoalRenameResult([GoalErrors.Create(GoalErrors.NameTaken, "name", ("name", trimmed))], false);
            }

            throw;
        }
    }

    /// <summary>Another goal has the name, case ignored (compared here, not by the database's locale; a company has few goals).</summary>
    private static async Task<bool> NameTakenAsync(KpiDbContext db, int id, string name, CancellationToken cancellationToken) =>
        (await db.Goals.AsNoTracking().Where(g => g.Id != id).Select(g => g.Name).ToListAsync(cancellationToken))
            .Contains(name, StringComparer.InvariantCultureIgnoreCase);

    private static bool SameFacts(IReadOnlyDictionary<string, decimal> saved, IReadOnlyDictionary<string, decimal> facts) =>
        saved.Count == facts.Count && facts.All(f => saved.TryGetValue(f.Key, out var v) && v == f.Value);
}
