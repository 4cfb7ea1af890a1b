using KpiPlanner.Domain.Kpis;

namespace KpiPlanner.Domain.Goals;

/// <summary>
/// One row of a goal tree as the web layer and the database hold it: a node's plan is either a typed
/// <paramref name="PlanValue"/> or a <paramref name="PlanFormula"/> over other nodes' plans; its fact (for the
/// evaluated period) is optional — typed (<paramref name="FactValue"/>) or derived (<paramref name="FactFormula"/>,
/// over other nodes' facts; see <see cref="GoalTree"/> for what a node without a fact contributes).
/// </summary>
/// <param name="Code">The name formulas use: a Latin letter, then Latin letters, digits or <c>_</c> (<c>avg_check</c>).</param>
/// <param name="Name">What people read («Средний чек»).</param>
/// <param name="Unit">Money, count, percent…</param>
/// <param name="Direction">Higher or lower is better; drives the completion.</param>
/// <param name="PlanValue">A typed plan, or null when <paramref name="PlanFormula"/> computes it.</param>
/// <param name="PlanFormula">A plan formula (<c>expenses + profit</c>), or null for a typed plan.</param>
/// <param name="FactValue">A typed fact, or null.</param>
/// <param name="FactFormula">A fact formula over facts (<c>visitors * avg_check</c>), or null.</param>
/// <param name="ParentCode">The node above in the organisational tree (company goal → department KPI → employee KPI).</param>
/// <param name="DepartmentId">The department whose team carries this node (its monthly plans should add up to it).</param>
/// <param name="KpiKey">The KPI (scheme key, e.g. <c>sales_volume</c>) that this node is the department's — or the employee's — goal of.</param>
/// <param name="EmployeeId">The one employee whose plan and fact of <paramref name="KpiKey"/> this node is compared with
/// (instead of a department's team: the two links exclude each other).</param>
public sealed record GoalNodeSpec(
    string Code,
    string Name,
    KpiUnit Unit = KpiUnit.Count,
    Direction Direction = Direction.HigherIsBetter,
    decimal? PlanValue = null,
    string? PlanFormula = null,
    decimal? FactValue = null,
    string? FactFormula = null,
    string? ParentCode = null,
    int? DepartmentId = null,
    string? KpiKey = null,
    int? EmployeeId = null);

/// <summary>A validated node of a <see cref="GoalTree"/>: exactly one of a typed plan or a plan formula.</summary>
public sealed class GoalNode
{
    internal GoalNode(GoalNodeSpec spec, Formula? planFormula, Formula? factFormula)
    {
        Code = spec.Code.Trim();
        Name = spec.Name.Trim();
        Unit = spec.Unit;
        Direction = spec.Direction;
        ParentCode = string.IsNullOrWhiteSpace(spec.ParentCode) ? null : spec.ParentCode.Trim();
        DepartmentId = spec.DepartmentId;
        KpiKey = string.IsNullOrWhiteSpace(spec.KpiKey) ? null : spec.KpiKey.Trim();
        EmployeeId = spec.EmployeeId;
        PlanValue = planFormula is null ? spec.PlanValue : null;
        PlanFormula = planFormula;
        FactValue = factFormula is null ? spec.FactValue : null;
        FactFormula = factFormula;
    }

    /// <summary>The code formulas use.</summary>
    public string Code { get; }

    /// <summary>The display name.</summary>
    public string Name { get; }

    /// <summary>The unit.</summary>
    public KpiUnit Unit { get; }

    /// <summary>Higher or lower is better.</summary>
    public Direction Direction { get; }

    /// <summary>The parent's code, or null for a top goal.</summary>
    public string? ParentCode { get; }

    /// <summary>The department whose team's plans of <see cref="KpiKey"/> should add up to this node's plan.</summary>
    public int? DepartmentId { get; }

    /// <summary>The KPI this node is the department's (or the employee's) goal of.</summary>
    public string? KpiKey { get; }

    /// <summary>The one employee whose plan and fact of <see cref="KpiKey"/> this node is compared with.</summary>
    public int? EmployeeId { get; }

    /// <summary>What this node is compared with: a department's team, one employee, or nothing.</summary>
    public GoalLinkKind Link => KpiKey is null ? GoalLinkKind.None
        : EmployeeId is not null ? GoalLinkKind.Employee
        : DepartmentId is not null ? GoalLinkKind.Department
        : GoalLinkKind.None;

    /// <summary>The typed plan; null when <see cref="PlanFormula"/> computes it.</summary>
    public decimal? PlanValue { get; }

    /// <summary>The plan formula; null for a typed plan.</summary>
    public Formula? PlanFormula { get; }

    /// <summary>The typed fact, if any.</summary>
    public decimal? FactValue { get; }

    /// <summary>The fact formula, if the fact is derived.</summary>
    public Formula? FactFormula { get; }

    /// <summary>The row this node came from (formulas as typed).</summary>
    public GoalNodeSpec ToSpec() => new(Code, Name, Unit, Direction, PlanValue, PlanFormula?.Text, FactValue,
        FactFormula?.Text, ParentCode, DepartmentId, KpiKey, EmployeeId);

    internal GoalNode WithPlanValue(decimal value) =>
        new(ToSpec() with { PlanValue = value, PlanFormula = null }, null, FactFormula);

    /// <inheritdoc/>
    public override string ToString() => Code;
}

/// <summary>What a goal node's plan and fact are compared with.</summary>
public enum GoalLinkKind
{
    /// <summary>Nothing: the node's own figures only.</summary>
    None,

    /// <summary>A department's team: the sum (or mean) of its people's plans and facts of the KPI.</summary>
    Department,

    /// <summary>One employee: their plan and fact of the KPI.</summary>
    Employee,
}
