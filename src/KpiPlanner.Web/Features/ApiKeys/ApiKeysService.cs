using KpiPlanner.Domain.Organisation;
using KpiPlanner.Infrastructure;
using KpiPlanner.Infrastructure.Identity;
using KpiPlanner.Infrastructure.Postgres;
using KpiPlanner.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Secrets = KpiPlanner.Web.Security.ApiKeys;

namespace KpiPlanner.Web.Features.ApiKeys;

/// <summary>A key on the owner's page: never its secret, only the prefix that tells it apart.</summary>
public sealed record ApiKeyRow(int Id, string Name, string Prefix, ApiKeyScope Scope, int? DepartmentId, string? Department,
    DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? RevokedAt, string? RevokedBy)
{
    public bool Revoked => RevokedAt is not null;

    /// <summary>The last day the key works; null: until revoked.</summary>
    public DateOnly? ExpiresOn { get; init; }

    /// <summary>When a call with the key last succeeded; null: never.</summary>
    public DateTimeOffset? LastUsedAt { get; init; }

    /// <summary>True once the key's last day is before <paramref name="today"/>: its calls get 401.</summary>
    public bool ExpiredOn(DateOnly today) => ExpiresOn is { } last && last < today;
}

/// <summary>A new key: its row and the secret, shown once (only its hash is stored); or why it was not created.</summary>
public sealed record ApiKeyCreated(ApiKeyRow? Key, string? Secret, IReadOnlyDictionary<string, string> Errors)
{
    public bool Succeeded => Key is not null;
}

