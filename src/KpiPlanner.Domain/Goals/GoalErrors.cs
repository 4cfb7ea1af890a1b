using KpiPlanner.Domain.Validation;

namespace KpiPlanner.Domain.Goals;

/// <summary>
/// Error codes of goal trees, formulas, splits and periods, with their English default message templates.
/// Codes are stable: the web layer translates them like <see cref="DomainErrors"/> (resources keyed by code, the same
/// <c>{placeholders}</c>, whose values travel in <see cref="DomainError.Args"/>). Kept apart from
/// <see cref="DomainErrors"/> so the goal module can grow on its own; the resources may merge them.
/// </summary>
public static class GoalErrors
{
    // ---- formulas: parsing -------------------------------------------------------------------------------
    /// <summary>An empty formula.</summary>
    public const string FormulaEmpty = "goal.formula.empty";
    /// <summary>A formula longer than <see cref="Formula.MaxLength"/> characters.</summary>
    public const string FormulaTooLong = "goal.formula.too_long";
    /// <summary>A syntax error: something unexpected at a position.</summary>
    public const string FormulaSyntax = "goal.formula.syntax";
    /// <summary>A decimal comma (<c>0,5</c>): formulas use a point.</summary>
    public const string FormulaDecimalComma = "goal.formula.decimal_comma";
    /// <summary>A number literal too large for a decimal.</summary>
    public const string FormulaNumberTooLarge = "goal.formula.number_too_large";
    /// <summary>A function the language does not have.</summary>
    public const string FormulaUnknownFunction = "goal.formula.unknown_function";
    /// <summary>A function called with the wrong number of arguments.</summary>
    public const string FormulaArgumentCount = "goal.formula.argument_count";
    /// <summary><c>days(…)</c> with anything other than <c>period</c>.</summary>
    public const string FormulaDaysArgument = "goal.formula.days_argument";
    /// <summary><c>period</c> outside <c>days(period)</c>.</summary>
    public const string FormulaPeriodOutsideDays = "goal.formula.period_outside_days";

    // ---- formulas: evaluation ----------------------------------------------------------------------------
    /// <summary>A formula naming a node the tree does not have.</summary>
    public const string FormulaUnknownName = "goal.formula.unknown_name";
    /// <summary>Formulas that depend on each other in a circle (including a node using itself).</summary>
    public const string FormulaCycle = "goal.formula.cycle";
    /// <summary>A division by zero while evaluating a formula.</summary>
    public const string FormulaDivisionByZero = "goal.formula.division_by_zero";
    /// <summary>A result too large (beyond ±9 999 999 999 999 999.99).</summary>
    public const string FormulaOverflow = "goal.formula.overflow";
    /// <summary><c>round(x, n)</c> with n not a whole number 0…28.</summary>
    public const string FormulaRoundDigits = "goal.formula.round_digits";
    /// <summary>A formula naming a value that is not available (evaluation outside a goal tree).</summary>
    public const string FormulaNoValue = "goal.formula.no_value";

    // ---- goal tree ---------------------------------------------------------------------------------------
    /// <summary>A node without a code.</summary>
    public const string NodeCodeRequired = "goal.node.code_required";
    /// <summary>A code that is not a Latin identifier.</summary>
    public const string NodeCodeInvalid = "goal.node.code_invalid";
    /// <summary>A code that is a word of the formula language.</summary>
    public const string NodeCodeReserved = "goal.node.code_reserved";
    /// <summary>Two nodes with the same code (case ignored).</summary>
    public const string NodeCodeDuplicate = "goal.node.code_duplicate";
    /// <summary>A node without a name.</summary>
    public const string NodeNameRequired = "goal.node.name_required";
    /// <summary>A parent code that is not in the tree.</summary>
    public const string NodeParentUnknown = "goal.node.parent_unknown";
    /// <summary>Nodes that are each other's parents.</summary>
    public const string NodeParentCycle = "goal.node.parent_cycle";
    /// <summary>A node with neither a plan value nor a plan formula.</summary>
    public const string NodePlanRequired = "goal.node.plan_required";
    /// <summary>A node with both a plan value and a plan formula.</summary>
    public const string NodePlanBoth = "goal.node.plan_both";
    /// <summary>A node with both a fact value and a fact formula.</summary>
    public const string NodeFactBoth = "goal.node.fact_both";
    /// <summary>A fact supplied for a node whose fact is derived by a formula.</summary>
    public const string NodeFactIsDerived = "goal.node.fact_is_derived";
    /// <summary>A node linked both to a department and to one employee: it is the goal of one or the other.</summary>
    public const string NodeLinkBoth = "goal.node.link_both";
    /// <summary>A node linked to an employee without naming which of their KPIs.</summary>
    public const string NodeEmployeeKpiRequired = "goal.node.employee_kpi_required";
    /// <summary>A node linked to an employee the caller may not choose (unknown, out of scope, outside the parent's department).</summary>
    public const string NodeEmployeeOutOfScope = "goal.node.employee_out_of_scope";
    /// <summary>A node linked to a KPI that is not in the employee's scheme.</summary>
    public const string NodeEmployeeKpiNotInScheme = "goal.node.employee_kpi_not_in_scheme";
    /// <summary>A new link to an employee who has left.</summary>
    public const string NodeEmployeeLeft = "goal.node.employee_left";
    /// <summary>A re-plan or fact naming a node the tree does not have.</summary>
    public const string NodeUnknown = "goal.node.unknown";
    /// <summary>A re-plan of a node whose plan is a formula.</summary>
    public const string ReplanNotTyped = "goal.replan.not_typed";

