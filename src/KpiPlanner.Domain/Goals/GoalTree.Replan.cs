using KpiPlanner.Domain.Validation;

namespace KpiPlanner.Domain.Goals;

// Changing typed plans and showing what re-plans before anything is saved.
public sealed partial class GoalTree
{
    /// <summary>
    /// Changes typed plans (e.g. the top goal: <c>{ profit: 250 000 }</c>) and shows what re-plans before anything is
    /// saved: before/after of every affected node — the changed ones, every node whose plan formula depends on them,
    /// and any node whose fact or completion moves (a derived fact that stands in with a plan). The new tree is in
    /// <see cref="GoalReplan.Tree"/>. A node whose plan is a formula cannot be changed directly
    /// (<see cref="GoalErrors.ReplanNotTyped"/>); errors have paths <c>changes[code]</c>.
    /// </summary>
    public Result<GoalReplan> Replan(
        IReadOnlyDictionary<string, decimal> changes, PeriodRange period, IReadOnlyDictionary<string, decimal>? facts = null,
        IReadOnlyDictionary<string, decimal>? plans = null)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var errors = new List<DomainError>();
        foreach (var (code, value) in changes)
        {
            _ = TypedPlanNode(code, value, "changes[" + code + "]", errors);
        }

        if (errors.Count > 0)
        {
            return Result<GoalReplan>.Failure(errors);
        }

        var before = Evaluate(period, facts, plans);
        if (!before.IsValid)
        {
            return Result<GoalReplan>.Failure(before.Errors);
        }

        var changed = new Dictionary<string, decimal>(changes, StringComparer.OrdinalIgnoreCase);
        var nodes = Nodes.Select(n => changed.TryGetValue(n.Code, out var v) ? n.WithPlanValue(v) : n).ToArray();
        var byCodeAfter = nodes.ToDictionary(n => n.Code, StringComparer.OrdinalIgnoreCase);
        var tree = new GoalTree(nodes,
            PlanOrder.Select(n => byCodeAfter[n.Code]).ToArray(), FactOrder.Select(n => byCodeAfter[n.Code]).ToArray());
        var after = tree.Evaluate(period, facts, plans);
        if (!after.IsValid)
        {
            return Result<GoalReplan>.Failure(after.Errors);
        }

        var affected = new HashSet<string>(changed.Keys, StringComparer.OrdinalIgnoreCase);
        foreach (var code in changed.Keys)
        {
            affected.UnionWith(PlanDependentsOf(code));
        }

        var list = new List<GoalNodeChange>();
        foreach (var was in before.Value.Nodes)
        {
            var now = after.Value[was.Code];
            if (affected.Contains(was.Code) || was.Plan != now.Plan || was.Fact != now.Fact || was.Completion != now.Completion)
            {
                list.Add(new GoalNodeChange(was.Code, was.Name, was.Plan, now.Plan, was.Fact, now.Fact,
                    was.Completion, now.Completion));
            }
        }

        return Result<GoalReplan>.Success(new GoalReplan(tree, before.Value, after.Value, list), after.Warnings);
    }
}
