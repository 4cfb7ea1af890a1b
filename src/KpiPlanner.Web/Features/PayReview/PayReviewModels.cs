using KpiPlanner.Domain.Organisation;
using KpiPlanner.Domain.Payroll;
using KpiPlanner.Domain.Planning;
using KpiPlanner.Infrastructure.Payroll;

namespace KpiPlanner.Web.Features.PayReview;

/// <summary>
/// One person's line in HR's review of a month: the row the query read (its KPIs due this month, not its explanation)
/// with what the table shows beside it.
/// </summary>
public sealed record ReviewRow(PayLineListRow Line)
{
    public int EmployeeId => Line.EmployeeId;

    public string Name => Employee.FormatFullName(Line.LastName, Line.FirstName, Line.MiddleName);

    /// <summary>The line's total with the adjustments added.</summary>
    public decimal Total => Line.LineTotal + Line.Adjustments;

    /// <summary>True when a KPI's completion is below 100 % (or it is missing).</summary>
    public bool BelowPlan => Line.Kpis.Any(k => k.BelowPlan);

    public bool Changed => Line.PreviousTotal != Line.LineTotal;
}

/// <summary>Totals of a department (or the company) against the pay fund the schemes plan.</summary>
public sealed record ReviewTotals(string Name, int People, decimal Fixed, decimal PlannedVariable, decimal Variable, decimal Bonus,
    decimal Adjustments, decimal Total, decimal PlannedFund);

/// <summary>A department in the table's filter: indented by its depth in the tree; choosing it shows its whole subtree.</summary>
public sealed record DepartmentChoice(int Id, string Name, int Depth);

/// <summary>
/// HR's review of a month without its lines: where it stands, the totals (one aggregate), what blocks approval or
/// closing. The lines are read a page at a time (<see cref="PayReviewService.PageAsync"/>).
/// </summary>
public sealed class PayReview
{
    public required DateOnly Month { get; init; }

    public required Period? Period { get; init; }

    public PeriodStatus Status => Period?.Status ?? PeriodStatus.Open;

    /// <summary>How many pay lines the month has (in the caller's scope).</summary>
    public int Lines => Company.People;

    public required IReadOnlyList<ReviewTotals> Departments { get; init; }

    public required ReviewTotals Company { get; init; }

    /// <summary>The departments with lines and those above them, in tree order, for the table's filter.</summary>
    public required IReadOnlyList<DepartmentChoice> Choices { get; init; }

    /// <summary>Plans or facts changed after the last calculation.</summary>
    public required bool Stale { get; init; }

    /// <summary>Who did what to the month, newest first.</summary>
    public required IReadOnlyList<KpiPlanner.Domain.Audit.AuditEntry> Audit { get; init; }

    /// <summary>The names of the people the audit entries are about.</summary>
    public required IReadOnlyDictionary<int, string> AuditNames { get; init; }

    /// <summary>People employed in the month whose position has no scheme in force: how many, and the first of them by name.</summary>
    public required WithoutLines WithoutScheme { get; init; }
}

/// <summary>What the table asks for: its filter, order and page.</summary>
/// <param name="DepartmentId">A department: its lines and those of every department below it.</param>
public sealed record ReviewQuery(
    int? DepartmentId = null,
    string? Search = null,
    bool BelowPlan = false,
    bool Gated = false,
    bool Changed = false,
    bool Missing = false,
    PayLineOrder Order = PayLineOrder.Department,
    bool Descending = false,
    int Page = 0,
    int PageSize = PayReviewService.DefaultPageSize);

/// <summary>One page of the table and how many rows the filter keeps in all.</summary>
public sealed record ReviewPage(int Count, IReadOnlyList<ReviewRow> Rows);

/// <summary>A person's adjustment as HR sees it.</summary>
public sealed record AdjustmentView(decimal Amount, string Reason, string? By, DateTimeOffset At);

/// <summary>Everything behind one person's pay line.</summary>
/// <param name="TakesEnteredBonus">True when the scheme's bonus is entered by HR for each month.</param>
/// <param name="EnteredBonus">The bonus entered for the month (it counts from the next calculation).</param>
public sealed record LineDetail(ReviewRow Row, PayLine Line, IReadOnlyList<AdjustmentView> Adjustments, bool TakesEnteredBonus, decimal? EnteredBonus);
