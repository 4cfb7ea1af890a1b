namespace KpiPlanner.Infrastructure.Identity;

/// <summary>
/// A key a machine (a CRM, 1C, a BI tool) calls the API with, instead of a person's password (decision 016). The secret
/// is shown once when the owner creates the key and never stored: only its SHA-256 (<see cref="SecretHash"/>) and its
/// first characters (<see cref="Prefix"/>, to recognise it in the list). A key acts as a caller with the duties of its
/// <see cref="Scope"/>, for every department or only for <see cref="DepartmentId"/> and the departments below it; the
/// audit log and the figures it writes name it by <see cref="Name"/>. A revoked key is refused on its next call.
/// </summary>
public sealed class ApiKey
{
    public const int MaxNameLength = 100;

    public int Id { get; set; }

    /// <summary>What the owner called it ("1C facts", "BI read-only"): unique, how it is named in the audit log.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The first characters of the secret (<c>kpk_AbCd1234</c>), shown in the list to tell keys apart.</summary>
    public string Prefix { get; set; } = string.Empty;

    /// <summary>The SHA-256 of the whole secret, lower-case hex.</summary>
    public string SecretHash { get; set; } = string.Empty;

    /// <summary>The scope's name (<c>read</c>, <c>figures</c>, <c>payrun</c>); the web layer maps it to duties.</summary>
    public string Scope { get; set; } = string.Empty;

    /// <summary>The department (with everything below it) the key is limited to; null for the whole company.</summary>
    public int? DepartmentId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public string CreatedBy { get; set; } = string.Empty;

    /// <summary>The last day the key works (the server's local date, inclusive); null: until revoked.</summary>
    public DateOnly? ExpiresOn { get; set; }

    /// <summary>When a call with the key last succeeded (recorded at most once a minute); null: never used.</summary>
    public DateTimeOffset? LastUsedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public string? RevokedBy { get; set; }
}
