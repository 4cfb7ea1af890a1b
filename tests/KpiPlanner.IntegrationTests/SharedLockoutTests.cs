using KpiPlanner.Infrastructure.Identity;
using KpiPlanner.Testing;
using KpiPlanner.Web.Features.Account;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace KpiPlanner.IntegrationTests;

/// <summary>
/// The smart lockout is one rule for every instance of the app (issue 13, decision 021): its counters are in the
/// database, so failures counted by two instances add up, a lock set by one holds on the other, and failures counted
/// at the same moment are all counted. "Instance A" is the app under test (its own lockout service and connection
/// pool); "instance B" is a second lockout service with its own store and connections on the same database, as a second
/// app would have — both on the app's own database role, and both on the same (test) time, as two servers would be.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class SharedLockoutTests(KpiAppFactory app) : IAsyncLifetime
{
    private const string Attacker = "203.0.113.7";
    private const string Office = "198.51.100.20";

    private SignInLockout A => app.Services.GetRequiredService<SignInLockout>();

    private SignInLockout B { get; } = new(
        app.Clock, // two machines set to the same time
        Options.Create(new IdentityOptions()),
        new SignInCounters(new NpgsqlConnectionStringBuilder(app.ConnectionString) { ApplicationName = "instance-b" }.ConnectionString));

    private int MaxFailures => app.Services.GetRequiredService<IOptions<IdentityOptions>>().Value.Lockout.MaxFailedAccessAttempts;

    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Failures_counted_alternately_by_two_instances_lock_the_pair_after_five_in_all_on_both()
    {
        var email = NewEmail();
        for (var attempt = 1; attempt <= MaxFailures; attempt++)
        {
            var instance = attempt % 2 == 1 ? A : B;
            Assert.Equal(attempt == MaxFailures, await instance.RecordFailureAsync(email, Attacker));
        }

        Assert.True(await A.IsLockedOutAsync(email, Attacker));
        Assert.True(await B.IsLockedOutAsync(email, Attacker));
        Assert.False(await A.IsLockedOutAsync(email, Office)); // another address is not locked, on either
        Assert.False(await B.IsLockedOutAsync(email, Office));

        // A password reset on one instance lifts the lock on both.
        await B.ReleaseAsync(email);
        Assert.False(await A.IsLockedOutAsync(email, Attacker));
        Assert.False(await B.IsLockedOutAsync(email, Attacker));
    }

    [Fact]
    public async Task Twenty_failures_of_one_pair_at_once_on_two_instances_are_all_counted()
    {
        var email = NewEmail();
        var locked = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => (i % 2 == 0 ? A : B).RecordFailureAsync(email, Attacker))));

        // In the order the database counted them, the 5th, 10th, 15th and 20th each locked the pair (and started its
        // count afresh); only the first four found it open.
        Assert.Equal(4, locked.Count(l => !l));
        Assert.True(await A.IsLockedOutAsync(email, Attacker));
        Assert.True(await B.IsLockedOutAsync(email, Attacker));
        var (pairFailures, emailFailures) = await FailuresAsync(email, Attacker);
        Assert.Equal(0, pairFailures);  // 20 = 4 × 5: nothing left over
        Assert.Equal(20, emailFailures); // the e-mail's own counter (ceiling 50) holds all twenty
    }

    [Fact]
    public async Task Guesses_from_many_addresses_at_once_on_two_instances_reach_the_ceiling_exactly_and_spare_a_known_address()
    {
        var email = NewEmail();
        await A.RecordSuccessAsync(email, Office); // the office is known to the e-mail (instance A saw it)

        var ceiling = SignInLockout.AccountCeiling;
        var early = await Task.WhenAll(Enumerable.Range(0, ceiling - 1).Select(i => Task.Run(() => (i % 2 == 0 ? A : B).RecordFailureAsync(email, $"192.0.2.{i + 1}"))));
        Assert.All(early, Assert.False); // one guess per address: none reaches its own limit, and 49 < 50
        Assert.False(await A.IsLockedForUnknownAddressesAsync(email));
        Assert.False(await B.IsLockedForUnknownAddressesAsync(email));

        Assert.True(await B.RecordFailureAsync(email, "192.0.2.200")); // the 50th
        Assert.True(await A.IsLockedForUnknownAddressesAsync(email));
        Assert.True(await A.IsLockedOutAsync(email, "198.51.100.99"));
        Assert.False(await B.IsLockedOutAsync(email, Office)); // known on A, spared on B too
        Assert.Contains(email, await B.LockedForUnknownAddressesAsync());
    }

    [Fact]
    public async Task An_email_too_long_or_with_a_nul_is_counted_like_any_other()
    {
        foreach (var email in new[] { new string('A', 5000) + "@EXAMPLE.COM", "A\0B@EXAMPLE.COM", "\ud800@EXAMPLE.COM" })
        {
            for (var attempt = 1; attempt <= MaxFailures; attempt++)
            {
                Assert.Equal(attempt == MaxFailures, await (attempt % 2 == 1 ? A : B).RecordFailureAsync(email, Attacker));
            }

            Assert.True(await B.IsLockedOutAsync(email, Attacker));
        }
    }

    private static string NewEmail() => $"NOBODY-{Guid.NewGuid():N}@DEMO.LOCAL";

    // The failures in the window of the pair's counter and of the e-mail's, as stored.
    private async Task<(int Pair, int Email)> FailuresAsync(string email, string address)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT (SELECT cardinality(failures) FROM sign_in_failures WHERE email = @email AND address = @address),
                   (SELECT cardinality(failures) FROM sign_in_failures WHERE email = @email AND address = @all)
            """,
            connection);
        command.Parameters.AddWithValue("email", email);
        command.Parameters.AddWithValue("address", address);
        command.Parameters.AddWithValue("all", SignInCounters.AllAddresses);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt32(0), reader.GetInt32(1));
    }
}
