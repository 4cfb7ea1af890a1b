using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using KpiPlanner.Infrastructure.Demo;
using KpiPlanner.Infrastructure.Import;
using KpiPlanner.Testing;
using KpiPlanner.Web.Features.Facts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using static KpiPlanner.IntegrationTests.FactsTestSupport;

namespace KpiPlanner.IntegrationTests;

/// <summary>
/// Hostile files cost what honest files cost (issue 13): a shared-string bomb, 100 000 or a million rows of
/// <c>&lt;c r="ZZZn"/&gt;</c>, a value far to the right, a giant CSV line, a file that is no zip and an upload beyond the
/// size limit are each refused — 413 naming the limit in the request's language, or 400 — within a bounded time and
/// memory growth, and the database is exactly as it was. A cancelled import stops at once and writes nothing.
/// Timings and memory are written to the test output (run with <c>--logger "console;verbosity=detailed"</c>).
/// </summary>
[Collection(AppCollection.Name)]
public sealed class FactsImportLimitsTests(KpiAppFactory app, ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>A message quotes at most 100 characters of a value, plus its own words.</summary>
    private const int MaxMessageLength = 400;

    /// <summary>Slack on top of "2× the honest file's time" for a shared 2-core machine.</summary>
    private static readonly TimeSpan TimeSlack = TimeSpan.FromSeconds(2);

    /// <summary>Slack on top of "4× the unpacked size" for the GC, the JIT and the host.</summary>
    private const long MemorySlack = 200L * 1024 * 1024;

    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private static string ImportUrl => $"/api/periods/{MonthKey(CurrentMonth)}/import?confirmMonth={MonthKey(CurrentMonth)}";

    private async Task<HttpClient> ClientAsync(string language = "ru-RU")
    {
        var client = app.CreateClient();
        client.Timeout = TimeSpan.FromMinutes(2);
        var token = await client.AccessTokenAsync(DemoData.HrEmail, DemoData.Password);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        return client;
    }

    private async Task<string> DatabaseAsync()
    {
        await using var db = app.CreateDbContext();
        var rows = await db.MonthlyKpiValues.CountAsync();
        var audit = await db.AuditLog.CountAsync();
        return $"{rows}|{audit}\n{await app.SnapshotAsync(CurrentMonth)}";
    }

    private sealed record Posted(HttpStatusCode Status, string Body, TimeSpan Elapsed, long Allocated, long PeakGrowth)
    {
        public JsonDocument Json() => JsonDocument.Parse(Body);
    }

    /// <summary>Posts the file and measures the wall time, the bytes allocated and how far the process's peak working set grew.</summary>
    private async Task<Posted> PostAsync(HttpClient client, byte[] file, string name, string label)
    {
        using var content = new MultipartFormDataContent { { new ByteArrayContent(file), "file", name } };
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var process = Process.GetCurrentProcess();
        var peak = process.PeakWorkingSet64;
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        var response = await client.PostAsync(ImportUrl, content);
        var body = await response.Content.ReadAsStringAsync();
        clock.Stop();
        process.Refresh();
        var posted = new Posted(response.StatusCode, body, clock.Elapsed,
            GC.GetTotalAllocatedBytes(precise: true) - allocated, Math.Max(0, process.PeakWorkingSet64 - peak));
        output.WriteLine(
            $"{label}: {file.Length:N0} bytes → {(int)posted.Status} in {posted.Elapsed.TotalMilliseconds:N0} ms, " +
            $"allocated {posted.Allocated / 1024 / 1024:N0} MB, peak working set +{posted.PeakGrowth / 1024 / 1024:N0} MB, answer {body.Length:N0} chars");
        Assert.NotEqual(HttpStatusCode.InternalServerError, response.StatusCode);
        return posted;
    }

    /// <summary>The refusal: 413 with the limit's code, a short message in the request's language, a small answer.</summary>
    private static void AssertTooLarge(Posted posted, string code, string? limitText = null)
    {
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, posted.Status);
        Assert.True(posted.Body.Length < 2_000, $"the answer is {posted.Body.Length} characters");
        using var problem = posted.Json();
        Assert.Equal(code, problem.RootElement.GetProperty("code").GetString());
        // Russian groups digits with a no-break space.
        var detail = problem.RootElement.GetProperty("detail").GetString()!.Replace('\u00A0', ' ').Replace('\u202F', ' ');
        Assert.True(detail.Length < MaxMessageLength, detail);
        if (limitText is not null)
        {
            Assert.Contains(limitText, detail, StringComparison.Ordinal);
        }
    }

    private static void AssertWithinMemory(Posted posted, long unpackedBytes)
    {
        var budget = (4 * unpackedBytes) + MemorySlack;
        Assert.True(posted.PeakGrowth < budget, $"the process grew by {posted.PeakGrowth:N0} bytes (budget {budget:N0})");
        Assert.True(posted.Allocated < budget + unpackedBytes, $"{posted.Allocated:N0} bytes allocated (budget {budget + unpackedBytes:N0})");
    }

    /// <summary>An honest workbook: a header and <paramref name="count"/> facts of new sales managers T00001….</summary>
    private static byte[] HonestXlsx(int count) =>
        Workbook(
            ["Табельный номер", "Показатель", "Факт"],
            sheet =>
            {
                sheet.Write("""<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>""");
                for (var i = 1; i <= count; i++)
                {
                    var r = i + 1;
                    sheet.Write($"""<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>{Number(i)}</t></is></c><c r="B{r}" t="inlineStr"><is><t>{DemoData.SalesKpi}</t></is></c><c r="C{r}"><v>{1000 + i}</v></c></row>""");
                }
            });

    [Fact]
    public async Task A_shared_string_bomb_is_refused_at_once_naming_the_text_limit()
    {
        await app.AddSalesManagersAsync(300);
        var client = await ClientAsync();
        var honest = await PostAsync(client, HonestXlsx(300), "honest.xlsx", "honest workbook, 300 rows");
        Assert.Equal(HttpStatusCode.OK, honest.Status);
        await app.ResetAsync();
        client = await ClientAsync();
        var before = await DatabaseAsync();

        // One 10 MB text, referenced by 300 cells (employee and fact): 13 KB packed.
        const int length = 10 * 1024 * 1024;
        var bomb = Workbook(
            ["Табельный номер", "Показатель", "Факт", null],
            sheet =>
            {
                sheet.Write("""<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>""");
                for (var r = 2; r <= 301; r++)
                {
                    sheet.Write($"""<row r="{r}"><c r="A{r}" t="s"><v>3</v></c><c r="B{r}" t="s"><v>3</v></c><c r="C{r}" t="s"><v>3</v></c></row>""");
                }
            },
            hugeText: length);
        var posted = await PostAsync(client, bomb, "bomb.xlsx", "shared-string bomb (10 MB × 300 cells)");

        AssertTooLarge(posted, FactsIssueCodes.TextTooLong, "32 767");
        Assert.True(posted.Elapsed <= (2 * honest.Elapsed) + TimeSlack, $"{posted.Elapsed} against {honest.Elapsed} for the honest file");
        AssertWithinMemory(posted, length);
        Assert.Equal(before, await DatabaseAsync());
    }

    [Fact]
    public async Task A_million_empty_rows_far_to_the_right_count_as_rows_and_are_refused_promptly()
    {
        var client = await ClientAsync();
        var before = await DatabaseAsync();
        var file = EmptyCellRows("ZZZ", 1_000_000);

        var posted = await PostAsync(client, file, "zzz.xlsx", "1 000 000 rows of <c r=\"ZZZn\"/>");

        AssertTooLarge(posted, FactsIssueCodes.TooManyRows, "200 000");
        Assert.True(posted.Elapsed < TimeSpan.FromSeconds(20), posted.Elapsed.ToString());
        AssertWithinMemory(posted, 40L * 1024 * 1024);
        Assert.Equal(before, await DatabaseAsync());
    }

    [Fact]
    public async Task Empty_cells_in_column_ZZZ_cost_what_they_cost_in_column_B()
    {
        var client = await ClientAsync();
        var inB = await PostAsync(client, EmptyCellRows("B", 100_000), "b.xlsx", "100 000 rows of <c r=\"Bn\"/> after 13 facts");
        Assert.Equal(HttpStatusCode.OK, inB.Status);
        await app.ResetAsync();
        client = await ClientAsync();
        var before = await DatabaseAsync();

        var inZzz = await PostAsync(client, EmptyCellRows("ZZZ", 100_000), "zzz.xlsx", "100 000 rows of <c r=\"ZZZn\"/> after 13 facts");

        Assert.Equal(HttpStatusCode.OK, inZzz.Status);
        Assert.True(inZzz.Elapsed <= (2 * inB.Elapsed) + TimeSlack, $"{inZzz.Elapsed} in ZZZ against {inB.Elapsed} in B");
        AssertWithinMemory(inZzz, 8L * 1024 * 1024);
        Assert.NotEqual(before, await DatabaseAsync());
    }

    [Fact]
    public async Task A_value_beyond_the_columns_read_is_refused_naming_the_limit()
    {
        var client = await ClientAsync("en-US");
        var before = await DatabaseAsync();
        var file = Workbook(
            ["Табельный номер", "Показатель", "Факт"],
            sheet =>
            {
                sheet.Write("""<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>""");
                for (var r = 2; r <= 100_001; r++)
                {
                    sheet.Write($"""<row r="{r}"><c r="ZZZ{r}"><v>1</v></c></row>""");
                }
            });

        var posted = await PostAsync(client, file, "right.xlsx", "100 000 rows with a value in ZZZ");

        AssertTooLarge(posted, FactsIssueCodes.TooManyColumns, "beyond column 256");
        Assert.True(posted.Elapsed < TimeSpan.FromSeconds(10), posted.Elapsed.ToString());
        Assert.Equal(before, await DatabaseAsync());
    }

    [Fact]
    public async Task A_csv_with_a_giant_line_is_refused_naming_the_line_limit()
    {
        var client = await ClientAsync();
        var before = await DatabaseAsync();
        var text = new StringBuilder("Табельный номер;Показатель;Факт\n0101;sales_volume;1\n0102;sales_volume;");
        text.Append('9', 20 * 1024 * 1024).Append('\n');
        var file = Csv(text.ToString());

        var posted = await PostAsync(client, file, "giant.csv", "CSV with a 20 MB line");

        AssertTooLarge(posted, FactsIssueCodes.LineTooLong, "65 536");
        Assert.True(posted.Elapsed < TimeSpan.FromSeconds(10), posted.Elapsed.ToString());
        AssertWithinMemory(posted, file.Length);
        Assert.Equal(before, await DatabaseAsync());
    }

    [Fact]
    public async Task A_csv_with_a_million_blank_lines_counts_them_as_rows()
    {
        var client = await ClientAsync("en-US");
        var before = await DatabaseAsync();
        var file = Csv("Табельный номер;Показатель;Факт\n0101;sales_volume;1\n" + string.Concat(Enumerable.Repeat(";;\n", 1_000_000)));

        var posted = await PostAsync(client, file, "blank.csv", "CSV with 1 000 000 blank lines");

        AssertTooLarge(posted, FactsIssueCodes.TooManyRows, "more than 200,000 rows");
        Assert.True(posted.Elapsed < TimeSpan.FromSeconds(10), posted.Elapsed.ToString());
        Assert.Equal(before, await DatabaseAsync());
    }

    [Fact]
    public async Task A_file_that_is_no_zip_is_refused_with_a_short_message()
    {
        var client = await ClientAsync();
        var before = await DatabaseAsync();
        var junk = new byte[2 * 1024 * 1024];
        new Random(13).NextBytes(junk);

        var posted = await PostAsync(client, junk, "junk.xlsx", "2 MB of random bytes as .xlsx");

        Assert.Equal(HttpStatusCode.BadRequest, posted.Status);
        Assert.True(posted.Body.Length < 2_000, posted.Body);
        using var problem = posted.Json();
        Assert.Equal([FactsIssueCodes.Unreadable], problem.RootElement.GetProperty("codes").GetProperty("file").EnumerateArray().Select(c => c.GetString()));
        Assert.True(posted.Elapsed < TimeSpan.FromSeconds(5), posted.Elapsed.ToString());
        Assert.Equal(before, await DatabaseAsync());
    }

    [Fact]
    public async Task A_workbook_that_unpacks_beyond_its_limit_is_refused_before_it_is_unpacked()
    {
        var client = await ClientAsync();
        var before = await DatabaseAsync();
        // 64 MB of spaces in the sheet pack to about 64 KB: beyond 100 times the file and 16 MiB.
        var file = Workbook(
            ["Табельный номер", "Показатель", "Факт"],
            sheet =>
            {
                var spaces = new string(' ', 1024 * 1024);
                for (var i = 0; i < 64; i++)
                {
                    sheet.Write(spaces);
                }
            });

        var posted = await PostAsync(client, file, "unpacked.xlsx", "workbook unpacking to 64 MB of spaces");

        AssertTooLarge(posted, FactsIssueCodes.UnpackedTooLarge, "16 777 216");
        Assert.True(posted.Elapsed < TimeSpan.FromSeconds(5), posted.Elapsed.ToString());
        AssertWithinMemory(posted, ImportLimits.MinUnpackedBytes);
        Assert.Equal(before, await DatabaseAsync());
    }

    [Theory]
    [InlineData("ru-RU", "Файл больше предела импорта — 33 554 432 байт")]
    [InlineData("en-US", "larger than the import limit of 33,554,432 bytes")]
    public async Task An_upload_beyond_the_size_limit_gets_413_naming_it_in_the_requests_language(string language, string expected)
    {
        var client = await ClientAsync(language);
        var before = await DatabaseAsync();
        var file = new byte[ImportLimits.MaxFileBytes + 1];

        var posted = await PostAsync(client, file, "big.csv", $"upload of 32 MiB + 1 byte ({language})");

        AssertTooLarge(posted, FactsIssueCodes.FileTooLarge);
        using var problem = posted.Json();
        Assert.Contains(expected, problem.RootElement.GetProperty("detail").GetString()!.Replace('\u00A0', ' ').Replace('\u202F', ' '), StringComparison.Ordinal);
        Assert.Equal(before, await DatabaseAsync());
    }

    [Fact]
    public async Task A_cancelled_import_stops_at_once_and_writes_nothing()
    {
        await app.AddSalesManagersAsync(200);
        await using var scope = app.Services.CreateAsyncScope();
        var facts = scope.ServiceProvider.GetRequiredService<FactsImportService>();
        var hr = await app.ActorAsync(DemoData.HrEmail);
        var before = await DatabaseAsync();
        var text = new StringBuilder("Табельный номер;Показатель;Факт\n");
        for (var i = 0; i < 20_000; i++)
        {
            text.Append(Number((i % 200) + 1)).Append(";sales_volume;").Append(1000 + i).Append('\n');
        }

        // A file from a slow source (a millisecond for every 128 bytes): one pass over it takes over four seconds,
        // so an import that finished before the cancellation cannot pass (in CI as of 2027-01-01 a faster source,
        // 512 bytes a millisecond, let the whole import finish within the two seconds once).
        await using var slow = new SlowStream(Csv(text.ToString()), chunk: 128);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => facts.ImportAsync(hr, CurrentMonth, slow, "slow.csv", monthConfirmed: true, cancel.Token));

        clock.Stop();
        output.WriteLine($"cancelled after 1 000 ms: stopped at {clock.ElapsedMilliseconds} ms, at byte {slow.Position:N0} of {slow.Length:N0}");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2.5), clock.Elapsed.ToString());
        Assert.True(slow.Position < slow.Length, "the import stopped before the end of the file");
        Assert.Equal(before, await DatabaseAsync());
    }

    /// <summary>A sheet of a header, the 13 demo sales managers' facts, then <paramref name="count"/> rows holding one empty cell in <paramref name="column"/>.</summary>
    private static byte[] EmptyCellRows(string column, int count) =>
        Workbook(
            ["Табельный номер", "Показатель", "Факт"],
            sheet =>
            {
                sheet.Write("""<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>""");
                var r = 2;
                for (var i = 1; i <= 13; i++, r++)
                {
                    sheet.Write($"""<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>01{i:00}</t></is></c><c r="B{r}" t="inlineStr"><is><t>{DemoData.SalesKpi}</t></is></c><c r="C{r}"><v>{300_000 + i}</v></c></row>""");
                }

                for (var i = 0; i < count; i++, r++)
                {
                    sheet.Write($"""<row r="{r}"><c r="{column}{r}"/></row>""");
                }
            });

    /// <summary>
    /// A minimal workbook, its sheet and shared strings written as they stream: <paramref name="strings"/> are the shared
    /// strings (a null one is <paramref name="hugeText"/> characters of 'x').
    /// </summary>
    internal static byte[] Workbook(string?[] strings, Action<TextWriter> sheet, int hugeText = 0)
    {
        using var packed = new MemoryStream();
        using (var zip = new ZipArchive(packed, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Add(string name, Action<TextWriter> write)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name, CompressionLevel.Optimal).Open(), new UTF8Encoding(false));
                writer.Write("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n");
                write(writer);
            }

            Add("[Content_Types].xml", w => w.Write("""
                <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
                  <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
                  <Default Extension="xml" ContentType="application/xml"/>
                  <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
                  <Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
                  <Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>
                </Types>
                """));
            Add("_rels/.rels", w => w.Write("""
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
                  <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
                </Relationships>
                """));
            Add("xl/workbook.xml", w => w.Write("""
                <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
                  <sheets><sheet name="Факты" sheetId="1" r:id="rId1"/></sheets>
                </workbook>
                """));
            Add("xl/_rels/workbook.xml.rels", w => w.Write("""
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
                  <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
                  <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>
                </Relationships>
                """));
            Add("xl/sharedStrings.xml", w =>
            {
                w.Write("""<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">""");
                foreach (var text in strings)
                {
                    w.Write("<si><t>");
                    if (text is null)
                    {
                        var chunk = new string('x', 64 * 1024);
                        for (var left = hugeText; left > 0; left -= chunk.Length)
                        {
                            w.Write(chunk.AsSpan(0, Math.Min(left, chunk.Length)));
                        }
                    }
                    else
                    {
                        w.Write(System.Security.SecurityElement.Escape(text));
                    }

                    w.Write("</t></si>");
                }

                w.Write("</sst>");
            });
            Add("xl/worksheets/sheet1.xml", w =>
            {
                w.Write("""<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>""");
                sheet(w);
                w.Write("</sheetData></worksheet>");
            });
        }

        return packed.ToArray();
    }

    /// <summary>A seekable file from a slow source: every read gives at most 512 bytes and takes a millisecond.</summary>
    internal sealed class SlowStream(byte[] bytes, int chunk = 512) : Stream
    {
        private readonly MemoryStream inner = new(bytes, writable: false);

        public override bool CanRead => true;

        public override bool CanSeek => true;

        public override bool CanWrite => false;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => inner.Position = value; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            Thread.Sleep(1);
            return inner.Read(buffer, offset, Math.Min(count, chunk));
        }

        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

        public override void Flush()
        {
        }

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
