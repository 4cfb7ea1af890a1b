using System.Globalization;
using System.Text;
using KpiPlanner.Domain.Organisation;
using KpiPlanner.Domain.Planning;
using KpiPlanner.Infrastructure.Demo;
using KpiPlanner.Testing;
using KpiPlanner.Web.Security;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace KpiPlanner.IntegrationTests;

/// <summary>Files, people and months for the facts import and API tests.</summary>
internal static class FactsTestSupport
{
    public static readonly CultureInfo Russian = CultureInfo.GetCultureInfo("ru-RU");

    /// <summary>The demo's current month (open, every sales manager but the newest employed, with the demo scheme).</summary>
    public static DateOnly CurrentMonth => TestClock.ThisMonth;

    public static string MonthKey(DateOnly month) => Period.Key(month);

    public static async Task<UserContext> ActorAsync(this KpiAppFactory app, string email)
    {
        await using var db = app.CreateDbContext();
        var user = await db.Users.SingleAsync(u => u.Email == email);
        return await AccessScopes.ForAccountAsync(db, user.Id) ?? throw new InvalidOperationException($"No account {email}.");
    }

    /// <summary>A client signed in as <paramref name="email"/> with a bearer token, asking for <paramref name="language"/>.</summary>
    public static async Task<HttpClient> BearerClientAsync(this KpiAppFactory app, string email, string language = "ru-RU")
    {
        var client = app.CreateClient();
        var token = await client.AccessTokenAsync(email, DemoData.Password);
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        return client;
    }

    public static async Task<int> EmployeeIdAsync(this KpiAppFactory app, string personnelNumber)
    {
        await using var db = app.CreateDbContext();
        return await db.Employees.Where(e => e.PersonnelNumber == personnelNumber).Select(e => e.Id).SingleAsync();
    }

    public static async Task<MonthlyKpiValue?> ValueAsync(this KpiAppFactory app, string personnelNumber, DateOnly month, string key)
    {
        await using var db = app.CreateDbContext();
        var id = await db.Employees.Where(e => e.PersonnelNumber == personnelNumber).Select(e => e.Id).SingleAsync();
        return await db.MonthlyKpiValues.AsNoTracking().SingleOrDefaultAsync(v => v.EmployeeId == id && v.Month == month && v.KpiKey == key);
    }

    /// <summary>A fingerprint of every plan and fact of a month, to prove nothing changed.</summary>
    public static async Task<string> SnapshotAsync(this KpiAppFactory app, DateOnly month)
    {
        await using var db = app.CreateDbContext();
        var rows = await db.MonthlyKpiValues.AsNoTracking().Where(v => v.Month == month)
            .OrderBy(v => v.EmployeeId).ThenBy(v => v.KpiKey)
            .Select(v => new { v.EmployeeId, v.KpiKey, v.Plan, v.Fact, v.UpdatedAt })
            .ToListAsync();
        return string.Join("\n", rows.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.EmployeeId}|{r.KpiKey}|{r.Plan}|{r.Fact}|{r.UpdatedAt:O}")));
    }

    public static async Task CloseAsync(this KpiAppFactory app, DateOnly month)
    {
        await using var db = app.CreateDbContext();
        var period = await db.Periods.SingleOrDefaultAsync(p => p.Month == month);
        if (period is null)
        {
            period = new Period(month);
            db.Periods.Add(period);
        }

        period.CloseThroughLifecycle();
        await db.SaveChangesAsync();
    }

    /// <summary>Adds <paramref name="count"/> sales managers (personnel numbers T00001…) so big files have distinct rows.</summary>
    public static async Task AddSalesManagersAsync(this KpiAppFactory app, int count)
    {
        await using var db = app.CreateDbContext();
        var sales = await db.Departments.SingleAsync(d => d.Name == DemoData.SalesDepartmentName);
        var position = await db.Positions.SingleAsync(p => p.Name == DemoData.SalesManagerPosition);
        for (var i = 1; i <= count; i++)
        {
            db.Employees.Add(new Employee(Number(i), "Тестов", "Сотрудник", null, sales, position, new DateOnly(2020, 1, 1)));
        }

        await db.SaveChangesAsync();
    }

    public static string Number(int i) => "T" + i.ToString("00000", CultureInfo.InvariantCulture);

    /// <summary>An .xlsx with the given header and rows (strings stay text, decimals become number cells).</summary>
    public static byte[] Xlsx(string[] header, IEnumerable<object?[]> rows)
    {
        var sheet = rows.Select(r =>
        {
            var row = new Dictionary<string, object?>();
            for (var i = 0; i < header.Length; i++)
            {
                row[header[i]] = i < r.Length ? r[i] : null;
            }

            return (IDictionary<string, object?>)row;
        }).ToList();
        using var output = new MemoryStream();
        MiniExcel.SaveAs(output, sheet, printHeader: true, excelType: ExcelType.XLSX);
        return output.ToArray();
    }

    public static byte[] Csv(string text, bool bom = true) =>
        [.. (bom ? new UTF8Encoding(true).GetPreamble() : []), .. Encoding.UTF8.GetBytes(text)];

    public static readonly string[] RussianHeader = ["Табельный номер", "Сотрудник", "Показатель", "План", "Факт"];
}
