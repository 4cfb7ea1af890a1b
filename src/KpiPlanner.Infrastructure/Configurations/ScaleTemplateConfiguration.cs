using KpiPlanner.Domain.Scales;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KpiPlanner.Infrastructure.Configurations;

internal sealed class ScaleTemplateConfiguration : IEntityTypeConfiguration<ScaleTemplate>
{
    public void Configure(EntityTypeBuilder<ScaleTemplate> builder)
    {
        builder.ToTable("coefficient_scales");
        builder.Property(s => s.Name).HasMaxLength(ScaleTemplate.MaxNameLength);
        builder.HasIndex(s => s.Name).IsUnique();
        builder.Property(s => s.Spec).HasJsonDocument();
        builder.Property<uint>(Concurrency.Version).IsRowVersion();
    }
}
