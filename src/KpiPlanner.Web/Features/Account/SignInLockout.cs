using System.Security.Cryptography;
using KpiPlanner.Infrastructure.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace KpiPlanner.Web.Features.Account;

/// <summary>
/// Smart lockout (issue 13, decisions 019 and 021): failed sign-ins are counted per e-mail <em>and</em> network address,
/// so an attacker who guesses from one address locks that e-mail only for that address, and the owner signing in from
/// elsewhere is not locked out. <see cref="LockoutOptions.MaxFailedAccessAttempts"/> failures of one pair within
/// <see cref="Window"/> lock the pair for <see cref="LockoutOptions.DefaultLockoutTimeSpan"/>. Against guessing from many
/// addresses, <see cref="AccountCeiling"/> failures of one e-mail from all addresses within the window lock it for every
/// address that has not signed in to it successfully in the last <see cref="KnownFor"/> (a known device keeps working).
/// <para>
/// Every e-mail is counted alike, whether it has an account or not, so the answers do not tell which e-mails exist.
/// The counts are kept in the database (<see cref="SignInCounters"/>), so every instance of the app behind a proxy counts
/// into the same counters and a lock holds on all of them; the times are the app's clock. This service chooses the
/// numbers and decides what the counts mean; the store only counts, one statement per attempt. At most
/// <see cref="MaxEntries"/> counters of each kind are kept (a flood forgets the longest-idle first).
/// Identity's own lockout is not used for sign-in any more.
/// </para>
/// </summary>
public sealed class SignInLockout(TimeProvider time, IOptions<IdentityOptions> identity, SignInCounters counters)
{
    /// <summary>How many entries of each kind (pairs, e-mails, known addresses) are remembered at most, by default.</summary>
    public const int Capacity = 10_000;

    /// <summary>Failures of one e-mail from all addresses within <see cref="Window"/> that lock it for unknown addresses.</summary>
    public const int AccountCeiling = 50;

    /// <summary>How long a failure counts (a sliding window).</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    /// <summary>How long an address stays known to an e-mail after a successful sign-in from it.</summary>
    public static readonly TimeSpan KnownFor = TimeSpan.FromDays(30);

    private string? dummyHash;

    /// <summary>How many entries of each kind are remembered at most (<see cref="Capacity"/>; tests choose fewer).</summary>
    public int MaxEntries { get; init; } = Capacity;

    /// <summary>How many entries are remembered now (of the kind that has the most).</summary>
    public async Task<int> CountAsync(CancellationToken cancellationToken = default)
    {
        var (pairs, emails, known) = await counters.CountAsync(cancellationToken);
        return Math.Max(pairs, Math.Max(emails, known));
    }

    /// <summary>True while the e-mail may not sign in from the address (checked before any password is looked at).</summary>
    public async Task<bool> IsLockedOutAsync(string normalizedEmail, string address, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        return IsLockedOut(await counters.ReadAsync(normalizedEmail, address, cancellationToken), now);
    }

    /// <summary>True while the e-mail's ceiling is reached: it is locked for every address it has not signed in from.</summary>
    public async Task<bool> IsLockedForUnknownAddressesAsync(string normalizedEmail, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        return (await counters.ReadAsync(normalizedEmail, SignInCounters.AllAddresses, cancellationToken)).EmailLockedUntil > now;
    }

    /// <summary>The normalized e-mails whose ceiling is reached now (for a list of accounts: one query).</summary>
    public Task<IReadOnlySet<string>> LockedForUnknownAddressesAsync(CancellationToken cancellationToken = default) =>
        counters.EmailsLockedAfterAsync(time.GetUtcNow(), cancellationToken);

    /// <summary>Counts a failed attempt; true when the e-mail is now locked for the address.</summary>
    public async Task<bool> RecordFailureAsync(string normalizedEmail, string address, CancellationToken cancellationToken = default)
    {
        var lockout = identity.Value.Lockout;
        var now = time.GetUtcNow();
        var rules = new SignInCountRules(lockout.MaxFailedAccessAttempts, AccountCeiling, Window, lockout.DefaultLockoutTimeSpan, MaxEntries);
        return IsLockedOut(await counters.CountFailureAsync(normalizedEmail, address, now, rules, cancellationToken), now);
    }

    /// <summary>The right password from the address: its count starts again, and the address is known to the e-mail.</summary>
    public Task RecordSuccessAsync(string normalizedEmail, string address, CancellationToken cancellationToken = default) =>
        counters.CountSuccessAsync(normalizedEmail, address, time.GetUtcNow(), KnownFor, MaxEntries, cancellationToken);

    /// <summary>Lifts every lock and count of the e-mail, from every address (a password reset by HR).</summary>
    public Task ReleaseAsync(string normalizedEmail, CancellationToken cancellationToken = default) =>
        counters.ReleaseAsync(normalizedEmail, cancellationToken);

    /// <summary>Forgets everything (tests put the app back to its starting state).</summary>
    public Task ClearAsync(CancellationToken cancellationToken = default) => counters.ClearAsync(cancellationToken);

    /// <summary>
    /// A hash of a random password, made once by the app's own hasher: an unknown e-mail's password is verified
    /// against it, so the answer takes as long as for a real account.
    /// </summary>
    public string DummyHash(IPasswordHasher<AppUser> hasher)
    {
        ArgumentNullException.ThrowIfNull(hasher);
        return dummyHash ??= hasher.HashPassword(new AppUser(), Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
    }

    // The pair's own lock; or the e-mail's ceiling, unless the address signed in to it successfully not long ago.
    private static bool IsLockedOut(SignInState state, DateTimeOffset now)
    {
        if (state.PairLockedUntil > now)
        {
            return true;
        }

        var isKnown = state.KnownSince is { } lastSuccess && now - lastSuccess < KnownFor;
        return !isKnown && state.EmailLockedUntil > now;
    }
}
