using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using KpiPlanner.Infrastructure.Postgres;

namespace KpiPlanner.Benchmarks;

/// <summary>
/// The real app (src/KpiPlanner.Web, the build of the harness's own configuration) as a child process on a loopback
/// port, in the Production environment, on the system clock, against a given PostgreSQL — started as an install with a
/// configured database starts: it migrates as the schema owner, runs as the app role, and, with no account yet, prints
/// the one-time setup code of its first run to its log. Its log goes to <c>app.log</c> in the benchmark's folder.
/// </summary>
internal sealed partial class AppProcess : IDisposable
{
    private readonly Process process;
    private readonly StreamWriter log;
    private readonly TaskCompletionSource<string> setupCode = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private AppProcess(Process process, StreamWriter log, Uri baseAddress, string logPath)
    {
        this.process = process;
        this.log = log;
        BaseAddress = baseAddress;
        LogPath = logPath;
    }

    public Uri BaseAddress { get; }

    public string LogPath { get; }

    public int ProcessId => process.Id;

    /// <summary>The setup code the app printed at start (its first run: no account yet).</summary>
    public Task<string> SetupCode => setupCode.Task;

    /// <summary>Starts the app and waits until <c>/health</c> answers 200 (migrations done), at most <paramref name="limit"/>.</summary>
    public static async Task<AppProcess> StartAsync(EmbeddedPostgres postgres, string folder, TimeSpan limit)
    {
        var (web, project) = WebAssemblyPath();
        var port = FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = project, // the content root, as `dotnet run` would have it
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(web);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(baseAddress.ToString().TrimEnd('/'));
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ConnectionStrings__Kpi"] = postgres.AppConnectionString ?? postgres.ConnectionString;
        start.Environment["ConnectionStrings__KpiMigrations"] = postgres.OwnerConnectionString ?? postgres.ConnectionString;
        // One line a request would cost the app CPU the benchmark measures; warnings (and the setup code) still come.
        start.Environment["Serilog__MinimumLevel__Default"] = "Warning";

        var logPath = Path.Combine(folder, "app.log");
        var log = new StreamWriter(logPath) { AutoFlush = true };
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        if (!process.Start())
        {
            throw new InvalidOperationException("dotnet did not start the app.");
        }

        var app = new AppProcess(process, log, baseAddress, logPath);
        process.OutputDataReceived += (_, e) => app.Line(e.Data);
        process.ErrorDataReceived += (_, e) => app.Line(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                app.Dispose();
                throw new InvalidOperationException($"The app stopped during its start (exit code {process.ExitCode}); its log: {logPath}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("/health", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return app;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Busy migrating.
            }

            if (clock.Elapsed > limit)
            {
                app.Dispose();
                throw new TimeoutException($"The app did not answer /health within {limit.TotalSeconds:F0} s; its log: {logPath}");
            }

            await Task.Delay(250);
        }
    }

    /// <summary>Stops the app (this process only, and its children).</summary>
    public void Dispose()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        process.Dispose();
        lock (log)
        {
            log.Dispose();
        }
    }

    private void Line(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            try
            {
                log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // The last lines after Dispose.
            }
        }

        if (CodePattern().Match(line) is { Success: true } match)
        {
            setupCode.TrySetResult(match.Value);
        }
    }

    /// <summary>src/KpiPlanner.Web/bin/{Release|Debug}/net10.0/KpiPlanner.Web.dll of this repository (built with the harness).</summary>
    private static (string Assembly, string Project) WebAssemblyPath()
    {
#if DEBUG
        const string Configuration = "Debug";
#else
        const string Configuration = "Release";
#endif
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "KpiPlanner.sln")))
        {
            folder = folder.Parent;
        }

        if (folder is null)
        {
            throw new InvalidOperationException($"KpiPlanner.sln not found above {AppContext.BaseDirectory}: run the harness from the repository.");
        }

        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Name; // net10.0
        var project = Path.Combine(folder.FullName, "src", "KpiPlanner.Web");
        var web = Path.Combine(project, "bin", Configuration, framework, "KpiPlanner.Web.dll");
        return File.Exists(web)
            ? (web, project)
            : throw new InvalidOperationException($"{web} is missing: build the solution in {Configuration} (dotnet run -c {Configuration} builds it).");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"\b[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}\b")]
    private static partial Regex CodePattern();
}
