using Microsoft.EntityFrameworkCore;

namespace KpiPlanner.Infrastructure;

/// <summary>
/// Optimistic concurrency: edited aggregates carry PostgreSQL's <c>xmin</c> as a shadow property named
/// <see cref="Version"/>. A page keeps the version it read; saving with an older one fails with
/// <see cref="DbUpdateConcurrencyException"/>, which the page turns into a visible conflict.
/// </summary>
public static class Concurrency
{
    public const string Version = "Version";

    public static uint VersionOf(this DbContext db, object entity) =>
        (uint)db.Entry(entity).Property(Version).CurrentValue!;

    /// <summary>Tells EF which version the person saw, so a newer row in the database is a conflict.</summary>
    public static void ExpectVersion(this DbContext db, object entity, uint version) =>
        db.Entry(entity).Property(Version).OriginalValue = version;
}
