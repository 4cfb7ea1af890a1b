using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using KpiPlanner.Infrastructure.Demo;
using KpiPlanner.Infrastructure.Import;
using KpiPlanner.Testing;
using KpiPlanner.Web.Features.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using static KpiPlanner.IntegrationTests.FactsTestSupport;

namespace KpiPlanner.IntegrationTests;

/// <summary>
/// The organisation import under hostile files (issue 13), held to the facts import's budget — it reads through the same
/// limited reader: a shared-string bomb, a million empty rows far to the right, a giant CSV line, a file that is no zip,
/// a workbook unpacking beyond its limit and an upload beyond the size limit are each refused (413 naming the limit in
/// the request's language, or 400) within a bounded time and memory growth, a long cell is quoted with at most 100
/// characters, a cancelled import stops at once — and departments, positions and employees are exactly as they were.
/// Timings and memory go to the test output (<c>--logger "console;verbosity=detailed"</c>).
/// </summary>
[Collection(AppCollection.Name)]
public sealed class OrganisationImportLimitsTests(KpiAppFactory app, ITestOutputHelper output) : IAsyncLifetime
{
    private const string ImportUrl = "/api/organisation/import";

    /// <summary>A message quotes at most 100 characters of a value, plus its own words.</summary>
    private const int MaxMessageLength = 400;

    /// <summary>Slack on top of "2× the honest file's time" for a shared 2-core machine.</summary>
    private static readonly TimeSpan TimeSlack = TimeSpan.FromSeconds(2);

    /// <summary>Slack on top of "4× the unpacked size" for the GC, the JIT and the host.</summary>
    private const long MemorySlack = 200L * 1024 * 1024;

    private static readonly string[] Header = ["Табельный номер", "Фамилия", "Имя", "Подразделение", "Должность", "Дата приёма"];

    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<HttpClient> ClientAsync(string language = "ru-RU")
    {
        var client = app.CreateClient();
        client.Timeout = TimeSpan.FromMinutes(2);
        var token = await client.AccessTokenAsync(DemoData.HrEmail, DemoData.Password);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        return client;
    }

    /// <summary>Every department, position and employee as stored, and the audit log's length: nothing at all changed.</summary>
    private async Task<string> OrganisationAsync()
    {
        await using var db = app.CreateDbContext();
        var text = new StringBuilder();
        foreach (var d in await db.Departments.AsNoTracking().OrderBy(d => d.Id).Select(d => new { d.Id, d.Name, d.ParentId, d.HeadId }).ToListAsync())
        {
            text.Append("D|").Append(d.Id).Append('|').Append(d.Name).Append('|').Append(d.ParentId).Append('|').Append(d.HeadId).Append('\n');
        }

        foreach (var p in await db.Positions.AsNoTracking().OrderBy(p => p.Id).Select(p => new { p.Id, p.Name }).ToListAsync())
        {
            text.Append("P|").Append(p.Id).Append('|').Append(p.Name).Append('\n');
        }

        foreach (var e in await db.Employees.AsNoTracking().OrderBy(e => e.Id)
            .Select(e => new { e.Id, e.PersonnelNumber, e.LastName, e.FirstName, e.MiddleName, e.Email, e.DepartmentId, e.PositionId, e.HireDate, e.LeaveDate })
            .ToListAsync())
        {
            text.Append("E|").Append(e).Append('\n');
        }

        text.Append("audit|").Append(await db.AuditLog.CountAsync());
        return text.ToString();
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
        var detail = Plain(problem.RootElement.GetProperty("detail").GetString()!);
        Assert.True(detail.Length < MaxMessageLength, detail);
        if (limitText is not null)
        {
            Assert.Contains(limitText, detail, StringComparison.Ordinal);
        }
    }

    /// <summary>Russian groups digits with a no-break space.</summary>
    private static string Plain(string text) => text.Replace('\u00A0', ' ').Replace('\u202F', ' ');

    private static void AssertWithinMemory(Posted posted, long unpackedBytes)
    {
        var budget = (4 * unpackedBytes) + MemorySlack;
        Assert.True(posted.PeakGrowth < budget, $"the process grew by {posted.PeakGrowth:N0} bytes (budget {budget:N0})");
        Assert.True(posted.Allocated < budget + unpackedBytes, $"{posted.Allocated:N0} bytes allocated (budget {budget + unpackedBytes:N0})");
    }

