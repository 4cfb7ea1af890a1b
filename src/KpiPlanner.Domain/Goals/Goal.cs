namespace KpiPlanner.Domain.Goals;

/// <summary>
/// A company goal and its decomposition, as saved: the nodes (typed plans and formulas) and the typed facts of each
/// month (<c>"2026-06" → { visitors: 500, avg_check: 500 }</c>). Validation and evaluation are
/// <see cref="GoalTree"/>'s; this is what the owner edits and the database keeps.
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

    public DateTimeOffset UpdatedAt { get; private set; }

    public string? UpdatedBy { get; private set; }

    public IReadOnlyDictionary<string, decimal> FactsOf(string monthKey) =>
        Facts.TryGetValue(monthKey, out var facts) ? facts : new Dictionary<string, decimal>();

    /// <summary>Replaces the nodes (already validated by <see cref="GoalTree.Create"/>).</summary>
    public void Replace(IReadOnlyList<GoalNodeSpec> nodes, DateTimeOffset now, string? by)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        Nodes = [.. nodes];
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
