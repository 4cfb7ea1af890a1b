using KpiPlanner.Domain.Kpis;
using KpiPlanner.Domain.Payroll;

namespace KpiPlanner.Infrastructure.Payroll;

/// <summary>
/// Whose pay lines a read covers: everyone, or one person and the people of some departments (by their department
/// today, as <c>ReadableBy</c> reads people). Who gets which scope is the web's access rule; this only carries it.
/// </summary>
public sealed record PeopleScope(bool Everyone, int? Self, IReadOnlyCollection<int> Departments)
{
    public static PeopleScope All { get; } = new(true, null, []);

    public static PeopleScope Of(int? self, IEnumerable<int> departments) => new(false, self, [.. departments]);
}

/// <summary>The order of the pay review's lines; every order ends with the employee's id, so pages never overlap.</summary>
public enum PayLineOrder
{
    /// <summary>By the department the line was paid in, then by name (the page's default).</summary>
    Department,
    Name,
    Number,
    Fixed,
    PlannedVariable,
    Variable,
    Bonus,
    Adjustments,
    Total,
}

/// <summary>What the pay review's table shows: none of it set shows every line.</summary>
/// <param name="Departments">The departments (a subtree, the caller expands it) whose lines are shown; null for all.</param>
/// <param name="Search">Part of the name or of the personnel number, any case.</param>
/// <param name="BelowPlan">Lines with a KPI under 100 % or missing a figure (<see cref="PayLineKpi.BelowPlan"/>).</param>
/// <param name="Changed">Lines whose total differs from the previous calculation's (or the first calculation's).</param>
public sealed record PayLineFilter(
    IReadOnlyCollection<int>? Departments = null,
    string? Search = null,
    bool BelowPlan = false,
    bool Gated = false,
    bool Changed = false,
    bool MissingFigures = false);

/// <summary>One page of a month's pay lines: where it starts, how long, in which order.</summary>
public sealed record PayLineQuery(DateOnly Month, PeopleScope Scope, PayLineFilter Filter, PayLineOrder Order, bool Descending, int Skip, int Take);

/// <summary>A KPI of a pay line as the review's row shows it (a chip): the few figures read out of the stored explanation.</summary>
public sealed record PayLineKpi(string Name, Measurement Measurement, MissingFigure Missing, decimal? CompletionPercent, bool CompletionInfinite, decimal Coefficient)
{
    /// <summary>Under 100 % (a raw value and an infinite completion never are), or missing its plan or fact.</summary>
    public bool BelowPlan => Missing != MissingFigure.None || (!CompletionInfinite && Measurement != Measurement.RawValue && CompletionPercent < 100m);

    public static PayLineKpi Of(KpiExplanation kpi)
    {
        ArgumentNullException.ThrowIfNull(kpi);
        return new(kpi.Name, kpi.Measurement, kpi.Missing, kpi.CompletionPercent, kpi.CompletionInfinite, kpi.Coefficient);
    }
}

/// <summary>A row of the pay review's table: the line's amounts and flags, its KPIs due this month, never its whole explanation.</summary>
/// <param name="LineTotal">Fixed + variable + bonus, before adjustments.</param>
/// <param name="Adjustments">The sum of the line's adjustments.</param>
public sealed record PayLineListRow(
    int EmployeeId,
    string PersonnelNumber,
    string LastName,
    string FirstName,
    string? MiddleName,
    int DepartmentId,
    string Department,
    string Position,
    decimal Fixed,
    decimal PlannedVariable,
    decimal Variable,
    decimal Bonus,
    decimal Adjustments,
    decimal LineTotal,
    decimal? PreviousTotal,
    bool Gated,
    bool MissingFigures,
    IReadOnlyList<PayLineKpi> Kpis,
    WorkedTime Worked);

/// <summary>One page of rows and how many lines the filter keeps in all.</summary>
public sealed record PayLineListPage(int Count, IReadOnlyList<PayLineListRow> Rows);

/// <summary>The sums of the lines paid in one department under one scheme version (the totals and the planned fund are built from these).</summary>
public sealed record PayTotalsRow(int DepartmentId, int SchemeVersionId, int People, decimal Fixed, decimal PlannedVariable, decimal Variable, decimal Bonus,
    decimal Adjustments, decimal LineTotal);

/// <summary>People employed in the month without a pay line (no scheme in force): how many, and the first of them by name.</summary>
public sealed record WithoutLines(int Count, IReadOnlyList<string> First);
