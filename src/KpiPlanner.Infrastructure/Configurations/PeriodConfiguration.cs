using KpiPlanner.Domain.Planning;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KpiPlanner.Infrastructure.Configurations;

internal sealed class PeriodConfiguration : IEntityTypeConfiguration<Period>
{
    public void Configure(EntityTypeBuilder<Period> builder)
    {
        builder.HasIndex(p => p.Month).IsUnique();
        builder.Property(p => p.Status).HasConversion<string>().HasMaxLength(20);
        builder.Ignore(p => p.IsClosed);
        builder.Ignore(p => p.AcceptsValues);
        builder.Property(p => p.CalculatedBy).HasMaxLength(256);
        builder.Property(p => p.ApprovedBy).HasMaxLength(256);
        builder.Property(p => p.ClosedBy).HasMaxLength(256);
        // Counted by the writers' triggers (migration FiguresVersionCounter); the app reads it and never writes it.
        var figures = builder.Property(p => p.FiguresVersion).HasDefaultValue(0L).ValueGeneratedOnAddOrUpdate();
        figures.Metadata.SetBeforeSaveBehavior(Microsoft.EntityFrameworkCore.Metadata.PropertySaveBehavior.Ignore);
        figures.Metadata.SetAfterSaveBehavior(Microsoft.EntityFrameworkCore.Metadata.PropertySaveBehavior.Ignore);
        builder.Property<uint>(Concurrency.Version).IsRowVersion();
    }
}
