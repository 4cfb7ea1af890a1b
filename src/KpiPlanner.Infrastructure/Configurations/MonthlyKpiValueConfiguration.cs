using KpiPlanner.Domain.Organisation;
using KpiPlanner.Domain.Planning;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KpiPlanner.Infrastructure.Configurations;

internal sealed class MonthlyKpiValueConfiguration : IEntityTypeConfiguration<MonthlyKpiValue>
{
    public void Configure(EntityTypeBuilder<MonthlyKpiValue> builder)
    {
        builder.ToTable("monthly_kpi_values", t =>
        {
            t.HasCheckConstraint("ck_monthly_kpi_values_plan_not_negative", "plan IS NULL OR plan >= 0");
            t.HasCheckConstraint("ck_monthly_kpi_values_fact_not_negative", "fact IS NULL OR fact >= 0");
            t.HasCheckConstraint("ck_monthly_kpi_values_first_day", "date_part('day', month) = 1");
        });
        builder.HasOne<Employee>().WithMany().HasForeignKey(v => v.EmployeeId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(v => v.KpiKey).HasMaxLength(MonthlyKpiValue.MaxKeyLength);
        builder.Property(v => v.Plan).HasPrecision(20, 4);
        builder.Property(v => v.Fact).HasPrecision(20, 4);
        builder.Property(v => v.UpdatedBy).HasMaxLength(256);
        builder.HasIndex(v => new { v.EmployeeId, v.Month, v.KpiKey }).IsUnique();
        builder.HasIndex(v => new { v.Month, v.KpiKey });
        builder.Property<uint>(Concurrency.Version).IsRowVersion();
    }
}
