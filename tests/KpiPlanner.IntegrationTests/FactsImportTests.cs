using System.Diagnostics;
using System.Globalization;
using KpiPlanner.Infrastructure.Demo;
using KpiPlanner.Infrastructure.Import;
using KpiPlanner.Testing;
using KpiPlanner.Web.Features.Facts;
using KpiPlanner.Web.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static KpiPlanner.IntegrationTests.FactsTestSupport;

namespace KpiPlanner.IntegrationTests;

/// <summary>
/// The all-or-nothing import of plans and facts from .xlsx and .csv (FactsImportService) on the real database:
/// valid files apply, any bad row applies nothing and is named by row, column and reason, the closed month is
/// refused on every path, and the downloadable template goes round-trip.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class FactsImportTests(KpiAppFactory app) : IAsyncLifetime
{
    private AsyncServiceScope scope;

    private FactsImportService Facts => scope.ServiceProvider.GetRequiredService<FactsImportService>();

    public async Task InitializeAsync()
    {
        CultureInfo.CurrentCulture = Russian;
        CultureInfo.CurrentUICulture = Russian;
        await app.ResetAsync();
        scope = app.Services.CreateAsyncScope();
    }

    public async Task DisposeAsync() => await scope.DisposeAsync();

    [Fact]
    public async Task A_valid_xlsx_applies_plans_and_facts_and_an_empty_cell_leaves_the_value_as_is()
    {
        var month = CurrentMonth;
        var before = await app.ValueAsync("0102", month, DemoData.MeetingsKpi);
        var file = Xlsx(RussianHeader,
        [
            ["0101", "Иванов Иван", "sales_volume", 350_000m, 330_000.5m],
            ["0102", "Петрова Елена", "client_meetings", null, 41m],
            ["petrova@nowhere", null, null, null, null], // an all-but-empty row is a bad row, not a skipped one
        ]);
        var bad = await Facts.ImportAsync(await app.ActorAsync(DemoData.HrEmail), month, new MemoryStream(file), "факты.xlsx", monthConfirmed: true);
        Assert.NotEmpty(bad.Errors);

        file = Xlsx(RussianHeader,
        [
            ["0101", "Иванов Иван", "sales_volume", 350_000m, 330_000.5m],
            ["0102", "Петрова Елена", "client_meetings", null, 41m],
        ]);
        var result = await Facts.ImportAsync(await app.ActorAsync(DemoData.HrEmail), month, new MemoryStream(file), "факты.xlsx", monthConfirmed: true);

        Assert.Empty(result.Errors);
        Assert.Equal(2, result.Applied);
        var sales = await app.ValueAsync("0101", month, DemoData.SalesKpi);
        Assert.Equal(350_000m, sales!.Plan);
        Assert.Equal(330_000.5m, sales.Fact);
        Assert.Equal(DemoData.HrEmail, sales.UpdatedBy);
        var meetings = await app.ValueAsync("0102", month, DemoData.MeetingsKpi);
        Assert.Equal(before?.Plan, meetings!.Plan);
        Assert.Equal(41m, meetings.Fact);
    }

    [Fact]
    public async Task A_valid_csv_with_semicolons_bom_and_russian_numbers_applies()
    {
        var month = CurrentMonth;
        var csv = "Табельный номер;Сотрудник;Показатель;План;Факт\r\n"
            + "0101;\"Иванов; Иван\";sales_volume;1\u00A0234\u00A0567,5;1 200 000,25\r\n"
            + "\r\n"
            + "0103;Смирнов;client_meetings;40;38\r\n";

        var result = await Facts.ImportAsync(await app.ActorAsync(DemoData.ManagerEmail), month, new MemoryStream(Csv(csv)), "facts.csv", monthConfirmed: true);

        Assert.Empty(result.Errors);
        Assert.Equal(2, result.Applied);
        var sales = await app.ValueAsync("0101", month, DemoData.SalesKpi);
        Assert.Equal(1_234_567.5m, sales!.Plan);
        Assert.Equal(1_200_000.25m, sales.Fact);
        Assert.Equal(38m, (await app.ValueAsync("0103", month, DemoData.MeetingsKpi))!.Fact);
    }

    [Fact]
    public async Task A_csv_with_commas_english_headers_emails_and_invariant_numbers_applies_without_bom()
    {
        var month = CurrentMonth;
        var csv = "E-mail,KPI,Fact,Plan\n" + DemoData.EmployeeEmail + ",sales_volume,1234.5,\n";

        var result = await Facts.ImportAsync(await app.ActorAsync(DemoData.HrEmail), month, new MemoryStream(Csv(csv, bom: false)), "facts.CSV", monthConfirmed: true);

        Assert.Empty(result.Errors);
        Assert.Equal(1234.5m, (await app.ValueAsync("0101", month, DemoData.SalesKpi))!.Fact);
    }

    [Fact]
    public async Task One_bad_row_among_10000_applies_nothing_and_names_the_row_column_and_reason()
    {
        await app.AddSalesManagersAsync(5_000);
        var month = CurrentMonth;
        var snapshot = await app.SnapshotAsync(month);
        string Csv10000(string badFact)
        {
            var text = new System.Text.StringBuilder("Табельный номер;Сотрудник;Показатель;План;Факт\n");
            for (var i = 1; i <= 5_000; i++)
            {
                var number = Number(i);
                text.Append(number).Append(";Тестов;sales_volume;300 000;").Append(i == 3_888 ? badFact : "280 000,5").Append('\n');
                text.Append(number).Append(";Тестов;client_meetings;40;37\n");
            }

            return text.ToString();
        }

        var result = await Facts.ImportAsync(await app.ActorAsync(DemoData.ManagerEmail), month, new MemoryStream(Csv(Csv10000("28O 000"))), "big.csv", monthConfirmed: true);

        var error = Assert.Single(result.Errors);
        Assert.Equal(1 + ((3_888 - 1) * 2) + 1, error.Row); // header + two rows per person before, then this person's first row
        Assert.Equal("Факт", error.Column);
        Assert.Equal(FactsIssueCodes.NotANumber, error.Code);
        Assert.Contains("28O 000", error.Message, StringComparison.Ordinal);
        Assert.Contains("не число", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, result.Applied);
        Assert.Equal(snapshot, await app.SnapshotAsync(month));

        // The same file, fixed, applies all 10 000 rows in a few seconds.
        var watch = Stopwatch.StartNew();
        var fixedResult = await Facts.ImportAsync(await app.ActorAsync(DemoData.ManagerEmail), month, new MemoryStream(Csv(Csv10000("280 000,5"))), "big.csv", monthConfirmed: true);
        watch.Stop();
        Assert.Empty(fixedResult.Errors);
        Assert.Equal(10_000, fixedResult.Applied);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"10 000 rows took {watch.Elapsed}");
        await using var db = app.CreateDbContext();
        var ids = await db.Employees.Where(e => e.PersonnelNumber.StartsWith("T")).Select(e => e.Id).ToListAsync();
        Assert.Equal(10_000, await db.MonthlyKpiValues.CountAsync(v => v.Month == month && ids.Contains(v.EmployeeId)));
    }

    [Fact]
    public async Task A_big_file_again_with_some_facts_changed_rewrites_only_those_and_a_late_bad_row_rolls_back_every_chunk()
    {
        // 12 000 rows: more than two chunks of FactsImporter.ChunkSize, sent while the file is still being read.
        await app.AddSalesManagersAsync(6_000);
        var month = CurrentMonth;
        var hr = await app.ActorAsync(DemoData.HrEmail);
        string File(Func<int, string> fact, string? lastFact = null)
        {
            var text = new System.Text.StringBuilder("Табельный номер;Показатель;План;Факт\n");
            for (var i = 1; i <= 6_000; i++)
            {
                text.Append(Number(i)).Append(";sales_volume;300000;").Append(i == 6_000 && lastFact is not null ? lastFact : fact(i)).Append('\n');
                text.Append(Number(i)).Append(";client_meetings;40;37\n");
            }

            return text.ToString();
        }

        var first = await Facts.ImportAsync(hr, month, new MemoryStream(Csv(File(_ => "280000"))), "big.csv", monthConfirmed: true);
        var second = await Facts.ImportAsync(hr, month, new MemoryStream(Csv(File(i => i % 3 == 0 ? "290000" : "280000"))), "big.csv", monthConfirmed: true);
        var snapshot = await app.SnapshotAsync(month);
        var third = await Facts.ImportAsync(hr, month, new MemoryStream(Csv(File(_ => "1", lastFact: "-5"))), "big.csv", monthConfirmed: true);

        Assert.Empty(first.Errors);
        Assert.Equal((12_000, 0), (first.Applied, first.Unchanged));
        Assert.Empty(second.Errors);
        Assert.Equal((2_000, 10_000), (second.Applied, second.Unchanged));
        Assert.Equal(290_000m, (await app.ValueAsync(Number(3), month, DemoData.SalesKpi))!.Fact);
        Assert.Equal(280_000m, (await app.ValueAsync(Number(4), month, DemoData.SalesKpi))!.Fact);
        var error = Assert.Single(third.Errors);
        Assert.Equal(12_000, error.Row);
        Assert.Equal(FactsIssueCodes.Negative, error.Code);
        Assert.Equal(0, third.Applied);
        Assert.Equal(snapshot, await app.SnapshotAsync(month));
    }

    [Fact]
    public async Task Every_kind_of_bad_row_is_reported_with_its_row_column_and_reason_and_nothing_is_applied()
    {
        var month = CurrentMonth;
        var snapshot = await app.SnapshotAsync(month);
        var file = Xlsx(RussianHeader,
        [
            ["0101", "Иванов", "sales_volume", 1m, 2m],               // 2: fine
            ["9999", "Никто", "sales_volume", 1m, 2m],                // 3: unknown employee
            ["0202", "Титов", "sales_volume", 1m, 2m],                // 4: a barista of the coffee shop — not the manager's team
            ["0102", "Петрова", "revenue", 1m, 2m],                   // 5: KPI not in the scheme
            ["0103", "Смирнов", "sales_volume", "много", 2m],         // 6: plan not a number
            ["0104", "Волкова", "sales_volume", 1m, "-5"],            // 7: negative fact
            ["0105", "Фёдоров", "sales_volume", null, null],          // 8: neither plan nor fact
            ["0101", "Иванов", "sales_volume", 3m, 4m],               // 9: duplicate of row 2
            [null, "Без номера", "sales_volume", 1m, 1m],             // 10: no employee
            ["0106", "Морозов", null, 1m, 1m],                         // 11: no KPI
            ["0100", "Кузнецов (сам руководитель)", "sales_volume", 1m, 1m], // 12: the manager themselves
        ]);

        var result = await Facts.ImportAsync(await app.ActorAsync(DemoData.ManagerEmail), month, new MemoryStream(file), "bad.xlsx", monthConfirmed: true);

        Assert.Equal(0, result.Applied);
        Assert.Equal(snapshot, await app.SnapshotAsync(month));
        var byRow = result.Errors.Select(e => (e.Row, e.Column, e.Code)).ToList();
        Assert.Equal(
        [
            (3, "Табельный номер", FactsIssueCodes.UnknownEmployee),
            (4, "Табельный номер", FactsIssueCodes.UnknownEmployee), // someone else's: answered like no one
            (5, "Показатель", FactsIssueCodes.KpiNotInScheme),
            (6, "План", FactsIssueCodes.NotANumber),
            (7, "Факт", FactsIssueCodes.Negative),
            (8, "Факт", FactsIssueCodes.NothingToApply),
            (9, "Показатель", FactsIssueCodes.Duplicate),
            (10, "Табельный номер", FactsIssueCodes.EmployeeMissing),
            (11, "Показатель", FactsIssueCodes.KpiMissing),
            (12, "Табельный номер", FactsIssueCodes.OwnLine),
        ], byRow);
        Assert.All(result.Errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Message)));
        Assert.Contains("9999", result.Errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("sales_volume", result.Errors[2].Message, StringComparison.Ordinal); // names what the scheme has
        Assert.Contains("строке 2", result.Errors[6].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Errors_are_in_english_for_an_english_speaker()
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en-US");
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("en-US");
        var file = Csv("Personnel number,KPI,Fact\n0101,sales_volume,abc\n");

        var result = await Facts.ImportAsync(await app.ActorAsync(DemoData.HrEmail), CurrentMonth, new MemoryStream(file), "f.csv", monthConfirmed: true);

        var error = Assert.Single(result.Errors);
        Assert.Equal((2, "Fact"), (error.Row, error.Column));
        Assert.Equal("“abc” is not a number (for example 1 234,5 or 1234.5).", error.Message);
    }

    [Fact]
    public async Task A_file_without_the_needed_columns_or_of_another_kind_is_refused_in_one_sentence()
    {
        var hr = await app.ActorAsync(DemoData.HrEmail);

        var noKpi = await Facts.ImportAsync(hr, CurrentMonth, new MemoryStream(Csv("Табельный номер;Факт\n0101;1\n")), "f.csv", monthConfirmed: true);
        var pdf = await Facts.ImportAsync(hr, CurrentMonth, new MemoryStream([1, 2, 3]), "f.pdf", monthConfirmed: true);
        var broken = await Facts.ImportAsync(hr, CurrentMonth, new MemoryStream("PK not a zip"u8.ToArray()), "f.xlsx", monthConfirmed: true);

        Assert.Equal((1, FactsIssueCodes.MissingColumn), (noKpi.Errors.Single().Row, noKpi.Errors.Single().Code));
        Assert.Contains("Показатель", noKpi.Errors.Single().Message, StringComparison.Ordinal);
        Assert.Equal(FactsIssueCodes.UnsupportedFormat, pdf.Errors.Single().Code);
        Assert.Equal(FactsIssueCodes.Unreadable, broken.Errors.Single().Code);
    }

    [Fact]
    public async Task A_closed_period_is_refused_by_the_import_and_by_a_direct_sql_update()
    {
        var month = CurrentMonth.AddMonths(-1);
        await app.CloseAsync(month);
        var snapshot = await app.SnapshotAsync(month);

        var result = await Facts.ImportAsync(await app.ActorAsync(DemoData.HrEmail), month,
            new MemoryStream(Xlsx(RussianHeader, [["0101", null, "sales_volume", null, 1m]])), "f.xlsx", monthConfirmed: true);

        var error = Assert.Single(result.Errors);
        Assert.Equal(FactsIssueCodes.PeriodClosed, error.Code);
        Assert.True(result.PeriodClosed);
        Assert.Contains("закрыт", error.Message, StringComparison.Ordinal);
        Assert.Equal(snapshot, await app.SnapshotAsync(month));

        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var update = new NpgsqlCommand("UPDATE monthly_kpi_values SET fact = 1 WHERE month = @m", connection);
        update.Parameters.AddWithValue("m", month);
        var refused = await Assert.ThrowsAsync<PostgresException>(() => update.ExecuteNonQueryAsync());
        Assert.Equal("P0001", refused.SqlState);
        await using var insert = new NpgsqlCommand("INSERT INTO monthly_kpi_values (employee_id, month, kpi_key, fact, updated_at) VALUES (@e, @m, 'x', 1, now())", connection);
        insert.Parameters.AddWithValue("e", await app.EmployeeIdAsync("0101"));
        insert.Parameters.AddWithValue("m", month);
        Assert.Equal("P0001", (await Assert.ThrowsAsync<PostgresException>(() => insert.ExecuteNonQueryAsync())).SqlState);
        Assert.Equal(snapshot, await app.SnapshotAsync(month));
    }

    [Fact]
    public async Task The_xlsx_template_goes_round_trip_with_facts_filled_in()
    {
        var month = CurrentMonth;
        var manager = await app.ActorAsync(DemoData.ManagerEmail);
        await using var db = app.CreateDbContext();
        var sales = await db.Departments.Where(d => d.Name == DemoData.SalesDepartmentName).Select(d => d.Id).SingleAsync();

        var template = await Facts.TemplateFileAsync(manager, sales, month, "xlsx");

        Assert.NotNull(template);
        Assert.Equal($"kpi-{MonthKey(month)}-otdel-prodazh.xlsx", template.FileName);
        var rows = MiniExcelLibs.MiniExcel.Query(new MemoryStream(template.Content), useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        var people = await db.Employees.CountAsync(e => e.DepartmentId == sales && e.PersonnelNumber != "0100" && e.HireDate <= month.AddMonths(1).AddDays(-1));
        Assert.Equal(people * 2, rows.Count);
        Assert.All(rows, r => Assert.NotNull(r["Показатель"]));

        // Every row names the month and the employee's department.
        Assert.All(rows, r => Assert.Equal(Formats.Month(month, Russian), r["Месяц"]));
        Assert.All(rows, r => Assert.Equal(DemoData.SalesDepartmentName, r["Подразделение"]));

        // Fill every fact with 7 and import the file back: its month is the month it goes into, no confirmation needed.
        string[] header = ["Месяц", "Табельный номер", "Сотрудник", "Показатель", "План", "Факт"];
        var filled = rows.Select(r => new object?[] { r["Месяц"], r["Табельный номер"], r["Сотрудник"], r["Показатель"], r["План"], 7m }).ToList();
        var result = await Facts.ImportAsync(manager, month, new MemoryStream(Xlsx(header, filled)), template.FileName, monthConfirmed: false);

        Assert.Empty(result.Errors);
        Assert.Equal(people * 2, result.Applied + result.Unchanged);
        Assert.Equal(7m, (await app.ValueAsync("0105", month, DemoData.MeetingsKpi))!.Fact);

        // The same file again changes nothing.
        var again = await Facts.ImportAsync(manager, month, new MemoryStream(Xlsx(header, filled)), template.FileName, monthConfirmed: false);
        Assert.Equal((0, people * 2), (again.Applied, again.Unchanged));
    }

    [Fact]
    public async Task The_csv_template_is_utf8_with_bom_and_semicolons_and_neutralises_formula_text_which_still_imports_back()
    {
        var month = CurrentMonth;
        await using (var db = app.CreateDbContext())
        {
            var salesDepartment = await db.Departments.SingleAsync(d => d.Name == DemoData.SalesDepartmentName);
            var position = await db.Positions.SingleAsync(p => p.Name == DemoData.SalesManagerPosition);
            db.Employees.Add(new KpiPlanner.Domain.Organisation.Employee("-42", "=HYPERLINK(\"http://evil\")", "Ева", "@SUM(1)", salesDepartment, position, new DateOnly(2020, 1, 1)));
            await db.SaveChangesAsync();
        }

        var hr = await app.ActorAsync(DemoData.HrEmail);
        int sales;
        await using (var db = app.CreateDbContext())
        {
            sales = await db.Departments.Where(d => d.Name == DemoData.SalesDepartmentName).Select(d => d.Id).SingleAsync();
        }

        var template = (await Facts.TemplateFileAsync(hr, sales, month, "csv"))!;

        Assert.Equal([0xEF, 0xBB, 0xBF], template.Content.Take(3));
        var text = System.Text.Encoding.UTF8.GetString(template.Content.AsSpan(3));
        Assert.StartsWith("Месяц;Подразделение;Табельный номер;Сотрудник;Показатель;Название показателя;План;Факт\r\n", text, StringComparison.Ordinal);
        Assert.Contains("\r\n" + Formats.Month(month, Russian) + ";" + DemoData.SalesDepartmentName + ";'-42;\"'=HYPERLINK(\"\"http://evil\"\") Ева @SUM(1)\";sales_volume;", text, StringComparison.Ordinal);
        Assert.DoesNotContain(";=", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\n-", text, StringComparison.Ordinal);
        // A demo plan of six digits (300 000 ₽ or more, by the month's season), written without group separators.
        var plan = (await app.ValueAsync("0101", month, DemoData.SalesKpi))!.Plan!.Value;
        Assert.True(plan >= 100_000m);
        Assert.Contains(";" + plan.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) + ";", text, StringComparison.Ordinal);

        var xlsx = (await Facts.TemplateFileAsync(hr, sales, month, "xlsx"))!;
        var cells = MiniExcelLibs.MiniExcel.Query(new MemoryStream(xlsx.Content), useHeaderRow: true).Cast<IDictionary<string, object?>>()
            .Single(r => Equals(r["Табельный номер"], "'-42") && Equals(r["Показатель"], "sales_volume"));
        Assert.StartsWith("'=HYPERLINK", (string)cells["Сотрудник"]!, StringComparison.Ordinal);

        // Fill the fact of the neutralised person and import the CSV back: the apostrophe is not part of the number.
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Contains(";'-42;", StringComparison.Ordinal) ? l + "12,5" : l);
        var result = await Facts.ImportAsync(hr, month, new MemoryStream(Csv(string.Join("\r\n", lines))), template.FileName, monthConfirmed: false);

        Assert.Empty(result.Errors);
        Assert.Equal(12.5m, (await app.ValueAsync("-42", month, DemoData.SalesKpi))!.Fact);
    }

    [Fact]
    public async Task A_manager_gets_no_template_of_another_department()
    {
        await using var db = app.CreateDbContext();
        var coffee = await db.Departments.Where(d => d.Name == DemoData.CoffeeShopName).Select(d => d.Id).SingleAsync();

        var manager = await app.ActorAsync(DemoData.ManagerEmail);

        Assert.Null(await Facts.TemplateFileAsync(manager, coffee, CurrentMonth, "xlsx"));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Facts.TemplateAsync(manager, coffee, CurrentMonth, "csv"));
    }
}

