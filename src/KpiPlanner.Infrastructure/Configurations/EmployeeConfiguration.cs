using KpiPlanner.Domain.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KpiPlanner.Infrastructure.Configurations;

internal sealed class EmployeeConfiguration : IEntityTypeConfiguration<Employee>
{
    public void Configure(EntityTypeBuilder<Employee> builder)
    {
        builder.Property(e => e.PersonnelNumber).HasMaxLength(OrganisationLimits.PersonnelNumber);
        builder.HasIndex(e => e.PersonnelNumber).IsUnique();
        builder.Property(e => e.LastName).HasMaxLength(OrganisationLimits.PersonName);
        builder.Property(e => e.FirstName).HasMaxLength(OrganisationLimits.PersonName);
        builder.Property(e => e.MiddleName).HasMaxLength(OrganisationLimits.PersonName);
        builder.Property(e => e.Email).HasMaxLength(OrganisationLimits.Email);
        // Plus ux_employees_email: unique on lower(email), an expression index EF cannot model (migration EmployeeEmailUniqueAndVersions).
        builder.HasIndex(e => e.Email);
        builder.HasOne(e => e.Department).WithMany().HasForeignKey(e => e.DepartmentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(e => e.Position).WithMany().HasForeignKey(e => e.PositionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(e => e.DepartmentId);

        // The order people are listed in (the plan grid, its first page read alone: issue 18): the first page of the
        // company root reads its first rows along this index instead of sorting 10 000 names.
        builder.HasIndex(e => new { e.LastName, e.FirstName, e.MiddleName, e.Id }).HasDatabaseName("ix_employees_name_order");
        builder.Ignore(e => e.FullName);
        builder.Ignore(e => e.ShortName);
        builder.ToTable(t => t.HasCheckConstraint("ck_employees_leave_after_hire", "leave_date IS NULL OR leave_date >= hire_date"));
        builder.Property<uint>(Concurrency.Version).IsRowVersion();
    }
}
