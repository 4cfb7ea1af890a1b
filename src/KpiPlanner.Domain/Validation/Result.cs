using System.Diagnostics.CodeAnalysis;

namespace KpiPlanner.Domain.Validation;

/// <summary>
/// The outcome of turning user input into a domain object or a figure: either a value (with possible warnings)
/// or every error found. User input never makes the domain throw; it gets a <see cref="Result{T}"/>.
/// </summary>
public sealed class Result<T>
{
    private static readonly IReadOnlyList<DomainError> None = [];

    private Result(T? value, IReadOnlyList<DomainError> errors, IReadOnlyList<DomainError> warnings)
    {
        Value = value;
        Errors = errors;
        Warnings = warnings;
    }

    /// <summary>The value; present exactly when <see cref="IsValid"/>.</summary>
    public T? Value { get; }

    /// <summary>Every error, each with its field path. Empty when valid.</summary>
    public IReadOnlyList<DomainError> Errors { get; }

    /// <summary>Advice that does not block (e.g. a scheme outside 3–5 KPIs).</summary>
    public IReadOnlyList<DomainError> Warnings { get; }

    /// <summary>True when there are no errors.</summary>
    [MemberNotNullWhen(true, nameof(Value))]
    public bool IsValid => Errors.Count == 0;

    /// <summary>A success.</summary>
    public static Result<T> Success(T value, IReadOnlyList<DomainError>? warnings = null) =>
        new(value, None, warnings ?? None);

    /// <summary>A failure; <paramref name="errors"/> must not be empty.</summary>
    public static Result<T> Failure(IReadOnlyList<DomainError> errors)
    {
        if (errors.Count == 0)
        {
            throw new ArgumentException("A failure needs at least one error.", nameof(errors));
        }

        return new(default, errors, None);
    }

    /// <summary>A failure with one error.</summary>
    public static Result<T> Failure(DomainError error) => new(default, [error], None);

    /// <summary>
    /// The value, or an <see cref="InvalidOperationException"/> listing the errors. For code that built its own
    /// input (presets, tests, demo data) and treats an error as a bug.
    /// </summary>
    public T GetValueOrThrow() =>
        IsValid ? Value : throw new InvalidOperationException(string.Join("; ", Errors));
}
