namespace KpiPlanner.Domain.Goals;

/// <summary>
/// A company goal and its decomposition, as saved: the nodes (typed plans and formulas) and the typed facts of each
/// month (<c>"2026-06" → { visitors: 500, avg_check: 500 }</c>), and the month plans a split in time gave some nodes
/// (<c>"2026-03" → { sales_goal: 4 712 000 }</c>): in that month they replace the node's typed plan, and every formula
/// over the node follows. Validation and evaluation are <see cref="GoalTree"/>'s; this is what the owner edits and the
/// database keeps.
/// </summary>
public sealed class Goal
{
    public const int MaxNameLength = 200;

    private Goal()
    {
        Name = string.Empty;
    }

    public Goal(string name, IReadOnlyList<GoalNodeSpec> nodes, DateTimeOffset now, string? by)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name.Trim();
        Replace(nodes, now, by);
    }

    public int Id { get; private set; }

    public string Name { get; private set; }

    public List<GoalNodeSpec> Nodes { get; private set; } = [];

    /// <summary>Typed facts per month key (<c>yyyy-MM</c>) and node code.</summary>
    public Dictionary<string, Dictionary<string, decimal>> Facts { get; private set; } = [];

    /// <summary>Month plans per month key (<c>yyyy-MM</c>) and node code, from splits in time.</summary>
    public Dictionary<string, Dictionary<string, decimal>> Plans { get; private set; } = [];

    public DateTimeOffset UpdatedAt { get; private set; }

    public string? UpdatedBy { get; private set; }

    public IReadOnlyDictionary<string, decimal> FactsOf(string monthKey) =>
        Facts.TryGetValue(monthKey, out var facts) ? facts : new Dictionary<string, decimal>();

    /// <summary>The month plans of a month (node code → plan); empty when no split reaches it.</summary>
    public IReadOnlyDictionary<string, decimal> PlansOf(string monthKey) =>
        Plans.TryGetValue(monthKey, out var plans) ? plans : new Dictionary<string, decimal>();

    /// <summary>A node's month plans (month key → plan), in month order.</summary>
    public IReadOnlyList<KeyValuePair<string, decimal>> MonthPlansOf(string code) =>
        Plans.Where(m => m.Value.ContainsKey(code))
            .Select(m => KeyValuePair.Create(m.Key, m.Value[code]))
            .OrderBy(m => m.Key, StringComparer.Ordinal)
            .ToArray();

    /// <summary>
    /// Replaces the nodes (already validated by <see cref="GoalTree.Create"/>). Month plans of a node that is gone or
    /// whose plan is now a formula are dropped: a formula node follows the nodes it uses.
    /// </summary>
    public void Replace(IReadOnlyList<GoalNodeSpec> nodes, DateTimeOffset now, string? by)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        Nodes = [.. nodes];
        var typed = nodes.Where(n => n.PlanFormula is null).Select(n => n.Code).ToHashSet(StringComparer.Ordinal);
        Plans = Plans
            .Select(m => KeyValuePair.Create(m.Key, m.Value.Where(p => typed.Contains(p.Key)).ToDictionary()))
            .Where(m => m.Value.Count > 0)
            .ToDictionary();
        UpdatedAt = now;
        UpdatedBy = by;
    }

    /// <summary>
    /// Sets a node's plans for some months (a split in time): <paramref name="plans"/> maps a month key to its plan;
    /// the node's other months keep what they had. The node must exist with a typed plan (the caller checks).
    /// </summary>
    public void SetMonthPlans(string code, IReadOnlyDictionary<string, decimal> plans, DateTimeOffset now, string? by)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        ArgumentNullException.ThrowIfNull(plans);
        var copy = Plans.ToDictionary(m => m.Key, m => new Dictionary<string, decimal>(m.Value));
        foreach (var (month, plan) in plans)
        {
            if (!copy.TryGetValue(month, out var ofMonth))
            {
                copy[month] = ofMonth = [];
            }

            ofMonth[code] = plan;
        }

        Plans = copy;
        UpdatedAt = now;
        UpdatedBy = by;
    }

    /// <summary>Removes a node's month plans of these months: the typed plan applies to them again.</summary>
    public void ClearMonthPlans(string code, IEnumerable<string> monthKeys, DateTimeOffset now, string? by)
    {
        ArgumentNullException.ThrowIfNull(monthKeys);
        var months = monthKeys.ToHashSet(StringComparer.Ordinal);
        Plans = Plans
            .Select(m => KeyValuePair.Create(m.Key,
                m.Value.Where(p => !(months.Contains(m.Key) && p.Key == code)).ToDictionary()))
            .Where(m => m.Value.Count > 0)
            .ToDictionary();
        UpdatedAt = now;
        UpdatedBy = by;
    }

    /// <summary>Replaces one month's typed facts.</summary>
    public void SetFacts(string monthKey, IReadOnlyDictionary<string, decimal> facts, DateTimeOffset now, string? by)
    {
        ArgumentNullException.ThrowIfNull(facts);
        Facts = new Dictionary<string, Dictionary<string, decimal>>(Facts) { [monthKey] = new(facts) };
        UpdatedAt = now;
        UpdatedBy = by;
    }
}
