using KpiPlanner.Domain.Goals;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KpiPlanner.Infrastructure.Configurations;

internal sealed class GoalConfiguration : IEntityTypeConfiguration<Goal>
{
    public void Configure(EntityTypeBuilder<Goal> builder)
    {
        builder.Property(g => g.Name).HasMaxLength(Goal.MaxNameLength);
        builder.HasIndex(g => g.Name).IsUnique();
        builder.Property(g => g.Versions).HasJsonDocument();
        builder.Ignore(g => g.Nodes);
        builder.Ignore(g => g.ChangeMonths);
        builder.Property(g => g.Facts).HasJsonDocument();
        builder.Property(g => g.Plans).HasJsonDocument();
        builder.Property(g => g.UpdatedBy).HasMaxLength(256);
        builder.Property<uint>(Concurrency.Version).IsRowVersion();
    }
}
