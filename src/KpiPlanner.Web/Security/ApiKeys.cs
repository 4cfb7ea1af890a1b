using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using KpiPlanner.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace KpiPlanner.Web.Security;

/// <summary>What an API key may do (decision 016): a small fixed set, each the duties of an existing role's part.</summary>
public enum ApiKeyScope
{
    /// <summary>Reads only: the organisation, pay lines, the dashboard export, scheme documents (BI).</summary>
    Read,

    /// <summary>Reads, and writes plans and facts (<see cref="Duty.PlanTeam"/>): a CRM or 1C.</summary>
    Figures,

    /// <summary>
    /// Plans and facts, and the pay run (<see cref="Duty.RunPayroll"/>): calculate, approve, close, re-open; and the
    /// month's adjustments and entered bonuses (<see cref="Duty.AdjustPay"/>; the four-eyes rule counts the key).
    /// </summary>
    PayRun,

    /// <summary>Reads, and creates and changes departments, positions and employees (<see cref="Duty.EditOrganisation"/>): an HR system.</summary>
    Organisation,

    /// <summary>Coefficient scales and motivation schemes (<see cref="Duty.DesignSchemes"/>): new scales and scheme versions.</summary>
    Design,
}

/// <summary>
/// The API key a call was made with, on its <see cref="UserContext"/>: the key's duties replace the roles' and its
/// department (with everything below it) replaces a manager's team; null department = the whole company.
/// </summary>
public sealed record ApiKeyGrant(int Id, string Name, ApiKeyScope Scope, int? DepartmentId)
{
    public IReadOnlySet<Duty> Duties { get; } = ApiKeys.DutiesOf(Scope);
}

/// <summary>
/// API keys for machines (decision 016): how a secret looks, is hashed and is recognised, and the caller a key acts as.
/// A key is sent as <c>Authorization: Bearer kpk_…</c>; it is looked up by its prefix and its SHA-256 compared in
/// constant time, and read from the database on every call — a revoked key is refused on its next call.
/// </summary>
public static class ApiKeys
{
    /// <summary>The authentication scheme of keys.</summary>
    public const string Scheme = "ApiKey";

    /// <summary>Every secret starts with it, so a key is told from a person's bearer token at a glance.</summary>
    public const string SecretStart = "kpk_";

    /// <summary>How many characters of the secret are kept to identify it (<c>kpk_</c> and 8 more).</summary>
    public const int PrefixLength = 12;

    /// <summary>The claim carrying the key's id on its principal.</summary>
    public const string KeyClaimType = "kpi:api_key";

    /// <summary>The claims carrying the key's duties: the policies accept them beside the roles.</summary>
    public const string DutyClaimType = "kpi:duty";

    public static IReadOnlySet<Duty> DutiesOf(ApiKeyScope scope) => scope switch
    {
        ApiKeyScope.Read => new HashSet<Duty>(),
        ApiKeyScope.Figures => new HashSet<Duty> { Duty.PlanTeam },
        ApiKeyScope.PayRun => new HashSet<Duty> { Duty.PlanTeam, Duty.RunPayroll, Duty.AdjustPay },
        ApiKeyScope.Organisation => new HashSet<Duty> { Duty.EditOrganisation },
        ApiKeyScope.Design => new HashSet<Duty> { Duty.DesignSchemes },
        _ => throw new ArgumentOutOfRangeException(nameof(scope), scope, null),
    };

    /// <summary>Whether a key of the scope acts for the whole company and takes no department (the pay run, the organisation, the schemes).</summary>
    public static bool WholeCompany(ApiKeyScope scope) => scope is ApiKeyScope.PayRun or ApiKeyScope.Organisation or ApiKeyScope.Design;

    /// <summary>The scope as stored (<c>read</c>, <c>figures</c>, <c>payrun</c>, <c>organisation</c>, <c>design</c>).</summary>
    public static string Store(ApiKeyScope scope) => scope.ToString().ToLowerInvariant();

    public static ApiKeyScope? Parse(string? stored) =>
        Enum.GetValues<ApiKeyScope>().Cast<ApiKeyScope?>().FirstOrDefault(s => Store(s!.Value) == stored);

    /// <summary>How the audit log and the figures' "updated by" name a key.</summary>
    public static string Actor(string name) => "api-key:" + name;

