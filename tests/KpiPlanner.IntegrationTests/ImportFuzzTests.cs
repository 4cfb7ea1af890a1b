using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using CsCheck;
using KpiPlanner.Infrastructure.Demo;
using KpiPlanner.Testing;
using Microsoft.EntityFrameworkCore;
using static KpiPlanner.IntegrationTests.FactsTestSupport;
using static KpiPlanner.IntegrationTests.FuzzSupport;

namespace KpiPlanner.IntegrationTests;

/// <summary>
/// The facts import (<c>POST /api/periods/{month}/import</c>) and the organisation import (<c>POST /api/organisation/import</c>)
/// under generated files (CsCheck): the app's own templates mutated — cells replaced by odd text, numbers and long
/// cells, rows dropped, doubled and blanked, other delimiters, quotes, cut files, flipped bytes — CSV made from scratch with
/// random headers and delimiters, and workbooks whose sheet XML gets odd cell types, references beyond the sheet, shared
/// strings that do not exist, entities. Never a 5xx; a refusal is a bounded problem-details answer and leaves every
/// table as it was. A failure prints a seed: see <see cref="FuzzSupport"/>.
/// </summary>
[Collection(AppCollection.Name)]
public sealed partial class ImportFuzzTests(KpiAppFactory app) : IAsyncLifetime
{
    /// <summary>At most 100 errors are listed, each quoting at most 100 characters of a cell.</summary>
    private const int MaxProblemBytes = 256 * 1024;

    private HttpClient client = null!;
    private byte[] factsCsv = [];
    private byte[] factsXlsx = [];
    private byte[] organisationCsv = [];
    private byte[] organisationXlsx = [];

