namespace KpiPlanner.Web.Security;

/// <summary>Named authorization policies. Every page and endpoint needs a signed-in user unless it says otherwise.</summary>
public static class Policies
{
    /// <summary>Owner and HR create accounts, assign roles, link users to employees and reset passwords.</summary>
    public const string ManageUsers = "ManageUsers";

    /// <summary>HR designs coefficient scales and motivation schemes; the owner may too.</summary>
    public const string DesignSchemes = "DesignSchemes";
}
