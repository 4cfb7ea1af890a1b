using KpiPlanner.Domain.Organisation;
using KpiPlanner.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KpiPlanner.Web.Security;

/// <summary>Whose plans and facts a person may write: one rule for the grid, the import and the facts API.</summary>
public static class TeamScope
{
    /// <summary>
    /// The employees in the departments this person heads and below, never themselves; null means everyone (HR and the
    /// owner). A person who heads nothing gets an empty set.
    /// </summary>
    public static async Task<IReadOnlySet<int>?> EmployeesAsync(KpiDbContext db, UserContext user, CancellationToken cancellationToken)
    {
        if (user.IsInRole(Roles.Owner) || user.IsInRole(Roles.HR))
        {
            return null;
        }

        var departments = await db.Departments.AsNoTracking().Select(d => new { d.Id, d.ParentId, d.HeadId }).ToListAsync(cancellationToken);
        var headed = departments.Where(d => user.EmployeeId is { } me && d.HeadId == me).Select(d => d.Id).ToList();
        if (headed.Count == 0)
        {
            return new HashSet<int>();
        }

        var scope = new DepartmentTree(departments.Select(d => (d.Id, d.ParentId))).Subtrees(headed).ToList();
        return (await db.Employees.AsNoTracking()
            .Where(e => scope.Contains(e.DepartmentId) && e.Id != user.EmployeeId)
            .Select(e => e.Id)
            .ToListAsync(cancellationToken)).ToHashSet();
    }
}
