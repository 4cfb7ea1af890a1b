using System.IO.Compression;
using System.Text;
using KpiPlanner.Infrastructure.Import;
using MiniExcelLibs;

namespace KpiPlanner.IntegrationTests;

/// <summary>
/// The streaming .xlsx reader behind the facts import reads what Excel and LibreOffice write (shared strings, rich text,
/// inline strings, formulas with their cached value, dates, gaps) and gives the same cells as MiniExcel.
/// </summary>
public sealed class XlsxSheetReaderTests
{
    [Fact]
    public void A_workbook_as_excel_writes_it_reads_shared_strings_rich_text_formulas_dates_and_gaps()
    {
        var file = Workbook(
            sharedStrings: """
                <sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="3" uniqueCount="3">
                  <si><t>Табельный номер</t></si>
                  <si><r><rPr><b/></rPr><t>Фа</t></r><r><t xml:space="preserve">кт </t></r><rPh sb="0" eb="1"><t>ignored</t></rPh></si>
                  <si><t>0101</t></si>
                </sst>
                """,
            styles: """
                <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
                  <numFmts count="1"><numFmt numFmtId="164" formatCode="dd\.mm\.yyyy"/></numFmts>
                  <cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="4"/></cellXfs>
                </styleSheet>
                """,
            sheet: """
                <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
                  <row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="s"><v>1</v></c></row>
                  <row r="4" spans="1:4">
                    <c r="A4" t="s"><v>2</v></c>
                    <c r="B4" t="inlineStr"><is><t>sales_volume</t></is></c>
                    <c r="C4" s="2"><f>B9*2</f><v>1234.5</v></c>
                    <c r="D4" s="1"><v>46023</v></c>
                    <c r="E4" t="b"><v>1</v></c>
                    <c r="F4" t="e"><v>#DIV/0!</v></c>
                    <c r="AA4" t="str"><f>A4</f><v>text</v></c>
                  </row>
                  <row r="5"/>
                </sheetData></worksheet>
                """);

        var rows = XlsxSheetReader.Rows(new MemoryStream(file)).ToList();

        Assert.Equal([1, 4, 5], rows.Select(r => r.Row));
        Assert.Equal(["Табельный номер", null, "Факт "], rows[0].Cells);
        var cells = rows[1].Cells;
        Assert.Equal(27, cells.Length);
        Assert.Equal("0101", cells[0]);
        Assert.Equal("sales_volume", cells[1]);
        Assert.Equal(1234.5m, cells[2]);
        Assert.Equal(new DateTime(2026, 1, 1), cells[3]);
        Assert.Equal(true, cells[4]);
        Assert.Equal("#DIV/0!", cells[5]);
        Assert.Null(cells[6]);
        Assert.Equal("text", cells[26]);
        Assert.Empty(rows[2].Cells);
    }

    [Fact]
    public void A_miniexcel_workbook_reads_the_same_cells_as_miniexcel_does()
    {
        var sheet = new[]
        {
            new Dictionary<string, object?> { ["Табельный номер"] = "0101", ["План"] = 350_000.25m, ["Факт"] = null, ["Дата"] = new DateTime(2026, 3, 1) },
            new Dictionary<string, object?> { ["Табельный номер"] = "=1+1", ["План"] = 0.1m, ["Факт"] = 7, ["Дата"] = null },
        };
        using var output = new MemoryStream();
        MiniExcel.SaveAs(output, sheet, excelType: ExcelType.XLSX);
        var bytes = output.ToArray();

        var ours = XlsxSheetReader.Rows(new MemoryStream(bytes)).Select(r => r.Cells).ToList();
        var theirs = MiniExcel.Query(new MemoryStream(bytes), useHeaderRow: false, excelType: ExcelType.XLSX)
            .Cast<IDictionary<string, object?>>().Select(r => r.Values.ToArray()).ToList();

        Assert.Equal(theirs.Count, ours.Count);
        for (var i = 0; i < theirs.Count; i++)
        {
            var expected = theirs[i].Reverse().SkipWhile(c => c is null || (c is string s && s.Length == 0)).Reverse().ToArray();
            var actual = ours[i].Reverse().SkipWhile(c => c is null || (c is string s && s.Length == 0)).Reverse().ToArray();
            Assert.Equal(expected.Length, actual.Length);
            for (var j = 0; j < expected.Length; j++)
            {
                Assert.Equal(Normalise(expected[j]), Normalise(actual[j]));
            }
        }
    }

    [Fact]
    public void Numbers_are_read_from_the_text_as_decimals_to_the_15_digits_excel_shows()
    {
        var file = Workbook(
            sharedStrings: """<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>""",
            styles: """<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="1"><xf numFmtId="0"/></cellXfs></styleSheet>""",
            sheet: """
                <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
                  <row r="1">
                    <c r="A1"><v>0.30000000000000004</v></c>
                    <c r="B1"><v>1.0000499999999999</v></c>
                    <c r="C1"><v>350000.25</v></c>
                    <c r="D1"><v>1.5E-3</v></c>
                    <c r="E1"><v>12345678901234567890</v></c>
                    <c r="F1"><v>-42</v></c>
                    <c r="G1"><v>1E+300</v></c>
                  </row>
                </sheetData></worksheet>
                """);

        var cells = XlsxSheetReader.Rows(new MemoryStream(file)).Single().Cells;

        Assert.Equal(0.3m, cells[0]);
        Assert.Equal("1.00005", ((decimal)cells[1]!).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(350000.25m, cells[2]);
        Assert.Equal(0.0015m, cells[3]);
        Assert.Equal(12345678901234600000m, cells[4]);
        Assert.Equal(-42m, cells[5]);
        Assert.Equal("1E+300", cells[6]);
    }

    [Fact]
    public void A_zip_that_is_not_a_workbook_throws()
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var writer = new StreamWriter(zip.CreateEntry("readme.txt").Open());
            writer.Write("hello");
        }

        Assert.Throws<InvalidDataException>(() => XlsxSheetReader.Rows(new MemoryStream(output.ToArray())).ToList());
    }

    private static object? Normalise(object? cell) => cell switch
    {
        "" => null,
        decimal d => (double)d,
        int i => (double)i,
        _ => cell,
    };

    private static byte[] Workbook(string sharedStrings, string styles, string sheet)
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Add(string name, string xml)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
                writer.Write("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n" + xml);
            }

            // The package parts Excel always writes: content types and the package's relationship to the workbook.
            Add("[Content_Types].xml", """
                <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
                  <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
                  <Default Extension="xml" ContentType="application/xml"/>
                  <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
                  <Override PartName="/xl/worksheets/facts.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
                  <Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
                  <Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>
                  <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
                </Types>
                """);
            Add("_rels/.rels", """
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
                  <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
                </Relationships>
                """);
            Add("xl/workbook.xml", """
                <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
                  <sheets><sheet name="Факты" sheetId="1" r:id="rId7"/><sheet name="Другой" sheetId="2" r:id="rId8"/></sheets>
                </workbook>
                """);
            Add("xl/_rels/workbook.xml.rels", """
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
                  <Relationship Id="rId8" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
                  <Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/facts.xml"/>
                  <Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>
                  <Relationship Id="rId10" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
                </Relationships>
                """);
            Add("xl/sharedStrings.xml", sharedStrings);
            Add("xl/styles.xml", styles);
            Add("xl/worksheets/facts.xml", sheet);
            Add("xl/worksheets/sheet1.xml", """<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c t="inlineStr"><is><t>wrong sheet</t></is></c></row></sheetData></worksheet>""");
        }

        return output.ToArray();
    }
}
