using KpiPlanner.Domain.Audit;
using KpiPlanner.Domain.Organisation;
using KpiPlanner.Domain.Payroll;
using KpiPlanner.Domain.Schemes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KpiPlanner.Infrastructure.Configurations;

internal sealed class PayLineConfiguration : IEntityTypeConfiguration<PayLine>
{
    public void Configure(EntityTypeBuilder<PayLine> builder)
    {
        builder.ToTable("pay_lines", t => t.HasCheckConstraint("ck_pay_lines_first_day", "date_part('day', month) = 1"));
        builder.HasOne<Employee>().WithMany().HasForeignKey(l => l.EmployeeId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<SchemeVersion>().WithMany().HasForeignKey(l => l.SchemeVersionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(l => new { l.Month, l.EmployeeId }).IsUnique();
        builder.Property(l => l.SchemeName).HasMaxLength(200);
        foreach (var amount in new[] { nameof(PayLine.Fixed), nameof(PayLine.PlannedVariable), nameof(PayLine.Variable), nameof(PayLine.Bonus), nameof(PayLine.Total), nameof(PayLine.PreviousTotal) })
        {
            builder.Property(amount).HasPrecision(18, 2);
        }

        builder.Property(l => l.Explanation).HasJsonDocument();
        builder.Property(l => l.CalculatedBy).HasMaxLength(256);
        builder.Ignore(l => l.ChangedSincePrevious);
    }
}

internal sealed class PayAdjustmentConfiguration : IEntityTypeConfiguration<PayAdjustment>
{
    public void Configure(EntityTypeBuilder<PayAdjustment> builder)
    {
        builder.ToTable("pay_adjustments", t => t.HasCheckConstraint("ck_pay_adjustments_not_zero", "amount <> 0"));
        builder.HasOne<Employee>().WithMany().HasForeignKey(a => a.EmployeeId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(a => new { a.Month, a.EmployeeId });
        builder.Property(a => a.Amount).HasPrecision(18, 2);
        builder.Property(a => a.Reason).HasMaxLength(Domain.Planning.Period.MaxReasonLength);
        builder.Property(a => a.CreatedBy).HasMaxLength(256);
    }
}

internal sealed class PayBonusConfiguration : IEntityTypeConfiguration<PayBonus>
{
    public void Configure(EntityTypeBuilder<PayBonus> builder)
    {
        builder.ToTable("pay_bonuses", t => t.HasCheckConstraint("ck_pay_bonuses_not_negative", "amount >= 0"));
        builder.HasOne<Employee>().WithMany().HasForeignKey(b => b.EmployeeId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(b => new { b.Month, b.EmployeeId }).IsUnique();
        builder.Property(b => b.Amount).HasPrecision(18, 2);
        builder.Property(b => b.UpdatedBy).HasMaxLength(256);
        builder.Property<uint>(Concurrency.Version).IsRowVersion();
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("audit_log");
        builder.Property(a => a.Action).HasConversion<string>().HasMaxLength(40);
        builder.Property(a => a.By).HasMaxLength(256);
        builder.Property(a => a.OldValue).HasMaxLength(1000);
        builder.Property(a => a.NewValue).HasMaxLength(1000);
        builder.Property(a => a.Reason).HasMaxLength(Domain.Planning.Period.MaxReasonLength);
        builder.HasIndex(a => new { a.Month, a.At });
    }
}

internal sealed class CalendarExceptionConfiguration : IEntityTypeConfiguration<CalendarException>
{
    public void Configure(EntityTypeBuilder<CalendarException> builder)
    {
        builder.ToTable("calendar_days");
        builder.HasKey(d => d.Date);
        builder.Property(d => d.Note).HasMaxLength(200);
    }
}
