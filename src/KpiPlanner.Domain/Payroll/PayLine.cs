namespace KpiPlanner.Domain.Payroll;

/// <summary>
/// The calculated pay of one person for one month, with its whole explanation and the scheme version used. A month's
/// pay lines are replaced together by each calculation (all or nothing); adjustments live apart
/// (<see cref="PayAdjustment"/>), so a recalculation never loses them.
/// </summary>
public sealed class PayLine
{
    private PayLine()
    {
        SchemeName = string.Empty;
        Explanation = null!;
    }

    public PayLine(DateOnly month, int employeeId, int departmentId, int positionId, int schemeVersionId, string schemeName,
        DateOnly schemeEffectiveFrom, PayExplanation explanation, decimal? previousTotal, DateTimeOffset calculatedAt, string? calculatedBy)
    {
        ArgumentNullException.ThrowIfNull(explanation);
        Month = Planning.Period.FirstDay(month);
        EmployeeId = employeeId;
        DepartmentId = departmentId;
        PositionId = positionId;
        SchemeVersionId = schemeVersionId;
        SchemeName = schemeName;
        SchemeEffectiveFrom = schemeEffectiveFrom;
        Explanation = explanation;
        Fixed = explanation.Fixed;
        PlannedVariable = explanation.PlannedVariable;
        Variable = explanation.Variable;
        Bonus = explanation.Bonus;
        Total = explanation.Total;
        Gated = explanation.Gated;
        MissingFigures = explanation.HasMissingFigures;
        PreviousTotal = previousTotal;
        CalculatedAt = calculatedAt;
        CalculatedBy = calculatedBy;
    }

    public long Id { get; private set; }

    public DateOnly Month { get; private set; }

    public int EmployeeId { get; private set; }

    /// <summary>The department and position at calculation time (people move; the line keeps where they were paid).</summary>
    public int DepartmentId { get; private set; }

    public int PositionId { get; private set; }

    public int SchemeVersionId { get; private set; }

    public string SchemeName { get; private set; }

    public DateOnly SchemeEffectiveFrom { get; private set; }

    /// <summary>Fixed part after proration, ₽.</summary>
    public decimal Fixed { get; private set; }

    public decimal PlannedVariable { get; private set; }

    /// <summary>The variable part earned, ₽.</summary>
    public decimal Variable { get; private set; }

    public decimal Bonus { get; private set; }

    /// <summary>Fixed + variable + bonus, ₽ — before adjustments.</summary>
    public decimal Total { get; private set; }

    public bool Gated { get; private set; }

    /// <summary>True when a KPI lacked its plan or fact and counted as 0 %.</summary>
    public bool MissingFigures { get; private set; }

    /// <summary>The total of the previous calculation of this month; null when this is the first.</summary>
    public decimal? PreviousTotal { get; private set; }

    /// <summary>True when the total differs from the previous calculation's, or there was none.</summary>
    public bool ChangedSincePrevious => PreviousTotal != Total;

    public PayExplanation Explanation { get; private set; }

    public DateTimeOffset CalculatedAt { get; private set; }

    public string? CalculatedBy { get; private set; }
}
