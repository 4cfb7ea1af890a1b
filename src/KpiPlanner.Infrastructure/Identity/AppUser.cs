using KpiPlanner.Domain.Organisation;
using Microsoft.AspNetCore.Identity;

namespace KpiPlanner.Infrastructure.Identity;

/// <summary>A person who signs in. User name and e-mail are the same; an account may be linked to an employee.</summary>
public sealed class AppUser : IdentityUser
{
    public int? EmployeeId { get; set; }

    public Employee? Employee { get; set; }

    /// <summary>The UI language the user chose last (ru-RU or en-US); null follows the browser.</summary>
    public string? Culture { get; set; }
}
