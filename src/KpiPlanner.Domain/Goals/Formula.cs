using System.Globalization;
using KpiPlanner.Domain.Validation;

namespace KpiPlanner.Domain.Goals;

/// <summary>
/// A goal node's formula: the text the person typed and its syntax tree (domain.md §3: <c>revenue = expenses + profit</c>,
/// <c>visitors = revenue / avg_check</c>, <c>per_day = visitors / days(period)</c>).
/// <para>
/// The language: decimal numbers with a point (<c>500</c>, <c>0.5</c>; a decimal comma is refused), names of other
/// nodes (Latin letters, digits, <c>_</c>; case is ignored), <c>+ - * /</c>, unary minus, parentheses, and the
/// functions <c>days(period)</c> (calendar days of the evaluated period), <c>min(a, b)</c>, <c>max(a, b)</c> and
/// <c>round(x, n)</c> (n decimals, half away from zero). Nothing else: no code runs, nothing is looked up by
/// reflection. Arithmetic is <see cref="decimal"/>; a division by zero or an overflow is an error, never an exception.
/// </para>
/// <para>Text is turned into a formula by an <see cref="IFormulaParser"/> (Infrastructure's <c>FormulaParser</c>).</para>
/// </summary>
public sealed class Formula
{
    /// <summary>The longest formula accepted, in characters.</summary>
    public const int MaxLength = 1000;

    /// <summary>A formula over its syntax tree; <paramref name="text"/> is what the person typed.</summary>
    public Formula(string text, FormulaExpression root)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(root);
        Text = text.Trim();
        Root = root;
        var names = new List<string>();
        Collect(root, names);
        References = names;
    }

    /// <summary>The text as typed (trimmed).</summary>
    public string Text { get; }

    /// <summary>The syntax tree.</summary>
    public FormulaExpression Root { get; }

    /// <summary>The node names used, each once (first spelling), in order of appearance.</summary>
    public IReadOnlyList<string> References { get; }

    /// <summary>
    /// Evaluates the formula for <paramref name="period"/>. <paramref name="values"/> gives a name's value, or null when
    /// it has none (reported as <see cref="GoalErrors.FormulaNoValue"/>). Errors name the formula and
    /// <paramref name="node"/>, with the path <paramref name="path"/>.
    /// </summary>
    public Result<decimal> Evaluate(PeriodRange period, Func<string, decimal?> values, string node = "", string path = "") =>
        FormulaEvaluator.Evaluate(this, period, values, node, path);

    /// <inheritdoc/>
    public override string ToString() => Text;

    private static void Collect(FormulaExpression expression, List<string> names)
    {
        switch (expression)
        {
            case FormulaReference reference:
                if (!names.Contains(reference.Name, StringComparer.OrdinalIgnoreCase))
                {
                    names.Add(reference.Name);
                }

                break;
            case FormulaNegation negation:
                Collect(negation.Operand, names);
                break;
            case FormulaBinary binary:
                Collect(binary.Left, names);
                Collect(binary.Right, names);
                break;
            case FormulaCall call:
                Collect(call.First, names);
                Collect(call.Second, names);
                break;
            default:
                break;
        }
    }
}

/// <summary>Turns a formula's text into a <see cref="Formula"/>, or errors naming the position and what was expected.</summary>
public interface IFormulaParser
{
    /// <summary>
    /// Parses <paramref name="text"/>. Errors carry the path <paramref name="path"/> and the args <c>formula</c>,
    /// <c>position</c> (1-based character) and, for syntax errors, <c>found</c> and <c>expected</c>.
    /// </summary>
    Result<Formula> Parse(string text, string path = "");
}

/// <summary>A node of a formula's syntax tree. <see cref="object.ToString"/> gives canonical text.</summary>
public abstract record FormulaExpression;

