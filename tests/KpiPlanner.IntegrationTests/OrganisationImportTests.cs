using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using KpiPlanner.Domain.Organisation;
using KpiPlanner.Infrastructure.Demo;
using KpiPlanner.Testing;
using KpiPlanner.Web.Features.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using Npgsql;

namespace KpiPlanner.IntegrationTests;

/// <summary>
/// The organisation import on the real database: all or nothing with every bad row named, upsert by personnel number
/// (the same file twice changes nothing), department paths created once, head flags; and the fixes around it —
/// one head post per person, optimistic concurrency on cards and departments, a unique e-mail in the database.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class OrganisationImportTests(KpiAppFactory app) : IAsyncLifetime
{
    private const string Header = "Табельный номер;Фамилия;Имя;Отчество;E-mail;Подразделение;Должность;Руководитель подразделения;Дата приёма;Дата увольнения";
    private AsyncServiceScope scope;
    private OrganisationImportService import = default!;
    private OrganisationService organisation = default!;

    /// <summary>HR, whose duties these services check on every call.</summary>
    private KpiPlanner.Web.Security.UserContext HrActor = null!;

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        scope = app.Services.CreateAsyncScope();
        HrActor = await app.ActorAsync(KpiPlanner.Infrastructure.Demo.DemoData.HrEmail);
        import = ActivatorUtilities.CreateInstance<OrganisationImportService>(scope.ServiceProvider);
        organisation = ActivatorUtilities.CreateInstance<OrganisationService>(scope.ServiceProvider);
    }

    public async Task DisposeAsync() => await scope.DisposeAsync();

    [Fact]
    public async Task One_bad_row_applies_nothing_and_is_named_by_row_column_and_reason()
    {
        UseRussian();
        var before = await SnapshotAsync();
        var csv = Header + "\r\n"
            + "0500;Кравцова;Вера;Львовна;kravtsova@demo.local;Коммерческая служба / Отдел B2B;Менеджер по работе с ключевыми клиентами;нет;01.06.2026;\r\n"
            + "0102;Петрова;Елена;Александровна;;Отдел продаж;;;;\r\n"
            + "0501;Орлов;Олег;;;Отдел продаж;Менеджер по продажам;;31.02.2026;\r\n"
            + "0502;Седов;Илья;;employee@demo.local;Отдел продаж;Менеджер по продажам;может быть;2026-06-01;\r\n";

        var result = await ImportCsvAsync(csv);

        Assert.False(result.Succeeded);
        Assert.Collection(
            result.Errors,
            e =>
            {
                Assert.Equal(4, e.Row);
                Assert.Equal("Дата приёма", e.Column);
                Assert.Equal("«31.02.2026» — не дата. Укажите дату как 01.06.2026 или 2026-06-01.", e.Message);
            },
            e =>
            {
                Assert.Equal(5, e.Row);
                Assert.Equal("E-mail", e.Column);
                Assert.Contains("employee@demo.local", e.Message, StringComparison.Ordinal);
                Assert.Contains("Иванов", e.Message, StringComparison.Ordinal);
            },
            e =>
            {
                Assert.Equal(5, e.Row);
                Assert.Equal("Руководитель подразделения", e.Column);
                Assert.Contains("«может быть»", e.Message, StringComparison.Ordinal);
            });
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task The_same_file_twice_hires_and_updates_once_and_then_changes_nothing()
    {
        UseRussian();
        var rows = new[]
        {
            new Dictionary<string, object?>
            {
                ["Табельный номер"] = "0500", ["ФИО"] = "Кравцова Вера Львовна", ["E-mail"] = "kravtsova@demo.local",
                ["Подразделение"] = DemoData.SalesDepartmentName, ["Должность"] = DemoData.SalesManagerPosition, ["Дата приёма"] = new DateTime(2026, 6, 1),
            },
            new Dictionary<string, object?>
            {
                ["Табельный номер"] = "0103", ["ФИО"] = "Смирнов Дмитрий Олегович", ["E-mail"] = "smirnov@demo.local",
                ["Подразделение"] = null, ["Должность"] = null, ["Дата приёма"] = "2019-09-02",
            },
        };
        using var output = new MemoryStream();
        MiniExcel.SaveAs(output, rows, excelType: ExcelType.XLSX);
        var file = output.ToArray();

        var first = await import.ImportAsync(HrActor, new MemoryStream(file), "сотрудники.xlsx");
        var afterFirst = await SnapshotAsync();
        var second = await import.ImportAsync(HrActor, new MemoryStream(file), "сотрудники.xlsx");

        Assert.True(first.Succeeded, string.Join("; ", first.Errors.Select(e => $"{e.Row} {e.Column}: {e.Message}")));
        Assert.Equal((1, 1, 0), (first.Done.Created, first.Done.Updated, first.Done.Unchanged));
        Assert.True(second.Succeeded);
        Assert.Equal((0, 0, 2, 0), (second.Done.Created, second.Done.Updated, second.Done.Unchanged, second.Done.HeadsChanged));
        Assert.Empty(second.Done.DepartmentsCreated);
        Assert.Equal(afterFirst, await SnapshotAsync());

        await using var db = app.CreateDbContext();
        var vera = await db.Employees.Include(e => e.Department).Include(e => e.Position).SingleAsync(e => e.PersonnelNumber == "0500");
        Assert.Equal(("Кравцова", "Вера", "Львовна"), (vera.LastName, vera.FirstName, vera.MiddleName));
        Assert.Equal((DemoData.SalesDepartmentName, DemoData.SalesManagerPosition, new DateOnly(2026, 6, 1)), (vera.Department.Name, vera.Position.Name, vera.HireDate));
        var smirnov = await db.Employees.Include(e => e.Department).SingleAsync(e => e.PersonnelNumber == "0103");
        Assert.Equal("smirnov@demo.local", smirnov.Email);
        Assert.Equal(DemoData.SalesDepartmentName, smirnov.Department.Name); // empty cell: left as it was
    }

    [Fact]
    public async Task A_department_path_creates_each_missing_level_once_under_the_company()
    {
        UseRussian();
        var csv = Header + "\r\n"
            + "0500;Кравцова;Вера;;;Коммерческая служба / Отдел B2B / Группа «Москва»;Менеджер B2B;да;01.06.2026;\r\n"
            + "0501;Орлов;Олег;;;коммерческая служба / отдел b2b / группа «москва»;менеджер b2b;;01.06.2026;\r\n"
            + "0502;Седов;Илья;;;" + DemoData.CompanyName + " / Коммерческая служба;Коммерческий директор;да;01.06.2026;\r\n"
            + "0503;Титова;Анна;;;" + DemoData.SalesDepartmentName + ";" + DemoData.SalesManagerPosition + ";;01.06.2026;\r\n";

        var result = await ImportCsvAsync(csv);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => $"{e.Row} {e.Column}: {e.Message}")));
        Assert.Equal(4, result.Done.Created);
        Assert.Equal(
            [
                "Коммерческая служба",
                "Коммерческая служба / Отдел B2B",
                "Коммерческая служба / Отдел B2B / Группа «Москва»",
            ],
            result.Done.DepartmentsCreated);
        Assert.Equal(["Коммерческий директор", "Менеджер B2B"], result.Done.PositionsCreated);

        await using var db = app.CreateDbContext();
        var company = await db.Departments.SingleAsync(d => d.Name == DemoData.CompanyName);
        var division = await db.Departments.SingleAsync(d => d.Name == "Коммерческая служба");
        var b2b = await db.Departments.SingleAsync(d => d.Name == "Отдел B2B");
        var group = await db.Departments.SingleAsync(d => d.Name == "Группа «Москва»");
        Assert.Equal((company.Id, division.Id, b2b.Id), (division.ParentId!.Value, b2b.ParentId!.Value, group.ParentId!.Value));
        var people = await db.Employees.Where(e => e.PersonnelNumber.StartsWith("050")).ToDictionaryAsync(e => e.PersonnelNumber);
        Assert.Equal(group.Id, people["0500"].DepartmentId);
        Assert.Equal(group.Id, people["0501"].DepartmentId);
        Assert.Equal(division.Id, people["0502"].DepartmentId);
        Assert.Equal((people["0500"].Id, people["0502"].Id), (group.HeadId!.Value, division.HeadId!.Value));
        Assert.Equal(DemoData.SalesDepartmentName, (await db.Departments.SingleAsync(d => d.Id == people["0503"].DepartmentId)).Name);
        Assert.Single(await db.Positions.Where(p => p.Name == "Менеджер B2B").ToListAsync());
    }

    [Fact]
    public async Task The_template_lists_the_organisation_and_imports_back_without_a_change()
    {
        UseRussian();
        var before = await SnapshotAsync();
        var template = await import.TemplateAsync(HrActor, "xlsx");
        var csvTemplate = await import.TemplateAsync(HrActor, "csv");

        var fromXlsx = await import.ImportAsync(HrActor, new MemoryStream(template.Content), template.FileName);
        var fromCsv = await import.ImportAsync(HrActor, new MemoryStream(csvTemplate.Content), csvTemplate.FileName);

        Assert.EndsWith(".xlsx", template.FileName, StringComparison.Ordinal);
        var text = Encoding.UTF8.GetString(csvTemplate.Content);
        Assert.Contains("0100;Кузнецов;Андрей;Павлович;manager@demo.local;Отдел продаж;", text, StringComparison.Ordinal);
        Assert.Contains(";да;03.06.2019;", text, StringComparison.Ordinal);
        Assert.True(fromXlsx.Succeeded, string.Join("; ", fromXlsx.Errors.Select(e => $"{e.Row} {e.Column}: {e.Message}")));
        Assert.True(fromCsv.Succeeded, string.Join("; ", fromCsv.Errors.Select(e => $"{e.Row} {e.Column}: {e.Message}")));
        Assert.Equal((0, 0, 0), (fromXlsx.Done.Created, fromXlsx.Done.Updated, fromXlsx.Done.HeadsChanged));
        Assert.Equal((0, 0, 0), (fromCsv.Done.Created, fromCsv.Done.Updated, fromCsv.Done.HeadsChanged));
        Assert.True(fromXlsx.Done.Unchanged >= 10);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task A_head_flag_moves_the_post_and_a_head_moved_out_no_longer_heads_the_old_department()
    {
        UseRussian();
        var appoint = await ImportCsvAsync(Header + "\r\n0102;;;;;;;да;;\r\n");
        var sales = await HeadOfAsync(DemoData.SalesDepartmentName);

        var move = await ImportCsvAsync(Header + "\r\n0102;;;;;" + DemoData.CoffeeShopName + ";;;;\r\n");

        Assert.True(appoint.Succeeded, string.Join("; ", appoint.Errors.Select(e => e.Message)));
        Assert.Equal("0102", sales);
        Assert.True(move.Succeeded, string.Join("; ", move.Errors.Select(e => e.Message)));
        Assert.Null(await HeadOfAsync(DemoData.SalesDepartmentName));
    }

    [Fact]
    public async Task Appointing_a_head_who_still_heads_another_department_vacates_that_post()
    {
        UseRussian();
        var coffee = await DepartmentIdAsync(DemoData.CoffeeShopName);
        var kuznetsov = (await organisation.EmployeesAsync(HrActor, "0100")).Single();
        // Moved to the coffee shop outside the app: still registered as the head of sales.
        await using (var db = app.CreateDbContext())
        {
            await db.Database.ExecuteSqlInterpolatedAsync($"UPDATE employees SET department_id = {coffee} WHERE id = {kuznetsov.Id}");
        }

        var appointed = await organisation.AppointHeadAsync(HrActor, coffee, kuznetsov.Id);

        Assert.True(appointed.Succeeded, string.Join("; ", appointed.Errors));
        Assert.Equal("0100", await HeadOfAsync(DemoData.CoffeeShopName));
        Assert.Null(await HeadOfAsync(DemoData.SalesDepartmentName));
    }

    [Fact]
    public async Task Moving_the_head_to_another_department_on_the_card_vacates_their_old_post()
    {
        UseRussian();
        var kuznetsov = (await organisation.EmployeesAsync(HrActor, "0100")).Single();
        var card = (await organisation.EmployeeAsync(HrActor, kuznetsov.Id))!;
        card.DepartmentId = await DepartmentIdAsync(DemoData.CoffeeShopName);

        var saved = await organisation.UpdateEmployeeAsync(HrActor, kuznetsov.Id, card);

        Assert.True(saved.Succeeded, string.Join("; ", saved.Errors));
        Assert.Null(await HeadOfAsync(DemoData.SalesDepartmentName));
    }

    [Fact]
    public async Task Saving_a_card_or_a_department_someone_else_changed_meanwhile_is_refused_with_a_clear_message()
    {
        UseRussian();
        var petrova = (await organisation.EmployeesAsync(HrActor, "0102")).Single();
        var mine = (await organisation.EmployeeAsync(HrActor, petrova.Id))!;
        var theirs = (await organisation.EmployeeAsync(HrActor, petrova.Id))!;
        theirs.Email = "petrova.e@demo.local";
        Assert.True((await organisation.UpdateEmployeeAsync(HrActor, petrova.Id, theirs)).Succeeded);
        mine.LastName = "Петрова-Сидорова";

        var refused = await organisation.UpdateEmployeeAsync(HrActor, petrova.Id, mine);

        Assert.Equal(
            "Карточку сотрудника Петрова-Сидорова Елена за это время изменил другой пользователь. Ваши правки не сохранены: закройте окно, откройте карточку снова и повторите.",
            Assert.Single(refused.Errors));
        Assert.Equal("Петрова", (await organisation.EmployeesAsync(HrActor, "0102")).Single().FullName.Split(' ')[0]);

        var seen = (await organisation.DepartmentsAsync(HrActor)).Single(d => d.Name == DemoData.CoffeeShopName);
        Assert.True((await organisation.RenameDepartmentAsync(HrActor, seen.Id, "Кофейня на Тверской", seen.Version)).Succeeded);
        var stale = await organisation.RenameDepartmentAsync(HrActor, seen.Id, "Кофейня на Арбате", seen.Version);
        Assert.Equal(
            "Подразделение «Кофейня на Тверской» за это время изменил другой пользователь. Закройте окно, обновите страницу и повторите.",
            Assert.Single(stale.Errors));
    }

    [Fact]
    public async Task The_database_refuses_a_second_employee_with_the_same_email_in_another_case()
    {
        UseRussian();
        await using var db = app.CreateDbContext();
        var sales = await db.Departments.SingleAsync(d => d.Name == DemoData.SalesDepartmentName);
        var position = await db.Positions.SingleAsync(p => p.Name == DemoData.SalesManagerPosition);
        db.Employees.Add(new Employee("0600", "Дубль", "Иван", null, sales, position, new DateOnly(2026, 1, 1), DemoData.EmployeeEmail.ToUpperInvariant()));

        var e = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());

        var postgres = Assert.IsType<PostgresException>(e.InnerException);
        Assert.Equal((PostgresErrorCodes.UniqueViolation, "ux_employees_email"), (postgres.SqlState, postgres.ConstraintName));
    }

    [Fact]
    public async Task HR_downloads_the_template_over_http_and_a_manager_may_not()
    {
        UseRussian();
        async Task<HttpClient> ClientAsync(string email)
        {
            var client = app.CreateClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await client.AccessTokenAsync(email, DemoData.Password));
            client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ru-RU");
            return client;
        }

        var hr = await ClientAsync(DemoData.HrEmail);
        var xlsx = await hr.GetAsync("/api/organisation/template");
        var csv = await hr.GetAsync("/api/organisation/template?format=csv");
        var pdf = await hr.GetAsync("/api/organisation/template?format=pdf");
        var manager = await (await ClientAsync(DemoData.ManagerEmail)).GetAsync("/api/organisation/template");

        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        Assert.Equal(OrganisationImportService.XlsxContentType, xlsx.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("sotrudniki-", xlsx.Content.Headers.ContentDisposition!.FileName?.Trim('"'), StringComparison.Ordinal);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith(Header, Encoding.UTF8.GetString((await csv.Content.ReadAsByteArrayAsync()).AsSpan(3)), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, pdf.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, manager.StatusCode);
    }

    /// <summary>Messages and dates in Russian (set in the test itself: a culture set in InitializeAsync does not flow here).</summary>
    private static void UseRussian()
    {
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("ru-RU");
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("ru-RU");
    }

    private Task<OrganisationImportResult> ImportCsvAsync(string csv) =>
        import.ImportAsync(HrActor, new MemoryStream([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv)]), "сотрудники.csv");

    private async Task<int> DepartmentIdAsync(string name)
    {
        await using var db = app.CreateDbContext();
        return await db.Departments.Where(d => d.Name == name).Select(d => d.Id).SingleAsync();
    }

    private async Task<string?> HeadOfAsync(string department)
    {
        await using var db = app.CreateDbContext();
        return await db.Departments.Where(d => d.Name == department).Select(d => d.Head == null ? null : d.Head.PersonnelNumber).SingleAsync();
    }

    /// <summary>Every department, position and employee card, to prove nothing changed.</summary>
    private async Task<string> SnapshotAsync()
    {
        await using var db = app.CreateDbContext();
        var departments = await db.Departments.AsNoTracking().OrderBy(d => d.Id).Select(d => $"{d.Id}|{d.Name}|{d.ParentId}|{d.HeadId}").ToListAsync();
        var positions = await db.Positions.AsNoTracking().OrderBy(p => p.Id).Select(p => $"{p.Id}|{p.Name}").ToListAsync();
        var employees = await db.Employees.AsNoTracking().OrderBy(e => e.Id)
            .Select(e => $"{e.Id}|{e.PersonnelNumber}|{e.LastName}|{e.FirstName}|{e.MiddleName}|{e.Email}|{e.DepartmentId}|{e.PositionId}|{e.HireDate}|{e.LeaveDate}")
            .ToListAsync();
        return string.Join("\n", departments.Concat(positions).Concat(employees));
    }
}
