using System.Net;
using System.Text.RegularExpressions;
using KpiPlanner.Domain.Organisation;
using KpiPlanner.Testing;
using KpiPlanner.Web.Features.Account;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace KpiPlanner.IntegrationTests;

/// <summary>An app on a configured database of its own with no demo data: a production install's first start.</summary>
public sealed class FirstRunAppFactory : KpiAppFactory
{
    protected override bool DemoData => false;
}

/// <summary>
/// The first run (issue 13, "demo only where safe"): while no account exists every page leads to <c>/setup</c>, where
/// the owner creates their account with a password they choose; a refused form writes nothing; once an account exists
/// <c>/setup</c> is gone; two submits at once create one owner.
/// </summary>
public sealed partial class FirstRunTests(FirstRunAppFactory app) : IClassFixture<FirstRunAppFactory>, IAsyncLifetime
{
    private const string GoodPassword = "Kofe-2026!";

    /// <summary>The setup code the app printed to its log (a fresh one for each test, as a restart would issue).</summary>
    private string code = string.Empty;

    public async Task InitializeAsync()
    {
        await app.ResetAsync(); // no account, no role, no department
        code = app.Services.GetRequiredService<FirstRun>().Code.Issue();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("/")]
    [InlineData("/account/login")]
    [InlineData("/plans")]
    [InlineData("/users")]
    [InlineData("/dashboard?period=2026-12")]
    public async Task Every_page_leads_to_the_first_run_page_while_no_account_exists(string page)
    {
        using var client = Client();

        using var response = await client.GetAsync(page);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/setup", Target(response));
    }

