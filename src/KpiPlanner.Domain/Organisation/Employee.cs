using System.Diagnostics.CodeAnalysis;

namespace KpiPlanner.Domain.Organisation;

/// <summary>
/// A person on the payroll: one department, one position, a hire date and, once they leave, a leave date.
/// Their manager is the head of their department (or, for a head, of the parent department).
/// </summary>
public sealed class Employee
{
    private Employee()
    {
        PersonnelNumber = string.Empty;
        LastName = string.Empty;
        FirstName = string.Empty;
    }

    public Employee(
        string personnelNumber,
        string lastName,
        string firstName,
        string? middleName,
        Department department,
        Position position,
        DateOnly hireDate,
        string? email = null)
    {
        ArgumentNullException.ThrowIfNull(department);
        ArgumentNullException.ThrowIfNull(position);
        ChangeDetails(personnelNumber, lastName, firstName, middleName, email);
        Department = department;
        Position = position;
        HireDate = hireDate;
    }

    public int Id { get; private set; }

    /// <summary>Табельный номер: the key payroll systems (1C:ZUP) match people by.</summary>
    public string PersonnelNumber { get; private set; }

    public string LastName { get; private set; }

    public string FirstName { get; private set; }

    /// <summary>Отчество; optional.</summary>
    public string? MiddleName { get; private set; }

    public string? Email { get; private set; }

    public int DepartmentId { get; private set; }

    public Department Department { get; private set; } = null!;

    public int PositionId { get; private set; }

    public Position Position { get; private set; } = null!;

    public DateOnly HireDate { get; private set; }

    public DateOnly? LeaveDate { get; private set; }

    /// <summary>"Иванов Иван Иванович": last, first and middle name, as Russian documents write them.</summary>
    public string FullName => FormatFullName(LastName, FirstName, MiddleName);

    /// <summary>"Иванов Иван Иванович" from its parts (no middle name: "Иванов Иван"), for rows read without the entity.</summary>
    public static string FormatFullName(string lastName, string firstName, string? middleName) =>
        middleName is null ? $"{lastName} {firstName}" : $"{lastName} {firstName} {middleName}";

    /// <summary>"Иванов И. И.": the short form used in tables.</summary>
    public string ShortName => MiddleName is null
        ? $"{LastName} {FirstName[0]}."
        : $"{LastName} {FirstName[0]}. {MiddleName[0]}.";

    public bool IsEmployedOn(DateOnly day) => HireDate <= day && (LeaveDate is null || day <= LeaveDate);

    /// <summary>Corrects the personnel number, the name and the e-mail (an empty middle name or e-mail clears it).</summary>
    [MemberNotNull(nameof(PersonnelNumber), nameof(LastName), nameof(FirstName))]
    public void ChangeDetails(string personnelNumber, string lastName, string firstName, string? middleName, string? email)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(personnelNumber);
        ArgumentException.ThrowIfNullOrWhiteSpace(lastName);
        ArgumentException.ThrowIfNullOrWhiteSpace(firstName);
        PersonnelNumber = personnelNumber.Trim();
        LastName = lastName.Trim();
        FirstName = firstName.Trim();
        MiddleName = string.IsNullOrWhiteSpace(middleName) ? null : middleName.Trim();
        Email = string.IsNullOrWhiteSpace(email) ? null : email.Trim();
    }

    /// <summary>Moves the person to another department and/or position.</summary>
    public void Transfer(Department department, Position position)
    {
        ArgumentNullException.ThrowIfNull(department);
        ArgumentNullException.ThrowIfNull(position);
        Department = department;
        DepartmentId = department.Id;
        Position = position;
        PositionId = position.Id;
    }

    /// <summary>Sets the hire date and the last working day (null while still employed) together.</summary>
    public void ChangeDates(DateOnly hireDate, DateOnly? leaveDate)
    {
        if (leaveDate is { } last && last < hireDate)
        {
            throw new ArgumentOutOfRangeException(nameof(leaveDate), "The last working day cannot precede the hire date.");
        }

        HireDate = hireDate;
        LeaveDate = leaveDate;
    }

    public void Leave(DateOnly lastDay)
    {
        if (lastDay < HireDate)
        {
            throw new ArgumentOutOfRangeException(nameof(lastDay), "The last working day cannot precede the hire date.");
        }

        LeaveDate = lastDay;
    }
}