    private static string Month => MonthKey(CurrentMonth);

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        client = await app.BearerClientAsync(DemoData.HrEmail);
        await using var db = app.CreateDbContext();
        var sales = await db.Departments.Where(d => d.Name == DemoData.SalesDepartmentName).Select(d => d.Id).SingleAsync();
        factsCsv = await client.GetByteArrayAsync($"/api/periods/{Month}/template?department={sales}&format=csv");
        factsXlsx = await client.GetByteArrayAsync($"/api/periods/{Month}/template?department={sales}&format=xlsx");
        organisationCsv = await client.GetByteArrayAsync("/api/organisation/template?format=csv");
        organisationXlsx = await client.GetByteArrayAsync("/api/organisation/template?format=xlsx");
    }

    public Task DisposeAsync() => app.ResetAsync();

    /// <summary>A file to send: its name (the extension picks the reader) and bytes.</summary>
    private sealed record Upload(string Name, byte[] Bytes)
    {
        public override string ToString() =>
            $"{Name} ({Bytes.Length} bytes): {(Name.EndsWith(".xlsx", StringComparison.Ordinal) ? Convert.ToBase64String(Bytes) : Encoding.UTF8.GetString(Bytes))}";
    }

    // ---- CSV ------------------------------------------------------------------------------------------------------

    private static readonly Gen<string> Cell = Gen.Frequency(
        (3, OddText),
        (2, GoodAmount.Select(d => d.ToString(CultureInfo.InvariantCulture))),
        (1, GoodAmount.Select(d => d.ToString(CultureInfo.GetCultureInfo("ru-RU")))),
        (1, BadValue),
        (1, Gen.OneOf("0101", "0102", "9999", DemoData.SalesKpi, DemoData.MeetingsKpi, "декабрь 2026", "2026-12", "13.2026", "да", "нет", "yes", "01.01.2020", "2020-13-45")),
        (1, Gen.OneOf("\"", "\"a\"\"b\"", "\"unclosed", "a\"b", "\"x;y\"", "\r", "\n", "\r\n")),
        (1, Gen.Int[1_000, 40_000].Select(n => new string('z', n))));

    /// <summary>The lines of a CSV text with k edits: a cell replaced, a line dropped, doubled, blanked, or added.</summary>
    private static Gen<string> MutatedCsv(string text) =>
        from edits in Gen.Select(Gen.Int[0, 6], Gen.Double.Unit, Gen.Double.Unit, Cell, Gen.OneOf(";", ",", "\t", "|", "")).Array[1, 6]
        from newline in Gen.OneOf("\r\n", "\n", "\r")
        select string.Join(newline, edits.Aggregate(
            text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').ToList(),
            (lines, edit) =>
            {
                var (kind, position, which, cell, delimiter) = edit;
                var at = (int)(position * lines.Count);
                var line = at < lines.Count ? lines[at] : string.Empty;
                var cells = line.Split(';');
                switch (kind)
                {
                    case 0 or 1:
                        cells[(int)(which * cells.Length) % cells.Length] = cell;
                        lines[Math.Min(at, lines.Count - 1)] = string.Join(';', cells);
                        break;
                    case 2 when lines.Count > 0 && at < lines.Count:
                        lines.RemoveAt(at);
                        break;
                    case 3:
                        lines.Insert(at, line);
                        break;
                    case 4:
                        lines.Insert(at, string.Empty);
                        break;
                    case 5:
                        lines[Math.Min(at, lines.Count - 1)] = string.Join(delimiter, cells);
                        break;
                    default:
                        lines.Insert(at, cell);
                        break;
                }

                return lines;
            }));

    private static readonly Gen<string> Header = Gen.Frequency(
        (3, Gen.OneOf(
            "Табельный номер;Показатель;Факт", "Табельный номер;Показатель;План;Факт", "Personnel number,KPI,Fact",
            "E-mail;Показатель;Факт", "Табельный номер;Табельный номер;Показатель;Факт", "Номер;KPI;Value", "Факт")),
        (1, OddText.Array[0, 8].Select(h => string.Join(";", h))));

    /// <summary>A CSV written from scratch: a header, rows of 0–8 odd cells, any delimiter.</summary>
    private static readonly Gen<string> RandomCsv =
        from header in Header
        from delimiter in Gen.OneOf(";", ",", "\t", "|", " ")
        from rows in Cell.Array[0, 8].Array[0, 25]
        select string.Join("\n", rows.Select(r => string.Join(delimiter, r)).Prepend(header));

    private static Gen<byte[]> Encoded(Gen<string> text) =>
        Gen.Select(text, Gen.Int[0, 3], (t, encoding) => encoding switch
        {
            0 => Csv(t, bom: true),
            1 => Csv(t, bom: false),
            2 => Encoding.Unicode.GetBytes(t),
            _ => Encoding.Latin1.GetBytes(t),
        });

    private Gen<Upload> CsvUploads(byte[] template, string name) =>
        Gen.Frequency(
            (4, Encoded(MutatedCsv(Encoding.UTF8.GetString(template)))),
            (2, Encoded(RandomCsv)),
            (1, Gen.Select(Gen.Const(template), Gen.Double.Unit, (t, at) => t[..(int)(at * t.Length)])),
            (1, Gen.Byte.Array[0, 2_000]))
        .SelectMany(bytes => Gen.OneOf(name + ".csv", name + ".csv", name + ".CSV", name + ".txt", name, name + ".xlsx")
            .Select(n => new Upload(n, bytes)));

    // ---- XLSX -----------------------------------------------------------------------------------------------------

    [GeneratedRegex("<c [^>]*>")]
    private static partial Regex CellTag();

    [GeneratedRegex("<v>[^<]*</v>")]
    private static partial Regex ValueTag();

    [GeneratedRegex(" r=\"[A-Z]+[0-9]+\"")]
    private static partial Regex Reference();

    private static readonly Gen<string> OddCellType = Gen.OneOf(
        "<c r=\"C2\" t=\"b\">", "<c r=\"C2\" t=\"e\">", "<c r=\"C2\" t=\"str\">", "<c r=\"C2\" t=\"d\">", "<c r=\"C2\" t=\"zz\">",
        "<c r=\"C2\" t=\"s\">", "<c r=\"C2\" t=\"inlineStr\">", "<c r=\"C2\" s=\"99999\">", "<c>", "<c r=\"\">");

    private static readonly Gen<string> OddValue = Gen.Frequency(
        (3, Gen.OneOf(
            "<v>NaN</v>", "<v>1e400</v>", "<v>-1</v>", "<v></v>", "<v>999999999</v>", "<v>#DIV/0!</v>", "<v>45000.5</v>",
            "<v>123456789012345678901234567890</v>", "<is><t>0101</t></is>", "<v>-0</v>", "<v>1E-30</v>", "<v>TRUE</v>")),
        (1, OddText.Select(t => "<v>" + System.Security.SecurityElement.Escape(t) + "</v>")));

    private static readonly Gen<string> OddReference = Gen.OneOf(
        " r=\"ZZZ2\"", " r=\"A0\"", " r=\"XFE2\"", " r=\"A1048577\"", " r=\"\"", " r=\"B2\"", " r=\"a2\"", " r=\"IV99999\"");

    /// <summary>The sheet's XML with k edits: cell types, values and references replaced, rows cut, an entity declared.</summary>
    private static Gen<string> MutatedSheet(string xml) =>
        from edits in Gen.Select(Gen.Int[0, 5], Gen.Double.Unit, OddCellType, OddValue, OddReference).Array[1, 5]
        select edits.Aggregate(xml, (text, edit) =>
        {
            var (kind, position, type, value, reference) = edit;
            return kind switch
            {
                0 => ReplaceNth(CellTag(), text, position, type),
                1 or 2 => ReplaceNth(ValueTag(), text, position, value),
                3 => ReplaceNth(Reference(), text, position, reference),
                4 => text[..(int)(position * text.Length)],
                _ => text.Replace("<worksheet", "<!DOCTYPE worksheet [<!ENTITY e SYSTEM \"file:///etc/passwd\"><!ENTITY b \"&e;&e;&e;\">]><worksheet", StringComparison.Ordinal)
                    .Replace("<v>", "<v>&b;", StringComparison.Ordinal),
            };
        });

    private static string ReplaceNth(Regex pattern, string text, double position, string replacement)
    {
        var matches = pattern.Matches(text);
        if (matches.Count == 0)
        {
            return text;
        }

        var match = matches[(int)(position * matches.Count) % matches.Count];
        return string.Concat(text.AsSpan(0, match.Index), replacement, text.AsSpan(match.Index + match.Length));
    }

    /// <summary>The workbook with its sheet (and shared strings) XML replaced by <paramref name="mutate"/>'s.</summary>
    private static byte[] WithParts(byte[] xlsx, Func<string, string, string> mutate)
    {
        using var output = new MemoryStream();
        output.Write(xlsx);
        using (var zip = new ZipArchive(output, ZipArchiveMode.Update, leaveOpen: true))
        {
            foreach (var entry in zip.Entries.Where(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal) || e.FullName == "xl/sharedStrings.xml").ToList())
            {
                string xml;
                using (var reader = new StreamReader(entry.Open()))
                {
                    xml = reader.ReadToEnd();
                }

                var name = entry.FullName;
                entry.Delete();
                using var writer = new StreamWriter(zip.CreateEntry(name).Open());
                writer.Write(mutate(name, xml));
            }
        }

        return output.ToArray();
    }

    private static Gen<Upload> XlsxUploads(byte[] template, string name) =>
        Gen.Frequency(
            (4, XmlMutation(template)),
            (1, Gen.Select(Gen.Int[0, template.Length - 1].Array[1, 8], Gen.Byte.Array[8], (at, bytes) =>
            {
                var copy = (byte[])template.Clone();
                for (var i = 0; i < at.Length; i++)
                {
                    copy[at[i]] = bytes[i];
                }

                return copy;
            })),
            (1, Gen.Double.Unit.Select(at => template[..(int)(at * template.Length)])),
            (1, Gen.Select(Cell.Array[5].Array[0, 10], Gen.OneOf<object?>(true, 1.5d, double.NaN, long.MaxValue, 0.00001m, -5, "", null, new DateTime(2026, 12, 1)).Array[0, 10],
                (rows, odd) => Xlsx(RussianHeader, rows.Select(r => (object?[])r).Concat(odd.Select(o => new object?[] { "0101", "Иванов", DemoData.SalesKpi, o, o }))))))
        .Select(bytes => new Upload(name + ".xlsx", bytes));

    private static Gen<byte[]> XmlMutation(byte[] template)
    {
        var parts = new Dictionary<string, string>(StringComparer.Ordinal);
        WithParts(template, (name, xml) => parts[name] = xml);
        var sheet = parts.Keys.First(k => k.StartsWith("xl/worksheets/", StringComparison.Ordinal));
        return Gen.Select(MutatedSheet(parts[sheet]), Gen.Frequency((3, Gen.Const(false)), (1, Gen.Const(true))), (mutated, strings) =>
            WithParts(template, (name, xml) => name == sheet ? mutated
                : strings && name == "xl/sharedStrings.xml" ? xml.Replace("<t>", "<t>" + new string('s', 40_000), StringComparison.Ordinal) : xml));
    }

    // ---- the properties -------------------------------------------------------------------------------------------

    private async Task PropertyAsync(Gen<Upload> uploads, string url)
    {
        var before = await app.DatabaseFingerprintAsync();
        var statuses = new Dictionary<int, int>();
        await uploads.CheckAsync(async upload =>
        {
            using var content = new MultipartFormDataContent { { new ByteArrayContent(upload.Bytes), "file", upload.Name } };
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
            var answer = await client.AnswerAsync(request);
            statuses[answer.Code] = statuses.GetValueOrDefault(answer.Code) + 1;
            AssertSound(answer, MaxProblemBytes);
            Assert.DoesNotContain("root:", answer.Body, StringComparison.Ordinal);
            if (answer.Code == 200)
            {
                before = await app.DatabaseFingerprintAsync();
                return;
            }

            Assert.True(answer.Code is 400 or 409 or 413, $"{answer.Code}: {Cut(answer.Body, 500)}");
            await app.AssertUnchangedAsync(before, answer);
        }, iter: 120, print: u => u.ToString());

        Assert.True(statuses.GetValueOrDefault(400) > 0, string.Join(", ", statuses.Select(s => $"{s.Key}: {s.Value}")));
    }

    private static string FactsUrl => $"/api/periods/{Month}/import?confirmMonth={Month}";

    [Fact]
    public Task Generated_facts_csv_files_never_get_a_5xx_and_a_refusal_leaves_no_trace() =>
        PropertyAsync(CsvUploads(factsCsv, "facts"), FactsUrl);

    [Fact]
    public Task Generated_facts_workbooks_never_get_a_5xx_and_a_refusal_leaves_no_trace() =>
        PropertyAsync(XlsxUploads(factsXlsx, "facts"), FactsUrl);

    [Fact]
    public Task Generated_organisation_csv_files_never_get_a_5xx_and_a_refusal_leaves_no_trace() =>
        PropertyAsync(CsvUploads(organisationCsv, "organisation"), "/api/organisation/import");

    [Fact]
    public Task Generated_organisation_workbooks_never_get_a_5xx_and_a_refusal_leaves_no_trace() =>
        PropertyAsync(XlsxUploads(organisationXlsx, "organisation"), "/api/organisation/import");
}
