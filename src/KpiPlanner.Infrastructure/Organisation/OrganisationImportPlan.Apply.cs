using KpiPlanner.Domain.Organisation;
using Microsoft.EntityFrameworkCore;

namespace KpiPlanner.Infrastructure.Organisation;

/// <summary>Writes a checked file in one transaction: new departments and positions, the cards, then the heads.</summary>
internal sealed partial class OrganisationImportPlan
{
    public async Task<OrganisationImportOutcome> ApplyAsync(CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var department in createdDepartments.Values)
        {
            db.Departments.Add(department);
        }

        foreach (var position in createdPositions.Values)
        {
            db.Positions.Add(position);
        }

        var created = 0;
        var touched = new List<(Employee Employee, OrganisationRowPlan Row)>();
        foreach (var row in rows)
        {
            Employee employee;
            if (row.Existing is null)
            {
                employee = new Employee(row.Number, row.LastName!, row.FirstName!, row.MiddleName, row.Department!, row.Position!, row.Hired!.Value, row.Email);
                if (row.Left is { } left)
                {
                    employee.Leave(left);
                }

                db.Employees.Add(employee);
                created++;
            }
            else
            {
                employee = row.Existing;
                employee.ChangeDetails(row.Number, row.LastName ?? employee.LastName, row.FirstName ?? employee.FirstName,
                    row.MiddleName ?? employee.MiddleName, row.Email ?? employee.Email);
                if (row.Department is not null || row.Position is not null)
                {
                    employee.Transfer(row.Department ?? employee.Department, row.Position ?? employee.Position);
                }

                employee.ChangeDates(row.Hired ?? employee.HireDate, row.Left ?? employee.LeaveDate);
            }

            touched.Add((employee, row));
        }

        db.ChangeTracker.DetectChanges();
        var updated = touched.Count(t => t.Row.Existing is not null && db.Entry(t.Employee).State == EntityState.Modified);
        await db.SaveChangesAsync(cancellationToken);

        // Heads, once everyone has an id: a head works in the department they head, and heads only that one.
        var heads = 0;
        var all = departments.Concat(createdDepartments.Values).ToList();
        var byId = all.ToDictionary(d => d.Id);
        // Who heads what before this loop: only the loop's own person's posts change in their turn (once each).
        var headed = all.Where(d => d.HeadId is not null).ToLookup(d => d.HeadId!.Value);
        foreach (var (employee, row) in touched)
        {
            foreach (var other in headed[employee.Id].Where(d => d.HeadId == employee.Id && d.Id != employee.DepartmentId))
            {
                other.ClearHead();
                heads++;
            }

            var own = byId[employee.DepartmentId];
            if (row.Head == true && own.HeadId != employee.Id)
            {
                foreach (var other in headed[employee.Id].Where(d => d.HeadId == employee.Id && d != own))
                {
                    other.ClearHead();
                }

                own.AppointHead(employee);
                heads++;
            }
            else if (row.Head == false && own.HeadId == employee.Id)
            {
                own.ClearHead();
                heads++;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        var done = new OrganisationImportCounts(
            created,
            updated,
            rows.Count - created - updated,
            [.. createdDepartments.Values.Select(ShownPath).Order(StringComparer.CurrentCulture)],
            [.. createdPositions.Values.Select(p => p.Name).Order(StringComparer.CurrentCulture)],
            heads);
        return new OrganisationImportOutcome(done, []);
    }
}

/// <summary>One checked row: what it sets (null = leaves as is).</summary>
internal sealed record OrganisationRowPlan(
    int Row,
    Employee? Existing,
    string Number,
    string? LastName,
    string? FirstName,
    string? MiddleName,
    string? Email,
    Department? Department,
    Position? Position,
    DateOnly? Hired,
    DateOnly? Left,
    bool? Head);
