using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using KpiPlanner.Infrastructure.Demo;
using KpiPlanner.Infrastructure.Import;
using KpiPlanner.Testing;
using KpiPlanner.Web.Features.Facts;
using KpiPlanner.Web.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static KpiPlanner.IntegrationTests.FactsTestSupport;

namespace KpiPlanner.IntegrationTests;

/// <summary>
/// Imports name their month (issue 16, item 1): the template carries the month on every row, a file of another month
/// or of several is refused as a whole naming the months, and a file that names none goes in only once the month is
/// confirmed — through the service (the grid) and through the API.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class FactsImportMonthTests : IAsyncLifetime
{
    private readonly KpiAppFactory app;

    public FactsImportMonthTests(KpiAppFactory app)
    {
        this.app = app;
        // Set here, not in InitializeAsync: a culture set inside an async method does not flow back out of it.
        CultureInfo.CurrentCulture = Russian;
        CultureInfo.CurrentUICulture = Russian;
    }

    private const string Header = "Месяц;Табельный номер;Показатель;Факт\r\n";

    private AsyncServiceScope scope;

    private FactsImportService Facts => scope.ServiceProvider.GetRequiredService<FactsImportService>();

    /// <summary>The issue's case: the month on screen is the one after the file's (December's file, January on screen).</summary>
    private static DateOnly FileMonth => TestClock.ThisMonth;

    private static DateOnly ScreenMonth => TestClock.NextMonth;

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        scope = app.Services.CreateAsyncScope();
    }

    public async Task DisposeAsync() => await scope.DisposeAsync();

    private static string Shown(DateOnly month) => Formats.Month(month, Russian);

    private async Task<int> SalesAsync()
    {
        await using var db = app.CreateDbContext();
        return await db.Departments.Where(d => d.Name == DemoData.SalesDepartmentName).Select(d => d.Id).SingleAsync();
    }

    [Fact]
    public async Task Both_templates_name_the_month_and_the_department_on_every_row_in_the_persons_language()
    {
        var hr = await app.ActorAsync(DemoData.HrEmail);
        var sales = await SalesAsync();

        var csv = (await Facts.TemplateFileAsync(hr, sales, FileMonth, "csv"))!;
        var lines = Encoding.UTF8.GetString(csv.Content.AsSpan(3)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Месяц;Подразделение;Табельный номер;", lines[0], StringComparison.Ordinal);
        Assert.All(lines.Skip(1), l => Assert.StartsWith(Shown(FileMonth) + ";" + DemoData.SalesDepartmentName + ";", l, StringComparison.Ordinal));

        var xlsx = (await Facts.TemplateFileAsync(hr, sales, FileMonth, "xlsx"))!;
        var rows = MiniExcelLibs.MiniExcel.Query(new MemoryStream(xlsx.Content), useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Equal(Shown(FileMonth), r["Месяц"]));

        TemplateFile english;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("en-US");
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en-US");
        try
        {
            english = (await Facts.TemplateFileAsync(hr, sales, FileMonth, "csv"))!;
        }
        finally
        {
            CultureInfo.CurrentCulture = Russian;
            CultureInfo.CurrentUICulture = Russian;
        }

        var englishLines = Encoding.UTF8.GetString(english.Content.AsSpan(3)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Month,Department,Personnel number,", englishLines[0], StringComparison.Ordinal);
        Assert.StartsWith(FileMonth.ToString("MMMM yyyy", CultureInfo.GetCultureInfo("en-US")) + ",", englishLines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Last_months_template_into_the_month_on_screen_is_refused_naming_both_months_and_changes_nothing()
    {
        var hr = await app.ActorAsync(DemoData.HrEmail);
        var template = (await Facts.TemplateFileAsync(hr, await SalesAsync(), FileMonth, "csv"))!;
        // Facts filled in, as the person would before uploading it into the wrong month.
        var lines = Encoding.UTF8.GetString(template.Content.AsSpan(3)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var filled = lines.Take(1).Concat(lines.Skip(1).Select(l => l[..(l.LastIndexOf(';') + 1)] + "7"));
        var before = (await app.SnapshotAsync(FileMonth), await app.SnapshotAsync(ScreenMonth));

        foreach (var confirmed in new[] { false, true })
        {
            var result = await Facts.ImportAsync(hr, ScreenMonth, new MemoryStream(Csv(string.Join("\r\n", filled))), template.FileName, confirmed);

            var error = Assert.Single(result.Errors);
            Assert.Equal(FactsIssueCodes.MonthMismatch, error.Code);
            Assert.Equal(0, error.Row);
            Assert.Contains($"Файл — за {Shown(FileMonth)}, а загружаете в {Shown(ScreenMonth)}", error.Message, StringComparison.Ordinal);
            Assert.True(result.MonthRefused);
            Assert.False(result.NeedsMonthConfirmation);
            Assert.Equal(FileMonth, result.FileMonth);
            Assert.Equal(0, result.Applied);
        }

        Assert.Equal(before, (await app.SnapshotAsync(FileMonth), await app.SnapshotAsync(ScreenMonth)));

        // The same file into its own month goes in, without any question.
        var own = await Facts.ImportAsync(hr, FileMonth, new MemoryStream(Csv(string.Join("\r\n", filled))), template.FileName, monthConfirmed: false);
        Assert.Empty(own.Errors);
        Assert.Equal(7m, (await app.ValueAsync("0104", FileMonth, DemoData.SalesKpi))!.Fact);
    }

    [Fact]
    public async Task Rows_of_several_months_are_refused_naming_the_rows_of_each_other_month()
    {
        var hr = await app.ActorAsync(DemoData.HrEmail);
        var other = FileMonth.AddMonths(-1);
        var csv = Header
            + $"{Shown(FileMonth)};0101;sales_volume;1\r\n"
            + $"{Shown(FileMonth)};0102;sales_volume;1\r\n"
            + $"{Shown(ScreenMonth)};0103;sales_volume;1\r\n"
            + $"{Shown(ScreenMonth)};0104;sales_volume;1\r\n"
            + $"{Shown(FileMonth)};0105;sales_volume;1\r\n"
            + $"{Shown(other)};0106;sales_volume;1\r\n";
        var before = await app.SnapshotAsync(FileMonth);

        var result = await Facts.ImportAsync(hr, FileMonth, new MemoryStream(Csv(csv)), "mixed.csv", monthConfirmed: true);

        Assert.Equal([FactsIssueCodes.MixedMonths, FactsIssueCodes.MixedMonths], result.Errors.Select(e => e.Code));
        Assert.Equal([4, 7], result.Errors.Select(e => e.Row));
        Assert.All(result.Errors, e => Assert.Equal("Месяц", e.Column));
        Assert.Contains($"За {Shown(ScreenMonth)} — строки 4–5, а загружаете в {Shown(FileMonth)}", result.Errors[0].Message, StringComparison.Ordinal);
        Assert.Contains($"За {Shown(other)} — строки 7,", result.Errors[1].Message, StringComparison.Ordinal);
        Assert.Equal(before, await app.SnapshotAsync(FileMonth));
    }

    [Fact]
    public async Task A_file_without_a_month_is_refused_until_the_month_is_confirmed_then_it_goes_in()
    {
        var hr = await app.ActorAsync(DemoData.HrEmail);
        var noColumn = Csv("Табельный номер;Показатель;Факт\r\n0101;sales_volume;123\r\n");
        var emptyColumn = Csv(Header + ";0101;sales_volume;123\r\n");
        var before = await app.SnapshotAsync(ScreenMonth);

        foreach (var file in new[] { noColumn, emptyColumn })
        {
            var refused = await Facts.ImportAsync(hr, ScreenMonth, new MemoryStream(file), "old.csv", monthConfirmed: false);

            var error = Assert.Single(refused.Errors);
            Assert.Equal(FactsIssueCodes.MonthMissing, error.Code);
            Assert.Contains(Shown(ScreenMonth), error.Message, StringComparison.Ordinal);
            Assert.True(refused.NeedsMonthConfirmation);
            Assert.Equal(before, await app.SnapshotAsync(ScreenMonth));
        }

        var confirmed = await Facts.ImportAsync(hr, ScreenMonth, new MemoryStream(noColumn), "old.csv", monthConfirmed: true);

        Assert.Empty(confirmed.Errors);
        Assert.Equal(1, confirmed.Applied);
        Assert.Equal(ScreenMonth, confirmed.Month);
        Assert.Equal(123m, (await app.ValueAsync("0101", ScreenMonth, DemoData.SalesKpi))!.Fact);
    }

    [Fact]
    public async Task An_empty_teams_template_with_its_month_column_and_no_rows_asks_nothing_and_writes_nothing()
    {
        var hr = await app.ActorAsync(DemoData.HrEmail);

        var result = await Facts.ImportAsync(hr, ScreenMonth, new MemoryStream(Csv(Header)), "empty.csv", monthConfirmed: false);

        Assert.Empty(result.Errors);
        Assert.Equal((0, 0), (result.Applied, result.Unchanged));
    }

    [Fact]
    public async Task The_month_is_read_as_people_and_excel_write_it_and_a_copied_row_without_it_belongs_to_the_files_month()
    {
        var hr = await app.ActorAsync(DemoData.HrEmail);
        var m = FileMonth;
        var ru = CultureInfo.GetCultureInfo("ru-RU");
        var en = CultureInfo.GetCultureInfo("en-US");
        string[] forms =
        [
            m.ToString("yyyy-MM", CultureInfo.InvariantCulture),
            m.ToString("MM.yyyy", CultureInfo.InvariantCulture),
            m.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture),
            m.ToString("MMMM yyyy", ru).ToUpper(ru),
            m.ToString("d MMMM yyyy", ru) + " г.",
            // What a Russian Excel writes back to a CSV once it took «декабрь 2026» for a date: «дек.26».
            m.ToString("MMM", ru).TrimEnd('.') + "." + m.ToString("yy", CultureInfo.InvariantCulture),
            m.ToString("MMMM yyyy", en),
            m.ToString("MMM-yy", en),
        ];
        var csv = new StringBuilder(Header);
        for (var i = 0; i < forms.Length; i++)
        {
            csv.Append(forms[i]).Append(";0101;sales_volume;").Append(100 + i).Append("\r\n");
        }

        csv.Append(";0102;sales_volume;55\r\n");

        var result = await Facts.ImportAsync(hr, m, new MemoryStream(Csv(csv.ToString())), "forms.csv", monthConfirmed: false);

        // Every form reads as the month: the only issues are the duplicates of 0101's KPI, none about the month.
        Assert.All(result.Errors, e => Assert.Equal(FactsIssueCodes.Duplicate, e.Code));
        Assert.Equal(forms.Length - 1, result.Errors.Count);

        // A workbook's date cell too, and a blank month cell in a copied row.
        var xlsx = Xlsx(["Месяц", "Табельный номер", "Показатель", "Факт"],
        [
            [m.ToDateTime(TimeOnly.MinValue), "0101", "sales_volume", 321m],
            [null, "0102", "sales_volume", 55m],
        ]);
        var workbook = await Facts.ImportAsync(hr, m, new MemoryStream(xlsx), "dates.xlsx", monthConfirmed: false);
        Assert.Empty(workbook.Errors);
        Assert.Equal(321m, (await app.ValueAsync("0101", m, DemoData.SalesKpi))!.Fact);
        Assert.Equal(55m, (await app.ValueAsync("0102", m, DemoData.SalesKpi))!.Fact);
    }

    [Fact]
    public async Task A_month_cell_that_is_no_month_is_a_bad_row()
    {
        var hr = await app.ActorAsync(DemoData.HrEmail);
        var csv = Header + $"{Shown(FileMonth)};0101;sales_volume;1\r\nскоро;0102;sales_volume;1\r\n";
        var before = await app.SnapshotAsync(FileMonth);

        var result = await Facts.ImportAsync(hr, FileMonth, new MemoryStream(Csv(csv)), "bad.csv", monthConfirmed: false);

        var error = Assert.Single(result.Errors);
        Assert.Equal((3, "Месяц", FactsIssueCodes.MonthUnreadable), (error.Row, error.Column, error.Code));
        Assert.Contains("«скоро» — не месяц", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await app.SnapshotAsync(FileMonth));
    }

    [Fact]
    public async Task The_api_refuses_another_months_file_with_400_facts_month_mismatch_naming_both_months()
    {
        var client = await app.BearerClientAsync(DemoData.HrEmail);
        var csv = Csv(Header + $"{Shown(FileMonth)};0101;sales_volume;1\r\n");
        var before = (await app.SnapshotAsync(FileMonth), await app.SnapshotAsync(ScreenMonth));

        var response = await PostAsync(client, $"/api/periods/{MonthKey(ScreenMonth)}/import?confirmMonth={MonthKey(ScreenMonth)}", csv);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = problem.RootElement;
        Assert.Equal("facts.month_mismatch", root.GetProperty("code").GetString());
        Assert.Equal(MonthKey(ScreenMonth), root.GetProperty("month").GetString());
        Assert.Equal(MonthKey(FileMonth), root.GetProperty("fileMonth").GetString());
        Assert.Equal("facts.month_mismatch", root.GetProperty("codes").GetProperty("file")[0].GetString());
        var message = root.GetProperty("errors").GetProperty("file")[0].GetString()!;
        Assert.Contains(Shown(FileMonth), message, StringComparison.Ordinal);
        Assert.Contains(Shown(ScreenMonth), message, StringComparison.Ordinal);
        Assert.Equal(before, (await app.SnapshotAsync(FileMonth), await app.SnapshotAsync(ScreenMonth)));
    }

    [Fact]
    public async Task The_api_takes_a_file_without_a_month_only_with_confirm_month_equal_to_the_addresss_month()
    {
        var client = await app.BearerClientAsync(DemoData.HrEmail);
        var csv = Csv("Табельный номер;Показатель;Факт\r\n0101;sales_volume;4321\r\n");
        var url = $"/api/periods/{MonthKey(ScreenMonth)}/import";
        var before = await app.SnapshotAsync(ScreenMonth);

        var missing = await PostAsync(client, url, csv);
        var other = await PostAsync(client, url + $"?confirmMonth={MonthKey(FileMonth)}", csv);
        var garbage = await PostAsync(client, url + "?confirmMonth=soon", csv);

        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        using (var problem = JsonDocument.Parse(await missing.Content.ReadAsStringAsync()))
        {
            Assert.Equal("facts.month_missing", problem.RootElement.GetProperty("code").GetString());
            Assert.Equal("facts.month_missing", problem.RootElement.GetProperty("codes").GetProperty("confirmMonth")[0].GetString());
            var message = problem.RootElement.GetProperty("errors").GetProperty("confirmMonth")[0].GetString()!;
            Assert.Contains($"confirmMonth={MonthKey(ScreenMonth)}", message, StringComparison.Ordinal);
            Assert.Contains(Shown(ScreenMonth), message, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.BadRequest, other.StatusCode);
        using (var problem = JsonDocument.Parse(await other.Content.ReadAsStringAsync()))
        {
            Assert.Equal("facts.confirm_month_mismatch", problem.RootElement.GetProperty("codes").GetProperty("confirmMonth")[0].GetString());
        }

        Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
        Assert.Contains("\"confirmMonth\"", await garbage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await app.SnapshotAsync(ScreenMonth));

        var confirmed = await PostAsync(client, url + $"?confirmMonth={MonthKey(ScreenMonth)}", csv);

        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Equal(4321m, (await app.ValueAsync("0101", ScreenMonth, DemoData.SalesKpi))!.Fact);
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string url, byte[] file)
    {
        using var content = new MultipartFormDataContent { { new ByteArrayContent(file), "file", "facts.csv" } };
        return await client.PostAsync(url, content);
    }
}

/// <summary>The month cell of an import file, read without a database.</summary>
public sealed class ImportMonthTests
{
    [Theory]
    [InlineData("2026-12", "2026-12")]
    [InlineData(" 2026.12 ", "2026-12")]
    [InlineData("12.2026", "2026-12")]
    [InlineData("1.2027", "2027-01")]
    [InlineData("01.12.2026", "2026-12")]
    [InlineData("2026-12-01", "2026-12")]
    [InlineData("2026-12-01 00:00:00", "2026-12")]
    [InlineData("декабрь 2026", "2026-12")]
    [InlineData("Декабря 2026 г.", "2026-12")]
    [InlineData("1 декабря 2026 года", "2026-12")]
    [InlineData("дек.26", "2026-12")]
    [InlineData("Дек 2026", "2026-12")]
    [InlineData("сент. 2026", "2026-09")]
    [InlineData("May 2027", "2027-05")]
    [InlineData("Dec-26", "2026-12")]
    [InlineData("December, 2026", "2026-12")]
    [InlineData("ИЮЛЬ 2026", "2026-07")]
    public void Months_as_people_and_spreadsheets_write_them_are_read(string text, string expected)
    {
        Assert.True(ImportMonth.TryRead(text, out var month));
        Assert.Equal(expected, month.ToString("yyyy-MM", CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("скоро")]
    [InlineData("2026-13")]
    [InlineData("13.2026")]
    [InlineData("1999-12")]
    [InlineData("2101-01")]
    [InlineData("12/1/2026")]
    [InlineData("декабрь")]
    [InlineData("2026")]
    public void Anything_else_is_no_month(string text) => Assert.False(ImportMonth.TryRead(text, out _));

    [Fact]
    public void Workbook_dates_and_their_day_numbers_are_months_too()
    {
        Assert.True(ImportMonth.TryRead(new DateTime(2026, 12, 15), out var fromDate));
        Assert.Equal(new DateOnly(2026, 12, 1), fromDate);
        Assert.True(ImportMonth.TryRead((decimal)new DateTime(2027, 1, 1).ToOADate(), out var fromNumber));
        Assert.Equal(new DateOnly(2027, 1, 1), fromNumber);
        Assert.False(ImportMonth.TryRead(42m, out _));
    }

    [Fact]
    public void Rows_are_named_as_ranges() =>
        Assert.Equal("2–5, 9, 12–13", ImportMonth.Ranges([2, 3, 4, 5, 9, 12, 13]));
}
