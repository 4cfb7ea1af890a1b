using KpiPlanner.Domain.Goals;
using KpiPlanner.Domain.Kpis;
using KpiPlanner.Web.Localization;

namespace KpiPlanner.Web.Features.Goals;

/// <summary>
/// One node as the owner edits it. Plan and fact are typed like in a spreadsheet: a number (<c>200 000</c>) or a
/// formula after an equals sign (<c>=expenses + profit</c>).
/// </summary>
public sealed class GoalNodeRow
{
    public string Code { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public KpiUnit Unit { get; set; } = KpiUnit.Count;

    public Direction Direction { get; set; } = Direction.HigherIsBetter;

    public string? ParentCode { get; set; }

    public string PlanText { get; set; } = string.Empty;

    public string FactText { get; set; } = string.Empty;

    /// <summary>The department whose team plans of <see cref="KpiKey"/> should add up to this node.</summary>
    public int? DepartmentId { get; set; }

    public string? KpiKey { get; set; }

    /// <summary>The one employee whose plan and fact of <see cref="KpiKey"/> this node is compared with (instead of a department).</summary>
    public int? EmployeeId { get; set; }

    public static GoalNodeRow From(GoalNodeSpec spec, IReadOnlyDictionary<string, decimal> facts) => new()
    {
        Code = spec.Code,
        Name = spec.Name,
        Unit = spec.Unit,
        Direction = spec.Direction,
        ParentCode = spec.ParentCode,
        DepartmentId = spec.DepartmentId,
        KpiKey = spec.KpiKey,
        EmployeeId = spec.EmployeeId,
        PlanText = spec.PlanFormula is { } pf ? "=" + pf : spec.PlanValue is { } pv ? Formats.Plain(pv, 4) : string.Empty,
        FactText = spec.FactFormula is { } ff ? "=" + ff : facts.TryGetValue(spec.Code, out var fv) ? Formats.Plain(fv, 4) : string.Empty,
    };

    public bool PlanIsFormula => PlanText.TrimStart().StartsWith('=');

    public bool FactIsFormula => FactText.TrimStart().StartsWith('=');

    /// <summary>The node's spec (typed facts go to the month's facts, not the spec); null text means "not a number".</summary>
    public (GoalNodeSpec Spec, decimal? Fact, string? BadPlan, string? BadFact) ToSpec()
    {
        string? badPlan = null, badFact = null;
        decimal? planValue = null, fact = null;
        string? planFormula = null, factFormula = null;
        if (PlanIsFormula)
        {
            planFormula = PlanText.TrimStart()[1..].Trim();
        }
        else if (!Formats.TryParseDecimal(PlanText, out planValue))
        {
            badPlan = PlanText;
        }

        if (FactIsFormula)
        {
            factFormula = FactText.TrimStart()[1..].Trim();
        }
        else if (!Formats.TryParseDecimal(FactText, out fact))
        {
            badFact = FactText;
        }

        var spec = new GoalNodeSpec(Code.Trim(), Name.Trim(), Unit, Direction, planValue, planFormula, null, factFormula,
            string.IsNullOrWhiteSpace(ParentCode) ? null : ParentCode.Trim(), DepartmentId, string.IsNullOrWhiteSpace(KpiKey) ? null : KpiKey.Trim(), EmployeeId);
        return (spec, fact, badPlan, badFact);
    }
}
