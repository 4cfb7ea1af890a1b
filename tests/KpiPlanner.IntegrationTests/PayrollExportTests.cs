using System.Net;
using System.Net.Http.Headers;
using System.Text;
using KpiPlanner.Domain.Planning;
using KpiPlanner.Infrastructure.Demo;
using KpiPlanner.Infrastructure.Payroll;
using KpiPlanner.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;

namespace KpiPlanner.IntegrationTests;

[Collection(AppCollection.Name)]
public sealed class PayrollExportTests(KpiAppFactory app) : IAsyncLifetime
{
    private static readonly DateOnly LastMonth = TestClock.ThisMonth.AddMonths(-1);

    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private static string Url(DateOnly month, string format) => $"/api/periods/{Period.Key(month)}/payroll?format={format}";

    private async Task<HttpClient> ClientAsync(string email, string culture = "ru-RU")
    {
        var client = app.CreateClient();
        var token = await client.AccessTokenAsync(email, DemoData.Password);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        client.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue(culture));
        return client;
    }

    [Fact]
    public async Task The_xlsx_export_of_the_closed_month_reads_back_with_every_pay_line_and_its_adjustments()
    {
        var response = await (await ClientAsync(DemoData.HrEmail)).GetAsync(Url(LastMonth, "xlsx"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"payroll-{Period.Key(LastMonth)}.xlsx", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);

        await using var stream = await response.Content.ReadAsStreamAsync();
        var rows = stream.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        await using var db = app.CreateDbContext();
        var lines = await db.PayLines.Where(l => l.Month == LastMonth).ToListAsync();
        Assert.Equal(lines.Count, rows.Count);
        var ivanov = rows.Single(r => (string?)r["Табельный номер"] == "0101");
        var ivanovId = await app.EmployeeIdAsync("0101");
        var ivanovLine = lines.Single(l => l.EmployeeId == ivanovId);
        Assert.Equal("Иванов Иван Сергеевич", ivanov["ФИО"]);
        Assert.Equal(DemoData.SalesDepartmentName, ivanov["Подразделение"]);
        Assert.Equal(DemoData.SalesManagerPosition, ivanov["Должность"]);
        Assert.Equal(ivanovLine.Fixed, Convert.ToDecimal(ivanov["Оклад"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(ivanovLine.Variable, Convert.ToDecimal(ivanov["Переменная часть"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(ivanovLine.Total, Convert.ToDecimal(ivanov["Итого к начислению"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(0m, Convert.ToDecimal(ivanov["Корректировки"], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task The_xlsx_names_its_month_formats_money_fits_its_columns_and_totals_each_department_on_a_second_sheet()
    {
        var bytes = await (await ClientAsync(DemoData.HrEmail)).GetByteArrayAsync(Url(LastMonth, "xlsx"));
        using var stream = new MemoryStream(bytes);

        Assert.Equal(["Выплаты " + Period.Key(LastMonth), "Итоги"], MiniExcel.GetSheetNames(stream));
        stream.Position = 0;
        var lines = stream.Query(useHeaderRow: true, sheetName: "Выплаты " + Period.Key(LastMonth)).Cast<IDictionary<string, object?>>().ToList();
        stream.Position = 0;
        var totals = stream.Query(useHeaderRow: true, sheetName: "Итоги").Cast<IDictionary<string, object?>>().ToList();
        static decimal Money(object? value) => Convert.ToDecimal(value, System.Globalization.CultureInfo.InvariantCulture);

        var company = totals[^1];
        Assert.Equal("Итого по компании", company["Подразделение"]);
        Assert.Equal(lines.Count, Convert.ToInt32(company["Сотрудников"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(lines.Sum(l => Money(l["Итого к начислению"])), Money(company["Итого к начислению"]));
        var sales = totals.Single(t => (string?)t["Подразделение"] == DemoData.SalesDepartmentName);
        Assert.Equal(lines.Where(l => (string?)l["Подразделение"] == DemoData.SalesDepartmentName).Sum(l => Money(l["Переменная часть"])), Money(sales["Переменная часть"]));

        // Money is a number with a grouped two-decimal format, and the columns have widths set.
        using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(bytes));
        string Part(string name)
        {
            using var reader = new StreamReader(zip.GetEntry(name)!.Open());
            return reader.ReadToEnd();
        }

        Assert.Contains("formatCode=\"#,##0.00\"", Part("xl/styles.xml"), StringComparison.Ordinal);
        Assert.Contains("customWidth=\"1\"", Part("xl/worksheets/sheet1.xml"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Adjustments_are_exported_and_text_that_would_run_as_a_formula_is_neutralised()
    {
        // A month calculated with an adjustment, a department named like a formula, then approved and closed.
        var month = LastMonth.AddMonths(-1);
        var payroll = app.Services.CreateScope().ServiceProvider.GetRequiredService<PayrollService>();
        await using (var db = app.CreateDbContext())
        {
            await db.Database.ExecuteSqlAsync($"UPDATE departments SET name = {"=HYPERLINK(\"http://evil\";\"x\")"} WHERE name = {DemoData.SalesDepartmentName}");
        }

        Assert.True((await payroll.CalculateAsync(month, "hr")).IsValid);
        var id = await app.EmployeeIdAsync("0101");
        Assert.Empty(await payroll.AdjustAsync(month, id, -1_250.50m, "Удержание за порчу товара", "hr"));
        Assert.Empty(await payroll.ApproveAsync(month, "owner"));
        Assert.True((await payroll.CloseAsync(month, "hr", false)).IsValid);

        var client = await ClientAsync(DemoData.HrEmail);
        var csv = Encoding.UTF8.GetString(await client.GetByteArrayAsync(Url(month, "csv-semicolon")));
        Assert.StartsWith("\uFEFFТабельный номер;ФИО;Подразделение;Должность;Оклад;Переменная часть;Премия;Корректировки;Итого к начислению\r\n", csv, StringComparison.Ordinal);
        var line = csv.Split("\r\n").Single(l => l.StartsWith("0101;", StringComparison.Ordinal));
        Assert.Contains(";\"'=HYPERLINK(\"\"http://evil\"\";\"\"x\"\")\";", line, StringComparison.Ordinal);
        Assert.Contains(";-1250,50;", line, StringComparison.Ordinal);

        var comma = Encoding.UTF8.GetString(await client.GetByteArrayAsync(Url(month, "csv")));
        Assert.Contains(",-1250.50,", comma.Split("\r\n").Single(l => l.StartsWith("0101,", StringComparison.Ordinal)), StringComparison.Ordinal);

        await using var stream = await client.GetStreamAsync(Url(month, "xlsx"));
        var memory = new MemoryStream();
        await stream.CopyToAsync(memory);
        memory.Position = 0;
        var row = memory.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().Single(r => (string?)r["Табельный номер"] == "0101");
        Assert.StartsWith("'=", (string?)row["Подразделение"], StringComparison.Ordinal);
        Assert.Equal(-1_250.50m, Convert.ToDecimal(row["Корректировки"], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task An_unclosed_month_is_not_exported_and_only_hr_and_the_owner_may_export()
    {
        var hr = await ClientAsync(DemoData.HrEmail);
        var open = await hr.GetAsync(Url(LastMonth.AddMonths(1), "xlsx"));
        Assert.Equal(HttpStatusCode.Conflict, open.StatusCode);
        Assert.Contains("ещё не закрыт", await open.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Forbidden, (await (await ClientAsync(DemoData.ManagerEmail)).GetAsync(Url(LastMonth, "xlsx"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await ClientAsync(DemoData.EmployeeEmail)).GetAsync(Url(LastMonth, "csv"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await ClientAsync(DemoData.OwnerEmail)).GetAsync(Url(LastMonth, "csv"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync(Url(LastMonth, "csv"))).StatusCode);
    }
}