/// <summary>Numbers as people type them: Russian and invariant forms, spaces as group separators.</summary>
public sealed class FactsNumberTests
{
    [Theory]
    [InlineData("1234.5", "1234.5")]
    [InlineData("1 234,5", "1234.5")]
    [InlineData("1\u00A0234\u00A0567,25", "1234567.25")]
    [InlineData("1\u202F234", "1234")]
    [InlineData(" 42 ", "42")]
    [InlineData("0,123456", "0.1235")]
    [InlineData("-5", "-5")]
    public void Russian_and_invariant_forms_parse(string text, string expected)
    {
        Assert.True(ImportNumber.TryParse(text, out var value));
        Assert.Equal(decimal.Parse(expected, CultureInfo.InvariantCulture), value);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("1,234.5")]
    [InlineData("1.2.3")]
    [InlineData("1e5")]
    [InlineData("12 %")]
    [InlineData("")]
    public void Anything_else_is_not_a_number(string text) => Assert.False(ImportNumber.TryParse(text, out _));

    [Theory]
    [InlineData("120", 0)]
    [InlineData("1.50", 1)]
    [InlineData("10.0", 0)]
    [InlineData("0.0001", 4)]
    [InlineData("0.00001", 5)]
    [InlineData("-0.00001", 5)]
    [InlineData("0.000000", 0)]
    [InlineData("1e-400", 400)]
    [InlineData("1E+2", 0)]
    [InlineData("2.5e3", 0)]
    [InlineData("1.25e-2", 4)]
    [InlineData("100e-2", 0)]
    [InlineData("1.00000000000000000000000000000001", 32)]
    public void Decimal_places_are_counted_from_the_text_exactly(string text, int places) =>
        Assert.Equal(places, ImportNumber.DecimalPlaces(text));

    [Theory]
    [InlineData("0,00001", "0.00001", 5)]
    [InlineData("1 234,50", "1234.5", 1)]
    [InlineData("42", "42", 0)]
    public void The_exact_parse_keeps_every_decimal_and_counts_them(string text, string expected, int places)
    {
        Assert.True(ImportNumber.TryParseExact(text, out var value, out var decimals));
        Assert.Equal(decimal.Parse(expected, CultureInfo.InvariantCulture), value);
        Assert.Equal(places, decimals);
    }

    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+7 999", "'+7 999")]
    [InlineData("-42", "'-42")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("Иванов", "Иванов")]
    public void Formula_like_text_is_neutralised_with_an_apostrophe(string text, string expected) =>
        Assert.Equal(expected, SpreadsheetText.Neutralise(text));
}
