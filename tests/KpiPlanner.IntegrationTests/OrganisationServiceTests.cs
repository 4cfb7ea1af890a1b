using System.Globalization;
using KpiPlanner.Infrastructure.Demo;
using KpiPlanner.Testing;
using KpiPlanner.Web.Features.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KpiPlanner.IntegrationTests;

[Collection(AppCollection.Name)]
public sealed class OrganisationServiceTests(KpiAppFactory app) : IAsyncLifetime
{
    private AsyncServiceScope scope;
    private OrganisationService organisation = default!;

    /// <summary>HR, whose duties these services check on every call.</summary>
    private KpiPlanner.Web.Security.UserContext HrActor = null!;

    public async Task InitializeAsync()
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("ru-RU");
        await app.ResetAsync();
        scope = app.Services.CreateAsyncScope();
        HrActor = await app.ActorAsync(KpiPlanner.Infrastructure.Demo.DemoData.HrEmail);
        // Built from the container's parts, so the tests do not depend on how Program.cs registers the service.
        organisation = ActivatorUtilities.CreateInstance<OrganisationService>(scope.ServiceProvider);
    }

    public async Task DisposeAsync() => await scope.DisposeAsync();

    [Fact]
    public async Task HR_hires_an_employee_and_then_corrects_the_card()
    {
        var sales = await DepartmentId(DemoData.SalesDepartmentName);
        var coffee = await DepartmentId(DemoData.CoffeeShopName);
        var input = NewEmployee("0500", sales, await PositionId(DemoData.SalesManagerPosition));

        var created = await organisation.CreateEmployeeAsync(HrActor, input);

        Assert.True(created.Succeeded, string.Join("; ", created.Errors));
        var row = Assert.Single(await organisation.EmployeesAsync(HrActor, "0500"));
        Assert.Equal("Кравцова Вера Львовна", row.FullName);
        Assert.Equal(DemoData.SalesDepartmentName, row.Department);
        Assert.Equal(DemoData.SalesManagerPosition, row.Position);
        Assert.Equal(new DateOnly(2026, 6, 1), row.HireDate);
        Assert.Contains(await organisation.EmployeesAsync(HrActor, "кравц", sales), e => e.Id == created.Id);
        Assert.Contains(await organisation.EmployeesAsync(HrActor, null, await DepartmentId(DemoData.CompanyName)), e => e.Id == created.Id);
        Assert.DoesNotContain(await organisation.EmployeesAsync(HrActor, null, coffee), e => e.Id == created.Id);

        var edit = (await organisation.EmployeeAsync(HrActor, created.Id!.Value))!;
        edit.LastName = "Кравцова-Белова";
        edit.MiddleName = null;
        edit.Email = "vera@demo.local";
        edit.DepartmentId = coffee;
        edit.PositionId = await PositionId("Бариста");
        edit.LeaveDate = new DateTime(2026, 12, 31);
        var updated = await organisation.UpdateEmployeeAsync(HrActor, created.Id.Value, edit);

        Assert.True(updated.Succeeded, string.Join("; ", updated.Errors));
        row = Assert.Single(await organisation.EmployeesAsync(HrActor, "vera@demo"));
        Assert.Equal("Кравцова-Белова Вера", row.FullName);
        Assert.Equal(DemoData.CoffeeShopName, row.Department);
        Assert.Equal("Бариста", row.Position);
        Assert.Equal(new DateOnly(2026, 12, 31), row.LeaveDate);
    }

    [Fact]
    public async Task A_duplicate_personnel_number_is_refused_with_a_message()
    {
        var input = NewEmployee("0101", await DepartmentId(DemoData.SalesDepartmentName), await PositionId(DemoData.SalesManagerPosition));

        var result = await organisation.CreateEmployeeAsync(HrActor, input);

        Assert.False(result.Succeeded);
        Assert.Equal("Табельный номер: номер 0101 уже у сотрудника Иванов Иван. Укажите другой номер.", Assert.Single(result.Errors));
        Assert.DoesNotContain(await organisation.EmployeesAsync(HrActor, "Кравцова"), _ => true);
    }

    [Fact]
    public async Task A_duplicate_email_is_refused_but_an_empty_one_is_fine()
    {
        var sales = await DepartmentId(DemoData.SalesDepartmentName);
        var manager = await PositionId(DemoData.SalesManagerPosition);
        var input = NewEmployee("0500", sales, manager);
        input.Email = DemoData.EmployeeEmail.ToUpperInvariant();

        var refused = await organisation.CreateEmployeeAsync(HrActor, input);
        input.Email = " ";
        var saved = await organisation.CreateEmployeeAsync(HrActor, input);

        Assert.StartsWith("E-mail: адрес", Assert.Single(refused.Errors), StringComparison.Ordinal);
        Assert.True(saved.Succeeded, string.Join("; ", saved.Errors));
    }

    [Fact]
    public async Task A_leave_date_before_the_hire_date_is_refused_and_names_the_field()
    {
        // Culture set in InitializeAsync does not flow into the test: the date in the message follows the person's culture.
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("ru-RU");
        var input = NewEmployee("0500", await DepartmentId(DemoData.SalesDepartmentName), await PositionId(DemoData.SalesManagerPosition));
        input.LeaveDate = new DateTime(2026, 5, 31);

        var created = await organisation.CreateEmployeeAsync(HrActor, input);

        Assert.Equal(
            "Дата увольнения: не может быть раньше даты приёма (01.06.2026). Исправьте одну из дат или оставьте дату увольнения пустой.",
            Assert.Single(created.Errors));

        var ivanov = (await organisation.EmployeesAsync(HrActor, "0101")).Single();
        var edit = (await organisation.EmployeeAsync(HrActor, ivanov.Id))!;
        edit.LeaveDate = edit.HireDate!.Value.AddDays(-1);
        var updated = await organisation.UpdateEmployeeAsync(HrActor, ivanov.Id, edit);
        Assert.StartsWith("Дата увольнения:", Assert.Single(updated.Errors), StringComparison.Ordinal);
        Assert.Null((await organisation.EmployeesAsync(HrActor, "0101")).Single().LeaveDate);
    }

    [Fact]
    public async Task Missing_fields_are_each_named()
    {
        var result = await organisation.CreateEmployeeAsync(HrActor, new EmployeeInput());

        Assert.Contains("Табельный номер: укажите номер, например 0105.", result.Errors);
        Assert.Contains("Фамилия: укажите фамилию.", result.Errors);
        Assert.Contains("Отдел: выберите отдел из списка.", result.Errors);
        Assert.Contains("Дата приёма: укажите дату приёма на работу.", result.Errors);
    }

    [Fact]
    public async Task The_errors_are_in_English_for_an_English_speaker()
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
        var input = NewEmployee("0101", await DepartmentId(DemoData.SalesDepartmentName), await PositionId(DemoData.SalesManagerPosition));

        var result = await organisation.CreateEmployeeAsync(HrActor, input);

        Assert.Equal("Personnel number: 0101 already belongs to Иванов Иван. Enter another number.", Assert.Single(result.Errors));
    }

    [Fact]
    public async Task Departments_form_a_tree_and_a_department_cannot_move_under_itself_or_its_own_child()
    {
        var sales = await DepartmentId(DemoData.SalesDepartmentName);
        var added = await organisation.AddDepartmentAsync(HrActor, new DepartmentInput { Name = "Группа B2B", ParentId = sales });
        Assert.True(added.Succeeded, string.Join("; ", added.Errors));

        var tree = await organisation.DepartmentsAsync(HrActor);
        Assert.Equal(DemoData.CompanyName, tree[0].Name);
        Assert.Equal(0, tree[0].Depth);
        var salesIndex = tree.ToList().FindIndex(d => d.Id == sales);
        Assert.Equal(added.Id, tree[salesIndex + 1].Id);
        Assert.Equal(2, tree[salesIndex + 1].Depth);
        Assert.Equal("Кузнецов Андрей Павлович", tree[salesIndex].HeadName);
        Assert.True(tree[salesIndex].Headcount > 0);

        var underChild = await organisation.MoveDepartmentAsync(HrActor, sales, added.Id);
        var underItself = await organisation.MoveDepartmentAsync(HrActor, sales, sales);

        Assert.Equal(
            "Вышестоящий отдел: «Группа B2B» входит в «Отдел продаж», поэтому «Отдел продаж» нельзя переместить под него. Выберите отдел вне «Отдел продаж».",
            Assert.Single(underChild.Errors));
        Assert.StartsWith("Вышестоящий отдел: отдел «Отдел продаж» нельзя поместить под самого себя", Assert.Single(underItself.Errors), StringComparison.Ordinal);
        Assert.Equal(await DepartmentId(DemoData.CompanyName), (await organisation.DepartmentsAsync(HrActor)).Single(d => d.Id == sales).ParentId);

        var coffee = await DepartmentId(DemoData.CoffeeShopName);
        var moved = await organisation.MoveDepartmentAsync(HrActor, added.Id!.Value, coffee);
        Assert.True(moved.Succeeded, string.Join("; ", moved.Errors));
        Assert.Equal(coffee, (await organisation.DepartmentsAsync(HrActor)).Single(d => d.Id == added.Id).ParentId);
    }

    [Fact]
    public async Task Department_names_are_unique_under_one_parent()
    {
        var company = await DepartmentId(DemoData.CompanyName);

        var duplicate = await organisation.AddDepartmentAsync(HrActor, new DepartmentInput { Name = " отдел продаж ", ParentId = company });
        var renamed = await organisation.RenameDepartmentAsync(HrActor, await DepartmentId(DemoData.CoffeeShopName), DemoData.SalesDepartmentName);

        Assert.Equal($"Название отдела: в «{DemoData.CompanyName}» уже есть отдел «отдел продаж». Выберите другое название.", Assert.Single(duplicate.Errors));
        Assert.False(renamed.Succeeded);
        var ok = await organisation.RenameDepartmentAsync(HrActor, await DepartmentId(DemoData.CoffeeShopName), "Кофейня на Тверской");
        Assert.True(ok.Succeeded, string.Join("; ", ok.Errors));
    }

    [Fact]
    public async Task HR_appoints_a_head_from_the_department_only_and_can_vacate_the_post()
    {
        var sales = await DepartmentId(DemoData.SalesDepartmentName);
        var petrova = (await organisation.EmployeesAsync(HrActor, "0102")).Single();
        var barista = (await organisation.EmployeesAsync(HrActor, "0202")).Single();
        Assert.Contains(await organisation.HeadCandidatesAsync(HrActor, sales), c => c.Id == petrova.Id);

        var appointed = await organisation.AppointHeadAsync(HrActor, sales, petrova.Id);
        var outsider = await organisation.AppointHeadAsync(HrActor, sales, barista.Id);

        Assert.True(appointed.Succeeded, string.Join("; ", appointed.Errors));
        Assert.Equal(
            $"Руководитель: Титов Егор Ильич не работает в отделе «{DemoData.SalesDepartmentName}». Сначала переведите сотрудника в этот отдел.",
            Assert.Single(outsider.Errors));
        var row = (await organisation.DepartmentsAsync(HrActor)).Single(d => d.Id == sales);
        Assert.Equal(petrova.Id, row.HeadId);
        Assert.Equal("Петрова Елена Александровна", row.HeadName);

        var vacated = await organisation.AppointHeadAsync(HrActor, sales, null);
        Assert.True(vacated.Succeeded);
        Assert.Null((await organisation.DepartmentsAsync(HrActor)).Single(d => d.Id == sales).HeadId);
    }

    [Fact]
    public async Task Positions_are_listed_with_headcount_and_their_names_are_unique()
    {
        var positions = await organisation.PositionsAsync(HrActor);
        Assert.True(positions.Single(p => p.Name == DemoData.SalesManagerPosition).Headcount >= 10);

        var added = await organisation.AddPositionAsync(HrActor, new PositionInput { Name = "Кассир" });
        var duplicate = await organisation.AddPositionAsync(HrActor, new PositionInput { Name = "бариста" });
        var renamedToTaken = await organisation.RenamePositionAsync(HrActor, added.Id!.Value, new PositionInput { Name = "Бариста" });
        var renamed = await organisation.RenamePositionAsync(HrActor, added.Id.Value, new PositionInput { Name = "Старший кассир" });

        Assert.True(added.Succeeded, string.Join("; ", added.Errors));
        Assert.Equal("Название должности: должность «бариста» уже есть. Выберите другое название.", Assert.Single(duplicate.Errors));
        Assert.False(renamedToTaken.Succeeded);
        Assert.True(renamed.Succeeded, string.Join("; ", renamed.Errors));
        Assert.Contains(await organisation.PositionsAsync(HrActor), p => p.Name == "Старший кассир" && p.Headcount == 0);
    }

    private static EmployeeInput NewEmployee(string number, int departmentId, int positionId) => new()
    {
        PersonnelNumber = number,
        LastName = "Кравцова",
        FirstName = "Вера",
        MiddleName = "Львовна",
        DepartmentId = departmentId,
        PositionId = positionId,
        HireDate = new DateTime(2026, 6, 1),
    };

    private async Task<int> DepartmentId(string name)
    {
        await using var db = app.CreateDbContext();
        return await db.Departments.Where(d => d.Name == name).Select(d => d.Id).SingleAsync();
    }

    private async Task<int> PositionId(string name)
    {
        await using var db = app.CreateDbContext();
        return await db.Positions.Where(p => p.Name == name).Select(p => p.Id).SingleAsync();
    }
}
