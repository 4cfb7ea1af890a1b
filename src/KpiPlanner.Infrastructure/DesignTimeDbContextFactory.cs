using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace KpiPlanner.Infrastructure;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting the app or a database.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<KpiDbContext>
{
    public KpiDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<KpiDbContext>();
        PersistenceSetup.Configure(options, "Host=localhost;Database=kpiplanner_design");
        return new KpiDbContext(options.Options);
    }
}
