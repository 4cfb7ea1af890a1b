using KpiPlanner.Domain.Organisation;

namespace KpiPlanner.Web.Security;

/// <summary>What a person may do beyond reading their own data. Who holds each duty is decided here and nowhere else.</summary>
public enum Duty
{
    /// <summary>Create accounts, give roles, link accounts to employees, reset passwords.</summary>
    ManageUsers,

    /// <summary>Departments, positions and employees: add, rename, move, appoint heads, import.</summary>
    EditOrganisation,

    /// <summary>Coefficient scales and motivation schemes.</summary>
    DesignSchemes,

    /// <summary>Company goals, their decomposition and their split over time.</summary>
    SetGoals,

    /// <summary>Calculate, approve, close and re-open a month; the production calendar.</summary>
    RunPayroll,

    /// <summary>Adjustments and entered bonuses on pay lines.</summary>
    AdjustPay,

    /// <summary>Plans and facts of one's team (everyone's for the owner and HR).</summary>
    PlanTeam,
}

/// <summary>The one table of duties by role (docs/security.md).</summary>
public static class Duties
{
    public static IReadOnlyList<string> RolesFor(Duty duty) => duty switch
    {
        Duty.AdjustPay => [Roles.HR],
        Duty.PlanTeam => [Roles.Owner, Roles.HR, Roles.Manager],
        Duty.ManageUsers or Duty.EditOrganisation or Duty.DesignSchemes or Duty.SetGoals or Duty.RunPayroll => [Roles.Owner, Roles.HR],
        _ => throw new ArgumentOutOfRangeException(nameof(duty), duty, null),
    };

    /// <summary>
    /// True when the caller holds the duty (by their current roles, read from the database for this call; an API key by
    /// its scope's duties, never by roles).
    /// </summary>
    public static bool May(this UserContext user, Duty duty)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.Key is { } key ? key.Duties.Contains(duty) : RolesFor(duty).Any(user.IsInRole);
    }

    /// <summary>Refuses the call unless the caller holds the duty: what a page hides, the service still checks.</summary>
    public static void Demand(this UserContext user, Duty duty)
    {
        if (!user.May(duty))
        {
            throw new UnauthorizedAccessException($"This needs the duty {duty}, which {(user.Email.Length > 0 ? user.Email : "an anonymous caller")} does not hold.");
        }
    }
}
