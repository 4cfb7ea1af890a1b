using System.Security.Cryptography;
using KpiPlanner.Infrastructure.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace KpiPlanner.Web.Features.Account;

/// <summary>
/// Smart lockout (issue 13, decision 019): failed sign-ins are counted per e-mail <em>and</em> network address, so an
/// attacker who guesses from one address locks that e-mail only for that address, and the owner signing in from
/// elsewhere is not locked out. <see cref="LockoutOptions.MaxFailedAccessAttempts"/> failures of one pair within
/// <see cref="Window"/> lock the pair for <see cref="LockoutOptions.DefaultLockoutTimeSpan"/>. Against guessing from many
/// addresses, <see cref="AccountCeiling"/> failures of one e-mail from all addresses within the window lock it for every
/// address that has not signed in to it successfully in the last <see cref="KnownFor"/> (a known device keeps working).
/// <para>
/// Every e-mail is counted alike, whether it has an account or not, so the answers do not tell which e-mails exist.
/// Counted in memory, on the app's clock, per instance of the app; at most <see cref="Capacity"/> entries of each kind
/// are remembered (a flood drops the longest-idle first). Identity's own lockout is not used for sign-in any more.
/// </para>
/// </summary>
public sealed class SignInLockout(TimeProvider time, IOptions<IdentityOptions> identity)
{
    /// <summary>How many entries of each kind (pairs, e-mails, known addresses) are remembered at most.</summary>
    public const int Capacity = 10_000;

    /// <summary>Failures of one e-mail from all addresses within <see cref="Window"/> that lock it for unknown addresses.</summary>
    public const int AccountCeiling = 50;

    /// <summary>How long a failure counts (a sliding window).</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    /// <summary>How long an address stays known to an e-mail after a successful sign-in from it.</summary>
    public static readonly TimeSpan KnownFor = TimeSpan.FromDays(30);

    private readonly Lock gate = new();
    private readonly Dictionary<string, Counter> pairs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Counter> accounts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> known = new(StringComparer.Ordinal);
    private string? dummyHash;

    /// <summary>How many entries are remembered now (of the kind that has the most).</summary>
    public int Count
    {
        get
        {
            lock (gate)
            {
                return Math.Max(pairs.Count, Math.Max(accounts.Count, known.Count));
            }
        }
    }

    /// <summary>True while the e-mail may not sign in from the address (checked before any password is looked at).</summary>
    public bool IsLockedOut(string normalizedEmail, string address)
    {
        var now = time.GetUtcNow();
        lock (gate)
        {
            return IsLockedOut(normalizedEmail, address, now);
        }
    }

    /// <summary>True while the e-mail's ceiling is reached: it is locked for every address it has not signed in from.</summary>
    public bool IsLockedForUnknownAddresses(string normalizedEmail)
    {
        var now = time.GetUtcNow();
        lock (gate)
        {
            return accounts.TryGetValue(normalizedEmail, out var all) && all.LockedUntil > now;
        }
    }

    /// <summary>Counts a failed attempt; true when the e-mail is now locked for the address.</summary>
    public bool RecordFailure(string normalizedEmail, string address)
    {
        var lockout = identity.Value.Lockout;
        var now = time.GetUtcNow();
        lock (gate)
        {
            CountFailure(pairs, Pair(normalizedEmail, address), now, lockout.MaxFailedAccessAttempts, lockout.DefaultLockoutTimeSpan);
            CountFailure(accounts, normalizedEmail, now, AccountCeiling, lockout.DefaultLockoutTimeSpan);
            return IsLockedOut(normalizedEmail, address, now);
        }
    }

    /// <summary>The right password from the address: its count starts again, and the address is known to the e-mail.</summary>
    public void RecordSuccess(string normalizedEmail, string address)
    {
        var now = time.GetUtcNow();
        lock (gate)
        {
            var pair = Pair(normalizedEmail, address);
            pairs.Remove(pair);
            if (!known.ContainsKey(pair) && known.Count >= Capacity)
            {
                foreach (var key in known.OrderBy(k => k.Value).Take(Math.Max(1, Capacity / 10)).Select(k => k.Key).ToList())
                {
                    known.Remove(key);
                }
            }

            known[pair] = now;
        }
    }

    /// <summary>Lifts every lock and count of the e-mail, from every address (a password reset by HR).</summary>
    public void Release(string normalizedEmail)
    {
        lock (gate)
        {
            accounts.Remove(normalizedEmail);
            foreach (var key in pairs.Keys.Where(k => k.StartsWith(normalizedEmail + "|", StringComparison.Ordinal)).ToList())
            {
                pairs.Remove(key);
            }
        }
    }

    /// <summary>Forgets everything (tests put the app back to its starting state).</summary>
    public void Clear()
    {
        lock (gate)
        {
            pairs.Clear();
            accounts.Clear();
            known.Clear();
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

    private static string Pair(string normalizedEmail, string address) => normalizedEmail + "|" + address;

    // Called under the lock.
    private bool IsLockedOut(string normalizedEmail, string address, DateTimeOffset now)
    {
        var pair = Pair(normalizedEmail, address);
        if (pairs.TryGetValue(pair, out var own) && own.LockedUntil > now)
        {
            return true;
        }

        var isKnown = known.TryGetValue(pair, out var lastSuccess) && now - lastSuccess < KnownFor;
        return !isKnown && accounts.TryGetValue(normalizedEmail, out var all) && all.LockedUntil > now;
    }

    // Called under the lock: one more failure in the sliding window; reaching the limit locks and starts the count afresh.
    private static void CountFailure(Dictionary<string, Counter> counters, string key, DateTimeOffset now, int limit, TimeSpan lockFor)
    {
        if (!counters.TryGetValue(key, out var counter))
        {
            if (counters.Count >= Capacity)
            {
                Evict(counters, now);
            }

            counter = new Counter();
            counters[key] = counter;
        }

        while (counter.Failures.TryPeek(out var oldest) && now - oldest >= Window)
        {
            counter.Failures.Dequeue();
        }

        counter.Failures.Enqueue(now);
        counter.LastFailure = now;
        if (counter.Failures.Count >= limit)
        {
            counter.Failures.Clear();
            counter.LockedUntil = now + lockFor;
        }
    }

    // When full: first what no longer matters (no failure in the window, lock over), then the longest-idle tenth.
    private static void Evict(Dictionary<string, Counter> counters, DateTimeOffset now)
    {
        foreach (var key in counters.Where(c => now - c.Value.LastFailure >= Window && !(c.Value.LockedUntil > now)).Select(c => c.Key).ToList())
        {
            counters.Remove(key);
        }

        if (counters.Count < Capacity)
        {
            return;
        }

        foreach (var key in counters.OrderBy(c => c.Value.LastFailure).Take(Math.Max(1, Capacity / 10)).Select(c => c.Key).ToList())
        {
            counters.Remove(key);
        }
    }

    private sealed class Counter
    {
        public Queue<DateTimeOffset> Failures { get; } = new();

        public DateTimeOffset? LockedUntil { get; set; }

        public DateTimeOffset LastFailure { get; set; }
    }
}
