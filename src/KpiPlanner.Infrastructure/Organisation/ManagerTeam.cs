using Microsoft.EntityFrameworkCore;

namespace KpiPlanner.Infrastructure.Organisation;

/// <summary>A manager's team as the database holds it: the departments a person heads and every department below them.</summary>
public static class ManagerTeam
{
    /// <summary>
    /// The ids of the departments <paramref name="headId"/> heads and of every department below them, in one recursive
    /// query (empty when they head none).
    /// </summary>
    public static async Task<IReadOnlySet<int>> DepartmentsAsync(KpiDbContext db, int headId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var team = await db.Database.SqlQuery<int>($"""
            WITH RECURSIVE team(id) AS (
                SELECT id FROM departments WHERE head_id = {headId}
                UNION
                SELECT d.id FROM departments d JOIN team t ON d.parent_id = t.id
            )
            SELECT id AS "Value" FROM team
            """).ToListAsync(cancellationToken);
        return team.ToHashSet();
    }
}
