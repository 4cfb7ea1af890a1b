using KpiPlanner.Domain.Goals;
using KpiPlanner.Domain.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KpiPlanner.Infrastructure.Configurations;

internal sealed class GoalEmployeeLinkConfiguration : IEntityTypeConfiguration<GoalEmployeeLink>
{
    public void Configure(EntityTypeBuilder<GoalEmployeeLink> builder)
    {
        builder.ToTable("goal_employee_links");
        builder.HasKey(l => new { l.GoalId, l.EmployeeId });
        builder.HasOne<Goal>().WithMany().HasForeignKey(l => l.GoalId).OnDelete(DeleteBehavior.Cascade);
        // RESTRICT: a goal's versions are its history (closed months keep the tree they were paid by); an employee a
        // tree names cannot vanish from under it. People leave by a leave date, never by a DELETE.
        builder.HasOne<Employee>().WithMany().HasForeignKey(l => l.EmployeeId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(l => l.EmployeeId);
    }
}
