using KpiPlanner.Testing;
using Microsoft.EntityFrameworkCore;

namespace KpiPlanner.IntegrationTests;

/// <summary>An app pointed at a configured database (ConnectionStrings__Kpi) without the demo flag.</summary>
public sealed class ProductionAppFactory : KpiAppFactory
{
    protected override bool DemoData => false;
}

public sealed class ProductionDatabaseTests(ProductionAppFactory app) : IClassFixture<ProductionAppFactory>
{
    [Fact]
    public async Task A_configured_database_is_migrated_but_never_gets_demo_data()
    {
        await using var db = app.CreateDbContext();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(0, await db.Departments.CountAsync());
        Assert.Equal(0, await db.Users.CountAsync());
    }
}
