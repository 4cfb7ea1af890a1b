namespace KpiPlanner.Domain.Organisation;

/// <summary>
/// A unit of the organisation. Departments form a tree (company → departments → sub-departments);
/// the head of a department manages its whole subtree.
/// </summary>
public sealed class Department
{
    private Department()
    {
        Name = string.Empty;
    }

    public Department(string name, Department? parent = null)
    {
        Name = RequireName(name);
        Parent = parent;
        ParentId = parent?.Id;
    }

    public int Id { get; private set; }

    public string Name { get; private set; }

    public int? ParentId { get; private set; }

    public Department? Parent { get; private set; }

    /// <summary>The employee who heads this department (a manager); null while the post is vacant.</summary>
    public int? HeadId { get; private set; }

    public Employee? Head { get; private set; }

    public void Rename(string name) => Name = RequireName(name);

    public void AppointHead(Employee head)
    {
        ArgumentNullException.ThrowIfNull(head);
        Head = head;
        HeadId = head.Id == 0 ? null : head.Id;
    }

    /// <summary>
    /// The head on <paramref name="day"/>: a head who left the company heads nothing from the day after their leave date
    /// (the post is vacant until someone is appointed). Needs <see cref="Head"/> loaded.
    /// </summary>
    public Employee? HeadOn(DateOnly day) => Head is { } head && (head.LeaveDate is null || day <= head.LeaveDate) ? head : null;

    /// <summary>Vacates the head's post.</summary>
    public void ClearHead()
    {
        Head = null;
        HeadId = null;
    }

    /// <summary>
    /// Puts the department under another one. The caller checks with <see cref="DepartmentTree"/> that the new parent is
    /// not the department itself or one of its descendants.
    /// </summary>
    public void MoveUnder(Department parent)
    {
        ArgumentNullException.ThrowIfNull(parent);
        if (ReferenceEquals(parent, this) || (Id != 0 && parent.Id == Id))
        {
            throw new ArgumentException("A department cannot be its own parent.", nameof(parent));
        }

        Parent = parent;
        ParentId = parent.Id == 0 ? null : parent.Id;
    }

    private static string RequireName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return name.Trim();
    }
}
