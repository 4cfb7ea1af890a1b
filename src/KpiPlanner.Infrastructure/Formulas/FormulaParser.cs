using System.Globalization;
using KpiPlanner.Domain.Goals;
using KpiPlanner.Domain.Validation;
using Superpower;
using Superpower.Display;
using Position = Superpower.Model.Position;
using Superpower.Parsers;
using Superpower.Tokenizers;

namespace KpiPlanner.Infrastructure.Formulas;

/// <summary>
/// Parses goal formulas (<see cref="Formula"/>) with Superpower: a tokenizer, a small operator-precedence grammar,
/// then a check of functions and <c>period</c> that produces the domain's syntax tree. Nothing is executed or looked
/// up by reflection: the only outputs are the domain's <see cref="FormulaExpression"/> records.
/// <para>
/// Grammar: <c>expr = term (("+" | "-") term)*</c>; <c>term = factor (("*" | "/") factor)*</c>;
/// <c>factor = "-" factor | number | name | name "(" args ")" | "(" expr ")"</c>. Numbers are <c>[0-9]+(\.[0-9]+)?</c>
/// read with the invariant culture; a decimal comma (<c>0,5</c>) is refused with its own message. Names are
/// Latin identifiers (<c>[A-Za-z_][A-Za-z0-9_]*</c>; a Cyrillic letter is a syntax error). Functions: <c>days(period)</c>, <c>min(a, b)</c>,
/// <c>max(a, b)</c>, <c>round(x, n)</c>, names case-insensitive.
/// </para>
/// <para>Errors carry <c>formula</c>, <c>position</c> (1-based character index) and, for syntax errors,
/// <c>found</c> and <c>expected</c>. Thread-safe; one instance can be shared (register as a singleton).</para>
/// </summary>
public sealed class FormulaParser : IFormulaParser
{
    private static readonly Tokenizer<FormulaToken> Tokenizer = new TokenizerBuilder<FormulaToken>()
        .Ignore(Span.WhiteSpace)
        .Match(Character.EqualTo('+'), FormulaToken.Plus)
        .Match(Character.EqualTo('-'), FormulaToken.Minus)
        .Match(Character.EqualTo('*'), FormulaToken.Times)
        .Match(Character.EqualTo('/'), FormulaToken.Divide)
        .Match(Character.EqualTo('('), FormulaToken.Open)
        .Match(Character.EqualTo(')'), FormulaToken.Close)
        .Match(Character.EqualTo(','), FormulaToken.Comma)
        .Match(Span.Regex("[0-9]+(\\.[0-9]+)?"), FormulaToken.Number)
        .Match(Span.Regex("[A-Za-z_][A-Za-z0-9_]*"), FormulaToken.Name)
        .Build();

    private static readonly TokenListParser<FormulaToken, Syntax> Number =
        Token.EqualTo(FormulaToken.Number).Select(t => (Syntax)new NumberSyntax(t.ToStringValue(), t.Position));

    private static readonly TokenListParser<FormulaToken, Syntax[]> Arguments =
        from open in Token.EqualTo(FormulaToken.Open)
        from args in Superpower.Parse.Ref(() => Expression!).ManyDelimitedBy(Token.EqualTo(FormulaToken.Comma))
        from close in Token.EqualTo(FormulaToken.Close)
        select args;

    private static readonly TokenListParser<FormulaToken, Syntax> NameOrCall =
        from name in Token.EqualTo(FormulaToken.Name)
        from args in Arguments.Select(a => (Syntax[]?)a).OptionalOrDefault()
        select args is null
            ? (Syntax)new NameSyntax(name.ToStringValue(), name.Position)
            : new CallSyntax(name.ToStringValue(), name.Position, args);

    private static readonly TokenListParser<FormulaToken, Syntax> Group =
        from open in Token.EqualTo(FormulaToken.Open)
        from inner in Superpower.Parse.Ref(() => Expression!)
        from close in Token.EqualTo(FormulaToken.Close)
        select inner;

    private static readonly TokenListParser<FormulaToken, Syntax> Factor =
        (from minus in Token.EqualTo(FormulaToken.Minus)
         from operand in Superpower.Parse.Ref(() => Factor!)
         select (Syntax)new NegationSyntax(operand))
        .Or(Number)
        .Or(NameOrCall)
        .Or(Group);

    private static readonly TokenListParser<FormulaToken, FormulaOperator> MultiplyOrDivide =
        Token.EqualTo(FormulaToken.Times).Value(FormulaOperator.Multiply)
            .Or(Token.EqualTo(FormulaToken.Divide).Value(FormulaOperator.Divide));

