using KpiPlanner.Domain.Organisation;
using KpiPlanner.Infrastructure.Demo;
using KpiPlanner.Infrastructure.Payroll;
using KpiPlanner.Testing;
using KpiPlanner.Web.Features.PayReview;
using KpiPlanner.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KpiPlanner.IntegrationTests;

/// <summary>
/// The pay review at any headcount (issue 18): PostgreSQL pages, filters, sorts and sums a month's lines; a page
/// never overlaps another; the totals are the sums of every line in scope; and the scope limits the pages and the
/// totals alike. Checked against every line of the month read whole through EF.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class PayReviewPagingTests(KpiAppFactory app) : IAsyncLifetime
{
    private const int Crowd = 330;

    private static DateOnly Month => TestClock.ThisMonth;

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        await app.AddCalculatedAsync(Month, Crowd);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Pages_cover_every_line_once_in_a_stable_order_and_the_totals_are_the_sums_of_all_lines()
    {
        var hr = await app.ActorAsync(DemoData.HrEmail);
        var lines = await LinesAsync();
        Assert.True(lines.Count > Crowd, $"{lines.Count} lines");
        await using var scope = app.Services.CreateAsyncScope();
        var review = scope.ServiceProvider.GetRequiredService<PayReviewService>();

        var month = await review.LoadAsync(hr, Month);
        Assert.NotNull(month);
        Assert.Equal(lines.Count, month.Lines);
        Assert.Equal(lines.Sum(l => l.Fixed), month.Company.Fixed);
        Assert.Equal(lines.Sum(l => l.PlannedVariable), month.Company.PlannedVariable);
        Assert.Equal(lines.Sum(l => l.Variable), month.Company.Variable);
        Assert.Equal(lines.Sum(l => l.Bonus), month.Company.Bonus);
        Assert.Equal(lines.Sum(l => l.Adjustments), month.Company.Adjustments);
        Assert.Equal(1_500m, month.Company.Adjustments); // 100 + 200 + … + 500 ₽ on the first five
        Assert.Equal(lines.Sum(l => l.Total), month.Company.Total);
        Assert.Equal(lines.Count, month.Departments.Sum(d => d.People));
        Assert.Equal(lines.Count(l => l.Department == PayCrowd.Shop), month.Departments.Single(d => d.Name == PayCrowd.Shop).People);
        Assert.Equal(lines.Sum(l => l.Total), month.Departments.Sum(d => d.Total));
        // The filter lists the departments paid in with those above them, as a tree.
        Assert.Equal(new[] { PayCrowd.Network, PayCrowd.North, PayCrowd.Shop, PayCrowd.South },
            month.Choices.SkipWhile(c => c.Name != PayCrowd.Network).Take(4).Select(c => c.Name));
        Assert.Equal(2, month.Choices.Single(c => c.Name == PayCrowd.Shop).Depth);

        var first = await review.PageAsync(hr, Month, new ReviewQuery());
        Assert.NotNull(first);
        Assert.Equal(lines.Count, first.Count);
        Assert.Equal(PayReviewService.DefaultPageSize, first.Rows.Count);
        Assert.Equal(first.Rows.Select(r => r.EmployeeId), (await review.PageAsync(hr, Month, new ReviewQuery()))!.Rows.Select(r => r.EmployeeId));
        Assert.Equal(PayReviewService.MaxPageSize, (await review.PageAsync(hr, Month, new ReviewQuery(PageSize: 100_000)))!.Rows.Count);

        foreach (var (order, descending) in new[] { (PayLineOrder.Department, false), (PayLineOrder.Name, true), (PayLineOrder.Total, true),
                     (PayLineOrder.Adjustments, true), (PayLineOrder.Number, false), (PayLineOrder.Variable, false) })
        {
            var rows = await AllPagesAsync(review, hr, new ReviewQuery(Order: order, Descending: descending, PageSize: 40));
            Assert.Equal(lines.Count, rows.Count);
            Assert.Equal(lines.Select(l => l.EmployeeId).Order(), rows.Select(r => r.EmployeeId).Order()); // each line once
            if (order == PayLineOrder.Total)
            {
                Assert.Equal(rows.Select(r => r.Total).OrderDescending(), rows.Select(r => r.Total));
            }
            else if (order == PayLineOrder.Variable)
            {
                Assert.Equal(rows.Select(r => r.Line.Variable).Order(), rows.Select(r => r.Line.Variable));
            }
            else if (order == PayLineOrder.Adjustments)
            {
                Assert.Equal(new[] { 500m, 400m, 300m, 200m, 100m, 0m }, rows.Take(6).Select(r => r.Line.Adjustments));
            }
        }

        // A row is the line's figures, its due KPIs and time worked, without the explanation.
        var all = await AllPagesAsync(review, hr, new ReviewQuery(PageSize: 200));
        foreach (var row in all)
        {
            var line = lines.Single(l => l.EmployeeId == row.EmployeeId);
            Assert.Equal((line.Number, line.Name, line.Department), (row.Line.PersonnelNumber, row.Name, row.Line.Department));
            Assert.Equal((line.Fixed, line.Variable, line.Bonus, line.Adjustments, line.Total), (row.Line.Fixed, row.Line.Variable, row.Line.Bonus, row.Line.Adjustments, row.Total));
            Assert.Equal(line.Kpis, row.Line.Kpis);
            Assert.Equal(line.Worked, row.Line.Worked);
            Assert.Equal(line.Changed, row.Changed);
        }
    }

    [Fact]
    public async Task Filters_and_search_are_applied_in_the_database_as_the_lines_say()
    {
        var hr = await app.ActorAsync(DemoData.HrEmail);
        var lines = await LinesAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var review = scope.ServiceProvider.GetRequiredService<PayReviewService>();
        var departments = await DepartmentIdsAsync();

        async Task Check(ReviewQuery query, Func<Line, bool> expected, string what)
        {
            var rows = await AllPagesAsync(review, hr, query with { PageSize = 200 });
            var want = lines.Where(expected).Select(l => l.EmployeeId).Order().ToList();
            Assert.True(want.Count > 0 || what == "gated", $"{what}: the data proves nothing");
            Assert.Equal(want, rows.Select(r => r.EmployeeId).Order());
        }

        // A department is its whole subtree.
        await Check(new ReviewQuery(DepartmentId: departments[PayCrowd.Network]), l => l.Number.StartsWith('R'), "network");
        await Check(new ReviewQuery(DepartmentId: departments[PayCrowd.North]), l => l.Department is PayCrowd.North or PayCrowd.Shop, "north");
        await Check(new ReviewQuery(DepartmentId: departments[PayCrowd.Shop]), l => l.Department == PayCrowd.Shop, "shop");
        // Name or personnel number, any case; the pattern's own characters are text.
        await Check(new ReviewQuery(Search: "r0001"), l => l.Number.Contains("R0001", StringComparison.Ordinal), "number");
        await Check(new ReviewQuery(Search: "Белова Номер 1"), l => l.Name.Contains("Белова Номер 1", StringComparison.Ordinal), "name");
        Assert.Equal(0, (await review.PageAsync(hr, Month, new ReviewQuery(Search: "%")))!.Count);
        Assert.Equal(0, (await review.PageAsync(hr, Month, new ReviewQuery(Search: "R_0001")))!.Count);
        // The flags, as the stored explanation says.
        await Check(new ReviewQuery(BelowPlan: true), l => l.BelowPlan, "below plan");
        Assert.True(lines.Count(l => l.BelowPlan) < lines.Count, "every line below plan: the filter proves nothing");
        await Check(new ReviewQuery(Missing: true), l => l.MissingFigures, "missing");
        await Check(new ReviewQuery(Gated: true), l => l.Gated, "gated");
        await Check(new ReviewQuery(Changed: true), l => l.Changed, "changed");
        await Check(new ReviewQuery(DepartmentId: departments[PayCrowd.South], BelowPlan: true, Missing: true),
            l => l.Department == PayCrowd.South && l.BelowPlan && l.MissingFigures, "combined");
    }

    [Fact]
    public async Task The_scope_limits_the_pages_and_the_totals_alike_and_only_payroll_reaches_them()
    {
        var lines = await LinesAsync();
        var departments = await DepartmentIdsAsync();
        var south = departments[PayCrowd.South];
        await using var scope = app.Services.CreateAsyncScope();
        var review = scope.ServiceProvider.GetRequiredService<PayReviewService>();

        // A pay-run API key limited to the south region (the only caller with the duty who does not see everyone).
        var key = new UserContext("key:1", "key", [], null) { Key = new ApiKeyGrant(1, "south", ApiKeyScope.PayRun, south), TeamDepartments = new HashSet<int> { south } };
        var mine = lines.Where(l => l.CurrentDepartmentId == south).ToList();
        Assert.NotEmpty(mine);
        var month = await review.LoadAsync(key, Month);
        Assert.NotNull(month);
        Assert.Equal(mine.Count, month.Lines);
        Assert.Equal(mine.Sum(l => l.Total), month.Company.Total);
        Assert.Equal(PayCrowd.South, Assert.Single(month.Departments).Name);
        var rows = await AllPagesAsync(review, key, new ReviewQuery(PageSize: 30));
        Assert.Equal(mine.Select(l => l.EmployeeId).Order(), rows.Select(r => r.EmployeeId).Order());
        Assert.Empty(await AllPagesAsync(review, key, new ReviewQuery(DepartmentId: departments[PayCrowd.North])));

        // The query itself: one person and a department, by where people work today.
        await using (var db = app.CreateDbContext())
        {
            var self = lines.First(l => l.CurrentDepartmentId != south).EmployeeId;
            var queries = new PayReviewQueries(db);
            var scoped = PeopleScope.Of(self, [south]);
            var page = await queries.PageAsync(new PayLineQuery(Month, scoped, new PayLineFilter(), PayLineOrder.Name, false, 0, 1_000));
            Assert.Equal(mine.Select(l => l.EmployeeId).Append(self).Order(), page.Rows.Select(r => r.EmployeeId).Order());
            var totals = await queries.TotalsAsync(Month, scoped);
            Assert.Equal(mine.Count + 1, totals.Sum(t => t.People));
            Assert.Equal(page.Rows.Sum(r => r.LineTotal + r.Adjustments), totals.Sum(t => t.LineTotal + t.Adjustments));
            Assert.Empty((await queries.PageAsync(new PayLineQuery(Month, PeopleScope.Of(null, []), new PayLineFilter(), PayLineOrder.Name, false, 0, 1_000))).Rows);
        }

        // The page is for HR and the owner: a manager and an employee read nothing through it.
        foreach (var email in new[] { DemoData.ManagerEmail, DemoData.EmployeeEmail })
        {
            var user = await app.ActorAsync(email);
            Assert.Null(await review.LoadAsync(user, Month));
            Assert.Null(await review.PageAsync(user, Month, new ReviewQuery()));
        }

        var owner = await app.ActorAsync(DemoData.OwnerEmail);
        Assert.Equal(lines.Count, (await review.PageAsync(owner, Month, new ReviewQuery()))!.Count);
    }

    private sealed record Line(int EmployeeId, string Number, string Name, string Department, int CurrentDepartmentId, decimal Fixed, decimal PlannedVariable,
        decimal Variable, decimal Bonus, decimal Adjustments, decimal Total, bool Gated, bool MissingFigures, bool BelowPlan, bool Changed,
        IReadOnlyList<PayLineKpi> Kpis, KpiPlanner.Domain.Payroll.WorkedTime Worked);

    /// <summary>Every line of the month read whole (with its explanation), and what the review should say of it.</summary>
    private async Task<List<Line>> LinesAsync()
    {
        await using var db = app.CreateDbContext();
        var lines = await db.PayLines.AsNoTracking().Where(l => l.Month == Month).ToListAsync();
        var people = await db.Employees.AsNoTracking().ToDictionaryAsync(e => e.Id);
        var departments = await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.Name);
        var adjustments = await db.PayAdjustments.AsNoTracking().Where(a => a.Month == Month)
            .GroupBy(a => a.EmployeeId).Select(g => new { g.Key, Sum = g.Sum(a => a.Amount) }).ToDictionaryAsync(a => a.Key, a => a.Sum);
        return
        [
            .. lines.Select(l =>
            {
                var person = people[l.EmployeeId];
                var adjusted = adjustments.GetValueOrDefault(l.EmployeeId);
                return new Line(l.EmployeeId, person.PersonnelNumber, Employee.FormatFullName(person.LastName, person.FirstName, person.MiddleName),
                    departments[l.DepartmentId], person.DepartmentId, l.Fixed, l.PlannedVariable, l.Variable, l.Bonus, adjusted, l.Total + adjusted, l.Gated,
                    l.MissingFigures, l.Explanation.Kpis.Select(PayLineKpi.Of).Any(k => k.BelowPlan), l.PreviousTotal != l.Total,
                    [.. l.Explanation.Kpis.Where(k => !k.NotDue).Select(PayLineKpi.Of)], l.Explanation.Worked);
            }),
        ];
    }

    private async Task<Dictionary<string, int>> DepartmentIdsAsync()
    {
        await using var db = app.CreateDbContext();
        return await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Name, d => d.Id);
    }

    /// <summary>Every page of a query, in order, until a short page.</summary>
    private static async Task<List<ReviewRow>> AllPagesAsync(PayReviewService review, UserContext user, ReviewQuery query)
    {
        var rows = new List<ReviewRow>();
        for (var page = 0; ; page++)
        {
            var next = await review.PageAsync(user, Month, query with { Page = page });
            Assert.NotNull(next);
            rows.AddRange(next.Rows);
            if (next.Rows.Count < query.PageSize || rows.Count >= next.Count)
            {
                Assert.Equal(next.Count, rows.Count);
                return rows;
            }
        }
    }
}
