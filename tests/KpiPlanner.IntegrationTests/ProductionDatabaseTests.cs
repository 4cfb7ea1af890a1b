using KpiPlanner.Testing;
using Microsoft.EntityFrameworkCore;

namespace KpiPlanner.IntegrationTests;

/// <summary>
/// An app pointed at a configured database without the demo flag, set up as before the roles: one connection
/// (ConnectionStrings__Kpi, the owner's) and no ConnectionStrings__KpiMigrations — it still migrates and runs (with a
/// warning that it has the owner's rights).
/// </summary>
public sealed class ProductionAppFactory : KpiAppFactory
{
    protected override bool DemoData => false;

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("ConnectionStrings:Kpi", OwnerConnectionString);
        builder.UseSetting("ConnectionStrings:KpiMigrations", string.Empty);
    }
}

public sealed class ProductionDatabaseTests(ProductionAppFactory app) : IClassFixture<ProductionAppFactory>
{
    [Fact]
    public async Task A_configured_database_is_migrated_but_never_gets_demo_data()
    {
        await using var db = app.CreateOwnerDbContext();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(0, await db.Departments.CountAsync());
        Assert.Equal(0, await db.Users.CountAsync());
    }
}
