using System.Diagnostics;

namespace KpiPlanner.Infrastructure.Postgres;

/// <summary>
/// Stops the embedded server when the app is gone, however it went (a crash, <c>kill -9</c>, an out-of-memory kill): a
/// small shell in a session of its own waits on a pipe whose writing end only the app holds. The kernel closes that end
/// when the app's process ends, the shell reads end-of-file and runs <c>pg_ctl stop</c>. No polling, no process ids
/// that could be reused. A clean stop stops the server first and then closes the pipe; the shell finds nothing to do.
/// </summary>
internal sealed class EmbeddedPostgresWatchdog : IDisposable
{
    // $1 pg_ctl, $2 data folder, $3 log. Output goes to the server's log; the app's console may be gone by then.
    private const string Script =
        "exec >>\"$3\" 2>&1; cat >/dev/null; " +
        "if \"$1\" -D \"$2\" status >/dev/null 2>&1; then " +
        "echo \"$(date -u '+%Y-%m-%d %H:%M:%S UTC') KpiPlanner is gone: the watchdog stops PostgreSQL\"; " +
        "exec \"$1\" -D \"$2\" -m fast -w stop; fi";

    private readonly Process process;

    private EmbeddedPostgresWatchdog(Process process) => this.process = process;

    /// <summary>The watchdog's process id (the outermost process: setsid, runuser or sh).</summary>
    public int ProcessId => process.Id;

    public static EmbeddedPostgresWatchdog? TryStart(string pgCtl, string dataDirectory, string logFile, bool asPostgres, string serverUser)
    {
        var psi = new ProcessStartInfo
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };

        // Its own session: a Ctrl+C in the app's terminal reaches the app (which then stops the server itself), not the
        // watchdog, which must outlive the app.
        var command = new List<string>();
        var setsid = new[] { "/usr/bin/setsid", "/bin/setsid" }.FirstOrDefault(File.Exists);
        if (setsid is not null)
        {
            command.Add(setsid);
        }

        if (asPostgres)
        {
            command.AddRange(["runuser", "-u", serverUser, "--"]);
        }

        command.AddRange(["/bin/sh", "-c", Script, "kpiplanner-postgres-watchdog", pgCtl, dataDirectory, logFile]);
        psi.FileName = command[0];
        foreach (var argument in command.Skip(1))
        {
            psi.ArgumentList.Add(argument);
        }

        psi.Environment["LC_ALL"] = "C.UTF-8";
        try
        {
            var process = Process.Start(psi);
            if (process is null)
            {
                return null;
            }

            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return new EmbeddedPostgresWatchdog(process);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // no shell: the next start takes over a server left running (see EmbeddedPostgres.Start)
        }
    }

    /// <summary>Closes the pipe (after the app stopped the server itself) and waits a little for the shell to end.</summary>
    public void Dispose()
    {
        try
        {
            process.StandardInput.Close();
            if (!process.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        finally
        {
            process.Dispose();
        }
    }
}
