namespace KpiPlanner.Domain.Organisation;

/// <summary>The four roles of domain.md §1. The strings are stored in the database and used in authorization.</summary>
public static class Roles
{
    public const string Owner = "Owner";
    public const string HR = "HR";
    public const string Manager = "Manager";
    public const string Employee = "Employee";

    /// <summary>Every role, most powerful first: a user's home page is the first of their roles in this order.</summary>
    public static readonly IReadOnlyList<string> All = [Owner, HR, Manager, Employee];

    public static bool IsKnown(string role) => All.Contains(role, StringComparer.Ordinal);
}
