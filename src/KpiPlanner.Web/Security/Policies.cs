namespace KpiPlanner.Web.Security;

/// <summary>
/// Named authorization policies for pages and endpoints: one per <see cref="Duty"/>, holding the roles of
/// <see cref="Duties.RolesFor"/> (read from the database on every request). They decide what a page shows; the services
/// check the same duty again on every call. Every page and endpoint needs a signed-in user unless it says otherwise.
/// </summary>
public static class Policies
{
    public const string ManageUsers = nameof(Duty.ManageUsers);

    public const string EditOrganisation = nameof(Duty.EditOrganisation);

    public const string DesignSchemes = nameof(Duty.DesignSchemes);

    public const string SetGoals = nameof(Duty.SetGoals);

    public const string RunPayroll = nameof(Duty.RunPayroll);

    public const string PlanTeam = nameof(Duty.PlanTeam);

    public const string AdjustPay = nameof(Duty.AdjustPay);
}
