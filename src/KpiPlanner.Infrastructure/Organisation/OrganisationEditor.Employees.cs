using KpiPlanner.Domain.Organisation;
using Microsoft.EntityFrameworkCore;

namespace KpiPlanner.Infrastructure.Organisation;

/// <summary>Hiring a person and correcting their card.</summary>
public sealed partial class OrganisationEditor
{
    /// <summary>
    /// Hires (<paramref name="employeeId"/> null) or changes a card: the department and the position must exist, the
    /// personnel number and the e-mail be no one else's; a person moved out of the department they head leaves the post.
    /// </summary>
    public async Task<OrganisationChange> SaveEmployeeAsync(int? employeeId, EmployeeCardChange card, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(card);
        var number = card.PersonnelNumber.Trim();
        var email = string.IsNullOrWhiteSpace(card.Email) ? null : card.Email.Trim();

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var errors = new List<OrganisationRefusal>();
        var department = await db.Departments.SingleOrDefaultAsync(d => d.Id == card.DepartmentId, cancellationToken);
        var position = await db.Positions.SingleOrDefaultAsync(p => p.Id == card.PositionId, cancellationToken);
        if (department is null)
        {
            errors.Add(OrganisationRefusal.Of("Validation.DepartmentRequired").On(OrganisationFields.DepartmentId));
        }

        if (position is null)
        {
            errors.Add(OrganisationRefusal.Of("Validation.PositionRequired").On(OrganisationFields.PositionId));
        }

        var numberOwner = await db.Employees.AsNoTracking()
            .Where(e => e.PersonnelNumber == number && e.Id != employeeId)
            .Select(e => e.LastName + " " + e.FirstName)
            .FirstOrDefaultAsync(cancellationToken);
        if (numberOwner is not null)
        {
            errors.Add(OrganisationRefusal.Of("Errors.PersonnelNumberTaken", number, numberOwner).On(OrganisationFields.PersonnelNumber));
        }

        if (email is not null)
        {
            var emailPattern = Like.Escape(email);
            var emailOwner = await db.Employees.AsNoTracking()
                .Where(e => e.Email != null && EF.Functions.ILike(e.Email, emailPattern, "\\") && e.Id != employeeId)
                .Select(e => e.LastName + " " + e.FirstName)
                .FirstOrDefaultAsync(cancellationToken);
            if (emailOwner is not null)
            {
                errors.Add(OrganisationRefusal.Of("Errors.EmailTaken", email, emailOwner).On(OrganisationFields.Email));
            }
        }

        if (errors.Count > 0)
        {
            return new OrganisationChange(null, errors);
        }

        Employee employee;
        if (employeeId is null)
        {
            employee = new Employee(number, card.LastName, card.FirstName, card.MiddleName, department!, position!, card.HireDate, email);
            if (card.LeaveDate is { } last)
            {
                employee.Leave(last);
            }

            db.Employees.Add(employee);
        }
        else
        {
            var existing = await db.Employees.SingleOrDefaultAsync(e => e.Id == employeeId, cancellationToken);
            if (existing is null)
            {
                return OrganisationRefusal.Of("Errors.EmployeeNotFound");
            }

            employee = existing;
            if (card.Version != 0)
            {
                db.ExpectVersion(employee, card.Version);
            }

            // Moved out of the department they head: the post there is vacated (a head works in their department).
            if (employee.DepartmentId != department!.Id)
            {
                foreach (var headed in await db.Departments.Where(d => d.HeadId == employee.Id).ToListAsync(cancellationToken))
                {
                    headed.ClearHead();
                }
            }

            employee.ChangeDetails(number, card.LastName, card.FirstName, card.MiddleName, email);
            employee.Transfer(department!, position!);
            employee.ChangeDates(card.HireDate, card.LeaveDate);
        }

        return await SaveAsync(db, () => employee.Id, OrganisationRefusal.Of("Errors.PersonnelNumberTakenNow", number).On(OrganisationFields.PersonnelNumber), cancellationToken,
            conflict: OrganisationRefusal.Of("Errors.EmployeeChanged", $"{card.LastName} {card.FirstName}".Trim()),
            emailTaken: email is null ? null : OrganisationRefusal.Of("Errors.EmailTakenNow", email).On(OrganisationFields.Email));
    }
}
