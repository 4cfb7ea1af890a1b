using KpiPlanner.Infrastructure.Postgres;
using Npgsql;

namespace KpiPlanner.IntegrationTests;

/// <summary>The app's own PostgreSQL, started from the machine's binaries (here on a throwaway folder).</summary>
public sealed class EmbeddedPostgresTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("kpi-embedded-").FullName;

    [Fact]
    public async Task The_cluster_is_created_once_and_keeps_its_data_between_runs()
    {
        var options = new EmbeddedPostgresOptions { RootDirectory = root };
        using (var first = EmbeddedPostgres.Start(options))
        {
            await Execute(first.ConnectionString, "CREATE TABLE kept (value int); INSERT INTO kept VALUES (42);");
            first.Stop();
        }

        using var second = EmbeddedPostgres.Start(options);
        Assert.Equal(42, await Scalar(second.ConnectionString, "SELECT value FROM kept"));
        Assert.True(File.Exists(Path.Combine(root, "superuser.password")));
    }

    [Fact]
    public async Task The_cluster_requires_its_password()
    {
        using var cluster = EmbeddedPostgres.Start(new EmbeddedPostgresOptions { RootDirectory = root });
        var wrong = new NpgsqlConnectionStringBuilder(cluster.ConnectionString) { Password = "guess" }.ConnectionString;

        await Assert.ThrowsAsync<PostgresException>(() => Execute(wrong, "SELECT 1"));
    }

    [Fact]
    public async Task A_cluster_left_running_is_reused_on_the_same_port()
    {
        var options = new EmbeddedPostgresOptions { RootDirectory = root };
        using var running = EmbeddedPostgres.Start(options);

        using var again = EmbeddedPostgres.Start(options);

        Assert.Equal(running.Port, again.Port);
        Assert.Equal(1, await Scalar(again.ConnectionString, "SELECT 1"));
    }

    [Fact]
    public void Missing_server_binaries_give_one_sentence_saying_what_to_do()
    {
        var error = Assert.Throws<EmbeddedPostgresException>(() =>
            EmbeddedPostgres.Start(new EmbeddedPostgresOptions { RootDirectory = root, BinDirectory = "/nonexistent/bin" }));

        Assert.Contains("ConnectionStrings__Kpi", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static async Task Execute(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<int> Scalar(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
