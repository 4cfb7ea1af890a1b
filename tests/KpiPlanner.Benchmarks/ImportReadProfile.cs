using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Xml;
using KpiPlanner.Infrastructure.Import;

namespace KpiPlanner.Benchmarks;

/// <summary>
/// Where an import's reading time goes, without a database (`-- --import-read`): the benchmark's 100 000-row files,
/// read stage by stage — the .xlsx unzipped alone, its sheet through a bare XmlReader, the sheet reader's rows, the
/// facts reader's checked rows; the .csv's rows and checked rows. Medians of 5 runs after a warm-up.
/// </summary>
internal static class ImportReadProfile
{
    private const int Runs = 5;

    public static int Run()
    {
        var random = new Random(20261201);
        var kpis = new[] { "sales_volume", "client_meetings", "client_calls", "new_clients", "contracts" };
        var rows = new List<(string Number, string Kpi, decimal Plan, decimal Fact)>();
        for (var i = 1; i <= 20_000; i++)
        {
            foreach (var kpi in kpis)
            {
                var plan = (decimal)random.Next(10, 1_000_000);
                rows.Add(("B" + i.ToString("000000", CultureInfo.InvariantCulture), kpi, plan, Math.Round(plan * random.Next(0, 16_000) / 10_000m, 2)));
            }
        }

        var xlsx = ImportBenchmark.Xlsx(rows);
        var csv = ImportBenchmark.Csv(rows);
        Measure("xlsx: unzip the sheet only", () =>
        {
            using var zip = new ZipArchive(new MemoryStream(xlsx), ZipArchiveMode.Read);
            using var s = zip.Entries.First(e => e.FullName.Contains("sheet1", StringComparison.Ordinal)).Open();
            var buffer = new byte[65536];
            long n = 0;
            int read;
            while ((read = s.Read(buffer)) > 0)
            {
                n += read;
            }

            return n;
        });
        Measure("xlsx: unzip + bare XmlReader.Read()", () =>
        {
            using var zip = new ZipArchive(new MemoryStream(xlsx), ZipArchiveMode.Read);
            using var s = zip.Entries.First(e => e.FullName.Contains("sheet1", StringComparison.Ordinal)).Open();
            using var reader = XmlReader.Create(s, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
            long n = 0;
            while (reader.Read())
            {
                n++;
            }

            return n;
        });
        Measure("xlsx: XlsxSheetReader.Rows", () => XlsxSheetReader.Rows(new MemoryStream(xlsx)).LongCount());
        Measure("xlsx: FactsFileReader rows (checked)", () => FactsFileReader.Open(new MemoryStream(xlsx), "f.xlsx").Rows.LongCount());
        Measure("csv: CsvSheetReader.Rows", () => ImportRows.Open(new MemoryStream(csv), "f.csv", CancellationToken.None)!.LongCount());
        Measure("csv: FactsFileReader rows (checked)", () => FactsFileReader.Open(new MemoryStream(csv), "f.csv").Rows.LongCount());
        return 0;
    }

    private static void Measure(string name, Func<long> action)
    {
        var times = new List<double>();
        long result = 0;
        for (var i = 0; i <= Runs; i++)
        {
            var start = Stopwatch.GetTimestamp();
            result = action();
            if (i > 0)
            {
                times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        }

        times.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {name,-42} {times[times.Count / 2],7:F0} ms  (min {times[0]:F0}, {result:N0})"));
    }
}
