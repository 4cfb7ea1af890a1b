using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Npgsql;

namespace KpiPlanner.Infrastructure.Postgres;

/// <summary>The cluster's command-line side: finding the binaries, initdb, passwords, ports, and running pg_ctl.</summary>
public sealed partial class EmbeddedPostgres
{
    /// <summary>Finds initdb and pg_ctl: the configured folder, the newest /usr/lib/postgresql/*/bin, then PATH.</summary>
    public static string FindBinDirectory(string? configured)
    {
        static bool HasServer(string dir) =>
            File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl"));

        if (!string.IsNullOrWhiteSpace(configured))
        {
            return HasServer(configured)
                ? configured
                : throw new EmbeddedDatabaseException(
                    $"No PostgreSQL server binaries (initdb, pg_ctl) in {configured}: fix Database__Embedded__BinDirectory, or set ConnectionStrings__Kpi to use your own PostgreSQL server.");
        }

        var candidates = new List<string>();
        if (Directory.Exists("/usr/lib/postgresql"))
        {
            candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0)
                .Select(d => Path.Combine(d, "bin")));
        }

        candidates.AddRange((Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        return candidates.FirstOrDefault(HasServer)
            ?? throw new EmbeddedDatabaseException(
                "PostgreSQL server binaries were not found: install them (Debian/Ubuntu: sudo apt-get install postgresql), or set ConnectionStrings__Kpi to use your own PostgreSQL server.");
    }

    private static void InitDb(string bin, string root, string data, string? password, bool throwaway, bool asPostgres)
    {
        string? pwFile = null;
        try
        {
            var args = new List<string> { "-D", data, "-U", Superuser, "-E", "UTF8", "--no-instructions" };
            if (throwaway)
            {
                args.AddRange(["-A", "trust", "--no-sync"]);
            }
            else
            {
                pwFile = Path.Combine(root, "initdb.pw");
                File.WriteAllText(pwFile, password);
                if (asPostgres)
                {
                    Run("chown", [$"{Superuser}:{Superuser}", pwFile], asPostgres: false, "prepare the database password");
                }

                args.AddRange(["-A", "scram-sha-256", "--pwfile", pwFile]);
            }

            // ICU collation sorts and case-folds Cyrillic properly (lower('ИВАНОВ') = 'иванов').
            var icu = new List<string>(args) { "--locale-provider=icu", "--icu-locale=ru-RU", "--locale=C.UTF-8" };
            if (!TryRun(Path.Combine(bin, "initdb"), icu, asPostgres, out _))
            {
                if (Directory.Exists(data))
                {
                    Directory.Delete(data, recursive: true);
                }

                args.Add("--no-locale");
                Run(Path.Combine(bin, "initdb"), args, asPostgres, "create the database cluster");
            }
        }
        finally
        {
            if (pwFile is not null && File.Exists(pwFile))
            {
                File.Delete(pwFile);
            }
        }
    }

    private static string EnsurePassword(string root, string fileName = "superuser.password")
    {
        var file = Path.Combine(root, fileName);
        if (File.Exists(file))
        {
            return File.ReadAllText(file).Trim();
        }

        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        File.WriteAllText(file, password);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return password;
    }

    /// <summary>The port of a server already running on this data folder (left by a previous run), if any.</summary>
    private static int? ReadRunningPort(string bin, string data, bool asPostgres)
    {
        var pidFile = Path.Combine(data, "postmaster.pid");
        if (!File.Exists(pidFile) || !TryRun(Path.Combine(bin, "pg_ctl"), ["-D", data, "status"], asPostgres, out _))
        {
            return null;
        }

        // postmaster.pid: line 4 is the port.
        var lines = File.ReadAllLines(pidFile);
        return lines.Length > 3 && int.TryParse(lines[3].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : null;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Run(string file, IReadOnlyList<string> args, bool asPostgres, string what)
    {
        if (!TryRun(file, args, asPostgres, out var output))
        {
            throw new EmbeddedDatabaseException($"Could not {what}: {output.Trim()}");
        }
    }

    private static bool TryRun(string file, IReadOnlyList<string> args, bool asPostgres, out string output)
    {
        var psi = new ProcessStartInfo
        {
            FileName = asPostgres ? "runuser" : file,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        if (asPostgres)
        {
            foreach (var a in new[] { "-u", Superuser, "--", file })
            {
                psi.ArgumentList.Add(a);
            }
        }

        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["LC_ALL"] = "C.UTF-8";
        try
        {
            using var process = Process.Start(psi) ?? throw new EmbeddedDatabaseException($"Could not run {file}.");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
            {
                process.Kill(entireProcessTree: true);
                output = $"{file} did not finish within 120 s";
                return false;
            }

            output = stderr.Result + stdout.Result;
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            output = $"{psi.FileName}: {e.Message}";
            return false;
        }
    }
}
