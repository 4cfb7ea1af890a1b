namespace KpiPlanner.Infrastructure;

/// <summary>
/// An employee some version of a goal's tree links a node to (issue 19). The nodes live in the goal's <c>versions</c>
/// jsonb, where no foreign key can reach; this table, written only by the database trigger <c>goals_employee_links</c>
/// on every insert or change of a goal's versions, holds the foreign keys: a node cannot name an employee who does not
/// exist, and an employee a goal names — in any version, closed months included — cannot be deleted (ON DELETE
/// RESTRICT); deleting the goal drops its rows (CASCADE). Read-only for the app.
/// </summary>
public sealed class GoalEmployeeLink
{
    private GoalEmployeeLink()
    {
    }

    /// <summary>The goal.</summary>
    public int GoalId { get; private set; }

    /// <summary>The employee one of its nodes is linked to.</summary>
    public int EmployeeId { get; private set; }
}
