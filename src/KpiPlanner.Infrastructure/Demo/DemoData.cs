using System.Globalization;
using KpiPlanner.Domain.Goals;
using KpiPlanner.Domain.Kpis;
using KpiPlanner.Domain.Organisation;
using KpiPlanner.Domain.Payroll;
using KpiPlanner.Domain.Planning;
using KpiPlanner.Domain.Scales;
using KpiPlanner.Domain.Schemes;
using KpiPlanner.Infrastructure.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace KpiPlanner.Infrastructure.Demo;

/// <summary>
/// The demo company, loaded only in demo mode — the embedded database of an app that listens on loopback alone (its
/// accounts' password is published; Web's <c>DemoMode</c> decides) —, never into a configured production database. It grows with the features: now the organisation — the article's coffee
/// shop with two baristas paid by every kind of KPI (growth, an average, a time regulation, an aggregated index), a sales
/// department of 13 managers with their head, and a marketing department of two lead marketers whose leads, clients in
/// work and contracts make the dashboards' sales funnel — and one user per role.
/// Idempotent: running it twice adds nothing.
/// </summary>
public sealed partial class DemoData(KpiDbContext db, UserManager<AppUser> users, RoleManager<IdentityRole> roles, TimeProvider time,
    KpiPlanner.Infrastructure.Payroll.PayrollService payroll, ILogger<DemoData> logger)
{
    public const string Table3ScaleName = "Шкала из статьи (таблица 3)";
    public const string Table3CappedScaleName = "Шкала из статьи с потолком 1";
    public const string Table6ScaleName = "Три уровня: 0,5 / 1 / 1,5 (таблица 6)";
    public const string SalesSchemeName = "Менеджер по продажам: 50 на 50";
    public const string SalesManagerPosition = "Менеджер по продажам";
    public const string MarketingSchemeName = "Маркетолог по лидам: 70 на 30";
    public const string MarketerPosition = "Маркетолог по лидам";

    /// <summary>The demo scheme applies from this day on, so the demo's months of history all have a scheme.</summary>
    public static readonly DateOnly SchemeEffectiveFrom = new(2025, 1, 1);

    public const string Password = "Demo123!";
    public const string OwnerEmail = "owner@demo.local";
    public const string HrEmail = "hr@demo.local";
    public const string ManagerEmail = "manager@demo.local";
    public const string EmployeeEmail = "employee@demo.local";

    public const string CompanyName = "ООО «Зерно»";
    public const string SalesDepartmentName = "Отдел продаж";
    public const string CoffeeShopName = "Кофейня на Садовой";
    public const string MarketingDepartmentName = "Отдел маркетинга";

    private static readonly (string Number, string Last, string First, string Middle, string Hired)[] SalesManagers =
    [
        ("0101", "Иванов", "Иван", "Сергеевич", "2022-03-14"),
        ("0102", "Петрова", "Елена", "Александровна", "2021-09-01"),
        ("0103", "Смирнов", "Дмитрий", "Олегович", "2023-02-06"),
        ("0104", "Волкова", "Наталья", "Игоревна", "2020-11-16"),
        ("0105", "Фёдоров", "Алексей", "Николаевич", "2024-04-01"),
        ("0106", "Морозов", "Сергей", "Викторович", "2022-07-18"),
        ("0107", "Николаева", "Татьяна", "Петровна", "2023-10-02"),
        ("0108", "Орлов", "Максим", "Андреевич", "2021-05-24"),
        ("0109", "Захарова", "Ирина", "Михайловна", "2024-09-09"),
        ("0110", "Соловьёв", "Павел", "Евгеньевич", "2019-08-12"),
        ("0111", "Григорьева", "Анастасия", "Дмитриевна", "2025-01-20"),
        ("0112", "Белов", "Кирилл", "Романович", "2023-06-05"),
    ];

    /// <summary>The newest sales manager, hired on the 1st of the demo's current month (see <see cref="NewcomerHireDate"/>).</summary>
    private static readonly (string Number, string Last, string First, string Middle) Newcomer = ("0113", "Ковалёва", "Дарья", "Сергеевна");

    /// <summary>The personnel number of the sales manager who joined in the current month.</summary>
    public const string NewcomerNumber = "0113";

    /// <summary>
    /// The marketing department: two lead marketers, the first of them heading it, each with a monthly leads plan and a
    /// typical performance against it.
    /// </summary>
    private static readonly (string Number, string Last, string First, string Middle, string Hired, int LeadsPlan, decimal Skill)[] Marketers =
    [
        ("0301", "Воронцова", "Светлана", "Юрьевна", "2021-02-15", 270, 1.03m),
        ("0302", "Жуков", "Артём", "Денисович", "2023-08-21", 230, 0.97m),
    ];

    /// <summary>Loads the demo as of the app clock's today.</summary>
    public Task SeedAsync(CancellationToken cancellationToken = default) =>
        SeedAsync(DateOnly.FromDateTime(time.GetLocalNow().Date), cancellationToken);

    /// <summary>
    /// Loads the demo as of <paramref name="today"/>: its history runs from January of last year to today's month, the
    /// previous month is closed, and the current month holds the facts of the working days so far.
    /// </summary>
    public async Task SeedAsync(DateOnly today, CancellationToken cancellationToken = default)
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                Check(await roles.CreateAsync(new IdentityRole(role)), role);
            }
        }

        if (!await db.Departments.AnyAsync(cancellationToken))
        {
            await SeedOrganisationAsync(today, cancellationToken);
            logger.LogInformation("Demo company {Company} loaded", CompanyName);
        }

        if (!await db.Scales.AnyAsync(cancellationToken))
        {
            await SeedScalesAndSchemeAsync(cancellationToken);
        }

        if (!await db.MonthlyKpiValues.AnyAsync(cancellationToken))
        {
            await SeedHistoryAsync(today, cancellationToken);
            await ClosePreviousMonthAsync(today, cancellationToken);
        }

        if (!await db.Goals.AnyAsync(cancellationToken))
        {
            db.Goals.Add(CoffeeShopGoal(time.GetUtcNow()));
            await db.SaveChangesAsync(cancellationToken);
        }

        if (!await db.Goals.AnyAsync(g => g.Name == SalesGoalName, cancellationToken)
            && await db.Departments.SingleOrDefaultAsync(d => d.Name == SalesDepartmentName, cancellationToken) is { } salesDepartment)
        {
            // The sales department's monthly goal, linked to the team's two KPIs: the plan grid compares the team's
            // plans with it; one node below it is linked to one sales manager (the demo employee) and their sales.
            var person = await db.Employees.SingleOrDefaultAsync(e => e.PersonnelNumber == EmployeePersonnelNumber, cancellationToken);
            db.Goals.Add(new Goal(
                SalesGoalName,
                [
                    new GoalNodeSpec("sales_goal", "Продажи отдела за месяц", KpiUnit.Money, PlanValue: 4_500_000m, DepartmentId: salesDepartment.Id, KpiKey: SalesKpi),
                    new GoalNodeSpec("meetings_goal", "Встречи отдела с клиентами", KpiUnit.Count, PlanValue: 500m, ParentCode: "sales_goal", DepartmentId: salesDepartment.Id, KpiKey: MeetingsKpi),
                    .. person is null ? Array.Empty<GoalNodeSpec>() :
                    [new GoalNodeSpec(EmployeeGoalCode, "Продажи: " + person.ShortName, KpiUnit.Money, PlanValue: 350_000m, ParentCode: "sales_goal", KpiKey: SalesKpi, EmployeeId: person.Id)],
                ],
                time.GetUtcNow(),
                "demo"));
            await db.SaveChangesAsync(cancellationToken);
        }

        await EnsureUserAsync(OwnerEmail, "0001", Roles.Owner);
        await EnsureUserAsync(HrEmail, "0002", Roles.HR);
        await EnsureUserAsync(ManagerEmail, "0100", Roles.Manager);
        await EnsureUserAsync(EmployeeEmail, "0101", Roles.Employee);
    }

    /// <summary>The newest sales manager's first day: the 1st of today's month (so they are on staff on any today).</summary>
    public static DateOnly NewcomerHireDate(DateOnly today) => Period.FirstDay(today);

    private async Task SeedOrganisationAsync(DateOnly today, CancellationToken cancellationToken)
    {
        var company = new Department(CompanyName);
        var people = new Department("Отдел персонала", company);
        var sales = new Department(SalesDepartmentName, company);
        var coffee = new Department(CoffeeShopName, company);
        var marketing = new Department(MarketingDepartmentName, company);
        db.Departments.AddRange(company, people, sales, coffee, marketing);

        var director = new Position("Генеральный директор");
        var hr = new Position("Менеджер по персоналу");
        var headOfSales = new Position("Руководитель отдела продаж");
        var salesManager = new Position("Менеджер по продажам");
        var shopManager = new Position("Управляющий кофейней");
        var barista = new Position("Бариста");
        var marketer = new Position(MarketerPosition);
        db.Positions.AddRange(director, hr, headOfSales, salesManager, shopManager, barista, marketer);

        static DateOnly D(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var owner = new Employee("0001", "Соколова", "Мария", "Андреевна", company, director, D("2019-03-01"), OwnerEmail);
        var hrSpecialist = new Employee("0002", "Лебедева", "Ольга", "Викторовна", people, hr, D("2020-02-10"), HrEmail);
        var head = new Employee("0100", "Кузнецов", "Андрей", "Павлович", sales, headOfSales, D("2019-06-03"), ManagerEmail);
        var shopHead = new Employee("0201", "Морозова", "Анна", "Игоревна", coffee, shopManager, D("2021-04-12"));
        db.Employees.AddRange(owner, hrSpecialist, head, shopHead);
        db.Employees.AddRange(
            new Employee("0202", "Титов", "Егор", "Ильич", coffee, barista, D("2023-05-15")),
            new Employee("0203", "Антонова", "Полина", "Олеговна", coffee, barista, D("2024-08-19")));
        foreach (var m in SalesManagers)
        {
            db.Employees.Add(new Employee(
                m.Number, m.Last, m.First, m.Middle, sales, salesManager, D(m.Hired),
                m.Number == "0101" ? EmployeeEmail : null));
        }

        db.Employees.Add(new Employee(Newcomer.Number, Newcomer.Last, Newcomer.First, Newcomer.Middle, sales, salesManager, NewcomerHireDate(today)));

        var marketers = Marketers.Select(m => new Employee(m.Number, m.Last, m.First, m.Middle, marketing, marketer, D(m.Hired))).ToList();
        db.Employees.AddRange(marketers);

        await db.SaveChangesAsync(cancellationToken);

        // Heads are appointed once the people have ids.
        company.AppointHead(owner);
        people.AppointHead(hrSpecialist);
        sales.AppointHead(head);
        coffee.AppointHead(shopHead);
        marketing.AppointHead(marketers[0]);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// The article's scales (table 3, its cap-at-1 variant, table 6), the sales managers' 50/50 scheme and the lead
    /// marketers' 70/30 scheme.
    /// </summary>
    private async Task SeedScalesAndSchemeAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var ru = CultureInfo.GetCultureInfo("ru-RU");
        var table3 = ScalePresets.ArticleTable3(ru).ToSpec();
        db.Scales.AddRange(
            ScaleTemplate.Create(Table3ScaleName, table3, now).GetValueOrThrow(),
            ScaleTemplate.Create(Table3CappedScaleName, ScalePresets.ArticleTable3CappedAtOne(ru).ToSpec(), now).GetValueOrThrow(),
            ScaleTemplate.Create(Table6ScaleName, ScalePresets.ArticleTable6(ru).ToSpec(), now).GetValueOrThrow());

        var position = await db.Positions.SingleOrDefaultAsync(p => p.Name == SalesManagerPosition, cancellationToken);
        if (position is not null)
        {
            // The article's example: market pay 30 000 ₽ = 15 000 fixed + 15 000 planned variable, two KPIs at 50 %.
            var scheme = new SchemeSpec(
                15_000m,
                15_000m,
                [
                    new SchemeKpiSpec("Выполнение плана продаж", 50m, table3, KpiCode: "sales_volume"),
                    new SchemeKpiSpec("Выполнение плана работ (встречи с клиентами)", 50m, table3, KpiCode: "client_meetings"),
                ],
                Name: SalesSchemeName);
            db.SchemeVersions.Add(SchemeVersion.Create(position.Id, SchemeEffectiveFrom, scheme, now, "demo").GetValueOrThrow());
        }

        var marketer = await db.Positions.SingleOrDefaultAsync(p => p.Name == MarketerPosition, cancellationToken);
        if (marketer is not null)
        {
            // Market pay 40 000 ₽ on the "stable" 70/30 split: 28 000 fixed + 12 000 planned variable. The funnel's
            // top three stages: leads on table 3 capped at 1 (more leads of any quality must not pay more), clients
            // taken into work and contracts signed on table 3. Clients in work count the clients taken into work in the
            // month (a flow, summed over a quarter like the leads and contracts around them), not the month-end stock.
            var scheme = new SchemeSpec(
                28_000m,
                12_000m,
                [
                    new SchemeKpiSpec("Лиды от маркетинга", 40m, ScalePresets.ArticleTable3CappedAtOne(ru).ToSpec(), KpiCode: LeadsKpi),
                    new SchemeKpiSpec("Клиенты в работе", 30m, table3, KpiCode: ClientsInWorkKpi, Aggregation: AggregationRule.Sum),
                    new SchemeKpiSpec("Заключённые договоры", 30m, table3, KpiCode: ContractsKpi),
                ],
                Name: MarketingSchemeName);
            db.SchemeVersions.Add(SchemeVersion.Create(marketer.Id, SchemeEffectiveFrom, scheme, now, "demo").GetValueOrThrow());
        }

        await AddBaristaSchemeAsync(table3, now, cancellationToken);

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Plans and facts for the sales department from January of last year up to the current month — 13 to 24 months, so last year is always whole for year-over-year views and for splitting this
    /// year's goal by last year's seasonality: most people around plan, some below 50 %, a few above 120 %, a dip in
    /// January and May, a peak in December. The current month is in progress: everyone who worked in it before this
    /// month has reported the facts of the working days so far (the month's result × working days elapsed / working
    /// days in the month, production calendar), so the dashboards' run-rate forecasts land near each person's usual
    /// level; the newcomer hired this month has not reported yet. Then the marketing department's funnel over the same
    /// months (see <see cref="AddMarketingHistoryAsync"/>). Deterministic for a given today.
    /// </summary>
    private async Task SeedHistoryAsync(DateOnly today, CancellationToken cancellationToken)
    {
        var current = Period.FirstDay(today);
        var soFar = ShareOfMonthElapsed(today);
        var first = new DateOnly(current.Year - 1, 1, 1);
        var sales = await db.Departments.SingleOrDefaultAsync(d => d.Name == SalesDepartmentName, cancellationToken);
        if (sales is null)
        {
            return;
        }

        var people = await db.Employees
            .Where(e => e.DepartmentId == sales.Id && e.Id != sales.HeadId)
            .OrderBy(e => e.PersonnelNumber)
            .ToListAsync(cancellationToken);
        var random = new Random(20261123);
        var now = time.GetUtcNow();
        for (var month = first; month <= current; month = month.AddMonths(1))
        {
            db.Periods.Add(new Period(month));
        }

        await db.SaveChangesAsync(cancellationToken); // before the values: their first write would otherwise create the rows

        // Each month's sales (whole-month results) against the plans of the people who reported: the market the
        // marketers' funnel follows.
        var reported = new Dictionary<DateOnly, (decimal Plan, decimal Fact)>();

        foreach (var (person, index) in people.Select((p, i) => (p, i)))
        {
            // Each person has a level (the plan) and a typical performance around 100 %.
            var salesPlanBase = 300_000m + (index % 5 * 25_000m);
            var meetingsPlanBase = 36m + (index % 4 * 2m);
            var skill = 88 + random.Next(0, 20);
            for (var month = first; month <= current; month = month.AddMonths(1))
            {
                if (Period.FirstDay(person.HireDate) > month)
                {
                    continue;
                }

                var season = month.Month switch { 1 => 0.8m, 5 => 0.9m, 12 => 1.15m, 3 or 9 => 1.05m, _ => 1m };
                var salesPlan = Math.Round(salesPlanBase * season / 1000m, 0, MidpointRounding.AwayFromZero) * 1000m;
                var meetingsPlan = Math.Round(meetingsPlanBase * season, 0, MidpointRounding.AwayFromZero);
                var salesValue = new MonthlyKpiValue(person.Id, month, SalesKpi);
                var meetingsValue = new MonthlyKpiValue(person.Id, month, MeetingsKpi);
                salesValue.SetPlan(salesPlan, now, "demo");
                meetingsValue.SetPlan(meetingsPlan, now, "demo");

                // The current month: the share of its working days elapsed; nothing yet from a newcomer of this month or
                // before the month's first working day.
                var share = month < current ? 1m : soFar;
                if (share > 0m && (month < current || Period.FirstDay(person.HireDate) < current))
                {
                    var dip = month.Month is 1 or 5 ? -12 : 0;
                    var shock = random.Next(0, 20) switch { 0 => -45, 1 => 28, _ => 0 };
                    var salesPercent = Math.Max(5, skill + dip + shock + random.Next(-12, 13));
                    var meetingsPercent = Math.Max(10, skill + (dip / 2) + random.Next(-15, 16));
                    var salesResult = salesPlan * salesPercent / 100m;
                    salesValue.SetFact(Math.Round(salesResult * share / 100m, 0, MidpointRounding.AwayFromZero) * 100m, now, "demo");
                    meetingsValue.SetFact(Math.Round(meetingsPlan * meetingsPercent / 100m * share, 0, MidpointRounding.AwayFromZero), now, "demo");
                    var sum = reported.GetValueOrDefault(month);
                    reported[month] = (sum.Plan + salesPlan, sum.Fact + salesResult);
                }

                db.MonthlyKpiValues.AddRange(salesValue, meetingsValue);
            }
        }

        await AddMarketingHistoryAsync(first, current, soFar, reported, now, cancellationToken);
        await AddCoffeeShopHistoryAsync(first, current, soFar, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// The share of today's month already worked: working days from the 1st up to and including today over the
    /// month's working days (the official production calendar), as the dashboards' run-rate counts them.
    /// </summary>
    public static decimal ShareOfMonthElapsed(DateOnly today)
    {
        var calendar = new WorkCalendar(RussianProductionCalendar.For(today.Year));
        var month = Period.FirstDay(today);
        var days = calendar.WorkingDaysInMonth(month);
        return days <= 0 ? 1m : (decimal)calendar.WorkingDays(month, today) / days;
    }

    /// <summary>The previous month went through the whole cycle: calculated, approved and closed by HR.</summary>
    private async Task ClosePreviousMonthAsync(DateOnly today, CancellationToken cancellationToken)
    {
        var previous = Period.FirstDay(today).AddMonths(-1);
        var run = await payroll.CalculateAsync(previous, HrEmail, cancellationToken);
        var errors = run.Errors
            .Concat(run.IsValid ? await payroll.ApproveAsync(previous, HrEmail, cancellationToken: cancellationToken) : [])
            .Concat(run.IsValid ? (await payroll.CloseAsync(previous, HrEmail, countMissingAsZero: false, cancellationToken: cancellationToken)).Errors : [])
            .ToList();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("Demo data: closing the previous month: " + string.Join("; ", errors.Select(e => e.Message)));
        }
    }

    private async Task EnsureUserAsync(string email, string personnelNumber, string role)
    {
        if (await users.FindByEmailAsync(email) is not null)
        {
            return;
        }

        var employee = await db.Employees.SingleOrDefaultAsync(e => e.PersonnelNumber == personnelNumber);
        var user = new AppUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            EmployeeId = employee?.Id,
        };
        Check(await users.CreateAsync(user, Password), email);
        Check(await users.AddToRoleAsync(user, role), email);
    }

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(
                $"Demo data: {what}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }
}