    /// <summary>The header row: the shared strings 0–5.</summary>
    private static void WriteHeader(TextWriter sheet) =>
        sheet.Write("""<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c><c r="F1" t="s"><v>5</v></c></row>""");

    /// <summary>An honest workbook: <paramref name="count"/> new employees O00001… of a new department.</summary>
    private static byte[] HonestXlsx(int count) =>
        FactsImportLimitsTests.Workbook(
            Header,
            sheet =>
            {
                WriteHeader(sheet);
                for (var i = 1; i <= count; i++)
                {
                    var r = i + 1;
                    sheet.Write($"""<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>O{i:00000}</t></is></c><c r="B{r}" t="inlineStr"><is><t>Фамилия{i}</t></is></c><c r="C{r}" t="inlineStr"><is><t>Имя{i}</t></is></c><c r="D{r}" t="inlineStr"><is><t>Отдел проверки пределов</t></is></c><c r="E{r}" t="inlineStr"><is><t>Проверяющий</t></is></c><c r="F{r}" t="inlineStr"><is><t>01.06.2026</t></is></c></row>""");
                }
            });

    [Fact]
    public async Task A_shared_string_bomb_is_refused_at_once_naming_the_text_limit()
    {
        var client = await ClientAsync();
        var honest = await PostAsync(client, HonestXlsx(300), "honest.xlsx", "honest workbook, 300 employees");
        Assert.Equal(HttpStatusCode.OK, honest.Status);
        using (var done = honest.Json())
        {
            Assert.Equal(300, done.RootElement.GetProperty("created").GetInt32());
            Assert.Equal(["Отдел проверки пределов"], done.RootElement.GetProperty("departmentsCreated").EnumerateArray().Select(d => d.GetString()));
        }

        await app.ResetAsync();
        client = await ClientAsync();
        var before = await OrganisationAsync();

        // One 10 MB text (shared string 6), referenced by every cell of 300 rows: about 13 KB packed.
        const int length = 10 * 1024 * 1024;
        var bomb = FactsImportLimitsTests.Workbook(
            [.. Header, null],
            sheet =>
            {
                WriteHeader(sheet);
                for (var r = 2; r <= 301; r++)
                {
                    sheet.Write($"""<row r="{r}">""");
                    foreach (var column in "ABCDEF")
                    {
                        sheet.Write($"""<c r="{column}{r}" t="s"><v>6</v></c>""");
                    }

                    sheet.Write("</row>");
                }
            },
            hugeText: length);
        var posted = await PostAsync(client, bomb, "bomb.xlsx", "shared-string bomb (10 MB × 1 800 cells)");

        AssertTooLarge(posted, "org.import.text_length", "32 767");
        Assert.True(posted.Elapsed <= (2 * honest.Elapsed) + TimeSlack, $"{posted.Elapsed} against {honest.Elapsed} for the honest file");
        AssertWithinMemory(posted, length);
        Assert.Equal(before, await OrganisationAsync());
    }

    [Fact]
    public async Task A_million_empty_rows_far_to_the_right_count_as_rows_and_are_refused_promptly()
    {
        var client = await ClientAsync("en-US");
        var before = await OrganisationAsync();
        var file = FactsImportLimitsTests.Workbook(
            Header,
            sheet =>
            {
                WriteHeader(sheet);
                sheet.Write("""<row r="2"><c r="A2" t="inlineStr"><is><t>O00001</t></is></c><c r="B2" t="inlineStr"><is><t>Пустов</t></is></c><c r="C2" t="inlineStr"><is><t>Иван</t></is></c><c r="D2" t="inlineStr"><is><t>Отдел проверки пределов</t></is></c><c r="E2" t="inlineStr"><is><t>Проверяющий</t></is></c><c r="F2" t="inlineStr"><is><t>01.06.2026</t></is></c></row>""");
                for (var r = 3; r < 1_000_003; r++)
                {
                    sheet.Write($"""<row r="{r}"><c r="ZZZ{r}"/></row>""");
                }
            });

        var posted = await PostAsync(client, file, "zzz.xlsx", "1 000 000 rows of <c r=\"ZZZn\"/>");

        AssertTooLarge(posted, "org.import.rows", "more than 20,000 rows (blank rows count too)");
        Assert.True(posted.Elapsed < TimeSpan.FromSeconds(10), posted.Elapsed.ToString());
        AssertWithinMemory(posted, 40L * 1024 * 1024);
        Assert.Equal(before, await OrganisationAsync());
    }

