namespace KpiPlanner.Infrastructure.Identity;

/// <summary>
/// One refresh token issued to an API client. A refresh token is good once: using it marks it used and issues the
/// next one of the same family. A used token presented again means it was copied, so the whole family is revoked.
/// The token itself is not stored, only its id (carried inside the protected token).
/// </summary>
public sealed class RefreshSession
{
    public Guid Id { get; set; }

    public string UserId { get; set; } = string.Empty;

    /// <summary>The chain of tokens that started with one sign-in.</summary>
    public Guid Family { get; set; }

    public DateTimeOffset IssuedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>When the token was exchanged for the next one; a token is good only while this is null.</summary>
    public DateTimeOffset? UsedAt { get; set; }

    /// <summary>When the family was revoked (reuse detected, sign-out); a token is good only while this is null.</summary>
    public DateTimeOffset? RevokedAt { get; set; }
}
