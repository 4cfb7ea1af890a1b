namespace KpiPlanner.Infrastructure.Identity;

/// <summary>
/// One counter of failed sign-ins (decisions 019, 021): of an e-mail from one client address, or of the e-mail from
/// all addresses (<see cref="Address"/> = <see cref="SignInCounters.AllAddresses"/>). Kept in the database, so every
/// instance of the app counts into the same row. Written only by <see cref="SignInCounters"/>'s statements.
/// </summary>
public sealed class SignInFailure
{
    /// <summary>The normalized e-mail (a hash of it when it is too long to be one), whether it has an account or not.</summary>
    public string Email { get; set; } = string.Empty;

    /// <summary>The client's network address, or <see cref="SignInCounters.AllAddresses"/> for the e-mail's ceiling.</summary>
    public string Address { get; set; } = string.Empty;

    /// <summary>When each failure still in the sliding window happened (the app's clock), oldest first.</summary>
    public DateTimeOffset[] Failures { get; set; } = [];

    /// <summary>Until when the e-mail is locked (from the address, or for unknown addresses); null: never locked.</summary>
    public DateTimeOffset? LockedUntil { get; set; }

    /// <summary>The latest failure: rows idle the longest are forgotten first.</summary>
    public DateTimeOffset LastFailure { get; set; }
}

/// <summary>An address from which an e-mail signed in successfully: it is spared the e-mail's ceiling for a while.</summary>
public sealed class SignInKnownAddress
{
    public string Email { get; set; } = string.Empty;

    public string Address { get; set; } = string.Empty;

    /// <summary>The latest successful sign-in from the address (the app's clock).</summary>
    public DateTimeOffset SignedInAt { get; set; }
}

/// <summary>
/// What the counters say about an e-mail and an address at one moment. Deciding what it means — locked or not — is the
/// caller's (the web's <c>SignInLockout</c>).
/// </summary>
/// <param name="PairLockedUntil">The lock of the e-mail from this address, if ever set.</param>
/// <param name="EmailLockedUntil">The lock of the e-mail for unknown addresses (its ceiling), if ever set.</param>
/// <param name="KnownSince">The latest successful sign-in of the e-mail from this address, if remembered.</param>
public sealed record SignInState(DateTimeOffset? PairLockedUntil, DateTimeOffset? EmailLockedUntil, DateTimeOffset? KnownSince);

/// <summary>
/// The numbers a failure is counted by, chosen by the caller: <paramref name="PairLimit"/> failures of one e-mail from
/// one address, or <paramref name="EmailLimit"/> from all addresses, within <paramref name="Window"/> (sliding) lock it
/// for <paramref name="LockFor"/>; at most <paramref name="Capacity"/> counters of each kind are kept.
/// </summary>
public sealed record SignInCountRules(int PairLimit, int EmailLimit, TimeSpan Window, TimeSpan LockFor, int Capacity);
