using System.Diagnostics;
using System.Globalization;
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
    public async Task The_cluster_makes_an_owner_role_and_an_app_role_that_owns_nothing_each_with_its_own_password()
    {
        using var cluster = EmbeddedPostgres.Start(new EmbeddedPostgresOptions { RootDirectory = root });

        Assert.Equal(1, await Scalar(cluster.AppConnectionString!, "SELECT 1"));
        Assert.Equal(1, await Scalar(cluster.OwnerConnectionString!, "SELECT count(*) FROM pg_database WHERE datname = current_database() AND datdba = 'kpi_owner'::regrole"));
        Assert.Equal(0, await Scalar(cluster.ConnectionString, "SELECT count(*) FROM pg_roles WHERE rolname IN ('kpi_owner', 'kpi_app') AND (rolsuper OR rolcreatedb OR rolcreaterole)"));
        Assert.True(File.Exists(Path.Combine(root, "kpi_app.password")));
        var wrong = new NpgsqlConnectionStringBuilder(cluster.AppConnectionString) { Password = "guess" }.ConnectionString;
        await Assert.ThrowsAsync<PostgresException>(() => Execute(wrong, "SELECT 1"));
        var error = await Assert.ThrowsAsync<PostgresException>(() => Execute(cluster.AppConnectionString!, "CREATE TABLE public.intruder (id int)"));
        Assert.Equal("42501", error.SqlState);
    }

    [Fact]
    public async Task The_server_stops_when_the_app_is_killed()
    {
        // The real app, started the way a person starts it, on a cluster in this test's folder; then kill -9.
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(WebAppDll())!,
        };
        foreach (var argument in new[] { WebAppDll(), "--urls", "http://127.0.0.1:0" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove("ConnectionStrings__Kpi");
        start.Environment["Database__Embedded__RootDirectory"] = root;
        start.Environment["Database__Embedded__Throwaway"] = "true";
        start.Environment["KpiPlanner__DemoData"] = "false";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var app = Process.Start(start)!;
        try
        {
            app.OutputDataReceived += (_, e) =>
            {
                output.Enqueue(e.Data ?? string.Empty);
                if (e.Data?.Contains("KpiPlanner is running at", StringComparison.Ordinal) == true)
                {
                    started.TrySetResult();
                }
            };
            app.ErrorDataReceived += (_, e) => output.Enqueue(e.Data ?? string.Empty);
            app.BeginOutputReadLine();
            app.BeginErrorReadLine();
            await Task.WhenAny(started.Task, app.WaitForExitAsync(), Task.Delay(TimeSpan.FromMinutes(3)));
            Assert.True(started.Task.IsCompleted, "The app did not start:\n" + string.Join('\n', output));
            var server = PostmasterPid();
            Assert.True(IsRunning(server));

            app.Kill(); // SIGKILL: no shutdown code of the app runs
            Assert.True(app.WaitForExit(TimeSpan.FromSeconds(30)));

            var gone = Stopwatch.StartNew();
            while (IsRunning(server) && gone.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(100);
            }

            Assert.False(IsRunning(server), $"PostgreSQL (pid {server}) still runs {gone.Elapsed.TotalSeconds:0} s after the app was killed.");
            Assert.False(File.Exists(Path.Combine(root, "data", "postmaster.pid")));
        }
        finally
        {
            if (!app.HasExited)
            {
                app.Kill(entireProcessTree: true);
            }
        }
    }

    [Fact]
    public async Task A_server_left_running_by_an_app_that_is_gone_is_taken_over_and_stopped_on_the_next_clean_stop()
    {
        var options = new EmbeddedPostgresOptions { RootDirectory = root, Throwaway = true };
        int port;
        using (var first = EmbeddedPostgres.Start(options))
        {
            port = first.Port;
        }

        // A server with no app and no watchdog, as a crash of an older version (or a killed watchdog) leaves it.
        PgCtl("-D", Path.Combine(root, "data"), "-l", Path.Combine(root, "postgres.log"), "-w", "start",
            "-o", $"-c listen_addresses=127.0.0.1 -p {port.ToString(CultureInfo.InvariantCulture)} -c unix_socket_directories=''");
        var leftover = PostmasterPid();

        using (var next = EmbeddedPostgres.Start(options))
        {
            Assert.True(next.TookOverLeftover);
            Assert.Equal(port, next.Port);
            Assert.Equal(1, await Scalar(next.AppConnectionString!, "SELECT 1"));
            next.Stop();
        }

        Assert.False(IsRunning(leftover));
        Assert.False(File.Exists(Path.Combine(root, "data", "postmaster.pid")));
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
        Assert.False(again.TookOverLeftover);
        Assert.Equal(1, await Scalar(again.ConnectionString, "SELECT 1"));

        // The second app shares the first one's server: its stop leaves the server running for the first.
        again.Stop();
        Assert.Equal(1, await Scalar(running.ConnectionString, "SELECT 1"));
    }

    [Fact]
    public void Missing_server_binaries_give_one_sentence_saying_what_to_do()
    {
        var error = Assert.Throws<EmbeddedDatabaseException>(() =>
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

    private int PostmasterPid() =>
        int.Parse(File.ReadLines(Path.Combine(root, "data", "postmaster.pid")).First().Trim(), CultureInfo.InvariantCulture);

    private static bool IsRunning(int pid)
    {
        // A process that ended but is not yet reaped shows as a zombie ("Z") in its stat line.
        var stat = $"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat";
        try
        {
            var text = File.ReadAllText(stat);
            return text[(text.LastIndexOf(')') + 2)..].Split(' ')[0] != "Z";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static void PgCtl(params string[] arguments)
    {
        var pgCtl = Path.Combine(EmbeddedPostgres.FindBinDirectory(null), "pg_ctl");
        var start = new ProcessStartInfo(Environment.IsPrivilegedProcess ? "runuser" : pgCtl) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (Environment.IsPrivilegedProcess ? new[] { "-u", "postgres", "--", pgCtl } : []).Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)), "pg_ctl did not finish within 60 s");
        Assert.True(process.ExitCode == 0, "pg_ctl failed: " + error.Result);
    }

    /// <summary>The app's build output next to this test's (src/KpiPlanner.Web/bin/{configuration}/{framework}).</summary>
    private static string WebAppDll()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = here.Name;
        var configuration = here.Parent!.Name;
        var repo = here;
        while (repo is not null && !File.Exists(Path.Combine(repo.FullName, "KpiPlanner.sln")))
        {
            repo = repo.Parent;
        }

        Assert.NotNull(repo);
        var dll = Path.Combine(repo.FullName, "src", "KpiPlanner.Web", "bin", configuration, framework, "KpiPlanner.Web.dll");
        Assert.True(File.Exists(dll), $"The app is not built at {dll}.");
        return dll;
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
