using System.Diagnostics;
using System.Text.Json;
using Microsoft.Playwright;

namespace KpiPlanner.Web.Tests.Browser;

/// <summary>One serious or critical axe-core finding: the rule, and the element it is about.</summary>
public sealed record AxeViolation(string Rule, string Impact, string Target, string Html, string Summary)
{
    public override string ToString() => $"{Rule} ({Impact}) at {Target}: {Html} — {Summary}";
}

/// <summary>
/// axe-core, the accessibility engine, run inside a page: WCAG 2.0 and 2.1 level A and AA rules, serious and critical
/// findings only. The script comes from npm, pinned in this project's package.json and package-lock.json (integrity hash);
/// it is not kept in git (650 KB, MPL-2.0). When node_modules lacks it, the first use runs <c>npm ci</c> here, once per
/// test run (.ci/run does the same before the tests).
/// </summary>
public static class Axe
{
    /// <summary>The version package.json pins; the script's own banner must say it.</summary>
    public const string Version = "4.14.1";

    /// <summary>The rule sets checked: WCAG 2.0 and 2.1, levels A and AA.</summary>
    private static readonly string[] Tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

    private static readonly SemaphoreSlim InstallGate = new(1, 1);
    private static string? scriptPath;

    /// <summary>Runs axe over the whole document of <paramref name="page"/> (injecting the script if the page lacks it).</summary>
    public static async Task<IReadOnlyList<AxeViolation>> RunAsync(IPage page)
    {
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe === 'object'"))
        {
            await page.AddScriptTagAsync(new PageAddScriptTagOptions { Path = await ScriptPathAsync() });
        }

        var found = await page.EvaluateAsync<JsonElement>(
            """
            async tags => {
                const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
                return result.violations
                    .filter(v => v.impact === 'serious' || v.impact === 'critical')
                    .flatMap(v => v.nodes.map(n => ({
                        rule: v.id, impact: v.impact, target: n.target.join(' '),
                        html: n.html.slice(0, 300), summary: (n.failureSummary || '').replace(/\s+/g, ' ').slice(0, 300) })));
            }
            """,
            Tags);
        return found.EnumerateArray()
            .Select(v => new AxeViolation(
                v.GetProperty("rule").GetString()!, v.GetProperty("impact").GetString()!, v.GetProperty("target").GetString()!,
                v.GetProperty("html").GetString()!, v.GetProperty("summary").GetString()!))
            .ToList();
    }

    /// <summary>The path of axe.min.js in this project's node_modules, installed with <c>npm ci</c> if missing.</summary>
    public static async Task<string> ScriptPathAsync()
    {
        await InstallGate.WaitAsync();
        try
        {
            if (scriptPath is not null)
            {
                return scriptPath;
            }

            var project = ProjectFolder();
            var path = Path.Combine(project, "node_modules", "axe-core", "axe.min.js");
            if (!File.Exists(path) || !Banner(path).Contains("axe v" + Version, StringComparison.Ordinal))
            {
                await NpmCiAsync(project);
            }

            if (!Banner(path).Contains("axe v" + Version, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"{path} is not axe-core {Version} even after npm ci in {project}.");
            }

            return scriptPath = path;
        }
        finally
        {
            InstallGate.Release();
        }
    }

    private static string Banner(string path)
    {
        using var reader = new StreamReader(path);
        var buffer = new char[64];
        return new string(buffer, 0, reader.ReadBlock(buffer));
    }

    /// <summary>tests/KpiPlanner.Web.Tests, found upwards from the test binaries (bin/Debug/net10.0).</summary>
    private static string ProjectFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "package.json")) && File.Exists(Path.Combine(dir.FullName, "KpiPlanner.Web.Tests.csproj")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No package.json of KpiPlanner.Web.Tests above {AppContext.BaseDirectory}.");
    }

    private static async Task NpmCiAsync(string project)
    {
        var start = new ProcessStartInfo("npm", "ci --no-audit --no-fund")
        {
            WorkingDirectory = project,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("npm did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"The accessibility tests need axe-core from npm: install Node.js and npm, or run `npm ci` in {project}.", e);
        }

        using (process)
        using (var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3)))
        {
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var errors = process.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new InvalidOperationException($"`npm ci` in {project} took over 3 minutes.");
            }

            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"`npm ci` in {project} failed ({process.ExitCode}): {await output} {await errors}");
            }
        }
    }
}