    [Fact]
    public async Task A_csv_with_a_giant_line_is_refused_naming_the_line_limit()
    {
        var client = await ClientAsync();
        var before = await OrganisationAsync();
        var text = new StringBuilder(string.Join(';', Header)).Append("\nO00001;Длиннов;Иван;Отдел;Проверяющий;01.06.2026\nO00002;");
        text.Append('я', 10 * 1024 * 1024).Append('\n');
        var file = Csv(text.ToString());

        var posted = await PostAsync(client, file, "giant.csv", "CSV with a 20 MB line");

        AssertTooLarge(posted, "org.import.line_length", "65 536");
        Assert.True(posted.Elapsed < TimeSpan.FromSeconds(10), posted.Elapsed.ToString());
        AssertWithinMemory(posted, file.Length);
        Assert.Equal(before, await OrganisationAsync());
    }

    [Fact]
    public async Task A_file_that_is_no_zip_is_refused_with_a_short_message()
    {
        var client = await ClientAsync();
        var before = await OrganisationAsync();
        var junk = new byte[2 * 1024 * 1024];
        new Random(13).NextBytes(junk);

        var posted = await PostAsync(client, junk, "junk.xlsx", "2 MB of random bytes as .xlsx");

        Assert.Equal(HttpStatusCode.BadRequest, posted.Status);
        Assert.True(posted.Body.Length < 2_000, posted.Body);
        using var problem = posted.Json();
        Assert.Contains("не удалось прочитать", problem.RootElement.GetProperty("errors").GetProperty("file")[0].GetString(), StringComparison.Ordinal);
        Assert.True(posted.Elapsed < TimeSpan.FromSeconds(5), posted.Elapsed.ToString());
        AssertWithinMemory(posted, junk.Length);
        Assert.Equal(before, await OrganisationAsync());
    }

    [Fact]
    public async Task A_workbook_that_unpacks_beyond_its_limit_is_refused_before_it_is_unpacked()
    {
        var client = await ClientAsync();
        var before = await OrganisationAsync();
        // 64 MB of spaces in the sheet pack to about 64 KB: beyond 100 times the file and 16 MiB.
        var file = FactsImportLimitsTests.Workbook(
            Header,
            sheet =>
            {
                var spaces = new string(' ', 1024 * 1024);
                for (var i = 0; i < 64; i++)
                {
                    sheet.Write(spaces);
                }
            });

        var posted = await PostAsync(client, file, "unpacked.xlsx", "workbook unpacking to 64 MB of spaces");

        AssertTooLarge(posted, "org.import.unpacked", "16 777 216");
        Assert.True(posted.Elapsed < TimeSpan.FromSeconds(5), posted.Elapsed.ToString());
        AssertWithinMemory(posted, ImportLimits.MinUnpackedBytes);
        Assert.Equal(before, await OrganisationAsync());
    }

    [Theory]
    [InlineData("ru-RU", "Файл больше предела импорта — 33 554 432 байт")]
    [InlineData("en-US", "larger than the import limit of 33,554,432 bytes")]
    public async Task An_upload_beyond_the_size_limit_gets_413_naming_it_in_the_requests_language(string language, string expected)
    {
        var client = await ClientAsync(language);
        var before = await OrganisationAsync();
        var file = new byte[ImportLimits.MaxFileBytes + 1];

        var posted = await PostAsync(client, file, "big.csv", $"upload of 32 MiB + 1 byte ({language})");

        AssertTooLarge(posted, "org.import.file_size", expected);
        Assert.True(posted.Elapsed < TimeSpan.FromSeconds(10), posted.Elapsed.ToString());
        Assert.Equal(before, await OrganisationAsync());
    }

