using KpiPlanner.Infrastructure.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KpiPlanner.Infrastructure.Configurations;

internal sealed class AppUserConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> builder)
    {
        builder.Property(u => u.Culture).HasMaxLength(10);
        builder.Property(u => u.DisabledBy).HasMaxLength(256);
        builder.Property(u => u.DisabledReason).HasMaxLength(AppUser.MaxDisabledReasonLength);
        builder.HasOne(u => u.Employee).WithMany().HasForeignKey(u => u.EmployeeId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(u => u.EmployeeId).IsUnique();
    }
}

internal sealed class RefreshSessionConfiguration : IEntityTypeConfiguration<RefreshSession>
{
    public void Configure(EntityTypeBuilder<RefreshSession> builder)
    {
        builder.ToTable("refresh_sessions");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.UserId).HasMaxLength(450);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => s.Family);
        builder.HasIndex(s => s.UserId);
    }
}

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> builder)
    {
        builder.ToTable("api_keys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Name).HasMaxLength(ApiKey.MaxNameLength);
        builder.Property(k => k.Prefix).HasMaxLength(16);
        builder.Property(k => k.SecretHash).HasMaxLength(64);
        builder.Property(k => k.Scope).HasMaxLength(20);
        builder.Property(k => k.CreatedBy).HasMaxLength(256);
        builder.Property(k => k.RevokedBy).HasMaxLength(256);
        builder.HasIndex(k => k.SecretHash).IsUnique();
        builder.HasIndex(k => k.Name).IsUnique();
        builder.HasOne<KpiPlanner.Domain.Organisation.Department>().WithMany().HasForeignKey(k => k.DepartmentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SignInFailureConfiguration : IEntityTypeConfiguration<SignInFailure>
{
    public void Configure(EntityTypeBuilder<SignInFailure> builder)
    {
        // Written and read only by SignInCounters' statements (decision 021); the app role has its usual DML on it.
        builder.ToTable("sign_in_failures");
        builder.HasKey(f => new { f.Email, f.Address });
        builder.Property(f => f.Email).HasMaxLength(SignInCounters.MaxEmailLength);
        builder.Property(f => f.Address).HasMaxLength(SignInCounters.MaxAddressLength);
        builder.HasIndex(f => f.LastFailure); // the prune: the idle ones first
    }
}

internal sealed class SignInKnownAddressConfiguration : IEntityTypeConfiguration<SignInKnownAddress>
{
    public void Configure(EntityTypeBuilder<SignInKnownAddress> builder)
    {
        builder.ToTable("sign_in_known_addresses");
        builder.HasKey(k => new { k.Email, k.Address });
        builder.Property(k => k.Email).HasMaxLength(SignInCounters.MaxEmailLength);
        builder.Property(k => k.Address).HasMaxLength(SignInCounters.MaxAddressLength);
        builder.HasIndex(k => k.SignedInAt);
    }
}
