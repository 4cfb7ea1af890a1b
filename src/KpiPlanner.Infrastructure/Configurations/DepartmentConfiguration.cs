using KpiPlanner.Domain.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KpiPlanner.Infrastructure.Configurations;

internal sealed class DepartmentConfiguration : IEntityTypeConfiguration<Department>
{
    public void Configure(EntityTypeBuilder<Department> builder)
    {
        builder.Property(d => d.Name).HasMaxLength(OrganisationLimits.DepartmentName);
        builder.HasOne(d => d.Parent).WithMany().HasForeignKey(d => d.ParentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(d => d.Head).WithMany().HasForeignKey(d => d.HeadId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(d => new { d.ParentId, d.Name }).IsUnique();
        builder.Property<uint>(Concurrency.Version).IsRowVersion();
    }
}