    private static readonly TokenListParser<FormulaToken, FormulaOperator> AddOrSubtract =
        Token.EqualTo(FormulaToken.Plus).Value(FormulaOperator.Add)
            .Or(Token.EqualTo(FormulaToken.Minus).Value(FormulaOperator.Subtract));

    private static readonly TokenListParser<FormulaToken, Syntax> Term =
        Superpower.Parse.Chain(MultiplyOrDivide, Factor, (op, left, right) => new BinarySyntax(op, left, right));

    private static readonly TokenListParser<FormulaToken, Syntax> Expression =
        Superpower.Parse.Chain(AddOrSubtract, Term, (op, left, right) => new BinarySyntax(op, left, right));

    private static readonly TokenListParser<FormulaToken, Syntax> Whole = Expression.AtEnd();

    /// <inheritdoc/>
    public Result<Formula> Parse(string text, string path = "")
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(path);
        var formula = text.Trim();
        if (formula.Length == 0)
        {
            return Fail(GoalErrors.Create(GoalErrors.FormulaEmpty, path, ("formula", formula)));
        }

        if (formula.Length > Formula.MaxLength)
        {
            return Fail(GoalErrors.Create(GoalErrors.FormulaTooLong, path, ("max", Formula.MaxLength)));
        }

        var tokens = Tokenizer.TryTokenize(formula);
        if (!tokens.HasValue)
        {
            var at = tokens.ErrorPosition.HasValue ? tokens.ErrorPosition.Absolute : 0;
            return Fail(SyntaxErrorAt(formula, path, at, Quote(formula[at].ToString()),
                "a number, a name in Latin letters, an operator (+ - * /), a bracket or a comma"));
        }

        var parsed = Whole.TryParse(tokens.Value);
        if (!parsed.HasValue)
        {
            return Fail(SyntaxError(formula, path, parsed));
        }