/// <summary>
/// The API keys of machines (decision 016), for the owner only: create a named key with a scope (read, plans and facts,
/// the pay run) and optionally one department's subtree, see its secret once, list and revoke keys. Every call demands
/// the Owner role of a person — a key never manages keys, whatever its scope.
/// </summary>
public sealed class ApiKeysService(IDbContextFactory<KpiDbContext> dbFactory, TimeProvider time, IStringLocalizer<SharedResource> l)
{
    public async Task<IReadOnlyList<ApiKeyRow>> ListAsync(UserContext actor, CancellationToken cancellationToken = default)
    {
        DemandOwner(actor);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var keys = await db.ApiKeys.AsNoTracking().OrderBy(k => k.RevokedAt != null).ThenBy(k => k.Name).ToListAsync(cancellationToken);
        var departments = await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.Name, cancellationToken);
        return [.. keys.Select(k => Row(k, k.DepartmentId is { } d ? departments.GetValueOrDefault(d) : null))];
    }

    /// <summary>The departments a key may be limited to, by name.</summary>
    public async Task<IReadOnlyList<(int Id, string Name)>> DepartmentsAsync(UserContext actor, CancellationToken cancellationToken = default)
    {
        DemandOwner(actor);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return (await db.Departments.AsNoTracking().OrderBy(d => d.Name).Select(d => new { d.Id, d.Name }).ToListAsync(cancellationToken))
            .Select(d => (d.Id, d.Name)).ToList();
    }

    /// <summary>The validity periods offered when a key is created, in days; a key may also work until revoked.</summary>
    public static IReadOnlyList<int> ValidityDays { get; } = [30, 90, 365];

    /// <summary>The longest validity, in days.</summary>
    public const int MaxValidityDays = 3 * 366;

    /// <summary>
    /// Creates a key. The name is required, unique, at most <see cref="ApiKey.MaxNameLength"/> characters; the pay run is
    /// the whole company's, so a <see cref="ApiKeyScope.PayRun"/> key takes no department, nor does an
    /// <see cref="ApiKeyScope.Organisation"/> one (HR's duty covers the whole company). A key given <paramref name="validDays"/>
    /// works through today + that many days (1 to <see cref="MaxValidityDays"/>), then gets 401 like a revoked one; without,
    /// until revoked. Refused input writes nothing.
    /// </summary>
    public async Task<ApiKeyCreated> CreateAsync(UserContext actor, string? name, ApiKeyScope scope, int? departmentId, CancellationToken cancellationToken = default,
        int? validDays = null)
    {
        DemandOwner(actor);
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        name = name?.Trim();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (string.IsNullOrEmpty(name))
        {
            errors["name"] = l["ApiKeys.NameRequired"];
        }
        else if (name.Length > ApiKey.MaxNameLength)
        {
            errors["name"] = l["ApiKeys.NameTooLong", ApiKey.MaxNameLength];
        }
        else if (await db.ApiKeys.AnyAsync(k => k.Name == name, cancellationToken))
        {
            errors["name"] = l["ApiKeys.NameTaken", name];
        }

        if (!Enum.IsDefined(scope))
        {
            errors["scope"] = l["ApiKeys.ScopeRequired"];
        }
        else if (Secrets.WholeCompany(scope) && departmentId is not null)
        {
            errors["department"] = l[scope switch
            {
                ApiKeyScope.Design => "ApiKeys.DesignWholeCompany",
                ApiKeyScope.Organisation => "ApiKeys.OrganisationWholeCompany",
                _ => "ApiKeys.PayRunWholeCompany",
            }];
        }

        if (validDays is < 1 or > MaxValidityDays)
        {
            errors["validity"] = l["ApiKeys.ValidityBad", MaxValidityDays];
        }

        string? department = null;
        if (departmentId is { } id && !errors.ContainsKey("department"))
        {
            department = await db.Departments.Where(d => d.Id == id).Select(d => d.Name).SingleOrDefaultAsync(cancellationToken);
            if (department is null)
            {
                errors["department"] = l["ApiKeys.DepartmentUnknown"];
            }
        }

        if (errors.Count > 0)
        {
            return new ApiKeyCreated(null, null, errors);
        }

        var secret = Secrets.NewSecret();
        var key = new ApiKey
        {
            Name = name!,
            Prefix = secret[..Secrets.PrefixLength],
            SecretHash = Secrets.Hash(secret),
            Scope = Secrets.Store(scope),
            DepartmentId = departmentId,
            CreatedAt = time.GetUtcNow(),
            CreatedBy = actor.Email,
            ExpiresOn = validDays is { } days ? DateOnly.FromDateTime(time.GetLocalNow().Date).AddDays(days) : null,
        };
        db.ApiKeys.Add(key);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (DatabaseError.IsUniqueViolation(e))
        {
            return new ApiKeyCreated(null, null, new Dictionary<string, string> { ["name"] = l["ApiKeys.NameTaken", name!] });
        }

        return new ApiKeyCreated(Row(key, department), secret, new Dictionary<string, string>());
    }

    /// <summary>Revokes a key: its next call is refused (401). Revoking a revoked or unknown key changes nothing; false then.</summary>
    public async Task<bool> RevokeAsync(UserContext actor, int id, CancellationToken cancellationToken = default)
    {
        DemandOwner(actor);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.ApiKeys.Where(k => k.Id == id && k.RevokedAt == null)
            .ExecuteUpdateAsync(k => k.SetProperty(x => x.RevokedAt, time.GetUtcNow()).SetProperty(x => x.RevokedBy, actor.Email), cancellationToken) == 1;
    }

    private static void DemandOwner(UserContext actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.Key is not null || !actor.IsInRole(Roles.Owner))
        {
            throw new UnauthorizedAccessException($"Only an owner manages API keys; {(actor.Email.Length > 0 ? actor.Email : "an anonymous caller")} is not one.");
        }
    }

    private static ApiKeyRow Row(ApiKey k, string? department) =>
        new(k.Id, k.Name, k.Prefix, Secrets.Parse(k.Scope) ?? ApiKeyScope.Read, k.DepartmentId, department, k.CreatedAt, k.CreatedBy, k.RevokedAt, k.RevokedBy)
        {
            ExpiresOn = k.ExpiresOn,
            LastUsedAt = k.LastUsedAt,
        };
}