/// <summary>A decimal literal.</summary>
public sealed record FormulaNumber(decimal Value) : FormulaExpression
{
    /// <inheritdoc/>
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Another node's value, by code.</summary>
public sealed record FormulaReference(string Name) : FormulaExpression
{
    /// <inheritdoc/>
    public override string ToString() => Name;
}

/// <summary>Unary minus.</summary>
public sealed record FormulaNegation(FormulaExpression Operand) : FormulaExpression
{
    /// <inheritdoc/>
    public override string ToString() => "-" + FormulaBinary.Wrap(Operand);
}

/// <summary>The four operators.</summary>
public enum FormulaOperator
{
    /// <summary><c>+</c></summary>
    Add,
    /// <summary><c>-</c></summary>
    Subtract,
    /// <summary><c>*</c></summary>
    Multiply,
    /// <summary><c>/</c></summary>
    Divide,
}

/// <summary><c>left op right</c>.</summary>
public sealed record FormulaBinary(FormulaOperator Operator, FormulaExpression Left, FormulaExpression Right) : FormulaExpression
{
    /// <summary>The operator's symbol.</summary>
    public static string Symbol(FormulaOperator op) => op switch
    {
        FormulaOperator.Add => "+",
        FormulaOperator.Subtract => "-",
        FormulaOperator.Multiply => "*",
        FormulaOperator.Divide => "/",
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    /// <inheritdoc/>
    public override string ToString() => Wrap(Left) + " " + Symbol(Operator) + " " + Wrap(Right);

    internal static string Wrap(FormulaExpression e) =>
        e is FormulaBinary ? "(" + e + ")" : e.ToString() ?? string.Empty;
}

/// <summary><c>days(period)</c>: calendar days of the evaluated period.</summary>
public sealed record FormulaDays : FormulaExpression
{
    /// <inheritdoc/>
    public override string ToString() => "days(period)";
}

/// <summary>The two-argument functions.</summary>
public enum FormulaFunction
{
    /// <summary><c>min(a, b)</c></summary>
    Min,
    /// <summary><c>max(a, b)</c></summary>
    Max,
    /// <summary><c>round(x, n)</c>: n decimals (0–28), half away from zero.</summary>
    Round,
}

/// <summary><c>min(a, b)</c>, <c>max(a, b)</c> or <c>round(x, n)</c>.</summary>
public sealed record FormulaCall(FormulaFunction Function, FormulaExpression First, FormulaExpression Second) : FormulaExpression
{
    /// <inheritdoc/>
    public override string ToString() =>
        Function.ToString().ToLowerInvariant() + "(" + First + ", " + Second + ")";
}

/// <summary>Evaluates a formula in decimal arithmetic; errors instead of exceptions.</summary>
internal static class FormulaEvaluator
{
    public static Result<decimal> Evaluate(
        Formula formula, PeriodRange period, Func<string, decimal?> values, string node, string path)
    {
        ArgumentNullException.ThrowIfNull(formula);
        ArgumentNullException.ThrowIfNull(period);
        ArgumentNullException.ThrowIfNull(values);
        var context = new Context(formula, period, values, node, path);
        decimal result;
        try
        {
            var value = context.Eval(formula.Root);
            if (value is null)
            {
                return Result<decimal>.Failure(context.Error!);
            }

            result = value.Value;
        }
        catch (OverflowException)
        {
            return Result<decimal>.Failure(context.Overflow());
        }

        return Money.IsInRange(result) ? Result<decimal>.Success(result) : Result<decimal>.Failure(context.Overflow());
    }

    private sealed class Context(Formula formula, PeriodRange period, Func<string, decimal?> values, string node, string path)
    {
        public DomainError? Error { get; private set; }

        public DomainError Overflow() => GoalErrors.Create(GoalErrors.FormulaOverflow, path,
            ("formula", formula.Text), ("node", node), ("max", Money.MaxAmount));

        public decimal? Eval(FormulaExpression expression)
        {
            switch (expression)
            {
                case FormulaNumber number:
                    return number.Value;
                case FormulaReference reference:
                    var value = values(reference.Name);
                    return value ?? Fail(GoalErrors.FormulaNoValue, ("name", reference.Name));
                case FormulaDays:
                    return period.Days;
                case FormulaNegation negation:
                    return -Eval(negation.Operand);
                case FormulaBinary binary:
                    return Binary(binary);
                case FormulaCall call:
                    return Call(call);
                default:
                    throw new ArgumentOutOfRangeException(nameof(expression), expression.GetType().Name, "Unknown node.");
            }
        }

        private decimal? Binary(FormulaBinary binary)
        {
            var left = Eval(binary.Left);
            if (left is null)
            {
                return null;
            }

            var right = Eval(binary.Right);
            if (right is null)
            {
                return null;
            }

            return binary.Operator switch
            {
                FormulaOperator.Add => left.Value + right.Value,
                FormulaOperator.Subtract => left.Value - right.Value,
                FormulaOperator.Multiply => left.Value * right.Value,
                FormulaOperator.Divide => right.Value == 0
                    ? Fail(GoalErrors.FormulaDivisionByZero, ("divisor", binary.Right.ToString() ?? string.Empty))
                    : left.Value / right.Value,
                _ => throw new ArgumentOutOfRangeException(nameof(binary)),
            };
        }

        private decimal? Call(FormulaCall call)
        {
            var first = Eval(call.First);
            if (first is null)
            {
                return null;
            }

            var second = Eval(call.Second);
            if (second is null)
            {
                return null;
            }

            switch (call.Function)
            {
                case FormulaFunction.Min:
                    return Math.Min(first.Value, second.Value);
                case FormulaFunction.Max:
                    return Math.Max(first.Value, second.Value);
                case FormulaFunction.Round:
                    var digits = second.Value;
                    if (digits != decimal.Truncate(digits) || digits < 0 || digits > 28)
                    {
                        return Fail(GoalErrors.FormulaRoundDigits, ("digits", digits));
                    }

                    return Math.Round(first.Value, (int)digits, MidpointRounding.AwayFromZero);
                default:
                    throw new ArgumentOutOfRangeException(nameof(call));
            }
        }

        private decimal? Fail(string code, params (string Name, object Value)[] args)
        {
            Error ??= GoalErrors.Create(code, path,
                [("formula", formula.Text), ("node", node), .. args]);
            return null;
        }
    }
}