    // ---- the goal's name --------------------------------------------------------------------------------
    /// <summary>A goal without a name.</summary>
    public const string NameRequired = "goal.name.required";
    /// <summary>A goal's name longer than <see cref="Goal.MaxNameLength"/> characters.</summary>
    public const string NameTooLong = "goal.name.too_long";
    /// <summary>Another goal has this name already (case ignored).</summary>
    public const string NameTaken = "goal.name.taken";

    // ---- splits ------------------------------------------------------------------------------------------
    /// <summary>A split into no parts.</summary>
    public const string SplitNoParts = "goal.split.no_parts";
    /// <summary>A whole with more decimals than the unit's step (e.g. 10.5 visitors).</summary>
    public const string SplitWholePrecision = "goal.split.whole_precision";
    /// <summary>Shares that do not sum to exactly 100 %.</summary>
    public const string SplitSharesSum = "goal.split.shares_sum";
    /// <summary>A negative share or weight.</summary>
    public const string SplitNegativeWeight = "goal.split.negative_weight";
    /// <summary>Weights that are all zero.</summary>
    public const string SplitAllZero = "goal.split.all_zero";
    /// <summary>A time split into a level that is not below the period (a month into quarters).</summary>
    public const string SplitLevel = "goal.split.level";
    /// <summary>A change of the tree from a closed month: a closed month keeps the goal it was paid by.</summary>
    public const string ChangeFromClosed = "goal.change.from_closed";
    /// <summary>New typed facts for a closed month.</summary>
    public const string FactsOfClosedMonth = "goal.facts.month_closed";
    /// <summary>A seasonal profile without exactly 12 monthly weights.</summary>
    public const string SeasonMonthCount = "goal.season.month_count";
    /// <summary>A seasonal profile with a negative month.</summary>
    public const string SeasonNegative = "goal.season.negative";
    /// <summary>A seasonal profile whose months are all zero.</summary>
    public const string SeasonAllZero = "goal.season.all_zero";

    // ---- periods -----------------------------------------------------------------------------------------
    /// <summary>
    /// A period key that is not <c>2026-06</c>, <c>2026-Q2</c>, <c>2026-H1</c> or <c>2026</c> of a year from
    /// <c>{first}</c> to <c>{last}</c> (2000 to 2100).
    /// </summary>
    public const string PeriodInvalid = "goal.period.invalid";

