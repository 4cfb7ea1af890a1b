using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using KpiPlanner.Domain.Organisation;
using KpiPlanner.Infrastructure.Demo;
using KpiPlanner.Infrastructure.Identity;
using KpiPlanner.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KpiPlanner.IntegrationTests;

/// <summary>
/// <c>GET /api/employees/{id}/scheme-document.pdf</c> on the demo company: the document of the demo sales manager's
/// 50/50 scheme in both languages, read back with pdftotext, and who may download whose.
/// </summary>
[Collection(AppCollection.Name)]
public sealed partial class SchemeDocumentApiTests(KpiAppFactory app) : IAsyncLifetime
{
    private const string CoffeeManagerEmail = "coffee-manager@demo.local";

    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private static string Url(int id, string query = "") => $"/api/employees/{id}/scheme-document.pdf{query}";

    private async Task<HttpClient> ClientAsync(string email, string language = "ru-RU")
    {
        var client = app.CreateClient();
        var token = await client.AccessTokenAsync(email, DemoData.Password);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        return client;
    }

    private static string Flat(string text) => Spaces().Replace(text, " ");

    [GeneratedRegex(@"[\s\u00A0\u202F]+")]
    private static partial Regex Spaces();

    [Fact]
    public async Task The_employee_downloads_their_own_scheme_in_Russian_with_the_check_of_the_50_50_scheme()
    {
        var client = await ClientAsync(DemoData.EmployeeEmail);
        var id = await app.EmployeeIdAsync("0101");

        var response = await client.GetAsync(Url(id, "?month=2026-11&culture=ru"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("scheme-0101-2026-11.pdf", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        var text = Flat(Pdf.Text(await response.Content.ReadAsByteArrayAsync(), "api-0101-ru"));
        Assert.Contains("Мотивационная схема сотрудника", text);
        Assert.Contains("на ноябрь 2026", text);
        Assert.Contains("Организация ООО «Зерно»", text);
        Assert.Contains("Сотрудник Иванов Иван Сергеевич", text);
        Assert.Contains("Табельный номер 0101", text);
        Assert.Contains("Подразделение Отдел продаж", text);
        Assert.Contains("Должность Менеджер по продажам", text);
        Assert.Contains("Мотивационная схема Менеджер по продажам: 50 на 50", text);
        Assert.Contains("Действует с 01.01.2025", text);
        Assert.Contains("Фиксированная часть (оклад) 15 000,00 ₽", text);
        Assert.Contains("Плановая сумма переменной части 15 000,00 ₽", text);
        Assert.Contains("1 KPI1. Выполнение плана", text);
        // The month's plan of the sales KPI, from the grid, in its unit (money).
        await using (var db = app.CreateDbContext())
        {
            var plan = await db.MonthlyKpiValues.Where(v => v.EmployeeId == id && v.Month == new DateOnly(2026, 11, 1) && v.KpiKey == "sales_volume")
                .Select(v => v.Plan).SingleOrDefaultAsync();
            Assert.Contains("План на", text);
            Assert.Contains(plan is { } p ? Flat(p.ToString(p == decimal.Truncate(p) ? "C0" : "C2", System.Globalization.CultureInfo.GetCultureInfo("ru-RU"))) : "не задан", text);
        }

        Assert.Contains("Итого 100", text);
        Assert.Contains("План/факт: факт ÷ план", text);
        Assert.Contains("K2 — коэффициент показателя «Выполнение плана работ (встречи с клиентами)»", text);
        Assert.Contains("ЗП = 15 000,00 ₽ + 15 000,00 ₽ × (50 % × K1 + 50 % × K2)", text);

        // The demo scale is the article's table 3 (0 / 0,5 / 1 / 1,2 / 1,5): min 15 000 + 0, plan 30 000, max 15 000 + 15 000 × 1,5.
        Assert.Contains("Минимум K1 = 0; K2 = 0 0,00 ₽ 15 000,00 ₽", text);
        Assert.Contains("План (все KPI выполнены) K1 = 1; K2 = 1 15 000,00 ₽ 30 000,00 ₽", text);
        Assert.Contains("Максимум K1 = 1,5; K2 = 1,5 22 500,00 ₽ 37 500,00 ₽", text);
        // The matrix, rows K1 = 0,5 and K1 = 1,5: 15 000 + 15 000 × (50 % × K1 + 50 % × K2) for K2 = 0 / 0,5 / 1 / 1,2 / 1,5.
        Assert.Contains("18 750,00 ₽ 22 500,00 ₽ 26 250,00 ₽ 27 750,00 ₽ 30 000,00 ₽", text);
        Assert.Contains("26 250,00 ₽ 30 000,00 ₽ 33 750,00 ₽ 35 250,00 ₽ 37 500,00 ₽", text);
        Assert.Contains("Ознакомлен(а):", text);
        Assert.Contains("Кузнецов Андрей Павлович", text); // the head of sales signs as head
    }

    [Fact]
    public async Task HR_gets_the_English_document_from_the_culture_query_or_the_request_language_for_the_current_month()
    {
        var id = await app.EmployeeIdAsync("0101");
        var russianClient = await ClientAsync(DemoData.HrEmail, "ru-RU");
        var englishClient = await ClientAsync(DemoData.HrEmail, "en-US");

        var byQuery = await russianClient.GetAsync(Url(id, "?culture=en&month=2026-11"));
        var byLanguage = await englishClient.GetAsync(Url(id));

        Assert.Equal(HttpStatusCode.OK, byQuery.StatusCode);
        var text = Flat(Pdf.Text(await byQuery.Content.ReadAsByteArrayAsync(), "api-0101-en"));
        Assert.Contains("Employee motivation scheme", text);
        Assert.Contains("for November 2026", text);
        Assert.Contains("Personnel number 0101", text);
        Assert.Contains("In force from 1 Jan 2025", text);
        Assert.Contains("Fixed part (base salary) ₽15,000.00", text);
        Assert.Contains("Minimum K1 = 0; K2 = 0 ₽0.00 ₽15,000.00", text);
        Assert.Contains("Plan (every KPI met) K1 = 1; K2 = 1 ₽15,000.00 ₽30,000.00", text);
        Assert.Contains("Maximum K1 = 1.5; K2 = 1.5 ₽22,500.00 ₽37,500.00", text);
        Assert.Contains("₽18,750.00 ₽22,500.00 ₽26,250.00 ₽27,750.00 ₽30,000.00", text);
        Assert.DoesNotContain("Мотивационная схема сотрудника", text);

        Assert.Equal(HttpStatusCode.OK, byLanguage.StatusCode);
        Assert.Equal($"scheme-0101-{FactsTestSupport.MonthKey(FactsTestSupport.CurrentMonth)}.pdf", byLanguage.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Contains("Employee motivation scheme", Pdf.Text(await byLanguage.Content.ReadAsByteArrayAsync(), "api-0101-en-current"));
    }

    [Fact]
    public async Task An_employee_asking_for_someone_else_gets_the_answer_for_an_unknown_id_and_the_owner_and_the_head_of_sales_get_their_people()
    {
        var ivanov = await app.EmployeeIdAsync("0101");
        var petrova = await app.EmployeeIdAsync("0102");

        var employee = await ClientAsync(DemoData.EmployeeEmail);
        var other = await employee.GetAsync(Url(petrova, "?month=2026-11"));
        var unknown = await employee.GetAsync(Url(999_999, "?month=2026-11"));
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(Detail(await unknown.Content.ReadAsStringAsync()), Detail(await other.Content.ReadAsStringAsync()));
        Assert.Equal("Нет такого сотрудника, или его документ вам недоступен.", Detail(await other.Content.ReadAsStringAsync()));

        var manager = await ClientAsync(DemoData.ManagerEmail);
        Assert.Equal(HttpStatusCode.OK, (await manager.GetAsync(Url(petrova, "?month=2026-11"))).StatusCode);
        var owner = await ClientAsync(DemoData.OwnerEmail);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync(Url(ivanov, "?month=2026-11"))).StatusCode);

        var anonymous = app.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(Url(ivanov))).StatusCode);
    }