        var errors = new List<DomainError>();
        var root = Convert(parsed.Value, formula, path, errors);
        return root is null || errors.Count > 0 ? Fail(errors[0]) : Result<Formula>.Success(new Formula(formula, root));
    }

    private static Result<Formula> Fail(DomainError error) => Result<Formula>.Failure(error);

    private static DomainError SyntaxError(
        string formula, string path, Superpower.Model.TokenListParserResult<FormulaToken, Syntax> parsed)
    {
        var location = parsed.Location;
        if (location.IsAtEnd)
        {
            return SyntaxErrorAt(formula, path, formula.Length, "the end of the formula", Expected(parsed.Expectations));
        }

        var token = location.ConsumeToken().Value;
        var at = token.Position.Absolute;
        if (token.Kind == FormulaToken.Comma && at > 0 && at + 1 < formula.Length
            && char.IsAsciiDigit(formula[at - 1]) && char.IsAsciiDigit(formula[at + 1]))
        {
            var start = at;
            while (start > 0 && char.IsAsciiDigit(formula[start - 1]))
            {
                start--;
            }

            var end = at + 1;
            while (end < formula.Length && char.IsAsciiDigit(formula[end]))
            {
                end++;
            }

            var example = formula[start..at] + "." + formula[(at + 1)..end];
            return GoalErrors.Create(GoalErrors.FormulaDecimalComma, path,
                ("formula", formula), ("position", at + 1), ("example", example));
        }

        return SyntaxErrorAt(formula, path, at, Quote(token.ToStringValue()), Expected(parsed.Expectations));
    }

    private static DomainError SyntaxErrorAt(string formula, string path, int index, string found, string expected) =>
        GoalErrors.Create(GoalErrors.FormulaSyntax, path,
            ("formula", formula), ("position", index + 1), ("found", found), ("expected", expected));

    private static string Quote(string text) => "\"" + text + "\"";

    private static string Expected(string[]? expectations)
    {
        if (expectations is null || expectations.Length == 0)
        {
            return "an operator or the end of the formula";
        }

        var names = expectations.Select(e => e.Replace('`', '"')).Distinct().ToArray();
        return names.Length == 1 ? names[0] : string.Join(", ", names[..^1]) + " or " + names[^1];
    }

    private static FormulaExpression? Convert(Syntax syntax, string formula, string path, List<DomainError> errors)
    {
        switch (syntax)
        {
            case NumberSyntax number:
                if (decimal.TryParse(number.Text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
                {
                    return new FormulaNumber(value);
                }

                errors.Add(GoalErrors.Create(GoalErrors.FormulaNumberTooLarge, path,
                    ("formula", formula), ("position", number.Position.Absolute + 1), ("number", number.Text)));
                return null;

            case NameSyntax name:
                if (string.Equals(name.Name, "period", StringComparison.OrdinalIgnoreCase))
                {
                    errors.Add(GoalErrors.Create(GoalErrors.FormulaPeriodOutsideDays, path,
                        ("formula", formula), ("position", name.Position.Absolute + 1)));
                    return null;
                }

                return new FormulaReference(name.Name);

            case NegationSyntax negation:
                var operand = Convert(negation.Operand, formula, path, errors);
                return operand is null ? null : new FormulaNegation(operand);

            case BinarySyntax binary:
                var left = Convert(binary.Left, formula, path, errors);
                var right = Convert(binary.Right, formula, path, errors);
                return left is null || right is null ? null : new FormulaBinary(binary.Operator, left, right);

            case CallSyntax call:
                return ConvertCall(call, formula, path, errors);

            default:
                throw new ArgumentOutOfRangeException(nameof(syntax), syntax.GetType().Name, "Unknown syntax node.");
        }
    }

    private static FormulaExpression? ConvertCall(CallSyntax call, string formula, string path, List<DomainError> errors)
    {
        var position = call.Position.Absolute + 1;
        var name = call.Name.ToLowerInvariant();
        if (name == "days")
        {
            if (call.Arguments is [NameSyntax { Name: var arg }]
                && string.Equals(arg, "period", StringComparison.OrdinalIgnoreCase))
            {
                return new FormulaDays();
            }

            errors.Add(GoalErrors.Create(GoalErrors.FormulaDaysArgument, path, ("formula", formula), ("position", position)));
            return null;
        }

        FormulaFunction? function = name switch
        {
            "min" => FormulaFunction.Min,
            "max" => FormulaFunction.Max,
            "round" => FormulaFunction.Round,
            _ => null,
        };

        if (function is null)
        {
            errors.Add(GoalErrors.Create(GoalErrors.FormulaUnknownFunction, path,
                ("formula", formula), ("position", position), ("function", call.Name)));
            return null;
        }

        if (call.Arguments.Length != 2)
        {
            if (DecimalCommaBetweenArguments(call, formula, path) is { } comma)
            {
                errors.Add(comma);
                return null;
            }

            errors.Add(GoalErrors.Create(GoalErrors.FormulaArgumentCount, path,
                ("formula", formula), ("position", position), ("function", name), ("expected", 2),
                ("actual", call.Arguments.Length)));
            return null;
        }

        var first = Convert(call.Arguments[0], formula, path, errors);
        var second = Convert(call.Arguments[1], formula, path, errors);
        return first is null || second is null ? null : new FormulaCall(function.Value, first, second);
    }

    /// <summary>
    /// <c>round(x, 0,5)</c> parses as three arguments; when a call has the wrong number of arguments and two of them
    /// touch a comma with digits on both sides, the person most likely typed a decimal comma.
    /// </summary>
    private static DomainError? DecimalCommaBetweenArguments(CallSyntax call, string formula, string path)
    {
        for (var i = 0; i + 1 < call.Arguments.Length; i++)
        {
            if (Rightmost(call.Arguments[i]) is not { } left || Leftmost(call.Arguments[i + 1]) is not { } right)
            {
                continue;
            }

            var comma = left.Position.Absolute + left.Text.Length;
            if (comma < formula.Length && formula[comma] == ',' && right.Position.Absolute == comma + 1)
            {
                return GoalErrors.Create(GoalErrors.FormulaDecimalComma, path,
                    ("formula", formula), ("position", comma + 1), ("example", left.Text + "." + right.Text));
            }
        }

        return null;
    }

    private static NumberSyntax? Rightmost(Syntax syntax) => syntax switch
    {
        NumberSyntax number => number,
        BinarySyntax binary => Rightmost(binary.Right),
        NegationSyntax negation => Rightmost(negation.Operand),
        _ => null,
    };

    private static NumberSyntax? Leftmost(Syntax syntax) => syntax switch
    {
        NumberSyntax number => number,
        BinarySyntax binary => Leftmost(binary.Left),
        _ => null,
    };

    private enum FormulaToken
    {
        [Token(Example = "+")]
        Plus,
        [Token(Example = "-")]
        Minus,
        [Token(Example = "*")]
        Times,
        [Token(Example = "/")]
        Divide,
        [Token(Example = "(")]
        Open,
        [Token(Example = ")")]
        Close,
        [Token(Example = ",")]
        Comma,
        [Token(Description = "a number")]
        Number,
        [Token(Description = "a name")]
        Name,
    }

    private abstract record Syntax;

    private sealed record NumberSyntax(string Text, Position Position) : Syntax;

    private sealed record NameSyntax(string Name, Position Position) : Syntax;

    private sealed record CallSyntax(string Name, Position Position, Syntax[] Arguments) : Syntax;

    private sealed record NegationSyntax(Syntax Operand) : Syntax;

    private sealed record BinarySyntax(FormulaOperator Operator, Syntax Left, Syntax Right) : Syntax;
}
