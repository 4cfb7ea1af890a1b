namespace KpiPlanner.Domain.Organisation;

/// <summary>
/// How long the organisation's texts may be: the column sizes of the database, the dialogs' validators and the
/// organisation file's row check all read them here.
/// </summary>
public static class OrganisationLimits
{
    public const int PersonnelNumber = 50;

    /// <summary>A last, first or middle name.</summary>
    public const int PersonName = 100;

    public const int Email = 256;

    public const int DepartmentName = 200;

    public const int PositionName = 200;
}
