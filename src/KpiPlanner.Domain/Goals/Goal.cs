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

    /// <summary>
    /// The tree's history, oldest first: each version applies from its month (the first from the start) until the next
    /// one begins. A change "from March" adds a version, so the months before March — and every closed month — keep
    /// the tree they were planned and paid by.
    /// </summary>
    public List<GoalVersion> Versions { get; private set; } = [];

    /// <summary>The latest tree: the one in force from its version's month on.</summary>
    public IReadOnlyList<GoalNodeSpec> Nodes => Versions.Count == 0 ? [] : Versions[^1].Nodes;

    /// <summary>The version in force in a month (<c>yyyy-MM</c>).</summary>
    public GoalVersion VersionAt(string monthKey) =>
        Versions.LastOrDefault(v => v.From is null || string.CompareOrdinal(v.From, monthKey) <= 0) ?? Versions[0];

    /// <summary>The tree in force in a month (<c>yyyy-MM</c>).</summary>
    public IReadOnlyList<GoalNodeSpec> NodesAt(string monthKey) => VersionAt(monthKey).Nodes;

    /// <summary>The months (<c>yyyy-MM</c>) where a later version of the tree begins, in order.</summary>
    public IReadOnlyList<string> ChangeMonths => Versions.Where(v => v.From is not null).Select(v => v.From!).ToArray();

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
    /// Replaces the whole history with one tree (already validated by <see cref="GoalTree.Create"/>): what a new goal
    /// starts with. Month plans of a node that is gone or whose plan is now a formula are dropped: a formula node
    /// follows the nodes it uses.
    /// </summary>
    public void Replace(IReadOnlyList<GoalNodeSpec> nodes, DateTimeOffset now, string? by)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        Versions = [new GoalVersion(null, [.. nodes])];
        DropMonthPlansNotTyped(_ => true);
        UpdatedAt = now;
        UpdatedBy = by;
    }

    /// <summary>
    /// Changes the tree from a month on (already validated by <see cref="GoalTree.Create"/>): the months before
    /// <paramref name="fromMonthKey"/> keep the tree they had, and so does every month in <paramref name="closedMonthKeys"/>
    /// (a closed month was paid by its plans and never changes). A later change is replaced, except in closed months.
    /// Month plans of the changed months whose node is gone or now a formula are dropped.
    /// </summary>
    /// <returns>True when some month's tree changed.</returns>
    public bool ChangeFrom(string fromMonthKey, IReadOnlyList<GoalNodeSpec> nodes, IReadOnlySet<string> closedMonthKeys, DateTimeOffset now, string? by)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fromMonthKey);
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(closedMonthKeys);
        if (Versions.Count == 0)
        {
            Replace(nodes, now, by);
            return true;
        }

        List<GoalNodeSpec> changed = [.. nodes];
        bool Kept(string month) => string.CompareOrdinal(month, fromMonthKey) < 0 || closedMonthKeys.Contains(month);
        IReadOnlyList<GoalNodeSpec> TreeAt(string month) => Kept(month) ? NodesAt(month) : changed;

        // The tree can only differ where a version begins, where the change begins, and at the edges of a closed month.
        var starts = new SortedSet<string>(StringComparer.Ordinal) { fromMonthKey };
        starts.UnionWith(ChangeMonths);
        foreach (var closed in closedMonthKeys.Where(c => string.CompareOrdinal(c, fromMonthKey) >= 0))
        {
            starts.Add(closed);
            starts.Add(NextMonthKey(closed));
        }

        var versions = new List<GoalVersion> { new(null, [.. TreeAt(string.Empty)]) };
        foreach (var start in starts)
        {
            var tree = TreeAt(start);
            if (!tree.SequenceEqual(versions[^1].Nodes))
            {
                versions.Add(new GoalVersion(start, [.. tree]));
            }
        }

        if (versions.Count == Versions.Count && versions.Zip(Versions).All(p => p.First.From == p.Second.From && p.First.Nodes.SequenceEqual(p.Second.Nodes)))
        {
            return false;
        }

        Versions = versions;
        DropMonthPlansNotTyped(month => !Kept(month));
        UpdatedAt = now;
        UpdatedBy = by;
        return true;
    }

    /// <summary>Drops, in the months <paramref name="affected"/> selects, the month plans of nodes that month's tree does not type.</summary>
    private void DropMonthPlansNotTyped(Func<string, bool> affected)
    {
        Plans = Plans
            .Select(m =>
            {
                if (!affected(m.Key))
                {
                    return m;
                }

                var typed = NodesAt(m.Key).Where(n => n.PlanFormula is null).Select(n => n.Code).ToHashSet(StringComparer.Ordinal);
                return KeyValuePair.Create(m.Key, m.Value.Where(p => typed.Contains(p.Key)).ToDictionary());
            })
            .Where(m => m.Value.Count > 0)
            .ToDictionary();
    }

    private static string NextMonthKey(string monthKey)
    {
        var month = DateOnly.ParseExact(monthKey + "-01", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        return month >= DateOnly.MaxValue.AddDays(-30) ? monthKey + "+" : month.AddMonths(1).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
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

    /// <summary>
    /// Gives the goal another name (issue 17: after a raise the title still named the old figure). The name is checked by
    /// the caller (<see cref="GoalErrors.NameRequired"/>, <see cref="GoalErrors.NameTooLong"/>, no other goal's name); the
    /// tree, facts and month plans stay as they are.
    /// </summary>
    public void Rename(string name, DateTimeOffset now, string? by)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var trimmed = name.Trim();
        if (trimmed.Length > MaxNameLength)
        {
            throw new ArgumentException($"A goal's name is at most {MaxNameLength} characters.", nameof(name));
        }

        Name = trimmed;
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

/// <summary>One version of a goal's tree: in force from <paramref name="From"/> (<c>yyyy-MM</c>; null: from the start) until the next version.</summary>
public sealed record GoalVersion(string? From, IReadOnlyList<GoalNodeSpec> Nodes);
