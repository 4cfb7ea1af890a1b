using System.Diagnostics;

namespace KpiPlanner.Testing;

/// <summary>
/// Reads PDFs the way a person's viewer does, with poppler-utils (<c>pdftotext</c>, <c>pdftoppm</c>, <c>pdfinfo</c>;
/// <c>.ci/run</c> installs them): the text a reader would see, the page count, and the first page as a PNG to look at.
/// Documents and pictures are kept in <see cref="Folder"/> (<c>KPI_DOCUMENTS</c>, else the test output's
/// <c>TestResults/documents</c>).
/// </summary>
public static class Pdf
{
    public static string Folder { get; } =
        Environment.GetEnvironmentVariable("KPI_DOCUMENTS") is { Length: > 0 } configured
            ? configured
            : Path.Combine(AppContext.BaseDirectory, "TestResults", "documents");

    /// <summary>Saves the PDF as <c>{name}.pdf</c> in <see cref="Folder"/> and returns its path.</summary>
    public static string Save(byte[] pdf, string name)
    {
        Directory.CreateDirectory(Folder);
        var path = Path.Combine(Folder, name + ".pdf");
        File.WriteAllBytes(path, pdf);
        return path;
    }

    /// <summary>
    /// The text of every page as <c>pdftotext</c> extracts it: with <paramref name="layout"/>, as printed (a table's row
    /// on one line); without, in reading order (a table cell's wrapped lines one after another).
    /// </summary>
    public static string Text(byte[] pdf, string name, bool layout = true) =>
        Run("pdftotext", $"{(layout ? "-layout " : string.Empty)}-enc UTF-8 \"{Save(pdf, name)}\" -");

    /// <summary>
    /// Every word with its box in points from the page's top-left corner (<c>pdftotext -bbox</c>): the box spans the
    /// font's ascent above the baseline and its descent below, and the word's advance width across.
    /// </summary>
    public static IReadOnlyList<PdfWord> Words(byte[] pdf, string name)
    {
        var html = Run("pdftotext", $"-bbox -enc UTF-8 \"{Save(pdf, name)}\" -");
        var words = new List<PdfWord>();
        var page = 0;
        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(
            html, "<page |<word xMin=\"([^\"]+)\" yMin=\"([^\"]+)\" xMax=\"([^\"]+)\" yMax=\"([^\"]+)\">([^<]*)</word>"))
        {
            if (m.Value == "<page ")
            {
                page++;
                continue;
            }

            double N(int group) => double.Parse(m.Groups[group].Value, System.Globalization.CultureInfo.InvariantCulture);
            words.Add(new PdfWord(page, System.Net.WebUtility.HtmlDecode(m.Groups[5].Value), N(1), N(2), N(3), N(4)));
        }

        return words;
    }

    /// <summary>The number of pages (<c>pdfinfo</c>).</summary>
    public static int Pages(byte[] pdf, string name)
    {
        var info = Run("pdfinfo", $"\"{Save(pdf, name)}\"");
        var line = info.Split('\n').Single(l => l.StartsWith("Pages:", StringComparison.Ordinal));
        return int.Parse(line["Pages:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Renders the first page at 80 dpi to <c>{name}.png</c> next to the PDF and returns the PNG's path.</summary>
    public static string FirstPagePng(byte[] pdf, string name)
    {
        var path = Save(pdf, name);
        var prefix = Path.Combine(Folder, name);
        Run("pdftoppm", $"-png -r 80 -f 1 -l 1 -singlefile \"{path}\" \"{prefix}\"");
        return prefix + ".png";
    }

    private static string Run(string tool, string arguments)
    {
        var start = new ProcessStartInfo(tool, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
            UseShellExecute = false,
        };
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"{tool} is missing: install poppler-utils (apt-get install poppler-utils; .ci/run does).", e);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(60_000))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{tool} {arguments} took longer than a minute.");
            }

            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{tool} {arguments} failed ({process.ExitCode}): {error.Result}");
            }

            return output.Result;
        }
    }
}

/// <summary>A word on a page (1-based) and its box in points from the page's top-left corner.</summary>
public sealed record PdfWord(int Page, string Text, double Left, double Top, double Right, double Bottom);