    [Fact]
    public async Task Health_static_files_and_the_api_are_not_redirected()
    {
        using var client = Client();

        using var health = await client.GetAsync("/health");
        using var css = await client.GetAsync("/app.css");
        using var api = await client.PostAsync("/api/pay/preview", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
    }

    [Fact]
    public async Task The_first_run_page_asks_for_the_company_the_owners_email_and_a_password_twice()
    {
        using var client = Client();

        var html = await client.GetStringAsync("/setup");

        foreach (var field in new[] { "setup-code", "setup-company", "setup-email", "setup-password", "setup-confirm", "setup-submit" })
        {
            Assert.Contains($"data-testid=\"{field}\"", html, StringComparison.Ordinal);
        }

        Assert.Contains("учётная запись собственника", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ООО «Ромашка»", "owner@romashka.ru", "Kofe-1!", "Kofe-1!", "setup-password-error", "Пароль должен быть не короче 8 символов.")]
    [InlineData("ООО «Ромашка»", "owner@romashka.ru", "kofe-2026!", "kofe-2026!", "setup-password-error", "Пароль должен содержать заглавную латинскую букву (A–Z).")]
    [InlineData("ООО «Ромашка»", "owner-at-romashka.ru", GoodPassword, GoodPassword, "setup-email-error", "Это не адрес электронной почты. Пример: ivanov@company.ru")]
    [InlineData("ООО «Ромашка»", "", GoodPassword, GoodPassword, "setup-email-error", "Укажите e-mail: это логин для входа.")]
    [InlineData("ООО «Ромашка»", "owner@romashka.ru", GoodPassword, "Kofe-2027!", "setup-confirm-error", "Пароли не совпадают: введите тот же пароль ещё раз.")]
    [InlineData("   ", "owner@romashka.ru", GoodPassword, GoodPassword, "setup-company-error", "Введите название компании")]
    public async Task A_bad_form_is_answered_400_with_the_message_under_its_field_and_creates_nothing(
        string company, string email, string password, string confirm, string errorTestId, string message)
    {
        using var client = Client();
        var before = await SnapshotAsync();

        using var response = await SubmitAsync(client, company, email, password, confirm);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, FieldError(await response.Content.ReadAsStringAsync(), errorTestId), StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync());
        Assert.Equal((0, 0, 0), before);
    }

    [Fact]
    public async Task The_messages_follow_the_language()
    {
        using var client = Client("en-US");

        using var response = await SubmitAsync(client, "Acme Ltd", "owner@acme.example", "Short1!", "Short1!");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("The password must be at least 8 characters long.", FieldError(await response.Content.ReadAsStringAsync(), "setup-password-error"));
    }

    [Fact]
    public async Task A_good_form_creates_one_owner_and_the_company_signs_in_and_then_the_page_is_gone()
    {
        using var client = Client();

        using var response = await SubmitAsync(client, "  ООО «Ромашка»  ", " owner@romashka.ru ", GoodPassword, GoodPassword);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", Target(response));
        await using (var db = app.CreateDbContext())
        {
            var owner = await db.Users.SingleAsync();
            Assert.Equal("owner@romashka.ru", owner.Email);
            Assert.Null(owner.EmployeeId);
            Assert.Equal([Roles.Owner], await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id select r.Name).ToListAsync());
            Assert.Equal(Roles.All.Order(StringComparer.Ordinal), (await db.Roles.Select(r => r.Name!).ToListAsync()).Order(StringComparer.Ordinal));
            var company = await db.Departments.SingleAsync();
            Assert.Equal("ООО «Ромашка»", company.Name);
            Assert.Null(company.ParentId);
        }

        // Signed in: the owner's home with the company's name.
        var home = await client.GetStringAsync("/");
        Assert.Contains("data-testid=\"home-owner\"", home, StringComparison.Ordinal);
        Assert.Contains("ООО «Ромашка»", home, StringComparison.Ordinal);

        // The password is the one typed: the API signs in with it.
        using var api = Client();
        Assert.False(string.IsNullOrEmpty(await api.AccessTokenAsync("owner@romashka.ru", GoodPassword)));

        // The page is gone: a GET goes to the sign-in page; a POST is refused before any form and changes nothing.
        using var again = Client();
        using var get = await again.GetAsync("/setup");
        Assert.Equal(HttpStatusCode.Redirect, get.StatusCode);
        Assert.Equal("/account/login", Target(get));
        var before = await SnapshotAsync();
        using var post = await PostFormAsync(again, token: "whatever", "ООО «Чужая»", "intruder@evil.example", GoodPassword, GoodPassword);
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Empty(await post.Content.ReadAsStringAsync());
        Assert.Equal(before, await SnapshotAsync());

        // Pages are pages again: the sign-in page answers instead of leading to /setup.
        using var login = await again.GetAsync("/account/login");
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
    }

    [Fact]
    public async Task A_form_opened_before_the_owner_was_created_creates_nothing_when_sent_after()
    {
        using var early = Client();
        var token = await TokenAsync(early);
        using var first = Client();
        using var created = await SubmitAsync(first, "ООО «Ромашка»", "owner@romashka.ru", GoodPassword, GoodPassword);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var before = await SnapshotAsync();

        using var late = await PostFormAsync(early, token, "ООО «Чужая»", "intruder@evil.example", GoodPassword, GoodPassword);

        Assert.Equal(HttpStatusCode.NotFound, late.StatusCode);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task Two_submits_at_the_same_moment_create_exactly_one_owner()
    {
        using var a = Client();
        using var b = Client();
        var tokenA = await TokenAsync(a);
        var tokenB = await TokenAsync(b);

        // Hold the first run's lock so that both submits are past every check and wait for it together.
        await using var holder = new NpgsqlConnection(app.ConnectionString);
        await holder.OpenAsync();
        await Sql(holder, "SELECT pg_advisory_lock(hashtext('kpiplanner.first_run'))");
        var sendA = PostFormAsync(a, tokenA, "ООО «А»", "a@first.example", GoodPassword, GoodPassword);
        var sendB = PostFormAsync(b, tokenB, "ООО «Б»", "b@first.example", GoodPassword, GoodPassword);
        var waiting = System.Diagnostics.Stopwatch.StartNew(); // a bound on the wait, not a date: no clock
        while (Convert.ToInt32(await Sql(holder, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"), System.Globalization.CultureInfo.InvariantCulture) < 2)
        {
            Assert.True(waiting.Elapsed < TimeSpan.FromSeconds(30), "The two submits did not both reach the first run's lock within 30 s.");
            await Task.Delay(20);
        }

        await Sql(holder, "SELECT pg_advisory_unlock(hashtext('kpiplanner.first_run'))");
        using var responseA = await sendA;
        using var responseB = await sendB;

        var locations = new[] { responseA, responseB }.Select(r => ((int)r.StatusCode, Target(r))).ToList();
        Assert.Contains((302, "/"), locations);
        Assert.Contains((302, "/account/login"), locations); // the other one is told to sign in, and created nothing
        await using var db = app.CreateDbContext();
        var owner = await db.Users.SingleAsync();
        Assert.Contains(owner.Email, new[] { "a@first.example", "b@first.example" });
        Assert.Equal(1, await db.UserRoles.CountAsync());
        Assert.Equal(1, await db.Departments.CountAsync());
    }

    [Theory]
    [InlineData("", "Введите код настройки из журнала сервера.")]
    [InlineData("AAAA-BBBB-CCCC", "Код настройки неверен.")]
    public async Task Without_the_right_setup_code_the_form_is_refused_at_its_field_and_nothing_is_written(string typed, string message)
    {
        using var client = Client();
        var before = await app.DatabaseFingerprintAsync();

        using var response = await PostFormAsync(client, await TokenAsync(client), typed, "ООО «Ромашка»", "owner@romashka.ru", GoodPassword, GoodPassword);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.StartsWith(message, FieldError(html, "setup-code-error"), StringComparison.Ordinal);
        Assert.DoesNotContain(code, html, StringComparison.Ordinal); // the page never shows the code
        Assert.Equal(before, await app.DatabaseFingerprintAsync());
        Assert.Equal((0, 0, 0), await SnapshotAsync());
    }

    [Fact]
    public async Task The_setup_code_is_not_case_or_dash_sensitive_and_works_once()
    {
        using var client = Client();
        var typed = code.Replace("-", " ", StringComparison.Ordinal).ToLowerInvariant();

        using var created = await PostFormAsync(client, await TokenAsync(client), typed, "ООО «Ромашка»", "owner@romashka.ru", GoodPassword, GoodPassword);

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal("/", Target(created));
        Assert.False(app.Services.GetRequiredService<FirstRun>().Code.IsIssued); // revoked with the owner's account

        // Even were the accounts all gone again, the same code creates nothing: the next first run gets a new code.
        await app.ResetAsync();
        using var again = Client();
        var token = await TokenAsync(again); // opening /setup prints a new code to the log
        var before = await app.DatabaseFingerprintAsync();
        using var replay = await PostFormAsync(again, token, code, "ООО «Чужая»", "intruder@evil.example", GoodPassword, GoodPassword);
        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
        Assert.StartsWith("Код настройки неверен.", FieldError(await replay.Content.ReadAsStringAsync(), "setup-code-error"), StringComparison.Ordinal);
        Assert.Equal(before, await app.DatabaseFingerprintAsync());
        Assert.True(app.Services.GetRequiredService<FirstRun>().Code.IsIssued);
    }

    [Fact]
    public void The_setup_code_is_printed_to_the_log_in_one_line_once_and_only_its_hash_is_kept()
    {
        var log = new CapturingLogger();
        var setupCode = new SetupCode();
        var firstRun = new FirstRun(null!, setupCode, log);

        firstRun.EnsureSetupCode("http://kpi.example:8080/");
        firstRun.EnsureSetupCode("http://kpi.example:8080/"); // one is waiting already: not printed again

        var line = Assert.Single(log.Lines);
        var printed = Regex.Match(line, "^First run: open http://kpi\\.example:8080/setup and enter the setup code ([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}) ");
        Assert.True(printed.Success, line);
        Assert.True(setupCode.Matches(printed.Groups[1].Value));
        Assert.False(setupCode.Matches("AAAA-BBBB-CCCC"));
        setupCode.Revoke();
        Assert.False(setupCode.Matches(printed.Groups[1].Value));
    }

    private sealed class CapturingLogger : Microsoft.Extensions.Logging.ILogger<FirstRun>
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add(formatter(state, exception));
    }

    private HttpClient Client(string language = "ru-RU")
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        return client;
    }

    /// <summary>Where a redirect leads, as a path (the page's own redirects are absolute, the pipeline's relative).</summary>
    private static string? Target(HttpResponseMessage response) =>
        response.Headers.Location is not { } location ? null : location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;

    private async Task<(int Users, int Roles, int Departments)> SnapshotAsync()
    {
        await using var db = app.CreateDbContext();
        return (await db.Users.CountAsync(), await db.Roles.CountAsync(), await db.Departments.CountAsync());
    }

    private async Task<HttpResponseMessage> SubmitAsync(HttpClient client, string company, string email, string password, string confirm) =>
        await PostFormAsync(client, await TokenAsync(client), company, email, password, confirm);

    private static async Task<string> TokenAsync(HttpClient client)
    {
        var html = await client.GetStringAsync("/setup");
        var match = TokenInput().Match(html);
        return match.Success ? WebUtility.HtmlDecode(match.Groups[match.Groups[1].Success ? 1 : 2].Value) : throw new InvalidOperationException("No antiforgery token on /setup.");
    }

    private Task<HttpResponseMessage> PostFormAsync(HttpClient client, string token, string company, string email, string password, string confirm) =>
        PostFormAsync(client, token, code, company, email, password, confirm);

    private static Task<HttpResponseMessage> PostFormAsync(HttpClient client, string token, string setupCode, string company, string email, string password, string confirm) =>
        client.PostAsync("/setup", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "setup",
            ["__RequestVerificationToken"] = token,
            ["Input.SetupCode"] = setupCode,
            ["Input.Company"] = company,
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["Input.ConfirmPassword"] = confirm,
        }));

    private static string FieldError(string html, string testId)
    {
        var match = Regex.Match(html, $"data-testid=\"{testId}\"[^>]*>([^<]*)<");
        Assert.True(match.Success, $"No {testId} on the page.");
        return WebUtility.HtmlDecode(match.Groups[1].Value).Trim();
    }

    private static async Task<object?> Sql(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    [GeneratedRegex(""""name="__RequestVerificationToken"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="__RequestVerificationToken"""")]
    private static partial Regex TokenInput();
}