    /// <summary>A new secret: <c>kpk_</c> and 32 random bytes, base64url (256 bits: no guessing, no salt needed).</summary>
    public static string NewSecret() =>
        SecretStart + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The SHA-256 of a secret, lower-case hex: what is stored.</summary>
    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>The secret of an <c>Authorization: Bearer kpk_…</c> header, or null.</summary>
    public static string? SecretOf(string? authorization)
    {
        const string Bearer = "Bearer ";
        if (authorization is null || !authorization.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var secret = authorization[Bearer.Length..].Trim();
        return secret.StartsWith(SecretStart, StringComparison.Ordinal) && secret.Length > PrefixLength && secret.Length <= 200 ? secret : null;
    }

    /// <summary>
    /// The key a secret belongs to, if it exists, is not revoked and has not expired by <paramref name="today"/>: by its
    /// prefix, then its hash in constant time.
    /// </summary>
    public static async Task<KpiPlanner.Infrastructure.Identity.ApiKey?> FindAsync(KpiDbContext db, string secret, DateOnly today, CancellationToken cancellationToken)
    {
        var prefix = secret[..PrefixLength];
        var candidates = await db.ApiKeys.AsNoTracking()
            .Where(k => k.Prefix == prefix && k.RevokedAt == null && (k.ExpiresOn == null || k.ExpiresOn >= today)).ToListAsync(cancellationToken);
        var hash = Encoding.ASCII.GetBytes(Hash(secret));
        return candidates.FirstOrDefault(k => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(k.SecretHash), hash));
    }

    /// <summary>
    /// The caller a key acts as, read now: no roles, no employee, the key's duties, and for a key limited to a department
    /// that department and every one below it (one recursive query); null for an unknown, revoked or expired key.
    /// </summary>
    public static async Task<UserContext?> LoadAsync(KpiDbContext db, int keyId, DateOnly today, CancellationToken cancellationToken)
    {
        var key = await db.ApiKeys.AsNoTracking()
            .SingleOrDefaultAsync(k => k.Id == keyId && k.RevokedAt == null && (k.ExpiresOn == null || k.ExpiresOn >= today), cancellationToken);
        if (key is null || Parse(key.Scope) is not { } scope)
        {
            return null;
        }

        var user = new UserContext($"api-key:{key.Id}", Actor(key.Name), [], null) { Key = new ApiKeyGrant(key.Id, key.Name, scope, key.DepartmentId) };
        if (key.DepartmentId is not { } top)
        {
            return user;
        }

        // The key's department and everything below it, as the plan grid reads a subtree (DepartmentTree).
        var tree = new KpiPlanner.Domain.Organisation.DepartmentTree(await db.Departments.AsNoTracking()
            .Select(d => new ValueTuple<int, int?>(d.Id, d.ParentId)).ToListAsync(cancellationToken));
        var subtree = tree.Subtree(top);
        return user with { TeamDepartments = subtree.ToHashSet() };
    }
}

/// <summary>
/// Authenticates <c>Authorization: Bearer kpk_…</c> on the API: the key must exist, not be revoked and not have expired,
/// on every call. A call that succeeds (a status below 400) records when the key was last used, at most once a minute
/// and before the answer is sent; a refused call leaves no trace.
/// Its principal names the key (<see cref="ApiKeys.KeyClaimType"/>) and carries its duties (<see cref="ApiKeys.DutyClaimType"/>);
/// <see cref="AccessScopes.LoadAsync"/> then reads it again as the call's caller.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IDbContextFactory<KpiDbContext> dbFactory,
    TimeProvider time)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (ApiKeys.SecretOf(Request.Headers.Authorization.ToString()) is not { } secret)
        {
            return AuthenticateResult.NoResult();
        }

        await using var db = await dbFactory.CreateDbContextAsync(Context.RequestAborted);
        var now = time.GetUtcNow();
        var key = await ApiKeys.FindAsync(db, secret, DateOnly.FromDateTime(time.GetLocalNow().Date), Context.RequestAborted);
        if (key is null || ApiKeys.Parse(key.Scope) is not { } scope)
        {
            return AuthenticateResult.Fail("Unknown, revoked or expired API key.");
        }

        if (key.LastUsedAt is not { } last || now - last >= TimeSpan.FromMinutes(1))
        {
            var id = key.Id;
            Context.Response.OnStarting(async () =>
            {
                if (Context.Response.StatusCode < 400)
                {
                    await using var write = await dbFactory.CreateDbContextAsync();
                    await write.ApiKeys.Where(k => k.Id == id && (k.LastUsedAt == null || k.LastUsedAt < now))
                        .ExecuteUpdateAsync(k => k.SetProperty(x => x.LastUsedAt, now));
                }
            });
        }

        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, $"api-key:{key.Id}"),
            new(ClaimTypes.Name, ApiKeys.Actor(key.Name)),
            new(ApiKeys.KeyClaimType, key.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        claims.AddRange(ApiKeys.DutiesOf(scope).Select(d => new Claim(ApiKeys.DutyClaimType, d.ToString())));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, ApiKeys.Scheme));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, ApiKeys.Scheme));
    }
}
