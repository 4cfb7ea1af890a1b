using KpiPlanner.Domain.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KpiPlanner.Infrastructure.Configurations;

internal sealed class PositionConfiguration : IEntityTypeConfiguration<Position>
{
    public void Configure(EntityTypeBuilder<Position> builder)
    {
        builder.Property(p => p.Name).HasMaxLength(OrganisationLimits.PositionName);
        builder.HasIndex(p => p.Name).IsUnique();
        builder.Property<uint>(Concurrency.Version).IsRowVersion();
    }
}