    /// <summary>Code → English message template.</summary>
    public static IReadOnlyDictionary<string, string> EnglishTemplates { get; } = new Dictionary<string, string>
    {
        [FormulaEmpty] = "The formula is empty.",
        [FormulaTooLong] = "The formula is longer than {max} characters.",
        [FormulaSyntax] = "Formula \"{formula}\", position {position}: found {found}, expected {expected}.",
        [FormulaDecimalComma] = "Formula \"{formula}\", position {position}: write decimals with a point ({example}), not a comma.",
        [FormulaNumberTooLarge] = "Formula \"{formula}\", position {position}: the number {number} is too large.",
        [FormulaUnknownFunction] = "Formula \"{formula}\", position {position}: there is no function {function}(); use days(period), min(a, b), max(a, b) or round(x, n).",
        [FormulaArgumentCount] = "Formula \"{formula}\", position {position}: {function}() takes {expected} argument(s), not {actual}.",
        [FormulaDaysArgument] = "Formula \"{formula}\", position {position}: days() takes only the word period: days(period).",
        [FormulaPeriodOutsideDays] = "Formula \"{formula}\", position {position}: period can only be used as days(period).",
        [FormulaUnknownName] = "Formula \"{formula}\" of {node} uses {name}, which is not in the goal tree.",
        [FormulaCycle] = "Formula \"{formula}\" of {node} goes round in a circle: {cycle}.",
        [FormulaDivisionByZero] = "Formula \"{formula}\" of {node} divides by zero: {divisor} is 0.",
        [FormulaOverflow] = "Formula \"{formula}\" of {node} gives a number beyond ±{max}.",
        [FormulaRoundDigits] = "Formula \"{formula}\" of {node}: round(x, n) takes a whole n from 0 to 28, not {digits}.",
        [FormulaNoValue] = "Formula \"{formula}\" of {node} uses {name}, which has no value.",
        [NodeCodeRequired] = "The code is required.",
        [NodeCodeInvalid] = "The code {code} must start with a Latin letter and contain only Latin letters, digits and _ (at most {max} characters).",
        [NodeCodeReserved] = "The code {code} is a word of the formula language; choose another.",
        [NodeCodeDuplicate] = "Another node already has the code {code}.",
        [NodeNameRequired] = "The name is required.",
        [NodeParentUnknown] = "The parent {parent} of {node} is not in the goal tree.",
        [NodeParentCycle] = "Nodes are their own parents in a circle: {cycle}.",
        [NodePlanRequired] = "{node} needs a plan: a value or a formula.",
        [NodePlanBoth] = "{node} has both a plan value and a plan formula; keep one.",
        [NodeFactBoth] = "{node} has both a fact value and a fact formula; keep one.",
        [NodeLinkBoth] = "{node} is linked both to a department and to an employee; link it to one of them.",
        [NodeEmployeeKpiRequired] = "{node} is linked to an employee: choose which of their KPIs.",
        [NodeEmployeeOutOfScope] = "{node} cannot be linked to this employee: choose a person of the parent's department whom you may see.",
        [NodeEmployeeKpiNotInScheme] = "{node}: the KPI {kpi} is not in the employee's motivation scheme.",
        [NodeEmployeeLeft] = "{node}: the employee has left; choose someone on staff.",
        [NodeFactIsDerived] = "The fact of {node} is computed by its formula and cannot be entered.",
        [NodeUnknown] = "There is no node {node} in the goal tree.",
        [ReplanNotTyped] = "The plan of {node} is computed by its formula \"{formula}\"; change the nodes it uses instead.",
        [NameRequired] = "The goal needs a name.",
        [NameTooLong] = "The goal's name is longer than {max} characters.",
        [NameTaken] = "Another goal is already called \"{name}\"; choose another name.",
        [SplitNoParts] = "There is nothing to split into.",
        [SplitWholePrecision] = "{whole} cannot be split in steps of {step}: it has more decimal places.",
        [SplitSharesSum] = "Shares sum to {sum} %, not 100 %.",
        [SplitNegativeWeight] = "A share or weight cannot be negative: {value}.",
        [SplitAllZero] = "All shares or weights are zero: there is nothing to split by.",
        [SplitLevel] = "A {period} cannot be split into {into}.",
        [ChangeFromClosed] = "{month} is closed: its goal does not change. Choose a later month to change from.",
        [FactsOfClosedMonth] = "{month} is closed: its goal facts do not change.",
        [SeasonMonthCount] = "A seasonal profile needs 12 monthly values, not {count}.",
        [SeasonNegative] = "A seasonal profile cannot have a negative month: {value}.",
        [SeasonAllZero] = "All 12 months of the seasonal profile are zero.",
        [PeriodInvalid] = "{value} is not a period: use 2026-06, 2026-Q2, 2026-H1 or 2026, of a year from {first} to {last}.",
    };

    /// <summary>Every code.</summary>
    public static IReadOnlyCollection<string> All => (IReadOnlyCollection<string>)EnglishTemplates.Keys;

    /// <summary>An error with its English message, numbers formatted with the invariant culture.</summary>
    public static DomainError Create(string code, string path, params (string Name, object Value)[] args) =>
        DomainError.FromTemplate(EnglishTemplates[code], code, path, args);

    /// <summary><c>nodes[visitors]</c> + <c>plan</c> → <c>nodes[visitors].plan</c>.</summary>
    public static string NodePath(string code, string member = "") =>
        Paths.Join("nodes[" + code + "]", member);
}
