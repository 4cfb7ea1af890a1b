using KpiPlanner.Domain.Organisation;
using KpiPlanner.Domain.Schemes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KpiPlanner.Infrastructure.Configurations;

internal sealed class SchemeVersionConfiguration : IEntityTypeConfiguration<SchemeVersion>
{
    public void Configure(EntityTypeBuilder<SchemeVersion> builder)
    {
        builder.ToTable("scheme_versions");
        builder.HasOne<Position>().WithMany().HasForeignKey(v => v.PositionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(v => new { v.PositionId, v.EffectiveFrom }).IsUnique();
        builder.Property(v => v.Spec).HasJsonDocument();
        builder.Property(v => v.UpdatedBy).HasMaxLength(256);
        builder.Property<uint>(Concurrency.Version).IsRowVersion();
    }
}
