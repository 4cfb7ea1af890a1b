using KpiPlanner.Domain.Organisation;
using Microsoft.AspNetCore.Identity;

namespace KpiPlanner.Infrastructure.Identity;

/// <summary>A person who signs in. User name and e-mail are the same; an account may be linked to an employee.</summary>
public sealed class AppUser : IdentityUser
{
    public const int MaxDisabledReasonLength = 500;

    public int? EmployeeId { get; set; }

    public Employee? Employee { get; set; }

    /// <summary>The UI language the user chose last (ru-RU or en-US); null follows the browser.</summary>
    public string? Culture { get; set; }

    /// <summary>
    /// When the owner or HR disabled the account (offboarding); null while it may sign in. A disabled account keeps
    /// its data and its link for history, but no sign-in, cookie or token of it is honoured.
    /// </summary>
    public DateTimeOffset? DisabledAt { get; set; }

    /// <summary>Who disabled the account (their e-mail).</summary>
    public string? DisabledBy { get; set; }

    /// <summary>Why the account was disabled, as typed by the person who did it.</summary>
    public string? DisabledReason { get; set; }
}
