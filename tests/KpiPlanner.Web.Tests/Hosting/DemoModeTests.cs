using KpiPlanner.Web.Hosting;
using Microsoft.Extensions.Configuration;

namespace KpiPlanner.Web.Tests.Hosting;

/// <summary>
/// The demo company, with its published passwords, is loaded only on the embedded database of an app that listens on
/// loopback alone; asking for it anywhere else refuses to start.
/// </summary>
public sealed class DemoModeTests
{
    [Theory]
    [InlineData("http://localhost:5080")]
    [InlineData("http://127.0.0.1:5090")]
    [InlineData("http://127.0.0.2:5090")]
    [InlineData("http://[::1]:5080")]
    [InlineData("https://LOCALHOST:5001/")]
    [InlineData("http://localhost:5080;http://127.0.0.1:5081")]
    public void The_embedded_database_on_loopback_gets_the_demo(string urls)
    {
        Assert.True(DemoMode.Decide(Configuration(("urls", urls)), embeddedDatabase: true));
    }

    [Fact]
    public void The_embedded_database_with_no_address_configured_listens_on_localhost_and_gets_the_demo()
    {
        Assert.True(DemoMode.Decide(embeddedDatabase: true, requested: null, addresses: []));
    }

    [Theory]
    [InlineData("http://+:8080")]
    [InlineData("http://*:8080")]
    [InlineData("http://0.0.0.0:8080")]
    [InlineData("http://[::]:8080")]
    [InlineData("http://192.168.1.20:5080")]
    [InlineData("http://kpi.example.ru")]
    [InlineData("http://localhost:5080;http://0.0.0.0:5081")]
    [InlineData("http://localhost.example.ru:5080")]
    public void A_binding_others_can_reach_gets_no_demo(string urls)
    {
        Assert.False(DemoMode.Decide(Configuration(("urls", urls)), embeddedDatabase: true));
    }

    [Fact]
    public void Http_ports_bind_every_interface_and_get_no_demo()
    {
        Assert.False(DemoMode.Decide(Configuration(("http_ports", "8080")), embeddedDatabase: true));
        Assert.False(DemoMode.Decide(Configuration(("urls", "http://localhost:5080"), ("https_ports", "8443")), embeddedDatabase: true));
    }

    [Fact]
    public void A_kestrel_endpoint_of_configuration_counts_too()
    {
        Assert.False(DemoMode.Decide(Configuration(("Kestrel:Endpoints:Web:Url", "http://0.0.0.0:5080")), embeddedDatabase: true));
        Assert.True(DemoMode.Decide(Configuration(("Kestrel:Endpoints:Web:Url", "http://127.0.0.1:5080")), embeddedDatabase: true));
    }

    [Fact]
    public void A_configured_database_never_gets_the_demo_even_on_loopback()
    {
        Assert.False(DemoMode.Decide(Configuration(("urls", "http://localhost:5080")), embeddedDatabase: false));
        Assert.False(DemoMode.Decide(embeddedDatabase: false, requested: null, addresses: []));
    }

    [Fact]
    public void Demo_data_false_turns_the_demo_off_even_where_it_is_safe()
    {
        Assert.False(DemoMode.Decide(embeddedDatabase: true, requested: false, addresses: ["http://localhost:5080"]));
    }

    [Fact]
    public void Demo_data_true_where_it_is_safe_loads_it()
    {
        Assert.True(DemoMode.Decide(embeddedDatabase: true, requested: true, addresses: ["http://localhost:5080"]));
    }

    [Fact]
    public void Demo_data_true_on_a_configured_database_refuses_to_start_and_says_why()
    {
        var refused = Assert.Throws<DemoDataRefusedException>(() => DemoMode.Decide(
            Configuration(("KpiPlanner:DemoData", "true"), ("urls", "http://localhost:5080")), embeddedDatabase: false));

        Assert.Contains("configured database", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Remove KpiPlanner__DemoData", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Demo_data_true_on_a_network_binding_refuses_to_start_and_names_the_address()
    {
        var refused = Assert.Throws<DemoDataRefusedException>(() => DemoMode.Decide(
            Configuration(("KpiPlanner:DemoData", "true"), ("urls", "http://localhost:5080;http://+:8080")), embeddedDatabase: true));

        Assert.Contains("http://+:8080", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("http://localhost:5080", refused.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();
}