    [Fact]
    public async Task The_manager_of_another_department_gets_404_for_a_sales_manager_like_for_an_unknown_id()
    {
        await CreateCoffeeShopManagerAsync();
        var client = await ClientAsync(CoffeeManagerEmail);
        var ivanov = await app.EmployeeIdAsync("0101");
        var barista = await app.EmployeeIdAsync("0202");

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(Url(ivanov, "?month=2026-11"))).StatusCode);
        // Their own barista is theirs to see (the baristas' scheme holds every kind of KPI, an index included); a
        // month before any scheme is in force says so.
        var own = await client.GetAsync(Url(barista, "?month=2026-11"));
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal("application/pdf", own.Content.Headers.ContentType?.MediaType);
        var before = await client.GetAsync(Url(barista, "?month=2024-11"));
        Assert.Equal(HttpStatusCode.NotFound, before.StatusCode);
        using var problem = JsonDocument.Parse(await before.Content.ReadAsStringAsync());
        Assert.Equal("documents.no_scheme", problem.RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task No_scheme_in_force_that_month_an_unknown_employee_and_bad_input_get_clear_problems()
    {
        var client = await ClientAsync(DemoData.HrEmail);
        var head = await app.EmployeeIdAsync("0100");
        var ivanov = await app.EmployeeIdAsync("0101");

        var noScheme = await client.GetAsync(Url(head, "?month=2026-11"));
        Assert.Equal(HttpStatusCode.NotFound, noScheme.StatusCode);
        using (var problem = JsonDocument.Parse(await noScheme.Content.ReadAsStringAsync()))
        {
            Assert.Equal("Нет мотивационной схемы", problem.RootElement.GetProperty("title").GetString());
            Assert.Equal(
                "У сотрудника Кузнецов Андрей Павлович нет мотивационной схемы на ноябрь 2026: для должности «Руководитель отдела продаж» нет схемы, действующей в этом месяце.",
                problem.RootElement.GetProperty("detail").GetString());
        }

        // The demo scheme is in force from January 2025: December 2024 has none.
        var before = await client.GetAsync(Url(ivanov, "?month=2024-12&culture=en"));
        Assert.Equal(HttpStatusCode.NotFound, before.StatusCode);
        Assert.Contains("has no motivation scheme for December 2024", await before.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(Url(999_999, "?month=2026-11"))).StatusCode);

        var bad = await client.GetAsync(Url(ivanov, "?month=2026-13&culture=de"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        using var errors = JsonDocument.Parse(await bad.Content.ReadAsStringAsync());
        Assert.True(errors.RootElement.GetProperty("errors").TryGetProperty("month", out _));
        Assert.True(errors.RootElement.GetProperty("errors").TryGetProperty("culture", out _));
    }

    /// <summary>An account for the coffee shop's head (0201), a manager of another department than sales.</summary>
    private async Task CreateCoffeeShopManagerAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        await using var db = app.CreateDbContext();
        var head = await db.Employees.SingleAsync(e => e.PersonnelNumber == "0201");
        var user = new AppUser { UserName = CoffeeManagerEmail, Email = CoffeeManagerEmail, EmailConfirmed = true, EmployeeId = head.Id };
        Assert.True((await users.CreateAsync(user, DemoData.Password)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, Roles.Manager)).Succeeded);
    }

    private static string? Detail(string problem)
    {
        using var json = JsonDocument.Parse(problem);
        return json.RootElement.GetProperty("detail").GetString();
    }
}
