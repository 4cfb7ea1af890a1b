using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using KpiPlanner.Domain.Organisation;
using KpiPlanner.Infrastructure.Demo;
using KpiPlanner.Infrastructure.Identity;
using KpiPlanner.Testing;
using KpiPlanner.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KpiPlanner.IntegrationTests;

/// <summary>
/// Who may call what, checked on every endpoint and page the app maps: the test lists the app's endpoint data source
/// (the API, the pages of the router's route table, the hub) — a new endpoint or page fails it until it is classified
/// here — and calls each as anonymous, an employee, the manager of department A, the manager of department B, HR and
/// the owner. docs/security.md carries the same table (<see cref="The_security_doc_carries_the_matrix"/>). Then data
/// scoping by id: a manager asking for another team's employee, plan, fact, document or export gets exactly the answer
/// given for an id that does not exist.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class AccessMatrixTests(KpiAppFactory app) : IAsyncLifetime
{
    private const string ManagerBEmail = "shop.manager@demo.local";

    /// <summary>The callers of the matrix, in the order of the doc's columns.</summary>
    public enum Caller
    {
        Anonymous,
        Employee,
        ManagerA,
        ManagerB,
        Hr,
        Owner,
    }

    /// <summary>Who may call an endpoint: everyone, every signed-in person, or the holders of a duty.</summary>
    private sealed record Access(string Label, Func<Caller, bool> Allows)
    {
        public static Access Public { get; } = new("everyone", _ => true);

        public static Access SignedIn { get; } = new("signed in", c => c != Caller.Anonymous);

        /// <summary>Only while no account exists (the first run); here, with accounts, nobody (FirstRunTests covers the first run).</summary>
        public static Access FirstRunOnly { get; } = new("nobody once an account exists", _ => false);

        /// <summary>Owners only (the API keys page: decision 016).</summary>
        public static Access OwnerOnly { get; } = new("Owner", c => c == Caller.Owner);

        public static Access Of(Duty duty) => new(duty.ToString(), c => RolesOf(c).Any(r => Duties.RolesFor(duty).Contains(r)));
    }

    /// <summary>How each endpoint is reached in the test and who may reach it; <c>Scoped</c> says what narrows the data further.</summary>
    private sealed record Rule(Access Access, string Url, string? Scoped = null);

    private Dictionary<string, int> ids = [];

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        await using var db = app.CreateDbContext();
        ids = new Dictionary<string, int>
        {
            ["employeeA"] = await EmployeeAsync(db, "0102"),
            ["employeeB"] = await EmployeeAsync(db, "0202"),
            ["managerB"] = await EmployeeAsync(db, "0201"),
            ["sales"] = await db.Departments.Where(d => d.Name == DemoData.SalesDepartmentName).Select(d => d.Id).SingleAsync(),
            ["shop"] = await db.Departments.Where(d => d.Name == DemoData.CoffeeShopName).Select(d => d.Id).SingleAsync(),
            ["position"] = await db.Positions.Where(p => p.Name == DemoData.SalesManagerPosition).Select(p => p.Id).SingleAsync(),
            ["scale"] = await db.Scales.Select(s => s.Id).FirstAsync(),
        };

        // Department B's head gets an account: the manager of B.
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var account = new AppUser { UserName = ManagerBEmail, Email = ManagerBEmail, EmailConfirmed = true, EmployeeId = ids["managerB"] };
        Assert.True((await users.CreateAsync(account, DemoData.Password)).Succeeded);
        Assert.True((await users.AddToRoleAsync(account, Roles.Manager)).Succeeded);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Every route the app maps, with its rule. The key is "METHOD pattern".</summary>
    private Dictionary<string, Rule> Classification()
    {
        var month = Domain.Planning.Period.Key(TestClock.ThisMonth);
        var last = Domain.Planning.Period.Key(TestClock.LastMonth);
        var next = Domain.Planning.Period.Key(TestClock.NextMonth);
        return new Dictionary<string, Rule>(StringComparer.Ordinal)
        {
            // The API
            ["POST /api/auth/login"] = new(Access.Public, "/api/auth/login"),
            ["POST /api/auth/refresh"] = new(Access.Public, "/api/auth/refresh"),
            ["POST /account/logout"] = new(Access.SignedIn, "/account/logout", "the form's antiforgery token too"),
            ["GET /culture/{name}"] = new(Access.Public, "/culture/en-US?redirectUri=%2F"),
            ["GET /health"] = new(Access.Public, "/health"),
            ["POST /api/pay/preview"] = new(Access.SignedIn, "/api/pay/preview", "stateless: computes what the caller sends"),
            ["POST /api/pay/check"] = new(Access.SignedIn, "/api/pay/check", "stateless: computes what the caller sends"),
            ["PUT /api/periods/{month}/facts"] = new(Access.Of(Duty.PlanTeam), $"/api/periods/{month}/facts", "the caller's team (everyone for HR and the owner), never their own line"),
            ["PUT /api/periods/{month}/plans"] = new(Access.Of(Duty.PlanTeam), $"/api/periods/{month}/plans", "the caller's team (everyone for HR and the owner), never their own line"),
            ["GET /api/periods/{month}/template"] = new(Access.Of(Duty.PlanTeam), $"/api/periods/{month}/template?department={ids["sales"]}&format=csv", "the caller's team's departments"),
            ["POST /api/periods/{month}/import"] = new(Access.Of(Duty.PlanTeam), $"/api/periods/{month}/import", "the caller's team, never their own line"),
            ["GET /api/periods/{month}/payroll"] = new(Access.Of(Duty.RunPayroll), $"/api/periods/{last}/payroll"),
            ["GET /api/periods/{month}"] = new(Access.Of(Duty.RunPayroll), $"/api/periods/{month}"),
            ["POST /api/periods/{month}/calculate"] = new(Access.Of(Duty.RunPayroll), $"/api/periods/{next}/calculate"),
            ["POST /api/periods/{month}/approve"] = new(Access.Of(Duty.RunPayroll), $"/api/periods/{next}/approve"),
            ["POST /api/periods/{month}/close"] = new(Access.Of(Duty.RunPayroll), $"/api/periods/{next}/close"),
            ["POST /api/periods/{month}/reopen"] = new(Access.Of(Duty.RunPayroll), $"/api/periods/{next}/reopen"),
            ["POST /api/periods/{month}/revoke-approval"] = new(Access.Of(Duty.RunPayroll), $"/api/periods/{next}/revoke-approval"),
            ["GET /api/periods/{month}/adjustments"] = new(Access.Of(Duty.RunPayroll), $"/api/periods/{last}/adjustments"),
            ["POST /api/periods/{month}/adjustments"] = new(Access.Of(Duty.AdjustPay), $"/api/periods/{next}/adjustments", "never the caller's own line"),
            ["GET /api/periods/{month}/bonuses"] = new(Access.Of(Duty.RunPayroll), $"/api/periods/{last}/bonuses"),
            ["PUT /api/periods/{month}/bonuses/{employeeId:int}"] = new(Access.Of(Duty.AdjustPay), $"/api/periods/{next}/bonuses/{ids["employeeA"]}", "never the caller's own line"),
            ["GET /api/periods/{month}/pay-lines"] = new(Access.SignedIn, $"/api/periods/{last}/pay-lines", "oneself, a manager's team, everyone for HR and the owner"),
            ["GET /api/departments"] = new(Access.SignedIn, "/api/departments", "a manager's departments, none for an employee, all for HR and the owner"),
            ["GET /api/positions"] = new(Access.SignedIn, "/api/positions", "those held by the people the caller reads, all for HR and the owner"),
            ["GET /api/employees"] = new(Access.SignedIn, "/api/employees", "oneself, a manager's team, everyone for HR and the owner"),
            ["GET /api/employees/{id:int}"] = new(Access.SignedIn, $"/api/employees/{ids["employeeA"]}", "oneself, a manager's team, everyone for HR and the owner"),
            ["GET /api/employees/{id:int}/scheme-document.pdf"] = new(Access.SignedIn, $"/api/employees/{ids["employeeA"]}/scheme-document.pdf", "oneself, a manager's team, everyone for HR and the owner"),
            ["GET /api/departments/{id:int}"] = new(Access.SignedIn, $"/api/departments/{ids["sales"]}", "a manager's departments, none for an employee, all for HR and the owner"),
            ["POST /api/departments"] = new(Access.Of(Duty.EditOrganisation), "/api/departments"),
            ["PUT /api/departments/{id:int}"] = new(Access.Of(Duty.EditOrganisation), $"/api/departments/{ids["shop"]}", "If-Match: the ETag read"),
            ["GET /api/positions/{id:int}"] = new(Access.SignedIn, $"/api/positions/{ids["position"]}", "those held by the people the caller reads, all for HR and the owner"),
            ["POST /api/positions"] = new(Access.Of(Duty.EditOrganisation), "/api/positions"),
            ["PUT /api/positions/{id:int}"] = new(Access.Of(Duty.EditOrganisation), $"/api/positions/{ids["position"]}", "If-Match: the ETag read"),
            ["POST /api/employees"] = new(Access.Of(Duty.EditOrganisation), "/api/employees"),
            ["PUT /api/employees"] = new(Access.Of(Duty.EditOrganisation), "/api/employees", "all or nothing, by personnel number"),
            ["PUT /api/employees/{id:int}"] = new(Access.Of(Duty.EditOrganisation), $"/api/employees/{ids["employeeB"]}", "If-Match: the ETag read"),
            ["GET /api/scales"] = new(Access.Of(Duty.DesignSchemes), "/api/scales"),
            ["GET /api/scales/{id:int}"] = new(Access.Of(Duty.DesignSchemes), $"/api/scales/{ids["scale"]}"),
            ["POST /api/scales"] = new(Access.Of(Duty.DesignSchemes), "/api/scales"),
            ["PUT /api/scales/{id:int}"] = new(Access.Of(Duty.DesignSchemes), $"/api/scales/{ids["scale"]}"),
            ["GET /api/schemes"] = new(Access.Of(Duty.DesignSchemes), "/api/schemes"),
            ["GET /api/schemes/{id:int}"] = new(Access.Of(Duty.DesignSchemes), $"/api/schemes/{ids["position"]}"),
            ["POST /api/schemes/{id:int}/versions"] = new(Access.Of(Duty.DesignSchemes), $"/api/schemes/{ids["position"]}/versions"),
            ["GET /api/organisation/template"] = new(Access.Of(Duty.EditOrganisation), "/api/organisation/template"),
            ["POST /api/organisation/import"] = new(Access.Of(Duty.EditOrganisation), "/api/organisation/import"),
            ["GET /api/audit"] = new(Access.Of(Duty.RunPayroll), "/api/audit"),
            ["GET /api/dashboard"] = new(Access.SignedIn, $"/api/dashboard?period={month}", "oneself, a manager's team, everyone for HR and the owner"),
            ["GET /api/dashboard/export"] = new(Access.SignedIn, $"/api/dashboard/export?period={month}", "oneself, a manager's team, everyone for HR and the owner"),
            ["GET /openapi/{documentName}.json"] = new(Access.SignedIn, "/openapi/v1.json"),
            ["GET /scalar/{documentName?}"] = new(Access.SignedIn, "/scalar/v1"),

            // The pages (the router's route table)
            ["GET /"] = new(Access.SignedIn, "/", "each role its own home"),
            ["GET /Error"] = new(Access.Public, "/Error"),
            ["GET /not-found"] = new(Access.Public, "/not-found"),
            ["GET /account/login"] = new(Access.Public, "/account/login"),
            ["GET /account/access-denied"] = new(Access.SignedIn, "/account/access-denied"),
            ["GET /setup"] = new(Access.FirstRunOnly, "/setup", "the first run: anyone, while the database holds no account; its form creates the owner only with the setup code from the server log"),
            ["GET /dashboard"] = new(Access.SignedIn, "/dashboard", "oneself, a manager's team, everyone for HR and the owner"),
            ["GET /plans"] = new(Access.Of(Duty.PlanTeam), "/plans", "the caller's team"),
            ["GET /goals"] = new(Access.Of(Duty.SetGoals), "/goals"),
            ["GET /scales"] = new(Access.Of(Duty.DesignSchemes), "/scales"),
            ["GET /scales/new"] = new(Access.Of(Duty.DesignSchemes), "/scales/new"),
            ["GET /scales/{Id:int}"] = new(Access.Of(Duty.DesignSchemes), $"/scales/{ids["scale"]}"),
            ["GET /schemes"] = new(Access.Of(Duty.DesignSchemes), "/schemes"),
            ["GET /schemes/{PositionId:int}"] = new(Access.Of(Duty.DesignSchemes), $"/schemes/{ids["position"]}"),
            ["GET /calendar"] = new(Access.Of(Duty.RunPayroll), "/calendar"),
            ["GET /calendar/{Year:int}"] = new(Access.Of(Duty.RunPayroll), $"/calendar/{TestClock.Today.Year}"),
            ["GET /pay"] = new(Access.Of(Duty.RunPayroll), "/pay"),
            ["GET /pay/{MonthKey}"] = new(Access.Of(Duty.RunPayroll), $"/pay/{last}"),
            ["GET /users"] = new(Access.Of(Duty.ManageUsers), "/users"),
            ["GET /api-keys"] = new(Access.OwnerOnly, "/api-keys"),
            ["GET /organisation"] = new(Access.Of(Duty.EditOrganisation), "/organisation"),
            ["GET /organisation/departments"] = new(Access.Of(Duty.EditOrganisation), "/organisation/departments"),
            ["GET /organisation/employees"] = new(Access.Of(Duty.EditOrganisation), "/organisation/employees"),
            ["GET /organisation/positions"] = new(Access.Of(Duty.EditOrganisation), "/organisation/positions"),
        };
    }

    [Fact]
    public void Every_endpoint_and_page_the_app_maps_is_classified()
    {
        var mapped = MappedRoutes();
        var classified = Classification().Keys.ToHashSet(StringComparer.Ordinal);

        Assert.True(mapped.Except(classified).ToList() is { Count: 0 }, "Not classified in AccessMatrixTests (add each with who may call it): " + string.Join(", ", mapped.Except(classified)));
        Assert.True(classified.Except(mapped).ToList() is { Count: 0 }, "Classified but no longer mapped: " + string.Join(", ", classified.Except(mapped)));
    }

    [Fact]
    public async Task Each_caller_reaches_what_their_roles_allow_and_is_refused_the_rest()
    {
        var clients = new Dictionary<Caller, HttpClient>();
        foreach (var caller in Enum.GetValues<Caller>())
        {
            clients[caller] = await ClientAsync(caller);
        }

        var wrong = new List<string>();
        foreach (var (key, rule) in Classification())
        {
            var method = new HttpMethod(key[..key.IndexOf(' ', StringComparison.Ordinal)]);
            foreach (var caller in Enum.GetValues<Caller>())
            {
                using var request = new HttpRequestMessage(method, rule.Url);
                if (method != HttpMethod.Get)
                {
                    // Each endpoint gets the kind of body it takes (routing answers 415 to another before authorization).
                    request.Content = key.EndsWith("/import", StringComparison.Ordinal)
                        ? new MultipartFormDataContent { { new ByteArrayContent([]), "file", "empty.csv" } }
                        : new StringContent("{}", Encoding.UTF8, "application/json");
                }

                using var response = await clients[caller].SendAsync(request);
                var status = (int)response.StatusCode;
                var location = response.Headers.Location?.OriginalString ?? string.Empty;
                var page = !key.Contains(" /api/", StringComparison.Ordinal);
                // A page refused to a signed-in caller shows the "not found" page (404): the same as a page that does not exist.
                var refused = status is 401 or 403 || (page && status is 404)
                    || (status is 302 && (location.Contains("/account/login", StringComparison.Ordinal) || location.Contains("/account/access-denied", StringComparison.Ordinal)));
                var allowed = rule.Access.Allows(caller);
                if (status >= 500 || allowed == refused)
                {
                    wrong.Add($"{key} as {caller}: {status} {location} (expected {(allowed ? "allowed" : "refused")})");
                }
            }
        }

        Assert.True(wrong.Count == 0, "Leaks and wrong refusals:\n" + string.Join("\n", wrong));
    }

    [Fact]
    public async Task A_manager_asking_for_another_teams_data_gets_the_answer_given_for_an_id_that_does_not_exist()
    {
        var managerA = await ClientAsync(Caller.ManagerA);
        var month = Domain.Planning.Period.Key(TestClock.ThisMonth);
        const int Nobody = 987_654;
        var pairs = new (string What, string Theirs, string Missing)[]
        {
            ("scheme document", $"/api/employees/{ids["employeeB"]}/scheme-document.pdf", $"/api/employees/{Nobody}/scheme-document.pdf"),
            ("dashboard of an employee", $"/api/dashboard?period={month}&employee={ids["employeeB"]}", $"/api/dashboard?period={month}&employee={Nobody}"),
            ("dashboard of a department", $"/api/dashboard?period={month}&department={ids["shop"]}", $"/api/dashboard?period={month}&department={Nobody}"),
            ("dashboard export of an employee", $"/api/dashboard/export?period={month}&employee={ids["employeeB"]}", $"/api/dashboard/export?period={month}&employee={Nobody}"),
            ("dashboard export of a department", $"/api/dashboard/export?period={month}&department={ids["shop"]}", $"/api/dashboard/export?period={month}&department={Nobody}"),
            ("facts template", $"/api/periods/{month}/template?department={ids["shop"]}&format=csv", $"/api/periods/{month}/template?department={Nobody}&format=csv"),
            ("employee card", $"/api/employees/{ids["employeeB"]}", $"/api/employees/{Nobody}"),
            ("employees of a department", $"/api/employees?department={ids["shop"]}", $"/api/employees?department={Nobody}"),
            ("pay lines of a department", $"/api/periods/{month}/pay-lines?department={ids["shop"]}", $"/api/periods/{month}/pay-lines?department={Nobody}"),
        };
        foreach (var (what, theirs, missing) in pairs)
        {
            using var a = await managerA.GetAsync(theirs);
            using var b = await managerA.GetAsync(missing);
            Assert.True(a.StatusCode == b.StatusCode, $"{what}: {a.StatusCode} for another team's, {b.StatusCode} for none");
            Assert.True(a.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden, $"{what}: {a.StatusCode}");
            Assert.Equal(Normalised(await b.Content.ReadAsStringAsync(), Nobody.ToString(CultureInfo.InvariantCulture)),
                Normalised(await a.Content.ReadAsStringAsync(), ids["employeeB"].ToString(CultureInfo.InvariantCulture), ids["shop"].ToString(CultureInfo.InvariantCulture)));
        }

        // Facts of another team's employee and of no one: the same code, the same words but the name.
        var snapshot = await app.SnapshotAsync(TestClock.ThisMonth);
        using var theirFacts = await managerA.PutAsync($"/api/periods/{month}/facts", Json("""{"facts":[{"employee":"0202","kpi":"sales_volume","value":1}]}"""));
        using var noFacts = await managerA.PutAsync($"/api/periods/{month}/facts", Json("""{"facts":[{"employee":"9999","kpi":"sales_volume","value":1}]}"""));
        Assert.Equal(HttpStatusCode.BadRequest, theirFacts.StatusCode);
        Assert.Equal(Normalised(await noFacts.Content.ReadAsStringAsync(), "9999"), Normalised(await theirFacts.Content.ReadAsStringAsync(), "0202"));
        Assert.Equal(snapshot, await app.SnapshotAsync(TestClock.ThisMonth));

        // The dashboard page says the same for another team's employee or department and for one that does not exist.
        foreach (var (theirs, missing) in new[] { ($"employee={ids["employeeB"]}", $"employee={Nobody}"), ($"department={ids["shop"]}", $"department={Nobody}") })
        {
            foreach (var query in new[] { theirs, missing })
            {
                var html = await managerA.GetStringAsync($"/dashboard?period={month}&{query}");
                Assert.Contains("data-testid=\"dashboard-forbidden\"", html, StringComparison.Ordinal);
            }
        }

        // Their own team's data is theirs: the same calls answer.
        Assert.Equal(HttpStatusCode.OK, (await managerA.GetAsync($"/api/employees/{ids["employeeA"]}/scheme-document.pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await managerA.GetAsync($"/api/dashboard/export?period={month}&employee={ids["employeeA"]}")).StatusCode);
    }

    [Fact]
    public async Task Each_manager_reads_and_writes_their_own_team_only_through_the_services()
    {
        await using var db = app.CreateDbContext();
        var a = await AccessScopes.ForAccountAsync(db, await db.Users.Where(u => u.Email == DemoData.ManagerEmail).Select(u => u.Id).SingleAsync());
        var b = await AccessScopes.ForAccountAsync(db, await db.Users.Where(u => u.Email == ManagerBEmail).Select(u => u.Id).SingleAsync());
        Assert.NotNull(a);
        Assert.NotNull(b);

        Assert.Contains(ids["sales"], a.TeamDepartments);
        Assert.DoesNotContain(ids["shop"], a.TeamDepartments);
        Assert.Equal([ids["shop"]], b.TeamDepartments);
        Assert.True(a.MayWriteFigures(ids["employeeA"], ids["sales"]));
        Assert.False(a.MayWriteFigures(ids["employeeB"], ids["shop"]));
        Assert.False(b.MayWriteFigures(ids["employeeA"], ids["sales"]));
        Assert.False(b.MayWriteFigures(ids["managerB"], ids["shop"])); // never their own line
        Assert.Equal(
            await db.Employees.Where(e => e.DepartmentId == ids["shop"] && e.Id != ids["managerB"]).Select(e => e.Id).OrderBy(i => i).ToListAsync(),
            await db.Employees.WritableBy(b).Select(e => e.Id).OrderBy(i => i).ToListAsync());
        Assert.Equal(
            await db.Employees.Where(e => e.DepartmentId == ids["shop"]).Select(e => e.Id).OrderBy(i => i).ToListAsync(),
            await db.Employees.ReadableBy(b).Select(e => e.Id).OrderBy(i => i).ToListAsync());

        await using var scope = app.Services.CreateAsyncScope();
        var plans = scope.ServiceProvider.GetRequiredService<KpiPlanner.Web.Features.Plans.PlansService>();
        var home = scope.ServiceProvider.GetRequiredService<KpiPlanner.Web.Features.Home.HomeService>();
        var documents = scope.ServiceProvider.GetRequiredService<KpiPlanner.Web.Features.Documents.SchemeDocumentService>();
        var dashboards = scope.ServiceProvider.GetRequiredService<KpiPlanner.Web.Features.Dashboard.DashboardService>();
        Assert.Null(await plans.LoadAsync(a, ids["shop"], TestClock.ThisMonth));
        Assert.NotNull(await plans.LoadAsync(b, ids["shop"], TestClock.ThisMonth));
        Assert.Null(await home.GetEmployeeAsync(a, ids["employeeB"]));
        Assert.NotNull(await home.GetEmployeeAsync(b, ids["employeeB"]));
        Assert.Empty(await documents.WithSchemeAsync(a, [ids["employeeB"]], TestClock.ThisMonth));
        Assert.Null(await dashboards.ResolveAsync(a, ids["shop"], null));
        Assert.Null(await dashboards.ResolveAsync(b, null, ids["employeeA"]));
        Assert.Null(await dashboards.ForecastPayFundAsync(a, ids["shop"], null));
        Assert.Empty(await plans.PreviousPlansAsync(a, [ids["employeeB"]], TestClock.NextMonth));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => home.GetCompanyAsync(a));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => home.GetHrAsync(b));
        Assert.Equal([ids["employeeB"]], (await home.GetTeamAsync(b)).Members.Where(m => m.Id == ids["employeeB"]).Select(m => m.Id));
        Assert.DoesNotContain((await home.GetTeamAsync(a)).Members, m => m.Id == ids["employeeB"]);
    }

    [Fact]
    public void The_security_doc_carries_the_matrix()
    {
        var table = MatrixTable();
        var doc = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "security.md"));

        Assert.True(doc.Contains(table, StringComparison.Ordinal),
            "docs/security.md must carry the access matrix exactly as the test classifies it; paste this table there:\n" + table);
    }

    /// <summary>The matrix as a Markdown table, one row per endpoint or page.</summary>
    private string MatrixTable()
    {
        var callers = Enum.GetValues<Caller>();
        var lines = new List<string>
        {
            "| endpoint or page | who may | " + string.Join(" | ", callers.Select(Column)) + " | narrowed to |",
            "|---|---|" + string.Concat(callers.Select(_ => ":-:|")) + "---|",
        };
        foreach (var (key, rule) in Classification())
        {
            lines.Add($"| `{key}` | {rule.Access.Label} | " + string.Join(" | ", callers.Select(c => rule.Access.Allows(c) ? "✓" : "—")) + $" | {rule.Scoped ?? string.Empty} |");
        }

        return string.Join("\n", lines);
    }

    private static string Column(Caller caller) => caller switch
    {
        Caller.ManagerA => "manager A",
        Caller.ManagerB => "manager B",
        Caller.Hr => "HR",
        _ => caller.ToString().ToLowerInvariant(),
    };

    private static IReadOnlyList<string> RolesOf(Caller caller) => caller switch
    {
        Caller.Employee => [Roles.Employee],
        Caller.ManagerA or Caller.ManagerB => [Roles.Manager],
        Caller.Hr => [Roles.HR],
        Caller.Owner => [Roles.Owner],
        _ => [],
    };

    /// <summary>
    /// "METHOD pattern" of every route endpoint but the static files and the Blazor hub's own plumbing (they carry no
    /// data of the company: the hub's circuits run the pages above, each of which checks its caller).
    /// </summary>
    private HashSet<string> MappedRoutes()
    {
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
        var routes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var endpoint in endpoints)
        {
            var pattern = "/" + (endpoint.RoutePattern.RawText ?? string.Empty).TrimStart('/');
            if (pattern.StartsWith("/_blazor", StringComparison.Ordinal) || pattern.StartsWith("/_framework", StringComparison.Ordinal)
                || pattern.StartsWith("/_content", StringComparison.Ordinal) || pattern.Contains(":file}", StringComparison.Ordinal)
                || (Path.HasExtension(pattern.Split('/')[^1]) && !pattern.Contains('{', StringComparison.Ordinal)))
            {
                continue;
            }

            // A page answers GET and the POST of its forms alike, under the same authorization: one row, "GET".
            var isPage = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Components.Endpoints.ComponentTypeMetadata>() is not null;
            var methods = isPage ? ["GET"] : endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            foreach (var method in methods.Where(m => m != "HEAD"))
            {
                routes.Add($"{method} {pattern}");
            }
        }

        return routes;
    }

    private async Task<HttpClient> ClientAsync(Caller caller)
    {
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ru-RU");
        var email = caller switch
        {
            Caller.Employee => DemoData.EmployeeEmail,
            Caller.ManagerA => DemoData.ManagerEmail,
            Caller.ManagerB => ManagerBEmail,
            Caller.Hr => DemoData.HrEmail,
            Caller.Owner => DemoData.OwnerEmail,
            _ => null,
        };
        if (email is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await client.AccessTokenAsync(email, DemoData.Password));
        }

        return client;
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>
    /// A response body without its per-request trace id and with the asked-for id blanked out — as a whole number only:
    /// an id of 110 must not blank the "110" of "rfc9110" in the problem's type.
    /// </summary>
    private static string Normalised(string body, params string[] asked)
    {
        body = Regex.Replace(body, "\"traceId\":\"[^\"]*\"", string.Empty);
        // An id that happens to equal the status code (404) must not blank the status out.
        return asked.Aggregate(body, (b, id) => Regex.Replace(b, "(?<![0-9]|\"status\":)" + Regex.Escape(id) + "(?![0-9])", "#"));
    }

    private static async Task<int> EmployeeAsync(KpiPlanner.Infrastructure.KpiDbContext db, string number) =>
        await db.Employees.Where(e => e.PersonnelNumber == number).Select(e => e.Id).SingleAsync();

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "KpiPlanner.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("KpiPlanner.sln not found above " + AppContext.BaseDirectory);
    }
}