    [Fact]
    public async Task Messages_quote_at_most_100_characters_of_a_cell()
    {
        var client = await ClientAsync();
        var before = await OrganisationAsync();
        var huge = new string('z', 10_000);
        var csv = Csv(
            "Табельный номер;Фамилия;Имя;E-mail;Подразделение;Должность;Руководитель подразделения;Дата приёма\n"
            + $"O00001;Длиннов;Иван;{huge};Отдел;Проверяющий;нет;01.06.2026\n"
            + $"O00002;Длиннов;Пётр;;Отдел;Проверяющий;{huge};01.06.2026\n"
            + $"O00003;Длиннов;Семён;;Отдел;Проверяющий;нет;{huge}\n"
            + $"O00004;Длиннов;Фома;;{huge} / / Отдел;Проверяющий;нет;01.06.2026\n");

        var posted = await PostAsync(client, csv, "long.csv", "CSV with 10 000-character cells");

        Assert.Equal(HttpStatusCode.BadRequest, posted.Status);
        Assert.True(posted.Body.Length < 6_000, $"the answer is {posted.Body.Length} characters");
        using var problem = posted.Json();
        var rows = problem.RootElement.GetProperty("rows").EnumerateArray().ToArray();
        Assert.Equal([2, 3, 4, 5], rows.Select(r => r.GetProperty("row").GetInt32()));
        Assert.All(rows, r =>
        {
            var message = r.GetProperty("message").GetString()!;
            Assert.True(message.Length < MaxMessageLength, $"row {r.GetProperty("row")}: {message.Length} characters");
            Assert.Contains(new string('z', 100) + "…", message, StringComparison.Ordinal);
            Assert.DoesNotContain(new string('z', 101), message, StringComparison.Ordinal);
        });
        Assert.Equal(before, await OrganisationAsync());
    }

    [Fact]
    public async Task Department_paths_thousands_of_levels_deep_cost_what_honest_rows_cost()
    {
        var client = await ClientAsync("en-US");
        var honestText = new StringBuilder(string.Join(';', Header)).Append('\n');
        var deepText = new StringBuilder(string.Join(';', Header)).Append('\n');
        var deep = string.Join(" / ", Enumerable.Range(0, 12_000).Select(i => "a"));
        for (var i = 1; i <= 500; i++)
        {
            honestText.Append(System.Globalization.CultureInfo.InvariantCulture, $"O{i:00000};Честнов{i};Иван;Отдел проверки пределов / Группа {i % 50} / {new string('b', 45_000)};Проверяющий;01.06.2026\n");
            deepText.Append(System.Globalization.CultureInfo.InvariantCulture, $"O{i:00000};Глубинов{i};Иван;{i} / {deep};Проверяющий;01.06.2026\n");
        }

        // The honest file of the same size: 500 rows whose long department names are refused as too long.
        var honest = await PostAsync(client, Csv(honestText.ToString()), "honest.csv", "500 rows with 45 000-character department names");
        Assert.Equal(HttpStatusCode.BadRequest, honest.Status);
        var before = await OrganisationAsync();

        var posted = await PostAsync(client, Csv(deepText.ToString()), "deep.csv", "500 rows with department paths 12 000 levels deep");

        Assert.Equal(HttpStatusCode.BadRequest, posted.Status);
        Assert.Contains("has more than 20 levels", posted.Body, StringComparison.Ordinal);
        Assert.True(posted.Elapsed <= (2 * honest.Elapsed) + TimeSlack, $"{posted.Elapsed} against {honest.Elapsed} for the honest file");
        Assert.Equal(before, await OrganisationAsync());
    }

    [Fact]
    public async Task A_cancelled_import_stops_at_once_and_writes_nothing()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var import = scope.ServiceProvider.GetRequiredService<OrganisationImportService>();
        var hr = await app.ActorAsync(DemoData.HrEmail);
        var before = await OrganisationAsync();
        var text = new StringBuilder(string.Join(';', Header)).Append('\n');
        for (var i = 1; i <= 20_000; i++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"O{i:00000};Медленный{i};Иван;Отдел проверки пределов;Проверяющий;01.06.2026\n");
        }

        // A file from a slow source (a millisecond for every 512 bytes): each pass over it takes seconds.
        await using var slow = new FactsImportLimitsTests.SlowStream(Csv(text.ToString()));
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => import.ImportAsync(hr, slow, "slow.csv", cancel.Token));

        clock.Stop();
        output.WriteLine($"cancelled after 2 000 ms: stopped at {clock.ElapsedMilliseconds} ms, at byte {slow.Position:N0} of {slow.Length:N0}");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3.5), clock.Elapsed.ToString());
        Assert.True(slow.Position < slow.Length, "the import stopped before the end of the file");
        Assert.Equal(before, await OrganisationAsync());
    }
}
