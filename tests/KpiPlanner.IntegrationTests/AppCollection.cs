using KpiPlanner.Testing;

namespace KpiPlanner.IntegrationTests;

/// <summary>One app and one database for all the tests of this assembly; tests that change data reset it first.</summary>
[CollectionDefinition(Name)]
public sealed class AppCollection : ICollectionFixture<KpiAppFactory>
{
    public const string Name = "app";
}
