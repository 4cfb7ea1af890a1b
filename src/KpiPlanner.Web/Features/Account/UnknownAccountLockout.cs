using System.Security.Cryptography;
using KpiPlanner.Infrastructure.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace KpiPlanner.Web.Features.Account;

/// <summary>
/// The lockout of e-mails that have no account (or whose account may not sign in), so that sign-in does not tell
/// which e-mails exist: they are locked after the same number of failures, for the same time, as Identity locks a real
/// account (<see cref="LockoutOptions"/>). Counted per normalized e-mail, in memory, on the app's clock. At most
/// <see cref="Capacity"/> e-mails are remembered: a flood of random e-mails drops the longest-idle ones first.
/// </summary>
public sealed class UnknownAccountLockout(TimeProvider time, IOptions<IdentityOptions> identity)
{
    /// <summary>How many e-mails are remembered at most.</summary>
    public const int Capacity = 10_000;

    private readonly Lock gate = new();
    private readonly Dictionary<string, Entry> entries = new(StringComparer.Ordinal);
    private string? dummyHash;

    /// <summary>How many e-mails are remembered now.</summary>
    public int Count
    {
        get
        {
            lock (gate)
            {
                return entries.Count;
            }
        }
    }

    /// <summary>True while the e-mail is locked out.</summary>
    public bool IsLockedOut(string normalizedEmail)
    {
        var now = time.GetUtcNow();
        lock (gate)
        {
            return entries.TryGetValue(normalizedEmail, out var entry) && entry.LockedUntil > now;
        }
    }

    /// <summary>
    /// Counts a failed attempt; true when it locks the e-mail (as <c>UserManager.AccessFailedAsync</c> does: the
    /// failure that reaches the maximum starts the lockout and the count starts again from zero).
    /// </summary>
    public bool RecordFailure(string normalizedEmail)
    {
        var lockout = identity.Value.Lockout;
        var now = time.GetUtcNow();
        lock (gate)
        {
            if (!entries.TryGetValue(normalizedEmail, out var entry))
            {
                if (entries.Count >= Capacity)
                {
                    Evict(now);
                }

                entry = new Entry();
                entries[normalizedEmail] = entry;
            }

            entry.LastFailure = now;
            if (++entry.Failures < lockout.MaxFailedAccessAttempts)
            {
                return false;
            }

            entry.Failures = 0;
            entry.LockedUntil = now + lockout.DefaultLockoutTimeSpan;
            return true;
        }
    }

    /// <summary>Forgets every e-mail (tests put the app back to its starting state).</summary>
    public void Clear()
    {
        lock (gate)
        {
            entries.Clear();
        }
    }

    /// <summary>
    /// A hash of a random password, made once by the app's own hasher: an unknown e-mail's password is verified
    /// against it, so the answer takes as long as for a real account.
    /// </summary>
    public string DummyHash(IPasswordHasher<AppUser> hasher)
    {
        ArgumentNullException.ThrowIfNull(hasher);
        return dummyHash ??= hasher.HashPassword(new AppUser(), Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
    }

    // Called under the lock, when full: first what no longer matters (no failures left, lock over), then the
    // longest-idle tenth.
    private void Evict(DateTimeOffset now)
    {
        foreach (var key in entries.Where(e => e.Value.Failures == 0 && !(e.Value.LockedUntil > now)).Select(e => e.Key).ToList())
        {
            entries.Remove(key);
        }

        if (entries.Count < Capacity)
        {
            return;
        }

        foreach (var key in entries.OrderBy(e => e.Value.LastFailure).Take(Math.Max(1, Capacity / 10)).Select(e => e.Key).ToList())
        {
            entries.Remove(key);
        }
    }

    private sealed class Entry
    {
        public int Failures { get; set; }

        public DateTimeOffset? LockedUntil { get; set; }

        public DateTimeOffset LastFailure { get; set; }
    }
}
